"""The edges of reviewing changes to live records: what a reviewer sees is what is approved,
pending work is never lost without a word, hidden records stay hidden from searches, values
compare as values, and odd proposals (deleted links, parts added then removed) end well."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Revision
from events.models import Event
from partners.models import Organisation
from programmes.models import Programme, ProgrammePartner
from tests.factories import OrganisationFactory, ProgrammePartnerFactory
from tests.jobs import run_queued_jobs
from tests.pages import texts
from tests.partners.helpers import csv_bytes
from tests.staff.admin_forms import form_data

pytestmark = pytest.mark.django_db


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def post_page(client, model, obj, **changes):
    change = url(model, "change", obj.pk)
    page = client.get(change)
    data = form_data(page, **changes)
    data["_revision_token"] = page.context["revision_token"]
    return client.post(change, data, follow=True)


def decide(client, model, obj, action, token=None, **data):
    """Post a decision with the token of the revision's page (as just opened, by default)."""
    if token is None:
        token = client.get(url(model, "revision", obj.pk)).context["token"]
    return client.post(url(model, "revision_action", obj.pk, action), {"token": token, **data})


@pytest.fixture
def reference_data(transactional_db):
    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    if not Territory.objects.exists():
        load_territories(Territory)
        load_lists(Theme, Audience)


# An unchanged save proposes nothing: a form's 09:00+02:00 is the database's 07:00+00:00.
def test_unchanged_save_of_a_live_event_proposes_nothing(client, staff, world):
    event = world["event"]["ours_published"]
    client.force_login(staff["editeur_67"])
    post_page(client, Event, event)
    revision = Revision.objects.first()
    assert revision is None, (revision.base["fields"], revision.proposed["fields"])


# An approval applies what the reviewer saw, not a later amendment.
def test_approval_applies_only_what_the_reviewer_saw(client, staff, world):
    programme = world["programme"]["ours_published"]
    client.force_login(staff["editeur_67"])
    post_page(client, Programme, programme, title="Titre relu")
    client.force_login(staff["relecteur"])
    seen = client.get(url(Programme, "revision", programme.pk))
    assert "Titre relu" in seen.content.decode()
    client.force_login(staff["editeur_67"])
    post_page(client, Programme, programme, title="Titre jamais relu")
    client.force_login(staff["relecteur"])
    response = decide(client, Programme, programme, "approuver", token=seen.context["token"])
    assert response.url == url(Programme, "revision", programme.pk)
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == [
        "Ces modifications ont changé depuis que vous les avez ouvertes : relisez-les avant "
        "de décider."
    ]
    programme.refresh_from_db()
    assert programme.title == "Programme ours_published"
    assert Revision.objects.get().state == "a_relire"


# An import amending an open revision keeps the form's pending changes.
def test_an_import_keeps_a_pending_change_it_does_not_touch(client, staff, world):
    organisation = world["organisation"]["ours_published"]
    organisation.rna = "W672000055"
    organisation.save()
    client.force_login(staff["editeur_67"])
    post_page(client, Organisation, organisation, website="https://nouveau.example.org")
    assert Revision.objects.get().proposed["fields"]["website"] == "https://nouveau.example.org"
    data = csv_bytes([["Raison sociale", "Numéro RNA"], ["Accueil de Strasbourg", "W672000055"]])
    response = client.post(
        reverse("admin:partners_organisation_import"), {"file": SimpleUploadedFile("l.csv", data)}
    )
    run_queued_jobs()
    client.post(response.url, {"confirm": "1"})
    run_queued_jobs()
    proposed = Revision.objects.get().proposed["fields"]
    assert proposed["name"] == "Accueil de Strasbourg"
    assert proposed["website"] == "https://nouveau.example.org"


# The change list's search names nothing one may not see (an oracle on hidden names).
@pytest.mark.parametrize(
    "model, build",
    [
        (Programme, lambda p, o: setattr(p, "lead_organisation", o) or p.save()),
        (ProgrammePartner, lambda p, o: ProgrammePartnerFactory(programme=p, organisation=o)),
    ],
)
def test_search_does_not_match_on_a_hidden_record(client, staff, world, model, build):
    programme = world["programme"]["ours_published"]  # 67, published: seen by 86
    secret = OrganisationFactory(
        name="Association Secrète Alsace",
        territory=world["organisation"]["ours_draft"].territory,
        publication_state="brouillon",
    )
    build(programme, secret)
    client.force_login(staff["editeur_86"])
    hit = client.get(url(model, "changelist"), {"q": "Secrète"})
    miss = client.get(url(model, "changelist"), {"q": "Introuvable"})
    assert hit.context["cl"].result_count == miss.context["cl"].result_count == 0


