"""The schemathesis side: only declared, harmless requests; our checks stay out of other runs; normalised values are no alarm."""

from __future__ import annotations

import pytest

from checks.apispec import spec_for
from checks.contract import fuzz
from checks.contract.context import RunContext, bind, unbind
from tests.contract.helpers import schema_of


def test_registered_checks_judge_only_cases_of_a_contract_run():
    calls = []

    def probe(ctx, response, case):
        """Probe."""
        calls.append(case)
        raise AssertionError("judged")

    wrapped = fuzz._only_during_a_run(probe)
    assert wrapped.__name__ == "probe" and wrapped.__doc__ == "Probe."
    case = schema_of("comfyui").find_operation_by_id("listJobs").Case()
    assert wrapped(None, None, case) is True and calls == []
    bind(case.operation.schema, RunContext())
    try:
        with pytest.raises(AssertionError):
            wrapped(None, None, case)
    finally:
        unbind(case.operation.schema)
    assert calls == [case]


@pytest.mark.parametrize(("query", "ignored"), [
    ({"status": [""]}, True), ({"status": ["pending", ""]}, True), ({"status": ""}, True), ({"status": ","}, True),
    ({"status": "COMPLETED"}, True), ({"status": " failed "}, True), ({"sort_by": "CREATED_AT"}, True),
    ({"sort_order": "Desc"}, True),
    ({"status": ["pending"]}, False), ({"status": "pending,failed"}, False), ({"workflow_id": ""}, False),
    ({"limit": ""}, False), ({"status": "nope"}, False), ({"sort_by": " created_at"}, False),
])
def test_values_the_server_normalises_are_recognised(query, ignored):
    case = schema_of("comfyui").find_operation_by_id("listJobs").Case(query=query)
    assert fuzz._ignored_by_the_server(case) is ignored


def test_config_is_reproducible_stateless_and_sends_no_undeclared_method():
    config = fuzz.schemathesis_config(seed=5, phases=("coverage",), max_examples=7, base_url="http://127.0.0.1:1",
                                      timeout=3.0, headers={})
    assert config.seed == 5 and config.cache.enabled is False
    project = config.projects.get_default()
    assert project.workers == 1
    assert project.phases.coverage.enabled and not project.phases.fuzzing.enabled and not project.phases.stateful.enabled
    assert project.generation.max_examples == 7 and project.generation.database == "none"
    assert project.phases.coverage.unexpected_methods == set()
    opted_in = fuzz.schemathesis_config(seed=5, phases=("coverage",), max_examples=7, base_url="http://127.0.0.1:1",
                                        timeout=3.0, headers={}, probe_methods=True)
    assert opted_in.projects.get_default().phases.coverage.unexpected_methods == set(fuzz.UNDECLARED_METHODS)


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_only_safe_declared_operations_are_fuzzed(profile):
    spec = spec_for(profile)
    fuzzed = set(fuzz.fuzzed_operations(spec))
    assert fuzzed and all(spec.operation(op).method == "GET" for op in fuzzed)
    destructive = {op.operation_id for op in spec.operations if op.destructive}
    assert not destructive & fuzzed
    assert "listJobs" in fuzzed and "submitPrompt" not in fuzzed
    assert "listJobs" not in fuzz.fuzzed_operations(spec, skip={"listJobs"})


def test_the_local_spec_marks_the_legacy_writes_destructive():
    destructive = {op.operation_id for op in spec_for("comfyui").operations if op.destructive}
    assert destructive == {"changeHistory", "changeQueue", "interruptExecution", "freeMemory"}
