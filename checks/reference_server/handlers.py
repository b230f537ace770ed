"""HTTP handlers of the Jobs API, one per spec operationId, shared by both dialects.

Where the dialects differ the handler asks the `Dialect` (which asks the spec):
whether an id must be a UUID, whether 403/404 are declared, which fields exist.
"""

from __future__ import annotations

import json

from aiohttp import web

from checks.reference_server.dialect import UUID_PATTERN
from checks.reference_server.listing import QueryError, matches, ordered, page, parse_query
from checks.reference_server.nodes import PromptInvalid
from checks.reference_server.server import Server
from checks.reference_server.views import detail, list_item

SERVER = web.AppKey("reference_server", Server)
USER = web.RequestKey("reference_server_user", object)
NOT_FOUND = "Job not found"


class BadBody(Exception):
    """The request body is not the JSON document the route needs."""


def _reject_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return value


async def read_json(request: web.Request):
    raw = await request.read()
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadBody("Request body must be valid JSON") from None


def reply(body, status: int = 200) -> web.Response:
    return web.json_response(body, status=status)


def error(message: str, status: int, **extra) -> web.Response:
    return reply({"error": message, **extra}, status)


def malformed(server: Server, message: str, body=None) -> web.Response:
    """The answer to a body that is not JSON: 400, or ComfyUI's own 500 under the fault that copies it."""
    if server.faults.bend("malformed_json", False):
        return web.Response(status=500, text="500 Internal Server Error\n\nServer got itself in trouble")
    return reply(body if body is not None else {"error": message}, 400)


def _context(request: web.Request) -> tuple[Server, str | None]:
    return request.app[SERVER], request.get(USER)


def _bad_id(server: Server, operation_id: str, job_id: str) -> web.Response | None:
    if server.dialect.id_must_be_uuid(operation_id) and not UUID_PATTERN.match(job_id):
        return error("job_id must be a UUID", 400)
    return None


# -- the Jobs API --------------------------------------------------------------------------


async def list_jobs(request: web.Request) -> web.Response:
    server, user = _context(request)
    try:
        query = parse_query(server.dialect, request.query)
    except QueryError as exc:
        status, body = 400, {"error": str(exc), **exc.extra}
        if exc.enum:
            status, body = server.faults.bend("bad_enum", (status, body))
        return reply(body, status)
    query = server.faults.bend("list_query", query, spec=server.spec)
    jobs = [job for job in server.store.visible_to(user) if matches(job, query)]
    items, pagination = page(ordered(server.spec, jobs, query), query, server.faults)
    return reply({"jobs": [list_item(job, server.dialect, server.faults) for job in items], "pagination": pagination})


async def get_job(request: web.Request) -> web.Response:
    server, user = _context(request)
    job_id = request.match_info["job_id"]
    if (bad := _bad_id(server, "getJob", job_id)) is not None:
        return bad
    job = server.store.get(job_id)
    if job is None:
        made_up = server.faults.bend("unknown_job", None, job_id=job_id, spec=server.spec)
        return reply(made_up) if made_up is not None else error(NOT_FOUND, 404)
    if not server.may_see(user, job):
        if server.dialect.declares("getJob", 403):
            return error("This job belongs to another user", 403)
        return error(NOT_FOUND, 404)
    return reply(detail(job, server.dialect, server.faults))


async def cancel_job(request: web.Request) -> web.Response:
    server, user = _context(request)
    job_id = request.match_info["job_id"]
    if (bad := _bad_id(server, "cancelJob", job_id)) is not None:
        return bad
    job = server.store.get(job_id)
    if job is None or not server.may_see(user, job):
        if server.dialect.declares("cancelJob", 404):
            return error(NOT_FOUND, 404)
        return reply({"cancelled": server.faults.bend("unknown_cancelled", False)})
    if job.finished:
        status, body = server.faults.bend("cancel_finished", (200, {"cancelled": False}), job=job)
        return reply(body, status)
    if server.faults.bend("cancel_ignored", False, job=job):
        return reply({"cancelled": True})
    return reply({"cancelled": await server.cancel(job)})


async def cancel_jobs(request: web.Request) -> web.Response:
    server, user = _context(request)
    try:
        body = await read_json(request)
    except BadBody as exc:
        return malformed(server, str(exc))
    job_ids = body.get("job_ids") if isinstance(body, dict) else None
    if not isinstance(job_ids, list):
        return error("job_ids must be a list", 400)
    invalid = [item if isinstance(item, str) else repr(item) for item in job_ids if not server.dialect.is_canonical_id(item)]
    if invalid and not server.faults.bend("batch_ids_unchecked", False):
        return error("job_ids contains invalid id(s)", 400, invalid_ids=invalid)
    jobs = [server.store.get(job_id) for job_id in dict.fromkeys(job_ids) if isinstance(job_id, str)]
    finished = any(job is not None and job.finished for job in jobs)
    jobs = [job for job in jobs if job is not None and server.may_see(user, job) and not job.finished]
    # Dequeue the waiting jobs first, or stopping the running one would start the next of them.
    jobs.sort(key=lambda job: job.status != server.states.waiting)
    cancelled = False
    for job in jobs:
        cancelled = await server.cancel(job) or cancelled
    return reply({"cancelled": server.faults.bend("batch_cancelled", cancelled, finished=finished)})


async def submit_prompt(request: web.Request) -> web.Response:
    server, user = _context(request)
    try:
        job = server.submit(await read_json(request), user)
    except BadBody as exc:
        return malformed(server, str(exc), PromptInvalid("invalid_prompt", str(exc)).body)
    except PromptInvalid as exc:
        return reply(exc.body, 400)
    return reply({"prompt_id": server.faults.bend("returned_prompt_id", job.id), "number": job.number,
                  "node_errors": {}})


JOBS_HANDLERS = {
    "listJobs": list_jobs,
    "getJob": get_job,
    "cancelJob": cancel_job,
    "cancelJobs": cancel_jobs,
    "submitPrompt": submit_prompt,
}


def retired(replacement: str | None):
    """Handler of a deprecated route this dialect no longer serves."""

    async def handler(request: web.Request) -> web.Response:
        hint = f", use {replacement}" if replacement else ""
        return error(f"{request.path} is deprecated{hint}", 404)

    return handler


async def not_in_this_version(request: web.Request) -> web.Response:
    """A route newer than the server's version: what an old aiohttp-based ComfyUI answers."""
    return web.Response(status=405, text="405: Method Not Allowed")
