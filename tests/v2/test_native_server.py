"""The native v2 reference server does what Comfy API v2 promises (checked here directly, so the
contract checks are not the only judge of the server they are tested against)."""

from __future__ import annotations

import time

import pytest
import requests
from click.testing import CliRunner

from checks.apispec import spec_for
from checks.cli import main
from checks.contract import workflows
from checks.contract.v2.sse import hold_streams, read_stream
from checks.reference_server import running_server
from checks.reference_server.v2 import V2_FAULTS, V2Faults
from checks.reference_server.faults import UnknownFault

SPEC = spec_for("v2")
ALICE, BOB = SPEC.credentials("test-key-alice"), SPEC.credentials("test-key-bob")


@pytest.fixture(scope="module")
def server():
    with running_server("v2", time_scale=0.2) as handle:
        yield handle
        assert handle.errors == []


def _create(server, workflow, headers=ALICE, **extra):
    return requests.post(f"{server.base_url}/api/v2/jobs", json={"workflow": workflow, **extra}, headers=headers, timeout=5)


def _wait(server, job_id, until, headers=ALICE, seconds=10.0):
    deadline = time.monotonic() + seconds
    while True:
        body = requests.get(f"{server.base_url}/api/v2/jobs/{job_id}", headers=headers, timeout=5).json()
        if until(body["status"]) or time.monotonic() > deadline:
            return body
        time.sleep(0.02)


def test_a_job_is_created_queued_and_succeeds_with_iso_timestamps(server):
    created = _create(server, workflows.plain().prompt)
    assert created.status_code == 201 and created.json()["status"] == "queued"
    job = _wait(server, created.json()["id"], lambda status: status == "succeeded")
    assert job["status"] == "succeeded"
    for name in ("created_at", "started_at", "completed_at", "expires_at"):
        assert job[name].endswith("Z") and "T" in job[name]
    assert job["created_at"] <= job["started_at"] <= job["completed_at"] < job["expires_at"]
    assert job["urls"]["self"] == f"/api/v2/jobs/{job['id']}"
    [output] = job["outputs"]
    assert output["type"] == "image" and output["content_type"] == "image/png"
    content = requests.get(output["url"], headers=ALICE, timeout=5)
    assert content.status_code == 200 and len(content.content) == output["size_bytes"] > 0
    blake3 = pytest.importorskip("blake3")
    assert output["hash"] == "blake3:" + blake3.blake3(content.content).hexdigest()
    ranged = requests.get(output["url"], headers={**ALICE, "Range": "bytes=0-9"}, timeout=5)
    assert ranged.status_code == 206 and ranged.content == content.content[:10]
    assert requests.get(output["url"], headers={**ALICE, "Range": "bytes=99999-"}, timeout=5).status_code == 416
    asset = requests.get(f"{server.base_url}/api/v2/assets/{output['id']}", headers=ALICE, timeout=5).json()
    assert (asset["size_bytes"], asset["job_id"]) == (output["size_bytes"], job["id"])


def test_idempotency_keys_are_single_use_and_given_back_after_a_refusal(server):
    key = {"Idempotency-Key": "native-key-1"}
    assert _create(server, workflows.plain().prompt, {**ALICE, **key}).status_code == 201
    again = _create(server, workflows.plain().prompt, {**ALICE, **key})
    assert again.status_code == 422 and again.json()["error"]["code"] == "idempotency_key_reuse"
    other = {"Idempotency-Key": "native-key-2"}
    refused = _create(server, {"1": {"class_type": "NoSuchNode", "inputs": {}}}, {**ALICE, **other})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "invalid_workflow"
    assert _create(server, workflows.plain().prompt, {**ALICE, **other}).status_code == 201


@pytest.mark.parametrize("body, code", [
    ({"workflow": {"nodes": [], "links": []}}, "workflow_format_ui"),
    ({"workflow": {"1": {"class_type": "EmptyImage", "inputs": {}}}, "extra_data": {"other": 1}}, "invalid_request"),
    ({"prompt": {}}, "invalid_workflow"),
])
def test_refused_submissions_answer_422_in_the_envelope(server, body, code):
    answer = requests.post(f"{server.base_url}/api/v2/jobs", json=body, headers=ALICE, timeout=5)
    assert answer.status_code == 422 and answer.json()["error"]["code"] == code


