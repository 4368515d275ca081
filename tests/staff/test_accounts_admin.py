"""Accounts: their role and scope edited on their admin page, by administrators only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from partners.models import OrganisationEvent
from reference.models import Territory
from tests.staff.admin_forms import form_data

pytestmark = pytest.mark.django_db


def test_an_administrator_sets_a_role_and_scope_on_the_accounts_page(client, make_staff):
    editor = make_staff("camille", "editeur", "86")
    client.force_login(make_staff("national", "administrateur"))
    url = reverse("admin:staff_user_change", args=[editor.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Rôle et périmètre" in page.content.decode()
    region = Territory.objects.get(level="region", code="75")
    reviewers = Group.objects.get(name="Relecteur")
    response = client.post(url, form_data(page, territories=[region.pk], groups=[reviewers.pk]))
    assert response.status_code == 302
    editor = type(editor).objects.get(pk=editor.pk)
    assert editor.role == "relecteur" and editor.scope.regions == {"75"}
    changelist = client.get(reverse("admin:staff_user_changelist")).content.decode()
    assert "Relecteur" in changelist and "Nouvelle-Aquitaine" in changelist


@pytest.mark.parametrize("role", ["editeur", "relecteur", "lecteur"])
def test_only_administrators_manage_accounts(client, make_staff, role):
    user = make_staff("camille", role, "86")
    client.force_login(user)
    assert client.get(reverse("admin:staff_user_changelist")).status_code == 403
    assert client.get(reverse("admin:staff_user_change", args=[user.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_the_organisations_history_list_is_within_scope(client, make_staff, world):
    client.force_login(make_staff("vienne", "editeur", "86"))
    response = client.get(reverse("admin:partners_organisationevent_changelist"))
    names = {event.name for event in response.context["cl"].result_list}
    assert names & {f"Structure {key}" for key in world["organisation"]} == {
        "Structure theirs_draft",
        "Structure theirs_published",
    }
    ours = OrganisationEvent.objects.get(pgh_obj=world["organisation"]["ours_draft"])
    url = reverse("admin:partners_organisationevent_change", args=[ours.pk])
    assert client.get(url).status_code == 404
