import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from partners.enums import ImportStatus
from partners.models import ImportRecord, Organisation
from tests.factories import OrganisationFactory
from tests.jobs import queued, run_queued_jobs
from tests.partners.helpers import csv_bytes

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:partners_organisation_import")
DATA_OFFICER = [
    "view_organisation",
    "add_organisation",
    "change_organisation",
    "import_organisation",
]
CHANGELIST = reverse("admin:partners_organisation_changelist")


def upload(client, data, name="associations.csv"):
    """Upload a file, then run the job reading it for its preview."""
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})
    run_queued_jobs()
    return response


def confirm(client, url, **kwargs):
    """Confirm the import, then run the job writing it."""
    response = client.post(url, {"confirm": "1"})
    run_queued_jobs()
    return client.get(response.url) if kwargs.get("follow") else response


@pytest.fixture
def data_officer(client, django_user_model):
    """A data officer with the import permissions and every region in scope (rows outside
    one's scope are refused: test_import_scope.py)."""
    from reference.models import Territory

    user = django_user_model.objects.create_user("agent", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=DATA_OFFICER))
    user.territories.set(Territory.objects.regions())
    client.force_login(user)
    return user


@pytest.fixture
def sample_file():
    from reference.models import Territory

    tomblaine = Territory.objects.get(level="commune", name="Tomblaine")
    # A draft: changes to published organisations by importers who may not publish are kept
    # for review (tests/staff/test_revisions.py).
    OrganisationFactory(
        name="Ancien nom", rna="W543000002", commune=tomblaine, publication_state="brouillon"
    )
    return csv_bytes(
        [
            ["Raison sociale", "Numéro RNA", "CP", "Ville", "Couleur"],
            ["Comité d’accueil de Tomblaine", "W543000002", "54510", "Tomblaine", "bleu"],
            ["Les Amis", "", "59000", "Lille", ""],
            ["", "W593000003", "59000", "Lille", ""],
        ],
        encoding="cp1252",
    )


@pytest.mark.parametrize(
    "codenames",
    [["view_organisation"], ["view_organisation", "import_organisation"]],
    ids=["viewer", "import-only"],
)
def test_staff_without_the_import_permissions_cannot_import(client, django_user_model, codenames):
    user = django_user_model.objects.create_user("lecteur", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, b"Nom;CP\nA;75001\n").status_code == 403
    assertNotContains(client.get(CHANGELIST), "Importer une liste")
    assert not ImportRecord.objects.exists()


def test_preview_shows_shape_counts_refusals_and_changes_then_confirm(
    client, data_officer, sample_file
):
    assertContains(client.get(CHANGELIST), "Importer une liste")
    response = upload(client, sample_file)
    record = ImportRecord.objects.get()
    assert response.url == reverse("admin:partners_organisation_import_preview", args=[record.pk])
    assert Organisation.objects.count() == 1  # the preview writes nothing

    preview = client.get(response.url)
    assertContains(
        preview,
        '<dd id="import-format">CSV, encodage Windows-1252, séparateur point-virgule</dd>',
        html=True,
    )
    assertContains(preview, "tableur (colonnes reconnues d&#x27;après leurs intitulés)")
    assertContains(preview, "<tr><td>1</td><td>1</td><td>0</td><td>1</td></tr>", html=True)
    assertContains(
        preview,
        "<tr><td>4</td><td>Raison sociale</td><td>le nom est obligatoire.</td></tr>",
        html=True,
    )
    assertContains(
        preview,
        "<tr><td>2</td><td>Ancien nom</td><td>nom</td><td>Ancien nom</td>"
        "<td>Comité d’accueil de Tomblaine</td></tr>",
        html=True,
    )
    assertContains(preview, "Colonnes non reprises : « Couleur »")

    confirmed = confirm(client, response.url, follow=True)
    assertContains(
        confirmed, "Import terminé : 1 créées, 1 mises à jour, 0 inchangées, 1 refusées."
    )
    record.refresh_from_db()
    assert (record.status, record.user, record.file_name) == (
        ImportStatus.DONE,
        data_officer,
        "associations.csv",
    )
    assert (record.created, record.updated, record.unchanged, record.rejected) == (1, 1, 0, 1)
    assert record.finished_at is not None
    assert bytes(record.content) == b""
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Comité d’accueil de Tomblaine",
        "Les Amis",
    }
    # Confirming twice does not import twice.
    again = client.post(response.url, {"confirm": "1"}, follow=True)
    assertContains(again, "Cet import a déjà été confirmé ou abandonné.")
    assert queued() == []  # no second job
    assert Organisation.objects.count() == 2


