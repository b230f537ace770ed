"""Start and stop the reference server: in a background thread for tests, or in the foreground for the CLI."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from typing import Iterable, Iterator

from aiohttp import web

from checks.reference_server.app import build_app
from checks.reference_server.dialect import Dialect
from checks.reference_server.downloads import storage_app
from checks.reference_server.faults import Faults
from checks.reference_server.handle import ServerHandle
from checks.reference_server.server import DEFAULT_CLOUD_KEYS, Server
from checks.apispec import ALL_PROFILES

DEFAULT_COMFYUI_VERSION = "0.33.0"
STARTUP_TIMEOUT = 30.0


def make_server(profile: str, *, faults: Iterable[str] = (), api_keys: dict[str, str] | None = None,
                version: str | None = None, seed_jobs: bool = True, time_scale: float = 1.0) -> Server:
    """A configured, not yet started server; ValueError on a bad profile, fault or scale."""
    if profile not in ALL_PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of: {', '.join(ALL_PROFILES)}")
    if not time_scale >= 0:
        raise ValueError("time_scale must be a number >= 0")
    dialect = Dialect.for_profile(profile, version)
    if dialect.spec.version_source and version is None:
        dialect = Dialect.for_profile(profile, DEFAULT_COMFYUI_VERSION)
    if dialect.auth_header:
        api_keys = dict(DEFAULT_CLOUD_KEYS if api_keys is None else api_keys)
    else:
        api_keys = {}
    if profile == "v2":  # the native v2 server: same queue, its own faults and app (checks.reference_server.v2)
        from checks.reference_server.v2 import V2Faults

        return Server(dialect, V2Faults(faults), api_keys, seed_jobs, time_scale)
    return Server(dialect, Faults(faults), api_keys, seed_jobs, time_scale)


def _url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def start_site(server: Server, host: str, port: int, app: web.Application | None = None) -> tuple[web.AppRunner, str]:
    """Start serving `server` on host:port (0 = a free port); return the runner and the real URL.

    When this returns the socket is bound, listening and accepting, so callers need not poll it.
    """
    if app is None and server.dialect.profile == "v2":
        from checks.reference_server.v2 import build_v2_app

        app = build_v2_app(server)
    app = app if app is not None else build_app(server)
    if any(op.download and op.download.redirect for op in server.spec.operations):
        storage = await _start(storage_app(server), host, 0)
        server.storage_url = _url(*storage.addresses[0][:2])

        async def stop_storage(_app: web.Application) -> None:
            await storage.cleanup()

        app.on_cleanup.append(stop_storage)
    runner = await _start(app, host, port)
    bound_host, bound_port = runner.addresses[0][:2]
    return runner, _url(bound_host, bound_port)


async def _start(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
    except BaseException:
        await runner.cleanup()
        raise
    return runner


async def _shutdown(runner: web.AppRunner) -> None:
    await runner.cleanup()
    leftovers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in leftovers:
        task.cancel()
    await asyncio.gather(*leftovers, return_exceptions=True)
    await asyncio.sleep(0)  # let transports closed above run their close callbacks


@contextlib.contextmanager
def running_server(profile: str, *, faults: Iterable[str] = (), api_keys: dict[str, str] | None = None,
                   version: str | None = None, seed_jobs: bool = True, time_scale: float = 1.0,
                   host: str = "127.0.0.1") -> Iterator[ServerHandle]:
    """Run a reference server on a free loopback port in a background thread until the block ends."""
    server = make_server(profile, faults=faults, api_keys=api_keys, version=version, seed_jobs=seed_jobs,
                         time_scale=time_scale)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name=f"reference-server-{profile}", daemon=True)
    thread.start()
    runner = None
    try:
        runner, url = asyncio.run_coroutine_threadsafe(start_site(server, host, 0), loop).result(STARTUP_TIMEOUT)
        yield ServerHandle(base_url=url, profile=profile, api_keys=dict(server.api_keys),
                           faults=server.faults.names, version=server.dialect.version,
                           auth_header=server.dialect.auth_header, errors=server.errors,
                           storage_url=server.storage_url, keys_sent_to_storage=server.keys_sent_to_storage,
                           requests_seen=server.requests_seen,
                           file_sizes=server.files.sizes,
                           unfinished_jobs=lambda: [job.id for job in list(server.store.jobs.values()) if not job.finished])
    finally:
        if runner is not None:
            asyncio.run_coroutine_threadsafe(_shutdown(runner), loop).result(STARTUP_TIMEOUT)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STARTUP_TIMEOUT)
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
