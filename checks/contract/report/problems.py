"""Distinct problems of a run, one each: what a person reads first, and acts on.

Rows count every failing response of a check on an operation; people need one line per
thing to fix. A route every request of which a router answered (a bare 404/405) is one
problem, "route not served by this server", with all its failures folded in; a scenario
check that fails on several operations (no API key accepted on three routes) is one; a
response check is one per operation and distinct message (numbers, ids and quoted values
do not make a message distinct).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.contract.outcomes import FAILED, Failure

NOT_SERVED, VIOLATION = "not served", "violation"
# Schemathesis' own checks that report, request by request, what one of ours reports as a rule:
# a server that ignores the API key fails all three; it is one problem.
SAME_RULE = {"ignored_auth": "requests_without_key_are_401", "missing_required_header": "requests_without_key_are_401"}
_VARIABLE = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|(?<==)[^\s,;)]+|"
                       r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+(\.\d+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    kind: str  # NOT_SERVED or VIOLATION
    check: str
    operations: tuple[str, ...]
    message: str  # one line
    count: int  # failing responses folded into this problem
    failure: Failure | None = None  # the first failure, with its request, answer and reproducer

    @property
    def where(self) -> str:
        return ", ".join(self.operations)


def _auth_header(report) -> str | None:
    from checks.apispec import PROFILES, spec_for

    return spec_for(report.profile).auth_header if report.profile in PROFILES else None


def signature(message: str) -> str:
    """The message with its variable parts (numbers, ids, quoted values) blanked."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    return _VARIABLE.sub("_", first)


def _first_line(message: str) -> str:
    lines = [line for line in message.strip().splitlines() if line.strip()]
    return lines[0] if lines else message


def scenario_check_names() -> frozenset[str]:
    """Names of the scenario checks: one problem each, whatever the operations and messages."""
    from checks.contract.catalogue import SCENARIO, all_checks

    return frozenset(name for name, check in all_checks().items() if check.kind == SCENARIO)


def problems(report, scenario_checks: frozenset[str] | None = None) -> list[Problem]:
    """The report's failures as distinct problems, routes not served first."""
    scenario_checks = scenario_check_names() if scenario_checks is None else scenario_checks
    failed = [row for row in report.rows if row.status == FAILED]
    found: list[Problem] = []
    for operation, answer in sorted(report.unserved.items()):
        folded = sum(row.failure_count for row in failed if row.operation == operation)
        found.append(Problem(NOT_SERVED, "route", (operation,),
                             f"route not served by this server (every request answered {answer})", folded))
    rows = [row for row in failed if row.operation not in report.unserved]
    # One problem per check and distinct message, across operations: the same rule broken on
    # five routes (no API key asked for) is one thing to fix.
    groups: dict[tuple[str, str], list] = {}
    auth_header = _auth_header(report)
    for row in rows:
        signatures = {signature(failure.message) for failure in row.failures} or {""}
        name = row.name
        if name in SAME_RULE and auth_header and all(auth_header in failure.message or name == "ignored_auth"
                                                      for failure in row.failures):
            name = SAME_RULE[name]
        for sign in sorted(signatures):
            key = (name, "" if name in scenario_checks else sign)
            failures = [failure for failure in row.failures if signature(failure.message) == sign] or row.failures
            groups.setdefault(key, []).append((row, failures, len(signatures)))
    for (name, _), members in sorted(groups.items(), key=lambda item: item[0][0]):
        members.sort(key=lambda member: member[0].name != name)  # the rule's own words first
        first = next((failures[0] for _, failures, _ in members if failures), None)
        count = sum(row.failure_count if parts == 1 else len(failures) for row, failures, parts in members)
        operations = tuple(dict.fromkeys(row.operation for row, _, _ in members))
        found.append(Problem(VIOLATION, name, operations, _first_line(first.message) if first else "failed", count,
                             first))
    return found
