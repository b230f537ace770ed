"""Report formats: one structure in, text, JSON, GitHub commands and JUnit XML out."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT, Exchange, ExamplesResult, Outcome
from checks.examples.report import FORMATS, render, summary_line

POLL = Exchange("GET", "/api/jobs/j1", 200, '{"id": "j1", "status": "completed"}')


def result(errors=()) -> ExamplesResult:
    outcomes = [
        Outcome("docs/a.mdx", "python", PASSED, line=8, source="docs/a.mdx", blocks=3, requests=4),
        Outcome("docs/a.mdx", "javascript", SKIPPED, line=20, source="docs/a.mdx", blocks=1,
                reason="node is not on PATH"),
        Outcome("docs/b.mdx", "python", TIMED_OUT, line=48, source="docs/b.mdx", blocks=4, requests=9,
                reason="still running after 5 s", hint='it kept polling GET /api/jobs/j1: 8 requests in a row',
                last_exchange=POLL, output=("queued job j1", "\x1b[31mcoloured\x1b[0m")),
        Outcome("docs/c.mdx", "bash", FAILED, line=12, source="snippets/s.mdx", blocks=1, exit_code=22, requests=1,
                reason="exit code 22", output=("curl: (22) The requested URL returned error: 404",)),
    ]
    return ExamplesResult(outcomes=outcomes, pages=5, runnable_pages=3, errors=list(errors))


def test_summary_line_counts_every_verdict():
    assert summary_line(result()) == "4 programs: 1 passed, 1 failed, 1 timed out, 1 skipped (3 of 5 pages opted in)"
    assert summary_line(ExamplesResult(pages=2)) == "no programs to run: none of 2 pages opted in with jobs-checks-run"


def test_exit_codes_follow_lint():
    assert result().exit_code == 1
    assert ExamplesResult(outcomes=result().outcomes[:2]).exit_code == 0
    assert result(errors=["x.mdx: unreadable"]).exit_code == 2


def test_text_shows_where_why_and_what_it_last_saw():
    text = render("text", result())
    assert "  passed     python      3 blocks, 4 requests" in text
    assert "  skipped    javascript  node is not on PATH" in text
    assert "  timed out  python      still running after 5 s (4 blocks, 9 requests)" in text
    assert "    --> docs/b.mdx:48" in text and "    --> snippets/s.mdx:12" in text
    assert '    last response: GET /api/jobs/j1 -> 200 {"id": "j1", "status": "completed"}' in text
    assert "      | curl: (22) The requested URL returned error: 404" in text
    assert text.rstrip().endswith(summary_line(result()))
    assert "\x1b[" not in render("text", ExamplesResult(outcomes=result().outcomes[:1]))


def test_json_holds_every_program():
    document = json.loads(render("json", result(errors=["boom"])))
    assert document["version"] == 1 and document["summary"]["timed_out"] == 1 and document["summary"]["errors"] == ["boom"]
    timed_out = document["programs"][2]
    assert timed_out["verdict"] == "timed out" and timed_out["line"] == 48
    assert timed_out["last_response"] == {"method": "GET", "path": "/api/jobs/j1", "status": 200,
                                          "body": POLL.body, "blocked": False}


def test_github_annotates_failures_and_skips_only():
    lines = render("github", result()).splitlines()
    assert lines[0].startswith("::notice file=docs/a.mdx,line=20,title=example javascript skipped::")
    assert lines[1].startswith("::error file=docs/b.mdx,line=48,title=example python timed out::still running")
    assert "%0Alikely culprit: it kept polling" in lines[1]
    assert lines[2].startswith("::error file=snippets/s.mdx,line=12,")
    assert len(lines) == 4


def test_junit_is_well_formed_with_one_suite_per_page():
    root = ET.fromstring(render("junit", result(errors=["x.mdx: unreadable"])).encode())
    assert (root.get("tests"), root.get("failures"), root.get("skipped"), root.get("errors")) == ("4", "2", "1", "1")
    suites = {suite.get("name"): suite for suite in root.iter("testsuite")}
    assert set(suites) == {"docs/a.mdx", "docs/b.mdx", "docs/c.mdx", "jobs-checks examples run"}
    failure = suites["docs/b.mdx"].find("testcase/failure")
    assert failure.get("type") == "timeout" and "likely culprit" in failure.text and "\ufffd[31m" in failure.text
    assert suites["docs/a.mdx"].find("testcase[@name='javascript']/skipped").get("message") == "node is not on PATH"


def test_every_report_format_is_offered_and_an_unknown_one_refused():
    with pytest.raises(ValueError, match="choose one of"):
        render("yaml", result())
    assert FORMATS == ("text", "json", "sarif", "junit", "github")


def test_sarif_holds_each_failed_program_at_its_line():
    document = json.loads(render("sarif", result()))
    results = document["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("example-python", 48), ("example-bash", 12)]
    assert "likely culprit: it kept polling" in results[0]["message"]["text"]
