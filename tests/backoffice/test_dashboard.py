"""The admin's home page: what needs attention, within the user's scope."""

import datetime as dt

import pytest
from django.utils import timezone

from backoffice.models import CorrectionReport
from core.enums import PublicationState
from events.models import Event
from partners.enums import ImportStatus
from partners.models import ImportRecord
from programmes.models import Programme
from tests.factories import AgendaItemFactory, EventFactory, ProgrammeFactory
from tests.pages import find, text

pytestmark = pytest.mark.django_db


def section(page, key) -> str:
    return text(find(page, f"#dashboard-{key}"))


@pytest.fixture
def attention(bas_rhin, vienne):
    """Something for each list, in Bas-Rhin, and the same in Vienne (another scope)."""
    now = timezone.now()
    for territory in (bas_rhin, vienne):
        name = territory.name
        ProgrammeFactory(
            title=f"À relire {name}", territory=territory, publication_state=PublicationState.REVIEW
        )
        old = ProgrammeFactory(
            title=f"Vieux brouillon {name}",
            territory=territory,
            publication_state=PublicationState.DRAFT,
        )
        Programme.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=40))
        ProgrammeFactory(
            title=f"Se termine {name}",
            territory=territory,
            end_date=timezone.localdate() + dt.timedelta(days=60),
        )
        stale = ProgrammeFactory(title=f"Ancien {name}", territory=territory)
        Programme.objects.filter(pk=stale.pk).update(updated_at=now - dt.timedelta(days=400))
        bare = EventFactory(
            title=f"Rencontre sans programme {name}",
            territory=territory,
            start=now + dt.timedelta(days=10),
        )
        with_agenda = EventFactory(
            title=f"Rencontre avec programme {name}",
            territory=territory,
            start=now + dt.timedelta(days=12),
        )
        AgendaItemFactory(event=with_agenda)
        CorrectionReport.objects.create(programme=stale, message=f"Erreur {name}")
        assert bare and Event.objects.count()


def test_the_dashboard_lists_what_needs_attention_within_scope(client, make_staff, attention):
    user = make_staff("editeur", "editeur", "67")
    ImportRecord.objects.create(
        user=user,
        file_name="liste.csv",
        file_size=10,
        content=b"",
        status=ImportStatus.DONE,
        created=3,
        updated=1,
        unchanged=0,
        rejected=2,
    )
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    assert section(page, "review").startswith(
        "À relire (1) Programme : À relire Bas-Rhin — soumise le"
    )
    assert section(page, "old_drafts").startswith(
        "Brouillons de plus de 30 jours (1) Programme : Vieux brouillon Bas-Rhin — créé le"
    )
    assert section(page, "ending").startswith(
        "Programmes se terminant dans les 90 jours (1) Se termine Bas-Rhin — fin le"
    )
    assert section(page, "no_agenda").startswith(
        "Événements des 30 prochains jours sans programme (1) Rencontre sans programme Bas-Rhin — le"
    )
    assert section(page, "stale").startswith(
        "Publiées et non modifiées depuis 12 mois (1) Programme : Ancien Bas-Rhin — modifiée le"
    )
    assert "liste.csv" in section(
        page, "imports"
    ) and "Importé : 3 créées, 1 mises à jour, 0 inchangées, 2 refusées" in section(page, "imports")
    assert section(page, "reports").startswith(
        "Signalements d'erreur à traiter (1) Ancien Bas-Rhin — reçu le"
    )
    assert "Vienne" not in "".join(
        section(page, key)
        for key in ("review", "old_drafts", "ending", "no_agenda", "stale", "reports")
    )


def test_an_administrator_sees_everything_in_constant_queries(
    client, make_staff, attention, django_assert_max_num_queries
):
    client.force_login(make_staff("national", "administrateur"))
    with django_assert_max_num_queries(40):
        page = client.get("/admin/").content.decode()
    assert section(page, "review").startswith("À relire (2)")
    assert section(page, "reports").startswith("Signalements d'erreur à traiter (2)")
