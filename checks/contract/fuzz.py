"""The generated part of a run: schemathesis phases over the read-only operations.

Only safe methods are fuzzed; writes (POST /prompt, cancel) happen in the scripted
lifecycle on jobs the run created. The contract's response checks are registered
with schemathesis, so they judge every generated response next to the built-in
checks (response schema, status codes, content type, server errors).
"""

from __future__ import annotations

import contextlib
import threading

from checks.contract.catalogue import response_checks
from checks.contract.target import SAFE_METHODS

PHASES = ("examples", "coverage", "fuzzing", "stateful")
# Stateful testing follows links from listed jobs to their details, i.e. it reads other
# people's jobs; it runs only when asked for.
DEFAULT_PHASES = ("examples", "coverage", "fuzzing")

_registered = False
# Schemathesis keeps registered checks for the whole process; ours judge only while a
# contract run is fuzzing, so other schemathesis users in the process never see them.
_active = threading.Event()


def _only_during_a_run(function):
    def check(ctx, response, case):
        if not _active.is_set():
            return True  # schemathesis: not applicable
        return function(ctx, response, case)

    check.__name__, check.__qualname__, check.__doc__ = function.__name__, function.__qualname__, function.__doc__
    return check


def register_checks() -> None:
    """Register the contract's response checks with schemathesis (once per process)."""
    global _registered
    if _registered:
        return
    import schemathesis

    for check in response_checks():
        schemathesis.check(_only_during_a_run(check.function))
    _registered = True


def schemathesis_config(*, seed: int, phases, max_examples: int, base_url: str, timeout: float, headers: dict):
    from schemathesis.config import SchemathesisConfig

    return SchemathesisConfig.from_dict({
        "seed": seed,
        "suppress-health-check": ["all"],
        "cache": {"enabled": False},
        "base-url": base_url,
        "workers": 1,
        "request-timeout": timeout,
        "headers": headers,
        "phases": {name: {"enabled": name in phases} for name in PHASES},
        "generation": {"max-examples": max_examples, "database": "none"},
    })


def run_fuzz(target, outcomes, *, phases, max_examples: int, seed: int, skip_operations=()) -> int:
    """Run the schemathesis phases against `target`, record every check verdict; returns requests sent."""
    import schemathesis
    from schemathesis.engine import Status, events, from_schema

    register_checks()
    config = schemathesis_config(seed=seed, phases=phases, max_examples=max_examples, base_url=target.base_url,
                                 timeout=target.timeout, headers=target.auth_headers())
    schema = schemathesis.openapi.from_dict(target.document, config=config)
    schema.hook("filter_failure")(_keep_failure)
    schema = schema.include(method=[method for method in SAFE_METHODS])
    if skip_operations:
        schema = schema.exclude(operation_id=list(skip_operations))
    sent = 0
    _active.set()
    try:
        with _bounded_sessions():
            for event in from_schema(schema).execute():
                if isinstance(event, events.ScenarioFinished):
                    sent += _record(event.recorder, outcomes, Status)
                elif isinstance(event, events.NonFatalError):
                    outcomes.failed("schemathesis_runs_cleanly", event.label or "run",
                                    f"{event.info.title}: {event.info.message}")
                elif isinstance(event, events.FatalError):
                    raise event.exception
                elif isinstance(event, events.EngineFinished):
                    for failure in event.failures or []:
                        outcomes.failed(failure.title, "run", failure.message)
    finally:
        _active.clear()
    return sent


@contextlib.contextmanager
def _bounded_sessions():
    """Schemathesis' sessions read bodies only up to a size and a time limit, like the scripted ones (target.py)."""
    from schemathesis.engine import context

    from checks.contract.target import bounded_session

    original = context.make_session
    context.make_session = lambda *args, **kwargs: bounded_session(original(*args, **kwargs))
    try:
        yield
    finally:
        context.make_session = original


def _sends_blank_item(case) -> bool:
    """Whether an array query parameter carries a blank item (`status=`, `status=a,`).

    ComfyUI splits on commas and drops blank parts, and `status=` is also how the valid
    empty array is written, so accepting such a request is not a contract violation.
    """
    from checks.apispec import spec_for

    profile = ((case.operation.schema.raw_schema or {}).get("info") or {}).get("x-profile")
    if profile is None:
        return False
    parameters = spec_for(profile).parameters(case.operation.definition.raw.get("operationId"))
    for name, value in (case.query or {}).items():
        if parameters.get(name, {}).get("schema", {}).get("type") != "array":
            continue
        items = value if isinstance(value, (list, tuple)) else str(value).split(",")
        if not items or any(isinstance(item, str) and not item.strip() for item in items):
            return True
    return False


def _keep_failure(context, failure, case, response) -> bool:
    """`filter_failure` hook: drop negative-data alarms that only a blank array item caused."""
    if "negative_data_rejection" in getattr(failure, "checks", ()) and _sends_blank_item(case):
        return False
    return True


def _record(recorder, outcomes, Status) -> int:
    """Turn one schemathesis scenario into check verdicts, with curl reproducers for failures."""
    for case_id, nodes in recorder.checks.items():
        node = recorder.cases.get(case_id)
        label = node.value.operation.label if node is not None else recorder.label
        for check in nodes:
            if check.status == Status.SUCCESS:
                outcomes.passed(check.name, label)
            elif check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                message = failure.title if not failure.message else f"{failure.title}: {failure.message}"
                outcomes.failed(check.name, label, message, check.failure_info.code_sample)
    return sum(1 for interaction in recorder.interactions.values() if interaction.response is not None)
