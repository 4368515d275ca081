"""The permission matrix: for programmes, organisations and events, each role and editors of
another territory, what the admin lists, shows, lets change, delete, see the history of, and
what it refuses (403/404, never a silent success)."""

import pytest
from django.urls import reverse

from core.models import Revision
from events.models import Event
from partners.models import Organisation
from programmes.models import Programme
from tests.staff.admin_forms import form_data
from tests.staff.conftest import CHANGEABLE, USERS, VISIBLE, proposes

pytestmark = pytest.mark.django_db

MODELS = {"programme": Programme, "organisation": Organisation, "event": Event}
NAME_FIELD = {"programme": "title", "organisation": "name", "event": "title"}


def url(model, view, *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def keys_of(records, objects):
    by_pk = {record.pk: key for key, record in records.items()}
    return {by_pk[obj.pk] for obj in objects if obj.pk in by_pk}


@pytest.mark.parametrize("kind", MODELS)
@pytest.mark.parametrize("username", USERS)
def test_change_list_shows_what_the_user_may_see(client, staff, world, kind, username):
    model, user = MODELS[kind], staff[username]
    client.force_login(user)
    response = client.get(url(model, "changelist"))
    assert response.status_code == 200
    changelist = response.context["cl"]
    assert keys_of(world[kind], changelist.result_list) == VISIBLE[username]
    expected = model.objects.for_user(user).count()
    assert changelist.result_count == changelist.full_result_count == expected
    # Another territory's drafts are not even named.
    page = response.content.decode()
    for key, record in world[kind].items():
        name = getattr(record, NAME_FIELD[kind])
        assert (name in page) == (key in VISIBLE[username]), (key, username)


@pytest.mark.parametrize("kind", MODELS)
@pytest.mark.parametrize("username", USERS)
def test_change_pages_are_editable_read_only_or_not_found(client, staff, world, kind, username):
    model = MODELS[kind]
    client.force_login(staff[username])
    for key, record in world[kind].items():
        response = client.get(url(model, "change", record.pk))
        if key not in VISIBLE[username]:
            assert response.status_code == 404, key
            continue
        assert response.status_code == 200, key
        editable = 'name="_save"' in response.content.decode()
        assert editable == (key in CHANGEABLE[username]), key


@pytest.mark.parametrize("kind", MODELS)
@pytest.mark.parametrize("username", USERS)
def test_saving_deleting_and_history_within_scope_only(client, staff, world, kind, username):
    model, field = MODELS[kind], NAME_FIELD[kind]
    client.force_login(staff[username])
    for key, record in world[kind].items():
        change = url(model, "change", record.pk)
        if key not in VISIBLE[username]:
            # Not found, or refused first for a role that changes nothing (reader).
            assert client.post(change, {field: "Changé"}).status_code in (403, 404), key
            response = client.post(url(model, "delete", record.pk), {"post": "yes"})
            assert response.status_code in (403, 404), key
            assert client.get(url(model, "history", record.pk)).status_code == 404, key
            assert model.objects.filter(pk=record.pk).exists()
            continue
        if key not in CHANGEABLE[username]:
            assert client.post(change, {field: "Changé"}).status_code == 403, key
            assert client.get(url(model, "delete", record.pk)).status_code == 403, key
            assert client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
            record.refresh_from_db()
            assert getattr(record, field) != "Changé"
            continue
        old_name = getattr(record, field)
        new_name = f"{old_name} (revu)"
        response = client.post(change, form_data(client.get(change), **{field: new_name}))
        assert response.status_code == 302, (
            key,
            response.context and response.context.get("errors"),
        )
        record.refresh_from_db()
        if proposes(username, key):  # kept for review, the live record unchanged
            assert getattr(record, field) == old_name
            revision = Revision.objects.of_record(record).get()
            assert revision.proposed["fields"][field] == new_name
            assert client.post(url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
        else:
            assert getattr(record, field) == new_name
        assert client.get(url(model, "history", record.pk)).status_code == 200
    # Deleting one's own record works (the last changeable one, which nothing points to).
    deletable = sorted(CHANGEABLE[username] - {"national_draft"} or CHANGEABLE[username])
    if deletable and kind != "organisation":  # organisations lead the programmes here
        record = world[kind][deletable[0]]
        response = client.post(url(model, "delete", record.pk), {"post": "yes"})
        assert response.status_code == 302
        assert not model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("username", USERS)
def test_history_of_records_out_of_scope_is_refused(client, staff, world, username):
    client.force_login(staff[username])
    for key, record in world["programme"].items():
        response = client.get(url(Programme, "history", record.pk))
        if key not in VISIBLE[username]:
            assert response.status_code == 404
        elif key in CHANGEABLE[username] or (username == "lecteur" and key != "theirs_published"):
            assert response.status_code == 200, key
        else:
            assert response.status_code == 403, key


@pytest.mark.parametrize(
    ("username", "status"),
    [("administrateur", 200), ("editeur", 200), ("relecteur", 200), ("lecteur", 403)],
)
def test_who_may_add_records(client, staff, username, status):
    client.force_login(staff[username])
    for model in MODELS.values():
        assert client.get(url(model, "add")).status_code == status


def test_an_editor_saves_records_within_their_scope_only(client, staff, world, vienne, bas_rhin):
    client.force_login(staff["editeur"])
    programme = world["programme"]["ours_draft"]
    change = url(Programme, "change", programme.pk)
    response = client.post(change, form_data(client.get(change), territory=vienne.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["territory"] == [
        "Vienne (86) est hors de votre périmètre (Grand Est)."
    ]
    programme.refresh_from_db()
    assert programme.territory == bas_rhin

    organisation = world["organisation"]["ours_draft"]
    change = url(Organisation, "change", organisation.pk)
    response = client.post(change, form_data(client.get(change), territory=""))
    assert response.context["adminform"].form.errors["territory"] == [
        "Une fiche sans territoire est nationale : seul un administrateur national peut "
        "l'enregistrer. Choisissez un territoire de votre périmètre (Grand Est)."
    ]


def test_an_editor_adds_a_programme_in_their_territory(client, staff, world, bas_rhin, vienne):
    client.force_login(staff["editeur"])
    programme = world["programme"]["ours_published"]
    data = {
        "title": "Nouveau programme",
        "scheme": programme.scheme_id,
        "territory": vienne.pk,
        "lead_organisation": programme.lead_organisation_id,
        "status": "en_cours",
        **{
            f"{prefix}-{name}": value
            for prefix in ("partnerships", "fundings", "figures")
            for name, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }
    response = client.post(url(Programme, "add"), data)
    assert response.status_code == 200
    assert (
        "Vienne (86) est hors de votre périmètre (Grand Est)."
        in (response.context["adminform"].form.errors["territory"])
    )
    assert not Programme.objects.filter(title="Nouveau programme").exists()
    response = client.post(url(Programme, "add"), {**data, "territory": bas_rhin.pk})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Programme.objects.get(title="Nouveau programme").department_code == "67"


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {result["text"] for result in response.json()["results"]}


def test_autocompletes_offer_what_the_field_may_point_to(client, staff, world):
    client.force_login(staff["editeur_67"])
    # A territory within the scope: Strasbourg, not Poitiers nor the whole region.
    assert autocomplete(client, "programmes", "programme", "territory", "Strasbourg") == {
        "Strasbourg"
    }
    assert autocomplete(client, "programmes", "programme", "territory", "Poitiers") == set()
    assert autocomplete(client, "programmes", "programme", "territory", "Grand Est") == set()
    # A figure's programme: one the editor may change.
    programmes = autocomplete(client, "programmes", "figure", "programme", "Programme")
    assert programmes == {"Programme ours_draft", "Programme ours_published"}
    # An event's related programmes: any the editor may see.
    related = autocomplete(client, "events", "event", "programmes", "Programme")
    assert related == {
        "Programme ours_draft",
        "Programme ours_published",
        "Programme theirs_published",
    }
    # Organisations: never another territory's drafts.
    organisations = autocomplete(
        client, "programmes", "programme", "lead_organisation", "Structure"
    )
    assert organisations == {
        "Structure ours_draft",
        "Structure ours_published",
        "Structure theirs_published",
    }


def test_the_delete_action_refuses_records_out_of_scope(client, staff, world):
    client.force_login(staff["editeur"])
    theirs, ours = world["event"]["theirs_published"], world["event"]["ours_draft"]
    changelist = url(Event, "changelist")
    data = {"action": "delete_selected", "_selected_action": [ours.pk, theirs.pk], "post": "yes"}
    assert client.post(changelist, data).status_code == 403
    assert Event.objects.filter(pk__in=[ours.pk, theirs.pk]).count() == 2
    data["_selected_action"] = [ours.pk]
    assert client.post(changelist, data).status_code == 302
    assert not Event.objects.filter(pk=ours.pk).exists()


def test_a_reader_cannot_run_the_delete_action(client, staff, world):
    client.force_login(staff["lecteur"])
    ours = world["event"]["ours_draft"]
    data = {"action": "delete_selected", "_selected_action": [ours.pk], "post": "yes"}
    assert client.post(url(Event, "changelist"), data).status_code == 403
    assert Event.objects.filter(pk=ours.pk).exists()
