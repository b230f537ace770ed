"""Human report: one line per program under its page; for failures where, why and what it last saw."""

from __future__ import annotations

from itertools import groupby

import click

from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT
from checks.examples.report import relative, sandbox_line, summary_line

STYLES = {PASSED: {"fg": "green"}, FAILED: {"fg": "red", "bold": True}, TIMED_OUT: {"fg": "yellow", "bold": True},
          SKIPPED: {"fg": "cyan"}}
BODY_SHOWN = 300


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _facts(outcome) -> str:
    parts = [_plural(outcome.blocks, "block")] if outcome.blocks else []
    if outcome.verdict != SKIPPED:
        parts.append(_plural(outcome.requests, "request"))
    return ", ".join(parts)


def render(result, *, color: bool = False) -> str:
    def style(text: str, **how) -> str:
        return click.style(text, **how) if color else text

    out: list[str] = []
    for page, outcomes in groupby(result.outcomes, key=lambda outcome: outcome.page):
        out.append(style(relative(page), bold=True))
        for outcome in outcomes:
            verdict = style(f"{outcome.verdict:<9}", **STYLES.get(outcome.verdict, {}))
            detail = outcome.reason if outcome.verdict != PASSED else _facts(outcome)
            if outcome.verdict in (FAILED, TIMED_OUT) and _facts(outcome):
                detail += f" ({_facts(outcome)})"
            out.append(f"  {verdict}  {outcome.language:<10}  {detail}")
            if outcome.verdict not in (FAILED, TIMED_OUT):
                continue
            out.append(f"    --> {relative(outcome.source or outcome.page)}:{outcome.line}")
            if outcome.hint:
                out.append(f"    likely culprit: {outcome.hint}")
            if outcome.last_exchange is not None:
                body = outcome.last_exchange.body.replace("\n", " ")
                body = body if len(body) <= BODY_SHOWN else body[:BODY_SHOWN] + " ..."
                out.append(f"    last response: {outcome.last_exchange.line()} {body}".rstrip())
            if outcome.output:
                out.append("    output:")
                out.extend(f"      | {line}" for line in outcome.output)
        out.append("")
    for error in result.errors:
        out.append(style(f"error: {error}", fg="red"))
    for note in result.notes:
        out.append(style(f"note: {note}", fg="yellow"))
    fences = sandbox_line(result)
    if fences:
        out.append(style(fences, fg="green" if result.sandbox["namespaces"] else "yellow"))
    out.append(summary_line(result))
    return "\n".join(out) + "\n"
