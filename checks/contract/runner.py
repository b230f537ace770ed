"""One conformance run: reach the server, read its version, prove the gates, script, fuzz, report.

`run_contract(options)` is the whole programme behind `jobs-checks contract`; the CLI only
turns flags into `RunOptions` and a `RunReport` into text and exit codes.

The verdict is about the Jobs API contract only: CONFORMING when no contract check
failed. Server defects outside the contract (a 500 for a body that is not JSON, for a
parameter value the spec rejects) are listed apart, each with a curl reproducer, and
change the exit code only with `fail_on_defects`.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from checks.contract import workflows as builtin_workflows
from checks.contract.catalogue import all_scenarios
from checks.contract.context import RunContext, bind, unbind
from checks.contract.fuzz import DEFAULT_PHASES, run_fuzz
from checks.masking import Masker
from checks.contract.outcomes import FAILED, PASSED, SKIPPED, CheckRow, Defect, Outcomes
from checks.contract.scenarios.base import ScenarioRun, Skip
from checks.contract.semantics.lifecycle import UnknownRoles
from checks.contract.target import Target, Unreachable, WriteRefused
from checks.contract.versions import other_dialect, read_server_version

SCENARIO_PHASE = "scenarios"
GATES = "gates"  # the scenario that proves version gates; fuzzing needs it even without the other scenarios
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
    probe_methods: bool = False  # let schemathesis send methods the spec does not declare
    fail_on_defects: bool = False
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
    defects: list[Defect] = field(default_factory=list)
    unserved: dict[str, str] = field(default_factory=dict)  # operation -> the router's answer
    dialect_hint: str | None = None  # "the server answers like the comfyui dialect (...)"
    fail_on_defects: bool = False

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self) -> dict:
        return {"passed": self.count(PASSED), "failed": self.count(FAILED), "skipped": self.count(SKIPPED),
                "defects": len(self.defects), "requests": self.requests, "seconds": round(self.elapsed, 2)}

    @property
    def conforming(self) -> bool:
        return self.count(FAILED) == 0

    @property
    def exit_code(self) -> int:
        return 0 if self.conforming and not (self.fail_on_defects and self.defects) else 1


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
    from checks.apispec.versions import document_for_version

    if options.profile == "v2":  # Comfy API v2 has its own programme (checks.contract.v2)
        from checks.contract.v2.runner import run_v2

        return run_v2(options)
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**31)
    masker = Masker.for_run([options.api_key, options.other_api_key], variables=options.key_variables.values())
    spec = spec_for(options.profile)
    if spec.auth_header and not options.api_key:
        raise RunError(f"the {options.profile} profile needs an API key in the {spec.auth_header} header")
    outcomes = Outcomes(mask=masker)
    context = RunContext()
    target = Target(base_url=options.base_url, profile=options.profile, api_key=options.api_key,
                    other_api_key=options.other_api_key, timeout=options.timeout,
                    allow_writes=options.allow_writes, seed=seed, mask=masker,
                    key_variables={key: name for key, name in options.key_variables.items() if key})
    bind(target.schema, context)
    started = time.monotonic()
    fuzzed, hint, expected_absent = 0, None, set()
    try:
        _probe(target)
        version, unknown = read_server_version(target)
        context.version = version
        if version is None and spec.version_source:
            outcomes.note(f"server version unknown ({unknown}); assuming every route exists")
        run = ScenarioRun(target, outcomes, version=version, seed=seed, job_timeout=options.job_timeout,
                          workflows={**default_workflows(), **options.workflows}, context=context)
        for key in (options.api_key, options.other_api_key):
            if key:
                run.watch(key, "an API key")
        for found in all_scenarios():
            if found.name != GATES and SCENARIO_PHASE not in options.phases:
                continue
            try:
                found.function(run)
            except (Skip, WriteRefused, UnknownRoles) as exc:
                outcomes.note(f"{found.name}: skipped, {exc}")
        fuzz_phases = [phase for phase in options.phases if phase != SCENARIO_PHASE]
        if fuzz_phases:
            # What a server of this version implements, unless a gate showed it has more.
            document = document_for_version(options.profile, None if run.present_despite_version else version)
            fuzzed = run_fuzz(target, outcomes, context, document=document, phases=fuzz_phases,
                              max_examples=options.max_examples, seed=seed, skip_operations=run.confirmed_absent,
                              probe_methods=options.probe_methods)
        if outcomes.failed_names():
            hint = other_dialect(target)
        expected_absent = {target.label(name) for name in run.confirmed_absent}
    except Unreachable as exc:
        connection = any(word in str(exc) for word in ("connection refused", "timed out", "host name not found"))
        raise RunError(f"{'lost the server during the run' if connection else 'the run stopped on a broken answer'}: {exc}") from None
    finally:
        unbind(target.schema)
    return RunReport(profile=options.profile, base_url=target.base_url, seed=seed, version=context.version,
                     rows=outcomes.rows, notes=outcomes.notes, elapsed=time.monotonic() - started,
                     requests=target.requests_sent + fuzzed, mask=masker, defects=list(outcomes.defects),
                     # Routes the server predates were proved absent and skipped: no problem to report.
                     unserved={operation: answer for operation, answer in outcomes.unserved().items()
                               if operation not in expected_absent},
                     dialect_hint=hint, fail_on_defects=options.fail_on_defects)
