"""The API honours its OpenAPI schema: schemathesis reads the schema from the live server
(with the demo loaded) and sends it requests made from it, valid and invalid, with every
check on (no server error; status codes, content types, headers and bodies as declared;
invalid parameters refused, valid ones accepted; methods not allowed answered as such), in
each of its phases (coverage of each parameter's edge values, random requests, sequences
following the schema's links).

The number of examples is bounded (``SCHEMATHESIS_MAX_EXAMPLES``) and the seed fixed
(``SCHEMATHESIS_SEED``), so that the test takes the same bounded time and the same requests
on every run; change either to explore further. A failure prints schemathesis's report:
each failing request, the check it broke and the ``curl`` line that repeats it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")
SEED = os.environ.get("SCHEMATHESIS_SEED", "21")


def test_the_api_honours_its_openapi_schema(live_demo, tmp_path):
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{live_demo.url}/api/schema/",
        "--checks=all",
        f"--max-examples={MAX_EXAMPLES}",
        f"--seed={SEED}",
        "--workers=2",  # the live server answers each in a thread of its own
        "--generation-database=none",
        "--no-color",
    ]
    # Run where schemathesis may leave its files, never in the checkout.
    result = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "No issues found" in report, report
