"""Machine report: `{"version": 1, "findings": [...], "summary": {...}}`, paths relative to the cwd."""

from __future__ import annotations

from checks.docs.report import counts, relative

VERSION = 1


def finding_record(finding) -> dict:
    fix = None
    if finding.fix is not None:
        fix = {
            "path": relative(finding.fix.path),
            "line": finding.fix.line,
            "column": finding.fix.column,
            "end_line": finding.fix.end_line,
            "end_column": finding.fix.end_column,
            "replacement": finding.fix.replacement,
            "description": finding.fix.description,
        }
    return {
        "path": relative(finding.path),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "code": finding.code,
        "rule": finding.rule,
        "severity": finding.severity,
        "message": finding.message,
        "profile": finding.profile,
        "fix": fix,
    }


def document(result) -> dict:
    return {"version": VERSION, "findings": [finding_record(f) for f in result.findings], "summary": counts(result)}
