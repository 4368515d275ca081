"""Every page type, public, API and admin, loads in Chromium under the Content-Security-Policy
without a single violation: no inline script, style or handler runs without this request's
nonce, nothing is fetched from another site.

Violations are read in the page (``securitypolicyviolation`` events, collected by a script
the browser injects before the page's own, which the policy does not govern) and in the
console. The pages are only read: one live server and one load of the demo serve the module.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.test_accessibility import PAGES
from tests.browser.test_accessibility import address as public_address
from tests.jobs import run_worker
from tests.partners.helpers import FILES

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PASSWORD = "une phrase assez longue"
COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} `
    + `(${event.sourceFile}:${event.lineNumber} ${event.sample})`
  );
});
"""


@pytest.fixture(scope="module")
def site(shared_live_demo, django_db_blocker):
    """The live server's address, the public and admin addresses, an administrator."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    from core.admin import versions as history
    from events.models import Event
    from partners.models import Organisation
    from programmes.models import Programme, Scheme

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("csp", "csp@example.org", PASSWORD)
        get_user_model().objects.create_superuser("csp2", "csp2@example.org", PASSWORD)
        public = [public_address(name, language) for language in ("fr", "en") for name in PAGES]
        with translation.override("fr"):
            programme = Programme.objects.published().order_by("pk").first()
            public += [
                "/nexiste-pas/",
                "/en/nexiste-pas/",
                reverse("report_error", args=["programme", programme.pk]),
            ]
            admin_pages = ["/admin/", "/admin/password_change/"]
            for model in admin.site._registry:
                opts = model._meta
                admin_pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            for model in (Organisation, Programme, Event, Scheme, get_user_model()):
                opts = model._meta
                record = model.objects.order_by("pk").first()
                name = f"admin:{opts.app_label}_{opts.model_name}"
                admin_pages += [
                    reverse(f"{name}_add"),
                    reverse(f"{name}_change", args=[record.pk]),
                    reverse(f"{name}_history", args=[record.pk]),
                    reverse(f"{name}_delete", args=[record.pk]),
                ]
            version = history.event_model(Programme).objects.filter(pgh_obj_id=programme.pk)
            admin_pages += [
                reverse(
                    "admin:programmes_programme_restore",
                    args=[programme.pk, version.order_by("pgh_id").first().pgh_id],
                ),
                reverse("admin:partners_organisation_import"),
                reverse("admin:partners_organisation_export"),
            ]
    return shared_live_demo.url, public, admin_pages


def watch(page) -> list[str]:
    """The page's violations, as they come: in the page and in the console."""
    found = []
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def violations_of(page, console: list[str]) -> list[str]:
    """After the page's load, and a moment for the last events to be dispatched."""
    page.wait_for_load_state("load")
    page.evaluate("new Promise((resolve) => setTimeout(resolve, 100))")
    return [*page.evaluate("window.cspViolations"), *console]


def visit(page, console, url) -> list[str]:
    console.clear()
    page.goto(url)
    return [f"{url}: {violation}" for violation in violations_of(page, console)]


def test_public_pages_in_both_languages(site, page):
    base, public, _ = site
    console = watch(page)
    found = []
    for path in public:
        found += visit(page, console, base + path)
    assert not found, "\n".join(found)


def test_the_api_pages_and_swagger_ui(site, page):
    base, _, _ = site
    console = watch(page)
    found = []
    for path in [
        "/api/",
        "/api/structures/",
        "/api/evenements/?quand=passes",
        "/api/territoires/?niveau=region",
    ]:
        found += visit(page, console, base + path)
        assert page.locator("h1").first.is_visible()
    found += visit(page, console, base + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()  # Swagger UI ran, with its nonce
    assert (
        "API du portail de l'intégration" in page.locator(".swagger-ui .info .title").inner_text()
    )
    found += violations_of(page, console)
    assert not found, "\n".join(found)


def test_admin_pages(site, page, django_db_blocker):
    base, _, admin_pages = site
    console = watch(page)
    found = visit(page, console, base + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill("csp")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    for path in admin_pages:
        found += visit(page, console, base + path)
        assert page.locator("#content").is_visible(), path
    # The import's preview, from a file.
    found += visit(page, console, base + reverse("admin:partners_organisation_import"))
    page.get_by_label("Fichier à importer").set_input_files(
        str(FILES / "associations_tableur_cp1252.csv")
    )
    page.get_by_role("button", name="Voir l’aperçu").click()
    assert page.locator("#import-progress").is_visible()  # the job's progress, reloading
    found += [f"{page.url}: {violation}" for violation in violations_of(page, console)]
    with django_db_blocker.unblock():
        run_worker()
    page.reload()
    assert page.locator("#import-counts").is_visible()
    found += [f"{page.url}: {violation}" for violation in violations_of(page, console)]
    assert not found, "\n".join(found)


def log_in(page, base, username):
    page.goto(base + "/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def test_two_factor_pages(site, browser, settings, django_db_blocker):
    """The set-up (its QR code drawn as inline SVG), the recovery codes, the second step."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.STAFF_TWO_FACTOR = True
    base, _, _ = site
    found = []
    for step in ("setup", "verify"):
        page = browser.new_context(locale="fr-FR").new_page()
        console = watch(page)
        log_in(page, base, "csp2")
        found += [f"{page.url}: {violation}" for violation in violations_of(page, console)]
        with django_db_blocker.unblock():
            device = TOTPDevice.objects.get(user__username="csp2")
        if step == "setup":
            assert page.get_by_role(
                "img", name="Code QR à lire avec l'application d'authentification"
            ).is_visible()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time += device.step if step == "verify" else 0  # a code not used yet
        page.get_by_role("textbox", name="Code").fill(f"{totp.token():06d}")
        console.clear()
        page.get_by_role("button", name="Valider").click()
        if step == "setup":
            assert page.locator("#recovery-codes li").count() == 10
            found += [f"{page.url}: {violation}" for violation in violations_of(page, console)]
            page.get_by_role("link", name="Continuer vers l'administration").click()
        assert page.get_by_role("heading", name="À suivre dans votre périmètre").is_visible()
        page.context.close()
    assert not found, "\n".join(found)
