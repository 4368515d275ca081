"""``make serve``'s set-up: gunicorn with the production settings serves the pages and their
static files itself (whitenoise): hashed names, compressed, kept for good by browsers."""

import gzip
import re
import urllib.request

import pytest
from django.db import connection

from tests import production
from tests.pages import parse

pytestmark = pytest.mark.django_db


def fetch(address: str, **headers):
    request = urllib.request.Request(address, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.headers, response.read()


def test_gunicorn_serves_the_styled_site(static_root):
    with production.served(static_root, DATABASE_URL=production.database_url(connection)) as base:
        status, headers, body = fetch(base + "/")
        assert status == 200
        page = body.decode()
        styles = [link["href"] for link in parse(page).select('link[rel="stylesheet"]')]
        scripts = [script["src"] for script in parse(page).select("script[src]")]
        # The DSFR's style sheets and scripts and the portal's own, under hashed names.
        assert len(styles) == 4 and len(scripts) == 2
        assert any(
            re.fullmatch(r"/static/dsfr/dist/dsfr/dsfr\.min\.[0-9a-f]{12}\.css", s) for s in styles
        )
        assert any(re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", s) for s in styles)
        # No integrity checksum: collectstatic rewrites the addresses inside style sheets.
        assert "integrity=" not in page

        for address in styles + scripts:
            status, headers, body = fetch(base + address, **{"Accept-Encoding": "gzip"})
            assert status == 200, address
            assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
            assert headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(body)

        # Unhashed names are still served, kept a minute only.
        status, headers, _ = fetch(base + "/static/dsfr/dist/dsfr/dsfr.min.css")
        assert (status, headers["Cache-Control"]) == (200, "max-age=60, public")
