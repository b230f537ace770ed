"""The terminal summary: a check × operation matrix, then each failure with a curl reproducer."""

from __future__ import annotations

from checks.contract.outcomes import FAILED, PASSED, SKIPPED

CELLS = {PASSED: "ok", FAILED: "FAIL", SKIPPED: "skip"}
NOT_RUN = "."


def _matrix(report) -> list[str]:
    operations = sorted({row.operation for row in report.rows}, key=lambda label: (label.split(" ", 1)[-1], label))
    column = {operation: str(number) for number, operation in enumerate(operations, start=1)}
    lines = ["operations: " + "   ".join(f"[{column[operation]}] {operation}" for operation in operations), ""]
    cells: dict[str, dict[str, str]] = {}
    for row in report.rows:
        cells.setdefault(row.name, {})[row.operation] = CELLS[row.status]
    width = max([len("check")] + [len(name) for name in cells])
    cell = max(len(text) for text in (*CELLS.values(), *column.values()))
    lines.append(f"{'check':<{width}}  " + " ".join(f"{column[op]:>{cell}}" for op in operations))
    lines.append("-" * width + "  " + " ".join("-" * cell for _ in operations))
    for name in sorted(cells):
        lines.append(f"{name:<{width}}  " + " ".join(f"{cells[name].get(op, NOT_RUN):>{cell}}" for op in operations))
    return lines


def _rows(report) -> list[str]:
    """The long form (--verbose): one line per check and operation, with how often it ran."""
    lines = []
    for row in report.rows:
        runs = f"{row.failure_count} of {row.passes + row.failure_count} failed" if row.status == FAILED else f"{row.passes} passed"
        lines.append(f"  {row.name} on {row.operation}: {row.status} ({runs})")
    return lines


def render(report, verbose: bool = False) -> str:
    """The whole console report as one string (masked)."""
    version = report.version or "unknown"
    lines = [f"jobs-checks contract: profile {report.profile}, server {report.base_url} (version {version}), "
             f"seed {report.seed}", ""]
    lines += _matrix(report) if report.rows else ["no check ran"]
    if verbose:
        lines += ["", "Every check and operation:"] + _rows(report)
    skipped = [row for row in report.rows if row.status == SKIPPED]
    if skipped:
        lines += ["", "Skipped:"] + [f"  {row.name} on {row.operation}: {row.skip_reason or 'not exercised'}" for row in skipped]
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
                  f"(check × operation) — {summary['requests']} requests in {summary['seconds']:.1f} s, seed {report.seed}"]
    return report.mask("\n".join(lines))


def _shorten(message: str, limit: int = 12) -> str:
    lines = message.strip().splitlines()
    return "\n".join(lines[:limit] + (["..."] if len(lines) > limit else []))
