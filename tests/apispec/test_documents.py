"""The resolved profile documents are valid, standalone, and say what the dialects do."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from checks.cli import main
from checks.apispec import PROFILES, resolved_document, spec_for
from checks.apispec.validate import document_problems


@pytest.mark.parametrize("profile", PROFILES)
def test_profile_is_valid_openapi(profile):
    assert document_problems(resolved_document(profile)) == []


def test_validation_catches_a_broken_document():
    document = resolved_document("cloud")
    document["paths"]["/api/jobs"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/NoSuchSchema"
    }
    document["paths"]["/api/jobs"]["get"]["bogus"] = True
    problems = document_problems(document)
    assert any("points nowhere" in p for p in problems)
    assert any("bogus" in p for p in problems)


@pytest.mark.parametrize("profile", PROFILES)
def test_resolved_document_has_no_external_refs(profile):
    text = json.dumps(resolved_document(profile))
    refs = [chunk.split('"', 1)[0] for chunk in text.split('"$ref": "')[1:]]
    assert refs, "expected local refs in the resolved document"
    assert all(ref.startswith("#/") for ref in refs), [r for r in refs if not r.startswith("#/")]


def test_resolved_document_is_a_fresh_copy():
    first = resolved_document("cloud")
    first["paths"].clear()
    assert resolved_document("cloud")["paths"]


@pytest.mark.parametrize(
    "profile, sort_by",
    [("comfyui", ["created_at", "execution_duration"]), ("cloud", ["create_time", "execution_time"])],
)
def test_sort_by_enum_per_dialect(profile, sort_by):
    assert spec_for(profile).parameter_enum("sort_by") == sort_by


def test_output_type_is_cloud_only_and_includes_3d():
    assert spec_for("cloud").parameter_enum("output_type") == ["image", "video", "audio", "3d"]
    assert spec_for("comfyui").parameter_enum("output_type") is None


def test_cloud_limit_bounds_and_comfyui_unbounded_limit():
    cloud = spec_for("cloud").parameters("listJobs")["limit"]["schema"]
    local = spec_for("comfyui").parameters("listJobs")["limit"]["schema"]
    assert (cloud["minimum"], cloud["maximum"], cloud["default"]) == (1, 1000, 100)
    assert local["minimum"] == 1 and "maximum" not in local and "default" not in local


def test_wrong_dialect_aliases_point_to_valid_values():
    for profile in PROFILES:
        spec = spec_for(profile)
        aliases = spec.wrong_dialect("sort_by")
        assert aliases
        assert set(aliases.values()) <= set(spec.parameter_enum("sort_by"))
        assert not set(aliases) & set(spec.parameter_enum("sort_by"))


def _timestamp_like_properties(node, found, name=None):
    if isinstance(node, dict):
        for key, value in (node.get("properties") or {}).items():
            if key.endswith("_time") or key == "timestamp":
                found.append((key, value))
        for value in node.values():
            _timestamp_like_properties(value, found)
    elif isinstance(node, list):
        for item in node:
            _timestamp_like_properties(item, found)
    return found


@pytest.mark.parametrize("profile", PROFILES)
def test_every_timestamp_field_has_a_unit(profile):
    spec = spec_for(profile)
    fields = _timestamp_like_properties(spec.document, [])
    assert len(fields) >= 4
    for name, schema in fields:
        assert spec.deref(schema).get("x-unit") == "ms", name


@pytest.mark.parametrize("profile", PROFILES)
def test_every_deprecated_route_has_a_replacement(profile):
    spec = spec_for(profile)
    deprecated = [op for op in spec.operations if op.deprecated]
    assert deprecated
    ids = {op.operation_id for op in spec.operations}
    for op in deprecated:
        assert op.replaced_by, op.path
        assert op.raw["x-replaced-by"]["operationId"] in ids


def test_cancel_routes_are_marked_with_their_first_version():
    spec = spec_for("comfyui")
    assert spec.operation("cancelJob").since == "0.26.0"
    assert spec.operation("cancelJobs").since == "0.26.0"
    assert spec.operation("listJobs").since is None


def test_cloud_requires_an_api_key_and_comfyui_none():
    assert spec_for("cloud").auth_header == "X-API-Key"
    assert spec_for("comfyui").auth_header is None
    statuses = spec_for("cloud").operation("getJob").statuses
    assert {"401", "403", "404"} <= set(statuses)


def test_lifecycle_links_lead_from_submit_to_detail_and_cancel():
    for profile in PROFILES:
        links = spec_for(profile).operation("submitPrompt").raw["responses"]["200"]["links"]
        assert {link["operationId"] for link in links.values()} == {"getJob", "cancelJob"}


def test_local_job_routes_only_under_api_prefix():
    spec = spec_for("comfyui")
    assert spec.match_path("/api/jobs", "GET")[0].operation_id == "listJobs"
    assert spec.match_path("/jobs", "GET") == []
    assert spec.match_path("/api/prompt", "POST")[0].operation_id == "submitPrompt"
    assert spec.match_path("/api/jobs/cancel", "POST")[0].operation_id == "cancelJobs"


def test_cli_show_json_lists_dialect_enums():
    result = CliRunner().invoke(main, ["spec", "show", "--profile", "cloud", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.output)
    params = {p["name"]: p for p in document["paths"]["/api/jobs"]["get"]["parameters"]}
    assert params["sort_by"]["schema"]["enum"] == ["create_time", "execution_time"]
    assert "3d" in params["output_type"]["schema"]["enum"]


def test_cli_validate_and_facts():
    runner = CliRunner()
    result = runner.invoke(main, ["spec", "validate"])
    assert result.exit_code == 0, result.output
    assert "comfyui: valid" in result.output and "cloud: valid" in result.output
    facts = runner.invoke(main, ["spec", "facts", "--profile", "comfyui"])
    assert facts.exit_code == 0
    assert "created_at, execution_duration" in facts.output
    assert "since 0.26.0" in facts.output
    assert "in_progress  running" in facts.output
    cloud = runner.invoke(main, ["spec", "facts", "--profile", "cloud"])
    assert "3d           3d" in cloud.output and "X-API-Key" in cloud.output


def test_validation_catches_fact_tables_that_disagree_with_their_enums():
    document = resolved_document("cloud")
    document["components"]["schemas"]["JobStatus"]["x-lifecycle"].pop("cancelled")
    params = document["paths"]["/api/jobs"]["get"]["parameters"]
    output_type = next(p for p in params if p["name"] == "output_type")
    output_type["schema"]["x-output-groups"]["4k"] = ["images"]
    sort_by = next(p for p in params if p["name"] == "sort_by")
    sort_by["schema"]["x-wrong-dialect"]["created_at"] = "created"
    problems = document_problems(document)
    assert any("x-lifecycle" in p for p in problems)
    assert any("x-output-groups" in p for p in problems)
    assert any("x-wrong-dialect" in p for p in problems)
