"""One report interface for every command: a domain feeds a `Report`, a format renders it.

`lint`, `contract` and `examples` each turn their result into a `Report` (entries, rules,
run problems, their JSON document and their human text); `render(fmt, report)` gives any
of `FORMATS` for any of them. A format module never knows which command fed it, and
`write` is the one place a report reaches a file (masked, like every stream).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

FORMATS = ("text", "json", "sarif", "junit", "github")
FAILED, PASSED, SKIPPED = "failed", "passed", "skipped"
LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Place:
    """Where in a file an entry points (1-based; the path as the user sees it)."""

    path: str
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None


@dataclass(frozen=True)
class Edit:
    """A replacement that fixes an entry (SARIF `fixes`)."""

    place: Place
    replacement: str
    description: str


@dataclass(frozen=True)
class Entry:
    """One thing a run says: a lint finding, a check on one operation, one program."""

    rule: str  # its identity in every format: a code (JC201) or a check name
    outcome: str = FAILED
    level: str = "error"  # how bad a failed entry is: error, warning, info
    message: str = ""
    place: Place | None = None
    title: str = ""  # GitHub annotation title
    group: str = ""  # JUnit suite: the file, the operation, the page
    case: str = ""  # JUnit test case within the group
    classname: str = ""  # JUnit classname (default: the group)
    note: str = ""  # what a reader of an annotation needs beside the message (a culprit, the output)
    detail: str = ""  # the whole story: the JUnit failure body
    log: str = ""  # worth keeping beside an entry that did not fail (JUnit `system-err`)
    kind: str = "failure"  # JUnit failure type
    seconds: float | None = None
    fixes: tuple[Edit, ...] = ()
    properties: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RuleInfo:
    """What a report says about a rule or check: SARIF `tool.driver.rules`."""

    id: str
    name: str = ""
    summary: str = ""
    doc: str = ""
    level: str = "warning"


class LazyRules(Mapping):
    """{id: rule} made by `build()` the first time it is read: a catalogue costly to assemble
    (every lint rule module imported) that only some formats read."""

    def __init__(self, build: Callable[[], Mapping]):
        self._build = build
        self._rules: Mapping | None = None

    def _built(self) -> Mapping:
        if self._rules is None:
            self._rules = self._build()
        return self._rules

    def __getitem__(self, key):
        return self._built()[key]

    def __iter__(self):
        return iter(self._built())

    def __len__(self) -> int:
        return len(self._built())


@dataclass
class Report:
    """What one run of one command has to say, in a shape every format reads."""

    tool: str  # "lint", "contract", "examples"
    entries: list[Entry]
    summary_line: str
    document: dict  # the JSON report, in the command's documented shape
    text: Callable[[bool], str]  # the human report (argument: colour)
    rules: Mapping[str, RuleInfo] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # the run could not do all it was asked
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (title, text) worth an annotation
    junit_name: str = ""
    junit_attributes: dict[str, str] = field(default_factory=dict)  # extra attributes of <testsuites>
    junit_properties: dict[str, str] = field(default_factory=dict)
    junit_errors: bool = True  # run problems as an error suite

    def count(self, outcome: str) -> int:
        return sum(entry.outcome == outcome for entry in self.entries)


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    """The report in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "text":
        return report.text(color)
    return importlib.import_module(f"checks.report.{fmt}").render(report)


def render_masked(fmt: str, report: Report, *, color: bool = False) -> str:
    """The report with every secret the command knows of masked (`checks.masking.process_masker`)."""
    from checks.masking import process_masker

    return process_masker()(render(fmt, report, color=color))


def write(path: str | Path, fmt: str, report: Report) -> None:
    """Write a report file, masked; raises OSError for the caller to say as one line."""
    Path(path).write_text(render_masked(fmt, report), encoding="utf-8")


def relative(path: str) -> str:
    """A path as the user sees it: relative to the current directory, forward slashes."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = path
    if shown.startswith(".." + os.sep) and os.path.isabs(path):
        shown = path
    return shown.replace(os.sep, "/")


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
