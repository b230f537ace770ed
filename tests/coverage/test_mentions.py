"""Each mention test fires on a passage that says the thing and stays silent on its near twin."""

from __future__ import annotations

import pytest

from checks.coverage.mentions import (
    Passage, Section, is_response_example, route_paths, routes_named, says_caveat, says_name, says_status, says_value,
)
from checks.apispec import spec_for

SECTION = Section("page.mdx", "", 1)


def prose(text: str) -> Passage:
    return Passage("prose", text, "page.mdx", 1, SECTION)


def row(*cells: str) -> Passage:
    return Passage("table", " | ".join(cells), "page.mdx", 1, SECTION, cells=cells)


def code(text: str, language: str = "python", title: str = "") -> Passage:
    return Passage("code", text, "page.mdx", 1, SECTION, language, title)


# -- routes -------------------------------------------------------------------------------


@pytest.mark.parametrize("text, operation", [
    ("`GET /api/jobs/{job_id}`", "getJob"),
    ('curl -X POST "https://cloud.comfy.org/api/jobs/$JOB_ID/cancel"', "cancelJob"),
    ("fetch(`${BASE}/api/jobs/${jobId}`)", "getJob"),
    ("GET /api/jobs/<job-id>", "getJob"),
    ("requests.get(f'{BASE_URL}/api/jobs?status=completed')", "listJobs"),
    ("use /api/jobs.", "listJobs"),
])  # fmt: skip
def test_routes_are_found_through_placeholders_and_hosts(text, operation):
    assert routes_named(prose(text), spec_for("cloud")) == {operation}


@pytest.mark.parametrize("text", [
    "live only under `/api/`",
    'curl "http://127.0.0.1:8188/jobs?status=pending"',  # the local server has no /jobs route
    "see [the guide](/development/cloud/api-reference)",
    "https://cloud.comfy.org",
])  # fmt: skip
def test_paths_that_are_no_route_of_the_profile_name_nothing(text):
    assert routes_named(prose(text), spec_for("comfyui")) == set()


def test_a_literal_segment_beats_a_template():
    spec = spec_for("comfyui")
    assert routes_named(prose("`POST /api/jobs/cancel`"), spec) == {"cancelJobs"}
    assert routes_named(prose("`POST /api/jobs/{job_id}/cancel`"), spec) == {"cancelJob"}
    assert routes_named(prose("`/api/prompt` or `/prompt`"), spec) == {"submitPrompt"}


def test_route_paths_write_every_placeholder_alike():
    assert route_paths("a $X/api/jobs/${id}/cancel and /api/jobs/:id") == ["/api/jobs/{}/cancel", "/api/jobs/{}"]


# -- names and values ---------------------------------------------------------------------


@pytest.mark.parametrize("kind, passage, name", [
    ("parameter", prose("Sort with `sort_by`."), "sort_by"),
    ("parameter", prose("Sort with sort_by, newest first."), "sort_by"),  # an identifier-like plain word
    ("parameter", row("sort_by", "Sort field."), "sort_by"),
    ("parameter", code('requests.get(url, params={"sort_by": "create_time"})'), "sort_by"),
    ("parameter", code('curl "$BASE/api/jobs?limit=5&sort_by=create_time"', "bash"), "sort_by"),
    ("parameter", code("const params = { sort_by: 'create_time' };", "typescript"), "sort_by"),
    ("field", prose("Read `execution_error` when the job failed."), "execution_error"),
    ("field", code('print(job["execution_error"]["exception_message"])'), "execution_error"),
    ("field", code('err = job.get("execution_error", {})'), "execution_error"),
    ("field", code("console.log(job.execution_error);", "javascript"), "execution_error"),
    ("field", code("interface Job {\n  execution_error?: ExecutionError;\n}", "typescript"), "execution_error"),
    ("field", code('{"execution_error": {"node_id": "9"}}', "json"), "execution_error"),
])  # fmt: skip
def test_a_name_is_mentioned(kind, passage, name):
    assert says_name(passage, kind, name)


@pytest.mark.parametrize("kind, passage, name", [
    ("parameter", prose("Pick the order of the list."), "sort_order"),
    ("parameter", prose("Limit the page to what you need."), "limit"),  # a plain English word is not the parameter
    ("parameter", code('{"sort_order": "asc"}', "json"), "sort_order"),  # a JSON body is not a query
    ("parameter", code("sort_order_label = 1"), "sort_order"),
    ("field", prose("Check what went wrong when the job failed."), "execution_error"),
    ("field", code("console.error(message)", "javascript"), "error"),  # a method call, not the field
    ("field", code("has_execution_error_flag = True"), "execution_error"),
])  # fmt: skip
def test_a_name_is_not_mentioned(kind, passage, name):
    assert not says_name(passage, kind, name)


@pytest.mark.parametrize("passage", [
    row("`output_type`", "`image`, `video`, `audio`, `3d`"),
    prose("Set `output_type` to `3d` for meshes."),
    code('params = {"output_type": "3d"}'),
    code('curl "$BASE/api/jobs?output_type=image,3d"', "bash"),
])  # fmt: skip
def test_an_enum_value_is_mentioned_beside_its_parameter(passage):
    assert says_value(passage, "output_type", "3d")


@pytest.mark.parametrize("passage", [
    prose("Meshes are `3d` outputs."),  # no parameter named
    row("`create_time`", "integer", "When the job was submitted."),  # a field, not sort_by's value
    code('{"sort_by": "x", "create_time": 1718000000113}', "json"),
    code('job = {"sort_by": 1, "create_time": 2}'),  # a key, not a value
])  # fmt: skip
def test_an_enum_value_is_not_mentioned(passage):
    assert not says_value(passage, "sort_by", "create_time")


# -- statuses and caveats -----------------------------------------------------------------


@pytest.mark.parametrize("passage", [
    prose("An unknown id answers `404`."),
    prose("404 when the job is gone"),
    row("404", "No job has this id."),
    code('{"error": "Job not found"}', "json", "404"),
    code("if response.status_code == 404:\n    pass"),
    code("if (res.status === 404) return null;", "javascript"),
])  # fmt: skip
def test_a_status_is_mentioned(passage):
    assert says_status(passage, "404")


@pytest.mark.parametrize("passage", [
    prose("Servers from 0.26.0 answer; keep page sizes under 1000."),
    prose("listening on `127.0.0.1:404`"),
    code('sizes = [400, 404]'),  # a number in code is not a status
    code('{"error": "Job not found"}', "json", "Response"),
])  # fmt: skip
def test_a_status_is_not_mentioned(passage):
    assert not says_status(passage, "404")


def test_response_examples_are_json_blocks_without_an_error_status():
    assert is_response_example(code("{}", "json", "Response"))
    assert is_response_example(code("{}", "json", "200"))
    assert not is_response_example(code("{}", "json", "404"))
    assert not is_response_example(code("print(1)", "python"))


def test_a_caveat_needs_every_pattern_in_one_prose_passage():
    evidence = ("api_key_comfy_org", r"\[REDACTED\]")
    assert says_caveat(prose('A fetched workflow carries `api_key_comfy_org` as `"[REDACTED]"`.'), evidence)
    assert says_caveat(prose("API_KEY_COMFY_ORG is [redacted]"), evidence)  # case does not matter
    assert not says_caveat(prose("A fetched workflow carries `api_key_comfy_org`."), evidence)
    assert not says_caveat(code('{"api_key_comfy_org": "[REDACTED]"}', "json"), evidence)  # an example is no warning
