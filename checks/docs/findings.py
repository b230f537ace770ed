"""A finding is one thing a rule says about one place. Small and frozen, like pyflakes' messages."""

from __future__ import annotations

from dataclasses import dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Fix:
    """A safe replacement of source text [line:column, end_line:end_column) in `path`."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    replacement: str
    description: str = ""


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    column: int
    code: str
    message: str  # what is wrong, with the fix hint in the same sentence or the next
    severity: str = "error"
    rule: str = ""  # kebab name of the rule
    end_line: int | None = None
    profile: str | None = None
    fix: Fix | None = None

    @property
    def sort_key(self):
        return (self.path, self.line, self.column, self.code, self.message)
