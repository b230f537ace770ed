"""Idempotency keys in v2 are single-use: the first request with a key is processed, every
later one is refused 422 `idempotency_key_reuse` whatever its body (no replay), and a key
whose submission was refused before any job existed may be used again.

Recorded from the facts and the real comfy-api-proxy 0.1.6 (both reject on reuse); a
server that replayed the first answer instead would fail `idempotency_key_is_single_use`.
"""

from __future__ import annotations

import uuid

from checks.contract.catalogue import scenario_check
from checks.contract.scenarios.base import OwnJob, Skip
from checks.contract.v2.jobs import V2Run, error_code


@scenario_check
def idempotency_key_is_single_use(what: str, status: int, code: str | None, expected_code: str) -> None:
    """A second request with a used `Idempotency-Key` (same body, other body, other `extra_data`) answers 422 `idempotency_key_reuse` and creates nothing."""
    if status != 422 or code != expected_code:
        raise AssertionError(f"{what} answered {status} {code or ''}".rstrip() + f"; expected 422 {expected_code}")


@scenario_check
def refused_submission_gives_the_key_back(what: str, first: tuple[int, str | None], retry_status: int) -> None:
    """A key whose submission was refused (no job created) works for the corrected retry: 422 first, then 201."""
    if first[0] != 422:
        raise AssertionError(f"{what}: the invalid submission answered {first[0]} {first[1] or ''}".rstrip()
                             + "; expected 422")
    if retry_status != 201:
        raise AssertionError(f"{what}: the corrected retry with the same key answered {retry_status}; expected 201")


def _key(run: V2Run) -> str:
    return str(uuid.UUID(int=run.random.getrandbits(128), version=4))


def run_idempotency(run: V2Run) -> None:
    rules = run.spec.idempotency("createJob")
    if rules is None:
        raise Skip("the profile takes no idempotency key")
    prompt = run.workflows["plain"].prompt
    key = _key(run)
    first = run.create(prompt, key=key)
    job = run.created(first, "plain", run.spec.status_role("succeeded"))
    other = {**prompt, "jobs_checks_other": {"class_type": "EmptyImage",
                                             "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 1}}}
    keys = run.spec.extra_data_keys("createJob")
    repeats = [("the same body", prompt, None), ("another body", other, None)]
    if keys:
        repeats.append(("the same body with other extra_data", prompt, {keys[0]: "jobs-checks-other-extra"}))
    for what, workflow, extra in repeats:
        again = run.create(workflow, key=key, extra_data=extra)
        if again.status == 201:
            run.jobs.append(OwnJob(again.body["id"], "duplicate", None))
        run.verdict(idempotency_key_is_single_use, "createJob", f"reusing the key of job {job.job_id} with {what}",
                    again.status, error_code(again.body), rules.error, exchange=again)
    if rules.released_when_refused:
        key = _key(run)
        refused = run.create(prompt, key=key, body={"workflow": {"1": {"class_type": "JobsChecksNoSuchNode", "inputs": {}}}})
        retry = run.create(prompt, key=key)
        if retry.status == 201:
            run.jobs.append(OwnJob(retry.body["id"], "retry", None))
        run.verdict(refused_submission_gives_the_key_back, "createJob", f"key {key}",
                    (refused.status, error_code(refused.body)), retry.status, exchange=retry)
    run.follow(job)
