"""The one edge between the user and the suite: exit codes and how a mistake is said.

Every command exits with the same codes:

    0  clean: nothing to report (or `--exit-zero`)
    1  findings: lint errors, contract violations, failing samples, breaking spec drift
    2  usage or input error: a bad flag, a missing or unreadable file, an unreachable server
    3  internal error: a bug in jobs-checks (a crashing rule, a broken shipped spec)

A user mistake is one line on stderr, `jobs-checks: error: ...`, never a traceback.
"""

from __future__ import annotations

import sys
from typing import NoReturn

import click

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3

PREFIX = "jobs-checks"


def say(kind: str, message: str) -> None:
    """One line on stderr: `jobs-checks: <kind>: message` (kind: error, warning, note)."""
    click.echo(f"{PREFIX}: {kind}: {message}" if kind else f"{PREFIX}: {message}", err=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Stop the command with one line on stderr; the default is a usage or input error."""
    say("error", " ".join(str(message).split()))
    sys.exit(code)


class UsageError(click.ClickException):
    """Raised where a command cannot call `fail` directly (click callbacks): one line, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        say("error", " ".join(self.format_message().split()))


def deliver(report, fmt: str, output: str | None, *, no_color: bool = False) -> None:
    """Print a `checks.report.Report` in `fmt`, or write it to `output` (and say its summary on stderr).

    Every byte goes through the command's masker; colour only on a terminal that wants it.
    """
    import os

    from checks.report import render_masked

    color = fmt == "text" and output is None and not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    if write_out(render_masked(fmt, report, color=color), output):
        say("", report.summary_line)


def write_out(text: str, output: str | None) -> bool:
    """`text` to the file `output` (True), or to stdout when there is none (False); a file that cannot be written is exit 2."""
    from pathlib import Path

    if output is None:
        click.echo(text, nl=False)
        return False
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--output: cannot write {output}: {exc.strerror}")
    return True
