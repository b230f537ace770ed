"""The terminal report: a check × operation matrix, the distinct problems, the server defects, the verdict.

Each problem comes with the request that showed it, the server's answer (status and the
start of its body) and a curl line that repeats it; server defects (bugs outside the
contract) are listed apart and do not change the verdict.
"""

from __future__ import annotations

from checks.contract.outcomes import FAILED, PASSED, SKIPPED
from checks.contract.report.problems import NOT_SERVED, problems

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


def _exchange(failure, indent: str = "     ") -> list[str]:
    lines = []
    if failure is None:
        return lines
    if failure.request:
        answer = f" -> {failure.status}" if failure.status is not None else ""
        lines.append(f"{indent}request: {failure.request}{answer}" + (f"  {failure.body}" if failure.body else ""))
    if failure.expected:
        lines.append(f"{indent}expected: {failure.expected}")
    if failure.curl:
        lines.append(f"{indent}reproduce: " + failure.curl.replace("\n", f"\n{indent}  "))
    return lines


def _problem_lines(report, verbose: bool) -> list[str]:
    found = problems(report)
    if not found:
        return []
    lines = ["", f"Problems ({len(found)})", "============"]
    for number, problem in enumerate(found, start=1):
        count = f" ({problem.count} failing responses)" if problem.count > 1 else ""
        if problem.kind == NOT_SERVED:
            lines.append(f"{number:>2}. {problem.where}: {problem.message}{count}")
            continue
        lines.append(f"{number:>2}. [{problem.check}] {problem.where}: {problem.message}{count}")
        if verbose and problem.failure is not None and "\n" in problem.failure.message.strip():
            lines += ["     " + line for line in problem.failure.message.strip().splitlines()[1:13]]
        lines += _exchange(problem.failure)
    return lines


def _defect_lines(report) -> list[str]:
    if not report.defects:
        return []
    lines = ["", f"Server defects ({len(report.defects)}): bugs outside the Jobs API contract; the verdict does not "
                 "count them", "=============="]
    for number, defect in enumerate(report.defects, start=1):
        lines.append(f"{number:>2}. {defect.operation}: {defect.message}")
        if defect.status is not None:
            lines.append(f"     answer: {defect.status}" + (f"  {defect.body}" if defect.body else ""))
        if defect.curl:
            lines.append("     reproduce: " + defect.curl.replace("\n", "\n       "))
    return lines


def render(report, verbose: bool = False) -> str:
    """The whole console report as one string (masked)."""
    version = report.version or "unknown"
    lines = [f"jobs-checks contract: profile {report.profile}, server {report.base_url} (version {version}), "
             f"seed {report.seed}"]
    if report.dialect_hint:
        lines.append(f"note: {report.dialect_hint}")
    lines.append("")
    lines += _matrix(report) if report.rows else ["no check ran"]
    if verbose:
        lines += ["", "Every check and operation:"] + _rows(report)
    skipped = [row for row in report.rows if row.status == SKIPPED]
    if skipped:
        lines += ["", "Skipped:"] + [f"  {row.name} on {row.operation}: {row.skip_reason or 'not exercised'}" for row in skipped]
    for note in report.notes:
        lines.append(f"note: {note}")
    lines += _problem_lines(report, verbose)
    if verbose:
        failed = [row for row in report.rows if row.status == FAILED]
        if failed:
            lines += ["", "Every failure", "============="]
            for row in failed:
                lines.append(f"{row.name} on {row.operation} ({row.failure_count} failing response(s)):")
                for failure in row.failures:
                    lines.append("  - " + failure.message.replace("\n", "\n    "))
                    if failure.curl:
                        lines.append("    reproduce: " + failure.curl.replace("\n", "\n    "))
    lines += _defect_lines(report)
    lines += ["", verdict_line(report)]
    return report.mask("\n".join(lines))


def verdict_line(report) -> str:
    """`CONFORMING: 164 passed, 0 failed, 0 skipped (check × operation) — 323 requests in 3.0 s, seed 1`."""
    summary = report.summary
    verdict = "CONFORMING" if report.conforming else "VIOLATIONS FOUND"
    defects = f", {summary['defects']} server defect(s) apart" if summary["defects"] else ""
    return (f"{verdict}: {summary['passed']} passed, {summary['failed']} failed, {summary['skipped']} skipped "
            f"(check × operation){defects} — {summary['requests']} requests in {summary['seconds']:.1f} s, "
            f"seed {report.seed}")
