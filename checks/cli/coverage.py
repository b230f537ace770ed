"""`jobs-checks coverage`: which parts of each profile's contract the docs leave out.

Exit codes: 0 report written; 1 `--fail-under N` and a reported profile covers less than
N percent of its contract; 2 a usage error or unreadable input (one line on stderr).
"""

from __future__ import annotations

import os
import sys

import click

from checks.cli.edge import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, fail, say, write_out

from checks.coverage.report import FORMATS
from checks.apispec import PROFILES



@click.command()
@click.argument("docs_dir", type=click.Path())
@click.option("--profile", type=click.Choice(PROFILES), help="Report only this dialect (default: every profile).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format; markdown is ready to paste into a pull-request comment.")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="N",
              help="Exit 1 when a reported profile covers less than N percent of its contract.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--config", "config_path", type=click.Path(), help="jobs-checks.toml or pyproject.toml to use (default: nearest).")
def coverage(docs_dir, profile, fmt, fail_under, output, config_path):
    """Report which operations, parameters, values, statuses, fields and caveats of each
    profile the docs pages under DOCS_DIR mention, and where a missing one belongs."""
    from checks.coverage.measure import measure
    from checks.coverage.report import render
    from checks.docs.config import ConfigError, config_for

    if not os.path.exists(docs_dir):
        fail(f"no such file or directory: {docs_dir}")
    try:
        config = config_for([docs_dir], config_path)
    except ConfigError as exc:
        fail(str(exc))
    try:
        report = measure([docs_dir], config, profiles=(profile,) if profile else PROFILES)
    except FileNotFoundError as exc:
        fail(f"no such file or directory: {exc.args[0] if exc.args else exc}")

    text = render(fmt, report)
    write_out(text, output)
    for error in report.errors:
        say("error", error)
    if report.errors:
        sys.exit(EXIT_USAGE)
    below = report.below(fail_under) if fail_under is not None else []
    for profile_coverage in below:
        say("", f"{profile_coverage.profile} covers {profile_coverage.percent:.1f}% of its contract, "
                f"under --fail-under {fail_under:g}")
    sys.exit(EXIT_FINDINGS if below else EXIT_CLEAN)
