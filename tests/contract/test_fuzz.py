"""The schemathesis side: our checks stay out of other runs, and one ambiguous alarm is dropped."""

from __future__ import annotations

import pytest

from checks.contract import fuzz
from tests.contract.helpers import schema_of


def test_registered_checks_judge_only_during_a_contract_run():
    calls = []

    def probe(ctx, response, case):
        """Probe."""
        calls.append(case)
        raise AssertionError("judged")

    wrapped = fuzz._only_during_a_run(probe)
    assert wrapped.__name__ == "probe" and wrapped.__doc__ == "Probe."
    assert wrapped(None, None, "case") is True and calls == []
    fuzz._active.set()
    try:
        with pytest.raises(AssertionError):
            wrapped(None, None, "case")
    finally:
        fuzz._active.clear()
    assert calls == ["case"]


@pytest.mark.parametrize(("query", "blank"), [
    ({"status": [""]}, True), ({"status": ["pending", ""]}, True), ({"status": ""}, True), ({"status": ","}, True),
    ({"status": ["pending"]}, False), ({"status": "pending,failed"}, False), ({"workflow_id": ""}, False),
    ({"limit": ""}, False),
])
def test_blank_array_items_are_recognised(query, blank):
    case = schema_of("comfyui").find_operation_by_id("listJobs").Case(query=query)
    assert fuzz._sends_blank_item(case) is blank


def test_config_is_reproducible_and_stateless():
    config = fuzz.schemathesis_config(seed=5, phases=("coverage",), max_examples=7, base_url="http://127.0.0.1:1",
                                      timeout=3.0, headers={})
    assert config.seed == 5 and config.cache.enabled is False
    project = config.projects.get_default()
    assert project.workers == 1
    assert project.phases.coverage.enabled and not project.phases.fuzzing.enabled and not project.phases.stateful.enabled
    assert project.generation.max_examples == 7 and project.generation.database == "none"
