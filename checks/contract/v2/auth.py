"""Credentials in v2 are `Authorization: Bearer <key>`: a request without them, with a wrong
key, or with the v1 `X-API-Key` header is refused 401 `unauthorized`; another account never
sees the run's job. Without a key the server is checked as an open self-hosted proxy.
"""

from __future__ import annotations

from checks.contract.catalogue import scenario_check
from checks.contract.v2.jobs import V2Run, error_code

WRONG_KEY = "jobs-checks-wrong-key"


@scenario_check
def requests_need_bearer_credentials(what: str, status: int, code: str | None, expected_codes: tuple[str, ...]) -> None:
    """Without `Authorization: Bearer <key>` (none, a wrong key, or the v1 `X-API-Key` header) a route answers 401 `unauthorized`."""
    if status != 401 or (expected_codes and code not in expected_codes):
        raise AssertionError(f"{what} answered {status} {code or ''}".rstrip()
                             + f"; expected 401 {' or '.join(expected_codes)}".rstrip())


@scenario_check
def other_accounts_cannot_see_the_job(what: str, status: int) -> None:
    """Another account's request for the run's job answers 404 (or 403), never the job."""
    if status not in (403, 404):
        raise AssertionError(f"{what} answered {status}; expected 404 or 403")


def run_auth(run: V2Run) -> None:
    job = next((job for job in run.jobs if job.final), None)
    if run.target.api_key is None:
        run.outcomes.note("auth: no API key given, so the server was checked as an open (self-hosted) server")
        run.skip(requests_need_bearer_credentials, "getJob", "no API key given")
        return
    if job is None:
        run.skip(requests_need_bearer_credentials, "getJob", "no job of the run to ask for")
        return
    from checks.apispec import spec_for

    v1_credentials = spec_for("cloud").credentials(run.target.api_key)  # the v1 habit: the key in its own header
    attempts = [("no credentials", None, None), ("a wrong bearer key", WRONG_KEY, None),
                (f"the key in the v1 {', '.join(v1_credentials)} header", None, v1_credentials)]
    for what, key, headers in attempts:
        exchange = run.on_job("getJob", job.job_id, api_key=key, headers=headers)
        run.verdict(requests_need_bearer_credentials, "getJob", f"GET job {job.job_id} with {what}", exchange.status,
                    error_code(exchange.body), run.spec.error_codes_of("getJob", 401), exchange=exchange)
    if run.target.other_api_key:
        exchange = run.on_job("getJob", job.job_id, api_key=run.target.other_api_key)
        run.verdict(other_accounts_cannot_see_the_job, "getJob", f"another account's GET of job {job.job_id}",
                    exchange.status, exchange=exchange)
