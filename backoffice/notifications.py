"""E-mails to staff: new correction reports, told to the editors whose scope covers the
record; and the reviewers' daily digest of what waits for them.

Who is told: the active editors and reviewers whose regions or departments hold the record
(the record's own territory codes, as for their scope); when none has an e-mail address, or
the record is national (a scheme), the national administrators. Readers are never told. The
message names the record, quotes the report and links to it in the admin; the reporter's
e-mail address stays in the admin (personal data, erased after 12 months), out of inboxes.
A failed delivery is logged and never fails the visitor's report, which is already saved.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backoffice.models import ReviewDigest
from core import kinds, revisions
from core.enums import PublicationState, RevisionState
from core.mail import one_line, send
from core.models import Revision
from reference.enums import TerritoryLevel
from staff.enums import Role
from staff.roles import GROUP_NAMES


def _addresses(accounts) -> list[str]:
    return sorted(
        set(
            accounts.filter(is_active=True, is_staff=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def recipients(report) -> list[str]:
    """The e-mail addresses of the staff to tell of ``report``."""
    accounts = get_user_model().objects
    record = report.record
    covering = Q(pk__in=[])
    if code := getattr(record, "department_code", ""):
        covering |= Q(territories__level=TerritoryLevel.DEPARTMENT, territories__code=code)
    if code := getattr(record, "region_code", ""):
        covering |= Q(territories__level=TerritoryLevel.REGION, territories__code=code)
    editors = accounts.filter(
        covering, groups__name__in=[GROUP_NAMES[Role.EDITOR], GROUP_NAMES[Role.REVIEWER]]
    )
    return _addresses(editors) or _addresses(
        accounts.filter(Q(is_superuser=True) | Q(groups__name=GROUP_NAMES[Role.ADMINISTRATOR]))
    )


def notify_editors(report, request) -> int:
    """E-mail the report to the staff concerned; return how many were written to."""
    addresses = recipients(report)
    if not addresses:
        return 0
    link = request.build_absolute_uri(
        reverse("admin:backoffice_correctionreport_change", args=[report.pk])
    )
    with translation.override(settings.LANGUAGE_CODE):  # the staff's language, not the visitor's
        name = one_line(report.record)
        subject = _("Signalement d'erreur : %(record)s") % {"record": name}
        body = "\n\n".join(
            [
                _("Un visiteur du portail signale une erreur sur la fiche « %(record)s » :")
                % {"record": name},
                report.message,
                _("Le signalement, à traiter dans l'administration : %(link)s") % {"link": link},
            ]
        )
    return send([(subject, body, [address]) for address in addresses], f"Signalement {report.pk}")


DIGEST_ITEMS = 20


def waiting_for(user) -> list[tuple[str, str, str]]:
    """What waits for ``user``'s review within their scope, oldest first: ``(kind, record's
    name, admin path)`` of records submitted for review and of changes to live records."""
    waiting = []
    for model in (kind.model for kind in kinds.all_kinds()):
        opts = model._meta
        if not revisions.may_publish(user, model):
            continue
        kind = capfirst(opts.verbose_name)
        submitted = model._default_manager.within_scope(user).filter(
            publication_state=PublicationState.REVIEW
        )
        for record in submitted.order_by("updated_at", "pk"):
            path = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            waiting.append((record.updated_at, kind, str(record), path))
        changes = Revision.objects.within_scope(user, model).filter(state=RevisionState.PENDING)
        records = model._default_manager.in_bulk([r.object_id for r in changes])
        for revision in changes:
            path = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_revision", args=[revision.object_id]
            )
            name = _("modifications de « %(record)s »") % {"record": records[revision.object_id]}
            waiting.append((revision.updated_at, kind, name, path))
    waiting.sort(key=lambda item: item[0])
    return [item[1:] for item in waiting]


def send_review_digests(today=None) -> int:
    """E-mail each active reviewer and administrator with an address what waits for their
    review within their scope, once a day at most; return how many were written to."""
    today = today or timezone.localdate()
    reviewers = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .exclude(email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__name__in=[GROUP_NAMES[Role.ADMINISTRATOR], GROUP_NAMES[Role.REVIEWER]])
        )
        .exclude(pk__in=ReviewDigest.objects.filter(sent_on=today).values("user"))
        .distinct()
        .order_by("pk")
    )
    sent = 0
    for user in reviewers:
        with translation.override(settings.LANGUAGE_CODE):
            waiting = waiting_for(user)
            if not waiting:
                continue
            subject = ngettext(
                "%(count)s fiche attend votre relecture",
                "%(count)s fiches attendent votre relecture",
                len(waiting),
            ) % {"count": len(waiting)}
            lines = [
                f"- {kind} : {name}\n  {settings.PORTAL_SITE_URL}{path}"
                for kind, name, path in waiting[:DIGEST_ITEMS]
            ]
            if len(waiting) > DIGEST_ITEMS:
                lines.append(
                    _("… et %(count)s autres, dans le tableau de bord : %(link)s")
                    % {
                        "count": len(waiting) - DIGEST_ITEMS,
                        "link": settings.PORTAL_SITE_URL + reverse("admin:index"),
                    }
                )
            body = "\n\n".join(
                [_("Dans votre périmètre, ceci attend votre relecture :"), "\n".join(lines)]
            )
        if send([(subject, body, [user.email])], f"Récapitulatif de relecture de {user.pk}"):
            ReviewDigest.objects.create(user=user, sent_on=today)
            sent += 1
    return sent
