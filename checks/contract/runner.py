"""One conformance run: reach the server, read its version, script, fuzz, report.

`run_contract(options)` is the whole programme behind `jobs-checks contract`; the
CLI only turns flags into `RunOptions` and a `RunReport` into text and exit codes.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from checks.contract import workflows as builtin_workflows
from checks.contract.fuzz import DEFAULT_PHASES, run_fuzz
from checks.masking import Masker
from checks.contract.outcomes import FAILED, PASSED, SKIPPED, CheckRow, Outcomes
from checks.contract.scenarios.base import ScenarioRun, Skip
from checks.contract.semantics.lifecycle import UnknownRoles
from checks.contract.target import Target, Unreachable, WriteRefused
from checks.contract.versions import read_server_version, unavailable_operations

SCENARIO_PHASE = "scenarios"
DEFAULT_MAX_EXAMPLES = 25
DEFAULT_TIMEOUT = 10.0
DEFAULT_JOB_TIMEOUT = 60.0


class RunError(Exception):
    """The run could not start: unreachable server, missing key, bad option. One line for the user."""


@dataclass
class RunOptions:
    base_url: str
    profile: str
    api_key: str | None = None
    other_api_key: str | None = None
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int | None = None
    phases: tuple[str, ...] = (*DEFAULT_PHASES, SCENARIO_PHASE)
    allow_writes: bool = False
    timeout: float = DEFAULT_TIMEOUT
    job_timeout: float = DEFAULT_JOB_TIMEOUT
    workflows: dict = field(default_factory=dict)
    # Names of the environment variables the keys came from: reproducers say `$NAME`
    # instead of a masked key, so they run as printed.
    key_variables: dict = field(default_factory=dict)


@dataclass
class RunReport:
    profile: str
    base_url: str
    seed: int
    version: str | None
    rows: list[CheckRow]
    notes: list[str]
    elapsed: float
    requests: int
    mask: Masker

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self) -> dict:
        return {"passed": self.count(PASSED), "failed": self.count(FAILED), "skipped": self.count(SKIPPED),
                "requests": self.requests, "seconds": round(self.elapsed, 2)}

    @property
    def conforming(self) -> bool:
        return self.count(FAILED) == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.conforming else 1


def default_workflows() -> dict:
    return {"plain": builtin_workflows.plain(), "slow": builtin_workflows.slow(), "failing": builtin_workflows.failing()}


def _probe(target: Target) -> None:
    """Fail fast, with one line, when the server is unreachable or refuses the key."""
    try:
        exchange = target.call("listJobs", query={"limit": 1})
    except Unreachable as exc:
        reason = str(exc).rsplit(": ", 1)[-1]
        if reason == "timed out":
            reason = f"no answer within {target.timeout:g} s (--timeout)"
        elif reason not in ("connection refused", "host name not found"):
            raise RunError(f"no usable answer from {target.base_url}: {reason}") from None
        raise RunError(f"cannot reach {target.base_url}: {reason}") from None
    if 300 <= exchange.status < 400:
        location = exchange.response.headers.get("location") or exchange.response.headers.get("Location")
        where = (location[0] if isinstance(location, list) else location) or "somewhere else"
        raise RunError(f"{exchange.operation} at {target.base_url} answered {exchange.status}, redirecting to {where}; "
                       f"redirects are not followed (the API key would go along): use the final URL as --base-url")
    if target.spec.auth_header and exchange.status == 401:
        raise RunError(f"{target.base_url} refused the API key (401 on {exchange.operation})")
    if exchange.status == 404:
        raise RunError(f"{exchange.operation} answered 404 at {target.base_url}: is this a Jobs API server "
                       f"of the {target.profile} dialect (check --base-url and --profile)?")


def run_contract(options: RunOptions) -> RunReport:
    """Run every enabled phase against `options.base_url` and collect the verdicts."""
    from checks.apispec import spec_for

    if options.profile == "v2":  # Comfy API v2 has its own programme (checks.contract.v2)
        from checks.contract.v2.runner import run_v2

        return run_v2(options)
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**31)
    masker = Masker.for_run([options.api_key, options.other_api_key], variables=options.key_variables.values())
    spec = spec_for(options.profile)
    if spec.auth_header and not options.api_key:
        raise RunError(f"the {options.profile} profile needs an API key in the {spec.auth_header} header")
    outcomes = Outcomes(mask=masker)
    target = Target(base_url=options.base_url, profile=options.profile, api_key=options.api_key,
                    other_api_key=options.other_api_key, timeout=options.timeout,
                    allow_writes=options.allow_writes, seed=seed, mask=masker,
                    key_variables={key: name for key, name in options.key_variables.items() if key})
    started = time.monotonic()
    _probe(target)
    version, unknown = read_server_version(target)
    if version is None and spec.version_source:
        outcomes.note(f"server version unknown ({unknown}); assuming every route exists")
    fuzzed = 0
    run = ScenarioRun(target, outcomes, version=version, seed=seed, job_timeout=options.job_timeout,
                      workflows={**default_workflows(), **options.workflows})
    for key in (options.api_key, options.other_api_key):
        if key:
            run.watch(key, "an API key")
    try:
        if SCENARIO_PHASE in options.phases:
            _run_scenarios(run)
        fuzz_phases = [phase for phase in options.phases if phase != SCENARIO_PHASE]
        if fuzz_phases:
            skipped = [op.operation_id for op in unavailable_operations(spec, version)]
            fuzzed = run_fuzz(target, outcomes, phases=fuzz_phases, max_examples=options.max_examples, seed=seed,
                              skip_operations=skipped)
    except Unreachable as exc:
        connection = any(word in str(exc) for word in ("connection refused", "timed out", "host name not found"))
        raise RunError(f"{'lost the server during the run' if connection else 'the run stopped on a broken answer'}: {exc}") from None
    finally:
        run.forget_watched()
    return RunReport(profile=options.profile, base_url=target.base_url, seed=seed, version=version,
                     rows=outcomes.rows, notes=outcomes.notes, elapsed=time.monotonic() - started,
                     requests=target.requests_sent + fuzzed, mask=masker)


def _run_scenarios(run: ScenarioRun) -> None:
    from checks.contract.scenarios.auth import run_auth
    from checks.contract.scenarios.cancel import run_cancel
    from checks.contract.scenarios.consistency import run_consistency
    from checks.contract.scenarios.lifecycle import run_lifecycle
    from checks.contract.scenarios.listing import run_filters, run_orderings
    from checks.contract.scenarios.negative import run_negative
    from checks.contract.scenarios.pages import run_pages

    for scenario in (run_lifecycle, run_cancel, run_auth, run_orderings, run_filters, run_pages, run_consistency,
                     run_negative):
        try:
            scenario(run)
        except (Skip, WriteRefused, UnknownRoles) as exc:
            run.outcomes.note(f"{scenario.__name__.removeprefix('run_')}: skipped, {exc}")
