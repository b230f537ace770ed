"""Report formats and masking, on a hand-made report (no server)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from checks.contract.masking import MASK, Masker, mask
from checks.contract.outcomes import FAILED, PASSED, SKIPPED, Failure, Outcomes
from checks.contract.report import console, json_report, junit
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
    for text in (console.render(report, verbose=True), junit.render(report), json_report.render(report)):
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
    root = ET.fromstring(junit.render(make_report()))
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
