"""`--fix` and `--diff`: the rules' safe fixes, exact spans, and not one byte changed outside them."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from checks.docs.findings import Finding, Fix
from checks.docs.fix import apply_fixes, fix_files, unified_diff

from .helpers import GIT_ENV, run_cli

FIXTURES = Path(__file__).resolve().parent.parent / "docs" / "fixtures"
SNIPPETS = Path(__file__).resolve().parent.parent.parent / "docs_snippets"


def fix(line, column, end_column, replacement, end_line=None) -> Fix:
    return Fix("page.mdx", line, column, end_line or line, end_column, replacement)


# -- applying edits to text ---------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_spans_are_lines_and_code_point_columns_whatever_the_line_ends(newline):
    text = newline.join(["first line", "x = 'é日本' + created_at", "last"]) + newline
    fixed, applied, skipped = apply_fixes(text, [fix(2, 13, 23, "create_time")])
    assert fixed == text.replace("created_at", "create_time") and len(applied) == 1 and not skipped


def test_a_byte_order_mark_is_kept_and_not_counted():
    text = "\ufeffsort_by=created_at\r\nmore\r\n"
    fixed, _, _ = apply_fixes(text, [fix(1, 9, 19, "create_time")])
    assert fixed == "\ufeffsort_by=create_time\r\nmore\r\n"


def test_an_insertion_and_astral_characters_before_it():
    text = 'type T = "🎨 image" | "video";'
    fixed, _, _ = apply_fixes(text, [fix(1, 29, 29, ' | "3d"')])
    assert fixed == 'type T = "🎨 image" | "video" | "3d";'


def test_the_last_line_without_a_newline_can_be_edited_at_its_end():
    fixed, _, _ = apply_fixes("a\ncreate_time: 1718000000", [fix(2, 14, 24, "1718000000000")])
    assert fixed == "a\ncreate_time: 1718000000000"


def test_overlapping_fixes_keep_the_first_and_identical_ones_count_once():
    text = "sort_by=created_at"
    first, overlapping = fix(1, 9, 19, "create_time"), fix(1, 12, 15, "X")
    fixed, applied, skipped = apply_fixes(text, [first, overlapping, first])
    assert fixed == "sort_by=create_time" and applied == [first]
    assert skipped == [(overlapping, "it overlaps another fix (run --fix again)")]


def test_two_edits_at_one_point_are_ambiguous_but_touching_edits_are_not():
    text = "ab"
    _, applied, skipped = apply_fixes(text, [fix(1, 2, 2, "X"), fix(1, 2, 3, "Y")])
    assert len(applied) == 1 and len(skipped) == 1
    fixed, applied, skipped = apply_fixes(text, [fix(1, 1, 2, "A"), fix(1, 2, 2, "-")])
    assert fixed == "A-b" and not skipped


@pytest.mark.parametrize("bad", [fix(3, 1, 2, "x"), fix(1, 5, 9, "x"), fix(1, 3, 2, "x"), fix(1, 0, 1, "x")])
def test_a_span_outside_the_file_is_skipped_not_guessed(bad):
    fixed, applied, skipped = apply_fixes("abc\n", [bad])
    assert fixed == "abc\n" and not applied and skipped[0][1] == "its span is not inside the file"


def test_a_multi_line_replacement_uses_the_file_line_ends():
    fixed, _, _ = apply_fixes("a\r\nb\r\n", [fix(1, 2, 2, "\nx")])
    assert fixed == "a\r\nx\r\nb\r\n"


def test_fix_files_writes_only_when_asked_and_diffs_like_diff_u(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.mdx").write_bytes(b"one\r\nsort_by=created_at")
    finding = Finding("page.mdx", 2, 9, "JC201", "wrong", fix=fix(2, 9, 19, "create_time"))
    [outcome] = fix_files([finding], write=False)
    assert Path("page.mdx").read_bytes() == b"one\r\nsort_by=created_at"
    assert unified_diff(outcome) == (
        "--- a/page.mdx\n+++ b/page.mdx\n@@ -1,2 +1,2 @@\n one\r\n"
        "-sort_by=created_at\n\\ No newline at end of file\n"
        "+sort_by=create_time\n\\ No newline at end of file\n"
    )
    fix_files([finding], write=True)
    assert Path("page.mdx").read_bytes() == b"one\r\nsort_by=create_time"


def test_a_file_that_is_not_utf8_is_left_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.mdx").write_bytes(b"caf\xe9 sort_by=created_at")
    [outcome] = fix_files([Finding("page.mdx", 1, 1, "JC201", "x", fix=fix(1, 14, 24, "create_time"))], write=True)
    assert outcome.problem and Path("page.mdx").read_bytes() == b"caf\xe9 sort_by=created_at"


# -- through the command line: every fixing rule, CRLF and non-ASCII pages -------------------------

CLOUD_PAGE = """---
title: 列出任务 — ジョブ一覧 ✨
---

