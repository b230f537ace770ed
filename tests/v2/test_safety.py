"""A v2 run writes only where allowed and only to jobs it created."""

from __future__ import annotations

import pytest
import requests

from checks.apispec import spec_for
from checks.contract.target import Target, WriteRefused
from checks.reference_server import running_server
from tests.v2.conftest import v2_run

NOT_LOOPBACK = "http://192.0.2.10:8189"  # TEST-NET-1: never routed; refused before any packet


def test_v2_writes_to_a_remote_server_are_refused_before_sending():
    target = Target(base_url=NOT_LOOPBACK, profile="v2")
    with pytest.raises(WriteRefused, match="--allow-writes"):
        target.call("createJob", body={"workflow": {}})
    assert target.requests_sent == 0


def test_v2_cancel_of_a_job_the_run_did_not_create_is_refused():
    target = Target(base_url=NOT_LOOPBACK, profile="v2", allow_writes=True)
    with pytest.raises(WriteRefused, match="did not create"):
        target.call("cancelJob", path_parameters={"id": "5eed0000-0000-4000-8000-000000000004"})
    assert target.requests_sent == 0


def test_credentials_go_in_the_bearer_header():
    target = Target(base_url=NOT_LOOPBACK, profile="v2", api_key="secret-key")
    assert target.auth_headers() == {"Authorization": "Bearer secret-key"}


@pytest.mark.slow
def test_a_v2_run_leaves_the_servers_other_jobs_as_they_were():
    credentials = spec_for("v2").credentials("test-key-alice")
    with running_server("v2") as server:
        seeded = [f"5eed0000-0000-4000-8000-00000000000{n}" for n in range(1, 6)]
        before = {job_id: requests.get(f"{server.base_url}/api/v2/jobs/{job_id}", headers=credentials,
                                       timeout=5).json()["status"] for job_id in seeded}
        from checks.contract.runner import RunOptions, run_contract

        report = run_contract(RunOptions(base_url=server.base_url, profile="v2", seed=3, api_key="test-key-alice",
                                         phases=("scenarios",)))
        after = {job_id: requests.get(f"{server.base_url}/api/v2/jobs/{job_id}", headers=credentials,
                                      timeout=5).json()["status"] for job_id in seeded}
    assert report.exit_code == 0
    assert before == after and set(before.values()) <= set(spec_for("v2").terminal_statuses())


def test_without_allow_writes_a_remote_run_only_reads(monkeypatch):
    import checks.contract.target as target_module

    monkeypatch.setattr(target_module, "is_loopback", lambda url: False)
    report = v2_run(phases=("scenarios",))
    assert any("--allow-writes" in note for note in report.notes)
    assert not any(row.name == "created_job_is_queued" for row in report.rows)


def test_a_refused_second_job_leaves_no_job_of_the_run_running():
    # The server refuses the job meant to wait behind the slow one: the cancel scenario gives up,
    # and must cancel the slow job it started rather than leave it running on the server.
    from checks.contract.runner import RunOptions, run_contract

    with running_server("v2", faults=["busy-queue-without-retry-after"], time_scale=0.2) as server:
        before = set(server.unfinished_jobs())
        report = run_contract(RunOptions(base_url=server.base_url, profile="v2", seed=1, api_key="test-key-alice",
                                         phases=("scenarios",)))
        left = set(server.unfinished_jobs()) - before
    assert any("cancel" in note and "skipped" in note for note in report.notes), report.notes
    assert not left, f"the run left its jobs unfinished on the server: {sorted(left)}"
