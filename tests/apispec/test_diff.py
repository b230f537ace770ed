"""`jobs-checks spec diff`: drift between a published OpenAPI document and a profile.

Fixture files reproduce real drift; one-change mutations of the canonical document check
each kind of difference fires with the right severity and pointers (and that the untouched
document, its correct twin, gives none).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.cli import main
from checks.apispec import PROFILES, resolved_document, spec_dir
from checks.apispec import diff as diff_module
from checks.apispec.diff import KINDS, SEVERITIES, compare, diff_document
from checks.cli.spec_diff import diff
from checks.apispec.diff_load import DiffInputError, Document, check_openapi
from checks.apispec.diff_schema import SchemaView, stated_unit

FIXTURES = Path(__file__).parent / "fixtures"
LIST = "/paths/~1api~1jobs/get"
GET = "/paths/~1api~1jobs~1{job_id}/get"


def found(report) -> list[tuple[str, str, str, str]]:
    return [(d.severity, d.kind, d.canonical_pointer, d.other_pointer) for d in report.differences]


# -- fixtures reproducing real drift -----------------------------------------------
CLOUD_DRIFT = [
    ("breaking", "enum-missing", f"{LIST}/parameters/2/schema/enum",
     f"{LIST}/parameters/2/schema/enum"),
    ("breaking", "bounds-stricter", f"{LIST}/parameters/6/schema/maximum",
     f"{LIST}/parameters/6/schema/maximum"),
    ("breaking", "unit", "/components/schemas/JobEntryBase/properties/create_time",
     "/components/schemas/Job/properties/create_time"),
    ("breaking", "unit", "/components/schemas/JobEntryBase/properties/execution_start_time",
     "/components/schemas/Job/properties/execution_start_time"),
    ("breaking", "unit", "/components/schemas/JobEntryBase/properties/execution_end_time",
     "/components/schemas/Job/properties/execution_end_time"),
    ("breaking", "field-required", "/components/schemas/FilePreview/properties/filename",
     "/components/schemas/Job/properties/preview_output/properties/filename"),
    ("breaking", "field-required", "/components/schemas/FilePreview/properties/type",
     "/components/schemas/Job/properties/preview_output/properties/type"),
    ("misleading", "field-missing", "/components/schemas/TextPreview/properties/content",
     "/components/schemas/Job/properties/preview_output"),
    ("misleading", "field-missing", "/components/schemas/TextPreview/properties/truncated",
     "/components/schemas/Job/properties/preview_output"),
    ("cosmetic", "operation-missing", "/paths/~1api~1job~1{job_id}~1status/get",
     "/paths"),
]

LOCAL_LIST = "/paths/~1api~1jobs~1/get"  # the fixture spells it with a trailing slash
LOCAL_DRIFT = [
    ("breaking", "enum-missing", f"{LIST}/parameters/2/schema/enum",
     f"{LOCAL_LIST}/parameters/3/schema/enum"),
    ("breaking", "enum-missing", f"{LIST}/parameters/2/schema/enum",
     f"{LOCAL_LIST}/parameters/3/schema/enum"),
    ("misleading", "enum-extra", f"{LIST}/parameters/2/schema/enum",
     f"{LOCAL_LIST}/parameters/3/schema/enum"),
    ("misleading", "enum-extra", f"{LIST}/parameters/2/schema/enum",
     f"{LOCAL_LIST}/parameters/3/schema/enum"),
    ("misleading", "default-differs", f"{LIST}/parameters/2/schema/default",
     f"{LOCAL_LIST}/parameters/3/schema/default"),
    ("cosmetic", "bounds-stricter", f"{LIST}/parameters/5/schema/x-clamped-minimum",
     f"{LOCAL_LIST}/parameters/6/schema/minimum"),
    ("misleading", "parameter-extra", f"{LIST}/parameters",
     f"{LOCAL_LIST}/parameters/2"),
    ("cosmetic", "parameter-renamed", f"{GET}/parameters/0",
     "/paths/~1api~1jobs~1{id}/get/parameters/0"),
    ("cosmetic", "parameter-renamed", "/paths/~1api~1jobs~1{job_id}~1cancel/post/parameters/0",
     "/paths/~1api~1jobs~1{id}~1cancel/post/parameters/0"),
    ("misleading", "deprecation", "/paths/~1queue/get",
     "/paths/~1queue/get"),
]


def test_cloud_published_drift_is_found_with_severities_and_pointers():
    report = diff_document("cloud", FIXTURES / "cloud_published_drift.yaml")
    assert found(report) == CLOUD_DRIFT
    messages = [d.message for d in report.differences]
    assert 'parameter output_type accepts "3d"' in messages[0]
    assert "maximum of 1000; the other document says 100" in messages[1]
    assert "jobs[].create_time is in milliseconds" in messages[2] and "says seconds" in messages[2]
    assert report.breaking and report.summary["breaking"] == 7


def test_local_server_drift_against_comfyui():
    report = diff_document("comfyui", FIXTURES / "local_server_drift.yaml")
    assert found(report) == LOCAL_DRIFT
    text = "\n".join(d.message for d in report.differences)
    assert '"create_time" (the other dialect\'s spelling of "created_at")' in text
    assert '"execution_time" (the other dialect\'s spelling of "execution_duration")' in text
    assert "parameter output_type, which the comfyui server does not read" in text
    # 3.0 spellings that mean the same as the profile are not reported
    assert "pagination.limit" not in text and "limit has" not in text
    assert report.summary["operations_matched"] == report.summary["operations_compared"]


def test_external_refs_are_followed_relative_to_the_referring_file():
    report = diff_document("cloud", FIXTURES / "split" / "cloud_jobs.yaml")
    differences = found(report)
    assert ("breaking", "enum-missing", "/components/schemas/JobStatus/enum", "shared/states.yaml#/JobState/enum") in differences
    assert ("breaking", "response-enum-missing", "/components/schemas/JobStatus/enum",
            "shared/states.yaml#/JobState/enum") in differences
    assert ("breaking", "unit", "/components/schemas/JobEntryBase/properties/create_time",
            "jobs_components.yaml#/components/schemas/Job/properties/create_time") in differences
    # the `servers` URL carries the /api prefix, so /jobs is GET /api/jobs
    assert report.summary["operations_matched"] == 1
    assert not [d for d in differences if d[1] == "operation-extra"]
    assert not [d for d in differences if "execution_start_time" in d[2]]


# -- a profile against itself -----------------------------------------------------------
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_resolved_profile_diffs_clean_against_itself(profile, fmt, tmp_path):
    shown = CliRunner().invoke(main, ["spec", "show", "--profile", profile, "--format", fmt])
    assert shown.exit_code == 0
    path = tmp_path / f"{profile}.{fmt}"
    path.write_text(shown.output, encoding="utf-8")
    result = CliRunner().invoke(diff, [str(path), "--profile", profile])
    assert result.exit_code == 0, result.output
    assert result.output.endswith("no differences\n")


@pytest.mark.parametrize("profile", PROFILES)
def test_raw_profile_file_with_external_refs_diffs_clean(profile):
    report = diff_document(profile, spec_dir() / f"{profile}.yaml")
    assert report.differences == []
    assert report.summary["operations_matched"] == report.summary["operations_compared"] > 0


def test_the_other_profile_is_far_from_clean():
    report = diff_document("comfyui", spec_dir() / "cloud.yaml")
    kinds = {d.kind for d in report.differences}
    assert {"enum-missing", "enum-extra", "auth", "parameter-extra", "operation-missing"} <= kinds


# -- one change at a time ------------------------------------------------------------
def _token(key: str):
    return key.replace("~1", "/").replace("~0", "~")


def _parent(doc, pointer):
    parts = [_token(p) for p in pointer.strip("/").split("/")]
    node = doc
    for part in parts[:-1]:
        node = node[int(part)] if isinstance(node, list) else node[part]
    last = parts[-1]
    return node, (int(last) if isinstance(node, list) else last)


def apply(doc: dict, change: tuple) -> None:
    op, pointer, *value = change
    node, key = _parent(doc, pointer)
    if op == "set":
        node[key] = value[0]
    elif op == "del":
        del node[key]
    elif op == "append":
        node[key].append(value[0])
    elif op == "remove":
        node[key].remove(value[0])
    elif op == "rename":
        node[value[0]] = node.pop(key)
    elif op == "paths":  # rewrite every path key with a function
        doc["paths"] = {value[0](path): item for path, item in doc["paths"].items()}


CANCEL = "/paths/~1api~1jobs~1{job_id}~1cancel/post"
EPOCH_DESCRIPTION = "/components/schemas/JobEntryBase/properties/create_time"
PAGINATION = "/components/schemas/Pagination"
STATUS = "/components/schemas/JobStatus/enum"
CREATE = "/paths/~1api~1v2~1jobs/post"
EVENTS = "/paths/~1api~1v2~1jobs~1{id}~1events/get"
CONTENT = "/paths/~1api~1v2~1assets~1{id}~1content/get"

MUTATIONS = [
    # (id, profile, changes, expected differences)
    ("3d-missing", "cloud", [("remove", f"{LIST}/parameters/2/schema/enum", "3d")],
     [("breaking", "enum-missing", f"{LIST}/parameters/2/schema/enum", f"{LIST}/parameters/2/schema/enum")]),
    ("extra-output-type", "cloud", [("append", f"{LIST}/parameters/2/schema/enum", "webm")],
     [("misleading", "enum-extra", f"{LIST}/parameters/2/schema/enum", f"{LIST}/parameters/2/schema/enum")]),
    ("output-type-unlisted", "cloud", [("del", f"{LIST}/parameters/2/schema/enum")],
     [("cosmetic", "enum-unlisted", f"{LIST}/parameters/2/schema/enum", f"{LIST}/parameters/2/schema")]),
    ("limit-max-100", "cloud", [("set", f"{LIST}/parameters/6/schema/maximum", 100)],
     [("breaking", "bounds-stricter", f"{LIST}/parameters/6/schema/maximum", f"{LIST}/parameters/6/schema/maximum")]),
    ("limit-max-5000", "cloud", [("set", f"{LIST}/parameters/6/schema/maximum", 5000)],
     [("misleading", "bounds-looser", f"{LIST}/parameters/6/schema/maximum", f"{LIST}/parameters/6/schema/maximum")]),
    ("limit-exclusive-max-same", "cloud", [("del", f"{LIST}/parameters/6/schema/maximum"),
                                           ("set", f"{LIST}/parameters/6/schema/exclusiveMaximum", 1001)], []),
    ("offset-3.0-exclusive-min-same", "cloud", [("set", f"{LIST}/parameters/5/schema/minimum", -1),
                                                ("set", f"{LIST}/parameters/5/schema/exclusiveMinimum", True)], []),
    ("limit-default", "cloud", [("set", f"{LIST}/parameters/6/schema/default", 50)],
     [("misleading", "default-differs", f"{LIST}/parameters/6/schema/default", f"{LIST}/parameters/6/schema/default")]),
    ("offset-min-missing", "cloud", [("del", f"{LIST}/parameters/5/schema/minimum")],
     [("misleading", "bounds-looser", f"{LIST}/parameters/5/schema/minimum", f"{LIST}/parameters/5/schema")]),
    ("403-missing", "cloud", [("del", f"{GET}/responses/403")],
     [("breaking", "status-missing", f"{GET}/responses/403", f"{GET}/responses")]),
    ("404-as-range", "cloud", [("rename", f"{GET}/responses/404", "4XX")],
     [("cosmetic", "status-missing", f"{GET}/responses/404", f"{GET}/responses/4XX")]),
    ("404-as-default", "cloud", [("rename", f"{GET}/responses/404", "default")],
     [("misleading", "status-missing", f"{GET}/responses/404", f"{GET}/responses/default")]),
    ("500-extra", "cloud", [("set", f"{GET}/responses/500", {"description": "Oops."})],
     [("cosmetic", "status-extra", f"{GET}/responses", f"{GET}/responses/500")]),
    ("list-deprecated", "cloud", [("set", f"{LIST}/deprecated", True)],
     [("misleading", "deprecation", LIST, LIST)]),
    ("no-auth", "cloud", [("set", f"{LIST}/security", [])],
     [("breaking", "auth", "/security", f"{LIST}/security")]),
    ("auth-as-header-parameter", "cloud", [("set", f"{LIST}/security", []), ("append", f"{LIST}/parameters", {
        "name": "x-api-key", "in": "header", "required": True, "schema": {"type": "string"}})], []),
    ("sort-order-in-header", "cloud", [("set", f"{LIST}/parameters/4/in", "header")],
     [("breaking", "parameter-location", f"{LIST}/parameters/4", f"{LIST}/parameters/4")]),
    ("status-required", "cloud", [("set", f"{LIST}/parameters/0/required", True)],
     [("misleading", "parameter-required", f"{LIST}/parameters/0", f"{LIST}/parameters/0")]),
    ("job-id-optional-query", "cloud", [("set", f"{GET}/parameters/0", {"name": "job_id", "in": "query",
                                                                        "schema": {"type": "string"}})],
     [("breaking", "parameter-location", "/components/parameters/JobId", f"{GET}/parameters/0"),
      ("breaking", "parameter-required", "/components/parameters/JobId", f"{GET}/parameters/0")]),
    ("limit-string", "cloud", [("set", f"{LIST}/parameters/6/schema/type", "string")],
     [("breaking", "parameter-type", f"{LIST}/parameters/6/schema", f"{LIST}/parameters/6/schema")]),
    ("status-single-value", "cloud", [("set", f"{LIST}/parameters/0/schema", {"$ref": "#/components/schemas/JobStatus"})],
     [("misleading", "parameter-type", f"{LIST}/parameters/0/schema", f"{LIST}/parameters/0/schema")]),
    ("status-exploded", "cloud", [("del", f"{LIST}/parameters/0/explode")],
     [("breaking", "parameter-style", f"{LIST}/parameters/0", f"{LIST}/parameters/0")]),
    ("limit-missing", "cloud", [("del", f"{LIST}/parameters/6")],
     [("breaking", "parameter-missing", f"{LIST}/parameters/6", f"{LIST}/parameters")]),
    ("page-extra", "cloud", [("append", f"{LIST}/parameters", {"name": "page", "in": "query", "schema": {"type": "integer"}})],
     [("misleading", "parameter-extra", f"{LIST}/parameters", f"{LIST}/parameters/7")]),
    ("prompt-body-missing", "cloud", [("del", "/paths/~1api~1prompt/post/requestBody")],
     [("breaking", "request-body", "/paths/~1api~1prompt/post/requestBody", "/paths/~1api~1prompt/post")]),
    ("job-body-unstated", "cloud", [("del", f"{GET}/responses/200/content")],
     [("cosmetic", "body-unstated", f"{GET}/responses/200/content/application~1json/schema", f"{GET}/responses/200")]),
    ("create-time-unix-timestamp", "cloud", [("set", EPOCH_DESCRIPTION, {"type": "integer", "description": "Unix timestamp."})],
     [("misleading", "unit-ambiguous", EPOCH_DESCRIPTION, EPOCH_DESCRIPTION)]),
    ("create-time-unit-unstated", "cloud", [("set", EPOCH_DESCRIPTION, {"type": "integer", "description": "Submitted."})],
     [("cosmetic", "unit-unstated", EPOCH_DESCRIPTION, EPOCH_DESCRIPTION)]),
    ("create-time-not-seconds", "cloud", [("set", EPOCH_DESCRIPTION, {"type": "integer",
                                                                      "description": "Milliseconds, not seconds."})], []),
    ("create-time-date-time", "cloud", [("set", EPOCH_DESCRIPTION, {"type": "string", "format": "date-time"})],
     [("breaking", "field-type", EPOCH_DESCRIPTION, EPOCH_DESCRIPTION)]),
    ("epoch-x-unit-seconds", "cloud", [("set", "/components/schemas/EpochMillis/x-unit", "s")],
     [("breaking", "unit", f"/components/schemas/JobEntryBase/properties/{name}",
       f"/components/schemas/JobEntryBase/properties/{name}")
      for name in ("create_time", "execution_start_time", "execution_end_time")]
     + [("breaking", "unit", "/components/schemas/ExecutionError/properties/timestamp",
         "/components/schemas/ExecutionError/properties/timestamp")]),
    ("status-without-cancelled", "cloud", [("remove", STATUS, "cancelled")],
     [("breaking", "enum-missing", STATUS, STATUS), ("breaking", "response-enum-missing", STATUS, STATUS)]),
    ("status-with-queued", "comfyui", [("append", STATUS, "queued")],
     [("misleading", "enum-extra", STATUS, STATUS), ("misleading", "response-enum-extra", STATUS, STATUS)]),
    ("pagination-limit-never-null", "comfyui", [("set", f"{PAGINATION}/properties/limit/type", "integer")],
     [("breaking", "field-type", f"{PAGINATION}/properties/limit", f"{PAGINATION}/properties/limit")]),
    ("pagination-limit-3.0-nullable", "comfyui", [("set", f"{PAGINATION}/properties/limit",
                                                   {"type": "integer", "nullable": True, "minimum": 1})], []),
    ("pagination-limit-anyof-null", "comfyui", [("set", f"{PAGINATION}/properties/limit",
                                                 {"anyOf": [{"type": "integer"}, {"type": "null"}]})], []),
    ("has-more-missing-closed", "comfyui", [("del", f"{PAGINATION}/properties/has_more")],
     [("breaking", "field-missing", f"{PAGINATION}/properties/has_more", "/components/schemas/JobList/properties/pagination")]),
    ("workflow-id-missing", "comfyui", [("del", "/components/schemas/JobEntryBase/properties/workflow_id")],
     [("misleading", "field-missing", "/components/schemas/JobEntryBase/properties/workflow_id",
       "/components/schemas/JobList/properties/jobs/items"),
      ("misleading", "field-missing", "/components/schemas/JobEntryBase/properties/workflow_id",
       f"{GET}/responses/200/content/application~1json/schema")]),
    ("start-time-required", "comfyui", [("append", "/components/schemas/JobEntryBase/required", "execution_start_time")],
     [("breaking", "field-required", "/components/schemas/JobEntryBase/properties/execution_start_time",
       "/components/schemas/JobEntryBase/properties/execution_start_time")]),
    ("cancelled-optional", "comfyui", [("del", "/components/schemas/CancelResult/required")],
     [("cosmetic", "field-required", "/components/schemas/CancelResult/properties/cancelled",
       "/components/schemas/CancelResult/properties/cancelled")]),
    ("required-reason-extra", "comfyui", [("set", "/components/schemas/CancelResult/properties/reason", {"type": "string"}),
                                          ("append", "/components/schemas/CancelResult/required", "reason")],
     [("breaking", "field-extra", f"{CANCEL}/responses/200/content/application~1json/schema",
       "/components/schemas/CancelResult/properties/reason"),
      ("breaking", "field-extra", "/paths/~1api~1jobs~1cancel/post/responses/200/content/application~1json/schema",
       "/components/schemas/CancelResult/properties/reason")]),
    ("page-field-extra", "comfyui", [("set", f"{PAGINATION}/properties/page", {"type": "integer"})],
     [("cosmetic", "field-extra", "/components/schemas/JobList/properties/pagination", f"{PAGINATION}/properties/page")]),
    ("outputs-count-deprecated", "comfyui", [("set", "/components/schemas/JobEntryBase/properties/outputs_count/deprecated", True)],
     [("misleading", "deprecation", "/components/schemas/JobEntryBase/properties/outputs_count",
       "/components/schemas/JobEntryBase/properties/outputs_count")]),
    ("outputs-count-number", "comfyui", [("set", "/components/schemas/JobEntryBase/properties/outputs_count/type", "number")],
     [("misleading", "field-type", "/components/schemas/JobEntryBase/properties/outputs_count",
       "/components/schemas/JobEntryBase/properties/outputs_count")]),
    ("id-and-trailing-slash", "comfyui", [("set", f"{GET}/parameters/0/name", "id"),
                                          ("rename", GET.rsplit("/", 1)[0], "/api/jobs/{id}/")],
     [("cosmetic", "parameter-renamed", f"{GET}/parameters/0", "/paths/~1api~1jobs~1{id}~1/get/parameters/0")]),
    ("prefix-in-servers", "comfyui", [("set", "/servers", [{"url": "http://127.0.0.1:8188/api"}]),
                                      ("paths", "/paths", lambda p: p[4:] if p.startswith("/api/") else p)], []),
    ("cancel-several-missing", "comfyui", [("del", "/paths/~1api~1jobs~1cancel")],
     [("breaking", "operation-missing", "/paths/~1api~1jobs~1cancel/post", "/paths")]),
    ("legacy-item-missing", "comfyui", [("del", "/paths/~1history~1{prompt_id}")],
     [("cosmetic", "operation-missing", "/paths/~1history~1{prompt_id}/get", "/paths")]),
    ("delete-job-extra", "comfyui", [("set", f"{GET.rsplit('/', 1)[0]}/delete", {"responses": {"200": {"description": "ok"}}})],
     [("misleading", "operation-extra", "/paths", "/paths/~1api~1jobs~1{job_id}/delete")]),
    ("jobs-without-api-prefix", "comfyui", [("set", "/paths/~1jobs", {"get": {"responses": {"200": {"description": "ok"}}}})],
     [("misleading", "operation-extra", "/paths", "/paths/~1jobs/get")]),
    ("unrelated-route-ignored", "comfyui", [("set", "/paths/~1api~1view", {"get": {"responses": {"200": {"description": "ok"}}}})], []),
    ("local-with-auth", "comfyui", [("set", "/components/securitySchemes", {"k": {"type": "apiKey", "in": "header", "name": "X-Key"}}),
                                    ("set", f"{LIST}/security", [{"k": []}])],
     [("misleading", "auth", LIST, f"{LIST}/security")]),
    ("cancel-several-body-missing", "comfyui", [("del", "/paths/~1api~1jobs~1cancel/post/requestBody")],
     [("breaking", "request-body", "/paths/~1api~1jobs~1cancel/post/requestBody", "/paths/~1api~1jobs~1cancel/post")]),
    ("get-job-body-required", "comfyui", [("set", f"{GET}/requestBody", {"required": True, "content": {}})],
     [("misleading", "request-body", GET, f"{GET}/requestBody")]),
    ("limit-min-0", "comfyui", [("set", f"{LIST}/parameters/4/schema/minimum", 0)],
     [("misleading", "bounds-looser", f"{LIST}/parameters/4/schema/minimum", f"{LIST}/parameters/4/schema/minimum")]),
    ("offset-min-5", "comfyui", [("set", f"{LIST}/parameters/5/schema/minimum", 5)],
     [("breaking", "bounds-stricter", f"{LIST}/parameters/5/schema", f"{LIST}/parameters/5/schema/minimum")]),
    ("limit-max-500", "comfyui", [("set", f"{LIST}/parameters/4/schema/maximum", 500)],
     [("breaking", "bounds-stricter", f"{LIST}/parameters/4/schema", f"{LIST}/parameters/4/schema/maximum")]),
    ("workflow-id-deprecated", "comfyui", [("set", f"{LIST}/parameters/1/deprecated", True)],
     [("misleading", "deprecation", f"{LIST}/parameters/1", f"{LIST}/parameters/1")]),
    # v2: media types, response headers, the event catalogue
    ("v2-content-octet-stream-only", "v2", [("rename", f"{CONTENT}/responses/200/content/*~1*", "application/octet-stream")],
     [("misleading", "media-type", f"{CONTENT}/responses/200/content/*~1*", f"{CONTENT}/responses/200/content")]),
    ("v2-job-as-text-too", "v2", [("set", f"{CREATE}/responses/201/content/text~1plain", {"schema": {"type": "string"}})],
     [("cosmetic", "media-type", f"{CREATE}/responses/201/content", f"{CREATE}/responses/201/content/text~1plain")]),
    ("v2-queue-full-without-retry-after", "v2", [("del", f"{CREATE}/responses/429/headers")],
     [("misleading", "header-missing", f"{CREATE}/responses/429/headers/Retry-After", f"{CREATE}/responses/429")]),
    ("v2-credits-with-retry-after", "v2", [("set", f"{CREATE}/responses/402/headers", {"Retry-After": {"schema": {}}})],
     [("misleading", "header-extra", f"{CREATE}/responses/402", f"{CREATE}/responses/402/headers/Retry-After")]),
    ("v2-output-event-missing", "v2", [("del", f"{EVENTS}/x-sse-events/output")],
     [("misleading", "event-missing", f"{EVENTS}/x-sse-events/output", f"{EVENTS}/x-sse-events")]),
    ("v2-heartbeat-event-extra", "v2", [("set", f"{EVENTS}/x-sse-events/heartbeat", {})],
     [("misleading", "event-extra", f"{EVENTS}/x-sse-events", f"{EVENTS}/x-sse-events/heartbeat")]),
    ("v2-events-unlisted", "v2", [("del", f"{EVENTS}/x-sse-events")],
     [("cosmetic", "event-missing", f"{EVENTS}/x-sse-events", EVENTS)]),
    # (the nullable timestamps state their own x-unit beside the anyOf, so they still agree)
    ("v2-timestamps-in-ms", "v2", [("set", "/components/schemas/Timestamp", {"type": "string", "x-unit": "ms"})],
     [("breaking", "unit", f"/components/schemas/{where}/properties/{name}", f"/components/schemas/{where}/properties/{name}")
      for where, name in (("Job", "created_at"), ("Job", "expires_at"), ("Output", "url_expires_at"),
                          ("Asset", "created_at"), ("Asset", "url_expires_at"))]),
]


@pytest.mark.parametrize("profile, changes, expected", [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS])
def test_one_change_gives_exactly_its_difference(profile, changes, expected, tmp_path):
    document = resolved_document(profile)
    for change in changes:
        apply(document, change)
    path = tmp_path / "other.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert found(diff_document(profile, path)) == expected


def test_every_kind_fires_somewhere_in_these_tests():
    fired = {d[1] for m in MUTATIONS for d in m[3]} | {d[1] for d in CLOUD_DRIFT + LOCAL_DRIFT}
    assert fired == set(KINDS)


def test_every_kind_and_severity_is_documented():
    doc = diff_module.__doc__
    for kind in KINDS:
        assert f"\n  {kind} " in doc, kind
    for severity in SEVERITIES:
        assert f"\n{severity}:" in doc, severity


# -- units in prose --------------------------------------------------------------------
@pytest.mark.parametrize("description, unit, source", [
    ("Unix timestamp in seconds.", "s", "description"),
    ("Epoch time (ms).", "ms", "description"),
    ("Milliseconds since the epoch, never seconds.", "ms", "description"),
    ("Not in seconds but in milliseconds.", "ms", "description"),
    ("An ISO 8601 date.", "date-time", "description"),
    ("Unix timestamp of creation.", None, "ambiguous"),
    ("When the job was created.", None, "unstated"),
    ("Number of items seen", None, "unstated"),
])
def test_stated_unit_reads_descriptions(description, unit, source):
    assert stated_unit(SchemaView(node=None, description=description)) == (unit, source)


def test_x_unit_wins_over_the_description():
    assert stated_unit(SchemaView(node=None, unit="s", description="milliseconds")) == ("s", "x-unit")


# -- command line ------------------------------------------------------------------------
def run(*args):
    return CliRunner().invoke(diff, [str(a) for a in args])


def test_breaking_drift_exits_1_and_groups_text_by_severity():
    result = run(FIXTURES / "local_server_drift.yaml", "--profile", "comfyui")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].endswith("against profile comfyui: 15 of 15 operations found")
    assert lines.index("breaking (2)") < lines.index("misleading (5)") < lines.index("cosmetic (3)")
    assert lines[-1] == "2 breaking, 5 misleading, 3 cosmetic"
    enum_line = next(line for line in lines if "created_at" in line and "enum-missing" in line)
    assert f"[canonical {LIST}/parameters/2/schema/enum | other {LOCAL_LIST}/parameters/3/schema/enum]" in enum_line


def test_json_format_has_documented_shape():
    result = run(FIXTURES / "cloud_published_drift.yaml", "--profile", "cloud", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"profile", "other", "differences", "summary"}
    assert data["profile"] == "cloud" and data["other"].endswith("cloud_published_drift.yaml")
    assert set(data["differences"][0]) == {"severity", "kind", "message", "canonical_pointer", "other_pointer"}
    assert [(d["severity"], d["kind"], d["canonical_pointer"], d["other_pointer"]) for d in data["differences"]] == CLOUD_DRIFT
    assert data["summary"]["breaking"] == 7 and data["summary"]["cosmetic"] == 1 and data["summary"]["total"] == 10


def test_only_non_breaking_differences_exit_0(tmp_path):
    document = resolved_document("cloud")
    document["paths"]["/api/jobs"]["get"]["deprecated"] = True
    path = tmp_path / "soft.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = run(path, "--profile", "cloud")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "misleading (1)" in lines and not any(line.startswith("breaking") for line in lines)


BAD_INPUTS = {
    "missing.yaml": None,
    "broken.yaml": "openapi: 3.1.0\npaths: {a: [\n",
    "list.yaml": "- openapi\n- 3.1.0\n",
    "empty.yaml": "",
    "no-version.yaml": "info: {title: x}\npaths: {}\n",
    "swagger.json": '{"swagger": "2.0", "paths": {}}',
    "future.yaml": "openapi: 4.0.0\npaths: {}\n",
    "paths-list.yaml": "openapi: 3.0.3\npaths: [a, b]\n",
    "missing-sibling.yaml": "openapi: 3.1.0\npaths:\n  /api/jobs: {$ref: 'nowhere.yaml#/x'}\n",
    "bad-pointer.yaml": "openapi: 3.1.0\npaths:\n  /api/jobs: {$ref: '#/components/pathItems/Jobs'}\n",
    "remote.yaml": "openapi: 3.1.0\npaths:\n  /api/jobs: {$ref: 'https://example.invalid/jobs.yaml'}\n",
    "loop.yaml": "openapi: 3.1.0\npaths:\n  /api/jobs: {$ref: '#/x'}\nx: {$ref: '#/paths/~1api~1jobs'}\n",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_line(name, tmp_path):
    path = tmp_path / name
    if BAD_INPUTS[name] is not None:
        path.write_text(BAD_INPUTS[name], encoding="utf-8")
    result = run(path, "--profile", "cloud")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobs-checks: error: ") and name in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_binary_file_and_directory_exit_2(tmp_path):
    binary = tmp_path / "blob.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x81")
    for target in (binary, tmp_path):
        result = run(target, "--profile", "cloud")
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1


def test_unknown_profile_is_a_usage_error():
    result = run(FIXTURES / "cloud_published_drift.yaml", "--profile", "moon")
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_command_works_inside_the_spec_group():
    group = click.Group("spec", commands={"diff": diff})
    result = CliRunner().invoke(group, ["diff", str(spec_dir() / "cloud.yaml"), "--profile", "cloud"])
    assert result.exit_code == 0 and result.output.endswith("no differences\n")


# -- robustness: a damaged document is reported, never a crash ----------------------------
def _pointers(node, prefix=""):
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        pointer = f"{prefix}/{str(key).replace('~', '~0').replace('/', '~1')}"
        yield pointer
        yield from _pointers(value, pointer)


CLOUD_POINTERS = sorted(_pointers(resolved_document("cloud")))
junk = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(["", "x", "#/", "#/paths", "3d", "integer"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "$ref", "enum", "items", "name"]), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(CLOUD_POINTERS), junk), min_size=1, max_size=4))
def test_damaged_documents_never_crash(damage):
    document = resolved_document("cloud")
    for pointer, value in damage:
        try:
            apply(document, ("set", pointer, copy.deepcopy(value)))
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # an earlier change removed the place
    try:
        check_openapi(document, "damaged.yaml")
        report = compare("cloud", Document(document), "damaged.yaml")
    except DiffInputError:
        return
    assert all(d.severity in SEVERITIES for d in report.differences)
