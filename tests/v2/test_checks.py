"""Each v2 check fires on a defective exchange (or scenario result) and stays silent on its correct twin."""

from __future__ import annotations

import copy

import pytest

from checks.apispec import spec_for
from checks.contract.v2 import auth, cancel, events, idempotency, jobs, outputs, responses
from checks.contract.v2.sse import Event, Stream
from tests.contract.helpers import FakeResponse, schema_of

SPEC = spec_for("v2")
JOB_ID = "7f3d2c1b-9a8e-4d6f-b012-3c4d5e6f7a8b"


def job(**changes) -> dict:
    body = {"id": JOB_ID, "status": "succeeded", "created_at": "2026-11-23T09:30:00.000Z",
            "started_at": "2026-11-23T09:30:01.000Z", "completed_at": "2026-11-23T09:30:05.500Z",
            "expires_at": "2026-11-24T09:30:00.000Z", "queue_position": None, "progress": None, "outputs": [],
            "error": None, "urls": {link: SPEC.path_of(op, id=JOB_ID) for link, op in SPEC.link_operations().items()}}
    body.update(changes)
    return body


def run(check, operation_id: str, body, status: int = 200, headers=None, method_body=None):
    operation = schema_of("v2").find_operation_by_id(operation_id)
    case = operation.Case(path_parameters={"id": JOB_ID} if "{id}" in operation.path else {})
    response = FakeResponse(status, body)
    response.headers.update(headers or {})
    try:
        check(None, response, case)
    except AssertionError as exc:
        return str(exc)
    return None


ENVELOPE = {"error": {"code": "not_found", "message": "No such job", "details": None}}


@pytest.mark.parametrize("check, operation_id, status, bad, good, headers", [
    (responses.errors_use_the_envelope, "getJob", 404, {"error": "Job not found"}, ENVELOPE, None),
    (responses.errors_use_the_envelope, "getJob", 404,
     {"error": {"code": "idempotency_key_reuse", "message": "x"}}, ENVELOPE, None),
    (responses.timestamps_are_iso_8601, "getJob", 200, job(created_at=1763890200000), job(), None),
    (responses.timestamps_are_iso_8601, "getJob", 200, job(started_at="2026-11-23 09:30:01"), job(), None),
    (responses.job_timestamps_are_in_order, "getJob", 200, job(started_at="2026-11-23T09:31:00Z"), job(), None),
    (responses.expires_at_follows_created_at, "getJob", 200, job(expires_at="2026-11-23T09:00:00Z"), job(), None),
    (responses.finished_job_says_when_it_ran, "getJob", 200, job(completed_at=None), job(), None),
    (responses.job_links_lead_to_the_job, "getJob", 200,
     job(urls={"self": f"/api/jobs/{JOB_ID}", "events": "x", "cancel": "y"}), job(), None),
    (responses.job_links_lead_to_the_job, "cancelJob", 200,
     job(urls={**job()["urls"], "cancel": SPEC.path_of("cancelJob", id="another-job")}),
     job(urls={k: f"https://dep.example/deployment/d1{v}" for k, v in job()["urls"].items()}), None),
])
def test_response_check_fires_and_stays_silent(check, operation_id, status, bad, good, headers):
    assert run(check, operation_id, bad, status, headers) is not None
    assert run(check, operation_id, good, status, headers) is None


def test_retry_after_is_required_on_a_429_that_declares_it():
    body = {"error": {"code": "queue_full", "message": "busy"}}
    assert "Retry-After" in run(responses.rate_limits_say_when_to_retry, "createJob", body, 429)
    assert run(responses.rate_limits_say_when_to_retry, "createJob", body, 429, {"Retry-After": "3"}) is None


def test_secrets_are_watched_in_v2_responses_and_workflows_carry_no_extra_data():
    responses.watch("canary-42", "the canary")
    try:
        assert run(responses.secrets_never_returned, "getJob", job(note="canary-42")) is not None
        assert run(responses.secrets_never_returned, "getJob", job()) is None
    finally:
        responses.forget("canary-42")
    leaked = {"workflow": {}, "format": "api", "extra_data": {}}
    assert run(responses.secrets_never_returned, "getJobWorkflow", leaked) is not None
    assert run(responses.secrets_never_returned, "getJobWorkflow", {"workflow": {}, "format": "api"}) is None


