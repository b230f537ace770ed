"""The seeded sample tree: the linter finds exactly the marked defects, and none in `fixed/`.

The `expect:` markers and where they point are described in `tests/docs/expectations.py`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checks.docs.config import load_config
from checks.docs.engine import lint_paths
from tests.docs.expectations import as_set, expectations, expectations_in

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
FIXED = SNIPPETS / "fixed"


def lint_tree(tree: Path):
    config = load_config(tree)
    return lint_paths([str(tree)], config, jobs=1)


def _shown(items) -> str:
    return "\n".join(f"  {os.path.relpath(path, SNIPPETS)}:{line} {code}" for path, line, code in sorted(items)) or "  (none)"


def test_sample_tree_finds_exactly_the_marked_defects():
    result = lint_tree(SNIPPETS)
    found, expected = as_set(result.findings), expectations(SNIPPETS, skip=FIXED)
    assert not result.errors
    assert found == expected, f"unexpected:\n{_shown(found - expected)}\nmissed:\n{_shown(expected - found)}"


def test_sample_tree_seeds_every_defect_class():
    codes = {code for _, _, code in expectations(SNIPPETS, skip=FIXED)}
    assert {"JC101", "JC201", "JC202", "JC301", "JC401", "JC501", "JC601", "JC701", "JC003", "JC004"} <= codes
    assert {"JC204", "JC802", "JC901", "JC902", "JC903"} <= codes  # the v2 pages


def test_fixed_twin_has_no_findings_and_no_markers():
    result = lint_tree(FIXED)
    assert not result.errors
    assert result.findings == [], _shown(as_set(result.findings))
    assert expectations(FIXED) == set()
    assert result.files >= 9


def test_fixed_twin_mirrors_the_layout_of_the_seeded_tree():
    seeded = {p.relative_to(SNIPPETS) for p in SNIPPETS.rglob("*") if p.is_file() and FIXED not in p.parents}
    twin = {p.relative_to(FIXED) for p in FIXED.rglob("*") if p.is_file()}
    assert seeded == twin


@pytest.mark.parametrize("line, expected", [
    ("{/* expect: JC201 */}", 11),
    ("| `create_time` | integer | seconds | {/* expect: JC301 */}", 10),
    ("    # expect: JC201, JC601", 11),
    ("// expect: JC401", 11),
    (">>> # expect: JC101", 11),  # after a doctest prompt: still the next line, only a table row keeps it
])  # fmt: skip
def test_marker_targets(tmp_path, line, expected):
    page = tmp_path / "page.mdx"
    page.write_text("\n" * 9 + line + "\nnext\n", encoding="utf-8")
    assert {target for _, target, _ in expectations_in(page)} == {expected}
