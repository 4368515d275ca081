from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerView

from backoffice import views as backoffice
from core.admin.shortcut import view_on_site
from integration_portal.api import SchemaView, router
from integration_portal.sitemaps import SITEMAPS
from integration_portal.views import health, pages, records, search, territories
from partners import urls as partner_urls
from programmes import urls as programme_urls

# The pages of records composed from several layers (integration_portal.views.records).
programme_pages = [
    path("programmes/<int:pk>-<slug:slug>/", records.programme_detail, name="programme_detail"),
]
organisation_pages = [
    path(
        "structures/<int:pk>-<slug:slug>/",
        records.organisation_detail,
        name="organisation_detail",
    ),
]

urlpatterns = [
    # Before the admin's own « Voir sur le site », which would redirect to any record.
    path(
        "admin/r/<int:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
    ),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sante/", health.healthz, name="health"),  # the older address of /healthz
    path("robots.txt", pages.robots, name="robots"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("api/", include(router.urls)),
    path("api/schema/", SchemaView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]

# French at /…, the same pages in English at /en/….
urlpatterns += i18n_patterns(
    path("", pages.home, name="home"),
    path("recherche/", search.search, name="search"),
    path("territoires/", territories.france, name="territory_france"),
    path("territoires/regions/<str:code>/", territories.region, name="territory_region"),
    path(
        "territoires/departements/<str:code>/",
        territories.department,
        name="territory_department",
    ),
    path("signaler/<str:kind>/<int:pk>/", backoffice.report_error, name="report_error"),
    path("signaler/<str:kind>/<int:pk>/merci/", backoffice.report_thanks, name="report_thanks"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("mentions-legales/", pages.legal_notice, name="legal_notice"),
    path("donnees-ouvertes/", pages.open_data, name="open_data"),
    # Every record's pages in its app's namespace (« programmes:programme_detail »), those
    # composed here from several layers included.
    path("", include((programme_urls.urlpatterns + programme_pages, "programmes"))),
    path("", include((partner_urls.urlpatterns + organisation_pages, "partners"))),
    path("", include("events.urls")),
    prefix_default_language=False,
)

# The error pages, in the site's design (integration_portal.views.errors).
handler400 = "integration_portal.views.errors.bad_request"
handler403 = "integration_portal.views.errors.permission_denied"
handler404 = "integration_portal.views.errors.page_not_found"
handler500 = "integration_portal.views.errors.server_error"
