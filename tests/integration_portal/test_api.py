"""The API does what its OpenAPI schema says: parameters, nullable fields, errors and their
bodies, one language (schemathesis checks the whole contract: test_api_contract.py)."""

import json

import pytest

from events.models import EventSeries
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    ProgrammeFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def get(client, url, **headers):
    return client.get(url, **JSON, **headers)


def titles(answer):
    return [item["titre"] for item in answer.json()["results"]]


@pytest.fixture
def schema(client, db):
    return json.loads(client.get("/api/schema/", **JSON).content)


def parameter(schema, path, name):
    return next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == name)


def test_the_events_format_filter_is_the_attendance_as_on_the_pages(client, poitiers):
    EventFactory(title="En ligne", online_url="https://visio.example/a")
    EventFactory(title="À Poitiers", commune=poitiers)

    assert titles(get(client, "/api/evenements/?format=en-ligne&quand=passes")) == ["En ligne"]
    assert titles(get(client, "/api/evenements/?format=sur-place&quand=passes")) == ["À Poitiers"]
    refused = get(client, "/api/evenements/?format=json")
    assert refused.status_code == 400
    assert refused.json() == {
        "format": ["Sélectionnez un choix valide. json n’en fait pas partie."]
    }
    # The pages and the calendar feed read it the same way.
    page = client.get("/evenements/?format=en-ligne&quand=passes").content.decode()
    assert "En ligne" in page and "À Poitiers" not in page


def test_values_left_empty_are_null_and_declared_nullable(client, schema):
    EventFactory(title="Sans rien")
    organisation = OrganisationFactory(name="Sans adresse")
    ProgrammeFactory(title="Sans dates", lead_organisation=organisation)
    SchemeFactory(name="Sans page")

    event = get(client, "/api/evenements/?quand=passes").json()["results"][0]
    assert {name: event[name] for name in NULLABLE["Evenements"]} == dict.fromkeys(
        NULLABLE["Evenements"]
    )
    structure = get(client, f"/api/structures/{organisation.pk}/").json()
    assert {name: structure[name] for name in NULLABLE["Structures"]} == dict.fromkeys(
        NULLABLE["Structures"]
    )
    programme = get(client, "/api/programmes/").json()["results"][0]
    assert (programme["date_debut"], programme["date_fin"]) == (None, None)
    scheme = next(
        item
        for item in get(client, "/api/dispositifs/").json()["results"]
        if item["nom"] == "Sans page"
    )
    assert scheme["page_reference"] is None
    # The JSON downloads say the same; the CSV leaves the cell empty.
    download = json.loads(b"".join(client.get("/structures/export.json").streaming_content))
    assert download[0]["site_web"] is None
    assert b";Sans adresse;" in b"".join(client.get("/structures/export.csv").streaming_content)
    # The schema declares exactly those.
    for component, names in NULLABLE.items():
        properties = schema["components"]["schemas"][component]["properties"]
        nullable = {name for name, field in properties.items() if field.get("nullable")}
        assert nullable == set(names), component


NULLABLE = {
    "Evenements": ["serie", "edition", "lien_en_ligne", "code_insee", "commune", "participants"],
    "Structures": ["code_insee", "commune", "territoire_action", "site_web", "date_dissolution"],
    "Programmes": ["date_debut", "date_fin"],
    "Dispositifs": ["page_reference"],
}


def test_every_answer_is_declared_with_its_body(schema):
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        expected = {"200", "404", "429"} if "{id}" in path else {"200", "400", "404", "429"}
        assert set(responses) == expected, path
        assert responses["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Detail"
        }
    bad_request = schema["paths"]["/api/programmes/"]["get"]["responses"]["400"]
    assert bad_request["content"]["application/json"]["schema"]["additionalProperties"] == {
        "type": "array",
        "items": {"type": "string"},
    }
    assert schema["components"]["schemas"]["Detail"]["required"] == ["detail"]


