"""`contract --profile v2` against the native v2 reference server: clean passes, every v2 fault is caught
by the check it declares (`caught_by`). That every check has such a fault is proved registry-wide in
`tests/contract/test_conformance.py`."""

from __future__ import annotations

import pytest

from checks.reference_server.v2.faults import all_v2_faults
from checks.contract.runner import RunOptions, run_contract
from checks.reference_server import running_server
from tests.v2.conftest import failed_checks, passed_checks, v2_run

pytestmark = pytest.mark.slow

# What a clean run must really have exercised, not merely listed.
EXERCISED = {
    "created_job_is_queued", "job_reaches_its_ending", "failed_job_says_what_failed", "workflow_route_returns_what_ran",
    "idempotency_key_is_single_use", "refused_submission_gives_the_key_back", "invalid_submissions_are_422",
    "unknown_job_answers_404", "cancel_of_finished_job_changes_nothing", "cancel_moves_running_job_to_canceled",
    "cancel_of_queued_job_cancels_it", "repeated_cancel_is_harmless", "event_stream_starts_with_a_snapshot",
    "event_stream_ends_after_terminal_status", "nothing_follows_the_terminal_status", "events_match_the_catalogue",
    "too_many_streams_answer_429", "output_urls_are_downloadable", "output_sizes_are_real", "output_is_an_asset",
    "output_hash_matches_content", "requests_need_bearer_credentials", "other_accounts_cannot_see_the_job",
    "errors_use_the_envelope", "timestamps_are_iso_8601", "job_timestamps_are_in_order", "finished_job_says_when_it_ran",
    "job_links_lead_to_the_job", "secrets_never_returned", "response_schema_conformance", "expires_at_follows_created_at",
}


@pytest.mark.parametrize("seed", [1, 2])
def test_clean_native_server_conforms(seed):
    report = v2_run(seed=seed)
    failures = {(row.name, row.operation): row.failures[:1] for row in report.rows if row.status == "failed"}
    assert failures == {}
    assert report.exit_code == 0
    assert EXERCISED <= passed_checks(report), sorted(EXERCISED - passed_checks(report))


V2_FAULTS = all_v2_faults()
# The blake3 of the bytes is what a stated hash is compared with; without the package there is nothing to compare.
NEEDS = {"output_hash_matches_content": "blake3"}


@pytest.mark.parametrize("name", sorted(V2_FAULTS))
def test_v2_fault_is_detected_by_its_check(name):
    found = V2_FAULTS[name]
    if found.caught_by in NEEDS:
        pytest.importorskip(NEEDS[found.caught_by], reason=f"{found.caught_by} needs {NEEDS[found.caught_by]}")
    # Node work at a fifth of its time: a fault that lets the slow job run to its end costs 1.6 s, not 8.
    report = v2_run(faults=[name], phases=("scenarios",), job_timeout=3, time_scale=0.2)
    assert report.exit_code == 1
    assert found.caught_by in failed_checks(report), sorted(failed_checks(report))


def test_an_open_server_is_checked_without_credentials():
    report = v2_run(api_keys={}, phases=("scenarios",))
    assert report.exit_code == 0, sorted(failed_checks(report))
    assert any("open (self-hosted) server" in note for note in report.notes)
    assert "requests_need_bearer_credentials" not in passed_checks(report)


def test_v1_checks_stay_silent_on_v2_and_v2_checks_on_v1():
    from tests.contract.conftest import contract_run

    v2 = v2_run(phases=("scenarios",))
    v1_names = {"timestamps_are_milliseconds", "secrets_never_echoed", "detail_matches_list"}
    assert not v1_names & {row.name for row in v2.rows}
    v1 = contract_run("comfyui", phases=("scenarios",))
    assert not {"errors_use_the_envelope", "timestamps_are_iso_8601"} & {row.name for row in v1.rows}


def test_a_v1_server_fails_the_v2_contract_with_a_hint():
    with running_server("comfyui") as backend:
        report = run_contract(RunOptions(base_url=backend.base_url, profile="v2", seed=1, phases=("scenarios",)))
    assert report.exit_code == 1
    assert "errors_use_the_envelope" in failed_checks(report)
    assert any("not a Comfy API v2 server" in note for note in report.notes)
