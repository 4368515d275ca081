from django.urls import path

from partners import views

app_name = "partners"
urlpatterns = [
    path("structures/<int:pk>-<slug:slug>/", views.organisation_detail, name="organisation_detail"),
]
