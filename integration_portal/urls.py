from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from integration_portal.views import pages, records, search, territories

urlpatterns = [
    path("admin/", admin.site.urls),
    path("sante/", pages.health, name="health"),
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
    path(
        "structures/<int:pk>-<slug:slug>/",
        records.organisation_detail,
        name="organisation_detail",
    ),
    path("programmes/<int:pk>-<slug:slug>/", records.programme_detail, name="programme_detail"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
    path("mentions-legales/", pages.legal_notice, name="legal_notice"),
    path("", include("programmes.urls")),
    path("", include("partners.urls")),
    path("", include("events.urls")),
    prefix_default_language=False,
)
