"""HTTP handlers of the native v2 server, one per v2 operationId.

The queue, nodes and timestamps are the v1 server's; these handlers add what v2 promises:
single-use idempotency keys, a closed `extra_data`, cancel through `canceling`, 404 for
ids the caller may not see, and outputs as downloadable assets.
"""

from __future__ import annotations

import asyncio
import re
import time

from aiohttp import web

from checks.reference_server.handlers import BadBody, read_json
from checks.reference_server.jobs import Job
from checks.reference_server.nodes import PromptInvalid
from checks.reference_server.v2.app import MAX_KEY_LENGTH, SERVER, STATE, USER, error, reply
from checks.reference_server.v2.events import job_events
from checks.reference_server.v2.views import (RETENTION_MS, URL_LIFETIME_MS, content_hash, content_of, find_output,
                                              iso, job_body, links)

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
READ_BACK_SECONDS = 0.25  # how long the `create-reads-back` fault waits for the queue to pick a new job up


class Refused(Exception):
    """A submission refused before any job exists: the kind of refusal (`x-refusals`), message, details."""

    def __init__(self, kind: str | None, message: str, **details):
        super().__init__(message)
        self.kind, self.message, self.details = kind, message, details


class NotACreateRequest(Refused):
    """A body that is not a createJob request at all (not JSON, not an object, no workflow)."""


def origin(request: web.Request) -> str:
    return f"{request.scheme}://{request.host}"


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def _canceling(server) -> str:
    return server.spec.status_role("canceling")


def render(request: web.Request, job: Job) -> dict:
    server = request.app[SERVER]
    return job_body(job, server.spec, server.store, origin(request), server.faults, now_ms(), _canceling(server))


def _visible(request: web.Request) -> Job | None:
    """The job the path names, when the caller may see it (another account's job is a plain 404)."""
    server = request.app[SERVER]
    job = server.store.get(request.match_info["id"])
    return job if job is not None and server.may_see(request.get(USER), job) else None


def _not_found(request: web.Request) -> web.Response:
    return error(request, 404, f"No job {request.match_info['id']}")


def _made_up(request: web.Request) -> dict:
    """What the `unknown-id-200` fault answers: a succeeded job nobody submitted."""
    stamp = iso(now_ms())
    job_id, spec = request.match_info["id"], request.app[SERVER].spec
    return {"id": job_id, "status": spec.status_role("succeeded"), "created_at": stamp,
            "started_at": stamp, "completed_at": stamp, "expires_at": iso(now_ms() + RETENTION_MS),
            "queue_position": None, "progress": None, "outputs": [], "error": None, "urls": links(spec, job_id)}


def _workflow_of(body, allowed_extra: tuple[str, ...]) -> tuple[dict, dict]:
    """(workflow, extra_data) of a createJob body, or Refused; `extra_data` is closed to `allowed_extra`."""
    if not isinstance(body, dict) or not isinstance(body.get("workflow"), dict) or not body["workflow"]:
        raise NotACreateRequest("invalid-graph", "Send {\"workflow\": {node id: {class_type, inputs}}}")
    workflow = body["workflow"]
    if isinstance(workflow.get("nodes"), list) and "links" in workflow:
        raise Refused("ui-export", "This is a UI export; export the workflow in API format")
    extra = body.get("extra_data", {})
    if extra is None:
        extra = {}
    if not isinstance(extra, dict) or set(extra) - set(allowed_extra):
        raise Refused(None, f"extra_data accepts only {', '.join(allowed_extra) or 'nothing'}")
    if any(not isinstance(value, str) for value in extra.values()):
        raise Refused(None, "extra_data values must be strings")
    return workflow, extra


async def create_job(request: web.Request) -> web.Response:
    server, state = request.app[SERVER], request.app[STATE]
    if "busy-queue-without-retry-after" in server.faults and _busy(server):
        codes = server.spec.error_codes_of("createJob", 429)
        return error(request, 429, "The queue is busy; try again later", code=codes[0] if codes else None)
    rules = server.spec.idempotency("createJob")
    key = request.headers.get(rules.header) if rules else None
    if key is not None:
        if not key or len(key) > MAX_KEY_LENGTH:
            return error(request, 422, f"{rules.header} must be 1-{MAX_KEY_LENGTH} characters", code="invalid_request")
        if state.key_in_use(key, rules.expires_after_hours) and "idempotency-key-ignored" not in server.faults:
            return error(request, 422, f"This {rules.header} was used already; keys are single-use", code=rules.error)
        state.keys[key] = time.time()
    try:
        try:
            workflow, extra = _workflow_of(await read_json(request), server.spec.extra_data_keys("createJob"))
        except BadBody as exc:
            raise NotACreateRequest("invalid-graph", str(exc)) from None
        try:
            job = server.submit({"prompt": workflow, "extra_data": extra}, request.get(USER))
        except PromptInvalid as exc:
            raise Refused("invalid-graph", str(exc), reason=exc.body["error"]["type"],
                          node_errors=exc.body.get("node_errors") or {}) from None
    except Refused as refused:
        if key is not None and rules.released_when_refused and "idempotency-key-never-released" not in server.faults:
            state.keys.pop(key, None)
        code = server.spec.refusal_code("createJob", refused.kind) if refused.kind else None
        status = 400 if isinstance(refused, NotACreateRequest) and "shape-errors-are-400" in server.faults else 422
        return error(request, status, refused.message, code=code or "invalid_request", **refused.details)
    if "create-reads-back" in server.faults:
        await _picked_up(job, server.states.waiting)
    return reply(render(request, job), 201)


