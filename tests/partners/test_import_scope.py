"""An editor imports organisations into their territories only: rows outside are refused with
the reason, the others are imported as drafts of their territory."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains

from partners.models import ImportRecord, Organisation
from tests.factories import OrganisationFactory
from tests.jobs import run_queued_jobs
from tests.partners.helpers import csv_bytes

pytestmark = pytest.mark.django_db


def test_an_editor_imports_within_their_territories_only(client, make_staff, strasbourg, poitiers):
    OrganisationFactory(name="Déjà à Strasbourg", rna="W672000011", commune=strasbourg)
    OrganisationFactory(
        name="Déjà à Poitiers", rna="W862000012", commune=poitiers, publication_state="brouillon"
    )
    client.force_login(make_staff("editeur_86", "editeur", "86"))
    data = csv_bytes(
        [
            ["Raison sociale", "Numéro RNA", "CP", "Ville"],
            ["Accueil Poitiers", "", "86000", "Poitiers"],
            ["Accueil Strasbourg", "", "67000", "Strasbourg"],
            ["Sans adresse", "", "", ""],
            ["Déjà à Strasbourg, renommée", "W672000011", "67000", "Strasbourg"],
            ["Déjà à Poitiers, renommée", "W862000012", "86000", "Poitiers"],
        ]
    )
    response = client.post(
        reverse("admin:partners_organisation_import"),
        {"file": SimpleUploadedFile("liste.csv", data)},
    )
    run_queued_jobs()
    preview = client.get(response.url)
    assertContains(preview, "<tr><td>1</td><td>1</td><td>0</td><td>3</td></tr>", html=True)
    for line, column, reason in [
        (3, "CP", "la commune Strasbourg est hors de votre périmètre."),
        (
            4,
            "CP",
            "aucune commune reconnue : la structure serait nationale, et seul un "
            "administrateur national importe des structures nationales.",
        ),
        (
            5,
            "Raison sociale",
            "la structure enregistrée « Déjà à Strasbourg » est hors de votre périmètre : "
            "elle n'est pas modifiée.",
        ),
    ]:
        assertContains(
            preview,
            f"<tr><td>{line}</td><td>{column}</td><td>{reason}</td></tr>",
            html=True,
        )
    client.post(response.url, {"confirm": "1"})
    run_queued_jobs()
    assert ImportRecord.objects.get().created == 1
    created = Organisation.objects.get(name="Accueil Poitiers")
    assert (created.publication_state, created.department_code) == ("brouillon", "86")
    assert not Organisation.objects.filter(name="Accueil Strasbourg").exists()
    assert Organisation.objects.filter(name="Déjà à Strasbourg").exists()
    assert Organisation.objects.filter(name="Déjà à Poitiers, renommée").exists()


def test_a_reader_cannot_import(client, make_staff):
    client.force_login(make_staff("lecteur", "lecteur", "86"))
    data = csv_bytes([["Nom", "CP"], ["A", "86000"]])
    response = client.post(
        reverse("admin:partners_organisation_import"), {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert response.status_code == 403
    assert not ImportRecord.objects.exists()
