"""Ask the list every ordering and filter the spec offers; the response checks judge each page."""

from __future__ import annotations

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.scenarios.gates import parameter_available


@scenario(order=40)
def run_orderings(run: ScenarioRun) -> None:
    """Every `sort_by` × `sort_order` combination, so `list_follows_sort_order` sees each."""
    for sort_by in run.spec.parameter_enum("sort_by") or []:
        for order in run.spec.parameter_enum("sort_order") or []:
            run.send("listJobs", query={"sort_by": sort_by, "sort_order": order})


@scenario(order=50)
def run_filters(run: ScenarioRun) -> None:
    """Each status alone and two together, the run's saved-workflow id and an unknown one, its job ids, each output type."""
    statuses = run.spec.parameter_enum("status") or []
    for status in statuses:
        run.send("listJobs", query={"status": status})
    if len(statuses) >= 2:
        run.send("listJobs", query={"status": ",".join(statuses[-2:])})
        run.send("listJobs", query={"status": ",".join(statuses[:2])})
    if "workflow_id" in run.spec.parameters("listJobs"):
        if run.workflow_id:
            run.send("listJobs", query={"workflow_id": run.workflow_id})
        run.send("listJobs", query={"workflow_id": run.unknown_id()})
    if parameter_available(run, "listJobs", "ids"):
        own = [job.job_id for job in run.jobs[:2]]
        for ids in ([*own, run.unknown_id()] if own else [run.unknown_id()], []):
            run.send("listJobs", query={"ids": ",".join(ids)})
    for output_type in run.spec.parameter_enum("output_type") or []:
        run.send("listJobs", query={"output_type": output_type})
