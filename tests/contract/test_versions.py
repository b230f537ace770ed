"""Routes and parameters newer than the server are proved absent with one harmless request, never failed."""

from __future__ import annotations

import pytest

from checks.apispec import spec_for
from checks.apispec.versions import available, document_for_version, newer_parameters, version_tuple
from checks.contract.versions import pointer_get
from tests.contract.conftest import contract_run


def test_version_tuples_compare_numerically():
    assert version_tuple("0.33.0") > version_tuple("0.26.0") > version_tuple("0.9.9")
    assert version_tuple("v0.26.0rc1") == (0, 26, 0)
    assert version_tuple("") is None and version_tuple("nightly") is None


def test_availability_follows_x_since():
    assert available("0.26.0", "0.26.0") and available("0.26.0", "0.33.0")
    assert not available("0.26.0", "0.25.0")
    assert available("0.26.0", None) and available(None, "0.1.0")


def test_the_document_of_a_version_lacks_what_that_version_lacks():
    spec = spec_for("comfyui")
    gated = {op.operation_id for op in spec.operations if op.since}
    assert gated == {"cancelJob", "cancelJobs"}
    old = document_for_version("comfyui", "0.25.0")
    kept = {op["operationId"] for item in old["paths"].values() for op in item.values() if isinstance(op, dict)}
    assert not gated & kept and "listJobs" in kept
    # A link to a removed route would leave the document inconsistent for schemathesis.
    assert set(old["paths"]["/prompt"]["post"]["responses"]["200"]["links"]) == {"GetJob"}
    names = [param["name"] for param in old["paths"]["/api/jobs"]["get"]["parameters"]]
    assert "ids" not in names and "status" in names
    newest = document_for_version("comfyui", "0.34.0")
    assert "ids" in [param["name"] for param in newest["paths"]["/api/jobs"]["get"]["parameters"]]
    assert newer_parameters(spec, "0.33.0") == [("listJobs", "ids", "0.34.0")]
    assert newer_parameters(spec, None) == []


def test_pointer_get():
    assert pointer_get({"system": {"comfyui_version": "0.33.0"}}, "/system/comfyui_version") == "0.33.0"
    assert pointer_get({"system": {}}, "/system/comfyui_version") is None


@pytest.mark.slow
def test_old_server_proves_the_cancel_routes_absent_before_skipping_them():
    report = contract_run("comfyui", version="0.25.0", seed=6, max_examples=5)
    assert report.version == "0.25.0"
    assert report.conforming, [(row.name, row.failures[:1]) for row in report.rows if row.status == "failed"]
    cancel_rows = [row for row in report.rows if row.operation.endswith("/cancel")]
    skipped = [row for row in cancel_rows if row.status == "skipped"]
    assert skipped and all("route not served by this server (0.25.0; added in 0.26.0)" in row.skip_reason
                           for row in skipped)
    # The one request that proved it, and its answer, are in the report.
    proof = [note for note in report.notes if "confirmed: POST /api/jobs/" in note]
    assert len(proof) == 2 and all("answered 405" in note for note in proof), report.notes
    assert any("parameter ids not read by this server" in note for note in report.notes)


@pytest.mark.slow
def test_a_server_that_understates_its_version_is_checked_anyway(monkeypatch):
    from checks.contract import runner

    monkeypatch.setattr(runner, "read_server_version", lambda target: ("0.25.0", None))
    report = contract_run("comfyui", version="0.33.0", seed=6, max_examples=5)
    notes = [note for note in report.notes if "but serves the route" in note]
    assert len(notes) == 2, report.notes
    ran = {row.name for row in report.rows if row.status == "passed"}
    assert {"cancel_is_idempotent", "batch_cancel_rejects_bad_ids"} <= ran


@pytest.mark.slow
def test_a_newer_server_is_checked_with_its_ids_parameter():
    report = contract_run("comfyui", version="0.34.0", seed=2, max_examples=5)
    assert report.conforming, [(row.name, row.failures[:1]) for row in report.rows if row.status == "failed"]
    assert "ids_filter_is_honoured" in {row.name for row in report.rows if row.status == "passed"}
    assert not any("ids" in note for note in report.notes)


@pytest.mark.slow
def test_a_job_still_queued_behind_other_work_is_a_skip_not_a_failure():
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server
    from tests.reference_server.helpers import Client, blocker

    with running_server("comfyui", time_scale=1.0) as server:
        client = Client(server)
        busy = client.submit(blocker())  # somebody else's long job holds the queue
        client.wait_for_status(busy, "in_progress")
        report = run_contract(RunOptions(base_url=server.base_url, profile="comfyui", seed=1, job_timeout=1.5,
                                         phases=("scenarios",)))
        client.cancel(busy)
    reasons = {row.name: row.skip_reason for row in report.rows if row.status == "skipped"}
    assert "still pending after 2 s" in reasons["job_finishes"] and report.conforming
