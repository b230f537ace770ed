"""One v2 conformance run: reach the server, run the v2 scenarios, fuzz the read-only routes.

Called by `checks.contract.runner.run_contract` for the `v2` profile; returns the same
`RunReport`, so every report format and exit code works unchanged.
"""

from __future__ import annotations

import random
import time

from checks.contract.fuzz import run_fuzz
from checks.masking import Masker
from checks.contract.outcomes import Outcomes
from checks.contract.runner import SCENARIO_PHASE, RunError, RunReport, default_workflows
from checks.contract.scenarios.base import Skip
from checks.contract.target import Target, Unreachable, WriteRefused
from checks.contract.v2.jobs import V2Run


def _probe(target: Target, job_id: str, outcomes: Outcomes) -> None:
    """Fail fast, with one line, when the server is unreachable or refuses the key; note a doubtful v2."""
    try:
        exchange = target.call("getJob", path_parameters={"id": job_id})
    except Unreachable as exc:
        raise RunError(f"cannot reach {target.base_url}: {str(exc).rsplit(': ', 1)[-1]}") from None
    if exchange.status == 401:
        hint = "refused the API key" if target.api_key else "wants an API key (set --api-key-env)"
        raise RunError(f"{target.base_url} {hint} (401 on {exchange.operation})")
    body = exchange.body
    error = body.get("error") if isinstance(body, dict) else None
    if exchange.status == 404 and not isinstance(error, dict):
        outcomes.note(f"{exchange.operation} of an unknown id answered 404 without the v2 error envelope: if "
                      f"{target.base_url} is not a Comfy API v2 server, check --base-url and --profile")


def run_v2(options) -> RunReport:
    from checks.apispec import spec_for

    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**31)
    masker = Masker.for_run([options.api_key, options.other_api_key], variables=options.key_variables.values())
    spec = spec_for(options.profile)
    if spec.auth_required and not options.api_key:
        raise RunError(f"the {options.profile} profile needs an API key")
    outcomes = Outcomes(mask=masker)
    target = Target(base_url=options.base_url, profile=options.profile, api_key=options.api_key,
                    other_api_key=options.other_api_key, timeout=options.timeout,
                    allow_writes=options.allow_writes, seed=seed, mask=masker,
                    key_variables={key: name for key, name in options.key_variables.items() if key})
    started = time.monotonic()
    run = V2Run(target, outcomes, version=None, seed=seed, job_timeout=options.job_timeout,
                workflows={**default_workflows(), **options.workflows})
    _probe(target, run.unknown_id(), outcomes)
    for key in (options.api_key, options.other_api_key):
        if key:
            run.watch(key, "an API key")
    fuzzed = 0
    try:
        if SCENARIO_PHASE in options.phases:
            _run_scenarios(run)
        fuzz_phases = [phase for phase in options.phases if phase != SCENARIO_PHASE]
        if fuzz_phases:
            fuzzed = run_fuzz(target, outcomes, phases=fuzz_phases, max_examples=options.max_examples, seed=seed,
                              skip_operations=["getJobEvents"])
    except Unreachable as exc:
        raise RunError(f"lost the server during the run: {exc}") from None
    finally:
        run.forget_watched()
    return RunReport(profile=options.profile, base_url=target.base_url, seed=seed, version=None, rows=outcomes.rows,
                     notes=outcomes.notes, elapsed=time.monotonic() - started, requests=target.requests_sent + fuzzed,
                     mask=masker)


def _run_scenarios(run: V2Run) -> None:
    from checks.contract.v2.auth import run_auth
    from checks.contract.v2.cancel import run_cancel
    from checks.contract.v2.idempotency import run_idempotency
    from checks.contract.v2.jobs import run_lifecycle
    from checks.contract.v2.outputs import run_outputs

    for scenario in (run_lifecycle, run_idempotency, run_outputs, run_auth, run_cancel):
        try:
            scenario(run)
        except (Skip, WriteRefused) as exc:
            run.outcomes.note(f"{scenario.__name__.removeprefix('run_')}: skipped, {exc}")
