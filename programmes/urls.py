from django.urls import path

from programmes import views
from programmes.feeds import ProgrammeAtomFeed, ProgrammeFeed

app_name = "programmes"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/flux.rss", ProgrammeFeed(), name="programme_rss"),
    path("programmes/flux.atom", ProgrammeAtomFeed(), name="programme_atom"),
    path("programmes/export.<str:file_format>", views.programme_export, name="programme_export"),
    path("dispositifs/", views.scheme_list, name="scheme_list"),
    path("dispositifs/export.<str:file_format>", views.scheme_export, name="scheme_export"),
    path("dispositifs/<int:pk>-<slug:slug>/", views.scheme_detail, name="scheme_detail"),
]
