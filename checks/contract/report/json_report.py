"""The machine-readable report (`--report-json`)."""

from __future__ import annotations

import json


def as_dict(report) -> dict:
    return report.mask({
        "profile": report.profile,
        "server": {"base_url": report.base_url, "version": report.version},
        "seed": report.seed,
        "checks": [
            {
                "name": row.name,
                "operation": row.operation,
                "status": row.status,
                "passes": row.passes,
                "failure_count": row.failure_count,
                **({"reason": row.skip_reason} if row.skip_reason and row.status == "skipped" else {}),
                "failures": [{"message": failure.message, "curl": failure.curl} for failure in row.failures],
            }
            for row in report.rows
        ],
        "notes": list(report.notes),
        "summary": report.summary,
    })


def render(report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
