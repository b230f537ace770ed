"""A job's detail agrees with its list entry, and `outputs_count` counts its outputs."""

from __future__ import annotations

from checks.apispec.jobs import text_group, text_items_counted_before
from checks.apispec.versions import available
from checks.contract.catalogue import response_check, scenario_check
from checks.contract.semantics.view import NotApplicable, judged, view_of

# Fields a list entry and the detail of the same finished job must agree on.
SHARED_FIELDS = ("id", "status", "create_time", "outputs_count")


def count_output_items(outputs: dict) -> int:
    """File items in `outputs` (node id -> media group -> list of files; `text` strings are no files)."""
    count = 0
    for groups in outputs.values():
        if not isinstance(groups, dict):
            continue
        for items in groups.values():
            if isinstance(items, list):
                count += sum(1 for item in items if isinstance(item, dict))
    return count


def count_text_items(outputs: dict, group: str | None) -> int:
    """Strings in the text group of `outputs` (what a text preview shows)."""
    return sum(1 for groups in outputs.values() if isinstance(groups, dict)
               for item in (groups.get(group) if isinstance(groups.get(group), list) else []) if isinstance(item, str))


@response_check
@judged
def outputs_count_matches_outputs(ctx, response, case):
    """In a job's detail, `outputs_count` equals the number of file items in `outputs`.

    Servers older than the spec's `x-text-items-counted-before` may count the strings of
    `text` groups as well (ComfyUI 0.25.0 does), so on those either count is accepted.
    """
    view = view_of(response, case, operation_ids=("getJob",))
    job = view.jobs()[0]
    outputs = job.get("outputs")
    if not isinstance(outputs, dict) or not isinstance(job.get("outputs_count"), int):
        raise NotApplicable("no outputs")
    counted = count_output_items(outputs)
    accepted = {counted}
    before = text_items_counted_before(view.spec)
    version = view.context.version if view.context is not None else None
    if before is not None and (version is None or not available(before, version)):
        accepted.add(counted + count_text_items(outputs, text_group(view.spec)))
    if job["outputs_count"] not in accepted:
        shown = " or ".join(str(number) for number in sorted(accepted))
        raise AssertionError(f"job {job.get('id')}: outputs_count is {job['outputs_count']} but outputs hold {shown} files")


@scenario_check
def detail_matches_list(listed: dict, detail: dict) -> None:
    """A finished job's detail agrees with its list entry on id, status, create_time and outputs_count."""
    for name in SHARED_FIELDS:
        if name in listed and listed.get(name) != detail.get(name):
            raise AssertionError(
                f"job {listed.get('id')}: the list says {name} = {listed.get(name)!r}, the detail says {detail.get(name)!r}"
            )
