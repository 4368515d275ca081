from django.urls import path

from programmes import views

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("dispositifs/", views.scheme_list, name="scheme_list"),
    path("dispositifs/<int:pk>-<slug:slug>/", views.scheme_detail, name="scheme_detail"),
]
