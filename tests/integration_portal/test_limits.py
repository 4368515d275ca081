"""Limits per address: downloads streamed at once (across processes: PostgreSQL advisory
locks), and the API's requests (Django REST framework's throttling)."""

import re
import threading

import pytest
from django.db import connections
from django.test import Client

from tests.pages import heading, text

pytestmark = pytest.mark.django_db


class Stream(threading.Thread):
    """A download started from ``address`` in a thread of its own (a database connection of
    its own, as another server process would have), held open until ``finish``."""

    def __init__(self, address):
        super().__init__()
        self.address = address
        self.started = threading.Event()
        self.finished = threading.Event()
        self.status = None

    def run(self):
        try:
            response = Client(REMOTE_ADDR=self.address).get("/structures/export.csv")
            self.status = response.status_code
            self.started.set()
            self.finished.wait(timeout=30)
            if response.streaming:
                b"".join(response.streaming_content)  # to its end: the answer is closed
        finally:
            self.started.set()
            connections.close_all()

    def finish(self):
        self.finished.set()
        self.join()


def download(address):
    response = Client(REMOTE_ADDR=address).get("/structures/export.csv")
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_an_address_streams_a_few_downloads_at_once(settings):
    settings.DOWNLOAD_STREAMS_PER_ADDRESS = 2
    streams = [Stream("203.0.113.5"), Stream("203.0.113.5")]
    for stream in streams:
        stream.start()
        stream.started.wait(timeout=30)
    try:
        assert [stream.status for stream in streams] == [200, 200]
        refused = download("203.0.113.5")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "30"
        assert heading(refused) == "Trop de téléchargements en cours"
        assert "Plusieurs téléchargements sont déjà en cours depuis votre adresse" in text(
            refused.content.decode()
        )
        assert download("198.51.100.7").status_code == 200  # another address
    finally:
        for stream in streams:
            stream.finish()
    assert download("203.0.113.5").status_code == 200  # their slots are free again


def test_the_api_throttles_an_address(client, settings):
    settings.API_THROTTLE_RATE = "3/min"
    for size in (1, 2, 3):  # three different pages: none from the page cache
        assert client.get(f"/api/structures/?taille={size}").status_code == 200
    response = client.get("/api/structures/?taille=4")
    assert response.status_code == 429
    assert re.fullmatch(
        r"Trop de requêtes depuis cette adresse\. Réessayez dans (59|60) secondes\.",
        response.json()["detail"],
    )
    assert response["Retry-After"] in ("59", "60")
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get("/api/structures/?taille=5").status_code == 200
