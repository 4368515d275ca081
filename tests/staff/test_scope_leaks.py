"""What an editor may not see is reached, named and chosen nowhere: the « Voir sur le site »
shortcut, forged ids in every form and inline, messages, change lists, read-only pages,
history, restoring a part, and the import's refusals. The editor of Vienne (86) tries
everything against Bas-Rhin's (67) drafts."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.admin.base import ScopedModelAdmin
from core.enums import PublicationState
from core.scoping import scope_of
from events.models import AgendaItem, Event, Resource
from partners.models import ContactPerson, Membership, Organisation
from programmes.models import Figure, Funding, Programme, ProgrammePartner, Scheme
from tests.factories import (
    FigureFactory,
    OrganisationFactory,
    ProgrammePartnerFactory,
    SchemeFactory,
)
from tests.jobs import run_queued_jobs
from tests.pages import text
from tests.partners.helpers import csv_bytes
from tests.staff.admin_forms import form_data
from tests.staff.conftest import USERS, VISIBLE

pytestmark = pytest.mark.django_db

MODELS = {"programme": Programme, "organisation": Organisation, "event": Event}
HIDDEN = {
    Organisation: "Structure non publiée hors de votre périmètre",
    Programme: "Programme non publié hors de votre périmètre",
    Event: "Événement non publié hors de votre périmètre",
    Scheme: "Dispositif non publié hors de votre périmètre",
}
INVALID_CHOICE = "Sélectionnez un choix valide. Ce choix ne fait pas partie de ceux disponibles."


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def invisible_names(world, username):
    """The names of the world's records that ``username`` may not see."""
    return [
        str(record.record_name())
        for kind in MODELS
        for key, record in world[kind].items()
        if key not in VISIBLE[username]
    ]


def assert_names_absent(page, world, username):
    for name in invisible_names(world, username):
        assert name not in page, name


# « Voir sur le site »
@pytest.mark.parametrize("username", USERS)
def test_the_view_on_site_shortcut_answers_404_out_of_sight(client, staff, world, username):
    client.force_login(staff[username])
    for kind, model in MODELS.items():
        content_type = ContentType.objects.get_for_model(model)
        for key, record in world[kind].items():
            response = client.get(f"/admin/r/{content_type.pk}/{record.pk}/")
            if key in VISIBLE[username]:
                assert response.status_code == 302, (kind, key)
                assert response.url == record.get_absolute_url()
            else:
                assert response.status_code == 404, (kind, key)
    assert client.get("/admin/r/999999/1/").status_code == 404
    content_type = ContentType.objects.get_for_model(Programme)
    assert client.get(f"/admin/r/{content_type.pk}/abc/").status_code == 404


