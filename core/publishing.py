"""What public records share: a publication state and its timestamps, their addresses."""

import functools

import pgtrigger
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.enums import PublicationState
from core.scoping import PUBLIC_STATES, ScopedQuerySet
from core.search import unaccent
from core.visibility import hidden_name


class PublishableQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)

    def public(self):
        """Published or archived: what a record's own page shows to anyone."""
        return self.filter(publication_state__in=PUBLIC_STATES)


class PublishableModel(models.Model):
    publication_state = models.CharField(
        _("état de publication"),
        max_length=10,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        _("publié pour la première fois le"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PublishableQuerySet.as_manager()
    # What stands for the record's name in the back office to staff who may not see it
    # (core.visibility).
    hidden_label = _("Fiche non publiée hors de votre périmètre")
    # The accessors of its parts (a programme's figures…), changed with it and proposed with it
    # for review (core.revisions).
    revision_parts: tuple[str, ...] = ()
    # Its changes waiting for review, deleted with it.
    revisions = GenericRelation("core.Revision")

    class Meta:
        abstract = True

    def __str__(self):
        return hidden_name(self) or self.record_name()

    def record_name(self) -> str:
        """The record's name, as its pages and downloads show it."""
        raise NotImplementedError

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED

    @property
    def is_archived(self) -> bool:
        return self.publication_state == PublicationState.ARCHIVED

    @property
    def slug(self) -> str:
        """The readable part of the record's address (the primary key is what identifies it)."""
        return make_slug(self.record_name())


def make_slug(text: str) -> str:
    slug = slugify(unaccent(text))
    if len(slug) > 80:
        slug = slug[:80].rsplit("-", 1)[0]
    return slug or "fiche"


@functools.cache
def _address_pattern(url_name: str, language: str) -> str:
    return reverse(url_name, args=[1, "x"]).replace("/1-x/", "/{}-{}/")


def record_url(url_name: str, pk: int, text: str) -> str:
    """The address of a record's page from its id and name, without a record (as
    ``get_absolute_url()``, a hundred times faster: downloads build 200 000 of them)."""
    return _address_pattern(url_name, get_language()).format(pk, make_slug(text))


def get_public_object_or_404(request, queryset, pk: int, slug: str):
    """The record at ``pk`` if the person may see it: published or archived (the page then says
    so), or a draft to a staff member allowed to view that kind of record whose scope covers it
    (to review it).

    Returns ``(record, None)``, or ``(None, redirect)`` when the address's readable part is
    not the record's current one (the record was renamed): the old address keeps working.
    """
    opts = queryset.model._meta
    if request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
        queryset = queryset.for_user(request.user)
    else:
        queryset = queryset.public()
    record = get_object_or_404(queryset, pk=pk)
    if slug != record.slug:
        return None, redirect(record, permanent=True)
    return record, None


def stamp_first_publication() -> pgtrigger.Trigger:
    """The trigger setting ``published_at`` when a record is published for the first time,
    whatever writes it (the workflow's actions, an import, the demo, SQL)."""
    return pgtrigger.Trigger(
        name="first_publication",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.UpdateOf("publication_state"),
        condition=pgtrigger.Q(
            new__publication_state=PublicationState.PUBLISHED.value,
            new__published_at__isnull=True,
        ),
        func="NEW.published_at := now(); RETURN NEW;",
    )
