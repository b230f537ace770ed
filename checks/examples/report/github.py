"""GitHub Actions workflow commands: an `::error` per failed or timed-out program, a `::notice` per skip."""

from __future__ import annotations

from checks.docs.report.github import escape_data, escape_property
from checks.examples.outcomes import FAILED, SKIPPED, TIMED_OUT
from checks.examples.report import relative, sandbox_line, summary_line

COMMANDS = {FAILED: "error", TIMED_OUT: "error", SKIPPED: "notice"}


def command(outcome) -> str:
    properties = {"file": relative(outcome.source or outcome.page), "line": outcome.line,
                  "title": f"example {outcome.language} {outcome.verdict}"}
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    message = outcome.reason + (f"\nlikely culprit: {outcome.hint}" if outcome.hint else "")
    if outcome.output:
        message += "\n" + "\n".join(outcome.output)
    return f"::{COMMANDS[outcome.verdict]} {joined}::{escape_data(message)}"


def render(result, *, color: bool = False) -> str:
    lines = [command(outcome) for outcome in result.outcomes if outcome.verdict in COMMANDS]
    lines += [f"::error::{escape_data(error)}" for error in result.errors]
    lines += [f"::warning::{escape_data(note)}" for note in result.notes]
    fences = sandbox_line(result)
    if fences and not result.sandbox["namespaces"]:
        lines.append(f"::warning title=examples sandbox::{escape_data(fences)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
