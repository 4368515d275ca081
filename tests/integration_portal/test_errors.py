"""The error pages (400, 403 and the CSRF failure, 404, 500, 503): in the site's design, in
the language of the address, saying nothing of the cause; the health checks."""

import pytest
from django.test import Client

from tests import production
from tests.pages import find, heading, language, text

pytestmark = pytest.mark.django_db


def test_a_missing_page_in_french_and_in_english(client):
    response = client.get("/nexiste-pas/?q=<script>")
    assert response.status_code == 404
    page = response.content.decode()
    assert language(page) == "fr"
    assert heading(response) == "Page introuvable"
    assert "La page que vous cherchez n'existe pas ou n'existe plus." in text(page)
    assert find(page, ".fr-header form")["action"] == "/recherche/"
    assert "nexiste-pas" not in str(find(page, "main"))
    assert response["Cache-Control"] == "no-store"

    response = client.get("/en/nexiste-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert language(page) == "en"
    assert heading(response) == "Page not found"
    assert "The page you are looking for does not exist or no longer exists." in text(page)
    assert find(page, ".fr-header form")["action"] == "/en/recherche/"


def test_a_record_that_does_not_exist_is_the_same_404(client):
    response = client.get("/programmes/999999-inconnu/")
    assert response.status_code == 404
    assert heading(response) == "Page introuvable"


def test_a_refused_form_says_it_expired(demo):
    from programmes.models import Programme

    programme = Programme.objects.published().first()
    client = Client(enforce_csrf_checks=True)
    address = f"/signaler/programme/{programme.pk}/"
    response = client.post(address, {"message": "Le budget est faux."})
    assert response.status_code == 403
    assert heading(response) == "Formulaire expiré"
    assert "la page est peut-être restée ouverte trop longtemps" in text(response.content.decode())
    response = client.post("/en" + address, {"message": "The budget is wrong."})
    assert response.status_code == 403
    assert heading(response) == "Form expired"


@pytest.mark.urls("tests.integration_portal.error_urls")
def test_an_unexpected_error_leaks_nothing():
    client = Client(raise_request_exception=False)
    response = client.get("/echec/")
    assert response.status_code == 500
    page = response.content.decode()
    assert heading(response) == "Erreur inattendue"
    assert "Une erreur s'est produite de notre côté." in text(page)
    assert "hunter2" not in page and "RuntimeError" not in page and "Traceback" not in page
    assert "Retry-After" not in response
    response = client.get("/en/echec/")
    assert heading(response) == "Unexpected error"


def test_the_health_checks(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-cache" in response["Cache-Control"]
    # 1 applied migrations.
    with django_assert_num_queries(1):
        response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ok")


def test_readyz_is_503_while_a_migration_is_missing(client, django_db_blocker):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'events'")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content.decode().startswith("migrations non appliquées : ")


def test_a_database_that_does_not_answer_gives_503_pages(static_root):
    """Production settings, a database address where nothing listens: every page that needs
    the database answers 503 with the designed page and Retry-After once the pool's timeout
    has gone by; the process's health check still answers."""
    answers = production.get(
        ["/", "/en/structures/", "/healthz", "/readyz"],
        static_root,
        DATABASE_URL=production.DOWN_DATABASE,
        DATABASE_POOL_TIMEOUT="1",
    )
    home, organisations, healthz, readyz = answers
    assert home["status"] == 503
    assert home["headers"]["Retry-After"] == "30"
    assert language(home["body"]) == "fr"
    assert heading(home["body"]) == "Service momentanément indisponible"
    assert "les pages reviendront d'elles-mêmes" in text(home["body"])
    assert organisations["status"] == 503
    assert language(organisations["body"]) == "en"
    assert heading(organisations["body"]) == "Service temporarily unavailable"
    assert "OperationalError" not in home["body"] + organisations["body"]
    assert (healthz["status"], healthz["body"]) == (200, "ok")
    assert (readyz["status"], readyz["body"]) == (503, "base de données injoignable")
