"""The host side of a sample's network: one Unix socket, piped byte for byte to one loopback TCP port.

Inside its network namespace a sample reaches only a forwarder on that port, which
connects to this socket (a filesystem socket crosses network namespaces), and this relay
connects to the recording proxy in front of the server under test.
"""

from __future__ import annotations

import socket
import threading


class Relay:
    """A Unix socket on the host side of the network namespace, piped to one loopback TCP port."""

    def __init__(self, path: str, port: int):
        self._port = port
        self._server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._server.bind(path)
        self._server.listen(64)
        self._thread = threading.Thread(target=self._serve, daemon=True, name="sandbox-relay")
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self._port), timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            for pair in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=pair, daemon=True).start()

    def close(self) -> None:
        try:
            self._server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self._server.close()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock, how in ((target, socket.SHUT_WR), (source, socket.SHUT_RD)):
            try:
                sock.shutdown(how)
            except OSError:
                pass
