"""Faults of a job as it is shown or run: fields, outputs, secrets, lifecycle, submission, auth."""

from __future__ import annotations

import time
import uuid

from checks.apispec.jobs import UNIT_SECONDS
from checks.reference_server.faults import fault


@fault("seconds-timestamps", "job_fields", "timestamps are epoch seconds instead of milliseconds",
       caught_by="timestamps_are_milliseconds")
def seconds_timestamps(fields, spec, **_):
    for name, unit in spec.timestamp_units.items():
        if unit in UNIT_SECONDS and isinstance(fields.get(name), int):
            fields[name] = int(fields[name] * UNIT_SECONDS[unit])
    return fields


@fault("end-before-start", "job_fields", "a finished job's execution_end_time lies before its execution_start_time",
       caught_by="timestamps_are_ordered")
def end_before_start(fields, **_):
    if isinstance(fields.get("execution_start_time"), int) and isinstance(fields.get("execution_end_time"), int):
        fields["execution_end_time"] = fields["execution_start_time"] - 1
    return fields


@fault("outputs-count-inflated", "job_fields", "outputs_count counts one file more than outputs hold, in list and detail alike",
       caught_by="outputs_count_matches_outputs")
def outputs_count_inflated(fields, job, **_):
    if job.output_files() and isinstance(fields.get("outputs_count"), int):
        fields["outputs_count"] += 1
    return fields


@fault("outputs-dropped", "job_fields", "completed jobs show no outputs, like a cache answering with empty outputs",
       caught_by="completed_job_has_outputs")
def outputs_dropped(fields, job, **_):
    if job.status == job.states.succeeded:
        fields.pop("preview_output", None)
        if "outputs" in fields:
            fields["outputs"] = {}
        for name in ("outputs_count", "previewable_outputs_count"):
            if name in fields:
                fields[name] = 0
    return fields


@fault("failure-without-error", "job_fields", "a failed job carries no execution_error saying which node failed",
       caught_by="failed_job_explains_why")
def failure_without_error(fields, **_):
    fields.pop("execution_error", None)
    return fields


@fault("detail-list-mismatch", "detail", "the detail view reports one output more than the list does",
       caught_by="detail_matches_list")
def detail_list_mismatch(fields, **_):
    if "outputs_count" in fields:
        fields["outputs_count"] += 1
    return fields


@fault("job-status-regresses", "detail", "a finished job's detail says in_progress again on its third fetch",
       caught_by="job_states_move_forward")
def job_status_regresses(fields, job, **_):
    if job.finished:
        seen = job.fault_state["fetches"] = job.fault_state.get("fetches", 0) + 1
        if seen == 3:
            fields = {**fields, "status": job.states.running}
    return fields


@fault("leak-api-key", "workflow", "returned workflows carry the api_key_comfy_org that was submitted",
       caught_by="secrets_never_echoed")
def leak_api_key(workflow, job, **_):
    workflow["extra_data"] = dict(job.extra_data)
    return workflow


@fault("failure-reported-as-success", "failed", "a job whose node raised ends completed instead of failed",
       caught_by="job_finishes")
def failure_reported_as_success(status, job, **_):
    return job.states.succeeded


@fault("unknown-id-200", "unknown_job", "an unknown job id answers 200 with a made-up completed job",
       caught_by="unknown_job_is_404")
def unknown_id_200(made_up, job_id, spec, **_):
    now = int(time.time() * 1000)
    return {"id": job_id, "status": spec.status_role("succeeded"), "create_time": now, "execution_start_time": now,
            "execution_end_time": now, "outputs_count": 0, "outputs": {}}


@fault("prompt-id-differs", "returned_prompt_id", "POST /prompt answers a prompt_id that is not the id of the job it queued",
       caught_by="prompt_id_is_the_job_id")
def prompt_id_differs(prompt_id, **_):
    return str(uuid.uuid4())


@fault("foreign-job-visible", "foreign_job", "cloud: another user's job is shown instead of answering 403/404",
       caught_by="other_users_jobs_are_hidden", profile="cloud")
def foreign_job_visible(visible, **_):
    return True


@fault("missing-key-accepted", "missing_key", "cloud: a request without an API key is served as the first user's",
       caught_by="requests_without_key_are_401", profile="cloud")
def missing_key_accepted(user, first_user, **_):
    return first_user


@fault("server-error-on-malformed-json", "malformed_json", "a body that is not JSON answers 500, as ComfyUI 0.25.0/0.33.0 do",
       caught_by="malformed_json_is_a_client_error", profile="comfyui")
def server_error_on_malformed_json(broken, **_):
    return True


@fault("downloads-missing", "download", "GET /view answers 404 for the files a job's outputs name",
       caught_by="outputs_are_downloadable")
def downloads_missing(data, **_):
    return None