排序参数 `sort_by` 可取 `created_at` 或 `execution_time`。

```python
import requests
标题 = "任务 🎨"; listing = requests.get("https://cloud.comfy.org/api/jobs?sort_by=created_at", headers={"X-API-Key": "k"})
```

```typescript
interface Options { sortBy?: "create_time" | "execution_time"; outputType?: "image" | "video" | "audio"; }
```

```json
{"id": "é-1", "status": "completed", "create_time": 1718000000, "execution_end_time": 1718000042000, "outputs_count": 1}
```
"""

# (wrong text, right text) of each fix, in file order: the only bytes allowed to change.
EDITS = [
    ("`created_at` 或", "`create_time` 或"),
    ("sort_by=created_at", "sort_by=create_time"),
    ('"audio"; }', '"audio" | "3d"; }'),
    ('"create_time": 1718000000,', '"create_time": 1718000000000,'),
]


def expected_bytes(original: bytes) -> bytes:
    text = original.decode("utf-8")
    for wrong, right in EDITS:
        assert text.count(wrong) == 1
        text = text.replace(wrong, right)
    return text.encode("utf-8")


@pytest.fixture(params=["\n", "\r\n"], ids=["lf", "crlf"])
def cloud_page(request, tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs.json").write_text("{}\n", encoding="utf-8")
    page = tmp_path / "development/cloud/list.mdx"
    page.parent.mkdir(parents=True)
    bom = "\ufeff" if request.param == "\r\n" else ""
    page.write_bytes((bom + CLOUD_PAGE.replace("\n", request.param)).encode("utf-8"))
    return page


def codes(result) -> Counter:
    return Counter(f["code"] for f in json.loads(result.stdout)["findings"])


def test_fix_changes_only_the_fixed_spans_byte_for_byte(cloud_page):
    original = cloud_page.read_bytes()
    before = run_cli("lint", "--no-cache", "--format", "json", ".")
    assert codes(before) == Counter({"JC201": 2, "JC202": 1, "JC301": 1})
    result = run_cli("lint", "--no-cache", "--fix", "--format", "json", ".")
    assert cloud_page.read_bytes() == expected_bytes(original)
    assert result.exit_code == 0 and codes(result) == Counter()
    assert "fixed 4 findings in 1 files" in result.stderr
    assert run_cli("lint", "--no-cache", ".").exit_code == 0  # the fixed page lints clean


def test_diff_previews_the_same_edits_and_writes_nothing(cloud_page, tmp_path):
    original = cloud_page.read_bytes()
    result = run_cli("lint", "--no-cache", "--diff", ".")
    assert result.exit_code == 1 and cloud_page.read_bytes() == original
    assert "4 fixes would change 1 files" in result.stderr
    patch = tmp_path / "fix.patch"
    patch.write_bytes(result.stdout_bytes)
    applied = subprocess.run(["git", "apply", "--unidiff-zero", "--whitespace=nowarn", str(patch)],
                             cwd=tmp_path, capture_output=True, env=GIT_ENV)
    if applied.returncode == 127:
        pytest.skip("git is not installed")
    assert applied.returncode == 0, applied.stderr
    assert cloud_page.read_bytes() == expected_bytes(original)
    assert run_cli("lint", "--no-cache", "--diff", ".").exit_code == 0  # nothing left to fix


def test_fix_and_diff_together_is_a_usage_error(cloud_page):
    result = run_cli("lint", "--fix", "--diff", ".")
    assert result.exit_code == 2 and "choose one" in result.stderr


def test_fix_edits_the_snippet_a_page_renders(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets/sort.mdx").write_text('```bash\ncurl "$BASE/api/jobs?sort_by=created_at"\n```\n', encoding="utf-8")
    page = tmp_path / "development/cloud/sort.mdx"
    page.parent.mkdir(parents=True)
    page.write_text("import Sort from '/snippets/sort.mdx'\n\n```bash\nexport BASE=https://cloud.comfy.org\n```\n\n<Sort />\n",
                    encoding="utf-8")
    before = page.read_bytes()
    result = run_cli("lint", "--no-cache", "--fix", "development/cloud/sort.mdx")
    assert result.exit_code == 0, result.output
    assert "sort_by=create_time" in (tmp_path / "snippets/sort.mdx").read_text(encoding="utf-8")
    assert page.read_bytes() == before


@pytest.mark.parametrize("tree", [
    FIXTURES / "JC201", FIXTURES / "JC202", FIXTURES / "JC301", FIXTURES / "JC501", SNIPPETS,
], ids=lambda path: path.name)  # fmt: skip
def test_fixed_fixture_trees_keep_every_finding_that_had_no_fix(tree, tmp_path, monkeypatch):
    """Round trip over the rules' own defect pages: fixable findings go, nothing new appears."""
    copy = tmp_path / tree.name
    shutil.copytree(tree, copy)
    monkeypatch.chdir(copy)
    before = json.loads(run_cli("lint", "--no-cache", "--format", "json", ".").stdout)["findings"]
    assert any(f["fix"] for f in before)
    after = json.loads(run_cli("lint", "--no-cache", "--fix", "--format", "json", ".").stdout)["findings"]
    assert not [f for f in after if f["fix"]]
    unfixed = Counter((f["path"], f["code"]) for f in before if not f["fix"])
    left = Counter((f["path"], f["code"]) for f in after)
    assert left - unfixed == Counter()  # no new finding
    gone = unfixed - left
    assert set(code for _, code in gone) <= {"JC601"}  # a fixed mirror may now match its English page


