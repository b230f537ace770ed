"""Profiles with an API key: no key or a wrong key is 401, another user's job stays hidden."""

from __future__ import annotations

from http import HTTPStatus

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import ScenarioRun
from checks.contract.semantics.errors import other_users_jobs_are_hidden, requests_without_key_are_401


@scenario(order=30)
def run_auth(run: ScenarioRun) -> None:
    """Profiles with an API key: no key or a wrong key is 401; another user's job stays hidden."""
    target = run.target
    if not run.spec.auth_header:
        return
    unauthenticated = target.declared("listJobs", HTTPStatus.UNAUTHORIZED)
    if unauthenticated is None:
        run.skip(requests_without_key_are_401, "listJobs", "the spec declares no 401")
    else:
        wrong_key = f"jobs-checks-wrong-key-{run.random.getrandbits(64):016x}"
        for key, what in ((None, "no API key"), (wrong_key, "a wrong API key")):
            exchange = run.send("listJobs", api_key=key)
            run.verdict(requests_without_key_are_401, "listJobs", f"GET /api/jobs with {what}", exchange.status,
                        unauthenticated, exchange=exchange)
        for job in run.jobs[:1]:
            exchange = run.send("getJob", path_parameters={"job_id": job.job_id}, api_key=None)
            run.verdict(requests_without_key_are_401, "getJob", f"GET job {job.job_id} with no API key",
                        exchange.status, unauthenticated, exchange=exchange)

    if not target.other_api_key:
        run.skip(other_users_jobs_are_hidden, "getJob", "no second API key (--other-api-key-env)")
        return
    if not run.jobs:
        run.skip(other_users_jobs_are_hidden, "getJob", "the run owns no job to hide")
        return
    job = run.jobs[0]
    forbidden = tuple(code for code in (target.declared("getJob", HTTPStatus.FORBIDDEN),
                                        target.declared("getJob", HTTPStatus.NOT_FOUND)) if code)
    exchange = run.send("getJob", path_parameters={"job_id": job.job_id}, api_key=target.other_api_key)
    run.verdict(other_users_jobs_are_hidden, "getJob", f"another user's GET of job {job.job_id}", exchange.status,
                forbidden[:1] or forbidden, exchange=exchange)
    listing = run.send("listJobs", api_key=target.other_api_key)
    run.verdict(other_users_jobs_are_hidden, "listJobs", "another user's GET /api/jobs", listing.status,
                (target.declared("listJobs", HTTPStatus.OK) or 200,), listing.body, job.job_id, exchange=listing)
    if run.spec.operation("cancelJob") and target.writes_allowed:
        hidden = tuple(code for code in (target.declared("cancelJob", HTTPStatus.FORBIDDEN),
                                         target.declared("cancelJob", HTTPStatus.NOT_FOUND)) if code)
        if hidden:
            exchange = run.send("cancelJob", path_parameters={"job_id": job.job_id}, api_key=target.other_api_key)
            run.verdict(other_users_jobs_are_hidden, "cancelJob", f"another user's cancel of job {job.job_id}",
                        exchange.status, hidden, exchange=exchange)
