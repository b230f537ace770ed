"""GET /api/jobs: read the query by the spec's parameter schemas, then filter, sort, page.

Every rule here comes from a parameter schema: enums, minimum/maximum, defaults,
`x-clamped-minimum`, the `x-sort-key` table and the `x-output-groups` of `output_type`. A parameter the profile does not
declare is ignored, which is how the local server treats `output_type`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from checks.reference_server.jobs import Job
from checks.apispec import Spec

DESCENDING = "desc"  # the sort_order value that means newest/largest first


class QueryError(Exception):
    """A query value the server rejects with 400; `enum` marks invalid enum values."""

    def __init__(self, message: str, enum: bool = False):
        super().__init__(message)
        self.enum = enum


@dataclass(frozen=True)
class ListQuery:
    statuses: frozenset[str] | None
    workflow_id: str | None
    output_type: str | None
    sort_by: str
    sort_order: str
    offset: int
    limit: int | None
    output_groups: frozenset[str] = frozenset()  # the groups that count as `output_type` (x-output-groups)


def _alternatives(values: list[str]) -> str:
    quoted = [f"'{value}'" for value in values]
    if len(quoted) <= 2:
        return " or ".join(quoted)
    return "one of " + ", ".join(quoted)


def _integer(name: str, raw: str, schema: dict) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise QueryError(f"{name} must be an integer") from None
    if "x-clamped-minimum" in schema:
        return max(value, schema["x-clamped-minimum"])
    low, high = schema.get("minimum"), schema.get("maximum")
    if (low is not None and value < low) or (high is not None and value > high):
        if high is not None:
            raise QueryError(f"{name} must be between {low} and {high}")
        if low == 1:
            raise QueryError(f"{name} must be a positive integer")
        if low == 0:
            raise QueryError(f"{name} must be a non-negative integer")
        raise QueryError(f"{name} must be at least {low}")
    return value


def _value(name: str, raw: str | None, schema: dict):
    if raw is None:
        return schema.get("default")
    kind = schema.get("type")
    if kind == "array":
        allowed = schema.get("items", {}).get("enum")
        values = [part.strip() for part in raw.split(",") if part.strip()]
        bad = [value for value in values if allowed and value not in allowed]
        if bad:
            raise QueryError(f"Invalid {name} value(s): {', '.join(bad)}. Valid values: {', '.join(allowed)}", enum=True)
        return frozenset(values) or None
    if kind == "integer":
        return _integer(name, raw, schema)
    if "enum" in schema:
        if raw not in schema["enum"]:
            raise QueryError(f"{name} must be {_alternatives(schema['enum'])}", enum=True)
        return raw
    return raw or None


def parse_query(spec: Spec, query: Mapping[str, str]) -> ListQuery:
    """The list query as this profile reads it, or QueryError."""
    values = {name: _value(name, query.get(name), param["schema"]) for name, param in spec.parameters("listJobs").items()}
    return ListQuery(
        statuses=values.get("status"),
        workflow_id=values.get("workflow_id"),
        output_type=values.get("output_type"),
        output_groups=frozenset(spec.output_groups().get(values.get("output_type"), ())),
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
    if query.workflow_id is not None and job.workflow_id != query.workflow_id:
        return False
    if query.output_type is not None and not query.output_groups & output_groups(job):
        return False
    return True


def sort_key(spec: Spec, sort_by: str):
    """Key function for one `sort_by` value, from the parameter's `x-sort-key` table."""
    schema = spec.parameters("listJobs")["sort_by"]["schema"]
    rule = schema["x-sort-key"][sort_by]
    missing = schema.get("x-sort-missing-as", 0)

    def key(job: Job):
        if "field" in rule:
            value = getattr(job, rule["field"], None)
        else:
            start, end = (getattr(job, name, None) for name in rule["duration"])
            value = end - start if start is not None and end is not None else None
        # Ties fall back to submission order so pages stay stable.
        return (missing if value is None else value, job.number)

    return key


def ordered(spec: Spec, jobs: list[Job], query: ListQuery) -> list[Job]:
    return sorted(jobs, key=sort_key(spec, query.sort_by), reverse=query.sort_order == DESCENDING)


def page(jobs: list[Job], query: ListQuery, faults) -> tuple[list[Job], dict]:
    """One page of already ordered jobs and its `pagination` object."""
    total = len(jobs)
    stop = total if query.limit is None else query.offset + query.limit
    stop = faults.bend("page_stop", stop, limit=query.limit)
    items = jobs[query.offset:stop]
    has_more = query.offset + len(items) < total
    has_more = faults.bend("has_more", has_more, offset=query.offset, count=len(items), total=total)
    return items, {"offset": query.offset, "limit": query.limit, "total": total, "has_more": has_more}
