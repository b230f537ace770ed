"""The terminal summary: a check × operation table, then each failure with a curl reproducer."""

from __future__ import annotations

from checks.contract.outcomes import FAILED, PASSED, SKIPPED

MARKS = {PASSED: "passed", FAILED: "FAILED", SKIPPED: "skipped"}


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]
    lines = []
    for number, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return lines


def render(report, verbose: bool = False) -> str:
    """The whole console report as one string (masked)."""
    version = report.version or "unknown"
    lines = [f"jobs-checks contract: profile {report.profile}, server {report.base_url} (version {version}), seed {report.seed}", ""]
    rows = [("check", "operation", "result", "runs")]
    for row in report.rows:
        runs = f"{row.failure_count}/{row.passes + row.failure_count}" if row.status == FAILED else str(row.passes or "")
        result = MARKS[row.status] + (f" ({row.skip_reason})" if row.status == SKIPPED and row.skip_reason else "")
        rows.append((row.name, row.operation, result, runs))
    lines += _table(rows)
    for note in report.notes:
        lines.append(f"note: {note}")
    failed = [row for row in report.rows if row.status == FAILED]
    if failed:
        lines += ["", "Failures", "========"]
        for row in failed:
            lines.append(f"{row.name} on {row.operation} ({row.failure_count} failing response(s)):")
            for failure in row.failures:
                message = failure.message if verbose else _shorten(failure.message)
                lines.append("  - " + message.replace("\n", "\n    "))
                if failure.curl:
                    lines.append("    reproduce: " + failure.curl.replace("\n", "\n    "))
    summary = report.summary
    verdict = "CONFORMING" if report.conforming else "VIOLATIONS FOUND"
    lines += ["", f"{verdict}: {summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} skipped "
                  f"— {summary['requests']} requests in {summary['seconds']:.1f} s"]
    return report.mask("\n".join(lines))


def _shorten(message: str, limit: int = 12) -> str:
    lines = message.strip().splitlines()
    return "\n".join(lines[:limit] + (["..."] if len(lines) > limit else []))
