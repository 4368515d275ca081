from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.permissions import AppRoles


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Événements")
    # What the roles may do with this app's models (staff.roles).
    roles = AppRoles(
        territorial=("event", "agendaitem", "resource"),
        national=("eventseries",),
        reviewed=("event",),
    )
    # Its tables are public data: a change raises the data version (core.cache).
    public_data = True

    def ready(self):
        # Its kinds of public records (core.kinds).
        from core.kinds import Kind, register
        from events.models import Event
        from events.opendata import EVENTS

        register(
            Kind(
                "evenement",
                Event,
                _("Événement"),
                _("Événements"),
                EVENTS,
                heading="title",
                summary="summary",
                start="start",
                position=3,
            )
        )
