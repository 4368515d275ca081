"""The page cache's keys and memory: the parameters a page reads, the host, the variants an
answer negotiates, a size cap per page and a byte budget per process."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.cache import MemoryCache
from programmes.models import Programme
from tests.factories import OrganisationFactory, ProgrammeFactory
from tests.pages import head_link, heading

pytestmark = pytest.mark.django_db

# The data version, read by the cache before anything else.
CACHED = 1


def test_parameters_a_page_does_not_read_make_no_new_page(client, django_assert_num_queries):
    ProgrammeFactory(title="Programme A")
    first = client.get("/programmes/?utm_source=lettre&theme=")
    with django_assert_num_queries(CACHED):
        again = client.get("/programmes/?utm_source=autre&fbclid=x")
    assert again.content == first.content
    page = first.content.decode()
    # The page's own addresses name only what it reads.
    assert head_link(page, "canonical") == "http://testserver/programmes/"
    assert head_link(page, "alternate", hreflang="en") == "http://testserver/en/programmes/"
    assert "utm_source" not in page


def test_the_order_of_parameters_makes_no_new_page(client, django_assert_num_queries):
    client.get("/programmes/?statut=en_cours&tri=titre")
    with django_assert_num_queries(CACHED):
        client.get("/programmes/?tri=titre&statut=en_cours")


def test_parameters_a_page_reads_make_their_own_page(client):
    ProgrammeFactory(title="Programme A")
    assert "Programme A" in client.get("/programmes/?tri=titre").content.decode()
    Programme.objects.update(title="Programme B")  # same data version: this test's transaction
    assert "Programme A" in client.get("/programmes/?tri=titre").content.decode()
    assert "Programme B" in client.get("/programmes/?tri=fin").content.decode()


def test_each_host_has_its_pages(client, settings):
    settings.ALLOWED_HOSTS = ["integration.example", "www.integration.example"]
    client.get("/", HTTP_HOST="integration.example")
    response = client.get("/", HTTP_HOST="www.integration.example")
    page = response.content.decode()
    assert head_link(page, "canonical") == "http://www.integration.example/"
    assert "http://integration.example/" not in page
    # A host that is not allowed is refused, never kept nor written in a page.
    response = client.get("/", HTTP_HOST="attaquant.example")
    assert response.status_code == 400
    assert heading(response) == "Adresse incorrecte"
    assert "attaquant" not in response.content.decode()


def test_the_api_is_json_or_its_browsable_page_after_the_accept_header(client):
    OrganisationFactory()
    json = client.get("/api/structures/", HTTP_ACCEPT="application/json")
    assert json["Content-Type"] == "application/json"
    html = client.get("/api/structures/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert html["Content-Type"] == "text/html; charset=utf-8"
    assert "Accept" in html["Vary"].split(", ")
    again = client.get("/api/structures/", HTTP_ACCEPT="application/json")
    assert (again["Content-Type"], again.content) == ("application/json", json.content)


def test_the_schema_is_yaml_or_json_after_the_accept_header(client):
    yaml = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi")
    assert yaml["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    assert yaml.content.startswith(b"openapi: 3")
    json = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert json["Content-Type"] == "application/json"
    assert json.json()["openapi"].startswith("3")


def test_a_page_larger_than_the_cap_is_not_kept(client, settings):
    ProgrammeFactory(title="Programme A")
    settings.PAGE_CACHE_MAX_PAGE_BYTES = 1_000
    client.get("/programmes/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/programmes/")
    assert len(queries) > CACHED  # the page made again, not its copy
    settings.PAGE_CACHE_MAX_PAGE_BYTES = 1_000_000
    client.get("/programmes/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/programmes/")
    assert len(queries) == CACHED


def test_sixty_variants_of_a_heavy_address_stay_within_a_few_megabytes(client, settings):
    settings.PAGE_CACHE_MAX_PAGE_BYTES = 1_000_000  # every page kept, however large
    OrganisationFactory.create_batch(300, description="Accueil et accompagnement. " * 10)
    before = cache.stored_bytes
    for size in range(441, 501):  # 60 distinct pages of up to 500 organisations
        response = client.get(f"/api/structures/?taille={size}", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
    grown = cache.stored_bytes - before
    assert 0 < grown < 3_000_000
    for number in range(60):  # made-up parameters: the same page
        client.get(f"/api/structures/?taille=500&n={number}", HTTP_ACCEPT="application/json")
    assert cache.stored_bytes - before == grown


def test_the_memory_cache_holds_at_most_its_bytes():
    memory = MemoryCache("test-budget", {"OPTIONS": {"MAX_BYTES": 100_000}})
    memory.clear()
    for number in range(60):
        memory.set(f"page-{number}", b"x" * 10_000)
    assert memory.stored_bytes <= 100_000
    assert memory.get("page-0") is None  # the oldest went first
    assert memory.get("page-59") == b"x" * 10_000
    memory.set("too-large", b"x" * 200_000)
    assert memory.get("too-large") is None
    memory.set("count", 1)
    assert memory.incr("count", 2) == 3
    assert memory.add("count", 10) is False
