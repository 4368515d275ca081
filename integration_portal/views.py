"""The site-wide pages, and the record pages that gather several layers: an organisation's
page lists its programmes and events, a programme's page its events. Each app's own views
show its records with what lies below it only (reference ← partners ← programmes ← events).
"""

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.models import Event
from partners.models import Organisation
from programmes.models import Programme
from reference.publishing import get_public_object_or_404

HOME_EVENT_COUNT = 6
PROGRAMMES_PER_PAGE = 20


@never_cache
def health(request):
    """For load balancers and monitoring: the application answers (no database access)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def home(request):
    programmes = Paginator(
        Programme.objects.published().with_list_relations().order_by("title", "id"),
        PROGRAMMES_PER_PAGE,
    ).get_page(request.GET.get("page"))
    events = Event.objects.published().with_list_relations()
    return render(
        request,
        "integration_portal/home.html",
        {
            "programmes": programmes,
            "upcoming_events": events.upcoming()[:HOME_EVENT_COUNT],
            "past_events": events.past()[:HOME_EVENT_COUNT],
        },
    )


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
    events = Event.objects.published().filter(organisers=organisation).with_list_relations()
    return render(
        request,
        "partners/organisation_detail.html",
        {"organisation": organisation, "programmes": programmes, "events": events},
    )


def programme_detail(request, pk, slug):
    programme, redirect = get_public_object_or_404(
        request, Programme.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    events = Event.objects.published().filter(programmes=programme).with_list_relations()
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "events": events.order_by("-start")},
    )
