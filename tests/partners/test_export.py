import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from core.enums import PublicationState
from partners.models import Organisation
from partners.resources import CSV, XLSX, OrganisationResource
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partners.helpers import FILES, run_command

pytestmark = pytest.mark.django_db

DANGEROUS = ["=1+1", "+33 1 23", "-2", "@SUM(A1)", "\tcmd", "\rcmd"]


def export(tmp_path, file_format, *args):
    path = tmp_path / f"structures.{file_format}"
    call_command(
        "export_organisations",
        "--format",
        file_format,
        "--output",
        str(path),
        *args,
        stderr=io.StringIO(),
    )
    return path


def test_formula_cells_are_neutralised_in_csv_and_xlsx(tmp_path):
    for index, value in enumerate(DANGEROUS):
        OrganisationFactory(name=f"Structure {index}", description=value)
    csv_text = export(tmp_path, "csv").read_bytes().decode("utf-8")
    for value in DANGEROUS:
        assert f",'{value}," in csv_text or f',"\'{value}",' in csv_text
    sheet = load_workbook(export(tmp_path, "xlsx")).active
    column = [cell.value for cell in sheet["G"]][1:]  # « presentation »
    # (openpyxl reads a lone carriage return back as a line feed)
    assert sorted(column) == sorted(f"'{value}".replace("\r", "\n") for value in DANGEROUS)
    assert all(cell.data_type == "s" for cell in sheet["G"])


def test_json_export_keeps_values_as_they_are(tmp_path):
    OrganisationFactory(name="=1+1", rna="W543000002")
    rows = json.loads(export(tmp_path, "json").read_text(encoding="utf-8"))
    assert rows[0]["nom"] == "=1+1"
    assert rows[0]["rna"] == "W543000002"


def test_public_export_holds_published_organisations_without_contact_people(tmp_path):
    contact = ContactPersonFactory(organisation__name="Publiée")
    OrganisationFactory(name="Brouillon", publication_state=PublicationState.DRAFT)
    text = export(tmp_path, "csv").read_text(encoding="utf-8")
    assert "Publiée" in text and "Brouillon" not in text
    for personal in (contact.full_name, contact.email, contact.phone):
        assert personal not in text
    assert "Brouillon" in export(tmp_path, "csv", "--all").read_text(encoding="utf-8")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_reimports_with_no_change(tmp_path, file_format):
    for name in (
        "rna_waldec.csv",
        "associations_tableur_cp1252.csv",
        "datainclusion_structures_v1.csv",
    ):
        run_command(FILES / name)
    OrganisationFactory(
        name="=Formule",
        acronym="-A-",
        description="+ligne\navec retour",
        rna="W2B1000123",
        is_dissolved=True,
        dissolved_on="2020-01-02",
        kind="reseau",
        phone="+33 5 49 00 00 00",
    )
    before = list(Organisation.objects.order_by("id").values())
    path = export(tmp_path, file_format, "--all")
    status, out, _ = run_command(path)
    assert out[0].startswith("Forme reconnue : export du portail de l'intégration")
    assert (status, out[-1]) == (0, f"created=0 updated=0 unchanged={len(before)} rejected=0")
    assert list(Organisation.objects.order_by("id").values()) == before


def test_admin_export_requires_its_permission(client, admin_client, django_user_model):
    OrganisationFactory(name="=Exportée")
    url = reverse("admin:partners_organisation_export")
    staff = django_user_model.objects.create_user("editeur", password="x", is_staff=True)
    staff.user_permissions.add(*_permissions("view_organisation"))
    client.force_login(staff)
    assert client.get(url).status_code == 403
    response = admin_client.post(
        url,
        {
            "format": "0",
            "resource": "0",
            **{
                f"organisationresource_{header}": "on"
                for header in OrganisationResource().get_export_order()
            },
        },
    )
    assert response.status_code == 200
    assert "'=Exportée" in response.content.decode("utf-8")


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename__in=codenames)


def test_resource_formats_are_the_neutralising_ones():
    dataset = OrganisationResource().export(Organisation.objects.none())
    assert dataset.headers[:3] == ["nom", "sigle", "type"]
    assert CSV().get_content_type() == "text/csv"
    assert XLSX().get_extension() == "xlsx"


@pytest.mark.parametrize("value", ["=x", "'=x", "''=x", "'texte", "-", "+33 1 23 45 67 89"])
def test_neutralising_then_importing_gives_the_value_back(value):
    from core.spreadsheet import neutralise, restore

    assert restore(neutralise(value)) == value


def test_admin_descriptions_with_windows_line_ends_reimport_unchanged(tmp_path):
    organisation = OrganisationFactory(name="Accueil", description="un\r\ndeux")
    organisation.refresh_from_db()
    assert organisation.description == "un\ndeux"
    _, out, _ = run_command(export(tmp_path, "xlsx"))
    assert out[-1] == "created=0 updated=0 unchanged=1 rejected=0"


def test_trigger_helper_functions_are_the_portal_s_after_migrate():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, prosrc FROM pg_proc WHERE proname IN "
            "('_pgtrigger_should_ignore', '_pgh_attach_context')"
        )
        bodies = dict(cursor.fetchall())
    assert set(bodies) == {"_pgtrigger_should_ignore", "_pgh_attach_context"}
    assert all("EXCEPTION" not in body for body in bodies.values())