@pytest.mark.parametrize("code", [
    '```python\nfrom typing import Literal\n\nSortBy = Literal["create_time", "created_at"]\n```\n',
    '```typescript\ntype SortBy = "create_time" | "created_at";\n```\n',
    '```json\n{"sort_by": ["create_time", "created_at"]}\n```\n',
    "| Parameter | Values |\n| --- | --- |\n| `sort_by` | `create_time` (default) or `created_at` |\n",
], ids=["literal", "union", "array", "table"])  # fmt: skip
def test_no_fix_lists_the_right_value_twice(tmp_path, monkeypatch, code):
    """On a Comfy Cloud page `created_at` is wrong, but `create_time` is already listed beside it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs.json").write_text("{}\n", encoding="utf-8")
    page = tmp_path / "development/cloud/sort.mdx"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: Sort\n---\n\n" + code, encoding="utf-8")
    findings = json.loads(run_cli("lint", "--no-cache", "--format", "json", ".").stdout)["findings"]
    assert [(f["code"], f["fix"]) for f in findings] == [("JC201", None)]
    twin = code.replace("create_time", "execution_time")  # the right value not listed: the fix stays
    page.write_text("---\ntitle: Sort\n---\n\n" + twin, encoding="utf-8")
    findings = json.loads(run_cli("lint", "--no-cache", "--format", "json", ".").stdout)["findings"]
    assert [(f["code"], f["fix"]["replacement"]) for f in findings] == [("JC201", "create_time")]
