"""The security headers of every answer: Content-Security-Policy (django-csp), frames,
Permissions-Policy, Referrer-Policy, HSTS; ``check --deploy`` silent in production."""

import re

import pytest

from tests import production

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response) -> dict[str, str]:
    directives = (
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return dict(directives)


@pytest.mark.parametrize(
    "address",
    [
        "/",
        "/en/structures/",
        "/api/structures/",
        "/admin/login/",
        "/nexiste-pas/",
        "/structures/?q=%00",
    ],
)
def test_every_answer_has_the_strict_policy(client, address):
    for _ in range(2):  # as made, then as kept by the page cache
        response = client.get(address)
        assert policy(response) == POLICY, address
        assert "unsafe" not in response["Content-Security-Policy"]
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Permissions-Policy"].startswith("accelerometer=(), autoplay=(), camera=()")
        assert "geolocation=()" in response["Permissions-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"


def test_only_the_embeddable_agenda_may_be_framed(client):
    assert client.get("/evenements/")["X-Frame-Options"] == "DENY"
    for _ in range(2):  # as made, then as kept by the page cache
        response = client.get("/integrer/evenements/?territoire=86")
        assert policy(response) == POLICY | {"frame-ancestors": "*"}
        assert "X-Frame-Options" not in response


def test_swagger_ui_runs_its_script_by_a_nonce_of_each_request(client):
    nonces = []
    for _ in range(2):
        response = client.get("/api/docs/")
        page = response.content.decode()
        nonce = re.search(r"'nonce-([^']+)'", policy(response)["script-src"])[1]
        assert policy(response)["style-src"] == f"'self' 'nonce-{nonce}'"
        assert page.count(f'nonce="{nonce}"') == 2  # its style and its script
        assert "<script>" not in page and "<style>" not in page
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # never served from the cache


PRODUCTION_VARIABLES = {
    "DJANGO_SSL_REDIRECT": "true",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_HSTS_PRELOAD": "true",
}


def test_check_deploy_is_silent_with_the_documented_variables():
    result = production.manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_VARIABLES
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues (0 silenced)." in result.stdout
    result = production.manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_hsts_with_its_subdomains_and_preload(static_root):
    (answer,) = production.get(
        ["/healthz"],
        static_root,
        **(PRODUCTION_VARIABLES | {"DJANGO_SSL_REDIRECT": "false"}),
        secure=True,
    )
    assert (
        answer["headers"]["Strict-Transport-Security"]
        == "max-age=31536000; includeSubDomains; preload"
    )
