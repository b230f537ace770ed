"""How a job and its outputs leave the native v2 server.

Timestamps are ISO 8601 strings in UTC; fields that do not apply are null, never omitted;
links are host-relative (clients resolve them against the request's origin) while output
URLs are absolute, as the spec types them. Output bytes are made up but stable, so a
download always matches `size_bytes` and, when blake3 is installed, `hash`.
"""

from __future__ import annotations

import hashlib
import mimetypes
import uuid
from datetime import datetime, timezone

from checks.reference_server.jobs import Job

RETENTION_MS = 24 * 3600 * 1000  # how long a job is kept (a platform property in the spec)
URL_LIFETIME_MS = 3600 * 1000
_ASSET_NAMESPACE = uuid.UUID("2a7c61e4-6b0e-4a8e-9f57-1b2c3d4e5f60")


def iso(ms: int | None) -> str | None:
    """Epoch milliseconds as an ISO 8601 UTC string with milliseconds (`...T09:30:00.123Z`)."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def asset_id(job: Job, node_id: str, item: dict) -> str:
    return str(uuid.uuid5(_ASSET_NAMESPACE, f"{job.id}/{node_id}/{item.get('subfolder', '')}/{item['filename']}"))


def content_of(job: Job, node_id: str, item: dict) -> bytes:
    """The bytes of one output: deterministic, 300-4000 bytes, different per file."""
    seed = hashlib.sha256(f"{job.id}/{node_id}/{item['filename']}".encode()).digest()
    size = 300 + int.from_bytes(seed[:2], "big") % 3700
    block = hashlib.sha256(seed).digest()
    return (block * (size // len(block) + 1))[:size]


def content_hash(data: bytes) -> str | None:
    """`blake3:<hex>` when the blake3 package is installed; None otherwise (the spec allows a lazy hash)."""
    try:
        import blake3
    except ImportError:
        return None
    return "blake3:" + blake3.blake3(data).hexdigest()


def outputs(job: Job, spec, origin: str, faults, now_ms: int) -> list[dict]:
    found = []
    for node_id, group, item in job.output_files():
        data = content_of(job, node_id, item)
        ident = asset_id(job, node_id, item)
        output = {
            "node_id": node_id,
            "name": item["filename"],
            "type": spec.output_kind(group),
            "content_type": mimetypes.guess_type(item["filename"])[0] or "application/octet-stream",
            "size_bytes": len(data),
            "id": ident,
            "hash": content_hash(data),
            "url": origin + spec.path_of("getAssetContent", id=ident),
            "url_expires_at": iso(now_ms + URL_LIFETIME_MS),
            "job_id": job.id,
        }
        found.append(faults.bend("output", output, job=job))
    return faults.bend("outputs", found, job=job)


def _error(job: Job) -> dict | None:
    error = job.execution_error
    if job.status != job.states.failed:
        return None
    if not error:
        return {"code": "node_execution_error", "message": "execution failed", "node_id": None, "class_type": None,
                "traceback": None}
    return {"code": "node_execution_error", "message": str(error.get("exception_message", "")).strip(),
            "node_id": error.get("node_id"), "class_type": error.get("node_type"),
            "traceback": "".join(error.get("traceback") or []) or None}


def _progress(job: Job, running: set[str]) -> dict | None:
    """A complete snapshot; the toy executor does not report node steps, so a running job shows 0 done."""
    total = len(job.order)
    if job.status in running:
        return {"value": 0.0, "nodes_done": 0, "nodes_total": total}
    if job.status == job.states.succeeded:
        return {"value": 1.0, "nodes_done": total, "nodes_total": total}
    return None


def links(spec, job_id: str) -> dict[str, str]:
    """A job's `urls`, host-relative: clients resolve them against the origin they called."""
    return {link: spec.path_of(operation_id, id=job_id) for link, operation_id in spec.link_operations().items()}


def job_body(job: Job, spec, store, origin: str, faults, now_ms: int, canceling: str) -> dict:
    """The v2 `Job` object of `job` as it is now."""
    states = job.states
    running = {states.running, canceling}
    started = job.execution_start_time if job.status != states.waiting else None
    ended = job.execution_end_time if job.finished else None
    waiting = store.by_state(states.waiting)
    position = next((index for index, other in enumerate(waiting, start=1) if other.id == job.id), None)
    times = {"created_at": job.create_time, "started_at": started, "completed_at": ended,
             "expires_at": job.create_time + RETENTION_MS}
    body = {
        "id": job.id,
        "status": job.status,
        **{name: iso(value) for name, value in times.items()},
        "queue_position": position,
        "progress": _progress(job, running),
        "outputs": outputs(job, spec, origin, faults, now_ms),
        "error": _error(job),
        "metrics": {"queue_ms": (started - job.create_time) if started is not None else None,
                    "execution_ms": (ended - started) if ended is not None and started is not None else None},
        "urls": links(spec, job.id),
    }
    return faults.bend("job", body, job=job, times=times, spec=spec)


def find_output(store, ident: str) -> tuple[Job, str, dict] | None:
    """The (job, node id, file) an asset id names, among the server's jobs."""
    for job in store.jobs.values():
        for node_id, _, item in job.output_files():
            if asset_id(job, node_id, item) == ident:
                return job, node_id, item
    return None
