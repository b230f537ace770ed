"""Named faults of the native v2 server: each bends one Comfy API v2 behaviour on purpose.

Same idea as the v1 faults (`checks.reference_server.faults`), in a registry of their own so
`jobs-checks serve --profile v2 --list-faults` shows only what a v2 server can get wrong. A
fault either transforms a value at a hook point (`bend`) or is a switch a handler tests
(`name in faults`). All are off by default; the contract suite must catch each one.
"""

from __future__ import annotations

from typing import Callable, Iterable

from checks.reference_server.faults import UnknownFault

# name -> (hook point or "switch", one-line description, hook)
_REGISTRY: dict[str, tuple[str, str, Callable | None]] = {}


def _switch(name: str, description: str) -> None:
    _REGISTRY[name] = ("switch", description, None)


def _hook(name: str, point: str, description: str):
    def register(hook: Callable) -> Callable:
        _REGISTRY[name] = (point, description, hook)
        return hook

    return register


class V2Faults:
    """The v2 faults switched on for one server (the interface of the v1 `Faults`)."""

    def __init__(self, names: Iterable[str] = ()):
        names = frozenset(names)
        unknown = sorted(names - _REGISTRY.keys())
        if unknown:
            raise UnknownFault(f"unknown v2 fault(s): {', '.join(unknown)}; valid v2 faults: {', '.join(sorted(_REGISTRY))}")
        self.names = names

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def bend(self, point: str, value, **context):
        for name in sorted(self.names):
            hook_point, _, hook = _REGISTRY[name]
            if hook_point == point and hook is not None:
                value = hook(value, **context)
        return value


# -- submission ----------------------------------------------------------------------------
_switch("idempotency-key-ignored", "a reused Idempotency-Key creates another job instead of answering 422")
_switch("idempotency-key-never-released", "a key stays used after a refused submission, so the corrected retry gets 422")

# -- the job object ------------------------------------------------------------------------


@_hook("ms-timestamps", "job", "timestamps are epoch milliseconds (the v1 habit) instead of ISO 8601 strings")
def ms_timestamps(body, times, **_):
    for name, value in times.items():
        if name in body and value is not None:
            body[name] = value
    return body


@_hook("timestamps-out-of-order", "job", "completed_at lies before started_at")
def timestamps_out_of_order(body, **_):
    if body.get("started_at") and body.get("completed_at"):
        body["started_at"], body["completed_at"] = body["completed_at"], body["started_at"]
    return body


@_hook("null-run-times", "job", "started_at and completed_at stay null on finished jobs")
def null_run_times(body, **_):
    body["started_at"] = body["completed_at"] = None
    return body


@_hook("expires-before-created", "job", "expires_at is earlier than created_at")
def expires_before_created(body, **_):
    body["expires_at"] = "2001-01-01T00:00:00Z"
    return body


@_hook("v1-status-names", "job", "statuses are spelled the v1 way (completed, cancelled)")
def v1_status_names(body, spec, **_):
    from checks.apispec import spec_for

    v1, role = spec_for("cloud"), spec.role_of(body["status"])
    if role and v1.has_role(role):
        body["status"] = v1.status_role(role)
    return body


@_hook("links-to-v1-routes", "job", "urls.self points at the v1 route of the job (/api/jobs/{job_id})")
def links_to_v1_routes(body, **_):
    from checks.apispec import spec_for

    body["urls"]["self"] = spec_for("cloud").operation("getJob").path.replace("{job_id}", body["id"])
    return body


@_hook("zero-size-outputs", "output", "outputs say size_bytes 0 whatever their content")
def zero_size_outputs(output, **_):
    output["size_bytes"] = 0
    return output


_switch("outputs-not-downloadable", "output URLs answer 404 output_unavailable")
_switch("leak-api-key", "the workflow route returns the submission's extra_data, key included")
_switch("unknown-id-200", "an unknown job id answers 200 with a made-up succeeded job")

# -- cancel --------------------------------------------------------------------------------
_switch("cancel-not-idempotent", "cancelling a finished job answers 409 instead of the job unchanged")
_switch("cancel-ignored", "cancelling a running job answers it still running and lets it finish")
_switch("queued-cancel-expires", "cancelling a queued job leaves it expired instead of canceled")

# -- event stream --------------------------------------------------------------------------
_switch("sse-never-ends", "the event stream stays open after the terminal status")
_switch("sse-no-snapshot", "the event stream sends no status snapshot on connect")
_switch("stream-limit-500", "past the stream limit the server answers 500 instead of 429 too_many_streams")

# -- errors and auth -----------------------------------------------------------------------


@_hook("error-envelope-missing", "error", "error bodies are v1-style {\"error\": \"text\"} instead of the envelope")
def error_envelope_missing(body, **_):
    return {"error": body["error"]["message"]}


_switch("no-auth", "requests without credentials are served as the first user")

V2_FAULTS: dict[str, str] = {name: description for name, (_, description, _) in sorted(_REGISTRY.items())}
