"""`GET /api/v2/jobs/{id}/events`: the job's life as server-sent events.

On connect: a `status` event (the snapshot) and, while the job runs, its `progress`. Then
an `output` event for each output as it is committed and a `status` event on every change.
After the terminal `status` the stream ends. Comment lines keep an idle stream alive and
notice a client that left. Beyond `MAX_STREAMS` open streams the next one answers 429.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time

from aiohttp import web

from checks.reference_server.v2.app import SERVER, STATE, USER, error

POLL_SECONDS = 0.02
KEEPALIVE_SECONDS = 0.25  # also how soon a stream whose client left frees its slot
RETRY_AFTER_SECONDS = "1"


def frame(event: str, data: dict, event_id: int | None = None) -> bytes:
    """One SSE frame; no `id:` line (the stream is not a replayable log) unless a fault numbers it."""
    head = f"id: {event_id}\n" if event_id is not None else ""
    return f"{head}event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def job_events(request: web.Request) -> web.StreamResponse:
    from checks.reference_server.v2.handlers import render

    server, state = request.app[SERVER], request.app[STATE]
    job = server.store.get(request.match_info["id"])
    if job is None or not server.may_see(request.get(USER), job):
        return error(request, 404, f"No job {request.match_info['id']}")
    if state.open_streams >= state.max_streams:
        if "stream-limit-500" in server.faults:
            return error(request, 500, "Internal server error")
        return error(request, 429, f"{state.max_streams} event streams are open already; close one, or poll the job",
                     code=server.spec.sse_stream_limit_error(), headers={"Retry-After": RETRY_AFTER_SECONDS})
    response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    await response.prepare(request)
    state.open_streams += 1
    try:
        await _stream(response, job, lambda: render(request, job), server, state)
    except ConnectionResetError:
        pass  # the client left
    finally:
        state.open_streams -= 1
    return response


async def _stream(response, job, body, server, state) -> None:
    faults = server.faults
    never_ends, outputs_last = "sse-never-ends" in faults, "sse-outputs-after-terminal" in faults
    numbers = itertools.count(1) if "sse-event-ids" in faults else None

    async def send(event: str, data: dict) -> None:
        await response.write(frame(event, data, next(numbers) if numbers is not None else None))

    def status_of(snapshot: dict) -> dict:
        return {"status": snapshot["status"], "queue_position": snapshot["queue_position"]}

    snapshot = body()
    if "sse-no-snapshot" not in faults:
        await send("status", status_of(snapshot))
        if snapshot["progress"] is not None and not job.finished:
            await send("progress", snapshot["progress"])
    waiting = server.states.waiting
    if "sse-replays-from-queued" in faults and snapshot["status"] != waiting:
        await send("status", {"status": waiting, "queue_position": None})
    sent_outputs = {output["id"] for output in snapshot["outputs"]}  # committed before we connected
    if outputs_last and job.finished:
        for output in snapshot["outputs"]:
            await send("output", output)
    last_status, last_beat = snapshot["status"], time.monotonic()
    while not state.closing.is_set():
        if job.finished and not never_ends:
            return
        await asyncio.sleep(POLL_SECONDS)
        current = body()
        new_outputs = [output for output in current["outputs"] if output["id"] not in sent_outputs]
        sent_outputs.update(output["id"] for output in new_outputs)
        changed = current["status"] != last_status
        if changed and outputs_last:
            await send("status", status_of(current))
        for output in new_outputs:
            await send("output", output)
        if changed and not outputs_last:
            await send("status", status_of(current))
        if changed:
            last_status, last_beat = current["status"], time.monotonic()
        if time.monotonic() - last_beat >= KEEPALIVE_SECONDS:
            await response.write(b": keepalive\n\n")
            last_beat = time.monotonic()
