import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from integration_portal.settings import env_bool, env_int, env_list


def test_env_bool_fails_loudly_on_a_bad_value(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be true or false"):
        env_bool("DJANGO_DEBUG", False)
    monkeypatch.setenv("DJANGO_DEBUG", "Yes")
    assert env_bool("DJANGO_DEBUG", False) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "dix")
    with pytest.raises(ImproperlyConfigured, match="must be a whole number, not 'dix'"):
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
def test_demo_admin_is_refused_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="qu'en développement"):
        call_command("create_demo_admin")
    assert not get_user_model().objects.exists()


@pytest.mark.django_db
def test_demo_admin_is_created_once_in_development(settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_admin")
    call_command("create_demo_admin")
    user = get_user_model().objects.get()
    assert (user.username, user.is_staff, user.check_password("demo")) == ("demo", True, True)
    assert "identifiant « demo », mot de passe « demo »" in capsys.readouterr().out
