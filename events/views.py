from django.shortcuts import render

from events.models import Event
from reference.publishing import get_public_object_or_404


def event_detail(request, pk, slug):
    event, redirect = get_public_object_or_404(
        request, Event.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    return render(request, "events/event_detail.html", {"event": event})
