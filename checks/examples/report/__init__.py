"""What `examples run` feeds the one report interface (`checks.report`): programs as entries.

`render(fmt, result)` gives every format of `checks.report.FORMATS`; the text and JSON
layouts are this command's own (`text.py`, `json.py`), the rest is generic.
"""

from __future__ import annotations

from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT
from checks.report import FAILED as ENTRY_FAILED
from checks.report import FORMATS, Entry, Place, Report, relative
from checks.report import render as render_report

__all__ = ["FORMATS", "render", "relative", "sandbox_line", "summary", "summary_line", "to_report"]

OUTCOMES = {PASSED: "passed", FAILED: ENTRY_FAILED, TIMED_OUT: ENTRY_FAILED, SKIPPED: "skipped"}


def _details(outcome) -> str:
    lines = [f"at {relative(outcome.source or outcome.page)}:{outcome.line}"]
    if outcome.hint:
        lines.append(f"likely culprit: {outcome.hint}")
    if outcome.last_exchange is not None:
        lines.append(f"last response: {outcome.last_exchange.line()} {outcome.last_exchange.body}")
    if outcome.output:
        lines += ["output:", *outcome.output]
    return "\n".join(lines)


def _entry(outcome) -> Entry:
    note = [f"likely culprit: {outcome.hint}"] if outcome.hint else []
    note += list(outcome.output)
    page = relative(outcome.page)
    return Entry(f"example-{outcome.language}", OUTCOMES[outcome.verdict], message=outcome.reason,
                 place=Place(relative(outcome.source or outcome.page), outcome.line),
                 title=f"example {outcome.language} {outcome.verdict}", group=page, case=outcome.language,
                 classname=page, note="\n".join(note), detail=_details(outcome),
                 kind="timeout" if outcome.verdict == TIMED_OUT else "failure", seconds=outcome.seconds)


def to_report(result) -> Report:
    """An `ExamplesResult` as a `checks.report.Report`."""
    from checks.examples.report import json as json_report, text as text_report

    fences = sandbox_line(result)
    warnings = [("", note) for note in result.notes]
    if fences and not result.sandbox["namespaces"]:
        warnings.append(("examples sandbox", fences))
    return Report(
        tool="examples",
        entries=[_entry(outcome) for outcome in result.outcomes],
        summary_line=summary_line(result),
        document=json_report.document(result),
        text=lambda color: text_report.render(result, color=color),
        errors=list(result.errors),
        warnings=warnings,
        junit_name="jobs-checks examples",
        junit_properties={"sandbox": fences} if fences else {},
    )


def render(fmt: str, result, *, color: bool = False) -> str:
    return render_report(fmt, to_report(result), color=color)


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
