from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    MEETING = "rencontre", _("Rencontre")
    WORKSHOP = "atelier", _("Atelier thématique")
    DAY = "journee", _("Journée d'échanges")
    CONFERENCE = "conference", _("Conférence")
    FESTIVAL = "temps_fort", _("Temps fort")
    WEBINAR = "visioconference", _("Visioconférence")
    OTHER = "autre", _("Autre")


class EventStatus(models.TextChoices):
    SCHEDULED = "prevu", pgettext_lazy("événement", "Prévu")
    CANCELLED = "annule", _("Annulé")
    POSTPONED = "reporte", _("Reporté")


class AgendaItemKind(models.TextChoices):
    ROUND_TABLE = "table_ronde", _("Table ronde")
    VISIT = "visite", _("Visite")
    TALK = "intervention", _("Intervention")
    WORKSHOP = "atelier", _("Atelier")
    MEETING = "reunion", _("Réunion")
    TESTIMONY = "temoignages", _("Témoignages")
    EXHIBITION = "exposition", _("Exposition")


class ResourceKind(models.TextChoices):
    SLIDES = "presentation", pgettext_lazy("ressource", "Présentation")
    RECORDING = "enregistrement", _("Enregistrement")
    REPORT = "compte_rendu", _("Compte rendu")
    PHOTOS = "photos", _("Photos")
    OTHER = "autre", _("Autre document")


class DatePrecision(models.TextChoices):
    TIME = "heure", _("Date et heures")
    DAY = "jour", _("Journées entières (heures inconnues)")
    MONTH = "mois", _("Mois seulement")


class Period(models.TextChoices):
    """Which events a list holds (its ``quand`` parameter, feeds and calendars: all)."""

    UPCOMING = "a-venir", _("à venir")
    PAST = "passes", _("passés")
    ALL = "tous", _("tous")
