"""GitHub Actions workflow commands: one `::error file=...::message` line per finding."""

from __future__ import annotations

from checks.docs.report import relative, summary_line

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message the way the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (`file=`, `title=`): also `:` and `,`, which end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding) -> str:
    properties = {"file": relative(finding.path), "line": finding.line, "col": finding.column}
    if finding.end_line and finding.end_line != finding.line:
        properties["endLine"] = finding.end_line
    properties["title"] = f"{finding.code} {finding.rule}".strip()
    joined = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{COMMANDS.get(finding.severity, 'warning')} {joined}::{escape_data(finding.message)}"


def render(result, rules: dict, *, color: bool = False) -> str:
    lines = [command(f) for f in result.findings]
    lines += [f"::error::{escape_data(error)}" for error in result.errors]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
