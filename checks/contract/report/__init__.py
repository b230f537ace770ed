"""What `contract` feeds the one report interface (`checks.report`): check × operation rows as entries.

`render(fmt, report)` gives every format of `checks.report.FORMATS` for a `RunReport`; the
console matrix (`console.py`) and the JSON document (`json_report.py`) are this command's
own, the rest is generic. Server defects are entries of their own group, failing only
when the run fails on them (`--fail-on-defects`).
"""

from __future__ import annotations

from checks.contract.outcomes import FAILED
from checks.report import FAILED as ENTRY_FAILED
from checks.report import FORMATS, PASSED, Entry, Report
from checks.report import render as render_report

__all__ = ["FORMATS", "render", "to_report"]


def _row_entry(report, row) -> Entry:
    failed = row.status == FAILED
    message = (row.failures[0].message.splitlines()[0] if row.failures else "failed") if failed \
        else (row.skip_reason or "not exercised")
    detail = "\n\n".join(failure.message + (f"\nreproduce: {failure.curl}" if failure.curl else "") for failure in row.failures)
    return Entry(row.name, row.status, message=message, title=f"{row.name} on {row.operation}", group=row.operation,
                 case=row.name, classname=f"{report.profile}.{row.operation}", detail=detail, kind="contract-violation")


def _defect_entry(report, defect) -> Entry:
    text = defect.message + (f"\nreproduce: {defect.curl}" if defect.curl else "")
    return Entry(defect.check, ENTRY_FAILED if report.fail_on_defects else PASSED, message=defect.message,
                 title=f"server defect: {defect.check}", group="server defects", case=defect.check,
                 classname=f"{report.profile}.server-defect", detail=text, log=text, kind="server-defect")


def to_report(report, *, verbose: bool = False) -> Report:
    """A contract `RunReport` as a `checks.report.Report`."""
    from checks.contract.catalogue import all_checks
    from checks.contract.report import console, json_report
    from checks.report import RuleInfo

    rows = sorted(report.rows, key=lambda row: row.operation)  # stable: a suite per operation, in row order
    entries = [_row_entry(report, row) for row in rows] + [_defect_entry(report, d) for d in report.defects]
    rules = {check.name: RuleInfo(check.name, check.name, check.summary, check.summary, "error")
             for check in all_checks().values()}
    return Report(
        tool="contract",
        entries=entries,
        summary_line=console.verdict_line(report),
        document=json_report.as_dict(report),
        text=lambda color: report.mask(console.render(report, verbose=verbose)) + "\n",
        rules=rules,
        junit_name=f"jobs-checks contract ({report.profile})",
        junit_attributes={"time": f"{report.elapsed:.3f}"},
        junit_properties={"profile": report.profile, "server_version": report.version or "unknown",
                          "seed": str(report.seed), "base_url": report.base_url},
        junit_errors=False,
    )


def render(fmt: str, report, *, verbose: bool = False) -> str:
    return report.mask(render_report(fmt, to_report(report, verbose=verbose)))
