"""JC901 old-vocabulary, JC902 idempotency-key, JC903 sse-terminal: fixtures, v2 pages, v1 pages left alone."""

from __future__ import annotations

import pytest

from checks.docs.rules import idempotency_key, sse_terminal, v1_vocabulary
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text

V2 = "---\njobs-checks-profile: v2\n---\n\n"


@pytest.mark.parametrize("code, rule", [(code, rule) for code, rule in
                                       (("JC901", v1_vocabulary), ("JC902", idempotency_key), ("JC903", sse_terminal))])
def test_fixture_pages(code, rule):
    pages = fixture_pages(code)
    assert pages
    for path in pages:
        check_fixture(path, rule, code)


def test_a_page_using_only_v2_routes_is_a_v2_page(tmp_path):
    page = "```bash\ncurl -H 'X-API-Key: k' https://cloud.comfy.org/api/v2/jobs/1\n```\n"
    [finding] = lint_text(tmp_path, page, v1_vocabulary)
    assert finding.message == "`X-API-Key` carries the key in v1; Comfy API v2 (v2) takes `Authorization: Bearer <key>`"


def test_v1_pages_and_pages_mixing_both_keep_their_v1_words(tmp_path):
    mixed = "```bash\ncurl https://cloud.comfy.org/api/v2/jobs/1\ncurl https://cloud.comfy.org/api/jobs/1\n```\n"
    assert lint_text(tmp_path, mixed, v1_vocabulary) == []
    assert lint_text(tmp_path, "---\njobs-checks-profile: cloud\n---\n\nPoll until `completed`.\n", v1_vocabulary) == []


def test_prose_is_a_warning_and_code_an_error(tmp_path):
    page = V2 + "A finished job is `completed`.\n\n```python\nok = {'status': 'cancelled'}\n```\n"
    found = lint_text(tmp_path, page, v1_vocabulary)
    assert [(f.severity, f.message.split(";")[0]) for f in sorted(found, key=lambda f: f.line)] == [
        ("warning", "`completed` is a v1 status"), ("error", "`cancelled` is a v1 status")]


def test_epoch_milliseconds_in_a_v2_timestamp(tmp_path):
    page = V2 + "```python\nexample = {'created_at': 1717000000000}\nprint(datetime.fromtimestamp(job['started_at']))\n```\n"
    found = lint_text(tmp_path, page, v1_vocabulary)
    assert [f.message.split(";")[0] for f in found] == [
        "`created_at` is an ISO 8601 date-time string in Comfy API v2 (v2), not epoch milliseconds"] + [
        "`started_at` is an ISO 8601 date-time string in Comfy API v2 (v2), not epoch milliseconds"]


def test_a_curl_retry_promise_needs_the_header(tmp_path):
    page = V2 + "Retrying is safe.\n\n```bash\ncurl -X POST https://cloud.comfy.org/api/v2/jobs -d @job.json\n```\n"
    [finding] = lint_text(tmp_path, page, idempotency_key)
    assert "sends no `Idempotency-Key`" in finding.message and "`idempotency_key_reuse`" in finding.message
    fixed = page.replace("curl -X POST", "curl -H \"Idempotency-Key: $(uuidgen)\" -X POST")
    assert lint_text(tmp_path, fixed, idempotency_key) == []
