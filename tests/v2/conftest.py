"""Servers for the v2 tests: the native v2 reference server, and comfy-api-proxy in front of the
v1 reference server. Each is started on a free loopback port by the test and stopped by it."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests


@pytest.fixture(autouse=True)
def quiet_probe_errors():
    logger = logging.getLogger("aiohttp.server")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def v2_run(*, faults=(), seed: int = 1, api_keys=None, time_scale: float = 1.0, **options):
    """A full `contract --profile v2` run against a fresh native v2 server (node work times `time_scale`)."""
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server

    with running_server("v2", faults=faults, api_keys=api_keys, time_scale=time_scale) as server:
        keys = list(server.api_keys)
        return run_contract(RunOptions(
            base_url=server.base_url, profile="v2", seed=seed,
            api_key=keys[0] if keys else None, other_api_key=keys[1] if len(keys) > 1 else None, **options,
        ))


def failed_checks(report) -> set[str]:
    return {row.name for row in report.rows if row.status == "failed"}


def passed_checks(report) -> set[str]:
    return {row.name for row in report.rows if row.status == "passed"}


def proxy_command() -> list[str] | None:
    """How to start comfy-api-proxy from this environment, or None when it is not installed."""
    beside = Path(sys.executable).with_name("comfy-api-proxy")
    found = str(beside) if beside.exists() else shutil.which("comfy-api-proxy")
    return [found] if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_proxy(backend_url: str, *, token: str | None = None, timeout: float = 30.0):
    """comfy-api-proxy on a free loopback port in front of `backend_url`, until the block ends."""
    command = proxy_command()
    if command is None:
        pytest.skip("comfy-api-proxy is not installed (it comes with the test extra: pip install -e '.[test]')")
    port = free_port()
    argv = [*command, "run", "--comfyui", backend_url, "--host", "127.0.0.1", "--port", str(port)]
    if token:
        argv += ["--token", token]
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                pytest.fail(f"comfy-api-proxy exited with {process.returncode}: {process.stderr.read()[-500:]}")
            try:
                requests.get(f"{url}/api/v2/health", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    pytest.fail(f"comfy-api-proxy did not answer on {url} within {timeout:.0f} s")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        process.stderr.close()
