"""Browser tests: Playwright driving Debian's Chromium (no browser download).

They skip, saying how to enable them, when Chromium is missing; under CI (CI=true), where
.ci/run installs it, a missing browser is an error instead.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# The sync Playwright API runs an event loop in the test's thread; the live server's own
# database access happens in its thread, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            "Browser tests need Debian's Chromium: run `apt-get install chromium` "
            "(or set CHROMIUM_PATH) to enable them."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shared_live_demo(django_db_setup, django_db_blocker):
    """A live server with the reference data and the demo, loaded once for a whole module
    whose tests only read (each test still needs ``pytest.mark.django_db``, for the test
    database to be created).

    ``live_demo`` makes each test transactional: the database is emptied after it and the demo
    loaded again (~10 s a test). This fixture keeps what it loads until the module's last test,
    runs its own server thread, and empties the database at the end as a transactional test
    would; its tests run last (``pytest_collection_modifyitems``), after every test that
    expects the database as the migrations leave it.
    """
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import modify_settings
    from pytest_django.live_server_helper import LiveServer

    from reference.loaders import load_lists, load_territories
    from reference.models import Audience, Territory, Theme

    with django_db_blocker.unblock():
        load_territories(Territory)
        load_lists(Theme, Audience)
        call_command("load_demo")
        server = LiveServer("localhost")
        try:
            with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
                yield server
        finally:
            server.stop()
            call_command("flush", verbosity=0, interactive=False)
            # Hand this thread's pooled connection back now: left out of the pool, it kept the
            # test database from being dropped at the end of the run.
            connections.close_all()


def pytest_collection_modifyitems(items):
    """Tests on ``shared_live_demo`` run last (pytest-django has already put the transactional
    tests after the others): the demo they share stays in the database between them."""
    items.sort(key=lambda item: "shared_live_demo" in getattr(item, "fixturenames", ()))


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()
