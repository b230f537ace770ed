"""JC401 example-schema through fixture pages: every `expect: JC401` marker fires, nothing else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.docs.context import LintContext
from checks.docs.extract import extract_page
from checks.docs.json_positions import locate
from checks.docs.rules import example_schema
from tests.docs import expectations
from tests.docs.expectations import as_set, expectations_in, fixture_pages

FIXTURES = expectations.FIXTURES / "JC401"
PAGES = fixture_pages("JC401")


def run(path: Path):
    page = extract_page(str(path), root=path.parent)
    return list(example_schema.check(page, LintContext.for_page(page)))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_fixture_page(path):
    findings = run(path)
    assert as_set(findings) == {e for e in expectations_in(path) if e[2] == "JC401"}
    assert all(f.severity == "error" and f.rule == "example-schema" for f in findings)


def test_every_defect_page_has_a_silent_fixed_twin():
    defects = {p.name.removeprefix("defect_") for p in PAGES if p.name.startswith("defect_")}
    fixed = {p.name.removeprefix("fixed_") for p in PAGES if p.name.startswith("fixed_")}
    assert defects and defects == fixed
    assert all(expectations_in(FIXTURES / f"defect_{name}") for name in defects)


def test_message_names_operation_dialect_and_where_the_field_lives():
    messages = [f.message for f in run(FIXTURES / "defect_cloud.mdx")]
    priority = next(m for m in messages if "`priority`" in m)
    assert "`GET /api/jobs` 200 response (cloud)" in priority
    assert "only the comfyui dialect has it" in priority
    assert "(at /jobs/0)" in priority


def test_page_without_profile_is_judged_by_the_closest_dialect():
    (finding,) = run(FIXTURES / "defect_no_profile.mdx")
    assert "no dialect accepts it" in finding.message


def test_json_that_illustrates_no_operation_is_left_alone(tmp_path):
    page = tmp_path / "other.mdx"
    page.write_text(
        "---\njobs-checks-profile: cloud\n---\n\n`GET /api/jobs`\n\n"
        '```json package.json\n{"name": "demo", "version": "1.0.0", "scripts": {"test": "vitest"}}\n```\n',
        encoding="utf-8",
    )
    assert run(page) == []


def test_broken_json_is_left_to_the_syntax_rule(tmp_path):
    page = tmp_path / "broken.mdx"
    page.write_text('---\njobs-checks-profile: cloud\n---\n\n```json\n{"jobs": [\n```\n', encoding="utf-8")
    assert run(page) == []


def test_locate_maps_json_paths_to_key_positions():
    code = '{\n  "jobs": [\n    {"id": "a"},\n    ...,\n    {"id": "b",\n     "priority": 3}\n  ],\n  // note\n  "pagination": {"offset": 0}\n}'
    positions = locate(code)
    assert positions[()] == (1, 1)
    assert positions[("jobs", 1, "priority")] == (6, 6)
    assert positions[("pagination", "offset")] == (9, 18)


def test_the_line_above_tells_request_from_response(tmp_path):
    head = "---\njobs-checks-profile: cloud\n---\n\n`POST /api/prompt`\n\n"
    request = '```json\n{"prompt": {"3": {"class_type": "SaveImage"}}, "client_id": 7}\n```\n'
    page = tmp_path / "prompt.mdx"
    page.write_text(head + "The request body:\n\n" + request, encoding="utf-8")
    (finding,) = run(page)
    assert "request body" in finding.message and "`client_id`" in finding.message
    page.write_text(head + "The request returns:\n\n" + '```json\n{"prompt_id": 12}\n```\n', encoding="utf-8")
    (finding,) = run(page)
    assert "200 response" in finding.message and "`prompt_id`" in finding.message


def test_the_rule_doc_examples_hold(tmp_path):
    doc = example_schema.__doc__
    wrong, right = doc.split("Wrong")[1].split("Right")
    examples = []
    for part in (wrong, right):
        (line,) = [text.strip() for text in part.splitlines() if text.strip().startswith("{")]
        page = tmp_path / f"doc-{len(examples)}.mdx"
        page.write_text(f"---\njobs-checks-profile: cloud\n---\n\n`GET /api/jobs/{{job_id}}`\n\n```json\n{line}\n```\n", encoding="utf-8")
        examples.append(run(page))
    assert [f.message.split(":")[1].split()[0] for f in examples[0]] == ["`priority`"]
    assert examples[1] == []
