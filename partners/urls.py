from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("structures/", views.organisation_list, name="organisation_list"),
    path(
        "structures/export.<str:file_format>",
        views.organisation_export,
        name="organisation_export",
    ),
]
