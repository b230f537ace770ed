"""Routes newer than the server are reported as not available, never as failures."""

from __future__ import annotations

import pytest

from checks.contract.versions import pointer_get, unavailable_operations
from checks.apispec import spec_for
from checks.apispec.versions import available, version_tuple
from tests.contract.conftest import contract_run


def test_version_tuples_compare_numerically():
    assert version_tuple("0.33.0") > version_tuple("0.26.0") > version_tuple("0.9.9")
    assert version_tuple("v0.26.0rc1") == (0, 26, 0)
    assert version_tuple("") is None and version_tuple("nightly") is None


def test_availability_follows_x_since():
    assert available("0.26.0", "0.26.0") and available("0.26.0", "0.33.0")
    assert not available("0.26.0", "0.25.0")
    assert available("0.26.0", None) and available(None, "0.1.0")


def test_unavailable_operations_come_from_the_spec():
    spec = spec_for("comfyui")
    gated = {op.operation_id for op in spec.operations if op.since}
    assert gated  # the local spec gates its cancel routes
    assert {op.operation_id for op in unavailable_operations(spec, "0.25.0")} == gated
    assert unavailable_operations(spec, "0.33.0") == []


def test_pointer_get():
    assert pointer_get({"system": {"comfyui_version": "0.33.0"}}, "/system/comfyui_version") == "0.33.0"
    assert pointer_get({"system": {}}, "/system/comfyui_version") is None


@pytest.mark.slow
def test_old_server_skips_cancel_as_not_available():
    report = contract_run("comfyui", version="0.25.0", seed=6, max_examples=5)
    assert report.version == "0.25.0"
    assert report.conforming, [(row.name, row.failures[:1]) for row in report.rows if row.status == "failed"]
    cancel_rows = [row for row in report.rows if row.operation.endswith("/cancel")]
    assert cancel_rows and all(row.status == "skipped" for row in cancel_rows)
    assert all("not available in 0.25.0" in row.skip_reason for row in cancel_rows)
    assert any("not available in 0.25.0" in note for note in report.notes)