def test_refused_rows_download_as_csv(client, data_officer, sample_file):
    """Named after the uploaded file, accents kept for the clients that read RFC 6266's
    ``filename*`` and dropped from the plain name that the others read."""
    record_url = upload(client, sample_file, name="Associations été « 2026 ».csv").url
    record = ImportRecord.objects.get()
    response = client.get(reverse("admin:partners_organisation_import_rejects", args=[record.pk]))
    assert response["Content-Disposition"] == (
        'attachment; filename="Associations ete _ 2026 _-refus.csv"; '
        "filename*=UTF-8''Associations%20%C3%A9t%C3%A9%20%C2%AB%202026%20%C2%BB-refus.csv"
    )
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Raison sociale;Numéro RNA;CP;Ville;Couleur;ligne;motif du refus",
        ";W593000003;59000;Lille;;4;le nom est obligatoire.",
    ]
    assert record_url


def test_cancel_writes_nothing_and_forgets_the_file(client, data_officer, sample_file):
    url = upload(client, sample_file).url
    response = client.post(url, {"cancel": "1"}, follow=True)
    assertContains(response, "Import abandonné : rien n&#x27;a été écrit.")
    record = ImportRecord.objects.get()
    assert (record.status, bytes(record.content)) == (ImportStatus.CANCELLED, b"")
    assert Organisation.objects.count() == 1


def test_unusable_file_is_refused_on_its_page_and_forgotten(client, data_officer):
    response = upload(client, b"\x00\x01binary\x00")
    assertContains(
        client.get(response.url),
        '<p class="errornote" id="import-error">Le fichier n&#x27;est pas un fichier texte '
        "(CSV) ni un classeur Excel (.xlsx) lisible.</p>",
        html=True,
    )
    record = ImportRecord.objects.get()
    assert (record.status, bytes(record.content)) == (ImportStatus.REFUSED, b"")


def test_import_records_are_listed_in_the_admin(admin_client, sample_file):
    upload(admin_client, sample_file)
    response = admin_client.get(reverse("admin:partners_importrecord_changelist"))
    assertContains(response, "associations.csv")
    assertContains(response, "Aperçu, en attente de confirmation")


def test_history_names_the_user_and_the_file_of_an_admin_import(client, data_officer, sample_file):
    from partners.models import OrganisationEvent

    url = upload(client, sample_file).url
    confirm(client, url)
    update = OrganisationEvent.objects.get(pgh_label="update")
    assert update.name == "Comité d’accueil de Tomblaine"
    metadata = update.pgh_context.metadata
    assert (metadata["user"], metadata["import_file"]) == (data_officer.pk, "associations.csv")


def test_file_over_the_limit_is_refused_before_it_is_read(client, data_officer, settings):
    settings.ORGANISATION_IMPORT_MAX_BYTES = 1_000_000
    response = upload(client, b"Nom;CP\n" + b"A;75001\n" * 200_000)
    assertContains(response, "Le fichier pèse 1,6 Mo : la limite est de 1 Mo.")
    assert not ImportRecord.objects.exists()


def test_an_import_is_seen_and_confirmed_by_its_author_only(
    client, data_officer, sample_file, django_user_model
):
    url = upload(client, sample_file).url
    other = django_user_model.objects.create_user("collegue", password="x", is_staff=True)
    other.user_permissions.add(*Permission.objects.filter(codename__in=DATA_OFFICER))
    client.force_login(other)
    record = ImportRecord.objects.get()
    assert client.get(url).status_code == 404
    assert client.post(url, {"confirm": "1"}).status_code == 404
    rejects = reverse("admin:partners_organisation_import_rejects", args=[record.pk])
    assert client.get(rejects).status_code == 404
    assert Organisation.objects.count() == 1


# Files refused whole.


def test_a_hostile_file_is_refused_with_the_reason_and_writes_nothing(client, data_officer):
    response = upload(client, b'Nom;Code postal\n"Asso;75001\nAutre;75002\n')
    assertContains(
        client.get(response.url),
        "Ligne 2 : un guillemet ouvre une cellule qui n&#x27;est jamais refermée. Retirez ce "
        "guillemet ou refermez-le.",
    )
    assert ImportRecord.objects.get().status == ImportStatus.REFUSED
    assert not Organisation.objects.exists()


