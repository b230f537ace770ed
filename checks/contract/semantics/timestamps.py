"""Timestamps carry the unit the spec gives them, and a job's times run forwards."""

from __future__ import annotations

import math
import time

from checks.apispec.jobs import UNIT_NAMES, UNIT_SECONDS, schema_unit
from checks.apispec.validate import response_schema
from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, content_type_of, judged, view_of
# A job time further than this from the client's clock is not a plausible epoch time.
PLAUSIBLE_YEARS = 30
# Creation, start and end of a job, in the order they happen.
LIFECYCLE_TIMES = ("create_time", "execution_start_time", "execution_end_time")


def timestamp_values(spec, schema, value, pointer=""):
    """(pointer, value, unit) for every value the response schema gives an `x-unit`."""
    schema = spec.deref(schema or {})
    unit = schema_unit(spec, schema)
    if unit:
        yield pointer or "/", value, unit
        return
    if isinstance(value, dict):
        declared = spec.properties(schema) if (schema.get("properties") or schema.get("allOf")) else {}
        for name, item in value.items():
            if name in declared:
                yield from timestamp_values(spec, declared[name], item, f"{pointer}/{name}")
    elif isinstance(value, list):
        items = schema.get("items")
        if items:
            for index, item in enumerate(value):
                yield from timestamp_values(spec, items, item, f"{pointer}/{index}")


def closest_unit(value: float, now: float) -> str | None:
    """The unit in which `value` lands nearest to `now` (epoch seconds), or None if none is plausible."""
    if value <= 0:
        return None
    best, distance = None, math.inf
    for unit, seconds in UNIT_SECONDS.items():
        gap = abs(math.log10(value * seconds) - math.log10(now))
        if gap < distance:
            best, distance = unit, gap
    years = abs(value * UNIT_SECONDS[best] - now) / (365.25 * 86400)
    return best if years <= PLAUSIBLE_YEARS else None


@response_check
@judged
def timestamps_are_milliseconds(ctx, response, case):
    """Every timestamp is an integer epoch time in the spec's unit (milliseconds), near the present.

    The unit comes from the spec (`x-unit`); a 10-digit value on a field the spec
    declares in milliseconds is reported as seconds.
    """
    view = view_of(response, case)
    schema = response_schema(view.spec, view.operation_id, view.status, content_type_of(response))
    found = list(timestamp_values(view.spec, schema, view.body))
    if not found:
        raise NotApplicable("no timestamps")
    now = time.time()
    for pointer, value, unit in found:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise AssertionError(f"{pointer} is {value!r}, not an epoch time in {UNIT_NAMES.get(unit, unit)}")
        seen = closest_unit(value, now)
        if seen is None:
            raise AssertionError(f"{pointer} = {value} is not a plausible epoch time in {UNIT_NAMES.get(unit, unit)}")
        if seen != unit:
            raise AssertionError(
                f"{pointer} = {value} looks like epoch {UNIT_NAMES[seen]}; the spec says {UNIT_NAMES.get(unit, unit)}"
            )


@response_check
@judged
def timestamps_are_ordered(ctx, response, case):
    """A job is created before it starts and starts before it ends (`create_time ≤ execution_start_time ≤ execution_end_time`)."""
    view = view_of(response, case, operation_ids=("listJobs", "getJob"))
    fields = [name for name in LIFECYCLE_TIMES if name in view.spec.job_fields()]
    for job in view.jobs():
        present = [(name, job[name]) for name in fields if isinstance(job.get(name), (int, float))]
        for (earlier, first), (later, second) in zip(present, present[1:]):
            if first > second:
                raise AssertionError(f"job {job.get('id')}: {earlier} {first} is after {later} {second}")
