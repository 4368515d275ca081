from django.contrib import admin
from django.urls import include, path

from integration_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("sante/", views.health, name="health"),
    path(
        "structures/<int:pk>-<slug:slug>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path("programmes/<int:pk>-<slug:slug>/", views.programme_detail, name="programme_detail"),
    path("", include("programmes.urls")),
    path("", include("events.urls")),
]
