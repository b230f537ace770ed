"""Report formats for `examples run`: outcomes in, text out, like the linter's.

Each module (`text`, `json`, `github`, `junit`) has `render(result, *, color=False) -> str`
over an `ExamplesResult`; none knows how a program ran.
"""

from __future__ import annotations

import importlib

from checks.docs.report import relative
from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT

FORMATS = ("text", "json", "github", "junit")

__all__ = ["FORMATS", "render", "relative", "sandbox_line", "summary", "summary_line"]


def render(fmt: str, result, *, color: bool = False) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return importlib.import_module(f"checks.examples.report.{fmt}").render(result, color=color)


def summary(result) -> dict:
    return {
        "programs": len(result.outcomes),
        "passed": result.count(PASSED),
        "failed": result.count(FAILED),
        "timed_out": result.count(TIMED_OUT),
        "skipped": result.count(SKIPPED),
        "pages": result.pages,
        "runnable_pages": result.runnable_pages,
        "errors": list(result.errors),
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result) -> str:
    """`5 programs: 3 passed, 1 failed, 1 timed out, 0 skipped (3 of 12 pages opted in)`."""
    numbers = summary(result)
    if not numbers["programs"]:
        return f"no programs to run: none of {_plural(numbers['pages'], 'page')} opted in with jobs-checks-run"
    return (f"{_plural(numbers['programs'], 'program')}: {numbers['passed']} passed, {numbers['failed']} failed, "
            f"{numbers['timed_out']} timed out, {numbers['skipped']} skipped "
            f"({numbers['runnable_pages']} of {_plural(numbers['pages'], 'page')} opted in)")


def sandbox_line(result) -> str | None:
    """One line on the fences the programs ran behind, or None when no program ran."""
    fences = result.sandbox
    if not fences:
        return None
    if fences["namespaces"]:
        text = ("sandbox: isolated: network limited to the server under test, filesystem read-only outside "
                "private temp folders, allow-listed environment, resource limits, every process killed at the end")
    else:
        text = (f"sandbox: network and filesystem NOT isolated ({fences['why_not']}); allow-listed environment, "
                "resource limits, every process killed at the end")
    if fences["process_limit"] not in ("rlimit", "cgroup"):
        text += f"; process count not capped ({fences['process_limit']})"
    return text
