from django.core.paginator import Paginator
from django.shortcuts import render

from events.models import Event
from programmes.models import Programme

HOME_EVENT_COUNT = 6
PROGRAMMES_PER_PAGE = 20


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
