"""Filters keep exactly the jobs they name: `status`, `ids`, `workflow_id`, `output_type`."""

from __future__ import annotations

import re

from checks.apispec.query import MATCHES_NOTHING
from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, judged, view_of


def _field_filter(view, name: str, field: str | None = None) -> None:
    """Every listed job's `field` (default: `name`) is one of the values requested for the parameter `name`.

    Values are read as the server reads them (trimmed, lower-cased, blank items dropped,
    per the spec); a filter left with no value keeps no job, except an empty `name=` the
    spec says filters nothing.
    """
    field = field or name
    raw = view.query.get(name)
    rule = view.rule(name)
    if raw is None or rule is None:
        raise NotApplicable(f"no {name} filter")
    wanted = view.values(name) or []
    if raw == "" and rule.empty_value != MATCHES_NOTHING:
        raise NotApplicable(f"an empty {name} filters nothing")
    if any(not rule.accepts(value) or (rule.pattern and not re.match(rule.pattern, value)) for value in wanted):
        raise NotApplicable(f"{name} has a value the spec rejects")
    for job in view.jobs():
        if job.get(field) not in wanted:
            asked = ",".join(wanted) if wanted else f"{raw!r} (no value left)"
            raise AssertionError(f"{name}={asked} returned job {job.get('id')} with {field} {job.get(field)!r}")


@response_check
@judged
def status_filter_is_honoured(ctx, response, case):
    """With `status=a,b` every listed job has status a or b (several values are comma-separated)."""
    view = view_of(response, case, operation_ids=("listJobs",))
    _field_filter(view, "status")


@response_check
@judged
def ids_filter_is_honoured(ctx, response, case):
    """With `ids=a,b` every listed job is one of those ids (servers that have the parameter)."""
    view = view_of(response, case, operation_ids=("listJobs",))
    _field_filter(view, "ids", field="id")


@response_check
@judged
def workflow_filter_is_honoured(ctx, response, case):
    """With `workflow_id=W` every listed job carries `workflow_id` W."""
    view = view_of(response, case, operation_ids=("listJobs",))
    if not view.spec.parameters("listJobs").get("workflow_id"):
        raise NotApplicable("no workflow_id filter in this profile")
    _field_filter(view, "workflow_id")


@response_check
@judged
def output_type_filter_is_honoured(ctx, response, case):
    """With `output_type=T` every listed job produced an output of kind T (jobs without outputs never match)."""
    view = view_of(response, case, operation_ids=("listJobs",))
    wanted = view.values("output_type")
    allowed = view.spec.parameter_enum("output_type", view.operation_id)
    if not wanted or allowed is None or any(value not in allowed for value in wanted):
        raise NotApplicable("output_type")
    for job in view.jobs():
        # A missing or mistyped count is the response schema's finding, not this filter's.
        count = job.get("outputs_count")
        if not isinstance(count, int) or isinstance(count, bool):
            continue
        if count == 0:
            raise AssertionError(
                f"output_type={','.join(wanted)} returned job {job.get('id')} which has no outputs"
            )
        kind = _only_output_kind(view, job) if count == 1 else None
        if kind is not None and kind not in wanted:
            raise AssertionError(
                f"output_type={','.join(wanted)} returned job {job.get('id')} whose only output is of kind {kind}"
            )


def _only_output_kind(view, job: dict) -> str | None:
    """The output type of a one-output job, read from its preview (which then shows that output).

    A group the spec does not map (a custom node's, say) proves nothing, so it gives None."""
    preview = job.get("preview_output")
    group = preview.get("mediaType") if isinstance(preview, dict) else None
    return view.spec.output_type_of(group, view.operation_id) if isinstance(group, str) else None
