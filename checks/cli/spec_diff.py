"""`jobs-checks spec diff`: how far a published OpenAPI document has drifted from a profile.

Registered under `jobs-checks spec` by `checks/cli/spec.py`.
"""

from __future__ import annotations

import json
import sys

import click

from checks.cli.edge import EXIT_CLEAN, EXIT_FINDINGS, UsageError

from checks.apispec.loader import ALL_PROFILES


def _one_line(text: str) -> str:
    return " ".join(text.split())


def report_text(report) -> str:
    """Differences grouped by severity, one line each, with both pointers."""
    summary = report.summary
    lines = [f"{report.other} against profile {report.profile}: {summary['operations_matched']} of "
             f"{summary['operations_compared']} operations found"]
    for severity, differences in report.by_severity().items():
        if not differences:
            continue
        lines.append(f"{severity} ({len(differences)})")
        for d in differences:
            lines.append(f"  {d.kind}: {_one_line(d.message)}  [canonical {d.canonical_pointer} | other "
                         f"{_one_line(d.other_pointer)}]")
    if summary["total"]:
        lines.append(", ".join(f"{summary[s]} {s}" for s in ("breaking", "misleading", "cosmetic")))
    else:
        lines.append("no differences")
    return "\n".join(lines) + "\n"


def report_json(report) -> str:
    return json.dumps({"profile": report.profile, "other": report.other,
                       "differences": [d.as_dict() for d in report.differences], "summary": report.summary},
                      indent=2, ensure_ascii=False) + "\n"


@click.command()
@click.argument("other", metavar="OTHER.yaml")
@click.option("--profile", type=click.Choice(ALL_PROFILES), required=True, help="Dialect to compare against.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(other, profile, fmt):
    """Compare a published OpenAPI 3.0/3.1 document with the canonical profile.

    Exit 1 when a difference would break a client, 2 when OTHER.yaml cannot be read.
    """
    from checks.apispec.diff import diff_document
    from checks.apispec.diff_load import DiffInputError

    try:
        report = diff_document(profile, other)
    except DiffInputError as exc:
        raise UsageError(_one_line(str(exc))) from None
    click.echo(report_json(report) if fmt == "json" else report_text(report), nl=False)
    sys.exit(EXIT_FINDINGS if report.breaking else EXIT_CLEAN)
