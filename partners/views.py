from django.shortcuts import render

from partners.filters import OrganisationListing
from partners.models import Organisation


def organisation_list(request):
    listing = OrganisationListing(request, Organisation.objects.published())
    return render(request, "partners/organisation_list.html", {"listing": listing})
