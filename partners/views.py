from django.db.models import Q
from django.shortcuts import render

from partners.models import Organisation
from programmes.models import Programme
from reference.publishing import get_public_object_or_404


def organisation_detail(request, pk, slug):
    organisation, redirect = get_public_object_or_404(
        request, Organisation.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    programmes = (
        Programme.objects.published()
        .filter(Q(lead_organisation=organisation) | Q(partnerships__organisation=organisation))
        .distinct()
        .with_list_relations()
    )
    events = organisation.organised_events.published().with_list_relations()
    return render(
        request,
        "partners/organisation_detail.html",
        {"organisation": organisation, "programmes": programmes, "events": events},
    )
