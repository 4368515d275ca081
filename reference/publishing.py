"""What every public record shares: a publication state and its timestamps."""

from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from reference.enums import PublicationState


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(publication_state=PublicationState.PUBLISHED)


class PublishableModel(models.Model):
    publication_state = models.CharField(
        _("état de publication"),
        max_length=10,
        choices=PublicationState,
        default=PublicationState.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.publication_state == PublicationState.PUBLISHED

    @property
    def slug(self) -> str:
        """The readable part of the record's address (the primary key is what identifies it)."""
        slug = slugify(str(self))
        if len(slug) > 80:
            slug = slug[:80].rsplit("-", 1)[0]
        return slug or "fiche"


def get_public_object_or_404(request, queryset, pk: int, slug: str):
    """The record at ``pk`` if the public may see it (staff also see drafts, to review them).

    Returns ``(record, None)``, or ``(None, redirect)`` when the address's readable part is
    not the record's current one (the record was renamed): the old address keeps working.
    """
    if not request.user.is_staff:
        queryset = queryset.published()
    record = get_object_or_404(queryset, pk=pk)
    if slug != record.slug:
        return None, redirect(record, permanent=True)
    return record, None
