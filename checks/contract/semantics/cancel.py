"""Cancel does what the spec documents: stops or drops live jobs, and changes nothing twice."""

from __future__ import annotations

from checks.contract.catalogue import scenario_check


def _cancelled_flag(body) -> object:
    return body.get("cancelled") if isinstance(body, dict) else None


@scenario_check
def cancel_is_idempotent(job_id: str, state: str, answers: list[tuple[int, object]], ok_status: int,
                         before: str | None, after: str | None) -> None:
    """Cancelling a job that already ended answers `{"cancelled": false}` every time and leaves it as it was."""
    for number, (status, body) in enumerate(answers, start=1):
        if status != ok_status:
            raise AssertionError(f"cancel #{number} of the {state} job {job_id} answered {status}, expected {ok_status}")
        if _cancelled_flag(body) is not False:
            raise AssertionError(
                f"cancel #{number} of the {state} job {job_id} answered cancelled={_cancelled_flag(body)!r}, expected false"
            )
    if before != after:
        raise AssertionError(f"cancelling the {state} job {job_id} changed its status from {before} to {after}")


@scenario_check
def cancel_stops_pending_job(job_id: str, status: int, body, ok_status: int, later_status: int, later_job: dict | None,
                             gone_status: int, cancelled_state: str) -> None:
    """Cancelling a pending job answers `{"cancelled": true}`; the job never runs: it is gone (404) or `cancelled`."""
    if status != ok_status or _cancelled_flag(body) is not True:
        raise AssertionError(f"cancel of the pending job {job_id} answered {status} {body!r}, expected cancelled=true")
    if later_status == gone_status:
        return
    state = later_job.get("status") if isinstance(later_job, dict) else None
    if later_status != ok_status or state != cancelled_state:
        raise AssertionError(
            f"after cancelling the pending job {job_id}, GET answers {later_status} with status {state!r}; "
            f"expected {gone_status} or status {cancelled_state}"
        )


@scenario_check
def cancel_stops_running_job(job_id: str, status: int, body, ok_status: int, final: str | None,
                             allowed_final: tuple[str, ...]) -> None:
    """Cancelling a running job answers `{"cancelled": true}` and the job ends without completing."""
    if status != ok_status or _cancelled_flag(body) is not True:
        raise AssertionError(f"cancel of the running job {job_id} answered {status} {body!r}, expected cancelled=true")
    if final not in allowed_final:
        raise AssertionError(f"the cancelled running job {job_id} ended {final}; expected one of {', '.join(allowed_final)}")


@scenario_check
def cancel_of_unknown_job_is_harmless(job_id: str, status: int, body, expected_status: int, ok_status: int) -> None:
    """Cancelling an id that matches no job answers the documented status (`{"cancelled": false}` or 404), never a success."""
    if status != expected_status:
        raise AssertionError(f"cancel of the unknown job {job_id} answered {status}, expected {expected_status}")
    if status == ok_status and _cancelled_flag(body) is not False:
        raise AssertionError(f"cancel of the unknown job {job_id} answered cancelled={_cancelled_flag(body)!r}, expected false")


@scenario_check
def batch_cancel_is_idempotent(job_ids: list[str], status: int, body, ok_status: int) -> None:
    """Cancelling finished jobs in a batch (`POST /api/jobs/cancel`) answers `{"cancelled": false}`, like one by one."""
    if status != ok_status or _cancelled_flag(body) is not False:
        raise AssertionError(f"batch cancel of the finished jobs {job_ids} answered {status} {body!r}, expected cancelled=false")


@scenario_check
def batch_cancel_rejects_bad_ids(job_ids: list, status: int, expected: int, body_problems: list[str]) -> None:
    """A batch cancel whose `job_ids` are not UUIDs answers 400 with the documented error body."""
    if status != expected or body_problems:
        detail = f"; the body breaks the spec's schema: {body_problems[0]}" if body_problems else ""
        raise AssertionError(f"batch cancel of {job_ids!r} answered {status}; expected {expected}{detail}")
