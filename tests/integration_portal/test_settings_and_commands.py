import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from integration_portal.settings.base import env_addresses, env_bool, env_int, env_list


def test_env_bool_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("DJANGO_SSL_REDIRECT", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SSL_REDIRECT doit valoir true ou false"):
        env_bool("DJANGO_SSL_REDIRECT", False)
    monkeypatch.setenv("DJANGO_SSL_REDIRECT", "Yes")
    assert env_bool("DJANGO_SSL_REDIRECT", False) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "dix")
    with pytest.raises(ImproperlyConfigured, match="doit être un nombre entier, pas 'dix'"):
        env_int("DATABASE_POOL_MAX_SIZE", 10)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "integration.example, www.integration.example")
    assert env_list("DJANGO_ALLOWED_HOSTS", []) == [
        "integration.example",
        "www.integration.example",
    ]


def test_the_tests_run_on_postgresql(django_db_blocker):
    from django.db import connection

    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql"


@pytest.mark.django_db
def test_demo_admin_is_refused_outside_the_local_database(settings):
    settings.DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="que dans la base locale de développement"):
        call_command("create_demo_admin")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_admin_is_created_once_in_the_local_database(capsys):
    call_command("create_demo_admin")
    call_command("create_demo_admin")
    user = get_user_model().objects.get()
    assert (user.username, user.is_staff, user.check_password("demo")) == ("demo", True, True)
    assert "identifiant « demo », mot de passe « demo »" in capsys.readouterr().out


# Production settings, started the way a server starts them, in a process of their own.

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "integration_portal.settings.production",
    "DJANGO_SECRET_KEY": "Kq3v9-x_Lr8TzWm2Pn7Yc4Hb6Jd1Fs5Gt0Ue-Ai9Oo3Rk8Xl2Ve7Nw4Qy6Mp1Zj5Ch0",
    "DJANGO_ALLOWED_HOSTS": "integration.example",
    "DATABASE_URL": "postgresql://portail@db.integration.example:5432/portail",
}


def manage(*args, **env):
    """Run manage.py with only ``env`` (and PATH) in its environment."""
    environment = {"PATH": os.environ["PATH"], **{k: v for k, v in env.items() if v is not None}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_its_secrets_and_database():
    result = manage("check", **PRODUCTION)
    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DATABASE_URL": None}, "DATABASE_URL doit être défini en production."),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY doit être défini en production."),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS doit être défini en production"),
        ({"DJANGO_SECRET_KEY": "changeme"}, "DJANGO_SECRET_KEY est trop faible"),
        ({"DJANGO_SECRET_KEY": "ab" * 40}, "DJANGO_SECRET_KEY est trop faible"),
        (
            {"DJANGO_SECRET_KEY": "django-insecure-" + PRODUCTION["DJANGO_SECRET_KEY"]},
            "DJANGO_SECRET_KEY est trop faible",
        ),
        ({"DATABASE_URL": "sqlite:///portail.db"}, "doit désigner une base PostgreSQL"),
    ],
    ids=[
        "no-database",
        "no-key",
        "no-hosts",
        "short-key",
        "repetitive-key",
        "django-key",
        "sqlite",
    ],
)
def test_production_refuses_to_start_without_what_it_needs(change, message):
    result = manage("check", **(PRODUCTION | change))
    assert result.returncode == 1
    assert result.stderr.startswith("Configuration incomplète : ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("proxies", "header"),
    [(None, "None"), ("0", "None"), ("1", "('HTTP_X_FORWARDED_PROTO', 'https')")],
)
def test_the_forwarded_protocol_is_believed_only_behind_a_proxy(proxies, header):
    script = "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)"
    result = manage(
        "shell", "--no-imports", "-c", script, **PRODUCTION, DJANGO_TRUSTED_PROXIES=proxies
    )
    assert result.stdout.strip() == header


def test_admins_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_ADMINS", "Camille Martin <camille@example.org>, exploit@example.org")
    assert env_addresses("DJANGO_ADMINS") == [
        ("Camille Martin", "camille@example.org"),
        ("", "exploit@example.org"),
    ]
    monkeypatch.setenv("DJANGO_ADMINS", "Camille Martin")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_ADMINS doit lister des adresses"):
        env_addresses("DJANGO_ADMINS")
