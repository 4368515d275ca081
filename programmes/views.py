from django.db.models import Count, Q
from django.shortcuts import render

from core.enums import PublicationState
from programmes.filters import ProgrammeListing, SchemeProgrammeListing
from programmes.models import Programme, Scheme
from programmes.opendata import PROGRAMMES, SCHEMES
from reference.publishing import get_public_object_or_404


def programme_list(request):
    listing = ProgrammeListing(request, Programme.objects.published())
    return render(request, "programmes/programme_list.html", {"listing": listing})


def scheme_list(request):
    schemes = (
        Scheme.objects.published()
        .select_related("pilot")
        .annotate(
            programme_count=Count(
                "programmes",
                filter=Q(programmes__publication_state=PublicationState.PUBLISHED),
            )
        )
        .order_by("name")
    )
    return render(request, "programmes/scheme_list.html", {"schemes": schemes})


def scheme_detail(request, pk, slug):
    scheme, redirect = get_public_object_or_404(
        request, Scheme.objects.select_related("pilot"), pk, slug
    )
    if redirect:
        return redirect
    listing = SchemeProgrammeListing(
        request, Programme.objects.published(), fixed={"scheme": scheme}
    )
    return render(request, "programmes/scheme_detail.html", {"scheme": scheme, "listing": listing})


def programme_export(request, file_format):
    listing = ProgrammeListing(request, PROGRAMMES.records())
    return PROGRAMMES.download(request, listing.filtered(), file_format)


def scheme_export(request, file_format):
    return SCHEMES.download(request, SCHEMES.records(), file_format)
