"""Logging in: throttled per user name and address (django-axes), strong passwords, sessions
that end after inactivity."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from tests.pages import text

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "trois mots solides"


@pytest.fixture
def camille(make_staff):
    user = make_staff("camille", "editeur", "86")
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(client, password, username="camille"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_logins_are_refused_after_five_failures_for_the_cool_off(client, camille):
    for _ in range(4):
        assert attempt(client, "faux").status_code == 200  # the form, with its error
    response = attempt(client, "faux")
    assert response.status_code == 429
    response = attempt(client, PASSWORD)  # even the right password, during the cool-off
    assert response.status_code == 429
    assert (
        "Trop de tentatives de connexion ont échoué pour cet identifiant depuis cette adresse (5 échecs). Réessayez dans 15 minutes"
        in text(response.content.decode())
    )
    assert "_auth_user_id" not in client.session

    # The same name from another address, another name from this one: not locked.
    assert attempt(Client(REMOTE_ADDR="192.0.2.7"), PASSWORD).status_code == 302
    assert attempt(client, "faux", username="dominique").status_code == 200

    # After the cool-off, the right password opens the session again.
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(camille.pk)


def test_thirty_user_names_from_one_address_are_throttled(client, camille):
    for number in range(29):
        assert attempt(client, "faux", username=f"agent{number}").status_code == 200
    assert attempt(client, "faux", username="agent29").status_code == 429
    response = attempt(client, PASSWORD)  # a real account, its right password: refused
    assert response.status_code == 429
    assert (
        "Trop de tentatives de connexion ont échoué depuis cette adresse (30 échecs). Réessayez dans 15 minutes"
        in text(response.content.decode())
    )
    # The same account from another address is not refused.
    assert attempt(Client(REMOTE_ADDR="192.0.2.7"), PASSWORD).status_code == 302


def test_one_account_tried_from_many_addresses_is_throttled(camille):
    for number in range(19):
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        assert attempt(client, "faux").status_code == 200
    assert attempt(Client(REMOTE_ADDR="198.51.100.19"), "faux").status_code == 429
    response = attempt(Client(REMOTE_ADDR="203.0.113.9"), PASSWORD)
    assert response.status_code == 429
    assert "Trop de tentatives de connexion ont échoué pour cet identifiant (20 échecs)." in text(
        response.content.decode()
    )
    # Another account from those addresses is not refused.
    assert (
        attempt(Client(REMOTE_ADDR="198.51.100.1"), "faux", username="dominique").status_code == 200
    )


def test_a_successful_login_forgives_its_own_failures_only(client, camille):
    for number in range(4):
        attempt(client, "faux", username=f"agent{number}")
    for _ in range(4):
        attempt(client, "faux")
    assert attempt(client, PASSWORD).status_code == 302
    assert sorted(AccessAttempt.objects.values_list("username", flat=True)) == [
        "agent0",
        "agent1",
        "agent2",
        "agent3",
    ]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted"),
    [
        (0, "203.0.113.5", "127.0.0.1"),  # no proxy: the header is anyone's word
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "10.9.9.9, 203.0.113.5", "203.0.113.5"),  # what the client wrote first is ignored
        (2, "10.9.9.9, 203.0.113.5, 192.0.2.1", "203.0.113.5"),
        (2, "203.0.113.5", "127.0.0.1"),  # fewer addresses than proxies: the connection's
    ],
)
def test_the_address_comes_from_the_trusted_proxies_only(
    settings, camille, proxies, forwarded, counted
):
    settings.TRUSTED_PROXY_COUNT = proxies
    attempt(Client(HTTP_X_FORWARDED_FOR=forwarded), "faux")
    assert AccessAttempt.objects.get().ip_address == counted


def test_passwords_need_twelve_characters(camille):
    with pytest.raises(ValidationError) as refused:
        validate_password("k9#Lm2!x", camille)
    assert (
        "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."
        in refused.value.messages
    )
    validate_password("trois mots solides", camille)


def test_sessions_end_after_an_hour_without_request(client, camille):
    assert attempt(client, PASSWORD).status_code == 302
    assert settings.SESSION_COOKIE_AGE == 3600 and settings.SESSION_SAVE_EVERY_REQUEST
    first = client.session.get_expiry_date()
    client.get("/admin/")
    assert client.session.get_expiry_date() >= first  # each request starts the delay again
    session = client.session
    session.set_expiry(-1)  # an hour has gone by
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
