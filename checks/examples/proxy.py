"""A loopback forwarding proxy that records what a program asked and what it was told.

Programs call the proxy instead of the server, so the runner sees every exchange
whatever language made it: after a timeout the last response shows what a polling
loop kept reading. The program's HTTP(S)_PROXY variables point here too, so a request
to any other host (a URL the docs spell in a way nobody substituted) is refused and
recorded instead of leaving the machine. Standard library only; one thread per request.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from checks.examples.outcomes import Exchange

BODY_LIMIT = 2000
MAX_BODY_BYTES = 32 << 20  # of a request or an answer passed through; beyond it is a broken program or server
# Hop-by-hop headers and those the proxy sets itself.
_DROPPED = {"connection", "keep-alive", "proxy-authorization", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "host", "content-length", "accept-encoding", "expect"}


def _shorten(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    if len(text) <= BODY_LIMIT:
        return text
    return text[:BODY_LIMIT] + f"... ({len(text) - BODY_LIMIT} more characters)"


class TooLarge(Exception):
    """A body beyond what the proxy passes on (or one that would not stop arriving)."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    proxy: "RecordingProxy"  # set on the subclass each proxy makes

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _body(self) -> bytes:
        """The request body; TooLarge beyond MAX_BODY_BYTES, ValueError when its framing is broken."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks, total = [], 0
            while True:
                size = int(self.rfile.readline(100).split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY_BYTES:
                    raise TooLarge()
                chunks.append(self.rfile.read(size))
                self.rfile.readline(100)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise TooLarge()
        return self.rfile.read(length) if length > 0 else b""

    def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers:
            if name.lower() not in _DROPPED and name.lower() != "content-encoding":
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _refuse(self, where: str) -> None:
        message = f"jobs-checks examples: refused a request to {where}: only the server under test is reachable"
        body = json.dumps({"error": message}).encode()
        self.proxy.record(Exchange(self.command, where, 403, message, blocked=True))
        self.close_connection = True
        self._answer(403, [("Content-Type", "application/json")], body)

    def do_CONNECT(self):  # noqa: N802 - http.server's naming
        self._refuse(f"https://{self.path}")

    def _forward(self):
        try:
            body = self._body()
        except (TooLarge, ValueError) as exc:
            message = (f"jobs-checks examples: the request body passed {MAX_BODY_BYTES >> 20} MiB" if isinstance(exc, TooLarge)
                       else "jobs-checks examples: the request body's framing is broken")
            self.proxy.record(Exchange(self.command, self.path, 413, message, blocked=True))
            self.close_connection = True
            self._answer(413, [("Content-Type", "application/json")], json.dumps({"error": message}).encode())
            return
        if not self.path.startswith("/"):  # absolute form: the program used us as its HTTP proxy
            self._refuse(self.path)
            return
        headers = {name: value for name, value in self.headers.items() if name.lower() not in _DROPPED}
        try:
            status, answer_headers, answer = self.proxy.send(self.command, self.path, headers, body)
        except (OSError, http.client.HTTPException, TooLarge) as exc:
            message = f"jobs-checks examples: the server did not answer: {exc or type(exc).__name__}"
            self.proxy.record(Exchange(self.command, self.path, 0, message))
            self._answer(502, [("Content-Type", "application/json")], json.dumps({"error": message}).encode())
            return
        self.proxy.record(Exchange(self.command, self.path, status, _shorten(answer)))
        self._answer(status, answer_headers, answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _forward


class RecordingProxy:
    """Forward loopback requests to `upstream`, keep every exchange (masked), refuse other hosts.

    Use as a context manager; `url` is where programs should send requests.
    """

    def __init__(self, upstream: str, *, mask=lambda text: text, timeout: float = 60.0):
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {upstream!r}")
        self._scheme, self._host, self._port = parts.scheme, parts.hostname, parts.port
        self._prefix = parts.path.rstrip("/")
        self._mask = mask
        self._timeout = timeout
        self._lock = threading.Lock()
        self.exchanges: list[Exchange] = []
        self.url = ""
        self.port = 0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def record(self, exchange: Exchange) -> None:
        exchange = Exchange(exchange.method, self._mask(exchange.path), exchange.status, self._mask(exchange.body),
                            exchange.blocked)
        with self._lock:
            self.exchanges.append(exchange)

    def send(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, list, bytes]:
        """One request to the upstream server: (status, headers, body)."""
        kind = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
        connection = kind(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(method, self._prefix + path, body=body or None, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheaders(), self._read(response)
        finally:
            connection.close()

    def _read(self, response) -> bytes:
        """The whole answer, if it fits in MAX_BODY_BYTES and arrives within the timeout (else TooLarge)."""
        deadline = time.monotonic() + self._timeout
        chunks, total = [], 0
        while chunk := response.read1(65536) if hasattr(response, "read1") else response.read(65536):
            total += len(chunk)
            if total > MAX_BODY_BYTES:
                raise TooLarge(f"its answer passed {MAX_BODY_BYTES >> 20} MiB")
            if time.monotonic() > deadline:
                raise TooLarge(f"its answer was still arriving after {self._timeout:g} s")
            chunks.append(chunk)
        return b"".join(chunks)

    def __enter__(self) -> "RecordingProxy":
        handler = type("Handler", (_Handler,), {"proxy": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="examples-proxy", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
