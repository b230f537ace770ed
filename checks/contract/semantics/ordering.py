"""The list is ordered as `sort_by` / `sort_order` ask, by the spec's sort keys."""

from __future__ import annotations

from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, judged, view_of

# What the two conventional `sort_order` words mean; any other word leaves the check silent.
DIRECTIONS = {"asc": 1, "desc": -1}


def sort_key(spec_schema: dict, sort_by: str):
    """A function job -> number for one `sort_by` value, read from `x-sort-key` / `x-sort-missing-as`."""
    rule = (spec_schema.get("x-sort-key") or {}).get(sort_by)
    if not rule:
        raise NotApplicable(f"the spec gives no sort key for {sort_by!r}")
    missing = spec_schema.get("x-sort-missing-as", 0)

    def number(value):
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    if "field" in rule:
        field = rule["field"]

        def key(job):
            value = number(job.get(field))
            return missing if value is None else value

    elif "duration" in rule:
        start, end = rule["duration"]

        def key(job):
            first, last = number(job.get(start)), number(job.get(end))
            return missing if first is None or last is None else last - first

    else:
        raise NotApplicable(f"unknown sort key rule {rule!r}")
    return key


def describe_key(spec_schema: dict, sort_by: str) -> str:
    rule = (spec_schema.get("x-sort-key") or {}).get(sort_by) or {}
    if "field" in rule:
        return rule["field"]
    if "duration" in rule:
        return "{1} - {0}".format(*rule["duration"])
    return sort_by


@response_check
@judged
def list_follows_sort_order(ctx, response, case):
    """Jobs come in the order `sort_by` and `sort_order` ask for (defaults from the spec).

    The sort key of each `sort_by` value is the spec's `x-sort-key` (a field, or the
    duration between two fields); jobs without the key sort as `x-sort-missing-as`.
    """
    view = view_of(response, case, operation_ids=("listJobs",))
    sort_by = view.enum_value("sort_by")
    order = view.enum_value("sort_order")
    if order not in DIRECTIONS:
        raise NotApplicable(order)
    key = sort_key(view.parameter_schema("sort_by"), sort_by)
    jobs = view.jobs()
    keys = [key(job) for job in jobs]
    direction = DIRECTIONS[order]
    for index in range(1, len(keys)):
        if (keys[index] - keys[index - 1]) * direction < 0:
            raise AssertionError(
                f"sort_by={sort_by} sort_order={order}: job {jobs[index].get('id')} "
                f"({describe_key(view.parameter_schema('sort_by'), sort_by)} = {keys[index]}) comes after "
                f"job {jobs[index - 1].get('id')} ({keys[index - 1]}) at position {index}"
            )
