"""The list is ordered as `sort_by` / `sort_order` ask, by the spec's sort keys."""

from __future__ import annotations

from checks.apispec.query import sort_direction, sort_rules
from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, judged, view_of


@response_check
@judged
def list_follows_sort_order(ctx, response, case):
    """Jobs come in the order `sort_by` and `sort_order` ask for (defaults from the spec).

    The sort key of each `sort_by` value is the spec's `x-sort-key` (a field, or the
    duration between two fields); jobs without the key sort as `x-sort-missing-as`.
    Values are read as the server reads them (`CREATED_AT` is `created_at` where the
    spec says the server lower-cases it).
    """
    view = view_of(response, case, operation_ids=("listJobs",))
    sort_by = view.enum_value("sort_by")
    order = view.enum_value("sort_order")
    direction = sort_direction(view.spec, order, view.operation_id)
    rule = sort_rules(view.spec, view.operation_id).get(sort_by)
    if direction is None or rule is None:
        raise NotApplicable(f"the spec gives no sort key or direction for {sort_by!r} {order!r}")
    jobs = view.jobs()
    keys = [rule.key(job.get) for job in jobs]
    for index in range(1, len(keys)):
        if (keys[index] - keys[index - 1]) * direction < 0:
            raise AssertionError(
                f"sort_by={sort_by} sort_order={order}: job {jobs[index].get('id')} "
                f"({rule.describe()} = {keys[index]}) comes after "
                f"job {jobs[index - 1].get('id')} ({keys[index - 1]}) at position {index}"
            )
