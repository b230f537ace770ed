"""JC301 timestamp-unit through fixture pages, and the fix that rewrites the number."""

from __future__ import annotations

import pytest

from checks.docs.rules import timestamp_unit
from tests.docs.expectations import FIXTURES, fixture_pages
from tests.docs.rules.helpers import check_fixture, lint, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC301"), ids=lambda p: p.name)
def test_fixture_page(path):
    findings = check_fixture(path, timestamp_unit, "JC301")
    assert all(f.severity == "error" for f in findings)


def test_every_defect_page_has_a_fixed_twin():
    names = {p.name for p in fixture_pages("JC301")}
    defects = [n for n in names if n.startswith("defect_")]
    assert len(defects) >= 2 and all(n.replace("defect_", "fixed_") in names for n in defects)


def test_ten_digits_beside_thirteen_digit_siblings_is_named_and_fixed_in_place():
    path = FIXTURES / "JC301" / "defect_cloud.mdx"
    lines = path.read_text(encoding="utf-8").split("\n")
    _, findings = lint(path, timestamp_unit)
    [json_create] = [f for f in findings if lines[f.line - 1].strip() == '"create_time": 1718000000,']
    assert json_create.message == (
        "`create_time` is in milliseconds but this 10-digit value is in seconds beside 13-digit siblings; "
        "write 1718000000000"
    )
    fix = json_create.fix
    assert lines[fix.line - 1][fix.column - 1 : fix.end_column - 1] == "1718000000"
    assert fix.replacement == "1718000000000" and (fix.column, fix.line) == (json_create.column, json_create.line)
    [table] = [f for f in findings if lines[f.line - 1].startswith("| `create_time`")]
    assert lines[table.line - 1][table.column - 1 :].startswith("seconds")
    assert table.fix is None


def test_separators_and_fractions_convert_exactly(tmp_path):
    page = (
        "---\njobs-checks-profile: comfyui\n---\n\n```python\n"
        "job = {'status': 'completed', 'create_time': 1_718_000_000, 'execution_end_time': 1718000002.25}\n```\n"
    )
    assert [f.fix.replacement for f in lint_text(tmp_path, page, timestamp_unit)] == ["1718000000000", "1718000002250"]


def test_strings_placeholders_and_other_numbers_are_ignored(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n```json\n"
        '{"id": "x", "create_time": "1718000000", "execution_start_time": null, "outputs_count": 1718000000}\n'
        "```\n\n```js\nconst job = { create_time: Date.now(), execution_end_time: 17180 };\n```\n"
    )
    assert lint_text(tmp_path, page, timestamp_unit) == []


# Where a claim is written: a sentence of its own, or the notes cell of a field table.
_CLAIM_IN = {"prose": "{}\n", "table": "| Field | Type | Notes |\n| --- | --- | --- |\n| `create_time` | integer | {} |\n"}


@pytest.mark.parametrize("where, text, fires", [
    ("prose", "`create_time` is in seconds.", True),
    ("prose", "`create_time` (seconds) marks submission.", True),
    ("prose", "`create_time` is a Unix timestamp in seconds.", True),
    ("prose", "`create_time` is in milliseconds; divide by 1000 for seconds.", False),
    ("prose", "`create_time` is set a few seconds before `execution_start_time`.", False),
    ("prose", "Jobs wait up to 30 seconds in the queue.", False),
    ("table", "Unix timestamp in seconds", True),
    ("table", "seconds", True),
    ("table", "任务提交的时间，单位为秒（seconds）", True),
    ("table", "Epoch milliseconds", False),
    ("table", "Subtract `create_time`; divide by 1000 for seconds", False),
    ("table", "Set a few seconds after submission", False),
])  # fmt: skip
def test_unit_claims_in_prose_and_tables(tmp_path, where, text, fires):
    page = "---\njobs-checks-profile: cloud\n---\n\n" + _CLAIM_IN[where].format(text)
    findings = lint_text(tmp_path, page, timestamp_unit)
    assert bool(findings) is fires
    if fires:
        [finding] = findings
        line = page.split("\n")[finding.line - 1]
        assert text in line and line[finding.column - 1 :].startswith("seconds")
