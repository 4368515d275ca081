from django.urls import path

from events import views
from events.feeds import EventAtomFeed, EventFeed

app_name = "events"
urlpatterns = [
    path("evenements/", views.event_list, name="event_list"),
    path("evenements/calendrier/", views.event_calendar, name="event_calendar"),
    path("evenements/agenda.ics", views.event_calendar_feed, name="event_calendar_feed"),
    path("evenements/flux.rss", EventFeed(), name="event_rss"),
    path("evenements/flux.atom", EventAtomFeed(), name="event_atom"),
    path("evenements/export.<str:file_format>", views.event_export, name="event_export"),
    path("evenements/<int:pk>-<slug:slug>/", views.event_detail, name="event_detail"),
    path("evenements/<int:pk>-<slug:slug>/evenement.ics", views.event_ics, name="event_ics"),
    path("integrer/evenements/", views.event_embed, name="event_embed"),
]
