"""The runner writes only where allowed and only to jobs it created."""

from __future__ import annotations

import pytest
import requests

from checks.contract.target import Target, WriteRefused, is_loopback

# TEST-NET-1 (RFC 5737): never routed; the guard must refuse before any packet is sent.
NOT_LOOPBACK = "http://192.0.2.10:8188"
PLAIN = {"prompt": {"1": {"class_type": "EmptyImage", "inputs": {}}}}


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:8188", True), ("http://127.8.9.1", True), ("http://localhost:1", True),
    ("http://[::1]:8188", True), ("http://10.0.0.5:8188", False), ("https://cloud.comfy.org", False),
    ("http://127.0.0.1.example.com", False),
])
def test_loopback_detection(url, expected):
    assert is_loopback(url) is expected


def test_writes_to_a_remote_server_are_refused_before_sending():
    target = Target(base_url=NOT_LOOPBACK, profile="comfyui")
    with pytest.raises(WriteRefused, match="--allow-writes"):
        target.call("submitPrompt", body=PLAIN)
    with pytest.raises(WriteRefused):
        target.call("cancelJob", path_parameters={"job_id": "00000000-0000-4000-8000-000000000001"})
    assert target.requests_sent == 0


def test_cancel_of_a_job_the_run_did_not_create_is_refused():
    target = Target(base_url=NOT_LOOPBACK, profile="cloud", api_key="k" * 8, allow_writes=True)
    with pytest.raises(WriteRefused, match="did not create"):
        target.call("cancelJob", path_parameters={"job_id": "5eed0000-0000-4000-8000-000000000002"})
    assert target.requests_sent == 0


def test_batch_cancel_naming_a_foreign_job_is_refused():
    target = Target(base_url=NOT_LOOPBACK, profile="comfyui", allow_writes=True)
    mine = "00000000-0000-4000-8000-00000000000a"
    target.own(mine)
    with pytest.raises(WriteRefused, match="did not create"):
        target.call("cancelJobs", body={"job_ids": [mine, "5eed0000-0000-4000-8000-000000000002"]})
    assert target.requests_sent == 0


def _job_states(base_url: str, headers: dict) -> dict[str, str]:
    body = requests.get(f"{base_url}/api/jobs", params={"limit": 1000} if headers else {}, headers=headers,
                        timeout=10).json()
    return {job["id"]: job["status"] for job in body["jobs"]}


@pytest.mark.slow
def test_without_write_permission_nothing_is_submitted(monkeypatch):
    from checks.contract import runner
    from checks.contract import target as target_module
    from checks.reference_server import running_server

    monkeypatch.setattr(target_module, "is_loopback", lambda url: False)
    with running_server("comfyui") as server:
        before = _job_states(server.base_url, {})
        report = runner.run_contract(runner.RunOptions(base_url=server.base_url, profile="comfyui", seed=2,
                                                       max_examples=5))
        after = _job_states(server.base_url, {})
    assert before == after
    assert report.conforming
    reasons = {row.name: row.skip_reason for row in report.rows if row.status == "skipped"}
    assert "--allow-writes" in reasons["job_finishes"] and "--allow-writes" in reasons["cancel_is_idempotent"]


@pytest.mark.slow
def test_jobs_the_run_did_not_create_are_left_alone():
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server

    with running_server("cloud") as server:
        keys = list(server.api_keys)
        headers = {server.auth_header: keys[0]}
        before = _job_states(server.base_url, headers)
        run_contract(RunOptions(base_url=server.base_url, profile="cloud", api_key=keys[0], other_api_key=keys[1],
                                seed=3, max_examples=5))
        after = _job_states(server.base_url, headers)
    assert before and {job_id: after.get(job_id) for job_id in before} == before
    assert len(after) > len(before)  # the run's own jobs were added, and nothing else changed


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_a_run_sends_only_declared_methods_and_nothing_destructive(profile):
    from checks.apispec import spec_for
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server

    spec = spec_for(profile)
    with running_server(profile) as server:
        keys = list(server.api_keys)
        run_contract(RunOptions(base_url=server.base_url, profile=profile, seed=4, api_key=keys[0] if keys else None,
                                other_api_key=keys[1] if len(keys) > 1 else None))
        seen = list(server.requests_seen)
    assert len(seen) > 100
    for method, path, parses in seen:
        if method == "GET" and "schemathesis-probe" in path:
            continue  # schemathesis' read-only capability probe (how the server decodes odd paths)
        ops = spec.match_path(path, method)
        assert ops, f"{method} {path}: a method or route the spec does not declare was sent"
        if any(op.destructive for op in ops):
            # The only request a destructive route may get: a body no JSON parser accepts.
            assert not parses and all(op.probe_malformed_json for op in ops), (method, path)


@pytest.mark.slow
def test_undeclared_methods_are_probed_only_on_request():
    from checks.apispec import spec_for
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server

    spec = spec_for("comfyui")
    with running_server("comfyui") as server:
        run_contract(RunOptions(base_url=server.base_url, profile="comfyui", seed=4, probe_methods=True,
                                phases=("coverage",)))
        seen = list(server.requests_seen)
    undeclared = [(method, path) for method, path, _ in seen if not spec.match_path(path, method)]
    assert undeclared  # opted in: schemathesis asks for 405s
    assert not [entry for entry in undeclared if spec.match_path(entry[1], "POST")
                and any(op.destructive for op in spec.match_path(entry[1], "POST"))
                and entry[0] == "POST"]


@pytest.mark.slow
def test_two_runs_in_one_process_keep_their_state_apart():
    """Per-run state lives in each run's RunContext: simultaneous runs judge only their own exchanges."""
    import threading

    from checks.contract import context
    from tests.contract.conftest import contract_run

    reports = {}

    def run(name, faults):
        # Generous timeouts: two runs share the machine with the rest of the suite.
        reports[name] = contract_run("comfyui", faults=faults, seed=5, max_examples=5, timeout=30, job_timeout=120)

    threads = [threading.Thread(target=run, args=("leaky", ["leak-api-key"])),
               threading.Thread(target=run, args=("clean", []))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert set(reports) == {"leaky", "clean"}, "a run did not finish"
    failed = {name: {row.name: row.failures[:1] for row in report.rows if row.status == "failed"}
              for name, report in reports.items()}
    assert "secrets_never_echoed" in failed["leaky"], (failed, reports["leaky"].notes)
    assert failed["clean"] == {}, (failed["clean"], reports["clean"].notes)
    assert context._BOUND == {}  # every run unbound its schemas
