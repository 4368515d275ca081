"""Every public page type, in French and in English, passes axe-core's WCAG 2.1 A and AA rules.

axe-core runs inside the headless Chromium (axe-playwright-python bundles it: nothing is
fetched). The pages are only read, so one live server and one load of the demo serve the
whole module (``shared_live_demo``) instead of a load per test: each (language, page) is still
its own test, and a failure lists each violation with the elements to fix.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.pages import LANGUAGES, PAGES, address

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

WCAG_21_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def demo_site(shared_live_demo, django_db_blocker):
    """The live server's address and the address of each (language, page)."""
    with django_db_blocker.unblock():
        addresses = {
            (language, name): address(name, language) for language in LANGUAGES for name in PAGES
        }
    return shared_live_demo.url, addresses


def report(url, violations):
    """What to fix: each violation with its rule, impact and help, and each element's place."""
    lines = [f"{url}: {len(violations)} WCAG 2.1 A/AA violation(s)"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html']}")
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_no_violations(page):
    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_21_A_AA},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    assert not violations, report(page.url, violations)


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_has_no_wcag_21_a_or_aa_violation(demo_site, page, language, page_name):
    base_url, addresses = demo_site
    url = base_url + addresses[language, page_name]

    response = page.goto(url)

    assert response.status == 200, url
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text().strip()
    assert_no_violations(page)


@pytest.mark.parametrize("button", ["Menu", "Rechercher"])
def test_the_header_dialogs_of_a_phone_have_no_violation(demo_site, browser, button):
    """On a narrow screen the header's menu and search are dialogs behind two buttons."""
    base_url, _ = demo_site
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/programmes/")

    page.locator(".fr-header__navbar").get_by_role("button", name=button).click()

    expect(page.get_by_role("dialog")).to_be_visible()
    # The pointer leaves the close button that opened under it, and colours are checked once
    # its hover colour has faded out (DSFR's transition, which getAnimations() may not list).
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert_no_violations(page)
    context.close()
