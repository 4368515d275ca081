from django.shortcuts import render

from programmes.models import Scheme
from reference.publishing import get_public_object_or_404


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