def test_the_shortcut_needs_a_staff_login(client, world):
    content_type = ContentType.objects.get_for_model(Programme)
    record = world["programme"]["ours_published"]
    response = client.get(f"/admin/r/{content_type.pk}/{record.pk}/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


# Forged ids in forms and inlines
def _choice_fields(response):
    """Every field choosing records on an admin page: (form, name, field)."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend(inline.formset.forms)
        forms.append(inline.formset.empty_form)
    for form in forms:
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model in HIDDEN:
                yield form, name, field


def test_every_form_and_inline_chooses_only_what_the_user_may_see(client, staff, world):
    """Every add page of the admin the editor of Vienne may use, with its inlines: no field
    offers, nor accepts, a record of Bas-Rhin not yet published."""
    client.force_login(staff["editeur_86"])
    hidden = {
        model: {
            record.pk for key, record in world[kind].items() if key not in VISIBLE["editeur_86"]
        }
        for kind, model in MODELS.items()
    }
    hidden[Scheme] = {SchemeFactory(publication_state=PublicationState.DRAFT).pk}
    checked = set()
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedModelAdmin):
            continue
        pages = [url(model, "add")]
        if model in MODELS.values():  # and the change page of a record with its inlines
            kind = next(k for k, m in MODELS.items() if m is model)
            pages.append(url(model, "change", world[kind]["theirs_draft"].pk))
        for page in pages:
            response = client.get(page)
            if response.status_code == 403:  # national lists: administrators only
                continue
            assert response.status_code == 200, page
            for form, name, field in _choice_fields(response):
                offered = set(field.queryset.values_list("pk", flat=True))
                assert not offered & hidden[field.queryset.model], (page, name)
                checked.add((model._meta.model_name, form._meta.model._meta.model_name, name))
    assert sorted(checked) == [
        ("agendaitem", "agendaitem", "event"),
        ("contactperson", "contactperson", "organisation"),
        ("event", "event", "organisers"),
        ("event", "event", "programmes"),
        ("figure", "figure", "programme"),
        ("funding", "funding", "beneficiary"),
        ("funding", "funding", "funder"),
        ("funding", "funding", "programme"),
        ("membership", "membership", "member"),
        ("membership", "membership", "network"),
        ("organisation", "membership", "network"),
        ("programme", "funding", "funder"),
        ("programme", "programme", "lead_organisation"),
        ("programme", "programme", "scheme"),
        ("programme", "programmepartner", "organisation"),
        ("programmepartner", "programmepartner", "organisation"),
        ("programmepartner", "programmepartner", "programme"),
        ("resource", "resource", "event"),
    ]


def test_a_programme_refuses_a_forged_lead_organisation_and_partner(client, staff, world):
    programme = world["programme"]["theirs_draft"]
    theirs = world["organisation"]["ours_draft"]
    lead = programme.lead_organisation
    client.force_login(staff["editeur_86"])
    change = url(Programme, "change", programme.pk)
    page = client.get(change)
    data = form_data(page, lead_organisation=theirs.pk)
    partners = next(
        i.formset
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is ProgrammePartner
    )
    prefix = partners.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-organisation": str(theirs.pk),
            f"{prefix}-0-role": "partenaire",
            f"{prefix}-0-programme": str(programme.pk),
        }
    )
    response = client.post(change, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["lead_organisation"] == [INVALID_CHOICE]
    inline = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix
    )
    assert inline.forms[0].errors["organisation"] == [INVALID_CHOICE]
    assert_names_absent(response.content.decode(), world, "editeur_86")
    programme.refresh_from_db()
    assert programme.lead_organisation == lead
    assert not ProgrammePartner.objects.filter(programme=programme).exists()


def test_an_event_refuses_forged_related_programmes_and_organisers(client, staff, world):
    event = world["event"]["theirs_draft"]
    client.force_login(staff["editeur_86"])
    change = url(Event, "change", event.pk)
    theirs_programme = world["programme"]["ours_draft"]
    theirs_organisation = world["organisation"]["ours_draft"]
    response = client.post(
        change,
        form_data(
            client.get(change),
            programmes=[str(theirs_programme.pk)],
            organisers=[str(theirs_organisation.pk)],
        ),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["programmes"] == [
        f"Sélectionnez un choix valide. {theirs_programme.pk} n’en fait pas partie."
    ]
    assert errors["organisers"] == [
        f"Sélectionnez un choix valide. {theirs_organisation.pk} n’en fait pas partie."
    ]
    assert_names_absent(response.content.decode(), world, "editeur_86")
    assert not event.programmes.exists() and not event.organisers.exists()


def test_a_membership_refuses_a_forged_network(client, staff, world):
    organisation = world["organisation"]["theirs_draft"]
    network = world["organisation"]["ours_draft"]
    client.force_login(staff["editeur_86"])
    change = url(Organisation, "change", organisation.pk)
    page = client.get(change)
    prefix = next(
        i.formset.prefix
        for i in page.context["inline_admin_formsets"]
        if i.formset.model is Membership
    )
    data = form_data(page)
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-network": str(network.pk)})
    response = client.post(change, data)
    assert response.status_code == 200
    assert_names_absent(response.content.decode(), world, "editeur_86")
    assert not Membership.objects.exists()
    # The same from the memberships' own page.
    response = client.post(
        url(Membership, "add"), {"member": organisation.pk, "network": network.pk}
    )
    assert response.context["adminform"].form.errors["network"] == [INVALID_CHOICE]
    assert not Membership.objects.exists()


# Parts added to a record one may not see: not named
PARTS = {
    Figure: ("programme", "programme"),
    ProgrammePartner: ("programme", "programme"),
    Funding: ("programme", "programme"),
    AgendaItem: ("event", "event"),
    Resource: ("event", "event"),
    ContactPerson: ("organisation", "organisation"),
    Membership: ("member", "organisation"),
}


@pytest.mark.parametrize("model", PARTS, ids=lambda model: model._meta.model_name)
def test_a_part_added_to_a_guessed_record_does_not_name_it(client, staff, world, model):
    field, kind = PARTS[model]
    guessed = world[kind]["ours_draft"]
    client.force_login(staff["editeur_86"])
    response = client.post(url(model, "add"), {field: guessed.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors[field] == [INVALID_CHOICE]
    assert_names_absent(response.content.decode(), world, "editeur_86")
    assert not model.objects.exists()
    # Asked with the id in the address, the add page offers nothing either.
    page = client.get(url(model, "add") + f"?{field}={guessed.pk}").content.decode()
    assert_names_absent(page, world, "editeur_86")


# A record already pointing to one the user may not see
def test_a_link_set_by_an_administrator_is_kept_unnamed(client, staff, world):
    programme = world["programme"]["theirs_draft"]
    draft = world["organisation"]["ours_draft"]
    programme.lead_organisation = draft
    programme.save()
    ProgrammePartnerFactory(programme=programme, organisation=draft)
    client.force_login(staff["editeur_86"])
    change = url(Programme, "change", programme.pk)
    page = client.get(change)
    html = page.content.decode()
    assert_names_absent(html, world, "editeur_86")
    assert "Structure non publiée hors de votre périmètre" in html
    # Saving the form unchanged keeps the links.
    response = client.post(change, form_data(page, title="Programme de Vienne"))
    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.title, programme.lead_organisation) == ("Programme de Vienne", draft)
    assert programme.partnerships.get().organisation == draft
    # Neither the change lists nor the history name it.
    lists = client.get(url(ProgrammePartner, "changelist")).content.decode()
    assert "Structure non publiée hors de votre périmètre" in lists
    history = client.get(url(Programme, "history", programme.pk)).content.decode()
    for page in (lists, history):
        assert_names_absent(page, world, "editeur_86")


def test_a_published_record_viewed_read_only_does_not_name_a_draft(client, staff, world):
    """Strasbourg's published programme, led by a draft of Bas-Rhin: the editor of Vienne
    reads it, without the draft's name."""
    programme = world["programme"]["ours_published"]
    programme.lead_organisation = world["organisation"]["ours_draft"]
    programme.save()
    FigureFactory(programme=programme)
    client.force_login(staff["editeur_86"])
    response = client.get(url(Programme, "change", programme.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html
    assert "Structure non publiée hors de votre périmètre" in text(html)
    assert_names_absent(html, world, "editeur_86")
    client.force_login(staff["editeur_67"])  # its own editor reads the name
    assert (
        "Structure ours_draft"
        in client.get(url(Programme, "change", programme.pk)).content.decode()
    )


# Restoring a part
def test_restoring_a_part_checks_the_record_its_version_points_to(client, staff, world):
    """An administrator moved a figure from Bas-Rhin's draft to a programme of Vienne: its
    editor may not put it back where they cannot see."""
    draft, ours = world["programme"]["ours_draft"], world["programme"]["theirs_draft"]
    figure = FigureFactory(programme=draft)
    client.force_login(staff["administrateur"])
    change = url(Figure, "change", figure.pk)
    client.post(change, form_data(client.get(change), programme=ours.pk))
    figure.refresh_from_db()
    assert figure.programme == ours
    history_model = next(iter(Figure.pgh_event_models.values()))
    version = history_model.objects.filter(pgh_obj_id=figure.pk).order_by("pgh_id").first()
    client.force_login(staff["editeur_86"])
    restore = url(Figure, "restore", figure.pk, version.pgh_id)
    page = client.get(restore).content.decode()
    assert_names_absent(page, world, "editeur_86")
    response = client.post(restore, follow=True)
    (message,) = [str(m) for m in response.context["messages"]]
    assert message.endswith(
        "cette version désigne, pour « programme », une fiche hors de votre périmètre."
    )
    assert_names_absent(response.content.decode(), world, "editeur_86")
    figure.refresh_from_db()
    assert figure.programme == ours


# The import's refusals
def test_import_refusals_do_not_name_what_the_importer_may_not_see(client, staff, world):
    strasbourg_draft = OrganisationFactory(
        name="Association Accueil Alsace",
        rna="W672000099",
        siret="35600000000048",
        siren="356000000",
        publication_state=PublicationState.DRAFT,
        commune=world["organisation"]["ours_published"].commune,
    )
    assert not scope_of(staff["editeur_86"]).sees(strasbourg_draft)
    OrganisationFactory(
        name="Autre brouillon d'Alsace",
        siret="73282932000074",
        publication_state=PublicationState.DRAFT,
        commune=strasbourg_draft.commune,
    )
    OrganisationFactory(
        name="Accueil Poitiers",
        rna="W862000001",
        commune=world["organisation"]["theirs_published"].commune,
    )
    client.force_login(staff["editeur_86"])
    data = csv_bytes(
        [
            ["Raison sociale", "Numéro RNA", "SIRET", "CP", "Ville"],
            ["Accueil, renommée", "W672000099", "", "86000", "Poitiers"],
            ["Par son SIRET", "", "35600000000048", "86000", "Poitiers"],
            ["Accueil Poitiers", "W862000001", "73282932000074", "86000", "Poitiers"],
        ]
    )
    response = client.post(
        reverse("admin:partners_organisation_import"),
        {"file": SimpleUploadedFile("liste.csv", data)},
    )
    run_queued_jobs()
    preview = client.get(response.url)
    for line, column, reason in [
        (
            2,
            "Numéro RNA",
            "ce numéro RNA appartient à une structure hors de votre périmètre : "
            "elle n'est pas modifiée.",
        ),
        (3, "Raison sociale", "désigne la même structure que la ligne 2."),
        (4, "SIRET", "SIRET 73282932000074 déjà attribué à une structure hors de votre périmètre."),
    ]:
        assertContains(
            preview, f"<tr><td>{line}</td><td>{column}</td><td>{reason}</td></tr>", html=True
        )
    for name in ("Association Accueil Alsace", "Autre brouillon d'Alsace"):
        assert name not in preview.content.decode()
    pk = response.url.rstrip("/").rsplit("/", 1)[-1]
    rejects = client.get(reverse("admin:partners_organisation_import_rejects", args=[pk]))
    refused = rejects.content.decode("utf-8-sig")
    assert "ce numéro RNA appartient à une structure hors de votre périmètre" in refused
    assert "Association Accueil Alsace" not in refused