def test_what_is_not_found_is_said_in_french_whatever_the_browser_asks(client, db):
    programme = get(client, "/api/programmes/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert programme.status_code == 404
    assert programme.json() == {"detail": "Aucune fiche publiée ne porte cet identifiant."}
    draft = ProgrammeFactory(publication_state="brouillon")
    assert get(client, f"/api/programmes/{draft.pk}/").json() == programme.json()
    territory = get(client, "/api/territoires/99999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert territory.json() == {"detail": "Aucun territoire ne porte cet identifiant."}
    cursor = get(client, "/api/programmes/?cursor=nimportequoi")
    assert (cursor.status_code, cursor.json()) == (
        404,
        {"detail": "Ce curseur ne désigne aucune page : suivez les liens next."},
    )
    # An address the API does not have answers in JSON too.
    unknown = get(client, "/api/evenements/1.5/")
    assert (unknown.status_code, unknown["Content-Type"]) == (404, "application/json")
    assert unknown.json() == {"detail": "L'API n'a rien à cette adresse."}
    # The pages keep theirs.
    assert client.get("/nulle-part/")["Content-Type"] == "text/html; charset=utf-8"


def test_identifier_filters_are_integers_within_bounds(client, schema):
    for path, name, minimum, maximum in [
        ("/api/programmes/", "dispositif", 1, 2**63 - 1),
        ("/api/programmes/", "annee", 1945, 2100),
        ("/api/structures/", "reseau", 1, 2**63 - 1),
        ("/api/evenements/", "serie", 1, 2**63 - 1),
    ]:
        declared = parameter(schema, path, name)["schema"]
        assert declared == {"type": "integer", "minimum": minimum, "maximum": maximum}, name

    series = EventSeries.objects.create(name="Rencontres")
    EventFactory(title="De la série", series=series)
    EventFactory(title="Hors série")
    assert titles(get(client, f"/api/evenements/?quand=passes&serie={series.pk}")) == [
        "De la série"
    ]
    for query, message in [
        ("serie=3.47e%2B278", "Saisissez un nombre entier."),
        ("serie=0", "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        (
            f"serie={2**63}",
            "Assurez-vous que cette valeur est inférieure ou égale à 9223372036854775807.",
        ),
    ]:
        answer = get(client, f"/api/evenements/?{query}")
        assert (answer.status_code, answer.json()) == (400, {"serie": [message]}), query
    late = get(client, "/api/programmes/?annee=2101")
    assert late.json() == {
        "annee": ["Assurez-vous que cette valeur est inférieure ou égale à 2100."]
    }
    network = MembershipFactory().network
    assert get(client, f"/api/structures/?reseau={network.pk}").status_code == 200
    # The pages ignore what the API refuses: a shared address keeps working.
    assert client.get("/evenements/?serie=3.47e%2B278&mois=2026-13").status_code == 200


def test_a_bad_page_size_is_refused_with_the_reason(client, schema):
    OrganisationFactory.create_batch(3)
    declared = parameter(schema, "/api/structures/", "taille")
    assert declared["schema"] == {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}
    for value in ["-5", "null", "0", "501", "2.5"]:
        answer = get(client, f"/api/structures/?taille={value}")
        assert (answer.status_code, answer.json()) == (
            400,
            {"taille": ["La taille d'une page est un nombre entier de 1 à 500."]},
        ), value
    page = get(client, "/api/structures/?taille=2").json()
    assert len(page["results"]) == 2 and "taille=2" in page["next"]
    twice = get(client, "/api/structures/?taille=2&taille=3")
    assert twice.json() == {
        "taille": ["Ce paramètre prend une seule valeur ; il est donné plusieurs fois."]
    }


def test_a_parameter_left_empty_is_as_if_absent(client, schema):
    ProgrammeFactory.create_batch(2)
    everything = titles(get(client, "/api/programmes/"))
    assert len(everything) == 2
    empty = get(client, "/api/programmes/?statut=&annee=&dispositif=&taille=&cursor=&q=")
    assert titles(empty) == everything
    for path, operations in schema["paths"].items():
        for declared in operations["get"]["parameters"]:
            if declared["in"] == "query":
                assert declared["allowEmptyValue"] is True, (path, declared["name"])
    statut = parameter(schema, "/api/programmes/", "statut")["schema"]
    assert statut["enum"] == ["en_cours", "en_projet", "suspendu", "termine"]
    assert parameter(schema, "/api/programmes/", "q")["schema"] == {
        "type": "string",
        "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$",
    }
    nul = get(client, "/api/programmes/?q=a%00b")
    assert nul.status_code == 400
    assert nul.json() == {"q": ["Ce paramètre contient un caractère de contrôle."]}


def test_the_api_is_kept_once_per_format_asked(client, db, django_assert_num_queries):
    """The API answers JSON or its browsable page after the Accept header: a browser's visit
    is not served from the cache to a program asking JSON, nor the other way round."""
    ProgrammeFactory(title="Programme d'origine")
    page = client.get("/api/programmes/", HTTP_ACCEPT="text/html")
    assert page["Content-Type"] == "text/html; charset=utf-8"
    data = client.get("/api/programmes/", HTTP_ACCEPT="application/json")
    assert data["Content-Type"] == "application/json"
    assert [item["titre"] for item in data.json()["results"]] == ["Programme d'origine"]
    with django_assert_num_queries(1):  # the data version only
        kept = client.get("/api/programmes/", HTTP_ACCEPT="application/json")
    assert kept.content == data.content
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema["Content-Type"] == "application/vnd.oai.openapi+json"
    assert (
        client.get("/api/schema/")["Content-Type"] == "application/vnd.oai.openapi; charset=utf-8"
    )


def test_the_schema_file_is_named_for_every_client(client, db):
    response = client.get("/api/schema/")
    assert response["Content-Disposition"] == (
        'inline; filename="API du portail de l\'integration.yaml"; '
        "filename*=UTF-8''API%20du%20portail%20de%20l%27int%C3%A9gration.yaml"
    )
    response.headers["Content-Disposition"].encode("ascii")  # nothing but ASCII on the wire
    as_json = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert as_json["Content-Disposition"].endswith("gration.json")
