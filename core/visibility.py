"""A record one may not see is named nowhere in the back office, and chosen nowhere.

- **Names.** During an admin request (``ViewerMiddleware``) the staff member's scope is the
  viewer's. A record with a publication state that they may not see (another territory's
  draft, a national draft for an editor) then reads, wherever Django prints its name (forms
  and their choices, read-only pages, change lists, history, messages, deletion pages), as
  its kind's neutral label, « Structure non publiée hors de votre périmètre »: the rule of
  ``for_user`` (``core.scoping``) applied to the instance, with no query. Outside the admin
  (public pages, which read published records only, and commands) names are plain.
- **Choices.** Every field of a form choosing records (foreign keys and many-to-many links,
  autocompletes included) accepts only what the user may see, and the values the record
  already holds (``narrow_choices``): a forged id of another territory's draft is refused as
  any unknown choice, without its name.
"""

import contextvars
from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q

from core.scoping import scope_of

_viewer = contextvars.ContextVar("portal_viewer_scope", default=None)


@contextmanager
def viewing_as(user):
    """Names as ``user`` may read them, within the block."""
    token = _viewer.set(scope_of(user))
    try:
        yield
    finally:
        _viewer.reset(token)


def hidden_name(record) -> str | None:
    """The neutral label standing for ``record``'s name when the current viewer may not see
    it; None otherwise (no viewer, or a record they may see)."""
    scope = _viewer.get()
    if scope is None or scope.sees(record):
        return None
    return str(record.hidden_label)


class ViewerMiddleware:
    """The staff member reading the admin is the viewer of every name it prints."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/admin/"):
            return self.get_response(request)
        with viewing_as(request.user):
            return self.get_response(request)


def _held(form, name) -> list:
    """The ids the form's record already holds in its field ``name``, and those of the
    proposal it shows (its class's ``held_ids``, core.admin.revisions)."""
    held = list(getattr(form, "held_ids", {}).get(name, []))
    instance = getattr(form, "instance", None)
    if instance is None or instance.pk is None:
        return held
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return held
    if model_field.many_to_many:
        return held + list(getattr(instance, name).values_list("pk", flat=True))
    value = getattr(instance, model_field.attname, None)
    return held if value is None else [*held, value]


def narrow_choices(form, user) -> None:
    """Every field of ``form`` choosing records among those ``user`` may see (published ones,
    and those within their scope), or those the form's record already holds."""
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None or not hasattr(queryset, "for_user"):
            continue
        allowed = queryset.for_user(user)
        if held := [pk for pk in _held(form, name) if pk not in ("", None)]:
            allowed = queryset.filter(Q(pk__in=allowed.values("pk")) | Q(pk__in=held))
        field.queryset = allowed
