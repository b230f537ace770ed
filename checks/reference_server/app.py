"""The aiohttp application: routes from the spec, API-key auth, and errors as JSON.

Routes are registered from the profile's operations (and their `x-also-served-at`
aliases), so a route the spec drops disappears here too. Retired deprecated routes
answer 404 and routes newer than the server's version answer 405.
"""

from __future__ import annotations

import asyncio
import json
import logging
import traceback

from aiohttp import web

from checks.reference_server.downloads import view_file
from checks.reference_server.handlers import JOBS_HANDLERS, SERVER, USER, error, not_in_this_version, retired
from checks.reference_server.legacy import LEGACY_HANDLERS
from checks.reference_server.server import Server

HANDLERS = {**JOBS_HANDLERS, **LEGACY_HANDLERS, "viewFile": view_file}

log = logging.getLogger("checks.reference_server")


@web.middleware
async def errors_as_json(request: web.Request, handler):
    """Router and body errors keep their status with the dialect's JSON error body; bugs become 500."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        response = error(exc.reason, exc.status)
        if headers:
            response.headers.update(headers)
        return response
    except asyncio.CancelledError:
        raise
    except Exception:
        request.app[SERVER].errors.append(traceback.format_exc())
        log.exception("unexpected error answering %s %s", request.method, request.path)
        return error("Internal server error", 500)


@web.middleware
async def api_key_auth(request: web.Request, handler):
    """Cloud: every route needs a known key in the spec's auth header; the key is never echoed."""
    server: Server = request.app[SERVER]
    header = server.dialect.auth_header
    if header is None:
        request[USER] = None
        return await handler(request)
    key = request.headers.get(header, "")
    if not key:
        first = next(iter(server.api_keys.values()), None)
        request[USER] = server.faults.bend("missing_key", None, first_user=first)
        if request[USER] is None:
            return error(f"Missing {header} header", 401)
        return await handler(request)
    user = server.user_for(key)
    if user is None:
        return error("Invalid API key", 401)
    request[USER] = user
    return await handler(request)


def request_log(key: web.AppKey):
    """A middleware noting every request's method, path and whether its body parses as JSON
    in the server stored under `key` (safety tests read `ServerHandle.requests_seen`)."""

    @web.middleware
    async def log_requests(request: web.Request, handler):
        raw = await request.read() if request.can_read_body else b""
        try:
            json.loads(raw) if raw else None
            parses = bool(raw)
        except ValueError:
            parses = False
        request.app[key].requests_seen.append((request.method, request.path, parses))
        return await handler(request)

    return log_requests


log_requests = request_log(SERVER)


def build_app(server: Server) -> web.Application:
    app = web.Application(middlewares=[log_requests, errors_as_json, api_key_auth])
    app[SERVER] = server
    dialect = server.dialect
    # Fixed paths first, so /api/jobs/cancel is never read as a job id.
    for op in sorted(dialect.spec.operations, key=lambda op: "{" in op.path):
        if dialect.is_retired(op.operation_id):
            handler = retired(op.replaced_by)
        elif not dialect.available(op.since):
            handler = not_in_this_version
        elif op.operation_id in HANDLERS:
            handler = HANDLERS[op.operation_id]
        else:
            log.warning("no handler for %s %s (%s); route not served", op.method, op.path, op.operation_id)
            continue
        for path in op.served_paths:
            app.router.add_route(op.method, path, handler)

    async def start_queue(app: web.Application) -> None:
        await app[SERVER].start()

    async def stop_queue(app: web.Application) -> None:
        await app[SERVER].stop()

    app.on_startup.append(start_queue)
    app.on_cleanup.append(stop_queue)
    return app
