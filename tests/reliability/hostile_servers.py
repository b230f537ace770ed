"""HTTP servers that misbehave on purpose, for the contract runner's reliability tests.

Raw sockets, not http.server, so a server can do what no well-behaved framework would:
never answer, answer 30 seconds late, close in the middle of a body, send a body that
never ends, redirect to another host, scheme or to itself. Each listens on 127.0.0.1 on a
free port and records what it was sent, so a test can check what a client revealed.

    with HostileServer("endless-body") as server:
        server.url, server.requests   # where to point the client; (request line, headers) seen
"""

from __future__ import annotations

import json
import socket
import threading
import time

BEHAVIOURS = ("silent", "slow", "closes-mid-body", "invalid-json", "endless-body", "redirect-other-host",
              "redirect-other-scheme", "redirect-loop", "echo")
SLOW_SECONDS = 30.0
CHUNK = b"x" * 65536
EMPTY_LISTING = {"jobs": [], "pagination": {"offset": 0, "limit": 1, "total": 0, "has_more": False}}


class HostileServer:
    """One misbehaving server; `redirect_to` is where the redirecting ones send clients."""

    def __init__(self, behaviour: str, *, redirect_to: str = "", body: dict | None = None,
                 slow_seconds: float = SLOW_SECONDS, host: str = "127.0.0.1", only_under: str | None = None):
        if behaviour not in BEHAVIOURS:
            raise ValueError(f"unknown behaviour {behaviour!r}")
        self.behaviour, self.redirect_to, self.body, self.slow_seconds = behaviour, redirect_to, body or {}, slow_seconds
        self.only_under = only_under  # misbehave only for paths under this prefix; elsewhere answer an empty listing
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.bytes_sent = 0
        self._listener = socket.create_server((host, 0))
        self._listener.settimeout(0.2)
        self.url = f"http://{host}:{self._listener.getsockname()[1]}"
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __enter__(self) -> "HostileServer":
        thread = threading.Thread(target=self._serve, daemon=True, name=f"hostile-{self.behaviour}")
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._answer_all, args=(connection,), daemon=True)
            thread.start()
            self._threads.append(thread)

    def _read_request(self, connection: socket.socket) -> tuple[str, dict[str, str]] | None:
        data = b""
        while b"\r\n\r\n" not in data:
            try:
                chunk = connection.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        while len(rest) < length:
            chunk = connection.recv(65536)
            if not chunk:
                break
            rest += chunk
        with self._lock:
            self.requests.append((lines[0], headers))
        return lines[0], headers

    def _send(self, connection: socket.socket, data: bytes) -> None:
        connection.sendall(data)
        self.bytes_sent += len(data)

    def _answer_all(self, connection: socket.socket) -> None:
        connection.settimeout(1.0)
        try:
            while not self._stop.is_set():
                request = self._read_request(connection)
                if request is None:
                    return
                if not self._answer(connection, *request):
                    return
        except OSError:
            return
        finally:
            connection.close()

    def _response(self, status: str, body: bytes, extra: str = "", content_type: str = "application/json") -> bytes:
        return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n{extra}\r\n"
                .encode() + body)

    def _answer(self, connection: socket.socket, line: str, headers: dict[str, str]) -> bool:
        """Answer one request; False to close the connection."""
        path = line.split(" ")[1] if " " in line else "/"
        behaviour = self.behaviour
        if self.only_under is not None and not path.startswith(self.only_under):
            self._send(connection, self._response("200 OK", json.dumps(EMPTY_LISTING).encode()))
            return True
        if behaviour == "silent":
            self._stop.wait()  # hold the connection open, say nothing, until the test ends
            return False
        if behaviour == "slow":
            if self._stop.wait(self.slow_seconds):
                return False
            self._send(connection, self._response("200 OK", json.dumps(self.body).encode()))
            return True
        if behaviour == "closes-mid-body":
            body = json.dumps({"jobs": [], "pagination": {"offset": 0, "limit": 20, "total": 0, "has_more": False}})
            self._send(connection, f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                   f"{len(body) + 5000}\r\n\r\n{body[:20]}".encode())
            return False
        if behaviour == "invalid-json":
            self._send(connection, self._response("200 OK", b'{"jobs": [{"id": "unterminated'))
            return True
        if behaviour == "endless-body":
            self._send(connection, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = f"{len(CHUNK):x}\r\n".encode() + CHUNK + b"\r\n"
            self._send(connection, b'5\r\n{"a":\r\n')
            while not self._stop.is_set():
                self._send(connection, chunk)
            return False
        if behaviour.startswith("redirect"):
            target = self.redirect_to if behaviour != "redirect-loop" else path
            if behaviour == "redirect-loop":
                target = self.url + path
            elif not target.endswith(path):
                target = target.rstrip("/") + path
            self._send(connection, self._response("302 Found", b"", f"Location: {target}\r\n"))
            return True
        # echo: the configured body, plus what the client sent us (so a leak would show)
        body = json.dumps({**self.body, "you_sent": headers}).encode()
        self._send(connection, self._response("500 Internal Server Error", body))
        return True


def wait_until(predicate, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
