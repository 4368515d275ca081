"""The home page and the pages about the site."""

from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.enums import ColumnKind, PublicationState
from core.parameters import reads_parameters
from events.models import Event
from events.opendata import EVENTS
from integration_portal.views.figures import department_map
from partners.models import Organisation
from partners.opendata import ORGANISATIONS
from programmes.models import Funding, Programme
from programmes.opendata import PROGRAMMES, SCHEMES

HOME_EVENT_COUNT = 4
HOME_PROGRAMME_COUNT = 6


@reads_parameters()
def home(request):
    programmes = Programme.objects.published()
    events = Event.objects.published().upcoming()
    year = timezone.localdate().year
    funding = Funding.objects.filter(
        year=year, programme__publication_state=PublicationState.PUBLISHED
    ).aggregate(total=Sum("amount"))["total"]
    return render(
        request,
        "integration_portal/home.html",
        {
            "figures": {
                "programmes": programmes.count(),
                "organisations": Organisation.objects.published().count(),
                "events": events.count(),
                "funding": funding or 0,
                "year": year,
            },
            "latest_programmes": programmes.with_list_relations().order_by("-created_at", "-id")[
                :HOME_PROGRAMME_COUNT
            ],
            "next_events": events.with_list_relations()[:HOME_EVENT_COUNT],
            "map": department_map(programmes),
        },
    )


@reads_parameters()
def open_data(request):
    """Each dataset: its columns, its licence, its downloads, its API address."""
    datasets = [
        {
            "dataset": dataset,
            "columns": [(column, ColumnKind(column.kind).label) for column in dataset.columns],
            "list_url": reverse(dataset.list_url_name),
            "downloads": {
                file_format: reverse(dataset.export_url_name, args=[file_format])
                for file_format in ("csv", "json")
            },
            "api_url": reverse(f"{dataset.api_name}-list"),
        }
        for dataset in (PROGRAMMES, SCHEMES, ORGANISATIONS, EVENTS)
    ]
    return render(request, "integration_portal/open_data.html", {"datasets": datasets})


@reads_parameters()
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/export.",
        "Disallow: /recherche/",
        "Disallow: /en/recherche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@reads_parameters()
def accessibility(request):
    return render(request, "integration_portal/accessibility.html")


@reads_parameters()
def legal_notice(request):
    return render(request, "integration_portal/legal_notice.html")
