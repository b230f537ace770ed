"""Machine report: `{"version": 1, "programs": [...], "summary": {...}}`, paths relative to the cwd."""

from __future__ import annotations

from checks.examples.report import relative, summary

VERSION = 1


def outcome_record(outcome) -> dict:
    last = outcome.last_exchange
    return {
        "page": relative(outcome.page),
        "language": outcome.language,
        "verdict": outcome.verdict,
        "profile": outcome.profile,
        "path": relative(outcome.source or outcome.page),
        "line": outcome.line,
        "blocks": outcome.blocks,
        "reason": outcome.reason,
        "hint": outcome.hint,
        "exit_code": outcome.exit_code,
        "requests": outcome.requests,
        "seconds": round(outcome.seconds, 3),
        "last_response": None if last is None else {
            "method": last.method, "path": last.path, "status": last.status, "body": last.body, "blocked": last.blocked,
        },
        "output": list(outcome.output),
    }


def document(result) -> dict:
    return {"version": VERSION, "programs": [outcome_record(o) for o in result.outcomes], "summary": summary(result),
                "sandbox": result.sandbox, "notes": list(result.notes)}

