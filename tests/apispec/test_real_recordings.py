"""The spec tells the truth about real ComfyUI servers: checked against exchanges recorded from them.

`fixtures/real/comfyui-<version>/` holds exchanges recorded with `tests/real_server/record.py`
against ComfyUI 0.25.0 and 0.33.0 running on loopback (part of this project, so these tests
need neither `../shared` nor a server). Every recorded answer must fit the spec, and each
fact the spec states about the real server is checked against the exchange that shows it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checks.apispec import spec_for
from checks.apispec.jobs import absent_while, field_since, secret_rules, text_items_counted_before
from checks.apispec.query import parameter_rules
from checks.apispec.validate import body_problems, response_schema
from checks.apispec.versions import available

REAL = Path(__file__).parent / "fixtures" / "real"
VERSIONS = ("0.25.0", "0.33.0")
SPEC = spec_for("comfyui")


def recorded(version: str, name: str) -> dict:
    return json.loads((REAL / f"comfyui-{version}" / f"{name}.json").read_text(encoding="utf-8"))


def body(version: str, name: str):
    return recorded(version, name)["body"]


EXCHANGES = sorted(REAL.glob("comfyui-*/*.json"))


def test_both_versions_were_recorded():
    assert {path.parent.name for path in EXCHANGES} == {f"comfyui-{version}" for version in VERSIONS}


@pytest.mark.parametrize("path", EXCHANGES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_recorded_answer_fits_the_spec(path):
    exchange = json.loads(path.read_text(encoding="utf-8"))
    request = exchange["request"]
    operations = SPEC.match_path(request["path"], request["method"])
    assert operations, f"{request['method']} {request['path']} is a route the spec does not declare"
    op = operations[0]
    status = exchange["status"]
    if path.stem.startswith("defect_"):
        # A real server bug: the spec declares the client error a correct server gives instead.
        assert status == 500 and "400" in op.statuses and "500" not in op.statuses
        return
    assert str(status) in op.statuses, f"{op.operation_id} answered {status}, which the spec does not declare"
    schema = response_schema(SPEC, op.operation_id, status, exchange["content_type"] or "")
    if exchange["content_type"] and "json" in exchange["content_type"]:
        assert schema is not None and body_problems(SPEC, schema, exchange["body"]) == []
    else:
        assert schema is None or schema.get("format") == "binary" or exchange["body"] == ""


@pytest.mark.parametrize("version", VERSIONS)
def test_a_text_output_previews_its_text_and_has_no_file(version):
    job = body(version, "detail_text_output")
    preview = job["preview_output"]
    assert preview["mediaType"] == "text" and "filename" not in preview and preview["content"].startswith("recorded")
    assert job["outputs"]["2"] == {"text": [preview["content"]]}
    # 0.25.0 counts the string as an output, 0.33.0 does not: the spec's x-text-items-counted-before.
    counts_text = not available(text_items_counted_before(SPEC), version)
    assert job["outputs_count"] == (1 if counts_text else 0)


@pytest.mark.parametrize("version", VERSIONS)
def test_previewable_outputs_count_arrived_between_the_two_releases(version):
    job = body(version, "detail_completed_plain")
    assert ("previewable_outputs_count" in job) is available(field_since(SPEC, "previewable_outputs_count"), version)
    assert not available(field_since(SPEC, "previewable_outputs_count"), "0.25.0")


@pytest.mark.parametrize("version", VERSIONS)
def test_temp_previews_and_failures_look_as_the_spec_says(version):
    preview = body(version, "detail_temp_preview")["preview_output"]
    assert preview["type"] == "temp" and preview["mediaType"] == "images" and preview["filename"].endswith(".png")
    failed = body(version, "detail_failed_math")
    assert failed["status"] == "failed" and failed["execution_error"]["node_type"] == "ComfyMathExpression"
    assert failed["execution_error"]["exception_type"] == "ZeroDivisionError"


@pytest.mark.parametrize("version", VERSIONS)
def test_priority_is_the_float_a_submission_chose(version):
    assert body(version, "detail_float_priority")["priority"] == 12.5


@pytest.mark.parametrize("version", VERSIONS)
def test_both_secret_keys_are_stripped(version):
    extra = body(version, "detail_secrets_stripped")["workflow"]["extra_data"]
    assert set(secret_rules(SPEC).removed) == {"api_key_comfy_org", "auth_token_comfy_org"}
    assert not set(secret_rules(SPEC).removed) & set(extra) and extra["keep"] == 1


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name, status", [("detail_in_progress", "in_progress"), ("detail_pending", "pending")])
def test_live_jobs_lack_what_does_not_apply_yet(version, name, status):
    job = body(version, name)
    assert job["status"] == status
    for field in SPEC.job_fields(detail=True):
        if status in absent_while(SPEC, field, detail=True):
            assert field not in job, f"{field} is in a {status} job, the spec says it is absent"
    assert "execution_start_time" not in job and "workflow" not in job


@pytest.mark.parametrize("version", VERSIONS)
def test_status_is_trimmed_and_lower_cased_and_blank_items_dropped(version):
    rule = parameter_rules(SPEC)["status"]
    assert rule.items(" completed ") == rule.items("COMPLETED") == ["completed"]
    for name in ("list_status_upper_case", "list_status_padded"):
        jobs = body(version, name)["jobs"]
        assert jobs and {job["status"] for job in jobs} == {"completed"}
    assert body(version, "list_status_empty")["jobs"]  # `status=` filters nothing...
    assert rule.empty_value == "no-filter"
    assert body(version, "list_status_only_commas")["pagination"]["total"] == 0  # ...`status=,` keeps no job
    assert rule.items(",") == []


@pytest.mark.parametrize("version", VERSIONS)
def test_sort_values_are_lower_cased_but_not_trimmed(version):
    sort_by, sort_order = parameter_rules(SPEC)["sort_by"], parameter_rules(SPEC)["sort_order"]
    assert recorded(version, "list_sort_by_upper_case")["status"] == 200
    assert sort_by.accepts(sort_by.normalise("EXECUTION_DURATION"))
    for name, rule, raw in (("error_sort_by_padded", sort_by, " created_at"), ("error_sort_order_padded", sort_order, " desc")):
        assert recorded(version, name)["status"] == 400 and not rule.accepts(rule.normalise(raw))


@pytest.mark.parametrize("version", VERSIONS)
def test_ids_is_newer_than_both_releases(version):
    assert recorded(version, "list_ids_ignored")["status"] == 200  # the parameter is ignored, not refused
    assert not available(parameter_rules(SPEC)["ids"].since, version)


def test_job_ids_are_compared_verbatim():
    pattern = SPEC.schema("CanonicalUuid")["pattern"]
    refused = body("0.33.0", "error_batch_cancel_upper_case_id")
    assert refused["invalid_ids"] and not re.match(pattern, refused["invalid_ids"][0])
    assert body("0.33.0", "cancel_upper_case_id_noop") == {"cancelled": False}
    for version in VERSIONS:
        assert recorded(version, "detail_upper_case_id")["status"] == 404
        assert body(version, "error_prompt_id_upper_case")["error"]["type"] == "invalid_prompt_id"


@pytest.mark.parametrize("version", VERSIONS)
def test_view_serves_the_bytes_of_an_output(version):
    view = SPEC.operation("viewFile")
    assert view.download is not None and view.download.redirect is None
    served = recorded(version, "view_output")
    assert served["status"] == 200 and served["content_type"] == "image/png"
    assert served["body"]["starts_with"] == "89504e470d0a1a0a" and served["body"]["bytes"] > 0
    pattern = SPEC.parameters("viewFile")["filename"]["schema"]["pattern"]
    for name, filename, status in (("view_missing", "jobs-checks-missing.png", 404), ("view_bad_name", "../secret.png", 400),
                                   ("view_empty_name", "", 400)):
        assert recorded(version, name)["status"] == status
        assert bool(re.match(pattern, filename)) is (status == 404)  # the spec's names are the ones not refused


@pytest.mark.parametrize("version", VERSIONS)
def test_legacy_routes_answer_as_declared(version):
    assert body(version, "queue_remaining")["exec_info"]["queue_remaining"] >= 1  # two recorded jobs were live
    assert len(body(version, "history_max_items")) == 1
    assert body(version, "system_stats")["system"]["comfyui_version"] == version


@pytest.mark.parametrize("version", VERSIONS)
def test_the_real_bugs_are_500s_to_bad_input(version):
    for name in ("defect_history_max_items_not_a_number", "defect_prompt_malformed_json",
                 "defect_history_malformed_json", "defect_queue_malformed_json"):
        assert recorded(version, name)["status"] == 500, name
    assert all(SPEC.operation(name).probe_malformed_json for name in ("submitPrompt", "changeHistory", "changeQueue"))
    assert not SPEC.operation("interruptExecution").probe_malformed_json  # a malformed body stops what runs
