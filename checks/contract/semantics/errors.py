"""Bad requests get the dialect's client errors, never a success or a 5xx."""

from __future__ import annotations

from checks.contract.catalogue import scenario_check


def _shape(problems: list[str]) -> str:
    return f"; the body breaks the spec's error schema: {problems[0]}" if problems else ""


@scenario_check
def unknown_job_is_404(job_id: str, status: int, expected: int, body_problems: list[str]) -> None:
    """A job id that matches no job answers 404 with the dialect's error body (cloud: a non-UUID id answers 400)."""
    if status != expected or body_problems:
        raise AssertionError(f"GET job {job_id!r}, which does not exist, answered {status}; expected {expected}{_shape(body_problems)}")


@scenario_check
def bad_parameters_are_400(parameter: str, value: str, status: int, expected: int, body_problems: list[str]) -> None:
    """An invalid query value (unknown enum, the other dialect's value, out-of-range or non-integer limit/offset) answers 400 with an error body, never 5xx."""
    if status != expected or body_problems:
        raise AssertionError(f"{parameter}={value!r} answered {status}; expected {expected}{_shape(body_problems)}")


@scenario_check
def requests_without_key_are_401(what: str, status: int, expected: int) -> None:
    """Without an API key, or with a wrong one, every route answers 401."""
    if status != expected:
        raise AssertionError(f"{what} answered {status}; expected {expected}")


@scenario_check
def other_users_jobs_are_hidden(what: str, status: int, expected: tuple[int, ...], body=None, job_id: str = "") -> None:
    """Another user's job is never shown or touched: its detail answers 403, its cancel 404, and the other user's list omits it."""
    if status not in expected:
        raise AssertionError(f"{what} answered {status}; expected {' or '.join(map(str, expected))}")
    if job_id and isinstance(body, dict):
        jobs = body.get("jobs") or []
        if any(isinstance(job, dict) and job.get("id") == job_id for job in jobs):
            raise AssertionError(f"{what} lists job {job_id}, which belongs to another user")
