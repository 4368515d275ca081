from django.urls import path

from programmes import views

app_name = "programmes"
urlpatterns = [
    path("dispositifs/<int:pk>-<slug:slug>/", views.scheme_detail, name="scheme_detail"),
]
