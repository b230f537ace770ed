"""The recording proxy forwards to the server, remembers each exchange, and lets nothing else out."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from checks.contract.masking import Masker
from checks.examples.proxy import BODY_LIMIT, RecordingProxy


class _Echo(BaseHTTPRequestHandler):
    """Answers with what it was asked: method, path, the key header and the body."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _echo(self):
        length = int(self.headers.get("Content-Length") or 0)
        sent = self.rfile.read(length).decode() if length else ""
        status = 404 if self.path.startswith("/missing") else 200
        payload = {"method": self.command, "path": self.path, "key": self.headers.get("X-API-Key"), "body": sent}
        if self.path.startswith("/big"):
            payload["filler"] = "x" * (BODY_LIMIT * 2)
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _echo


@pytest.fixture
def upstream():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_requests_are_forwarded_and_recorded_with_the_key_masked(upstream):
    with RecordingProxy(upstream, mask=Masker(["secret-key-1"])) as proxy:
        listed = requests.get(f"{proxy.url}/api/jobs?limit=2", headers={"X-API-Key": "secret-key-1"}, timeout=10)
        posted = requests.post(f"{proxy.url}/api/prompt", json={"prompt": {}}, timeout=10)
        missing = requests.get(f"{proxy.url}/missing", timeout=10)
    assert listed.json() == {"method": "GET", "path": "/api/jobs?limit=2", "key": "secret-key-1", "body": ""}
    assert posted.json()["body"] == '{"prompt": {}}'
    assert missing.status_code == 404
    first, second, third = proxy.exchanges
    assert (first.method, first.path, first.status) == ("GET", "/api/jobs?limit=2", 200)
    assert "secret-key-1" not in first.body and '"key": "***"' in first.body
    assert (second.method, third.status, third.blocked) == ("POST", 404, False)


def test_a_path_prefix_of_the_server_is_kept(upstream):
    with RecordingProxy(upstream + "/comfy/") as proxy:
        assert requests.get(f"{proxy.url}/api/jobs", timeout=10).json()["path"] == "/comfy/api/jobs"


def test_long_bodies_are_shortened_in_the_record_not_in_the_answer(upstream):
    with RecordingProxy(upstream) as proxy:
        answer = requests.get(f"{proxy.url}/big", timeout=10)
    assert len(answer.json()["filler"]) == BODY_LIMIT * 2
    assert len(proxy.exchanges[0].body) < BODY_LIMIT + 100 and "more characters" in proxy.exchanges[0].body


def test_a_request_for_another_host_is_refused_and_recorded(upstream):
    with RecordingProxy(upstream) as proxy:
        connection = http.client.HTTPConnection("127.0.0.1", int(proxy.url.rsplit(":", 1)[1]), timeout=10)
        connection.request("GET", "http://docs.example.invalid/api/jobs")
        answer = connection.getresponse()
        body = json.loads(answer.read())
        connection.close()
    assert answer.status == 403 and "only the server under test" in body["error"]
    assert proxy.exchanges[0].blocked and proxy.exchanges[0].path == "http://docs.example.invalid/api/jobs"


def test_an_https_tunnel_to_another_host_is_refused(upstream):
    with RecordingProxy(upstream) as proxy:
        with pytest.raises(requests.exceptions.ProxyError):
            requests.get("https://docs.example.invalid/api/jobs", proxies={"https": proxy.url}, timeout=10)
    assert proxy.exchanges[-1].blocked and proxy.exchanges[-1].path.startswith("https://docs.example.invalid")


def test_an_unreachable_server_answers_502_and_records_no_status():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with RecordingProxy(f"http://127.0.0.1:{port}", timeout=5) as proxy:
        answer = requests.get(f"{proxy.url}/api/jobs", timeout=10)
    assert answer.status_code == 502 and proxy.exchanges[0].status == 0
    assert proxy.exchanges[0].line() == "GET /api/jobs -> no answer"


def test_only_http_upstreams_are_accepted():
    with pytest.raises(ValueError, match="not an http"):
        RecordingProxy("ftp://127.0.0.1/")