# A link proposed to a record deleted before the approval: refused, not a 500.
@pytest.mark.django_db(transaction=True)
def test_approving_a_link_to_a_record_deleted_since_is_refused_with_the_reason(
    reference_data, client, staff, world
):
    event = world["event"]["ours_published"]
    organiser = OrganisationFactory(
        name="Organisateur éphémère",
        territory=world["organisation"]["ours_draft"].territory,
        publication_state="brouillon",
    )
    client.force_login(staff["editeur_67"])
    post_page(client, Event, event, organisers=[str(organiser.pk)])
    assert Revision.objects.get().proposed["links"]["organisers"] == [organiser.pk]
    organiser.delete()
    client.force_login(staff["relecteur"])
    response = decide(client, Event, event, "approuver")
    assert response.status_code == 302
    assert response.url == url(Event, "revision", event.pk)
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == [
        "Ces modifications ne peuvent pas être appliquées : Organisateurs : une des fiches à "
        "relier a été supprimée depuis la proposition."
    ]
    assert Revision.objects.get().state == "a_relire"


# A form opened on an earlier revision (same version number) is refused too.
def test_a_form_opened_before_an_approval_is_stale(client, staff, world):
    programme = world["programme"]["ours_published"]
    change = url(Programme, "change", programme.pk)
    client.force_login(staff["editeur_67"])
    post_page(client, Programme, programme, title="Titre R1")
    client.force_login(staff["editeur"])
    stale = client.get(change)
    client.force_login(staff["relecteur"])
    decide(client, Programme, programme, "approuver")
    client.force_login(staff["editeur_67"])
    post_page(client, Programme, programme, summary="Résumé R2")
    client.force_login(staff["editeur"])
    data = form_data(stale, status=stale.context["adminform"].form["status"].value())
    data["_revision_token"] = stale.context["revision_token"]
    response = client.post(change, data)
    assert response.status_code == 200  # refused, nothing overwritten nor withdrawn
    assert (
        response.context["adminform"]
        .form.non_field_errors()[0]
        .startswith("Les modifications proposées pour cette fiche ont changé")
    )
    assert Revision.objects.open().get().proposed["fields"]["summary"] == "Résumé R2"


# A part added then removed by the proposal: nothing left.
def test_a_part_added_then_removed_leaves_nothing_to_review(client, staff, world):
    from programmes.models import Figure

    programme = world["programme"]["ours_published"]
    change = url(Programme, "change", programme.pk)
    client.force_login(staff["editeur_67"])
    page = client.get(change)
    prefix = next(
        i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is Figure
    )
    data = form_data(page)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(total + 1),
            f"{prefix}-{total}-label": "x",
            f"{prefix}-{total}-value": "1.5",
            f"{prefix}-{total}-year": "2020",
            f"{prefix}-{total}-position": "0",
        }
    )
    data["_revision_token"] = "0"
    client.post(change, data)
    assert list(Revision.objects.get().proposed["parts"]["figures"]) == ["+1"]
    page = client.get(change)
    data = form_data(page)
    data[f"{prefix}-0-DELETE"] = "on"
    data["_revision_token"] = page.context["revision_token"]
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    revision = Revision.objects.get()
    assert revision.state == "retiree", revision.proposed["parts"]


# Parts with decimals, dates and times: proposed, shown, approved.
def propose_part(client, obj, model, values):
    """Add a part (an inline of ``model``) to a live record through its change form, which
    proposes a revision; the change form opens again afterwards."""
    change = url(type(obj), "change", obj.pk)
    page = client.get(change)
    prefix = next(
        i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is model
    )
    data = form_data(page)
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(total + 1)
    data.update({f"{prefix}-{total}-{k}": v for k, v in values.items()})
    data["_revision_token"] = "0"
    response = client.post(change, data)
    assert response.status_code == 302, [
        f.errors for i in response.context["inline_admin_formsets"] for f in i.formset.forms
    ]
    assert client.get(change).status_code == 200