def test_headers_from_the_file_are_escaped_in_the_preview(client, data_officer):
    data = csv_bytes([["Nom", "<b>Couleur</b>\x1b[2J"], ["", "bleu"]])
    preview = client.get(upload(client, data).url)
    assertContains(preview, "Colonnes non reprises : « &lt;b&gt;Couleur&lt;/b&gt;\x1b[2J »")
    assertNotContains(preview, "<b>Couleur")


def test_only_the_first_refusals_are_shown_and_kept(client, data_officer):
    data = csv_bytes([["Nom", "RNA"], *([f"S{n}", "W1"] for n in range(150))])
    preview = client.get(upload(client, data).url)
    record = ImportRecord.objects.get()
    assert (record.rejected, len(record.report["refusals"])) == (150, 100)
    assertContains(
        preview,
        "Les 100 premiers refus sont affichés sur 150 : le fichier des lignes refusées les "
        "contient tous.",
    )
    assert len(bytes(record.rejects).decode("utf-8-sig").splitlines()) == 151


# Import records: seen and deleted by their author (and superusers) only.

RECORDS = reverse("admin:partners_importrecord_changelist")


def record_of(user, name):
    return ImportRecord.objects.create(user=user, file_name=name, file_size=1, content=b"")


@pytest.fixture
def records(data_officer, django_user_model):
    other = django_user_model.objects.create_user("collegue", is_staff=True)
    return record_of(data_officer, "le-mien.csv"), record_of(other, "le-sien.csv")


def change_url(record):
    return reverse("admin:partners_importrecord_change", args=[record.pk])


def delete_url(record):
    return reverse("admin:partners_importrecord_delete", args=[record.pk])


def test_an_importer_lists_their_own_imports_only(client, data_officer, records):
    mine, theirs = records
    response = client.get(RECORDS)
    assertContains(response, "le-mien.csv")
    assertNotContains(response, "le-sien.csv")
    assert client.get(change_url(mine)).status_code == 200
    assert client.get(change_url(theirs)).status_code == 302  # "not found", back to the index
    assert client.get(delete_url(mine)).status_code == 403  # no delete permission


def test_the_view_permission_alone_shows_only_ones_own_imports(client, django_user_model, records):
    _, theirs = records
    viewer = django_user_model.objects.create_user("lecteur", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_importrecord"))
    record_of(viewer, "du-lecteur.csv")
    client.force_login(viewer)
    response = client.get(RECORDS)
    assertContains(response, "du-lecteur.csv")
    assertNotContains(response, "le-sien.csv")
    assertNotContains(response, "le-mien.csv")
    assert client.get(change_url(theirs)).status_code == 302


def test_the_delete_permission_deletes_ones_own_imports_only(client, data_officer, records):
    mine, theirs = records
    data_officer.user_permissions.add(Permission.objects.get(codename="delete_importrecord"))
    assert client.post(delete_url(theirs), {"post": "yes"}).status_code == 302
    client.post(
        RECORDS, {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"}
    )
    assert ImportRecord.objects.filter(pk=theirs.pk).exists()
    assert client.post(delete_url(mine), {"post": "yes"}).status_code == 302
    assert not ImportRecord.objects.filter(pk=mine.pk).exists()


def test_staff_without_import_or_view_permission_see_no_imports(client, django_user_model, records):
    viewer = django_user_model.objects.create_user("lecteur", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    client.force_login(viewer)
    assert client.get(RECORDS).status_code == 403


def test_superusers_see_every_import(admin_client, records):
    response = admin_client.get(RECORDS)
    assertContains(response, "le-mien.csv")
    assertContains(response, "le-sien.csv")


# The refused rows are kept as long as the preview, then a week after the confirmation.


def test_a_confirmation_replaces_the_previews_refused_rows(client, data_officer, sample_file):
    url = upload(client, sample_file).url
    record = ImportRecord.objects.get()
    preview_rejects = bytes(record.rejects)
    assert (
        preview_rejects.decode("utf-8-sig").splitlines()[1].endswith(";4;le nom est obligatoire.")
    )
    confirm(client, url)
    record.refresh_from_db()
    assert (record.status, bytes(record.content)) == (ImportStatus.DONE, b"")
    assert bytes(record.rejects) == preview_rejects  # the confirmation's own, the same rows
