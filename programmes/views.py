from django.db.models import Count, Q
from django.shortcuts import render

from core.enums import PublicationState
from core.parameters import reads_parameters
from core.publishing import get_public_object_or_404
from programmes.filters import ProgrammeListing, SchemeProgrammeListing
from programmes.models import Programme, Scheme
from programmes.opendata import PROGRAMMES, SCHEMES


@reads_parameters(ProgrammeListing)
def programme_list(request):
    listing = ProgrammeListing(request, Programme.objects.published())
    return render(request, "programmes/programme_list.html", {"listing": listing})


@reads_parameters()
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


@reads_parameters(SchemeProgrammeListing)
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


@reads_parameters(ProgrammeListing)
def programme_export(request, file_format):
    listing = ProgrammeListing(request, PROGRAMMES.records())
    return PROGRAMMES.download(request, listing.filtered(), file_format)


@reads_parameters()
def scheme_export(request, file_format):
    return SCHEMES.download(request, SCHEMES.records(), file_format)
