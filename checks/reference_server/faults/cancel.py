"""Faults of the cancel routes."""

from __future__ import annotations

from checks.reference_server.faults import fault


@fault("cancel-not-idempotent", "cancel_finished", "cancelling a finished job answers 409 instead of {cancelled: false}",
       caught_by="cancel_is_idempotent")
def cancel_not_idempotent(reply, **_):
    return 409, {"error": "Job has already finished"}


@fault("unknown-cancel-claims-success", "unknown_cancelled", "cancelling an id that matches no job answers {cancelled: true}",
       caught_by="cancel_of_unknown_job_is_harmless", profile="comfyui")
def unknown_cancel_claims_success(cancelled, **_):
    return True


@fault("pending-cancel-ignored", "cancel_ignored", "cancelling a pending job answers {cancelled: true} but the job still runs",
       caught_by="cancel_stops_pending_job")
def pending_cancel_ignored(ignored, job, **_):
    return ignored or job.status == job.states.waiting


@fault("running-cancel-ignored", "cancel_ignored", "cancelling a running job answers {cancelled: true} but it runs to its end",
       caught_by="cancel_stops_running_job")
def running_cancel_ignored(ignored, job, **_):
    return ignored or job.status == job.states.running


@fault("batch-cancel-claims-finished", "batch_cancelled", "a batch cancel naming finished jobs answers {cancelled: true}",
       caught_by="batch_cancel_is_idempotent", profile="comfyui")
def batch_cancel_claims_finished(cancelled, finished, **_):
    return cancelled or finished


@fault("batch-cancel-accepts-bad-ids", "batch_ids_unchecked", "a batch cancel whose job_ids are not UUIDs answers 200",
       caught_by="batch_cancel_rejects_bad_ids", profile="comfyui")
def batch_cancel_accepts_bad_ids(unchecked, **_):
    return True
