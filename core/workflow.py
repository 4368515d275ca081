"""The publication workflow: brouillon → à relire → publié → archivé, and back to brouillon.

Each transition names the states it starts from, the state it leads to, and the permission it
takes (``change``: the role's right to change the record; ``publish``: the reviewers'
``publish_<model>``). Who may apply it where is the admin's business (roles and scope); what
it does is here. ``published_at`` is set by the database when a record is first published
(``stamp_first_publication``), and every change is recorded by the history triggers.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState

DRAFT = PublicationState.DRAFT
REVIEW = PublicationState.REVIEW
PUBLISHED = PublicationState.PUBLISHED
ARCHIVED = PublicationState.ARCHIVED


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the admin action's label
    done: str  # the message's start, « Soumises à relecture »
    sources: frozenset
    target: str
    permission: str  # "change" or "publish"


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "submit_for_review",
            _("Soumettre à relecture"),
            _("Soumises à relecture"),
            frozenset({DRAFT}),
            REVIEW,
            "change",
        ),
        Transition(
            "publish",
            _("Publier"),
            _("Publiées"),
            frozenset({REVIEW}),
            PUBLISHED,
            "publish",
        ),
        Transition(
            "unpublish",
            _("Dépublier (repasser en brouillon)"),
            _("Repassées en brouillon"),
            frozenset({REVIEW, PUBLISHED, ARCHIVED}),
            DRAFT,
            "publish",
        ),
        Transition(
            "archive",
            _("Archiver"),
            _("Archivées"),
            frozenset({PUBLISHED}),
            ARCHIVED,
            "publish",
        ),
    ]
}


def apply(transition: Transition, queryset) -> tuple[list, list]:
    """Move the records of ``queryset`` that are in one of the transition's sources to its
    target, in one UPDATE; return ``(moved, left)``: the records moved and those whose state
    does not allow it (unchanged)."""
    records = list(queryset.order_by("pk"))
    moved = [record for record in records if record.publication_state in transition.sources]
    left = [record for record in records if record.publication_state not in transition.sources]
    if moved:
        queryset.model._default_manager.filter(pk__in=[record.pk for record in moved]).update(
            publication_state=transition.target, updated_at=timezone.now()
        )
    return moved, left
