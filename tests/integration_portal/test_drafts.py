"""Nothing unpublished shows through a published page: a walk through every public page of the
demo (lists, records, searches, territories, feeds, downloads, the API, the sitemap), with
two organisations and a scheme set back to draft."""

import re

import pytest

from core.enums import PublicationState
from partners.models import Organisation
from programmes.models import Scheme

pytestmark = pytest.mark.django_db

DRAFT_ORGANISATIONS = [
    "Centre socio-culturel la Maison des trois quartiers",
    "Commission interministérielle pour le logement des populations immigrées",
]
DRAFT_SCHEME = (
    "Appel à projets régional « intégration des personnes étrangères primo-arrivantes en "
    "situation régulière »"
)
NAMES = [
    "Maison des trois quartiers",
    "M3Q",
    "Commission interministérielle pour le logement",
    "Cilpi",
    "primo-arrivantes en situation régulière",
]
SEEDS = [
    "/",
    "/en/",
    "/programmes/",
    "/structures/",
    "/evenements/",
    "/evenements/?quand=passes",
    "/evenements/calendrier/?mois=2019-06",
    "/dispositifs/",
    "/territoires/",
    "/recherche/?q=mineurs",
    "/recherche/?q=foyers",
    "/recherche/?q=integration+primo-arrivants",
    "/recherche/?q=cilpi",
    "/structures/?q=maison",
    "/programmes/?q=appel",
    "/evenements/?quand=passes&q=rencontres",
    "/programmes/flux.rss",
    "/evenements/flux.atom",
    "/api/programmes/",
    "/api/dispositifs/",
    "/api/structures/?taille=500",
    "/api/evenements/",
    "/evenements/export.json?quand=passes",
    "/evenements/agenda.ics",
    "/sitemap-structures.xml",
    "/sitemap-programmes.xml",
    "/sitemap-dispositifs.xml",
    "/integrer/evenements/",
]
LINK = re.compile(r'href="(/[^"?#]*)"')
# Random tokens a page carries (a script's nonce, a form's CSRF token, a file's integrity
# hash): their letters may spell a name (« M3Q »), they say nothing.
TOKENS = re.compile(r'(nonce|value|integrity|content)="[A-Za-z0-9+/=_-]{16,}"')


def walk(client):
    """Every page reachable from the seeds by plain links (without query strings)."""
    seen, queue, pages = set(), list(SEEDS), {}
    while queue:
        url = queue.pop()
        if url in seen or url.startswith(("/admin", "/static", "/sante", "/api/docs")):
            continue
        seen.add(url)
        response = client.get(url, HTTP_ACCEPT="application/json" if "/api/" in url else "*/*")
        if response.status_code != 200:
            pages[url] = ""
            continue
        content = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = page = TOKENS.sub("", content.decode())
        queue.extend(link for link in LINK.findall(page) if link not in seen)
    return pages


def test_no_public_page_names_a_draft(client, demo):
    Organisation.objects.filter(name__in=DRAFT_ORGANISATIONS).update(
        publication_state=PublicationState.DRAFT
    )
    Scheme.objects.filter(name=DRAFT_SCHEME).update(publication_state=PublicationState.DRAFT)
    drafts = [
        *(o.get_absolute_url() for o in Organisation.objects.filter(name__in=DRAFT_ORGANISATIONS)),
        Scheme.objects.get(name=DRAFT_SCHEME).get_absolute_url(),
    ]
    pages = walk(client)
    assert len(pages) > 150  # records, lists, territories, searches
    for url in drafts:
        assert pages.get(url, "") == "" and client.get(url).status_code == 404
    for url, page in pages.items():
        for name in NAMES:
            assert name not in page, f"« {name} » shown on {url}"


def test_drafts_are_previewed_only_by_staff_allowed_to_view_them(client, demo, django_user_model):
    """A draft's page answers staff allowed to view organisations whose scope covers it."""
    from django.contrib.auth.models import Permission

    from reference.models import Territory

    organisation = Organisation.objects.get(name=DRAFT_ORGANISATIONS[0])
    organisation.publication_state = PublicationState.DRAFT
    organisation.save()
    assert organisation.department_code == "86"  # Poitiers
    url = organisation.get_absolute_url()
    assert client.get(url).status_code == 404
    staff = django_user_model.objects.create_user("sans-droit", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 404
    staff.user_permissions.add(Permission.objects.get(codename="view_organisation"))
    staff.territories.add(Territory.objects.get(level="departement", code="87"))
    staff = django_user_model.objects.get(pk=staff.pk)  # permissions are cached on the user
    client.force_login(staff)
    assert client.get(url).status_code == 404  # another department's draft
    staff.territories.add(Territory.objects.get(level="departement", code="86"))
    staff = django_user_model.objects.get(pk=staff.pk)
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert "cette fiche est à l'état « Brouillon »" in response.content.decode()
