"""Text message backends: console, locmem, and the HTTP backend against a provider the test starts."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from wieg.core import sms
from wieg.core.sms.backends import console, http


class Provider(BaseHTTPRequestHandler):
    """A provider's API on a loopback port: records what it got, answers with the server's `status`."""

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(
            {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
        )
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"id": "msg-1"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def provider():
    server = HTTPServer(("127.0.0.1", 0), Provider)
    server.received, server.status = [], 202
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_console_prints_the_message():
    stream = io.StringIO()
    console.SmsBackend(stream=stream).send(sms.TextMessage(to="+32470123456", body="Hallo", sender="Wieg"))
    assert "SMS from Wieg to +32470123456\nHallo" in stream.getvalue()


def test_locmem_keeps_the_message(settings):
    settings.WIEG_SMS_BACKEND = "wieg.core.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    sms.send_sms("+32470123456", "Hallo")
    assert sms.outbox == [sms.TextMessage(to="+32470123456", body="Hallo", sender="Wieg")]
    sms.outbox.clear()


def test_http_backend_posts_json_with_the_token(provider, settings):
    settings.WIEG_SMS_BACKEND = "wieg.core.sms.backends.http.SmsBackend"
    settings.WIEG_SMS_HTTP_URL = f"http://127.0.0.1:{provider.server_port}/v1/messages"
    settings.WIEG_SMS_HTTP_TOKEN = "provider-token-123"
    settings.WIEG_SMS_SENDER = "KindGezin"
    sms.send_sms("+32470123456", "Wieg: uw uitnodiging")
    assert len(provider.received) == 1
    got = provider.received[0]
    assert got["path"] == "/v1/messages"
    assert got["headers"]["Authorization"] == "Bearer provider-token-123"
    assert got["headers"]["Content-Type"] == "application/json"
    assert got["json"] == {"from": "KindGezin", "to": "+32470123456", "text": "Wieg: uw uitnodiging"}


def test_http_backend_raises_on_an_error_answer_without_repeating_the_number(provider):
    provider.status = 503
    backend = http.SmsBackend(url=f"http://127.0.0.1:{provider.server_port}/", token="t")
    with pytest.raises(sms.SmsError) as caught:
        backend.send(sms.TextMessage(to="+32470123456", body="Hallo"))
    assert "503" in str(caught.value)
    assert "+32470123456" not in str(caught.value) and "Hallo" not in str(caught.value)


def test_http_backend_raises_when_the_provider_is_unreachable(provider):
    port = provider.server_port
    provider.shutdown()
    provider.server_close()
    backend = http.SmsBackend(url=f"http://127.0.0.1:{port}/", token="t", timeout=2)
    with pytest.raises(sms.SmsError):
        backend.send(sms.TextMessage(to="+32470123456", body="Hallo"))


def test_http_backend_needs_an_address(settings):
    settings.WIEG_SMS_HTTP_URL = ""
    with pytest.raises(sms.SmsError):
        http.SmsBackend()
