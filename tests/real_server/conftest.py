"""Real ComfyUI servers for the `real_server` tier: each shipped release started once per session.

The releases and their start script live in `../shared/servers/comfyui/` (see its README);
without it every test here is skipped with a message. A server listens on 127.0.0.1 on a
free port, keeps its data in a temp folder, and is stopped when the session ends.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SHARED

SERVERS = SHARED / "servers" / "comfyui"
START = SERVERS / "start.sh"
# First start on a fresh machine installs the release (minutes); later starts take ~16 s.
START_TIMEOUT = 1200
INSTALL_FAILED = 3  # start.sh: "installing the requirements of ComfyUI VERSION failed"


def shipped_versions() -> list[str]:
    if not START.is_file():
        return []
    return sorted({match.group(1) for path in SERVERS.glob("comfyui-*.tar.gz")
                   if (match := re.fullmatch(r"comfyui-([0-9.]+)\.tar\.gz", path.name))})


def pytest_configure(config):
    config.addinivalue_line("markers", "real_server: starts a real ComfyUI release from ../shared/servers/comfyui")


def pytest_collection_modifyitems(config, items):
    if START.is_file():
        return
    skip = pytest.mark.skip(reason=f"no real ComfyUI servers: {START} is absent (see ../shared/servers/comfyui)")
    for item in items:
        if "real_server" in item.keywords:
            item.add_marker(skip)


@dataclass
class RealServer:
    version: str
    base_url: str
    pid: int
    base_dir: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def real_server(tmp_path_factory):
    """`real_server(version)`: the running server of that release, started on first use."""
    started: dict[str, RealServer] = {}

    def get(version: str) -> RealServer:
        if version not in started:
            base = tmp_path_factory.mktemp(f"comfyui-{version}")
            result = subprocess.run([str(START), version, str(_free_port()), str(base)], capture_output=True, text=True,
                                    timeout=START_TIMEOUT)
            found = re.search(r"PID (\d+) URL (\S+) BASEDIR", result.stdout)
            if result.returncode == INSTALL_FAILED:
                # The machine cannot install the release (no registry, no disk): nothing to judge here.
                pytest.skip(f"ComfyUI {version} could not be installed on this machine: {result.stderr.strip()[-300:]}")
            if result.returncode != 0 or not found:
                pytest.fail(f"start.sh {version} failed ({result.returncode}): {result.stderr.strip()[-500:]}")
            started[version] = RealServer(version, found.group(2), int(found.group(1)), base)
        return started[version]

    yield get
    for server in started.values():  # only the processes this fixture started, by their pid
        try:
            os.kill(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            continue
        _wait_gone(server.pid)


def _wait_gone(pid: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
