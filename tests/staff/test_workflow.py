"""The publication workflow: brouillon → à relire → publié → archivé (and back to brouillon),
each step allowed to its roles, within scope."""

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse

from core.enums import PublicationState
from events.models import Event
from programmes.models import Programme
from tests.pages import card_titles, text

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:programmes_programme_changelist")


def act(client, action, *records, url=CHANGELIST):
    return client.post(
        url, {"action": action, "_selected_action": [record.pk for record in records]}
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def state(record):
    record.refresh_from_db()
    return record.publication_state


def test_an_editor_submits_a_draft_and_a_reviewer_publishes_it(client, staff, world):
    ours = world["programme"]["ours_draft"]
    client.force_login(staff["editeur"])
    response = act(client, "submit_for_review", ours)
    assert response.status_code == 302
    assert messages_of(response) == ["Soumises à relecture (1) : « Programme ours_draft »."]
    assert state(ours) == PublicationState.REVIEW
    # Publishing is not an editor's: the action is not offered, and refused if sent.
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions] == ["", "delete_selected", "submit_for_review"]
    assert act(client, "publish", ours).status_code == 403
    assert state(ours) == PublicationState.REVIEW

    client.force_login(staff["relecteur"])
    actions = client.get(CHANGELIST).context["action_form"].fields["action"].choices
    assert [name for name, _ in actions] == [
        "",
        "delete_selected",
        "submit_for_review",
        "publish",
        "unpublish",
        "archive",
    ]
    response = act(client, "publish", ours)
    assert messages_of(response) == ["Publiées (1) : « Programme ours_draft »."]
    ours.refresh_from_db()
    assert ours.publication_state == PublicationState.PUBLISHED
    first_published = ours.published_at
    assert first_published is not None
    # It is on the public site.
    assert "Programme ours_draft" in card_titles(client.get("/programmes/").content.decode())


def test_records_in_the_wrong_state_are_left_unchanged_and_named(client, staff, world):
    review, draft = world["programme"]["ours_draft"], world["programme"]["region_draft"]
    Programme.objects.filter(pk=review.pk).update(publication_state=PublicationState.REVIEW)
    client.force_login(staff["relecteur"])
    response = act(client, "publish", review, draft)
    assert messages_of(response) == [
        "Publiées (1) : « Programme ours_draft ».",
        "Inchangées, leur état ne le permet pas (1) : « Programme region_draft » (Brouillon).",
    ]
    assert (state(review), state(draft)) == (PublicationState.PUBLISHED, PublicationState.DRAFT)


def test_actions_on_records_out_of_scope_are_refused_whole(client, staff, world):
    ours, theirs = world["programme"]["ours_published"], world["programme"]["theirs_published"]
    client.force_login(staff["relecteur"])
    assert act(client, "archive", ours, theirs).status_code == 403
    assert (state(ours), state(theirs)) == (PublicationState.PUBLISHED,) * 2
    client.force_login(staff["lecteur"])
    assert act(client, "submit_for_review", world["programme"]["ours_draft"]).status_code == 403


def test_archiving_keeps_the_page_with_a_notice_out_of_lists_and_search(client, staff, world):
    ours = world["programme"]["ours_published"]
    page = ours.get_absolute_url()
    client.force_login(staff["relecteur"])
    response = act(client, "archive", ours)
    assert messages_of(response) == ["Archivées (1) : « Programme ours_published »."]
    client.logout()
    response = client.get(page)
    assert response.status_code == 200
    assert (
        "Fiche archivée : elle n'est plus tenue à jour et ne figure plus dans les listes ni "
        "dans la recherche." in text(response.content.decode())
    )
    assert "Programme ours_published" not in card_titles(
        client.get("/programmes/").content.decode()
    )
    assert (
        "Programme ours_published"
        not in client.get("/recherche/", {"q": "ours_published"}).content.decode()
    )

    # Back to draft: the page no longer answers the public.
    client.force_login(staff["relecteur"])
    act(client, "unpublish", ours)
    assert state(ours) == PublicationState.DRAFT
    client.logout()
    cache.clear()  # the data version is raised at commit, which a test's transaction never is
    assert client.get(page).status_code == 404


def test_first_publication_date_is_kept_when_published_again(client, staff, world):
    ours = world["event"]["ours_published"]
    first = Event.objects.get(pk=ours.pk).published_at
    assert first is not None  # set by the database when created published
    changelist = reverse("admin:events_event_changelist")
    client.force_login(staff["relecteur"])
    for action in ("unpublish", "submit_for_review", "publish"):
        act(client, action, ours, url=changelist)
    ours.refresh_from_db()
    assert (ours.publication_state, ours.published_at) == (PublicationState.PUBLISHED, first)


def test_transitions_are_buttons_on_the_record_page(client, staff, world):
    ours = world["organisation"]["ours_draft"]
    change = reverse("admin:partners_organisation_change", args=[ours.pk])
    client.force_login(staff["editeur"])
    page = client.get(change).content.decode()
    submit = reverse("admin:partners_organisation_transition", args=[ours.pk, "submit_for_review"])
    assert f'formaction="{submit}"' in page
    assert "/etat/publish/" not in page
    publish = reverse("admin:partners_organisation_transition", args=[ours.pk, "publish"])
    assert client.post(publish).status_code == 403
    assert client.get(submit).status_code == 405
    response = client.post(submit)
    assert response.url == change
    assert state(ours) == PublicationState.REVIEW
    theirs = world["organisation"]["theirs_published"]
    archive = reverse("admin:partners_organisation_transition", args=[theirs.pk, "archive"])
    client.force_login(staff["relecteur"])
    assert client.post(archive).status_code == 403
    assert state(theirs) == PublicationState.PUBLISHED
