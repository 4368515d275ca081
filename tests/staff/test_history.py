"""Every change recorded by the database (who, when, from where, which fields, before and
after), shown on the record's history page within scope, and undone by going back to a
version."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Organisation, OrganisationEvent
from programmes.models import FigureEvent, Programme, ProgrammeEvent
from tests.factories import ThemeFactory
from tests.jobs import run_queued_jobs
from tests.pages import parse, text, texts
from tests.partners.helpers import csv_bytes
from tests.staff.admin_forms import form_data

pytestmark = pytest.mark.django_db


def change_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


def history_url(record):
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk])


def history_rows(client, record) -> list[list[str]]:
    """The history table as a person reads it: one list of cell texts per row."""
    page = client.get(history_url(record)).content.decode()
    rows = parse(page).select("#record-history tbody tr")
    return [[text(cell) for cell in row.select("td")] for row in rows]


def save(client, record, **changes):
    url = change_url(record)
    response = client.post(url, form_data(client.get(url), **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return url


def test_a_form_save_records_who_where_which_fields_before_and_after(client, staff, world):
    programme = world["programme"]["ours_draft"]
    theme = ThemeFactory(name="Logement")
    client.force_login(staff["editeur"])
    url = save(
        client,
        programme,
        title="Programme d'accueil",
        summary="Hébergement et accompagnement",
        themes=[theme.pk],
        **{
            "figures-TOTAL_FORMS": "1",
            "figures-0-label": "familles logées",
            "figures-0-value": "23",
            "figures-0-year": "2016",
            "figures-0-position": "0",
        },
    )
    event = ProgrammeEvent.objects.filter(pgh_obj=programme).latest("pgh_id")
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata == {"user": staff["editeur"].pk, "url": url}
    assert FigureEvent.objects.get(programme=programme).pgh_label == "insert"

    rows = history_rows(client, programme)
    assert rows[0][1] == f"editeur {url}"  # who, and from which page
    # An entry's first row: when, who, what, field, before, after (and the version's link);
    # its other rows: field, before, after.
    changes = {tuple(row[3:6]) if len(row) >= 6 else tuple(row[:3]) for row in rows}
    assert ("Intitulé", "Programme ours_draft", "Programme d'accueil") in changes
    assert ("Résumé", "—", "Hébergement et accompagnement") in changes
    assert ("Valeur", "—", "23") in changes
    whats = [row[2] for row in rows if len(row) >= 6]
    assert "Modification – Programme" in whats
    assert "Création – Chiffre clé : 23 familles logées" in whats
    assert "Ajout – Thèmes : Programme d'accueil · Logement" in whats


def test_bulk_writes_are_recorded_with_their_import_or_action(client, staff, world):
    client.force_login(staff["editeur_86"])
    data = csv_bytes([["Raison sociale", "CP", "Ville"], ["Accueil Poitiers", "86000", "Poitiers"]])
    response = client.post(
        reverse("admin:partners_organisation_import"),
        {"file": SimpleUploadedFile("liste.csv", data)},
    )
    run_queued_jobs()
    client.post(response.url, {"confirm": "1"})
    run_queued_jobs()
    created = Organisation.objects.get(name="Accueil Poitiers")
    event = OrganisationEvent.objects.get(pgh_obj=created)
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["import_file"] == "liste.csv"
    assert event.pgh_context.metadata["user"] == staff["editeur_86"].pk
    rows = history_rows(client, created)
    assert rows[0][1].startswith("editeur_86 (import du fichier « liste.csv »)")
    assert rows[0][2] == "Création – Structure"

    # A workflow action is one UPDATE of many rows: each row's change is recorded.
    programmes = [world["programme"]["theirs_draft"]]
    client.post(
        reverse("admin:programmes_programme_changelist"),
        {"action": "submit_for_review", "_selected_action": [p.pk for p in programmes]},
    )
    rows = history_rows(client, programmes[0])
    assert rows[0][2:6] == [
        "Modification – Programme",
        "État de publication",
        "Brouillon",
        "À relire",
    ]


def test_going_back_to_a_version_is_a_new_recorded_change(client, staff, world):
    programme = world["programme"]["ours_draft"]
    client.force_login(staff["editeur"])
    save(client, programme, title="Deuxième titre", summary="Résumé")
    save(client, programme, title="Troisième titre")
    first = ProgrammeEvent.objects.filter(pgh_obj=programme).earliest("pgh_id")
    restore = reverse("admin:programmes_programme_restore", args=[programme.pk, first.pk])
    assert f'href="{restore}"' in client.get(history_url(programme)).content.decode()

    page = client.get(restore).content.decode()
    cells = texts(page, "#restore-changes td")
    assert cells == ["Intitulé", "Troisième titre", "Programme ours_draft", "Résumé", "Résumé", "—"]
    response = client.post(restore)
    assert response.url == history_url(programme)
    programme.refresh_from_db()
    assert (programme.title, programme.summary) == ("Programme ours_draft", "")
    latest = ProgrammeEvent.objects.filter(pgh_obj=programme).latest("pgh_id")
    assert latest.title == "Programme ours_draft"
    assert latest.pgh_context.metadata["restored_version"] == first.pk
    assert latest.pgh_context.metadata["user"] == staff["editeur"].pk


def test_only_the_records_editors_and_administrators_go_back(client, staff, world, vienne):
    programme = world["programme"]["ours_published"]
    client.force_login(staff["administrateur"])
    save(client, programme, title="Changé par l'administration")
    first = ProgrammeEvent.objects.filter(pgh_obj=programme).earliest("pgh_id")
    restore = reverse("admin:programmes_programme_restore", args=[programme.pk, first.pk])
    for username, status in [("lecteur", 403), ("editeur_86", 403), ("relecteur", 200)]:
        client.force_login(staff[username])
        assert client.get(restore).status_code == status, username
        if status == 403:
            assert client.post(restore).status_code == 403
    programme.refresh_from_db()
    assert programme.title == "Changé par l'administration"

    # A version out of the editor's scope is not brought back.
    Programme.objects.filter(pk=programme.pk).update(territory=vienne)  # recorded too
    Programme.objects.filter(pk=programme.pk).update(
        territory=world["programme"]["ours_draft"].territory
    )
    moved = ProgrammeEvent.objects.filter(pgh_obj=programme, territory=vienne).get()
    client.force_login(staff["editeur"])
    restore = reverse("admin:programmes_programme_restore", args=[programme.pk, moved.pk])
    response = client.post(restore, follow=True)
    assert "n'a pas été rétabli dans l'état du" in text(response.content.decode())
    assert "cette version est hors de votre périmètre." in text(response.content.decode())
    programme.refresh_from_db()
    assert programme.territory != vienne
