import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains

from partners.models import ImportRecord, Organisation, OrganisationEvent

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"reference", "partners", "programmes", "events"}
PORTAL_MODELS = [model for model in admin.site._registry if model._meta.app_label in PORTAL_APPS]


def test_every_portal_model_is_in_the_admin():
    """History tables are read on each record's history page (the organisations' also in a list
    of their own), not each in the admin."""
    from django.apps import apps
    from pghistory.models import Event

    expected = {
        model
        for app in PORTAL_APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.auto_created
        and (not issubclass(model, Event) or model is OrganisationEvent)
    }
    assert expected == set(PORTAL_MODELS)


@pytest.mark.parametrize("model", PORTAL_MODELS, ids=lambda model: model.__name__)
def test_admin_lists_searches_and_adds_every_model(admin_client, model):
    call_command("load_demo")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert admin_client.get(changelist, {"q": "Poitiers"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    # Import records and history events are written by imports and triggers only.
    read_only = model in (ImportRecord, OrganisationEvent)
    assert admin_client.get(add).status_code == (403 if read_only else 200)
    record = model.objects.first()
    if record is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
        assert admin_client.get(change).status_code == 200


def test_admin_is_in_french_and_searches_organisations_by_name(admin_client):
    call_command("load_demo")
    response = admin_client.get(reverse("admin:partners_organisation_changelist"), {"q": "Cilpi"})
    assertContains(response, '<html lang="fr"')
    assertContains(response, "Commission interministérielle pour le logement des populations")
    assert list(response.context["cl"].result_list) == [Organisation.objects.get(acronym="Cilpi")]


def test_admin_shows_staff_only_contact_people(admin_client):
    call_command("load_demo")
    dihal = Organisation.objects.get(acronym="Dihal")
    response = admin_client.get(reverse("admin:partners_organisation_change", args=[dihal.pk]))
    assertContains(response, "sandra.daunis@dihal.gouv.fr")
