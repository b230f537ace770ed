"""Report formats and masking, on a hand-made report (no server)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from checks.contract.masking import MASK, Masker, mask
from checks.contract.outcomes import FAILED, PASSED, SKIPPED, Failure, Outcomes
from checks.contract.report import console, json_report, render
from checks.contract.runner import RunReport

KEY = "sk-test-0123456789abcdef"


def test_mask_walks_nested_values_and_prefers_longer_secrets():
    secrets = {"abcd", "abcdef"}
    assert mask({"k abcdef": ["x abcd", ("abcdef",)], "n": 3}, secrets) == {"k ***": ["x ***", ("***",)], "n": 3}


def test_masker_ignores_tiny_and_empty_values():
    masker = Masker([None, "", "ab"])
    assert masker("ab cd") == "ab cd"
    masker.add(KEY)
    assert masker(f"X-API-Key: {KEY}") == f"X-API-Key: {MASK}"


def make_report() -> RunReport:
    masker = Masker([KEY])
    outcomes = Outcomes(mask=masker)
    outcomes.passed("response_schema_conformance", "GET /api/jobs")
    outcomes.failed("secrets_never_echoed", "GET /api/jobs/{job_id}", f'body {{"key": "{KEY}"}}',
                    f"curl -H 'X-API-Key: {KEY}' http://127.0.0.1:1/api/jobs/x")
    outcomes.skipped("cancel_is_idempotent", "POST /api/jobs/{job_id}/cancel", "not available in 0.25.0")
    outcomes.note(f"seen {KEY}")
    return RunReport(profile="cloud", base_url="http://127.0.0.1:1", seed=3, version=None, rows=outcomes.rows,
                     notes=outcomes.notes, elapsed=1.5, requests=10, mask=masker)


def test_rows_have_one_status_each():
    statuses = {row.name: row.status for row in make_report().rows}
    assert statuses == {"response_schema_conformance": PASSED, "secrets_never_echoed": FAILED,
                        "cancel_is_idempotent": SKIPPED}


def test_no_format_leaks_the_key():
    report = make_report()
    # A failure that slipped past `Outcomes` unmasked is still masked by every writer.
    row = next(row for row in report.rows if row.status == FAILED)
    row.failures.append(Failure(f"raw {KEY}", f"curl -H 'X-API-Key: {KEY}'"))
    for text in (console.render(report, verbose=True), render("junit", report), json_report.render(report)):
        assert KEY not in text
        assert MASK in text


def test_json_report_shape():
    data = json.loads(json_report.render(make_report()))
    assert data["profile"] == "cloud" and data["server"] == {"base_url": "http://127.0.0.1:1", "version": None}
    assert data["summary"]["failed"] == 1 and data["summary"]["passed"] == 1 and data["summary"]["skipped"] == 1
    failed = next(check for check in data["checks"] if check["status"] == FAILED)
    assert set(failed) >= {"name", "operation", "status", "failures"}
    assert set(failed["failures"][0]) == {"message", "curl"}


def test_junit_is_valid_xml_with_failures_and_skips():
    root = ET.fromstring(render("junit", make_report()))
    assert root.tag == "testsuites" and root.get("failures") == "1" and root.get("skipped") == "1"
    cases = {case.get("name"): case for case in root.iter("testcase")}
    assert cases["secrets_never_echoed"].find("failure") is not None
    assert cases["cancel_is_idempotent"].find("skipped").get("message") == "not available in 0.25.0"


def test_console_shows_matrix_reproducer_and_verdict():
    text = console.render(make_report())
    lines = text.splitlines()
    legend = next(line for line in lines if line.startswith("operations: "))
    assert "[1] GET /api/jobs" in legend and "[3] POST /api/jobs/{job_id}/cancel" in legend
    row = next(line for line in lines if line.startswith("secrets_never_echoed"))
    assert row.split()[1:] == [".", "FAIL", "."]
    assert "cancel_is_idempotent on POST /api/jobs/{job_id}/cancel: not available in 0.25.0" in text
    assert "reproduce: curl" in text
    assert "VIOLATIONS FOUND: 1 passed, 1 failed, 1 skipped" in text


def report_with_problems() -> RunReport:
    from checks.contract.outcomes import Outcomes

    outcomes = Outcomes()
    for operation in ("GET /api/jobs", "GET /api/queue"):
        outcomes.failed("ignored_auth", operation, f"API accepts requests without authentication: got 200 for `{operation}`",
                        "curl x", request=operation, status=200, body='{"jobs": []}')
    for value in ("image", "video"):
        outcomes.failed("output_type_filter_is_honoured", "GET /api/jobs", f"output_type={value} returned job 1 which has no outputs")
    outcomes.failed("requests_without_key_are_401", "GET /api/jobs", "GET /api/jobs with no API key answered 200; expected 401")
    outcomes.failed("requests_without_key_are_401", "GET /api/jobs/{job_id}", "GET job 5 with no API key answered 200")
    outcomes.failed("content_type_conformance", "GET /api/history_v2", "Undocumented Content-Type")
    for _ in range(3):
        outcomes.answered("GET /api/history_v2", 404, "text/plain", "404: Not Found")
    outcomes.answered("GET /api/jobs", 200, "application/json", "{}")
    outcomes.defect("malformed_json_is_a_client_error", "POST /prompt", "POST /prompt with a body that is not JSON answered 500",
                    "curl -X POST --data 'x' http://127.0.0.1:1/prompt", request="POST /prompt", status=500, body="boom")
    outcomes.defect("malformed_json_is_a_client_error", "POST /prompt", "POST /prompt with a body that is not JSON answered 500",
                    "curl -X POST --data 'longer body' http://127.0.0.1:1/prompt", request="POST /prompt", status=500)
    return RunReport(profile="cloud", base_url="http://127.0.0.1:1", seed=1, version="0.33.0", rows=outcomes.rows,
                     notes=[], elapsed=1.0, requests=9, mask=Masker(), defects=list(outcomes.defects),
                     unserved=outcomes.unserved())


def test_one_problem_per_check_and_distinct_message_and_routes_not_served_once():
    from checks.contract.report.problems import NOT_SERVED, problems

    found = problems(report_with_problems(), frozenset({"requests_without_key_are_401"}))
    # Schemathesis' ignored_auth reports request by request what requests_without_key_are_401 says once.
    assert [(p.kind, p.check, p.operations, p.count) for p in found] == [
        (NOT_SERVED, "route", ("GET /api/history_v2",), 1),
        ("violation", "output_type_filter_is_honoured", ("GET /api/jobs",), 2),
        ("violation", "requests_without_key_are_401", ("GET /api/jobs", "GET /api/jobs/{job_id}", "GET /api/queue"), 4),
    ]
    assert found[2].message.startswith("GET /api/jobs with no API key")  # the rule's own words, not schemathesis'"
    assert "404: Not Found" in found[0].message


def test_server_defects_are_listed_apart_and_leave_the_verdict():
    report = report_with_problems()
    assert len(report.defects) == 1 and "--data 'x'" in report.defects[0].curl  # the shortest reproducer is kept
    text = console.render(report)
    assert "Server defects (1): bugs outside the Jobs API contract" in text
    assert "answer: 500  boom" in text and "1 server defect(s) apart" in text
    data = json.loads(json_report.render(report))
    assert data["server_defects"][0]["status"] == 500 and data["routes_not_served"] == {"GET /api/history_v2": "404 404: Not Found"}
    assert {problem["check"] for problem in data["problems"]} >= {"route", "requests_without_key_are_401"}
    root = ET.fromstring(render("junit", report))
    suite = next(suite for suite in root.iter("testsuite") if suite.get("name") == "server defects")
    assert suite.get("failures") == "0" and suite.find("testcase/system-err") is not None


@pytest.mark.parametrize(("message", "expected"), [
    ("Undocumented status code: Received: 409\nDocumented: 200, 405", "a documented status: 200, 405"),
    ("Undocumented Content-Type: Received: text/plain\nDocumented: application/json", "a documented media type: application/json"),
    ('Response violates schema: "x" is a required property\n\nSchema at /components/schemas/JobEntryBase:\n\n    {}',
     "the response schema at /components/schemas/JobEntryBase"),
    ("limit='0' answered 200; expected 400", "400"),
    ("the response contains the canary", None),
])
def test_what_the_spec_expected_is_read_out_of_the_message(message, expected):
    from checks.contract.outcomes import expected_of

    assert expected_of(message) == expected


@pytest.mark.parametrize("profile, header", [("cloud", "X-API-Key: $ALICE_KEY"), ("v2", "Authorization: Bearer $ALICE_KEY")])
def test_reproducers_name_the_keys_variable_and_show_a_made_up_key(profile, header):
    """schemathesis prints `[Filtered]` for the key: a reproducer must run as printed, and never show the real key."""
    from checks.contract.target import Target

    secret = "sk-alice-0123456789"
    target = Target(base_url="http://127.0.0.1:9", profile=profile, api_key=secret,
                    key_variables={secret: "ALICE_KEY"}, mask=Masker([secret]))
    name = target.spec.auth_header
    filtered = f"curl -X GET -H '{name}: [Filtered]' http://127.0.0.1:9/api/jobs"
    assert target.reproducer(filtered) == f'curl -X GET -H "{header}" http://127.0.0.1:9/api/jobs'
    wrong = "jobs-checks-wrong-key-00ff"
    shown = target.reproducer(filtered, wrong)
    assert wrong in shown and "[Filtered]" not in shown and secret not in shown
    assert target.reproducer(None) is None
    assert secret not in target.reproducer(f"curl -H '{name}: {secret}' http://127.0.0.1:9/")
