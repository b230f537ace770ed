"""JC201 enum-value through fixture pages, plus the cases a reviewer would try first."""

from __future__ import annotations

import pytest

from checks.docs.rules import enum_value
from tests.docs.expectations import FIXTURES, fixture_pages
from tests.docs.rules.helpers import check_fixture, lint, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC201"), ids=lambda p: p.name)
def test_fixture_page(path):
    findings = check_fixture(path, enum_value, "JC201")
    assert all(f.severity == "error" for f in findings)


def test_every_defect_page_has_a_fixed_twin():
    names = {p.name for p in fixture_pages("JC201")}
    defects = [n for n in names if n.startswith("defect_")]
    assert len(defects) >= 3
    assert all(n.replace("defect_", "fixed_") in names for n in defects)


def test_message_names_the_right_value_and_the_fix_replaces_exactly_the_wrong_one():
    path = FIXTURES / "JC201" / "defect_cloud.mdx"
    _, findings = lint(path, enum_value)
    lines = path.read_text(encoding="utf-8").split("\n")
    curl = next(f for f in findings if lines[f.line - 1].startswith("curl -s \"https"))
    assert curl.message == (
        "`sort_by=created_at` is not accepted by Comfy Cloud (cloud); use `create_time` "
        "(valid: create_time, execution_time)"
    )
    line = lines[curl.line - 1]
    fix = curl.fix
    assert (fix.line, fix.end_line, fix.replacement) == (curl.line, curl.line, "create_time")
    assert line[fix.column - 1 : fix.end_column - 1] == "created_at" and fix.column == curl.column
    done = next(f for f in findings if "status=done" in f.message)
    assert done.fix is None and "valid: pending, in_progress, completed, failed, cancelled" in done.message


def test_no_profile_page_is_wrong_only_when_no_dialect_accepts(tmp_path):
    page = (
        "---\ntitle: x\n---\n\n```bash\n"
        'curl "$HOST/api/jobs?sort_by=created_at"\n'
        'curl "$HOST/api/jobs?sort_by=create_time&status=completed,done"\n```\n'
    )
    findings = lint_text(tmp_path, page, enum_value)
    assert [(f.line, f.column, f.message) for f in findings] == [
        (7, 59, "`status=done` is not accepted by any dialect "
                "(valid: pending, in_progress, completed, failed, cancelled)"),
    ]


def test_parameters_the_dialect_lacks_and_computed_values_are_not_judged(tmp_path):
    page = (
        "---\njobs-checks-profile: comfyui\n---\n\n```python\n"
        "requests.get(f'{BASE}/api/jobs?output_type=gif&sort_by={field}')\n"
        "requests.get(BASE + '/api/jobs', params={'sort_by': choose()})\n"
        "job = {'id': 'x', 'status': 'running'}  # a response object, not a filter\n```\n"
    )
    assert lint_text(tmp_path, page, enum_value) == []


def test_a_list_parameter_is_split_and_a_single_value_parameter_is_not(tmp_path):
    page = (
        "---\njobs-checks-profile: comfyui\n---\n\n```bash\n"
        "curl 'http://127.0.0.1:8188/api/jobs?status=pending,finished&sort_by=created_at,execution_duration'\n```\n"
    )
    messages = [f.message.split(" is ")[0] for f in lint_text(tmp_path, page, enum_value)]
    assert messages == ["`status=finished`", "`sort_by=created_at,execution_duration`"]


def test_comparisons_with_the_other_dialect_stay_quiet(tmp_path):
    page = (
        "---\njobs-checks-profile: comfyui\n---\n\n"
        "Unlike Comfy Cloud, which sorts by `sort_by=create_time`, the local server uses `created_at`.\n\n"
        "| Parameter | Local server | Comfy Cloud |\n| --- | --- | --- |\n"
        "| `sort_by` | `created_at`, `execution_duration` | `create_time`, `execution_time` |\n\n"
        "```python Comfy Cloud\nrequests.get(f'{CLOUD}/api/jobs', params={'sort_by': 'create_time'})\n```\n"
    )
    assert lint_text(tmp_path, page, enum_value) == []
    assert len(lint_text(tmp_path, page.replace("python Comfy Cloud", "python"), enum_value)) == 1


def _doc_examples(rule):
    """(profile, wrong page text, right page text) from a rule's `Wrong:` / `Right:` doc examples."""
    import textwrap

    doc = rule.__doc__
    wrong_at = doc.index("\nWrong")
    right_at = doc.index("\nRight")
    header = doc[wrong_at : doc.index("\n", wrong_at + 1)]
    profile = "comfyui" if "local" in header.lower() else "cloud"
    wrong = textwrap.dedent(doc[doc.index("\n", wrong_at + 1) : right_at])
    right = textwrap.dedent(doc[doc.index("\n", right_at + 1) :])
    page = "---\njobs-checks-profile: {}\n---\n\n{}"
    return page.format(profile, wrong.strip() + "\n"), page.format(profile, right.strip() + "\n")


@pytest.mark.parametrize("module", ["enum_value", "enum_incomplete", "timestamp_unit", "endpoint"])
def test_the_rule_doc_examples_are_true(tmp_path, module):
    import importlib

    rule = importlib.import_module(f"checks.docs.rules.{module}")
    wrong, right = _doc_examples(rule)
    assert [f.code for f in lint_text(tmp_path, wrong, rule, "wrong.mdx")] == [rule.RULE.code]
    assert lint_text(tmp_path, right, rule, "right.mdx") == []


def test_name_value_spans_in_prose(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n"
        'Try `curl "$BASE/api/jobs?sort_by=created_at"` or `sort_by={field}` or `status=$STATE`.\n'
    )
    [finding] = lint_text(tmp_path, page, enum_value)
    assert (finding.line, finding.message.split(" is ")[0]) == (5, "`sort_by=created_at`")
    assert page.split("\n")[4][finding.column - 1 :].startswith("created_at\"")


def test_params_filled_in_item_by_item(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n```python\n"
        'params = {"limit": 10}\nparams["sort_by"] = "created_at"\nrequests.get(f"{BASE}/api/jobs", params=params)\n'
        "```\n\n```js\nconst query = {};\nquery.sort_by = \"created_at\";\nquery[\"status\"] = \"done\";\n"
        'job.status = "done";  // a job object, not a query\n```\n'
    )
    assert [(f.line, f.column) for f in lint_text(tmp_path, page, enum_value)] == [(7, 22), (13, 18), (14, 20)]
