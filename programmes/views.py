from django.shortcuts import render

from programmes.models import Programme, Scheme
from reference.publishing import get_public_object_or_404


def programme_detail(request, pk, slug):
    programme, redirect = get_public_object_or_404(
        request, Programme.objects.with_detail_relations(), pk, slug
    )
    if redirect:
        return redirect
    events = programme.events.published().with_list_relations().order_by("-start")
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "events": events},
    )


def scheme_detail(request, pk, slug):
    scheme, redirect = get_public_object_or_404(
        request, Scheme.objects.select_related("pilot"), pk, slug
    )
    if redirect:
        return redirect
    programmes = scheme.programmes.published().with_list_relations()
    return render(
        request, "programmes/scheme_detail.html", {"scheme": scheme, "programmes": programmes}
    )
