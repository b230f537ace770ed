"""The local server's routes beside the Jobs API: version, legacy history and queue, interrupt, free.

They answer like ComfyUI 0.25.0/0.33.0 except where those releases have a bug: a body that
is not JSON (or a `max_items` that is not a number) answers 400 here, where ComfyUI answers
500 (the `server-error-on-malformed-json` fault brings that 500 back, so the contract run can
be shown to report it as a server defect).
"""

from __future__ import annotations

import platform
import sys

from aiohttp import web

from checks.reference_server.handlers import SERVER, BadBody, error, malformed, read_json, reply
from checks.reference_server.server import Server
from checks.reference_server.views import legacy_history_entry, legacy_prompt


def _server(request: web.Request) -> Server:
    return request.app[SERVER]


def _set_pointer(document: dict, pointer: str, value) -> None:
    *parents, last = pointer.strip("/").split("/")
    for part in parents:
        document = document.setdefault(part, {})
    document[last] = value


async def system_stats(request: web.Request) -> web.Response:
    server = _server(request)
    body = {
        "system": {"os": sys.platform, "python_version": sys.version, "embedded_python": False,
                   "deploy_environment": "jobs-checks-reference-server", "argv": ["jobs-checks", "serve"]},
        "devices": [{"name": "cpu", "type": "cpu", "index": None}],
    }
    source = server.spec.version_source or {}
    if source.get("pointer"):
        _set_pointer(body, source["pointer"], server.dialect.version or "unknown")
    body["system"].setdefault("machine", platform.machine())
    return reply(body)


async def queue_remaining(request: web.Request) -> web.Response:
    server = _server(request)
    states = server.states
    left = len(server.store.by_state(states.waiting)) + len(server.store.by_state(states.running))
    return reply({"exec_info": {"queue_remaining": left}})


def _optional_int(request: web.Request, name: str) -> int | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise BadBody(f"{name} must be an integer") from None


async def history(request: web.Request) -> web.Response:
    """ComfyUI's history window: `max_items` newest entries unless `offset` says where to start."""
    server = _server(request)
    try:
        max_items, offset = _optional_int(request, "max_items"), _optional_int(request, "offset")
    except BadBody as exc:
        return malformed(server, str(exc))
    finished = server.store.finished_in_order()
    if offset is None:
        offset = -1
    if offset < 0 and max_items is not None:
        offset = len(finished) - max_items
    shown = {}
    for index, job in enumerate(finished):
        if max_items is not None and len(shown) >= max_items:
            break
        if index >= offset:
            shown[job.id] = legacy_history_entry(job, server.dialect)
    return reply(shown)


async def history_item(request: web.Request) -> web.Response:
    server = _server(request)
    job = server.store.get(request.match_info["prompt_id"])
    if job is None or not job.finished:
        return reply({})
    return reply({job.id: legacy_history_entry(job, server.dialect)})


async def queue(request: web.Request) -> web.Response:
    server = _server(request)
    return reply({
        "queue_running": [legacy_prompt(job, server.dialect) for job in server.store.by_state(server.states.running)],
        "queue_pending": [legacy_prompt(job, server.dialect) for job in server.store.by_state(server.states.waiting)],
    })


async def _body(request: web.Request):
    """The JSON object of a legacy POST; BadBody when it is not one."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise BadBody("Request body must be a JSON object")
    return body


def _named(body: dict, key: str) -> list[str] | None:
    names = body.get(key)
    return [name for name in names if isinstance(name, str)] if isinstance(names, list) else None


async def change_history(request: web.Request) -> web.Response:
    server = _server(request)
    try:
        body = await _body(request)
    except BadBody as exc:
        return malformed(server, str(exc))
    if body.get("clear"):
        server.clear_history()
    if (names := _named(body, "delete")) is not None:
        server.clear_history(names)
    return web.Response(status=200)


async def change_queue(request: web.Request) -> web.Response:
    server = _server(request)
    try:
        body = await _body(request)
    except BadBody as exc:
        return malformed(server, str(exc))
    if body.get("clear"):
        server.clear_queue()
    if (names := _named(body, "delete")) is not None:
        server.clear_queue(names)
    return web.Response(status=200)


async def interrupt(request: web.Request) -> web.Response:
    """Like ComfyUI: a body without `prompt_id` (or no JSON at all) stops whatever is running."""
    server = _server(request)
    try:
        body = await _body(request)
    except BadBody:
        body = {}
    prompt_id = body.get("prompt_id")
    server.interrupt(prompt_id if isinstance(prompt_id, str) and prompt_id else None)
    return web.Response(status=200)


async def free_memory(request: web.Request) -> web.Response:
    server = _server(request)
    try:
        await _body(request)
    except BadBody as exc:
        return malformed(server, str(exc))
    return web.Response(status=200)  # nothing is loaded here, so nothing to unload


LEGACY_HANDLERS = {
    "getSystemStats": system_stats,
    "getQueueRemaining": queue_remaining,
    "getHistory": history,
    "getHistoryItem": history_item,
    "getQueue": queue,
    "changeHistory": change_history,
    "changeQueue": change_queue,
    "interruptExecution": interrupt,
    "freeMemory": free_memory,
}