def test_cancel_goes_through_canceling_and_leaves_finished_jobs_alone(server):
    slow = _create(server, workflows.slow(20).prompt).json()
    waiter = _create(server, workflows.plain().prompt).json()
    _wait(server, slow["id"], lambda status: status == "running")
    queued = requests.post(f"{server.base_url}/api/v2/jobs/{waiter['id']}/cancel", headers=ALICE, timeout=5).json()
    assert queued["status"] == "canceled" and queued["started_at"] is None and queued["completed_at"]
    running = requests.post(f"{server.base_url}/api/v2/jobs/{slow['id']}/cancel", headers=ALICE, timeout=5).json()
    assert running["status"] in ("canceling", "canceled")
    assert _wait(server, slow["id"], lambda status: status == "canceled")["status"] == "canceled"
    for _ in range(2):
        again = requests.post(f"{server.base_url}/api/v2/jobs/{slow['id']}/cancel", headers=ALICE, timeout=5)
        assert again.status_code == 200 and again.json()["status"] == "canceled"


def test_event_stream_of_a_finished_job_is_one_status_then_closes(server):
    job_id = _create(server, workflows.plain().prompt).json()["id"]
    _wait(server, job_id, lambda status: status == "succeeded")
    stream = read_stream(f"{server.base_url}/api/v2/jobs/{job_id}/events", ALICE, seconds=5, grace=2,
                         terminal=SPEC.terminal_statuses(), ends_after="status")
    assert stream.status == 200 and stream.ended
    assert [(e.name, e.data) for e in stream.events] == [("status", {"status": "succeeded", "queue_position": None})]


def test_event_stream_follows_a_live_job_and_the_limit_answers_429(server):
    job_id = _create(server, workflows.slow(20).prompt).json()["id"]
    _wait(server, job_id, lambda status: status == "running")
    answers = hold_streams(f"{server.base_url}/api/v2/jobs/{job_id}/events", ALICE, 12)
    assert [a.status for a in answers] == [200] * 8 + [429]
    assert answers[-1].body["error"]["code"] == "too_many_streams" and answers[-1].headers["Retry-After"] == "1"
    time.sleep(0.5)  # the server notices the closed streams at its next keep-alive
    requests.post(f"{server.base_url}/api/v2/jobs/{job_id}/cancel", headers=ALICE, timeout=5)
    stream = read_stream(f"{server.base_url}/api/v2/jobs/{job_id}/events", ALICE, seconds=10, grace=2,
                         terminal=SPEC.terminal_statuses(), ends_after="status")
    assert stream.status == 200 and stream.ended and stream.events[-1].data["status"] == "canceled"


def test_credentials_are_bearer_and_jobs_stay_with_their_account(server):
    job_id = _create(server, workflows.plain().prompt).json()["id"]
    url = f"{server.base_url}/api/v2/jobs/{job_id}"
    for headers in ({}, {"X-API-Key": "test-key-alice"}, {"Authorization": "test-key-alice"},
                    SPEC.credentials("wrong")):
        answer = requests.get(url, headers=headers, timeout=5)
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
    hidden = requests.get(url, headers=BOB, timeout=5)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "not_found"
    assert requests.get(f"{url}/workflow", headers=ALICE, timeout=5).json() == {
        "workflow": workflows.plain().prompt, "format": "api"}


def test_without_keys_the_server_is_open():
    with running_server("v2", api_keys={}) as open_server:
        answer = _create(open_server, workflows.plain().prompt, headers={})
        assert answer.status_code == 201


def test_v2_faults_have_their_own_registry():
    assert "sse-never-ends" in V2_FAULTS and "seconds-timestamps" not in V2_FAULTS
    with pytest.raises(UnknownFault, match="seconds-timestamps"):
        V2Faults(["seconds-timestamps"])
    with pytest.raises(ValueError):
        with running_server("v2", faults=["has-more-off-by-one"]):
            pass


def test_cli_lists_v2_faults_and_checks():
    runner = CliRunner()
    listed = runner.invoke(main, ["serve", "--profile", "v2", "--list-faults"])
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.output.splitlines()] == list(V2_FAULTS)
    bad = runner.invoke(main, ["serve", "--profile", "v2", "--fault", "seconds-timestamps"])
    assert bad.exit_code == 2 and "unknown fault" in bad.output
    checks = runner.invoke(main, ["contract", "--list-checks"])
    assert "event_stream_ends_after_terminal_status" in checks.output and "idempotency_key_is_single_use" in checks.output
