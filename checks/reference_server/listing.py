"""GET /api/jobs: read the query by the spec's parameter rules, then filter, sort, page.

Every rule here comes from `checks.apispec.query`: enums, bounds, defaults, normalising
(`status` trimmed and lower-cased), blank items and empty values, clamping, the sort keys
and directions, and the output groups of `output_type`. A parameter the profile does not
declare, or one newer than the server's version, is ignored, which is how the local server
treats `output_type` (and `ids` before it existed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

from checks.apispec.query import MATCHES_NOTHING, ParameterRule, sort_direction, sort_rules
from checks.reference_server.jobs import Job


class QueryError(Exception):
    """A query value the server rejects with 400; `enum` marks invalid enum values, `extra` adds body fields."""

    def __init__(self, message: str, enum: bool = False, extra: dict | None = None):
        super().__init__(message)
        self.enum = enum
        self.extra = extra or {}


@dataclass(frozen=True)
class ListQuery:
    statuses: frozenset[str] | None
    workflow_id: str | None
    output_type: str | None
    sort_by: str
    sort_order: str
    offset: int
    limit: int | None
    ids: frozenset[str] | None = None
    output_groups: frozenset[str] = frozenset()  # the groups that count as `output_type` (x-output-groups)


def _alternatives(values) -> str:
    quoted = [f"'{value}'" for value in values]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return "one of " + ", ".join(quoted)


def _integer(rule: ParameterRule, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{rule.name} must be an integer") from None
    if rule.clamped_minimum is not None:
        return max(value, rule.clamped_minimum)
    low, high = rule.minimum, rule.maximum
    if (low is not None and value < low) or (high is not None and value > high):
        if high is not None:
            raise QueryError(f"{rule.name} must be between {low} and {high}")
        if low == 1:
            raise QueryError(f"{rule.name} must be a positive integer")
        if low == 0:
            raise QueryError(f"{rule.name} must be a non-negative integer")
        raise QueryError(f"{rule.name} must be at least {low}")
    return value


def _items(rule: ParameterRule, raw: str) -> frozenset[str] | None:
    if raw == "":
        return frozenset() if rule.empty_value == MATCHES_NOTHING else None
    values = list(dict.fromkeys(rule.items(raw)))
    if rule.max_items is not None and len(values) > rule.max_items:
        raise QueryError(f"{rule.name} must contain at most {rule.max_items} values")
    bad = [value for value in values if not rule.accepts(value)]
    if bad:
        raise QueryError(f"Invalid {rule.name} value(s): {', '.join(bad)}. Valid values: {', '.join(rule.enum)}",
                         enum=True)
    if rule.pattern:
        invalid = [value for value in values if not re.match(rule.pattern, value)]
        if invalid:
            raise QueryError(f"{rule.name} contains invalid id(s)", extra={"invalid_ids": invalid})
    return frozenset(values)


def _value(rule: ParameterRule, raw: str | None):
    if raw is None:
        return rule.default
    if rule.kind == "array":
        return _items(rule, raw)
    if rule.kind == "integer":
        return _integer(rule, raw)
    if rule.enum is not None:
        value = rule.normalise(raw)
        if value not in rule.enum:
            raise QueryError(f"{rule.name} must be {_alternatives(rule.enum)}", enum=True)
        return value
    return raw or None


def parse_query(dialect, query: Mapping[str, str]) -> ListQuery:
    """The list query as this profile (and version) reads it, or QueryError."""
    values = {name: _value(rule, query.get(name)) for name, rule in dialect.query_rules().items()}
    output_type = values.get("output_type")
    return ListQuery(
        statuses=values.get("status"),
        ids=values.get("ids"),
        workflow_id=values.get("workflow_id"),
        output_type=output_type,
        output_groups=frozenset(dialect.spec.output_groups().get(output_type, ())),
        sort_by=values["sort_by"],
        sort_order=values["sort_order"],
        offset=values.get("offset") or 0,
        limit=values.get("limit"),
    )


def output_groups(job: Job) -> set[str]:
    return {group for _, group, _ in job.output_files()}


def matches(job: Job, query: ListQuery) -> bool:
    if query.statuses is not None and job.status not in query.statuses:
        return False
    if query.ids is not None and job.id not in query.ids:
        return False
    if query.workflow_id is not None and job.workflow_id != query.workflow_id:
        return False
    if query.output_type is not None and not query.output_groups & output_groups(job):
        return False
    return True


def ordered(spec, jobs: list[Job], query: ListQuery) -> list[Job]:
    """Jobs by the spec's sort key of `sort_by`; ties keep submission order so pages stay stable."""
    rule = sort_rules(spec)[query.sort_by]
    descending = sort_direction(spec, query.sort_order) == -1
    return sorted(jobs, key=lambda job: (rule.key(lambda name: getattr(job, name, None)), job.order_key),
                  reverse=descending)


def page(jobs: list[Job], query: ListQuery, faults) -> tuple[list[Job], dict]:
    """One page of already ordered jobs and its `pagination` object."""
    total = len(jobs)
    start = faults.bend("page_start", query.offset, limit=query.limit)
    stop = total if query.limit is None else start + query.limit
    stop = faults.bend("page_stop", stop, limit=query.limit)
    items = jobs[start:stop]
    has_more = query.offset + len(items) < total
    has_more = faults.bend("has_more", has_more, offset=query.offset, count=len(items), total=total)
    pagination = {"offset": query.offset, "limit": query.limit, "total": total, "has_more": has_more}
    return items, faults.bend("pagination", pagination, count=len(items))
