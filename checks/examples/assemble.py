"""One program per (page, language): the planned pieces, substituted, joined, with a line map.

The line map turns a line of the program back into the page (or snippet) line it came
from, so a traceback says `docs/page.mdx, line 42` instead of `example.py, line 7`.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.docs.discover import display_path
from checks.examples.plan import Piece
from checks.examples.substitute import Target, substitute

# The first lines of each program: bash stops at the first failing command, like a reader
# would, and says which line it was (the runner maps that line back to the page).
PRELUDES = {"bash": ["set -eE", "trap 'echo \"$0: line $LINENO: exit status $?\" >&2' ERR"]}
COMMENT = {"python": "#", "bash": "#", "javascript": "//", "typescript": "//"}


@dataclass(frozen=True)
class Span:
    """Program lines [first, first + count) come from `source` starting at `line`."""

    first: int
    count: int
    source: str
    line: int


@dataclass(frozen=True)
class Program:
    page: str
    language: str
    code: str
    spans: tuple[Span, ...]

    def locate(self, program_line: int) -> tuple[str, int] | None:
        """(source file, line) of a program line, or None for the runner's own lines."""
        for span in self.spans:
            if span.first <= program_line < span.first + span.count:
                return span.source, span.line + program_line - span.first
        return None

    @property
    def first_location(self) -> tuple[str, int]:
        span = next((span for span in self.spans if span.count), None)
        return (span.source, span.line) if span else (self.page, 1)


def assemble(page: str, language: str, pieces: list[Piece], target: Target) -> Program:
    """Join `pieces` into one program calling `target`; each piece keeps its own lines."""
    lines = list(PRELUDES.get(language, []))
    spans = []
    for piece in pieces:
        what = "hidden setup" if piece.hidden else "setup" if piece.setup else "block"
        lines.append(f"{COMMENT[language]} {what} from {display_path(piece.source, page)}:{piece.line}")
        code = substitute(piece.code, language, target)
        code_lines = code.split("\n")
        if code_lines and code_lines[-1] == "":
            code_lines.pop()
        spans.append(Span(len(lines) + 1, len(code_lines), piece.source, piece.line))
        lines.extend(code_lines)
    return Program(page, language, "\n".join(lines) + "\n", tuple(spans))