def test_v2_checks_stay_silent_on_v1_exchanges():
    from tests.contract.helpers import run_check

    assert run_check(responses.errors_use_the_envelope, "cloud", "getJob", {"error": "Job not found"}, status=404) is None


def _fails(check, *args) -> bool:
    try:
        check(*args)
    except AssertionError:
        return True
    return False


STAGES = {status: SPEC.status_stage(status) for status in SPEC.status_enum()}
CATALOGUE = SPEC.sse_events()


def stream(*events_, ended=True, status=200, terminal=None) -> Stream:
    found = Stream(status, events=[Event(name, data, "", index * 0.1, has_id) for index, (name, data, has_id)
                                   in enumerate(events_)], ended=ended)
    found.terminal_index = terminal
    return found


GOOD_STREAM = stream(("status", {"status": "running"}, False), ("status", {"status": "canceled"}, False), terminal=1)


@pytest.mark.parametrize("check, bad, good", [
    (jobs.created_job_is_queued, (JOB_ID, 201, "running", "queued"), (JOB_ID, 201, "queued", "queued")),
    (jobs.job_statuses_only_move_forward, (JOB_ID, ["running", "queued"], STAGES), (JOB_ID, ["queued", "running",
                                                                                       "succeeded"], STAGES)),
    (jobs.job_statuses_only_move_forward, (JOB_ID, ["completed"], STAGES), (JOB_ID, ["succeeded"], STAGES)),
    (jobs.job_reaches_its_ending, (JOB_ID, "plain", "running", "succeeded"), (JOB_ID, "plain", "succeeded", "succeeded")),
    (jobs.failed_job_says_what_failed, (JOB_ID, {"code": "", "message": "x"}, "4"),
     (JOB_ID, {"code": "node_execution_error", "message": "boom", "node_id": "4"}, "4")),
    (jobs.failed_job_says_what_failed, (JOB_ID, {"code": "e", "message": "x", "node_id": "9"}, "4"),
     (JOB_ID, {"code": "e", "message": "x", "node_id": None}, "4")),
    (jobs.succeeded_job_lists_its_outputs, (JOB_ID, [], 1), (JOB_ID, [{}], 1)),
    (jobs.workflow_route_returns_what_ran, (JOB_ID, 200, {"workflow": {"1": {}}, "format": "save"}, {"1": {}}, "api"),
     (JOB_ID, 200, {"workflow": {"1": {}}, "format": "api"}, {"1": {}}, "api")),
    (jobs.unknown_job_answers_404, ("GET job x", 200, None, ("not_found",)), ("GET job x", 404, "not_found", ("not_found",))),
    (jobs.invalid_submissions_are_422, ("a UI export", 201, None, "workflow_format_ui"),
     ("a UI export", 422, "workflow_format_ui", "workflow_format_ui")),
    (idempotency.idempotency_key_is_single_use, ("reuse", 201, None, "idempotency_key_reuse"),
     ("reuse", 422, "idempotency_key_reuse", "idempotency_key_reuse")),
    (idempotency.refused_submission_gives_the_key_back, ("k", (422, "invalid_workflow"), 422),
     ("k", (422, "invalid_workflow"), 201)),
    (cancel.cancel_of_finished_job_changes_nothing, (JOB_ID, "succeeded", [(409, None)], "succeeded"),
     (JOB_ID, "succeeded", [(200, "succeeded"), (200, "succeeded")], "succeeded")),
    (cancel.cancel_moves_running_job_to_canceled, (JOB_ID, 200, "running", ("canceling", "canceled"), "succeeded",
                                                   "canceled"),
     (JOB_ID, 200, "canceling", ("canceling", "canceled"), "canceled", "canceled")),
    (cancel.cancel_of_queued_job_cancels_it, (JOB_ID, 200, "expired", "expired", ("canceling", "canceled"), "canceled"),
     (JOB_ID, 200, "canceling", "canceled", ("canceling", "canceled"), "canceled")),
    (cancel.repeated_cancel_is_harmless, (JOB_ID, 200, "running", ("canceling", "canceled")),
     (JOB_ID, 200, "canceling", ("canceling", "canceled"))),
    (events.event_stream_starts_with_a_snapshot, (JOB_ID, stream(("progress", {"value": 0}, False)), "running", "status"),
     (JOB_ID, GOOD_STREAM, "running", "status")),
    (events.event_stream_ends_after_terminal_status, (JOB_ID, stream(("status", {"status": "running"}, False)), 2.0),
     (JOB_ID, GOOD_STREAM, 2.0)),
    (events.nothing_follows_the_terminal_status,
     (JOB_ID, stream(("status", {"status": "succeeded"}, False), ("output", {}, False), terminal=0)),
     (JOB_ID, GOOD_STREAM)),
    (events.events_match_the_catalogue, (JOB_ID, stream(("status", {"status": "running"}, True)), CATALOGUE, SPEC),
     (JOB_ID, GOOD_STREAM, CATALOGUE, SPEC)),
    (events.events_match_the_catalogue, (JOB_ID, stream(("log", {"level": "info", "message": "x"}, False)), CATALOGUE,
                                         SPEC), (JOB_ID, GOOD_STREAM, CATALOGUE, SPEC)),
    (events.events_match_the_catalogue, (JOB_ID, stream(("status", {"status": "done"}, False)), CATALOGUE, SPEC),
     (JOB_ID, GOOD_STREAM, CATALOGUE, SPEC)),
    (events.event_stream_statuses_move_forward, (JOB_ID, ["canceled", "running"], STAGES),
     (JOB_ID, ["running", "canceling", "canceled"], STAGES)),
    (events.too_many_streams_answer_429, (JOB_ID, [Stream(200), Stream(500)], "too_many_streams"),
     (JOB_ID, [Stream(200), Stream(429, headers={"Retry-After": "1"},
                                   body={"error": {"code": "too_many_streams", "message": "x"}})], "too_many_streams")),
    (events.too_many_streams_answer_429, (JOB_ID, [Stream(429, body={"error": {"code": "too_many_streams"}})],
                                          "too_many_streams"), (JOB_ID, [Stream(200)] * 3, "too_many_streams")),
    (outputs.output_urls_are_downloadable, (JOB_ID, "a.png", 404, 0), (JOB_ID, "a.png", 200, 10)),
    (outputs.output_sizes_are_real, (JOB_ID, "a.png", "image", 0, None), (JOB_ID, "a.png", "image", 10, 10)),
    (outputs.output_sizes_are_real, (JOB_ID, "a.png", "image", 10, 12), (JOB_ID, "a.png", "image", 12, 12)),
    (outputs.output_hash_matches_content, (JOB_ID, "a.png", "blake3:00", "blake3:ff"),
     (JOB_ID, "a.png", "blake3:FF", "blake3:ff")),
    (outputs.output_is_an_asset, (JOB_ID, "a.png", 200, {"size_bytes": 0, "content_type": "image/png"},
                                  {"size_bytes": 10, "content_type": "image/png"}),
     (JOB_ID, "a.png", 200, {"size_bytes": 10, "content_type": "image/png", "job_id": JOB_ID},
      {"size_bytes": 10, "content_type": "image/png"})),
    (auth.requests_need_bearer_credentials, ("GET with no key", 200, None, ("unauthorized",)),
     ("GET with no key", 401, "unauthorized", ("unauthorized",))),
    (auth.other_accounts_cannot_see_the_job, ("another account's GET", 200), ("another account's GET", 404)),
])
def test_scenario_check_fires_and_stays_silent(check, bad, good):
    assert _fails(check, *copy.deepcopy(bad))
    assert not _fails(check, *copy.deepcopy(good))


def test_spec_paths_and_submission_keys():
    assert SPEC.path_of("getJobEvents", id="j1") == "/api/v2/jobs/j1/events"
    assert SPEC.extra_data_keys() == ("api_key_comfy_org",) and spec_for("cloud").extra_data_keys() == ()
    assert SPEC.workflow_format_of_created_jobs() == "api"
