"""The scope of the records' parts (figures, funding, partners, agenda, resources, contact
people, memberships) and of national records (schemes, series): they follow their record."""

import pytest
from django.urls import reverse

from events.models import AgendaItem, EventSeries, Resource
from partners.models import ContactPerson, Membership
from programmes.models import Figure, Funding, ProgrammePartner, Scheme
from tests.factories import (
    AgendaItemFactory,
    ContactPersonFactory,
    EventSeriesFactory,
    FigureFactory,
    FundingFactory,
    MembershipFactory,
    ProgrammePartnerFactory,
    ResourceFactory,
    SchemeFactory,
)
from tests.staff.admin_forms import form_data
from tests.staff.conftest import CHANGEABLE, VISIBLE, proposes

pytestmark = pytest.mark.django_db

# The reader's scope is Grand Est's, as the editor's: they see what it holds, change nothing.
WITHIN_SCOPE = {**CHANGEABLE, "lecteur": CHANGEABLE["editeur"]}


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


PARTS = {
    "figure": (Figure, "programme", lambda record: FigureFactory(programme=record)),
    "funding": (Funding, "programme", lambda record: FundingFactory(programme=record)),
    "partner": (
        ProgrammePartner,
        "programme",
        lambda record: ProgrammePartnerFactory(programme=record),
    ),
    "agenda": (AgendaItem, "event", lambda record: AgendaItemFactory(event=record)),
    "resource": (Resource, "event", lambda record: ResourceFactory(event=record)),
    "membership": (Membership, "organisation", lambda record: MembershipFactory(member=record)),
    "contact": (
        ContactPerson,
        "organisation",
        lambda record: ContactPersonFactory(organisation=record, full_name=f"Contact {record}"),
    ),
}


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("username", ["editeur", "editeur_86", "lecteur", "administrateur"])
def test_parts_follow_their_record(client, staff, world, part, username):
    model, kind, make = PARTS[part]
    parts = {key: make(record) for key, record in world[kind].items()}
    client.force_login(staff[username])
    listed = set(client.get(url(model, "changelist")).context["cl"].result_list)
    # Contact people are personal data: seen within the scope only.
    visible = WITHIN_SCOPE[username] if part == "contact" else VISIBLE[username]
    assert {key for key, obj in parts.items() if obj in listed} == visible
    for key, obj in parts.items():
        response = client.get(url(model, "change", obj.pk))
        if key not in visible:
            assert response.status_code == 404, key
            continue
        # A part of a live record is changed on that record's page, for review.
        changeable = key in CHANGEABLE[username] and not proposes(username, key)
        assert ('name="_save"' in response.content.decode()) == changeable, key
        if not changeable:
            assert client.post(url(model, "change", obj.pk), {}).status_code == 403, key
            assert client.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403


def test_a_part_cannot_be_moved_to_a_record_out_of_scope(client, staff, world):
    figure = FigureFactory(programme=world["programme"]["ours_draft"])
    theirs = world["programme"]["theirs_published"]
    client.force_login(staff["editeur"])
    change = url(Figure, "change", figure.pk)
    response = client.post(change, form_data(client.get(change), programme=theirs.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["programme"] == [
        "« Programme theirs_published » est hors de votre périmètre (Grand Est) : vous ne "
        "pouvez pas le modifier."
    ]
    figure.refresh_from_db()
    assert figure.programme == world["programme"]["ours_draft"]


def test_contact_people_are_not_shown_out_of_scope(client, staff, world):
    theirs = world["organisation"]["theirs_published"]
    ContactPersonFactory(organisation=theirs, email="personne@vienne.example")
    client.force_login(staff["editeur"])
    response = client.get(url(type(theirs), "change", theirs.pk))
    assert response.status_code == 200
    assert "personne@vienne.example" not in response.content.decode()
    client.force_login(staff["editeur_86"])
    assert (
        "personne@vienne.example"
        in client.get(url(type(theirs), "change", theirs.pk)).content.decode()
    )


@pytest.mark.parametrize(
    ("username", "listed", "editable"),
    [
        ("editeur", {"publié"}, False),
        ("lecteur", {"publié"}, False),
        ("administrateur", {"publié", "brouillon"}, True),
    ],
)
def test_schemes_and_series_are_national(client, staff, username, listed, editable):
    published = SchemeFactory(name="Dispositif publié")
    draft = SchemeFactory(name="Dispositif brouillon", publication_state="brouillon")
    series = EventSeriesFactory()
    client.force_login(staff[username])
    names = {
        s.name.split()[-1] for s in client.get(url(Scheme, "changelist")).context["cl"].result_list
    }
    assert names == listed
    assert client.get(url(Scheme, "add")).status_code == (200 if editable else 403)
    page = client.get(url(Scheme, "change", published.pk)).content.decode()
    assert ('name="_save"' in page) == editable
    assert client.get(url(Scheme, "change", draft.pk)).status_code == (200 if editable else 404)
    if not editable:
        assert client.post(url(Scheme, "change", published.pk), {"name": "X"}).status_code == 403
        assert client.post(url(EventSeries, "change", series.pk), {"name": "X"}).status_code == 403


def test_exports_hold_what_the_user_may_see(rf, staff, world):
    """The organisations' export (django-import-export) reads the change list's records."""
    from django.contrib import admin

    from partners.models import Organisation

    model_admin = admin.site._registry[Organisation]
    for username in ("editeur", "editeur_86"):
        request = rf.get("/admin/partners/organisation/export/")
        request.user = staff[username]
        exported = set(model_admin.get_export_queryset(request))
        ours = {key for key, record in world["organisation"].items() if record in exported}
        assert ours == VISIBLE[username]
