"""Cancel in v2: a running job goes `canceling` then `canceled`, a queued one is canceled
without running, and cancelling a job that ended changes nothing (idempotent).

One slow job keeps the queue busy so a second job stays queued; while the slow one runs,
the stream limit is probed and its event stream is read live. Only the run's own jobs are
ever cancelled.
"""

from __future__ import annotations

from checks.contract.catalogue import scenario_check
from checks.contract.scenarios.base import OwnJob, Skip
from checks.contract.v2 import events
from checks.contract.v2.jobs import V2Run


def _state(exchange) -> str | None:
    return exchange.body.get("status") if exchange.status == 200 and isinstance(exchange.body, dict) else None


@scenario_check
def cancel_of_finished_job_changes_nothing(job_id: str, before: str, answers: list[tuple[int, str | None]],
                                           after: str | None) -> None:
    """Cancelling a job that already ended answers 200 with the job unchanged, every time."""
    for number, (status, state) in enumerate(answers, start=1):
        if status != 200 or state != before:
            raise AssertionError(f"cancel #{number} of the {before} job {job_id} answered {status} with status "
                                 f"{state!r}; expected 200 {before}")
    if after != before:
        raise AssertionError(f"cancelling the {before} job {job_id} changed it to {after}")


@scenario_check
def cancel_moves_running_job_to_canceled(job_id: str, status: int, answered: str | None, allowed: tuple[str, ...],
                                         final: str | None, canceled: str) -> None:
    """Cancelling a running job answers it `canceling` (or already `canceled`), and it ends `canceled`."""
    if status != 200 or answered not in allowed:
        raise AssertionError(f"cancel of the running job {job_id} answered {status} with status {answered!r}; "
                             f"expected 200 with {' or '.join(allowed)}")
    if final != canceled:
        raise AssertionError(f"the cancelled running job {job_id} ended {final!r}; expected {canceled}")


@scenario_check
def cancel_of_queued_job_cancels_it(job_id: str, status: int, answered: str | None, later: str | None,
                                    allowed: tuple[str, ...], canceled: str) -> None:
    """Cancelling a queued job answers 200 and the job ends `canceled` without running (not `expired`, not deleted)."""
    if status != 200 or answered not in allowed:
        raise AssertionError(f"cancel of the queued job {job_id} answered {status} with status {answered!r}; "
                             f"expected 200 with {' or '.join(allowed)}")
    if later != canceled:
        raise AssertionError(f"after cancelling the queued job {job_id} it is {later!r}; expected {canceled}")


@scenario_check
def repeated_cancel_is_harmless(job_id: str, status: int, answered: str | None, allowed: tuple[str, ...]) -> None:
    """Cancelling a job that is already `canceling` answers 200 and the job keeps going to `canceled`."""
    if status != 200 or answered not in allowed:
        raise AssertionError(f"a second cancel of job {job_id} answered {status} with status {answered!r}; "
                             f"expected 200 with {' or '.join(allowed)}")


def cancel_twice(run: V2Run, job_id: str, before: str) -> None:
    answers, last = [], None
    for _ in range(2):
        last = run.on_job("cancelJob", job_id)
        answers.append((last.status, _state(last)))
    code, body = run.status_of(job_id)
    after = body.get("status") if code == 200 and body else f"HTTP {code}"
    run.verdict(cancel_of_finished_job_changes_nothing, "cancelJob", job_id, before, answers, after, exchange=last)


def run_cancel(run: V2Run) -> None:
    spec = run.spec
    streamed = set()  # one finished stream per ending is enough
    for job in list(run.jobs):
        state = job.final.get("status") if job.final else None
        if state in spec.terminal_statuses():
            cancel_twice(run, job.job_id, state)
            if state not in streamed:
                streamed.add(state)
                events.judge_finished_stream(run, job.job_id, state)
    slow = run.workflows.get("slow")
    if slow is None:
        raise Skip("no slow workflow to keep a job running")
    waiting, running, canceling, canceled = (spec.status_role(role) for role in
                                             ("waiting", "running", "canceling", "cancelled"))
    runner = run.created(run.create(slow.prompt), "slow", canceled)
    waiter = None
    try:
        # Created inside the try: a server that refuses it must not leave the slow job running.
        waiter = run.created(run.create(run.workflows["plain"].prompt), "plain", canceled)
        seen = run.follow(runner, until=lambda status: status != waiting)
        if _state(seen) != running:
            raise Skip(f"the slow job never showed {running} (last seen: {_state(seen) or seen.status})")
        code, body = run.status_of(waiter.job_id)
        if not (code == 200 and body and body.get("status") == waiting):
            raise Skip(f"the job queued behind the slow one is not {waiting}")
        events.probe_stream_limit(run, runner.job_id)
        live = events.LiveReader(run, runner.job_id)
        if not live.wait_open(10.0):
            run.outcomes.note("the live event stream did not open within 10 s; judging what it answered")
        run.target.wait(0.2)  # let the snapshot arrive while the job still runs

        answer = run.on_job("cancelJob", waiter.job_id)
        code, body = run.status_of(waiter.job_id)
        run.verdict(cancel_of_queued_job_cancels_it, "cancelJob", waiter.job_id, answer.status, _state(answer),
                    body.get("status") if code == 200 and body else f"HTTP {code}", (canceling, canceled), canceled,
                    exchange=answer)

        answer = run.on_job("cancelJob", runner.job_id)
        again = run.on_job("cancelJob", runner.job_id)
        run.verdict(repeated_cancel_is_harmless, "cancelJob", runner.job_id, again.status, _state(again),
                    (canceling, canceled), exchange=again)
        last = run.follow(runner)
        run.verdict(cancel_moves_running_job_to_canceled, "cancelJob", runner.job_id, answer.status, _state(answer),
                    (canceling, canceled), _state(last), canceled, exchange=answer)
        live.judge(running)
    except Skip:
        _cleanup(run, runner, *([waiter] if waiter is not None else []))
        raise
    for job in (runner, waiter):
        code, body = run.status_of(job.job_id)
        state = body.get("status") if code == 200 and body else None
        if state in spec.terminal_statuses():
            cancel_twice(run, job.job_id, state)


def _cleanup(run: V2Run, *jobs: OwnJob) -> None:
    """Leave no job of ours running when the scenario gives up."""
    for job in jobs:
        run.on_job("cancelJob", job.job_id)
