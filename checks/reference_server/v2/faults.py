"""Named faults of the native v2 server: each bends one Comfy API v2 behaviour on purpose.

Same declaration as the v1 faults (`checks.reference_server.faults.Fault`: name, hook point,
description, `caught_by`), in a registry of their own so `jobs-checks serve --profile v2
--list-faults` shows only what a v2 server can get wrong. A fault either transforms a value
at a hook point (`bend`) or is a switch a handler tests (`name in faults`). All are off by
default; `caught_by` names the contract check that must fail when the fault is on.
"""

from __future__ import annotations

from typing import Callable, Iterable

from checks.reference_server.faults import Fault, UnknownFault

PROFILE = "v2"
_REGISTRY: dict[str, Fault] = {}


def _declare(found: Fault) -> None:
    if found.name in _REGISTRY:
        raise RuntimeError(f"two v2 faults are named {found.name}")
    _REGISTRY[found.name] = found


def _switch(name: str, description: str, *, caught_by: str) -> None:
    """Declare a fault that a handler tests by name."""
    _declare(Fault(name, "switch", description, caught_by, None, PROFILE))


def _hook(name: str, point: str, description: str, *, caught_by: str):
    """Declare `hook` as a fault called at `point` (see `V2Faults.bend`)."""

    def register(hook: Callable) -> Callable:
        _declare(Fault(name, point, description, caught_by, hook, PROFILE))
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
        """Let every active fault registered at `point` change `value` (the shared queue calls v1 points too)."""
        for name in sorted(self.names):
            found = _REGISTRY[name]
            if found.point == point and found.hook is not None:
                value = found.hook(value, **context)
        return value


def all_v2_faults() -> dict[str, Fault]:
    return dict(sorted(_REGISTRY.items()))


# -- submission ----------------------------------------------------------------------------
_switch("idempotency-key-ignored", "a reused Idempotency-Key creates another job instead of answering 422",
        caught_by="idempotency_key_is_single_use")
_switch("idempotency-key-never-released",
        "a key stays used after a refused submission, so the corrected retry gets 422",
        caught_by="refused_submission_gives_the_key_back")
_switch("create-reads-back", "the create answer is the job read back once the queue picked it up (running or done), "
        "not the queued job just created", caught_by="created_job_is_queued")
_switch("shape-errors-are-400", "a body that is not a {\"workflow\": {...}} object answers 400 instead of 422",
        caught_by="invalid_submissions_are_422")
_switch("busy-queue-without-retry-after", "a create while another job is queued or running answers 429 queue_full "
        "with no Retry-After", caught_by="rate_limits_say_when_to_retry")

# -- the job object ------------------------------------------------------------------------


@_hook("ms-timestamps", "job", "timestamps are epoch milliseconds (the v1 habit) instead of ISO 8601 strings",
       caught_by="timestamps_are_iso_8601")
def ms_timestamps(body, times, **_):
    for name, value in times.items():
        if name in body and value is not None:
            body[name] = value
    return body


@_hook("timestamps-out-of-order", "job", "completed_at lies before started_at", caught_by="job_timestamps_are_in_order")
def timestamps_out_of_order(body, **_):
    if body.get("started_at") and body.get("completed_at"):
        body["started_at"], body["completed_at"] = body["completed_at"], body["started_at"]
    return body


@_hook("null-run-times", "job", "started_at and completed_at stay null on finished jobs",
       caught_by="finished_job_says_when_it_ran")
def null_run_times(body, **_):
    body["started_at"] = body["completed_at"] = None
    return body


@_hook("expires-before-created", "job", "expires_at is earlier than created_at",
       caught_by="expires_at_follows_created_at")
def expires_before_created(body, **_):
    body["expires_at"] = "2001-01-01T00:00:00Z"
    return body


@_hook("v1-status-names", "job", "statuses are spelled the v1 way (completed, cancelled)",
       caught_by="response_schema_conformance")
def v1_status_names(body, spec, **_):
    from checks.apispec import spec_for

    v1, role = spec_for("cloud"), spec.role_of(body["status"])
    if role and v1.has_role(role):
        body["status"] = v1.status_role(role)
    return body


GAP_STATUS = "unknown"  # what a server says of a job it finds neither in its queue nor in its history


@_hook("status-lost-after-the-run", "job", f"a job that just ended reads {GAP_STATUS!r} once: it has left the queue "
       "and is not in the history yet", caught_by="job_statuses_only_move_forward")
def status_lost_after_the_run(body, job, **_):
    if job.finished and not job.fault_state.get("end_seen"):
        job.fault_state["end_seen"] = True
        body["status"] = GAP_STATUS
    return body


@_hook("error-blames-the-output-node", "job", "a failed job's error names the workflow's last (output) node, not the "
       "node that raised", caught_by="failed_job_says_what_failed")
