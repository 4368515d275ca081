"""Editing comfort: filters by territory, refusals that name what points to a record, errors on
the field concerned, the admin in English, change lists in constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.enums import PublicationState
from programmes.models import Programme
from tests.factories import ProgrammeFactory
from tests.pages import language, text
from tests.staff.admin_forms import form_data

pytestmark = pytest.mark.django_db

PROGRAMMES = reverse("admin:programmes_programme_changelist")


def test_lists_filter_by_region_department_and_scope(client, staff, world):
    client.force_login(staff["administrateur"])
    ours = {p.title for p in world["programme"].values()}

    def listed(**query):
        return {p.title for p in client.get(PROGRAMMES, query).context["cl"].result_list} & ours

    assert listed(region="44") == {
        "Programme ours_draft",
        "Programme region_draft",
        "Programme ours_published",
    }
    assert listed(departement="86") == {"Programme theirs_draft", "Programme theirs_published"}
    client.force_login(staff["editeur_86"])
    assert listed(perimetre="mien") == {"Programme theirs_draft", "Programme theirs_published"}
    # The department filter offers the chosen region's departments.
    page = client.get(PROGRAMMES, {"region": "44"}).content.decode()
    assert "Bas-Rhin (67)" in page and "Vienne (86)" not in page


def test_deleting_a_record_others_point_to_is_refused_with_the_list(client, staff, world):
    organisation = world["organisation"]["ours_draft"]
    ProgrammeFactory(
        title="Programme porté",
        lead_organisation=organisation,
        territory=world["programme"]["ours_draft"].territory,
    )
    ProgrammeFactory(
        title="Brouillon de Vienne",
        lead_organisation=organisation,
        territory=world["programme"]["theirs_draft"].territory,
        publication_state=PublicationState.DRAFT,
    )
    client.force_login(staff["editeur"])
    url = reverse("admin:partners_organisation_delete", args=[organisation.pk])
    page = text(client.get(url).content.decode())
    assert "Programme : Programme porté" in page
    assert "Programme : Programme non publié hors de votre périmètre" in page
    assert "Brouillon de Vienne" not in page
    client.post(url, {"post": "yes"})
    assert type(organisation).objects.filter(pk=organisation.pk).exists()


def test_validation_messages_are_on_the_field_concerned(client, staff, world):
    programme = world["programme"]["ours_draft"]
    client.force_login(staff["editeur"])
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    response = client.post(
        url, form_data(client.get(url), start_date="01/06/2021", end_date="01/01/2021")
    )
    assert response.context["adminform"].form.errors["end_date"] == [
        "La fin ne peut pas précéder le début."
    ]


def test_the_admin_speaks_the_users_language(client, staff, world):
    client.force_login(staff["relecteur"])
    page = client.get(PROGRAMMES, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert language(page) == "en"
    assert "Submit for review" in page and "My scope" in page
    page = client.get(PROGRAMMES, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Soumettre à relecture" in page and "Mon périmètre" in page


def test_change_lists_take_constant_queries(client, staff, django_assert_num_queries, grand_est):
    """Session, user, the role's groups and territories, permissions, the count, the page's
    rows (scheme, territory and lead organisation joined), and the filters' choices: the same
    for one programme as for five."""
    client.force_login(staff["editeur"])
    ProgrammeFactory(territory=grand_est)
    client.get(PROGRAMMES)  # the content types and permissions, cached after the first page
    with CaptureQueriesContext(connection) as one:
        client.get(PROGRAMMES)
    ProgrammeFactory.create_batch(4, territory=grand_est)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(PROGRAMMES)
    assert Programme.objects.count() == 5


def test_a_theme_in_use_is_not_deleted(client, staff, world):
    from reference.models import Theme
    from tests.factories import ThemeFactory

    theme = ThemeFactory(name="Logement")
    world["programme"]["ours_draft"].themes.add(theme)
    client.force_login(staff["administrateur"])
    url = reverse("admin:reference_theme_delete", args=[theme.pk])
    assert "Programme : Programme ours_draft" in text(client.get(url).content.decode())
    client.post(url, {"post": "yes"})
    assert Theme.objects.filter(pk=theme.pk).exists()
