"""Each finished job of the run, as listed and as fetched, must tell the same story."""

from __future__ import annotations

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.semantics.detail import detail_matches_list
from checks.contract.semantics.lifecycle import is_terminal


@scenario(order=70)
def run_consistency(run: ScenarioRun) -> None:
    """Each finished job of the run tells the same story listed and fetched."""
    own = [job for job in run.jobs if job.final and is_terminal(run.spec, job.final.get("status"))]
    if not own:
        reason = "the run owns no finished job" + ("" if run.target.writes_allowed else " (writes not allowed)")
        run.skip(detail_matches_list, "getJob", reason)
        return
    maximum = run.spec.parameters("listJobs").get("limit", {}).get("schema", {}).get("maximum")
    listing = run.send("listJobs", query={"limit": maximum} if maximum else {})
    entries = {job.get("id"): job for job in (listing.body or {}).get("jobs") or [] if isinstance(job, dict)}
    for job in own:
        entry = entries.get(job.job_id)
        if entry is None:
            continue  # a job removed by cancel, or beyond the first page of a busy server
        detail = run.send("getJob", path_parameters={"job_id": job.job_id})
        if detail.status == 200 and isinstance(detail.body, dict):
            run.verdict(detail_matches_list, "getJob", entry, detail.body, exchange=detail)
