"""The typed accessors the contract runner and the reference server ask instead of reading `x-` keys."""

from __future__ import annotations

import copy

import pytest

from checks.apispec import PROFILES, Spec, spec_for
from checks.apispec.facts import Download
from checks.apispec.jobs import (
    SecretRules, absent_while, field_since, history_limit, profile_of, schema_unit, secret_rules, storage_areas,
    text_group, text_items_counted_before,
)
from checks.apispec.query import MATCHES_NOTHING, NO_FILTER, parameter_rules, sort_direction, sort_rules

LOCAL, CLOUD = spec_for("comfyui"), spec_for("cloud")


def test_query_rules_say_how_the_local_server_reads_each_value():
    rules = parameter_rules(LOCAL)
    status, ids = rules["status"], rules["ids"]
    assert status.normalised == ("trim", "lower") and status.blank_items_dropped and status.empty_value == NO_FILTER
    assert status.items(" Pending ,, FAILED") == ["pending", "failed"] and status.accepts("failed")
    assert rules["sort_by"].normalised == ("lower",) and rules["sort_by"].normalise(" X") == " x"
    assert rules["offset"].clamped_minimum == 0 and rules["limit"].minimum == 1 and rules["limit"].default is None
    assert ids.since == "0.34.0" and ids.max_items == 100 and ids.empty_value == MATCHES_NOTHING
    assert ids.pattern and ids.enum is None
    cloud = parameter_rules(CLOUD)
    assert cloud["limit"].maximum == 1000 and cloud["status"].normalised == () and "ids" not in cloud


@pytest.mark.parametrize("profile", PROFILES)
def test_sort_rules_and_directions(profile):
    spec = spec_for(profile)
    rules = sort_rules(spec)
    assert set(rules) == set(spec.parameter_enum("sort_by"))
    by_field, by_duration = (rule for rule in rules.values() if rule.field), (rule for rule in rules.values() if rule.duration)
    job = {"create_time": 10, "execution_start_time": 12, "execution_end_time": 19}
    assert next(by_field).key(job.get) == 10 and next(by_duration).key(job.get) == 7
    assert next(iter(rules.values())).key({}.get) == 0  # missing keys sort as x-sort-missing-as
    assert sort_direction(spec, "asc") == 1 and sort_direction(spec, "desc") == -1 and sort_direction(spec, "up") is None


def test_secret_rules_read_removed_and_redacted_keys():
    assert secret_rules(LOCAL) == SecretRules(("api_key_comfy_org", "auth_token_comfy_org"), {})
    assert secret_rules(CLOUD).constants == {"api_key_comfy_org": "[REDACTED]"} and secret_rules(CLOUD).removed == ()
    assert secret_rules(CLOUD).keys == ("api_key_comfy_org",)


def test_job_field_facts():
    assert absent_while(LOCAL, "execution_start_time") == {"pending", "in_progress"}
    assert absent_while(CLOUD, "execution_start_time") == frozenset()  # nothing recorded about cloud
    assert absent_while(LOCAL, "workflow", detail=True) == {"pending", "in_progress"}
    assert field_since(LOCAL, "previewable_outputs_count") == "0.32.0" and field_since(LOCAL, "id") is None
    assert text_items_counted_before(LOCAL) == "0.33.0" and text_items_counted_before(CLOUD) is None
    assert history_limit(LOCAL) == 10000 and history_limit(CLOUD) is None
    assert text_group(LOCAL) == text_group(CLOUD) == "text"
    assert schema_unit(LOCAL, {"$ref": "#/components/schemas/EpochMillis"}) == "ms" and schema_unit(LOCAL, {}) is None
    assert profile_of(LOCAL.document) == "comfyui" and profile_of({"info": {}}) is None and profile_of(None) is None


def test_operation_markers():
    destructive = {op.operation_id: op.destructive for op in LOCAL.operations if op.destructive}
    assert set(destructive) == {"changeHistory", "changeQueue", "interruptExecution", "freeMemory"}
    assert all(isinstance(what, str) and what for what in destructive.values())
    probed = {op.operation_id for op in LOCAL.operations if op.probe_malformed_json}
    assert probed == {"submitPrompt", "cancelJobs", "changeHistory", "changeQueue"}
    assert not {op.operation_id for op in CLOUD.operations if op.destructive}
    assert LOCAL.operation("viewFile").download == Download(redirect=None, cross_origin=False)
    assert CLOUD.operation("viewFile").download == Download(redirect=302, cross_origin=True)
    assert not LOCAL.operation("viewFile").jobs_api and LOCAL.operation("listJobs").jobs_api
    assert storage_areas(LOCAL) == (("output", "input", "temp"), "output") == storage_areas(CLOUD)


def test_markers_follow_the_document():
    document = copy.deepcopy(LOCAL.document)
    view = document["paths"]["/view"]["get"]
    view["x-download"] = {"redirect": 307, "to": "another-origin"}
    del document["paths"]["/free"]["post"]["x-destructive"]
    changed = Spec("comfyui", document)
    assert changed.operation("viewFile").download == Download(redirect=307, cross_origin=True)
    assert changed.operation("freeMemory").destructive is None
