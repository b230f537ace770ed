"""The contract items come from the spec: change the spec and the items follow."""

from __future__ import annotations

import copy
import re

import pytest

from checks.coverage.contract import contract_items, owners_of_schema, resolve_pointer
from checks.apispec import PROFILES, Spec, resolved_document, spec_for


def _keys(spec) -> set[str]:
    return {item.key for item in contract_items(spec)}


@pytest.mark.parametrize("profile", PROFILES)
def test_every_operation_is_an_item_and_only_live_ones_need_more(profile):
    spec = spec_for(profile)
    items = contract_items(spec)
    for op in spec.operations:
        mine = {item.kind for item in items if item.operations == (op.operation_id,) and item.kind != "caveat"}
        if not op.jobs_api:  # a server route beside the Jobs API: not part of what the docs owe
            assert mine == set(), op.operation_id
        elif op.deprecated:
            assert mine == {"operation"}, op.operation_id
        else:
            assert {"operation", "example"} <= mine
            statuses = {item.name for item in items if item.kind == "status" and item.operations == (op.operation_id,)}
            assert statuses == set(op.statuses)


@pytest.mark.parametrize("profile", PROFILES)
def test_values_are_the_enum_of_their_parameter(profile):
    spec = spec_for(profile)
    for item in contract_items(spec):
        if item.kind == "value":
            assert item.name in spec.parameter_enum(item.param, item.operations[0])
    for name, values in spec.enum_parameters("listJobs").items():
        assert {f"value:listJobs:{name}={value}" for value in values} <= _keys(spec)


@pytest.mark.parametrize("profile", PROFILES)
def test_caveats_are_the_doc_required_markers_with_their_evidence(profile):
    spec = spec_for(profile)
    caveats = [item for item in contract_items(spec) if item.kind == "caveat"]
    assert [item.name for item in caveats] == [pointer for pointer, _ in spec.doc_required()]
    for item in caveats:
        assert item.evidence == tuple(resolve_pointer(spec.document, item.name)["x-doc-required"]["evidence"])
        assert item.operations, f"{item.key} belongs to no operation"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_evidence_pattern_compiles(profile):
    patterns = [pattern for item in contract_items(spec_for(profile)) for pattern in item.evidence]
    assert patterns
    for pattern in patterns:
        re.compile(pattern)


def test_a_single_evidence_string_is_one_pattern():
    document = copy.deepcopy(resolved_document("cloud"))
    document["paths"]["/api/jobs"]["get"]["x-doc-required"] = {"reason": "Say it.", "evidence": "newest first"}
    caveat = next(item for item in contract_items(Spec("cloud", document)) if item.kind == "caveat")
    assert caveat.evidence == ("newest first",)


def test_fields_belong_to_the_operations_returning_their_schema():
    spec = spec_for("cloud")
    assert owners_of_schema(spec, "JobDetail") == ("getJob",)
    assert set(owners_of_schema(spec, "JobEntry")) == {"listJobs", "getJob"}
    fields = {item.key: item for item in contract_items(spec) if item.kind == "field"}
    assert "field:JobDetail.id" not in fields  # listed once, under the job entry
    assert fields["field:JobDetail.workflow"].operations == ("getJob",)


def test_a_new_enum_value_status_and_marker_in_the_spec_become_items():
    document = copy.deepcopy(resolved_document("cloud"))
    listing = document["paths"]["/api/jobs"]["get"]
    next(p for p in listing["parameters"] if p["name"] == "output_type")["schema"]["enum"].append("mesh")
    listing["responses"]["429"] = {"description": "Too many requests."}
    listing["x-doc-required"] = {"reason": "Say how pages work."}  # no evidence: the route itself must be named in prose
    before, after = _keys(spec_for("cloud")), _keys(Spec("cloud", document))
    assert after - before == {"value:listJobs:output_type=mesh", "status:listJobs:429", "caveat:/paths/~1api~1jobs/get"}
    caveat = next(item for item in contract_items(Spec("cloud", document)) if item.key == "caveat:/paths/~1api~1jobs/get")
    assert caveat.evidence == ("/api/jobs",)
