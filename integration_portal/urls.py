from django.contrib import admin
from django.urls import include, path

from integration_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("", include("programmes.urls")),
    path("", include("partners.urls")),
    path("", include("events.urls")),
]
