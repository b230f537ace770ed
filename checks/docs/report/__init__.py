"""What `lint` feeds the one report interface (`checks.report`): findings as entries.

`render(fmt, result, rules)` gives every format of `checks.report.FORMATS`; the text and
JSON layouts are the linter's own (`text.py`, `json.py`), the rest is generic.
"""

from __future__ import annotations

from collections import Counter

from checks.report import FORMATS, Edit, Entry, LazyRules, Place, Report, RuleInfo, relative
from checks.report import render as render_report

SEVERITY_ORDER = ("error", "warning", "info")

__all__ = ["FORMATS", "counts", "relative", "render", "summary_line", "to_report"]


def _entry(finding) -> Entry:
    place = Place(relative(finding.path), finding.line, finding.column, finding.end_line)
    fixes = ()
    if finding.fix is not None:
        fix = finding.fix
        fixes = (Edit(Place(relative(fix.path), fix.line, fix.column, fix.end_line, fix.end_column), fix.replacement,
                      fix.description or f"Replace with `{fix.replacement}`"),)
    return Entry(finding.code, level=finding.severity, message=finding.message, place=place,
                 title=f"{finding.code} {finding.rule}".strip(), group=place.path, case=f"{finding.code} line {finding.line}",
                 kind=finding.rule or finding.code, fixes=fixes,
                 properties={"profile": finding.profile} if finding.profile else {})


def _rule_info(code: str, rule) -> RuleInfo:
    return RuleInfo(code, getattr(rule, "name", ""), getattr(rule, "summary", ""), getattr(rule, "doc", ""),
                    getattr(rule, "severity", "warning"))


def to_report(result, rules) -> Report:
    """A `LintResult` and the rule catalogue (`{code: rule}`, or a function giving it when first
    needed: only formats that list every rule read it) as a `checks.report.Report`."""
    from checks.docs.report import json as json_report, text as text_report

    catalog = LazyRules(rules) if callable(rules) else rules
    return Report(
        tool="lint",
        entries=[_entry(finding) for finding in result.findings],
        summary_line=summary_line(result),
        document=json_report.document(result),
        text=lambda color: text_report.render(result, catalog, color=color),
        rules=LazyRules(lambda: {code: _rule_info(code, rule) for code, rule in catalog.items()}),
        errors=list(result.errors),
        junit_name="jobs-checks lint",
    )


def render(fmt: str, result, rules: dict, *, color: bool = False) -> str:
    return render_report(fmt, to_report(result, rules), color=color)


def counts(result) -> dict:
    """Counts every format reports: by severity, by code, and files with findings."""
    by_severity = Counter(f.severity for f in result.findings)
    return {
        "findings": len(result.findings),
        "by_severity": {level: by_severity.get(level, 0) for level in SEVERITY_ORDER},
        "by_code": dict(sorted(Counter(f.code for f in result.findings).items())),
        "files": result.files,
        "files_with_findings": len({f.path for f in result.findings}),
        "errors": list(result.errors),
    }


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def summary_line(result) -> str:
    """`12 findings (9 errors, 2 warnings, 1 info) in 4 of 9 files`."""
    numbers = counts(result)
    if not numbers["findings"]:
        return f"no findings in {_plural(numbers['files'], 'file')}"
    parts = [
        _plural(numbers["by_severity"][level], level, "info" if level == "info" else None)
        for level in SEVERITY_ORDER
        if numbers["by_severity"][level]
    ]
    return (
        f"{_plural(numbers['findings'], 'finding')} ({', '.join(parts)}) "
        f"in {numbers['files_with_findings']} of {_plural(numbers['files'], 'file')}"
    )