def test_parts_with_decimals_dates_and_times_are_proposed_and_approved(client, staff, world):
    from events.models import AgendaItem
    from programmes.models import Funding

    programme = world["programme"]["ours_published"]
    event = world["event"]["ours_published"]
    funder = world["organisation"]["ours_published"]
    client.force_login(staff["editeur_67"])
    funding = {"funder": str(funder.pk), "amount": "1234.50", "year": "2021"}
    funding.update(start_date="2021-01-01", end_date="2021-12-31", kind="subvention")
    propose_part(client, programme, Funding, funding | {"status": "engage"})
    item = {"kind": "atelier", "title": "Atelier", "date": "2019-06-07", "position": "0"}
    propose_part(client, event, AgendaItem, item | {"start_time": "10:30", "end_time": "11:45"})
    client.force_login(staff["relecteur"])
    for obj in (programme, event):
        assert client.get(url(type(obj), "revision", obj.pk)).status_code == 200
        decide(client, type(obj), obj, "approuver")
    assert str(programme.fundings.get().amount) == "1234.50"
    item = event.agenda_items.get()
    assert (str(item.start_time), str(item.end_time)) == ("10:30:00", "11:45:00")


# Revision pages and actions out of scope / out of role.
def test_revision_pages_and_actions_out_of_scope_or_role_are_refused(client, staff, world):
    programme = world["programme"]["ours_published"]
    client.force_login(staff["editeur_67"])
    post_page(client, Programme, programme, title="Titre proposé")
    for user, method, view, status in [
        ("editeur_86", "get", ("revision",), 403),
        ("editeur_86", "post", ("revision_action", "retirer"), 403),
        ("editeur_86", "post", ("revision_action", "approuver"), 403),
        ("lecteur", "post", ("revision_action", "retirer"), 403),
        ("editeur_67", "post", ("revision_action", "approuver"), 403),
        ("relecteur", "get", ("revision_action", "approuver"), 405),
        ("relecteur", "post", ("revision_action", "autre"), 404),
    ]:
        client.force_login(staff[user])
        address = url(Programme, view[0], programme.pk, *view[1:])
        assert getattr(client, method)(address).status_code == status, (user, view)
    assert Revision.objects.get().state == "a_relire"


# Autocomplete as an editor of 86: no 67 draft.
def test_the_autocomplete_offers_no_other_territorys_draft(client, staff, world):
    client.force_login(staff["editeur_86"])
    for field in ("lead_organisation",):
        response = client.get(
            "/admin/autocomplete/",
            {
                "app_label": "programmes",
                "model_name": "programme",
                "field_name": field,
                "term": "Structure",
            },
        )
        texts = [r["text"] for r in response.json()["results"]]
        assert "Structure ours_draft" not in texts and "Structure region_draft" not in texts, texts


# A second editor amending a proposal holding a link they may not see.
def test_second_editor_amends_a_proposal_with_a_link_they_may_not_see(client, staff, world):
    event = world["event"]["ours_published"]
    regional = world["organisation"]["region_draft"]  # seen by the region's editor, not 67's
    client.force_login(staff["editeur"])
    post_page(client, Event, event, organisers=[str(regional.pk)])
    assert Revision.objects.get().proposed["links"]["organisers"] == [regional.pk]
    client.force_login(staff["editeur_67"])
    page = client.get(url(Event, "change", event.pk))
    rendered = page.content.decode()
    response = post_page(client, Event, event, summary="Résumé du 67")
    assert response.redirect_chain, response.context["adminform"].form.errors
    proposed = Revision.objects.get().proposed
    assert proposed["links"]["organisers"] == [regional.pk]
    assert f'value="{regional.pk}" selected' in rendered


# The review page shows the whole of a changed long text.
def test_review_page_shows_a_change_at_the_end_of_a_long_description(client, staff, world):
    programme = world["programme"]["ours_published"]
    programme.description = "Un programme d'accueil. " * 30
    programme.save()
    client.force_login(staff["editeur_67"])
    post_page(
        client,
        Programme,
        programme,
        description=programme.description + "Inscrivez-vous sur https://arnaque.example",
    )
    client.force_login(staff["relecteur"])
    page = client.get(url(Programme, "revision", programme.pk)).content.decode()
    assert "arnaque.example" in page
    assert texts(page, "ins") == ["Inscrivez-vous sur https://arnaque.example"]
