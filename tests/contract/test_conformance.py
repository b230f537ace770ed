"""The runner against the reference server: clean servers pass, every fault is caught by its check."""

from __future__ import annotations

import pytest

from checks.reference_server import FAULTS
from tests.contract.conftest import contract_run, failed_checks

pytestmark = pytest.mark.slow

# fault -> the check that must name it (others may fire too). Test data, not spec facts.
EXPECTED = {
    "seconds-timestamps": "timestamps_are_milliseconds",
    "ignore-sort-order": "list_follows_sort_order",
    "wrong-sort-field": "list_follows_sort_order",
    "status-filter-ignored": "status_filter_is_honoured",
    "output-type-mixed-up": "output_type_filter_is_honoured",
    "has-more-off-by-one": "has_more_matches_total",
    "limit-not-enforced": "page_respects_limit",
    "unknown-id-200": "unknown_job_is_404",
    "server-error-on-bad-enum": "bad_parameters_are_400",
    "leak-api-key": "secrets_never_echoed",
    "missing-required-field": "response_schema_conformance",
    "detail-list-mismatch": "detail_matches_list",
    "cancel-not-idempotent": "cancel_is_idempotent",
    "null-fields": "response_schema_conformance",
    "foreign-job-visible": "other_users_jobs_are_hidden",
}
# Faults that bend something only one dialect has.
ONLY = {"foreign-job-visible": "cloud", "output-type-mixed-up": "cloud"}


def test_every_server_fault_has_an_expected_check():
    assert set(FAULTS) <= set(EXPECTED), f"add the new fault(s) to EXPECTED: {sorted(set(FAULTS) - set(EXPECTED))}"


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_clean_server_conforms(profile, seed):
    report = contract_run(profile, seed=seed)
    failures = {(row.name, row.operation): row.failures[:1] for row in report.rows if row.status == "failed"}
    assert failures == {}
    assert report.exit_code == 0
    ran = {row.name for row in report.rows if row.status == "passed"}
    # The scripted scenarios really ran: pages walked, jobs followed and cancelled, bad input sent.
    assert {"pages_cover_the_list", "job_finishes", "cancel_is_idempotent", "cancel_stops_pending_job",
            "cancel_stops_running_job", "bad_parameters_are_400", "detail_matches_list",
            "response_schema_conformance", "secrets_never_echoed"} <= ran


CASES = [(profile, fault) for fault in sorted(EXPECTED) for profile in ("comfyui", "cloud")
         if ONLY.get(fault, profile) == profile and fault in FAULTS]


@pytest.mark.parametrize(("profile", "fault"), CASES)
def test_fault_is_detected_by_its_check(profile, fault):
    report = contract_run(profile, faults=[fault])
    assert report.exit_code == 1
    assert EXPECTED[fault] in failed_checks(report), sorted(failed_checks(report))


def test_fuzzing_alone_validates_response_bodies():
    # Without the scripted scenarios, schemathesis' response-schema check must still see the broken body.
    report = contract_run("comfyui", faults=["missing-required-field"], phases=("examples", "coverage", "fuzzing"))
    assert "response_schema_conformance" in failed_checks(report)
    row = next(row for row in report.rows if row.name == "response_schema_conformance" and row.status == "failed")
    assert any("outputs_count" in failure.message for failure in row.failures)
    assert all(failure.curl and failure.curl.startswith("curl ") for failure in row.failures)
