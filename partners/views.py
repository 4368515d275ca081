from django.shortcuts import render

from core.parameters import reads_parameters
from partners.filters import OrganisationListing
from partners.models import Organisation
from partners.opendata import ORGANISATIONS


@reads_parameters(OrganisationListing)
def organisation_list(request):
    listing = OrganisationListing(request, Organisation.objects.published())
    return render(request, "partners/organisation_list.html", {"listing": listing})


@reads_parameters(OrganisationListing)
def organisation_export(request, file_format):
    listing = OrganisationListing(request, ORGANISATIONS.records())
    return ORGANISATIONS.download(request, listing.filtered(), file_format)
