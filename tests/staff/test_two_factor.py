"""Two-factor authentication of staff (django-otp): no admin page, and no staff view of the
public site, without a second factor; the set-up with a server-drawn QR code and recovery
codes; codes that are wrong, reused or tried too often are refused."""

import base64
import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.enums import PublicationState
from tests.factories import ProgrammeFactory
from tests.pages import find, text, texts

pytestmark = pytest.mark.django_db

PASSWORD = "trois mots solides"


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR = True


@pytest.fixture
def camille(make_staff):
    user = make_staff("camille", "editeur", "region:44")
    user.set_password(PASSWORD)
    user.save()
    return user


def code(device, steps_ahead=0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def log_in(client) -> None:
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "camille", "password": PASSWORD}
    )
    assert (response.status_code, response.url) == (302, "/admin/")


def test_a_first_login_sets_up_the_app_before_any_admin_page(client, camille):
    log_in(client)
    response = client.get("/admin/")
    assert (response.status_code, response.url) == (302, "/admin/login/?next=/admin/")
    response = client.get(response.url)
    assert (response.status_code, response.url) == (302, "/admin/deux-facteurs/?next=%2Fadmin%2F")
    response = client.get(response.url)
    assert (response.status_code, response.url) == (
        302,
        "/admin/deux-facteurs/configurer/?next=%2Fadmin%2F",
    )
    assert client.get("/admin/programmes/programme/").status_code == 302

    response = client.get("/admin/deux-facteurs/configurer/?next=%2Fadmin%2F")
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<svg role="img" aria-label="Code QR à lire avec l&#x27;application d&#x27;authentification"'
        in page
    )
    device = TOTPDevice.objects.get(user=camille)
    assert device.confirmed is False
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    assert len(secret) == 32
    grouped = " ".join(secret[start : start + 4] for start in range(0, 32, 4))
    assert text(find(page, "code#two-factor-secret")) == grouped
    assert not find(page, "#content").find_all("script")

    response = client.post(
        "/admin/deux-facteurs/configurer/", {"code": "000000", "next": "/admin/"}
    )
    assert "Ce code n'est pas valide : vérifiez l'heure du téléphone." in text(
        response.content.decode()
    )
    response = client.post(
        "/admin/deux-facteurs/configurer/", {"code": code(device), "next": "/admin/"}
    )
    assert "Trop de codes erronés" in text(response.content.decode())  # too soon after
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(
        "/admin/deux-facteurs/configurer/", {"code": code(device), "next": "/admin/"}
    )
    assert (response.status_code, response.url) == (
        302,
        "/admin/deux-facteurs/codes/?next=%2Fadmin%2F",
    )
    device.refresh_from_db()
    assert device.confirmed is True

    page = client.get(response.url).content.decode()
    codes = [token.token for token in StaticToken.objects.filter(device__user=camille)]
    assert len(codes) == 10
    assert sorted(texts(page, "li > code")) == sorted(codes)
    assert client.get("/admin/deux-facteurs/codes/").status_code == 302  # shown once only
    assert client.get("/admin/").status_code == 200


def test_each_login_asks_for_a_code_or_a_recovery_code(camille):
    device = TOTPDevice.objects.create(user=camille, name="téléphone", confirmed=True)
    recovery = camille.staticdevice_set.create(name="secours")
    recovery.token_set.create(token="abcd1234")

    client = Client()
    log_in(client)
    assert client.get("/admin/login/?next=/admin/").url == "/admin/deux-facteurs/?next=%2Fadmin%2F"
    response = client.get("/admin/deux-facteurs/?next=%2Fadmin%2F")
    assert (
        "Saisissez le code à six chiffres que montre votre application d'authentification"
        in text(response.content.decode())
    )
    response = client.post("/admin/deux-facteurs/", {"code": "123 456", "next": "/admin/"})
    assert "Ce code n'est pas valide (ou a déjà servi)." in text(response.content.decode())
    assert client.get("/admin/").status_code == 302
    # django-otp's throttling: after a failure, the next try must wait.
    response = client.post("/admin/deux-facteurs/", {"code": code(device), "next": "/admin/"})
    assert "Trop de codes erronés : attendez quelques instants avant de réessayer." in text(
        response.content.decode()
    )
    TOTPDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    camille.staticdevice_set.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(
        "/admin/deux-facteurs/", {"code": code(device), "next": "/admin/programmes/"}
    )
    assert (response.status_code, response.url) == (302, "/admin/programmes/")
    assert client.get("/admin/").status_code == 200

    other = Client()
    log_in(other)
    response = other.post("/admin/deux-facteurs/", {"code": "abcd 1234", "next": "/admin/"})
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not StaticToken.objects.filter(token="abcd1234").exists()  # used once only


def test_an_unverified_session_sees_the_public_site_as_a_visitor(camille):
    draft = ProgrammeFactory(
        title="Programme en préparation", publication_state=PublicationState.DRAFT
    )
    device = TOTPDevice.objects.create(user=camille, name="téléphone", confirmed=True)
    client = Client()
    log_in(client)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.post("/admin/deux-facteurs/", {"code": code(device), "next": "/admin/"})
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_the_second_step_may_be_left(client, camille):
    log_in(client)
    response = client.post("/admin/deux-facteurs/sortir/")
    assert response.url == "/admin/login/"
    assert "_auth_user_id" not in client.session


def test_without_the_setting_a_password_opens_the_admin(client, camille, settings):
    settings.STAFF_TWO_FACTOR = False
    log_in(client)
    assert client.get("/admin/").status_code == 200
