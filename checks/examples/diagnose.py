"""Turn a finished run into what a reader needs: page lines instead of temp files, and the likely culprit.

The culprit comes from the exchanges the proxy recorded: a loop that polled one route
until the timeout (and what it kept being told), a field the code read that the last
response does not have, a request that failed, a host nobody pointed at the server.
"""

from __future__ import annotations

import json
import os
import re

from checks.docs.discover import display_path
from checks.examples.assemble import Program
from checks.examples.execute import Run
from checks.examples.outcomes import Exchange

TAIL_LINES = 12
# Which mention of the program in its output is the failing line: tracebacks end with the
# innermost frame (python), Node's stack and Python's dump at a timeout start with it,
# bash's ERR trap reports last.
_INNERMOST_FIRST = {"javascript", "typescript"}
_MISSING_FIELD = (
    re.compile(r"KeyError: '([^'\n]+)'"),
    re.compile(r"Cannot read propert(?:y|ies) of (?:undefined|null) \(reading '([^'\n]+)'\)"),
)


def _mentions(program: Program, run: Run) -> re.Pattern:
    names = sorted({re.escape(run.program_path), re.escape(os.path.basename(run.program_path))}, key=len, reverse=True)
    return re.compile(r"(?:file://)?(?:" + "|".join(names) + r")(?P<sep>\", line |: line |:)(?P<line>\d+)")


LINE_LIMIT = 300
# Python's fault handler, asked for the stack at a timeout, says more than a reader needs.
_DUMP_NOISE = re.compile(r"^(Current thread 0x[0-9a-f]+ .*|Thread 0x[0-9a-f]+ .*|Extension modules: .*)$")
STOPPED = "jobs-checks: stopped at the timeout; the program was here (most recent call first):"


def rewrite_output(text: str, program: Program, run: Run, replacements: dict[str, str]) -> tuple[str, tuple[str, int] | None]:
    """(output with program lines shown as page lines, the failing (source, line) if it names one)."""
    located: list[tuple[str, int]] = []

    def page_line(match: re.Match) -> str:
        where = program.locate(int(match.group("line")))
        if where is None:
            return match.group(0)
        located.append(where)
        return f"{display_path(where[0], program.page)}{match.group('sep')}{where[1]}"

    text = _mentions(program, run).sub(page_line, text)
    for old, new in {run.workdir: ".", **replacements}.items():
        if old:
            text = text.replace(old, new)
    if not located:
        return text, None
    innermost_first = program.language in _INNERMOST_FIRST or (program.language == "python" and run.timed_out)
    return text, located[0] if innermost_first else located[-1]


def tail(text: str, count: int = TAIL_LINES, timed_out: bool = False) -> tuple[str, ...]:
    """The last `count` lines, each at most LINE_LIMIT characters; a stack dump at a timeout tidied."""
    lines = [line.rstrip() for line in text.rstrip().split("\n")] if text.strip() else []
    if timed_out:
        lines = [STOPPED if line == "Fatal Python error: Aborted" else line for line in lines
                 if not _DUMP_NOISE.match(line)]
        while lines and not lines[-1].strip():
            lines.pop()
    return tuple(line if len(line) <= LINE_LIMIT else line[:LINE_LIMIT] + " ..." for line in lines[-count:])


def _json(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _enum_fields(body, values: frozenset[str]) -> dict[str, str]:
    """Top-level fields of a JSON object whose value is one of `values` (the spec's job statuses)."""
    if not isinstance(body, dict):
        return {}
    return {key: value for key, value in body.items() if isinstance(value, str) and value in values}


def timeout_hint(exchanges: list[Exchange], status_values: frozenset[str] = frozenset()) -> str:
    """The likely reason a program ran out of time, from the requests it made."""
    if not exchanges:
        return ("it made no request before the timeout: it is stuck on something else "
                "(a sleep, waiting for input, or a server URL nobody substituted)")
    last = exchanges[-1]
    repeats = 0
    for exchange in reversed(exchanges):
        if (exchange.method, exchange.path) != (last.method, last.path):
            break
        repeats += 1
    if repeats < 2:
        return f"its last request was {last.line()}"
    hint = f"it kept polling {last.method} {last.path}: {repeats} requests in a row"
    seen = [_enum_fields(_json(exchange.body), status_values) for exchange in exchanges[-repeats:]]
    if seen and seen[0] and all(fields == seen[0] for fields in seen):
        told = ", ".join(f'{key} "{value}"' for key, value in seen[0].items())
        hint += f", each answered {last.status} with {told}"
        if status_values:
            hint += f"; is the loop waiting for a value the API never returns? It returns: {', '.join(sorted(status_values))}"
    elif seen and seen[0]:
        hint += f"; the last answered {last.status}"
    return hint


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in _keys(item)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def failure_hint(output: str, exchanges: list[Exchange]) -> str:
    """The likely reason a program failed: a refused host, a missing field, a failed request."""
    blocked = [exchange for exchange in exchanges if exchange.blocked]
    if blocked:
        return (f"it called {blocked[-1].path} directly; pass that URL with --doc-url so the runner points it "
                f"at the server under test")
    answered = [exchange for exchange in exchanges if exchange.status]
    for pattern in _MISSING_FIELD:
        found = pattern.findall(output)
        if found and answered:
            field = found[-1]
            last = answered[-1]
            body = _json(last.body)
            if body is not None and field not in _keys(body):
                fields = ", ".join(sorted(body)) if isinstance(body, dict) else "a list"
                return f'the code reads a field "{field}" that the last response ({last.line()}) does not have; it has: {fields}'
    if exchanges and (exchanges[-1].status >= 400 or exchanges[-1].status == 0):
        return f"its last request failed: {exchanges[-1].line()} {exchanges[-1].body[:300]}"
    return ""
