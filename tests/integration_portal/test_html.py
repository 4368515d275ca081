"""Every public page type, in French and in English, is valid HTML for the Nu HTML Checker
(vnu, the W3C's validator), run on the pages of the demo.

The checker is a Java program shipped by the npm package ``vnu-jar``: ``make vnu`` installs
it into ``.vnu/`` (git-ignored), or ``VNU_JAR`` names a ``vnu.jar``; it needs a Java runtime
(``apt-get install default-jre-headless``). Without them the test is skipped, saying so;
under CI (``CI=true``), where ``.ci/run`` installs them, a missing checker is an error.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.pages import LANGUAGES, PAGES, address

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR")
    or ROOT / ".vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs the checker, or a skip saying how to get it."""
    java = shutil.which("java")
    if java and VNU_JAR.is_file():
        return [java, "-Xss4m", "-jar", str(VNU_JAR)]
    message = (
        "The Nu HTML Checker needs a Java runtime (`apt-get install default-jre-headless`) "
        "and vnu.jar (`make vnu`, which runs npm, or VNU_JAR=path/to/vnu.jar) to run."
    )
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def report(errors: list[dict], files: dict[str, str]) -> str:
    """Each error with the page's address, its line and the code around it."""
    lines = [f"{len(errors)} HTML error(s):"]
    for error in errors:
        page = files.get(Path(error.get("url", "")).name, error.get("url", "?"))
        lines.append(f"- {page}, line {error.get('lastLine', '?')}: {error['message']}")
        if extract := error.get("extract"):
            lines.append(f"    {extract.strip()}")
    return "\n".join(lines)


def test_every_public_page_type_is_valid_html(vnu, client, demo, tmp_path):
    files = {}
    for language in LANGUAGES:
        for name in PAGES:
            path = address(name, language)
            response = client.get(path)
            assert response.status_code == 200, path
            file = tmp_path / f"{language}-{name}.html"
            file.write_bytes(response.content)
            files[file.name] = path
    assert len(files) == 2 * len(PAGES)

    checked = subprocess.run(
        [
            *vnu,
            "--errors-only",
            "--format",
            "json",
            "--stdout",
            *sorted(map(str, tmp_path.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [message for message in messages if message["type"] != "info"]
    assert not errors, report(errors, files)
    assert checked.returncode == 0, checked.stderr
