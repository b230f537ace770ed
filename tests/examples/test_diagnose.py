"""The likely culprit: each hint fires on the defect it names and stays quiet on its correct twin."""

from __future__ import annotations

import json

from checks.examples.diagnose import failure_hint, tail, timeout_hint
from checks.examples.outcomes import Exchange
from checks.apispec import spec_for

STATUSES = frozenset(spec_for("cloud").status_enum())


def job(status: str, **fields) -> str:
    return json.dumps({"id": "j1", "status": status, **fields})


def polls(*statuses: str) -> list[Exchange]:
    return [Exchange("POST", "/api/prompt", 200, '{"prompt_id": "j1"}')] + [
        Exchange("GET", "/api/jobs/j1", 200, job(status)) for status in statuses
    ]


def test_a_loop_that_keeps_reading_one_status_is_named_with_the_values_the_api_returns():
    hint = timeout_hint(polls("completed", "completed", "completed"), STATUSES)
    assert 'kept polling GET /api/jobs/j1: 3 requests in a row, each answered 200 with status "completed"' in hint
    assert "pending" in hint and "cancelled" in hint


def test_a_loop_whose_answers_change_is_not_blamed_on_one_value():
    hint = timeout_hint(polls("pending", "in_progress", "in_progress"), STATUSES)
    assert "kept polling" in hint and "each answered" not in hint and "never returns" not in hint


def test_a_single_last_request_is_just_shown():
    assert timeout_hint(polls("pending"), STATUSES) == "its last request was GET /api/jobs/j1 -> 200"


def test_no_request_at_all_points_elsewhere():
    assert "made no request" in timeout_hint([], STATUSES)


def test_a_key_the_last_response_lacks_is_named_with_the_fields_it_has():
    output = "Traceback (most recent call last):\n  ...\nKeyError: 'url'"
    hint = failure_hint(output, polls("completed"))
    assert hint.startswith('the code reads a field "url" that the last response (GET /api/jobs/j1 -> 200)')
    assert hint.endswith("it has: id, status")


def test_a_javascript_read_of_a_missing_field_is_named_too():
    output = "TypeError: Cannot read properties of undefined (reading 'download')"
    assert 'field "download"' in failure_hint(output, polls("completed"))


def test_a_key_error_for_a_field_the_response_has_is_not_blamed_on_it():
    nested = [Exchange("GET", "/api/jobs/j1", 200, job("completed", outputs={"9": {"images": [{"url": "x"}]}}))]
    assert failure_hint("KeyError: 'url'", nested) == ""
    assert failure_hint("KeyError: 'workflow_id'", [Exchange("GET", "/x", 200, "not json")]) == ""


def test_a_failed_last_request_is_shown_and_a_refused_host_wins():
    failed = polls() + [Exchange("GET", "/api/jobs/nope", 404, '{"error": "Job not found"}')]
    assert failure_hint("HTTPError", failed) == 'its last request failed: GET /api/jobs/nope -> 404 {"error": "Job not found"}'
    refused = failed + [Exchange("GET", "https://cloud.comfy.org/api/jobs", 403, "refused", blocked=True)]
    assert "called https://cloud.comfy.org/api/jobs directly; pass that URL with --doc-url" in failure_hint("", refused)
    assert failure_hint("ValueError: boom", polls("completed")) == ""


def test_tail_keeps_the_last_lines_and_shortens_long_ones():
    text = "\n".join(f"line {n}" for n in range(30)) + "\n" + "x" * 1000 + "\n\n"
    lines = tail(text, count=3)
    assert lines[:2] == ("line 28", "line 29") and lines[2].endswith(" ...") and len(lines[2]) < 400
    assert tail("   \n") == ()
