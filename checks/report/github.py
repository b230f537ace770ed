"""GitHub Actions workflow commands: an annotation per failed entry (and per skipped one with a place)."""

from __future__ import annotations

from checks.report import FAILED, SKIPPED

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`): also `:` and `,`, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(entry) -> str:
    properties: dict = {}
    place = entry.place
    if place is not None:
        properties["file"] = place.path
        if place.line is not None:
            properties["line"] = place.line
        if place.column is not None:
            properties["col"] = place.column
        if place.end_line and place.end_line != place.line:
            properties["endLine"] = place.end_line
    if entry.title:
        properties["title"] = entry.title
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    level = "notice" if entry.outcome == SKIPPED else COMMANDS.get(entry.level, "warning")
    text = entry.message + (f"\n{entry.note}" if entry.note else "")
    return f"::{level}{' ' + joined if joined else ''}::{escape_data(text)}"


def annotated(entry) -> bool:
    return entry.outcome == FAILED or (entry.outcome == SKIPPED and entry.place is not None)


def render(report) -> str:
    lines = [command(entry) for entry in report.entries if annotated(entry)]
    lines += [f"::error::{escape_data(error)}" for error in report.errors]
    for title, text in report.warnings:
        lines.append(f"::warning{' title=' + escape_property(title) if title else ''}::{escape_data(text)}")
    lines.append(report.summary_line)
    return "\n".join(lines) + "\n"
