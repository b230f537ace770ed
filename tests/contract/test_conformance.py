"""The runner against the reference server: clean servers pass, every fault is caught by the check it names.

Registry-wide: every registered contract check, of every package (v1 and v2), has a docstring
and at least one fault of a reference server (the v1 one or the native v2 one) that makes it
fail, and every fault names a check that exists and runs on the fault's profile. Faults declare
the check that catches them (`caught_by`), so adding a check without teeth fails here; the runs
that prove each fault is caught are below (v1) and in `tests/v2/test_conformance.py` (v2).
"""

from __future__ import annotations

import pytest

from checks.contract.catalogue import all_checks
from checks.contract.scenarios.base import BUILTIN_CHECKS
from checks.reference_server.faults import Fault, all_faults
from checks.reference_server.v2.faults import all_v2_faults
from tests.contract.conftest import contract_run, failed_checks

pytestmark = pytest.mark.slow
FAULTS = all_faults()
V2_FAULTS = all_v2_faults()
EVERY_FAULT = [*FAULTS.values(), *V2_FAULTS.values()]  # two registries: a name may be in both (v1 and v2 spelling)
V2_PACKAGE = "checks.contract.v2."


def test_every_contract_check_has_docs_and_a_fault_that_makes_it_fail():
    checks = all_checks()
    v2_checks = {name for name, check in checks.items() if check.module.startswith(V2_PACKAGE)}
    assert v2_checks and set(checks) - v2_checks, "the catalogue should hold the checks of every package"
    caught = {found.caught_by for found in EVERY_FAULT}
    for name, check in checks.items():
        assert check.summary, f"{name} has no docstring"
        where = "checks/reference_server/v2/faults.py" if check.module.startswith(V2_PACKAGE) else \
            "checks/reference_server/faults/"
        assert name in caught, f"no reference-server fault makes {name} fail: add one with caught_by={name!r} to {where}"


def test_every_fault_names_a_check_that_exists_on_its_profile():
    checks = all_checks()
    for found in EVERY_FAULT:
        assert found.caught_by in set(checks) | set(BUILTIN_CHECKS), f"{found.name} names no check: {found.caught_by}"
        check = checks.get(found.caught_by)
        if check is None:
            continue  # schemathesis' own checks judge every profile
        v2_check = check.module.startswith(V2_PACKAGE)
        assert v2_check == (found.profile == "v2"), \
            f"{found.name} ({found.profile or 'v1'}) names {check.name}, a check of {check.module}"


def test_v2_faults_are_declared_like_v1_faults():
    # One declaration (`Fault`) for both servers: v2 faults say their profile, and a switch carries no hook.
    assert all(isinstance(found, Fault) for found in EVERY_FAULT)
    assert V2_FAULTS and all(found.profile == "v2" for found in V2_FAULTS.values())
    assert all(found.profile != "v2" for found in FAULTS.values())
    assert all((found.hook is None) == (found.point == "switch") for found in V2_FAULTS.values())


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
