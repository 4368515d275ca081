"""One log line per request (integration_portal.logs), JSON in production, errors with their
traceback; Sentry when SENTRY_DSN is set."""

import gzip
import http.server
import re
import threading

import pytest

from tests import production

pytestmark = pytest.mark.django_db

LOGGER = "integration_portal.requests"


def request_lines(caplog):
    return [record for record in caplog.records if record.name == LOGGER]


def test_one_line_per_request_with_its_identifier(client, caplog):
    caplog.set_level("INFO", logger=LOGGER)
    response = client.get("/structures/?q=logement")
    (line,) = request_lines(caplog)
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/structures/", 200, None)
    assert line.duration_ms > 0
    assert re.fullmatch(r"[0-9a-f]{32}", line.request_id)
    assert response["X-Request-ID"] == line.request_id
    assert line.getMessage() == f"GET /structures/ 200 {line.duration_ms} ms"


def test_a_staff_members_id_is_logged(client, caplog, make_staff):
    camille = make_staff("camille", "editeur", "86")
    client.force_login(camille)
    caplog.set_level("INFO", logger=LOGGER)
    client.get("/admin/")
    (line,) = request_lines(caplog)
    assert (line.path, line.user_id) == ("/admin/", camille.pk)


def test_a_download_is_logged_once_sent_whole(client, caplog):
    caplog.set_level("INFO", logger=LOGGER)
    response = client.get("/structures/export.csv")
    assert request_lines(caplog) == []
    b"".join(response.streaming_content)
    (line,) = request_lines(caplog)
    assert (line.path, line.status) == ("/structures/export.csv", 200)


@pytest.mark.parametrize(
    ("proxies", "given", "kept"),
    [(0, "lb-1234", False), (1, "lb-1234", True), (1, "<script>", False)],
)
def test_the_request_id_of_a_trusted_proxy_is_kept(client, settings, proxies, given, kept):
    settings.TRUSTED_PROXY_COUNT = proxies
    response = client.get("/healthz", HTTP_X_REQUEST_ID=given)
    assert (response["X-Request-ID"] == given) is kept


def test_production_writes_json_lines_and_errors_with_their_traceback(static_root):
    result = production.run_client(
        ["/healthz", "/"],
        static_root,
        DATABASE_URL=production.DOWN_DATABASE,
        DATABASE_POOL_TIMEOUT="1",
    )
    lines = production.log_lines(result)
    requests = [line for line in lines if line["logger"] == LOGGER]
    assert [(line["path"], line["status"]) for line in requests] == [("/healthz", 200), ("/", 503)]
    assert set(requests[0]) == {
        "time", "level", "logger", "message", "method", "path", "status", "duration_ms",
        "user_id", "request_id",
    }  # fmt: skip
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+\+00:00", requests[0]["time"])
    (error,) = [line for line in lines if line["logger"] == "django.request"]
    assert (error["level"], error["message"]) == ("ERROR", "Service Unavailable: /")
    assert "Traceback (most recent call last)" in error["traceback"]
    assert "OperationalError" in error["traceback"]


class Envelopes(http.server.BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_sentry_receives_errors_when_its_dsn_is_set():
    server = http.server.HTTPServer(("127.0.0.1", 0), Envelopes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://cle@127.0.0.1:{server.server_port}/1"
        script = "import sentry_sdk; sentry_sdk.capture_message('essai du portail')"
        result = production.manage("shell", "--no-imports", "-c", script, SENTRY_DSN=dsn)
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
        server.server_close()
    (envelope,) = Envelopes.received
    assert b'"message":"essai du portail"' in envelope.replace(b": ", b":")
    assert b'"environment":"production"' in envelope.replace(b": ", b":")
    assert b'"django"' in envelope  # its Django integration is on
