import io
import logging

import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from reference.models import Territory


@pytest.fixture(autouse=True)
def _strict_templates(caplog):
    """Fail a test whose page uses a template variable that does not exist (our templates)."""
    caplog.set_level(logging.DEBUG, logger="django.template")
    yield
    undefined = [
        record.getMessage()
        for record in caplog.get_records("call")
        if record.name == "django.template"
        and "Exception while resolving variable" in record.getMessage()
        and "in template 'admin/" not in record.getMessage()
        and "in template 'dsfr/" not in record.getMessage()
        and "in template 'rest_framework/" not in record.getMessage()  # the browsable API
        and "in template 'auth/" not in record.getMessage()  # Django's account widgets
        # Django REST framework's browsable page asks for a user the read-only API has none of.
        and "in template 'rest_framework/" not in record.getMessage()
    ]
    assert not undefined, f"Undefined template variables: {undefined}"


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with no page kept from another (core.cache), in French
    (a request to an English page leaves English active in the test's thread)."""
    for alias in settings.CACHES:
        caches[alias].clear()
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    from django.core.management import call_command

    call_command("load_demo")


@pytest.fixture
def france(db):
    return Territory.objects.get(level="pays", code="FR")


@pytest.fixture
def grand_est(db):
    return Territory.objects.get(level="region", code="44")


@pytest.fixture
def bas_rhin(db):
    return Territory.objects.get(level="departement", code="67")


@pytest.fixture
def strasbourg(db):
    return Territory.objects.get(level="commune", code="67482")


@pytest.fixture
def make_staff(db, django_user_model):
    """A staff account with a role (``staff.enums.Role``) and a scope of INSEE codes, set up
    as ``set_role`` does it: ``make_staff("editeur", "editeur", "region:44")``."""
    from django.core.management import call_command

    def make(username, role, *codes):
        call_command("set_role", username, role, *codes, stdout=io.StringIO(), stderr=io.StringIO())
        return django_user_model.objects.get(username=username)

    return make


@pytest.fixture
def vienne(db):
    return Territory.objects.get(level="departement", code="86")


@pytest.fixture
def poitiers(db):
    return Territory.objects.get(level="commune", code="86194")


@pytest.fixture
def live_demo(live_server, django_db_blocker):
    """The live server, with the reference data and the demo loaded (browser tests, the
    API's contract).

    Live-server tests use transactional databases, emptied after each test: the reference
    data that migrations ship is loaded again first. pytest-django runs these tests last.
    """
    from django.core.management import call_command

    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    with django_db_blocker.unblock():
        load_territories(Territory)
        load_lists(Theme, Audience)
        call_command("load_demo")
    return live_server


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files collected once by the production settings (hashed names, compressed
    copies), for the tests that serve pages with them (``tests.production``)."""
    from tests import production

    root = tmp_path_factory.mktemp("static")
    result = production.manage(
        "collectstatic", "--no-input", "--verbosity=0", DJANGO_STATIC_ROOT=str(root), timeout=300
    )
    assert result.returncode == 0, result.stderr
    return root
