"""Suppression comments: turn findings off where a page says so, and report the ones that did nothing.

Three forms, read from the page's JSX comments and frontmatter:

    {/* jobs-checks-disable-next-line JC101 */}   the next non-blank line (a whole code block
                                                  or table when one starts there); no code = all
    {/* jobs-checks-disable JC201 */} ... {/* jobs-checks-enable */}   a range of lines
    jobs-checks-disable: [JC101]                  frontmatter: the whole file

Directives are JSX comments, so they live outside code (inside a fence `{/* */}` is code);
put one above a fence to cover the block.

A suppression that hides nothing is itself a finding (JC004 unused-suppression), like ruff's
RUF100, so stale ones do not pile up. `{/* expect: CODE */}` test markers are not suppressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.docs.engine_codes import UNUSED_SUPPRESSION
from checks.docs.findings import Finding
from checks.docs.page import Page

UNUSED_CODE = UNUSED_SUPPRESSION.code
FRONTMATTER_KEY = "jobs-checks-disable"

_DIRECTIVE = re.compile(r"^jobs-checks-(disable-next-line|disable|enable)\b(.*)$", re.DOTALL)
_CODE = re.compile(r"^[A-Z]+[0-9]+$")
_COMMENT_ONLY = re.compile(r"^\s*(\{/\*.*?\*/\}\s*)+$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass
class Suppression:
    """One directive: which codes it hides (empty = every code) over which lines."""

    kind: str  # "next-line" | "range" | "file"
    codes: tuple[str, ...]
    line: int  # where the directive is written (for JC004)
    column: int
    start: int
    end: int
    used: set[str] = field(default_factory=set)  # codes it actually hid ("*" for a code-less one)

    def covers(self, finding: Finding) -> bool:
        if finding.code == UNUSED_CODE and self.kind != "file":
            return False  # a suppression cannot hide the report that it (or a sibling) is unused
        if not (self.start <= finding.line <= self.end):
            return False
        return not self.codes or finding.code in self.codes


def _codes(text: str) -> tuple[str, ...]:
    return tuple(part for part in re.split(r"[\s,]+", text.strip()) if part)


def _column_of(lines: list[str], line: int, needle: str) -> int:
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    index = text.find(needle)
    return index + 1 if index >= 0 else 1


def _fence_block_end(page: Page, fence_line: int) -> int | None:
    """Closing line of the code block whose opening fence is on `fence_line`."""
    for block in page.blocks:
        if block.source == page.path and block.line - 1 == fence_line:
            return block.end_line
    return None


def _next_line(page: Page, lines: list[str], after: int) -> tuple[int, int]:
    """Line span a next-line directive ending on line `after` covers."""
    for number in range(after + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip() or _COMMENT_ONLY.match(text):
            continue
        if _FENCE.match(text):
            end = _fence_block_end(page, number)
            if end is not None:
                return number, end
        if text.lstrip().startswith("|"):  # a table: every row of it
            end = number
            while end < len(lines) and lines[end].lstrip().startswith("|"):
                end += 1
            return number, end
        return number, number
    return after + 1, after + 1


def _frontmatter_codes(page: Page) -> tuple[str, ...] | None:
    value = page.frontmatter.get(FRONTMATTER_KEY) if isinstance(page.frontmatter, dict) else None
    if value is None or value is False:
        return None
    if value is True or value == "all":
        return ()
    if isinstance(value, str):
        return _codes(value)
    if isinstance(value, list):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return None


def parse_suppressions(page: Page) -> list[Suppression]:
    """Every suppression directive of a page, with the lines each one covers."""
    lines = page.lines
    found: list[Suppression] = []
    open_ranges: list[Suppression] = []
    for comment in sorted(page.comments, key=lambda c: (c.line, c.end_line)):
        match = _DIRECTIVE.match(comment.text.strip())
        if not match:
            continue
        kind, rest = match.group(1), match.group(2)
        codes = _codes(rest)
        column = _column_of(lines, comment.line, "jobs-checks-")
        if kind == "disable-next-line":
            start, end = _next_line(page, lines, comment.end_line)
            found.append(Suppression("next-line", codes, comment.line, column, start, end))
        elif kind == "disable":
            suppression = Suppression("range", codes, comment.line, column, comment.end_line + 1, len(lines))
            found.append(suppression)
            open_ranges.append(suppression)
        else:  # enable: closes the ranges it names (all of them when it names none)
            for suppression in list(open_ranges):
                if not codes or (suppression.codes and set(suppression.codes) <= set(codes)):
                    suppression.end = comment.line - 1
                    open_ranges.remove(suppression)
    file_codes = _frontmatter_codes(page)
    if file_codes is not None:
        line = next((n for n, text in enumerate(lines, 1) if text.lstrip().startswith(FRONTMATTER_KEY)), 1)
        found.append(Suppression("file", file_codes, line, _column_of(lines, line, FRONTMATTER_KEY), 1, len(lines) + 1))
    return found


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no suppression covers; marks each suppression with the codes it hid."""
    kept = []
    for finding in findings:
        hiding = [s for s in suppressions if s.covers(finding)]
        for suppression in hiding:
            suppression.used.add(finding.code if suppression.codes else "*")
        if not hiding:
            kept.append(finding)
    return kept


def unused_suppressions(page: Page, suppressions: list[Suppression], known_codes: set[str], enabled) -> list[Finding]:
    """JC004 findings for directives (or codes within them) that hid nothing.

    Codes of rules that did not run (`enabled(code)` false) are not called unused: the
    directive may matter in a run that selects them.
    """
    findings = []
    for suppression in suppressions:
        where = {"path": page.path, "line": suppression.line, "column": suppression.column}
        if not suppression.codes:
            if not suppression.used:
                findings.append(UNUSED_SUPPRESSION.finding("hides_nothing", **where))
            continue
        for code in suppression.codes:
            if not _CODE.match(code) or code not in known_codes:
                findings.append(UNUSED_SUPPRESSION.finding("unknown_code", **where, code=code))
            elif code not in suppression.used and enabled(code):
                findings.append(UNUSED_SUPPRESSION.finding("code_hides_nothing", **where, code=code))
    return findings

