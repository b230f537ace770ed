"""Named faults: each one bends a single behaviour of the reference server on purpose.

A fault is one small function registered for a hook point. The server calls
`Faults.bend(point, value, **context)` at that point, and every active fault
registered there may return a changed value. All faults are off by default.
This module stays free of aiohttp so `FAULTS` can be listed cheaply.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable, Iterable

# name -> (hook point, one-line description, hook)
_REGISTRY: dict[str, tuple[str, str, Callable]] = {}


def fault(name: str, point: str, description: str):
    """Register `hook` as the fault `name`, called at `point`."""

    def register(hook: Callable) -> Callable:
        _REGISTRY[name] = (point, description, hook)
        return hook

    return register


class UnknownFault(ValueError):
    """A fault name that is not registered."""


class Faults:
    """The set of faults switched on for one server."""

    def __init__(self, names: Iterable[str] = ()):
        names = frozenset(names)
        unknown = sorted(names - _REGISTRY.keys())
        if unknown:
            raise UnknownFault(f"unknown fault(s): {', '.join(unknown)}; valid faults: {', '.join(sorted(_REGISTRY))}")
        self.names = names

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def bend(self, point: str, value, **context):
        """Let every active fault registered at `point` change `value`."""
        for name in sorted(self.names):
            hook_point, _, hook = _REGISTRY[name]
            if hook_point == point:
                value = hook(value, **context)
        return value


# -- listing: query, page, items ---------------------------------------------------------


@fault("ignore-sort-order", "list_query", "sort_order is ignored: lists always come in the default order")
def ignore_sort_order(query, spec, **_):
    default = spec.parameters("listJobs")["sort_order"]["schema"].get("default")
    return replace(query, sort_order=default)


@fault("wrong-sort-field", "list_query", "lists are sorted by another sort_by value than the one requested")
def wrong_sort_field(query, spec, **_):
    values = spec.parameter_enum("sort_by")
    other = values[(values.index(query.sort_by) + 1) % len(values)]
    return replace(query, sort_by=other)


@fault("status-filter-ignored", "list_query", "the status filter is ignored: every state is listed")
def status_filter_ignored(query, **_):
    return replace(query, statuses=None)


@fault("output-type-mixed-up", "list_query", "cloud: output_type keeps the jobs of the next output type instead")
def output_type_mixed_up(query, spec, **_):
    kinds = list(spec.output_groups())
    if query.output_type not in kinds:
        return query
    other = kinds[(kinds.index(query.output_type) + 1) % len(kinds)]
    return replace(query, output_groups=frozenset(spec.output_groups()[other]))


@fault("limit-not-enforced", "page_stop", "a page holds one job more than limit asked for")
def limit_not_enforced(stop, limit, **_):
    return stop if limit is None else stop + 1


@fault("has-more-off-by-one", "has_more", "has_more is true on the last page when offset + count == total")
def has_more_off_by_one(has_more, offset, count, total, **_):
    return offset + count <= total


@fault("missing-required-field", "list_item", "list items lack the required outputs_count field")
def missing_required_field(item, **_):
    item.pop("outputs_count", None)
    return item


@fault("null-fields", "list_item", "fields that do not apply to a job are sent as null instead of omitted")
def null_fields(item, spec, **_):
    for name in spec.job_fields(detail=False):
        item.setdefault(name, None)
    return item


# -- every rendered job ------------------------------------------------------------------


@fault("seconds-timestamps", "job_fields", "timestamps are epoch seconds instead of milliseconds")
def seconds_timestamps(fields, spec, **_):
    for name, unit in spec.timestamp_units.items():
        if unit == "ms" and isinstance(fields.get(name), int):
            fields[name] //= 1000
    return fields


@fault("detail-list-mismatch", "detail", "the detail view reports one output more than the list does")
def detail_list_mismatch(fields, **_):
    if "outputs_count" in fields:
        fields["outputs_count"] += 1
    return fields


@fault("leak-api-key", "workflow", "returned workflows carry the api_key_comfy_org that was submitted")
def leak_api_key(workflow, job, **_):
    workflow["extra_data"] = dict(job.extra_data)
    return workflow


# -- single-job routes -------------------------------------------------------------------


@fault("unknown-id-200", "unknown_job", "an unknown job id answers 200 with a made-up completed job")
def unknown_id_200(made_up, job_id, spec, **_):
    now = int(time.time() * 1000)
    return {"id": job_id, "status": spec.status_role("succeeded"), "create_time": now, "execution_start_time": now,
            "execution_end_time": now, "outputs_count": 0, "outputs": {}}


@fault("foreign-job-visible", "foreign_job", "cloud: another user's job is shown instead of answering 403/404")
def foreign_job_visible(visible, **_):
    return True


@fault("server-error-on-bad-enum", "bad_enum", "an invalid enum value answers 500 instead of 400")
def server_error_on_bad_enum(reply, **_):
    return 500, {"error": "Internal Server Error"}


@fault("cancel-not-idempotent", "cancel_finished", "cancelling a finished job answers 409 instead of {cancelled: false}")
def cancel_not_idempotent(reply, **_):
    return 409, {"error": "Job has already finished"}


FAULTS: dict[str, str] = {name: description for name, (_, description, _) in sorted(_REGISTRY.items())}
