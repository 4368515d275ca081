"""Factories for every model (factory_boy), shared by all test modules."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory

from core.enums import PublicationState
from events.models import AgendaItem, Event, EventSeries, Resource
from partners.models import ContactPerson, Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from reference.models import Audience, Territory, Theme

PARIS = ZoneInfo("Europe/Paris")


def existing_territory(level, code):
    return factory.LazyFunction(lambda: Territory.objects.get(level=level, code=code))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class AudienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audience

    name = factory.Sequence(lambda n: f"Public {n}")
    slug = factory.Sequence(lambda n: f"public-{n}")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory

    level = "commune"
    # 2A900 and above are free: Corse-du-Sud's communes stop at 2A362.
    code = factory.Sequence(lambda n: f"2A{900 + n % 100}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    parent = existing_territory("departement", "2A")
    postcodes = ["20000"]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Association n° {n}")
    kind = "association"
    publication_state = PublicationState.PUBLISHED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    member = factory.SubFactory(OrganisationFactory)
    network = factory.SubFactory(OrganisationFactory, kind="reseau")


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = "Camille Martin"
    email = "camille.martin@example.org"
    phone = "06 12 34 56 78"


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    name = factory.Sequence(lambda n: f"Dispositif {n}")
    acronym = factory.Sequence(lambda n: f"D{n}")
    publication_state = PublicationState.PUBLISHED


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Programme {n}")
    scheme = factory.SubFactory(SchemeFactory)
    territory = existing_territory("region", "44")
    lead_organisation = factory.SubFactory(OrganisationFactory)
    publication_state = PublicationState.PUBLISHED


class ProgrammePartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammePartner

    programme = factory.SubFactory(ProgrammeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partenaire"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    funder = factory.SubFactory(OrganisationFactory, kind="collectivite")
    programme = factory.SubFactory(ProgrammeFactory)
    amount = Decimal("10000")
    year = 2021
    kind = "subvention"


class FigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Figure

    programme = factory.SubFactory(ProgrammeFactory)
    label = "familles logées"
    value = Decimal(23)
    year = 2016


class EventSeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSeries

    name = factory.Sequence(lambda n: f"Rencontres {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Rencontre {n}")
    start = dt.datetime(2019, 6, 7, 9, 0, tzinfo=PARIS)
    end = factory.LazyAttribute(lambda event: event.start + dt.timedelta(hours=8))
    publication_state = PublicationState.PUBLISHED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = "table_ronde"
    title = factory.Sequence(lambda n: f"Table ronde {n}")


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resource

    event = factory.SubFactory(EventFactory)
    kind = "presentation"
    title = "Diaporama"
    url = "https://example.org/diaporama.pdf"
