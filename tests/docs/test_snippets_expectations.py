"""The seeded sample tree: the linter finds exactly the marked defects, and none in `fixed/`.

A marker `expect: CODE[, CODE]` sits in a JSX comment (`{/* expect: JC301 */}`) outside code,
or in a code comment (`# expect: JC201`, `// expect: JC401`) inside a fence, where JSX
comments are code. Alone on its line it points at the next line; after other text (the end
of a table row) it points at its own line. Like pyflakes' and ruff's fixture tests, the
found (path, line, code) set must equal the marked one, in both directions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from checks.docs.config import load_config
from checks.docs.engine import lint_paths

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
FIXED = SNIPPETS / "fixed"

_MARKER = re.compile(r"(\{/\*\s*expect:\s*(?P<jsx>[A-Z0-9,\s]+?)\s*\*/\}|(?:#|//)\s*expect:\s*(?P<code>[A-Z0-9,\s]+?)\s*$)")


def expectations_in(path: Path) -> set[tuple[str, int, str]]:
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        for match in _MARKER.finditer(line):
            codes = match.group("jsx") or match.group("code")
            rest = (line[: match.start()] + line[match.end() :]).strip()
            target = number if rest else number + 1
            expected.update((os.path.realpath(path), target, code) for code in re.split(r"[\s,]+", codes.strip()) if code)
    return expected


def expectations(tree: Path, skip: Path | None = None) -> set[tuple[str, int, str]]:
    found = set()
    for path in sorted(tree.rglob("*.md*")):
        if skip is None or skip not in path.parents:
            found |= expectations_in(path)
    return found


def lint_tree(tree: Path):
    config = load_config(tree)
    return lint_paths([str(tree)], config, jobs=1)


def as_set(findings) -> set[tuple[str, int, str]]:
    return {(os.path.realpath(f.path), f.line, f.code) for f in findings}


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
])  # fmt: skip
def test_marker_targets(tmp_path, line, expected):
    page = tmp_path / "page.mdx"
    page.write_text("\n" * 9 + line + "\nnext\n", encoding="utf-8")
    assert {target for _, target, _ in expectations_in(page)} == {expected}
