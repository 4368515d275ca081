from django.urls import path

from events import views

app_name = "events"
urlpatterns = [
    path("evenements/", views.event_list, name="event_list"),
    path("evenements/calendrier/", views.event_calendar, name="event_calendar"),
    path("evenements/<int:pk>-<slug:slug>/", views.event_detail, name="event_detail"),
]
