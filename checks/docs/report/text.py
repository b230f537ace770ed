"""Human report: `path:line:col: CODE message`, the source line, a caret, the hint; by file."""

from __future__ import annotations

import re
import unicodedata
from itertools import groupby

import click

from checks.docs.report import relative, summary_line

STYLES = {"error": {"fg": "red", "bold": True}, "warning": {"fg": "yellow", "bold": True}, "info": {"fg": "cyan", "bold": True}}


class _Sources:
    """Source lines of the files findings point into, read once."""

    def __init__(self):
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        if path not in self._lines:
            from checks.docs.reading import read_docs_file

            try:  # never blocks on a pipe nor reads a giant: those are findings already
                text = read_docs_file(path).decode("utf-8-sig", errors="replace")
                self._lines[path] = text.replace("\r\n", "\n").split("\n")
            except OSError:
                self._lines[path] = []
        lines = self._lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else ""


def caret_padding(source: str, column: int) -> str:
    """Whitespace that puts a caret under `column` (tabs kept, wide characters counted twice)."""
    pad = []
    for char in source[: max(column - 1, 0)]:
        if char == "\t":
            pad.append("\t")
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            pad.append("  ")
        else:
            pad.append(" ")
    return "".join(pad)


def _caret_width(finding, source: str) -> int:
    fix = finding.fix
    if fix is not None and fix.line == finding.line and fix.end_line == fix.line and fix.end_column > fix.column:
        return fix.end_column - fix.column
    return 1


def _hint(finding, rules: dict) -> str:
    name = finding.rule
    if not name:  # the catalogue only for a finding without its rule's name: reading it imports every rule
        rule = rules.get(finding.code)
        name = rule.name if rule else ""
    hint = f"{finding.severity}[{name}]" if name else finding.severity
    if finding.profile:
        hint += f" on a {finding.profile} page"
    if finding.fix is not None:
        description = finding.fix.description or f"replace with `{finding.fix.replacement}`"
        hint += f"; fix: {description}"
    return hint + f"; see `jobs-checks rules {finding.code}`"


SHOWN = 300  # characters of a source line shown around the column
# Control characters a page may hold (NUL, ESC sequences that would restyle a terminal): shown as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _window(source: str, column: int) -> tuple[str, int]:
    """A long line (minified code, a 3 MB run of text) cut to SHOWN characters around `column`."""
    source = _CONTROL.sub("\ufffd", source)
    if len(source) <= SHOWN:
        return source, column
    start = max(0, min(column - 1 - SHOWN // 2, len(source) - SHOWN))
    prefix = "..." if start else ""
    suffix = "..." if start + SHOWN < len(source) else ""
    return prefix + source[start:start + SHOWN] + suffix, column - start + len(prefix)


def render(result, rules: dict, *, color: bool = False) -> str:
    def style(text: str, **how) -> str:
        return click.style(text, **how) if color else text

    sources = _Sources()
    out: list[str] = []
    for path, findings in groupby(result.findings, key=lambda f: f.path):
        shown = relative(path)
        for finding in findings:
            level = STYLES.get(finding.severity, {})
            out.append(
                f"{style(f'{shown}:{finding.line}:{finding.column}:', bold=True)} "
                f"{style(finding.code, **level)} {_CONTROL.sub(chr(0xFFFD), finding.message)}"
            )
            source, column = _window(sources.line(path, finding.line), finding.column)
            if source.strip():
                gutter = " " * len(str(finding.line))
                caret = "^" * _caret_width(finding, source)
                out.append(f"{gutter} |")
                out.append(f"{finding.line} | {source.rstrip()}")
                out.append(f"{gutter} | {caret_padding(source, column)}{style(caret, **level)}")
                out.append(f"{gutter} = {_hint(finding, rules)}")
            else:
                out.append(f"  = {_hint(finding, rules)}")
        out.append("")
    out.append(summary_line(result))
    return "\n".join(out) + "\n"
