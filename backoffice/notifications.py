"""New correction reports told by e-mail to the editors whose scope covers the record.

Who is told: the active editors and reviewers whose regions or departments hold the record
(the record's own territory codes, as for their scope); when none has an e-mail address, or
the record is national (a scheme), the national administrators. Readers are never told. The
message names the record, quotes the report and links to it in the admin; the reporter's
e-mail address stays in the admin (personal data, erased after 12 months), out of inboxes.
A failed delivery is logged and never fails the visitor's report, which is already saved.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from reference.enums import TerritoryLevel
from staff.enums import Role
from staff.roles import GROUP_NAMES

logger = logging.getLogger(__name__)


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
        # One line: a header with a line break would be refused.
        name = " ".join(str(report.record).split())
        subject = _("Signalement d'erreur : %(record)s") % {"record": name}
        body = "\n\n".join(
            [
                _("Un visiteur du portail signale une erreur sur la fiche « %(record)s » :")
                % {"record": name},
                report.message,
                _("Le signalement, à traiter dans l'administration : %(link)s") % {"link": link},
            ]
        )
    messages = [(subject, body, None, [address]) for address in addresses]
    try:
        return send_mass_mail(messages)
    except OSError:
        logger.exception("Signalement %s : courriels aux éditeurs non envoyés.", report.pk)
        return 0