def _busy(server) -> bool:
    states = server.states
    return bool(server.store.by_state(states.waiting) or server.store.by_state(states.running))


async def _picked_up(job: Job, waiting: str) -> None:
    """Wait (briefly) until the queue has started `job`."""
    deadline = time.monotonic() + READ_BACK_SECONDS
    while job.status == waiting and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def get_job(request: web.Request) -> web.Response:
    job = _visible(request)
    if job is None:
        if "unknown-id-200" in request.app[SERVER].faults:
            return reply(_made_up(request))
        return _not_found(request)
    return reply(render(request, job))


async def get_job_workflow(request: web.Request) -> web.Response:
    job = _visible(request)
    if job is None:
        return _not_found(request)
    if "workflow-of-latest-job" in request.app[SERVER].faults:
        job = max(request.app[SERVER].store.visible_to(request.get(USER)), key=lambda other: other.order_key)
    body = {"workflow": job.prompt, "format": request.app[SERVER].spec.workflow_format_of_created_jobs()}
    if "leak-api-key" in request.app[SERVER].faults:
        body["extra_data"] = dict(job.extra_data)
    return reply(body)


async def cancel_job(request: web.Request) -> web.Response:
    server = request.app[SERVER]
    job = _visible(request)
    if job is None:
        return _not_found(request)
    states, faults = server.states, server.faults
    if "repeated-cancel-conflicts" in faults:
        if job.fault_state.get("cancel_requested"):
            return error(request, 409, f"Job {job.id} is being canceled already")
        job.fault_state["cancel_requested"] = not job.finished  # a cancel of an ended job requests nothing
    if job.finished:
        if "cancel-not-idempotent" in faults:
            return error(request, 409, f"Job {job.id} has already finished", code="already_finished")
    elif job.status == states.waiting:
        job.status = server.spec.status_role("expired") if "queued-cancel-expires" in faults else states.cancelled
        job.execution_end_time = now_ms()
        job.done.set()
    elif job.status == states.running and "cancel-ignored" not in faults:
        job.status = _canceling(server)  # the executor ends it canceled at the next node or step boundary
        job.interrupt.set()
    return reply(render(request, job))


def _output(request: web.Request):
    server = request.app[SERVER]
    found = find_output(server.store, request.match_info["id"])
    if found is None or not server.may_see(request.get(USER), found[0]):
        return None
    return found


async def get_asset(request: web.Request) -> web.Response:
    found = _output(request)
    if found is None:
        return error(request, 404, "Unknown asset id")
    job, node_id, item = found
    output = next(o for o in render(request, job)["outputs"] if o["id"] == request.match_info["id"])
    content_type = output["content_type"]
    if "asset-without-media-type" in request.app[SERVER].faults:
        content_type = "application/octet-stream"
    return reply({"id": output["id"], "hash": output["hash"], "size_bytes": output["size_bytes"],
                  "content_type": content_type, "file_path": item["filename"],
                  "created_at": iso(job.execution_end_time or job.create_time), "url": output["url"],
                  "url_expires_at": iso(now_ms() + URL_LIFETIME_MS), "expires_at": iso(job.create_time + RETENTION_MS),
                  "job_id": job.id})


async def delete_asset(request: web.Request) -> web.Response:
    """Every asset here is a retained job's output, and the job still holds it: 409 asset_in_use."""
    if _output(request) is None:
        return error(request, 404, "Unknown asset id")
    return error(request, 409, "The asset cannot be deleted while something holds it")


async def get_asset_content(request: web.Request) -> web.StreamResponse:
    found = _output(request)
    if found is None:
        return error(request, 404, "Unknown asset id")
    if "outputs-not-downloadable" in request.app[SERVER].faults:
        return error(request, 404, "The output's bytes are gone", code="output_unavailable")
    job, node_id, item = found
    data = content_of(job, node_id, item)
    content_type = next(o["content_type"] for o in render(request, job)["outputs"] if o["id"] == request.match_info["id"])
    wanted = request.headers.get("Range")
    if wanted is None:
        return web.Response(body=data, content_type=content_type, headers={"Accept-Ranges": "bytes"})
    match = _RANGE.match(wanted.strip())
    first, last = (match.group(1), match.group(2)) if match else ("", "")
    if not match or (not first and not last):
        return web.Response(status=416, headers={"Content-Range": f"bytes */{len(data)}"})
    start = int(first) if first else max(len(data) - int(last), 0)
    end = min(int(last), len(data) - 1) if first and last else len(data) - 1
    if start >= len(data) or start > end:
        return web.Response(status=416, headers={"Content-Range": f"bytes */{len(data)}"})
    return web.Response(status=206, body=data[start:end + 1], content_type=content_type,
                        headers={"Content-Range": f"bytes {start}-{end}/{len(data)}", "Accept-Ranges": "bytes"})


async def has_asset_bytes(request: web.Request) -> web.Response:
    server, wanted = request.app[SERVER], request.match_info["hash"]
    for job in server.store.visible_to(request.get(USER)):
        for node_id, _, item in job.output_files():
            if content_hash(content_of(job, node_id, item)) == wanted:
                return web.Response(status=200)
    return web.Response(status=404)


HANDLERS = {
    "createJob": create_job,
    "getJob": get_job,
    "getJobWorkflow": get_job_workflow,
    "getJobEvents": job_events,
    "cancelJob": cancel_job,
    "getAsset": get_asset,
    "deleteAsset": delete_asset,
    "getAssetContent": get_asset_content,
    "hasAssetBytes": has_asset_bytes,
}
