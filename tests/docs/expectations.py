"""`expect:` markers: the findings a fixture page or a seeded docs page says it must produce.

A marker `expect: CODE[, CODE]` sits in a JSX comment (`{/* expect: JC301 */}`) outside code,
or in a code comment (`# expect: JC201`, `// expect: JC401`) inside a fence, where JSX
comments are code. It points at the next line. At the end of a table row (a line starting
with `|`) it points at that row, since a comment line of its own would end the table. Like
pyflakes' and ruff's fixture tests, the found (path, line, code) set must equal the marked
one, in both directions.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_MARKER = re.compile(r"(\{/\*\s*expect:\s*(?P<jsx>[A-Z0-9,\s]+?)\s*\*/\}|(?:#|//)\s*expect:\s*(?P<code>[A-Z0-9,\s]+?)\s*$)")


def expectations_in(path: Path | str) -> set[tuple[str, int, str]]:
    """(real path, line, code) for every marker in one file."""
    expected = set()
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
        target = number if line.lstrip().startswith("|") else number + 1
        for match in _MARKER.finditer(line):
            codes = match.group("jsx") or match.group("code")
            expected.update((os.path.realpath(path), target, code) for code in re.split(r"[\s,]+", codes.strip()) if code)
    return expected


def expectations(tree: Path, skip: Path | None = None) -> set[tuple[str, int, str]]:
    """The markers of every page below `tree`, leaving out the pages below `skip`."""
    found = set()
    for path in sorted(tree.rglob("*.md*")):
        if skip is None or skip not in path.parents:
            found |= expectations_in(path)
    return found


def expected_findings(page, code: str) -> set[tuple[str, int, str]]:
    """The markers for `code` in the page and in the snippets it renders."""
    files = {os.path.realpath(page.path)}
    files.update(os.path.realpath(i.resolved) for i in page.imports if i.resolved)
    return {e for path in files for e in expectations_in(path) if e[2] == code}


def fixture_pages(code: str) -> list[Path]:
    return sorted((FIXTURES / code).glob("*.mdx"))


def as_set(findings) -> set[tuple[str, int, str]]:
    return {(os.path.realpath(f.path), f.line, f.code) for f in findings}
