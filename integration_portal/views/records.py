"""Record pages that gather several layers."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.shortcuts import render

from core.enums import PublicationState
from core.parameters import reads_parameters
from core.publishing import get_public_object_or_404
from events.models import Event
from partners.models import Organisation
from programmes.enums import PartnerRole
from programmes.models import Programme, ProgrammePartner

RELATED_EVENTS = 12


@reads_parameters()
def organisation_detail(request, pk, slug):
    organisation, redirect = get_public_object_or_404(
        request, Organisation.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    programmes = list(
        Programme.objects.published()
        .filter(Q(lead_organisation=organisation) | Q(partnerships__organisation=organisation))
        .distinct()
        .with_list_relations()
        .order_by("title", "id")
    )
    roles = defaultdict(list)
    for programme in programmes:
        if programme.lead_organisation_id == organisation.pk:
            roles[programme.pk].append(PartnerRole.LEAD.label)
    partnerships = ProgrammePartner.objects.filter(
        organisation=organisation, programme__publication_state=PublicationState.PUBLISHED
    ).order_by("role")
    for partnership in partnerships:
        label = partnership.get_role_display()
        if label not in roles[partnership.programme_id]:
            roles[partnership.programme_id].append(label)
    for programme in programmes:
        programme.roles = roles[programme.pk]
    events = (
        Event.objects.published()
        .filter(organisers=organisation)
        .with_list_relations()
        .order_by("-start", "-id")[:RELATED_EVENTS]
    )
    return render(
        request,
        "partners/organisation_detail.html",
        {"organisation": organisation, "programmes": programmes, "events": events},
    )


@reads_parameters()
def programme_detail(request, pk, slug):
    programme, redirect = get_public_object_or_404(
        request, Programme.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    events = (
        Event.objects.published()
        .filter(programmes=programme)
        .with_list_relations()
        .order_by("-start", "-id")[:RELATED_EVENTS]
    )
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "events": events, "funding_years": funding_years(programme)},
    )


def funding_years(programme) -> list[dict]:
    """The programme's funding grouped by year (latest first, periods last), with totals."""
    years: dict = defaultdict(list)
    for funding in programme.fundings.all():
        years[funding.year].append(funding)
    ordered = sorted(years.items(), key=lambda item: (item[0] is None, -(item[0] or 0)))
    return [
        {
            "year": year,
            "fundings": fundings,
            "total": sum((funding.amount for funding in fundings), Decimal(0)),
        }
        for year, fundings in ordered
    ]
