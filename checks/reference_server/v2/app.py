"""The native v2 application: routes from the v2 spec, bearer auth, errors in the envelope.

It runs the same queue and toy nodes as the v1 dialects (`Server`, `Executor`), so jobs
really queue, run, fail and get interrupted; only what leaves the server is v2.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from dataclasses import dataclass, field

from aiohttp import web

from checks.reference_server.server import Server

log = logging.getLogger("checks.reference_server.v2")

SERVER = web.AppKey("v2_server", Server)
USER = web.RequestKey("v2_user", object)
MAX_STREAMS = 8  # concurrent event streams per server; the next one answers 429 too_many_streams
MAX_KEY_LENGTH = 255


@dataclass
class V2State:
    """What a v2 server keeps beyond the jobs: claimed idempotency keys and open streams."""

    max_streams: int = MAX_STREAMS
    keys: dict[str, float] = field(default_factory=dict)  # Idempotency-Key -> when it was claimed
    open_streams: int = 0
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    def key_in_use(self, key: str, hours: float | None) -> bool:
        claimed = self.keys.get(key)
        return claimed is not None and (hours is None or time.time() - claimed < hours * 3600)


STATE = web.AppKey("v2_state", V2State)


def reply(body, status: int = 200, headers: dict | None = None) -> web.Response:
    return web.json_response(body, status=status, headers=headers)


# Codes of this server's own for statuses the spec documents no code for.
_OWN_CODES = {400: "invalid_request", 405: "method_not_allowed", 409: "conflict", 413: "payload_too_large",
              422: "invalid_request"}


def documented_code(request: web.Request, status: int) -> str:
    """The code the spec gives this status on the matched operation (or on any operation), else our own."""
    spec = request.app[SERVER].spec
    route = getattr(request.match_info, "route", None)
    operation_id = getattr(route, "name", None)
    candidates = [operation_id] if operation_id else [op.operation_id for op in spec.operations]
    for candidate in candidates:
        codes = spec.error_codes_of(candidate, status)
        if len(codes) == 1:
            return codes[0]
    return _OWN_CODES.get(status, "invalid_request")


def error(request: web.Request, status: int, message: str, *, code: str | None = None, headers: dict | None = None,
          **details) -> web.Response:
    """An error in the v2 envelope `{"error": {"code", "message", "details"}}` (unless a fault bends it);
    without `code`, the one the spec documents for this status."""
    body = {"error": {"code": code or documented_code(request, status), "message": message, "details": details or None}}
    body = request.app[SERVER].faults.bend("error", body)
    return reply(body, status, headers)


@web.middleware
async def errors_as_envelope(request: web.Request, handler):
    """Router and body errors keep their status in the envelope; bugs become 500 upstream_error."""
    try:
        return await handler(request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        response = error(request, exc.status, exc.reason)
        if "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception:
        request.app[SERVER].errors.append(traceback.format_exc())
        log.exception("unexpected error answering %s %s", request.method, request.path)
        return error(request, 500, "Internal server error")


@web.middleware
async def bearer_auth(request: web.Request, handler):
    """With keys configured every route needs `Authorization: Bearer <key>`; without, the server is open."""
    server: Server = request.app[SERVER]
    if not server.api_keys:
        request[USER] = None
        return await handler(request)
    key = server.spec.key_from(request.headers)
    user = server.user_for(key) if key else None
    if user is None and "no-auth" in server.faults:
        user = next(iter(server.api_keys.values()))
    if user is None:
        message = "Invalid API key" if key else "Send Authorization: Bearer <api-key>"
        return error(request, 401, message)
    request[USER] = user
    return await handler(request)


def build_v2_app(server: Server) -> web.Application:
    from checks.reference_server.v2.handlers import HANDLERS

    from checks.reference_server.app import request_log

    app = web.Application(middlewares=[request_log(SERVER), errors_as_envelope, bearer_auth])
    app[SERVER] = server
    app[STATE] = V2State()
    for op in server.spec.operations:
        handler = HANDLERS.get(op.operation_id)
        if handler is None:
            continue  # asset uploads are not served: a client gets 405/404 in the envelope
        app.router.add_route(op.method, op.path, handler, name=op.operation_id)

    async def start_queue(app: web.Application) -> None:
        await app[SERVER].start()

    async def stop(app: web.Application) -> None:
        app[STATE].closing.set()
        await app[SERVER].stop()

    app.on_startup.append(start_queue)
    app.on_shutdown.append(stop)
    return app
