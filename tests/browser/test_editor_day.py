"""An editor's day: log in, find a draft, edit it, submit it for review; a reviewer publishes
it; it appears on the public site."""

import pytest

from core.enums import PublicationState
from programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Résidence sociale « Koenigshoffen »"
PASSWORD = "une phrase assez longue"


def log_in(page, url, username):
    page.goto(url + "/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def test_an_editor_submits_a_draft_a_reviewer_publishes_it(live_demo, browser, make_staff):
    Programme.objects.filter(title=TITLE).update(publication_state=PublicationState.DRAFT)
    staff = {}
    for username, role in [("camille", "editeur"), ("dominique", "relecteur")]:
        staff[username] = make_staff(username, role, "67")
        staff[username].set_password(PASSWORD)
        staff[username].save()

    editor = browser.new_context(locale="fr-FR").new_page()
    log_in(editor, live_demo.url, "camille")
    # The dashboard's drafts, then the programme list filtered on drafts.
    assert editor.get_by_role("heading", name="À suivre dans votre périmètre").is_visible()
    editor.goto(live_demo.url + "/admin/programmes/programme/?publication_state__exact=brouillon")
    editor.get_by_role("link", name=TITLE).click()
    editor.get_by_label("Résumé").fill("Une résidence sociale de 90 logements à Strasbourg.")
    editor.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    editor.get_by_role("button", name="Soumettre à relecture").click()
    assert f"Soumises à relecture (1) : « {TITLE} »." in editor.locator(".messagelist").inner_text()
    assert editor.get_by_role("button", name="Publier", exact=True).count() == 0  # not an editor's

    reviewer = browser.new_context(locale="fr-FR").new_page()
    log_in(reviewer, live_demo.url, "dominique")
    reviewer.get_by_role("link", name=TITLE).click()  # on the dashboard, « À relire »
    reviewer.get_by_role("button", name="Publier", exact=True).click()
    assert f"Publiées (1) : « {TITLE} »." in reviewer.locator(".messagelist").inner_text()

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(live_demo.url + "/programmes/?q=Koenigshoffen")
    visitor.get_by_role("link", name=TITLE).click()
    assert visitor.get_by_role("heading", level=1).inner_text() == TITLE
    assert "Une résidence sociale de 90 logements à Strasbourg." in visitor.content()
    programme = Programme.objects.get(title=TITLE)
    assert programme.publication_state == PublicationState.PUBLISHED
    # Edit, submit, publish: recorded with who did them.
    changes = programme.history.filter(pgh_label="update").order_by("pgh_id")
    assert [event.pgh_context and event.pgh_context.metadata["user"] for event in changes] == [
        None,  # set back to draft by this test
        staff["camille"].pk,
        staff["camille"].pk,
        staff["dominique"].pk,
    ]


def test_an_editor_proposes_a_change_to_a_live_programme_a_reviewer_approves_it(
    live_demo, browser, make_staff
):
    """The published programme keeps its page until the reviewer approves the change."""
    for username, role in [("camille", "editeur"), ("dominique", "relecteur")]:
        account = make_staff(username, role, "67")
        account.set_password(PASSWORD)
        account.save()
    programme = Programme.objects.get(title=TITLE)
    assert programme.publication_state == PublicationState.PUBLISHED
    summary = "Une résidence sociale de 90 logements, ouverte en 2019."

    editor = browser.new_context(locale="fr-FR").new_page()
    log_in(editor, live_demo.url, "camille")
    editor.goto(live_demo.url + f"/admin/programmes/programme/{programme.pk}/change/")
    assert "vos modifications seront relues" in editor.locator("#revision-help").inner_text()
    editor.get_by_label("Résumé").fill(summary)
    editor.get_by_role("button", name="Enregistrer", exact=True).click()
    assert "attendent la relecture" in editor.locator(".messagelist").inner_text()
    assert "Modifications à relire" in editor.locator("#revision-notice").inner_text()
    assert editor.get_by_label("Résumé").input_value() == summary  # the proposal, shown

    visitor = browser.new_context(locale="fr-FR").new_page()
    visitor.goto(live_demo.url + programme.get_absolute_url())
    assert summary not in visitor.content()

    reviewer = browser.new_context(locale="fr-FR").new_page()
    log_in(reviewer, live_demo.url, "dominique")
    section = reviewer.locator("#dashboard-changes")
    section.get_by_role("link", name=f"Programme : {TITLE}").click()
    assert summary in reviewer.locator("#revision-fields").inner_text()
    reviewer.get_by_role("button", name="Approuver et publier").click()
    assert "approuvées : elles sont en ligne" in reviewer.locator(".messagelist").inner_text()

    visitor.reload()
    assert summary in visitor.content()
    programme.refresh_from_db()
    assert programme.summary == summary
