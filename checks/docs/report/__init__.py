"""Report formats: findings in, text out. A format never knows where a finding came from.

Each module (`text`, `json`, `sarif`, `github`) has `render(result, rules, *, color=False) -> str`,
where `result` is a `LintResult` and `rules` maps each code to its `Rule` (name, summary, doc).
"""

from __future__ import annotations

import importlib
import os
from collections import Counter

FORMATS = ("text", "json", "sarif", "github")
SEVERITY_ORDER = ("error", "warning", "info")


def render(fmt: str, result, rules: dict, *, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"checks.docs.report.{fmt}")
    return module.render(result, rules, color=color)


def relative(path: str) -> str:
    """A finding's path relative to the current directory, with forward slashes."""
    try:
        shown = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        shown = path
    if shown.startswith(".." + os.sep) and os.path.isabs(path):
        shown = path
    return shown.replace(os.sep, "/")


def counts(result) -> dict:
    """Counts every format reports: by severity, by code, and files with findings."""
    by_severity = Counter(f.severity for f in result.findings)
    return {
        "findings": len(result.findings),
        "by_severity": {level: by_severity.get(level, 0) for level in SEVERITY_ORDER},
        "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
        "files": result.files,
        "files_with_findings": len({f.path for f in result.findings}),
        "errors": list(result.errors),
    }


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def summary_line(result) -> str:
    """`12 findings (9 errors, 2 warnings, 1 info) in 4 of 9 files`."""
    numbers = counts(result)
    if not numbers["findings"]:
        return f"no findings in {_plural(numbers['files'], 'file')}"
    parts = [
        _plural(numbers["by_severity"][level], level, "info" if level == "info" else None)
        for level in SEVERITY_ORDER
        if numbers["by_severity"][level]
    ]
    return (
        f"{_plural(numbers['findings'], 'finding')} ({', '.join(parts)}) "
        f"in {numbers['files_with_findings']} of {_plural(numbers['files'], 'file')}"
    )