def error_blames_the_output_node(body, job, **_):
    if isinstance(body.get("error"), dict) and job.order:
        body["error"]["node_id"] = job.order[-1]
    return body


@_hook("failure-ends-canceled", "failed", "a job whose node raised ends canceled (every interrupted execution, errors "
       "included, is taken for a cancel)", caught_by="job_reaches_its_ending")
def failure_ends_canceled(status, job, **_):
    return job.states.cancelled


@_hook("links-to-v1-routes", "job", "urls.self points at the v1 route of the job (/api/jobs/{job_id})",
       caught_by="job_links_lead_to_the_job")
def links_to_v1_routes(body, **_):
    from checks.apispec import spec_for

    body["urls"]["self"] = spec_for("cloud").operation("getJob").path.replace("{job_id}", body["id"])
    return body


@_hook("foreign-job-visible", "foreign_job", "another account's job is served: the lookup forgets the owner",
       caught_by="other_accounts_cannot_see_the_job")
def foreign_job_visible(visible, **_):
    return True


_switch("workflow-of-latest-job", "the workflow route answers the caller's latest job's workflow (cached per account, "
        "not per job)", caught_by="workflow_route_returns_what_ran")
_switch("leak-api-key", "the workflow route returns the submission's extra_data, key included",
        caught_by="secrets_never_returned")
_switch("unknown-id-200", "an unknown job id answers 200 with a made-up succeeded job",
        caught_by="unknown_job_answers_404")

# -- outputs -------------------------------------------------------------------------------


@_hook("zero-size-outputs", "output", "outputs say size_bytes 0 whatever their content",
       caught_by="output_sizes_are_real")
def zero_size_outputs(output, **_):
    output["size_bytes"] = 0
    return output


@_hook("hash-of-the-name", "output", "an output's hash is the blake3 of its file name, not of its bytes",
       caught_by="output_hash_matches_content")
def hash_of_the_name(output, **_):
    from checks.reference_server.v2.views import content_hash

    if output.get("hash") is not None:
        output["hash"] = content_hash(output["name"].encode())
    return output


@_hook("outputs-listed-twice", "outputs", "a job lists each output twice (gathered from both the run's messages and "
       "its history)", caught_by="succeeded_job_lists_its_outputs")
def outputs_listed_twice(found, **_):
    return [output for output in found for _ in range(2)]


_switch("outputs-not-downloadable", "output URLs answer 404 output_unavailable",
        caught_by="output_urls_are_downloadable")
_switch("asset-without-media-type", "an output's asset record says application/octet-stream, whatever the output's "
        "content_type", caught_by="output_is_an_asset")

# -- cancel --------------------------------------------------------------------------------
_switch("cancel-not-idempotent", "cancelling a finished job answers 409 instead of the job unchanged",
        caught_by="cancel_of_finished_job_changes_nothing")
_switch("cancel-ignored", "cancelling a running job answers it still running and lets it finish",
        caught_by="cancel_moves_running_job_to_canceled")
_switch("queued-cancel-expires", "cancelling a queued job leaves it expired instead of canceled",
        caught_by="cancel_of_queued_job_cancels_it")
_switch("repeated-cancel-conflicts", "a cancel of a job that was already asked to stop answers 409 (one cancel request "
        "per job is kept)", caught_by="repeated_cancel_is_harmless")

# -- event stream --------------------------------------------------------------------------
_switch("sse-never-ends", "the event stream stays open after the terminal status",
        caught_by="event_stream_ends_after_terminal_status")
_switch("sse-no-snapshot", "the event stream sends no status snapshot on connect",
        caught_by="event_stream_starts_with_a_snapshot")
_switch("sse-replays-from-queued", "after the snapshot the event stream replays the job's first status (queued), "
        "as if backfilling a log", caught_by="event_stream_statuses_move_forward")
_switch("sse-event-ids", "every event carries an id: line, as if the stream could be resumed with Last-Event-ID",
        caught_by="events_match_the_catalogue")
_switch("sse-outputs-after-terminal", "the event stream sends a job's outputs after its terminal status (flushed when "
        "the job ends)", caught_by="nothing_follows_the_terminal_status")
_switch("stream-limit-500", "past the stream limit the server answers 500 instead of 429 too_many_streams",
        caught_by="too_many_streams_answer_429")

# -- errors and auth -----------------------------------------------------------------------


@_hook("error-envelope-missing", "error", "error bodies are v1-style {\"error\": \"text\"} instead of the envelope",
       caught_by="errors_use_the_envelope")
def error_envelope_missing(body, **_):
    return {"error": body["error"]["message"]}


_switch("no-auth", "requests without credentials are served as the first user",
        caught_by="requests_need_bearer_credentials")

V2_FAULTS: dict[str, str] = {name: found.description for name, found in all_v2_faults().items()}
