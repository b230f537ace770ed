"""Applying the fixes rules attach to findings: files are written only when asked.

A fix replaces [line:column, end_line:end_column) of one file, in the page model's
positions: 1-based lines (a CRLF or a lone CR ends a line, as in `source.normalise`) and
1-based code-point columns, a byte-order mark not counted. Everything outside the edited
spans stays byte-for-byte: line endings, the BOM, non-ASCII text. Two fixes that touch the
same text are never both applied; the one left over is picked up by the next pass.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field

from checks.docs.findings import Fix

_LINE_END = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # a line with its end, for diffs
BOM = "\ufeff"


@dataclass
class FileFix:
    """The outcome of fixing one file: its text before and after, what was applied or skipped."""

    path: str
    before: str
    after: str
    applied: list[Fix] = field(default_factory=list)
    skipped: list[tuple[Fix, str]] = field(default_factory=list)  # (fix, why)
    problem: str | None = None  # the file could not be read or decoded: nothing applied

    @property
    def changed(self) -> bool:
        return self.after != self.before


class _Lines:
    """Offsets of each line of a text (without the BOM) and the line end that closes it."""

    def __init__(self, text: str):
        self.starts = [0]
        self.ends: list[int] = []
        self.breaks: list[str] = []
        for match in _LINE_END.finditer(text):
            self.ends.append(match.start())
            self.breaks.append(match.group())
            self.starts.append(match.end())
        self.ends.append(len(text))
        self.breaks.append("")

    def offset(self, line: int, column: int) -> int | None:
        """Offset of a 1-based line and column, or None when it is not inside that line."""
        if not 1 <= line <= len(self.starts) or column < 1:
            return None
        offset = self.starts[line - 1] + column - 1
        return offset if offset <= self.ends[line - 1] else None

    def newline(self, line: int) -> str:
        """The line end a multi-line replacement on `line` should use."""
        for candidate in (self.breaks[line - 1], *self.breaks):
            if candidate:
                return candidate
        return "\n"


def apply_fixes(text: str, fixes) -> tuple[str, list[Fix], list[tuple[Fix, str]]]:
    """(fixed text, applied, skipped with a reason) for fixes of one file's decoded text."""
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom):]
    lines = _Lines(body)
    spans, skipped = [], []
    for fix in dict.fromkeys(fixes):  # a snippet seen through two pages yields the same fix twice
        start, end = lines.offset(fix.line, fix.column), lines.offset(fix.end_line, fix.end_column)
        if start is None or end is None or end < start:
            skipped.append((fix, "its span is not inside the file"))
            continue
        replacement = fix.replacement
        if "\n" in replacement:
            replacement = replacement.replace("\n", lines.newline(fix.line))
        spans.append((start, end, replacement, fix))
    spans.sort(key=lambda span: (span[0], span[1]))
    kept = []
    for span in spans:
        if kept and (span[0] < kept[-1][1] or span[0] == kept[-1][0]):
            skipped.append((span[3], "it overlaps another fix (run --fix again)"))
            continue
        kept.append(span)
    pieces, copied = [], 0
    for start, end, replacement, _ in kept:
        pieces += [body[copied:start], replacement]
        copied = end
    pieces.append(body[copied:])
    return bom + "".join(pieces), [span[3] for span in kept], skipped


def fixes_by_file(findings) -> dict[str, list[Fix]]:
    """The fixes findings carry, grouped by the file they edit (a snippet, not always the page)."""
    grouped: dict[str, list[Fix]] = {}
    for finding in findings:
        if finding.fix is not None:
            grouped.setdefault(os.path.normpath(finding.fix.path), []).append(finding.fix)
    return grouped


def fix_files(findings, *, write: bool) -> list[FileFix]:
    """Apply the findings' fixes file by file; write the changed files only when `write`."""
    outcomes = []
    for path, fixes in sorted(fixes_by_file(findings).items()):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
            outcomes.append(FileFix(path, "", "", skipped=[(f, reason) for f in fixes], problem=f"{path}: cannot fix: {reason}"))
            continue
        after, applied, skipped = apply_fixes(text, fixes)
        outcome = FileFix(path, text, after, applied, skipped)
        if write and outcome.changed:
            with open(path, "wb") as handle:
                handle.write(after.encode("utf-8"))
        outcomes.append(outcome)
    return outcomes


def unified_diff(outcome: FileFix) -> str:
    """A `diff -u` of one fixed file; line ends are kept as they are in the file."""
    shown = outcome.path.replace(os.sep, "/")
    lines = difflib.unified_diff(
        _LINE.findall(outcome.before),
        _LINE.findall(outcome.after),
        fromfile=f"a/{shown}",
        tofile=f"b/{shown}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)
