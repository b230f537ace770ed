"""The machine-readable report (`--report-json`): rows, distinct problems, server defects, summary."""

from __future__ import annotations

import json
from dataclasses import asdict


def _failure(failure) -> dict:
    return {key: value for key, value in asdict(failure).items() if value is not None or key in ("message", "curl")}


def as_dict(report) -> dict:
    from checks.contract.report.problems import problems

    return report.mask({
        "profile": report.profile,
        "server": {"base_url": report.base_url, "version": report.version},
        "seed": report.seed,
        "verdict": "conforming" if report.conforming else "violations",
        **({"dialect_hint": report.dialect_hint} if report.dialect_hint else {}),
        "checks": [
            {
                "name": row.name,
                "operation": row.operation,
                "status": row.status,
                "passes": row.passes,
                "failure_count": row.failure_count,
                **({"reason": row.skip_reason} if row.skip_reason and row.status == "skipped" else {}),
                "failures": [_failure(failure) for failure in row.failures],
            }
            for row in report.rows
        ],
        "problems": [
            {"kind": problem.kind, "check": problem.check, "operations": list(problem.operations),
             "message": problem.message, "count": problem.count,
             **({"failure": _failure(problem.failure)} if problem.failure else {})}
            for problem in problems(report)
        ],
        "server_defects": [{key: value for key, value in asdict(defect).items() if value is not None}
                           for defect in report.defects],
        "routes_not_served": dict(report.unserved),
        "notes": list(report.notes),
        "summary": report.summary,
    })


def render(report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
