"""The runner against the reference server: clean servers pass, every fault is caught by the check it names.

Registry-wide: every contract check has a docstring and at least one fault of the reference
server that makes it fail, and every fault names a check that exists. Faults declare the
check that catches them (`caught_by`), so adding a check without teeth fails here.
"""

from __future__ import annotations

import pytest

from checks.contract.catalogue import all_checks
from checks.contract.scenarios.base import BUILTIN_CHECKS
from checks.reference_server.faults import all_faults
from tests.contract.conftest import contract_run, failed_checks

pytestmark = pytest.mark.slow
FAULTS = all_faults()


# The checks of the comfyui and cloud profiles; another profile's checks come with their own faults.
OWN_PACKAGES = ("checks.contract.semantics.", "checks.contract.scenarios.")


def test_every_contract_check_has_docs_and_a_fault_that_makes_it_fail():
    caught = {found.caught_by for found in FAULTS.values()}
    for name, check in all_checks().items():
        if not check.module.startswith(OWN_PACKAGES):
            continue
        assert check.summary, f"{name} has no docstring"
        assert name in caught, f"no reference-server fault makes {name} fail: add one with caught_by={name!r}"


def test_every_fault_names_a_check_that_exists():
    known = set(all_checks()) | set(BUILTIN_CHECKS)
    assert {found.caught_by for found in FAULTS.values()} <= known


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_clean_server_conforms(profile, seed):
    report = contract_run(profile, seed=seed)
    failures = {(row.name, row.operation): row.failures[:1] for row in report.rows if row.status == "failed"}
    assert failures == {}
    assert report.defects == [] and report.exit_code == 0
    ran = {row.name for row in report.rows if row.status == "passed"}
    # The scripted scenarios really ran: pages walked, jobs followed and cancelled, bad input sent.
    assert {"pages_cover_the_list", "job_finishes", "cancel_is_idempotent", "cancel_stops_pending_job",
            "cancel_stops_running_job", "bad_parameters_are_400", "detail_matches_list", "outputs_are_downloadable",
            "response_schema_conformance", "secrets_never_echoed", "job_states_move_forward"} <= ran


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_is_detected_by_its_check(name):
    found = FAULTS[name]
    # Node work at a fifth of its time: a fault that lets the slow job run to its end costs 1.5 s, not 7.
    report = contract_run(found.profile or "comfyui", faults=[name], version=found.version, time_scale=0.2)
    check = all_checks().get(found.caught_by)  # None for schemathesis' own checks
    if check is not None and check.defect:
        # A server defect: reported with its reproducer, apart from the (unchanged) verdict.
        assert report.conforming and report.exit_code == 0
        assert found.caught_by in {defect.check for defect in report.defects}
        assert all(defect.curl and defect.curl.startswith("curl ") for defect in report.defects)
        return
    assert report.exit_code == 1
    assert found.caught_by in failed_checks(report), sorted(failed_checks(report))


def test_fuzzing_alone_validates_response_bodies():
    # Without the scripted scenarios, schemathesis' response-schema check must still see the broken body.
    report = contract_run("comfyui", faults=["missing-required-field"], phases=("examples", "coverage", "fuzzing"))
    assert "response_schema_conformance" in failed_checks(report)
    row = next(row for row in report.rows if row.name == "response_schema_conformance" and row.status == "failed")
    assert any("outputs_count" in failure.message for failure in row.failures)
    assert all(failure.curl and failure.curl.startswith("curl ") for failure in row.failures)
    assert all(failure.request and failure.status == 200 for failure in row.failures)


def test_defects_change_the_exit_code_only_when_asked():
    report = contract_run("comfyui", faults=["server-error-on-malformed-json"], fail_on_defects=True,
                          phases=("scenarios",))
    assert report.conforming and report.defects and report.exit_code == 1
