"""« Signaler une erreur »: a page of its own per public record, spam refused, reports routed
to the editors whose scope covers the record, their e-mail erased after 12 months."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from backoffice.models import CorrectionReport
from core.enums import PublicationState
from tests.factories import EventFactory, ProgrammeFactory, SchemeFactory
from tests.jobs import queued, run_queued_jobs
from tests.pages import link, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(vienne):
    return ProgrammeFactory(title="Accueil à Poitiers", territory=vienne)


def report_url(kind, record):
    return reverse("report_error", args=[kind, record.pk])


def test_every_record_page_links_to_its_own_report_page(client, programme, vienne):
    event = EventFactory(territory=vienne)
    scheme = SchemeFactory()
    for record, kind in [
        (programme, "programme"),
        (programme.lead_organisation, "structure"),
        (event, "evenement"),
        (scheme, "dispositif"),
    ]:
        page = client.get(record.get_absolute_url()).content.decode()
        assert link(page, "Signaler une erreur sur cette fiche")["href"] == report_url(kind, record)
        assert "csrfmiddlewaretoken" not in page  # record pages are cached: no form there


def test_a_visitor_reports_an_error_without_an_account(client, programme):
    url = report_url("programme", programme)
    page = client.get(url).content.decode()
    assert "Sur la fiche" in text(page) and "Accueil à Poitiers" in page
    response = client.post(url, {"message": "La date de fin est 2022.", "email": "a@example.org"})
    assert response.url == reverse("report_thanks", args=["programme", programme.pk])
    report = CorrectionReport.objects.get()
    assert (report.record, report.message, report.email, report.is_handled) == (
        programme,
        "La date de fin est 2022.",
        "a@example.org",
        False,
    )
    assert "Merci pour votre signalement" in client.get(response.url).content.decode()
    # In English too.
    page = client.get(f"/en{url}").content.decode()
    assert "Report an error" in page


def test_drafts_and_unknown_kinds_have_no_report_page(client, programme):
    programme.publication_state = PublicationState.DRAFT
    programme.save()
    assert client.get(report_url("programme", programme)).status_code == 404
    assert client.get(f"/signaler/inconnu/{programme.pk}/").status_code == 404


def test_spam_is_refused_by_a_honeypot_and_a_rate_limit(client, programme):
    url = report_url("programme", programme)
    response = client.post(url, {"message": "Achetez", "site": "http://spam.example"})
    assert response.status_code == 400
    assert "Envoi refusé : un champ réservé aux robots a été rempli." in response.content.decode()
    assert not CorrectionReport.objects.exists()
    for number in range(5):
        assert client.post(url, {"message": f"Erreur {number}"}).status_code == 302
    response = client.post(url, {"message": "Une de trop"})
    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert CorrectionReport.objects.count() == 5
    # Another address is not limited.
    assert client.post(url, {"message": "Ailleurs"}, REMOTE_ADDR="192.0.2.9").status_code == 302


def test_reports_reach_the_editors_whose_scope_covers_the_record(client, make_staff, programme):
    scheme = SchemeFactory(name="Dispositif national")
    CorrectionReport.objects.create(programme=programme, message="Coquille")
    CorrectionReport.objects.create(scheme=scheme, message="Sigle faux")
    changelist = reverse("admin:backoffice_correctionreport_changelist")
    seen = {}
    for username, role, codes in [
        ("vienne", "editeur", ["86"]),
        ("bas_rhin", "editeur", ["67"]),
        ("national", "administrateur", []),
    ]:
        client.force_login(make_staff(username, role, *codes))
        listed = client.get(changelist).context["cl"].result_list
        seen[username] = {report.message for report in listed}
    assert seen == {
        "vienne": {"Coquille"},
        "bas_rhin": set(),
        "national": {"Coquille", "Sigle faux"},
    }
    # The editor marks it handled; the other editor may not even see it.
    report = CorrectionReport.objects.get(programme=programme)
    client.force_login(make_staff("bas_rhin", "editeur", "67"))
    assert client.post(
        changelist, {"action": "mark_handled", "_selected_action": [report.pk]}
    ).status_code in (302, 403)
    report.refresh_from_db()
    assert not report.is_handled
    editor = make_staff("vienne", "editeur", "86")
    client.force_login(editor)
    client.post(changelist, {"action": "mark_handled", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert (report.is_handled, report.handled_by) == (True, editor)


def test_new_reports_are_emailed_to_the_editors_of_the_record(
    client, make_staff, programme, mailoutbox
):
    for username, role, codes in [
        ("vienne", "editeur", ["86"]),
        ("nouvelle_aquitaine", "relecteur", ["region:75"]),
        ("lecteur_vienne", "lecteur", ["86"]),
        ("bas_rhin", "editeur", ["67"]),
        ("national", "administrateur", []),
    ]:
        account = make_staff(username, role, *codes)
        account.email = f"{username}@example.gouv.fr"
        account.save()
    # Posted from the English page: the e-mail is in the staff's language.
    client.post(
        "/en" + report_url("programme", programme),
        {"message": "La date de fin est 2022.", "email": "visiteur@example.org"},
    )
    assert mailoutbox == []  # sent by a job, not while the visitor waits
    assert run_queued_jobs("send_mail") == 1
    report = CorrectionReport.objects.get()
    assert sorted(message.to for message in mailoutbox) == [
        ["nouvelle_aquitaine@example.gouv.fr"],
        ["vienne@example.gouv.fr"],
    ]
    message = mailoutbox[0]
    assert message.subject == "Signalement d'erreur : Accueil à Poitiers"
    change = reverse("admin:backoffice_correctionreport_change", args=[report.pk])
    assert message.body == (
        "Un visiteur du portail signale une erreur sur la fiche « Accueil à Poitiers » :\n\n"
        "La date de fin est 2022.\n\n"
        f"Le signalement, à traiter dans l'administration : http://testserver{change}"
    )
    # A scheme is national: its reports go to the administrators (its name on one line).
    mailoutbox.clear()
    scheme = SchemeFactory(name="Dispositif\nnational", acronym="")
    client.post(report_url("dispositif", scheme), {"message": "Sigle faux"})
    run_queued_jobs("send_mail")
    assert [(message.to, message.subject) for message in mailoutbox] == [
        (["national@example.gouv.fr"], "Signalement d'erreur : Dispositif national")
    ]


def test_the_visitor_never_waits_on_the_mail_server(client, make_staff, programme, settings):
    """The e-mail is queued for the job worker (tests/core/test_jobs.py: sent, and retried
    when the server is down): the report is saved, nothing reaches the mail server yet."""
    account = make_staff("vienne", "editeur", "86")
    account.email = "vienne@example.gouv.fr"
    account.save()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens
    response = client.post(report_url("programme", programme), {"message": "Coquille"})
    assert response.status_code == 302
    assert CorrectionReport.objects.get().message == "Coquille"
    [job] = queued("send_mail")
    assert job["args"]["messages"][0][2] == ["vienne@example.gouv.fr"]


def test_purge_reports_erases_emails_after_twelve_months(programme):
    old = CorrectionReport.objects.create(programme=programme, message="a", email="a@example.org")
    recent = CorrectionReport.objects.create(
        programme=programme, message="b", email="b@example.org"
    )
    CorrectionReport.objects.filter(pk=old.pk).update(
        created_at=old.created_at - dt.timedelta(days=366)
    )
    out = io.StringIO()
    call_command("purge_reports", stdout=out)
    assert out.getvalue() == "Courriels de signalements effacés : 1.\n"
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.email, old.message, recent.email) == ("", "a", "b@example.org")
