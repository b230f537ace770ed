"""Cancel the run's own jobs in each state and check the documented outcome.

A slow job occupies the queue so the next one stays pending; the pending one is
cancelled first, then the running one. Finished jobs are cancelled twice. Only jobs
this run created (or ids it made up) are ever cancelled.
"""

from __future__ import annotations

from http import HTTPStatus

from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import OwnJob, ScenarioRun, Skip
from checks.contract.scenarios.gates import operation_available
from checks.contract.scenarios.lifecycle import follow, submit, submitted_id
from checks.contract.semantics import cancel as checks
from checks.contract.semantics.lifecycle import check_roles, is_terminal

CANCEL_CHECKS = (checks.cancel_is_idempotent, checks.cancel_stops_pending_job, checks.cancel_stops_running_job,
                 checks.cancel_of_unknown_job_is_harmless)
BATCH_CHECKS = (checks.batch_cancel_is_idempotent, checks.batch_cancel_rejects_bad_ids)
NOT_UUIDS = ["not-a-job-id", 5]


def _status_of(run: ScenarioRun, job_id: str) -> tuple[int, dict | None]:
    exchange = run.send("getJob", path_parameters={"job_id": job_id})
    return exchange.status, exchange.body if isinstance(exchange.body, dict) else None


def _cancel(run: ScenarioRun, job_id: str):
    return run.send("cancelJob", path_parameters={"job_id": job_id})


def _usable(run: ScenarioRun, operation_id: str, group) -> bool:
    """Whether the route exists on this server and the run may write; otherwise record why not."""
    op = run.spec.operation(operation_id)
    if op is None:
        return False
    if not operation_available(run, operation_id):
        reason = f"route not served by this server ({run.version}; added in {op.since})"
    elif not run.target.writes_allowed:
        reason = "writes need --allow-writes against a non-loopback server"
    else:
        return True
    for check in group:
        run.skip(check, operation_id, reason)
    return False


@scenario(order=20)
def run_cancel(run: ScenarioRun) -> None:
    """Cancel the run's own jobs: unknown, finished (twice), pending behind a slow job, running; and in a batch."""
    check_roles(run.spec)
    if _usable(run, "cancelJobs", BATCH_CHECKS):
        _batch_cancel(run)
    if not _usable(run, "cancelJob", CANCEL_CHECKS):
        return
    ok = run.target.declared("cancelJob", HTTPStatus.OK) or int(HTTPStatus.OK)
    gone = run.target.declared("getJob", HTTPStatus.NOT_FOUND) or int(HTTPStatus.NOT_FOUND)

    unknown = run.unknown_id()
    exchange = _cancel(run, unknown)
    expected = run.target.declared("cancelJob", HTTPStatus.NOT_FOUND) or ok
    run.verdict(checks.cancel_of_unknown_job_is_harmless, "cancelJob", unknown, exchange.status, exchange.body,
                expected, ok, exchange=exchange)

    for job in run.jobs:
        if job.final and is_terminal(run.spec, job.final.get("status")):
            _cancel_twice(run, job.job_id, job.final["status"], ok)

    try:
        _cancel_live_jobs(run, ok, gone)
    except Skip as exc:
        run.skip(checks.cancel_stops_pending_job, "cancelJob", str(exc))
        run.skip(checks.cancel_stops_running_job, "cancelJob", str(exc))


def _batch_cancel(run: ScenarioRun) -> None:
    finished = [job.job_id for job in run.jobs if job.final and is_terminal(run.spec, job.final.get("status"))]
    ok = run.target.declared("cancelJobs", HTTPStatus.OK) or int(HTTPStatus.OK)
    if finished:
        exchange = run.send("cancelJobs", body={"job_ids": finished})
        run.verdict(checks.batch_cancel_is_idempotent, "cancelJobs", finished, exchange.status, exchange.body, ok,
                    exchange=exchange)
    rejected = run.target.declared("cancelJobs", HTTPStatus.BAD_REQUEST)
    if rejected is not None:
        exchange = run.send("cancelJobs", body={"job_ids": NOT_UUIDS})
        problems = run.error_problems(exchange) if exchange.status == rejected else []
        run.verdict(checks.batch_cancel_rejects_bad_ids, "cancelJobs", NOT_UUIDS, exchange.status, rejected, problems,
                    exchange=exchange)


def _cancel_twice(run: ScenarioRun, job_id: str, state: str, ok: int) -> None:
    answers, last = [], None
    for _ in range(2):
        last = _cancel(run, job_id)
        answers.append((last.status, last.body))
    code, body = _status_of(run, job_id)
    after = body.get("status") if code == 200 and body else f"HTTP {code}"
    run.verdict(checks.cancel_is_idempotent, "cancelJob", job_id, state, answers, ok, state, after, exchange=last)


def _cancel_live_jobs(run: ScenarioRun, ok: int, gone: int) -> None:
    slow = run.workflows.get("slow")
    if slow is None:
        raise Skip("no slow workflow to keep a job running")
    waiting, running, cancelled = (run.spec.status_role(role) for role in ("waiting", "running", "cancelled"))
    runner = OwnJob(submitted_id(run, submit(run, slow.prompt), "slow"), "slow", cancelled)
    waiter = OwnJob(submitted_id(run, submit(run, run.workflows["plain"].prompt), "plain"), "plain", cancelled)
    run.jobs += [runner, waiter]
    seen = follow(run, runner, until=lambda status: status != waiting)
    state = seen.body.get("status") if isinstance(seen.body, dict) else f"HTTP {seen.status}"
    if state != running:
        _cleanup(run, runner, waiter)
        raise Skip(f"the slow job never showed {running} (last seen: {state})")
    code, body = _status_of(run, waiter.job_id)
    state = body.get("status") if code == 200 and body else f"HTTP {code}"
    if state != waiting:
        _cleanup(run, runner, waiter)
        raise Skip(f"the job queued behind the slow one is not {waiting} (it is {state})")

    exchange = _cancel(run, waiter.job_id)
    later_code, later = _status_of(run, waiter.job_id)
    run.verdict(checks.cancel_stops_pending_job, "cancelJob", waiter.job_id, exchange.status, exchange.body, ok,
                later_code, later, gone, cancelled, exchange=exchange)

    exchange = _cancel(run, runner.job_id)
    last = follow(run, runner)
    body = last.body if last.status == 200 and isinstance(last.body, dict) else None
    final = body.get("status") if body else None
    run.verdict(checks.cancel_stops_running_job, "cancelJob", runner.job_id, exchange.status, exchange.body, ok,
                final, (cancelled,), exchange=exchange)

    if final and is_terminal(run.spec, final):
        _cancel_twice(run, runner.job_id, final, ok)
    if later_code == 200 and later and is_terminal(run.spec, later.get("status")):
        waiter.final = later
        _cancel_twice(run, waiter.job_id, later["status"], ok)


def _cleanup(run: ScenarioRun, *jobs: OwnJob) -> None:
    """Leave no job of ours running when the scenario gives up."""
    for job in jobs:
        _cancel(run, job.job_id)


@scenario(order=110)
def run_cleanup(run: ScenarioRun) -> None:
    """Very last: cancel the run's own jobs that are still queued or running (a busy server), leaving it as found."""
    if not run.target.writes_allowed or not operation_available(run, "cancelJob"):
        return
    for job in run.jobs:
        seen = run.histories.get(job.job_id) or job.observed
        if seen and not is_terminal(run.spec, seen[-1]):
            _cancel(run, job.job_id)
