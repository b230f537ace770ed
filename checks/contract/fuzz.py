"""The generated part of a run: schemathesis phases over the read-only operations.

Only declared operations with safe methods are fuzzed, never one the spec marks
destructive, and never an undeclared method: schemathesis' probes of methods a path does
not declare (its `unsupported_method` check sends them, with bodies) reach real routes
the spec may not know, so they run only with `--probe-undeclared-methods`. Writes (POST
/prompt, cancel) happen in the scripted scenarios on jobs the run created.

The contract's response checks are registered with schemathesis once per process; they
judge a response only when its case belongs to a run (`checks.contract.context`). A 5xx
to input the spec rejects (negative data) is a server defect, reported apart from the
contract, with its reproducer.
"""

from __future__ import annotations

import contextlib
import re
import threading

from checks.apispec.validate import declares_json
from checks.contract.catalogue import response_checks
from checks.contract.context import RunContext, bind, context_of, unbind
from checks.contract.target import SAFE_METHODS

PHASES = ("examples", "coverage", "fuzzing", "stateful")
# Stateful testing follows links from listed jobs to their details, i.e. it reads other
# people's jobs; it runs only when asked for.
DEFAULT_PHASES = ("examples", "coverage", "fuzzing")
# What schemathesis probes undeclared methods with, when the user opts in.
UNDECLARED_METHODS = ("put", "patch", "delete", "post", "trace")

_registered = False
_register_lock = threading.Lock()


def _only_during_a_run(function):
    def check(ctx, response, case):
        if context_of(case) is None:
            return True  # schemathesis: not applicable (no contract run owns this case)
        return function(ctx, response, case)

    check.__name__, check.__qualname__, check.__doc__ = function.__name__, function.__qualname__, function.__doc__
    return check


def register_checks() -> None:
    """Register the contract's response checks with schemathesis (once per process)."""
    global _registered
    with _register_lock:
        if _registered:
            return
        import schemathesis

        for check in response_checks():
            schemathesis.check(_only_during_a_run(check.function))
        _registered = True


def schemathesis_config(*, seed: int, phases, max_examples: int, base_url: str, timeout: float, headers: dict,
                        probe_methods: bool = False):
    from schemathesis.config import SchemathesisConfig

    phase_settings = {name: {"enabled": name in phases} for name in PHASES}
    phase_settings["coverage"]["unexpected-methods"] = list(UNDECLARED_METHODS) if probe_methods else []
    return SchemathesisConfig.from_dict({
        "seed": seed,
        "suppress-health-check": ["all"],
        "cache": {"enabled": False},
        "base-url": base_url,
        "workers": 1,
        "request-timeout": timeout,
        "headers": headers,
        "phases": phase_settings,
        "generation": {"max-examples": max_examples, "database": "none"},
    })


def fuzzed_operations(spec, skip=()) -> list[str]:
    """operationIds schemathesis may send requests to: declared, safe, not destructive, not skipped."""
    return [op.operation_id for op in spec.operations
            if op.method in SAFE_METHODS and not op.destructive and op.operation_id not in skip]


def run_fuzz(target, outcomes, context=None, *, document: dict | None = None, phases, max_examples: int, seed: int,
             skip_operations=(), probe_methods: bool = False) -> int:
    """Run the schemathesis phases against `target`, record every verdict; returns requests sent.

    `context` is the run the responses belong to (a fresh one when not given); `document`
    what the server implements (default: the whole profile)."""
    import schemathesis
    from schemathesis.engine import Status, events, from_schema

    register_checks()
    config = schemathesis_config(seed=seed, phases=phases, max_examples=max_examples, base_url=target.base_url,
                                 timeout=target.timeout, headers=target.auth_headers(), probe_methods=probe_methods)
    context = context if context is not None else RunContext()
    schema = schemathesis.openapi.from_dict(document if document is not None else target.document, config=config)
    schema.hook("filter_failure")(_keep_failure)
    allowed = fuzzed_operations(target.spec, skip_operations)
    schema = schema.include(operation_id=allowed) if allowed else schema.include(operation_id=["-none-"])
    sent = 0
    bind(schema, context)
    try:
        with _bounded_sessions():
            for event in from_schema(schema).execute():
                if isinstance(event, events.ScenarioFinished):
                    sent += _record(event.recorder, outcomes, Status, target)
                elif isinstance(event, events.NonFatalError):
                    outcomes.failed("schemathesis_runs_cleanly", event.label or "run",
                                    f"{event.info.title}: {event.info.message}")
                elif isinstance(event, events.FatalError):
                    raise event.exception
                elif isinstance(event, events.EngineFinished):
                    for failure in event.failures or []:
                        outcomes.failed(failure.title, "run", failure.message)
    finally:
        unbind(schema)
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


def _ignored_by_the_server(case) -> bool:
    """Whether every query value of the case reads, the way the server reads it, as a valid one.

    ComfyUI trims and lower-cases `status` and drops its blank items (`status=` is also how
    the valid empty array is written), and lower-cases `sort_by`: `COMPLETED` or ` failed`
    are not invalid data to it, and accepting them is no contract violation.
    """
    from checks.apispec import spec_for
    from checks.apispec.jobs import profile_of
    from checks.apispec.query import parameter_rules

    profile = profile_of(case.operation.schema.raw_schema)
    if profile is None:
        return False
    rules = parameter_rules(spec_for(profile), case.operation.definition.raw.get("operationId"))
    bent = False
    for name, value in (case.query or {}).items():
        rule = rules.get(name)
        if rule is None or not (rule.normalised or rule.blank_items_dropped):
            continue
        raw = ",".join(str(item) for item in value) if isinstance(value, (list, tuple)) else str(value)
        values = rule.items(raw) if rule.kind == "array" else [rule.normalise(raw)]
        if not all(rule.accepts(item) for item in values):
            return False
        bent = bent or values != raw.split(",") or raw == "" or not values
    return bent


def _keep_failure(context, failure, case, response) -> bool:
    """`filter_failure` hook: drop negative-data alarms for values the server normalises into valid ones."""
    if "negative_data_rejection" in getattr(failure, "checks", ()) and _ignored_by_the_server(case):
        return False
    return True


# Schemathesis' wording around a failure of a registered check: "Custom check failed: `name`: ".
_CUSTOM_PREFIX = re.compile(r"^Custom check failed: `[a-z_]+`: ")


def _is_negative(case) -> bool:
    mode = getattr(getattr(getattr(case, "meta", None), "generation", None), "mode", None)
    return str(getattr(mode, "value", mode)).lower() == "negative"


def _text(response) -> str:
    try:
        return response.text or ""
    except (UnicodeDecodeError, ValueError):
        return ""


def _content_type(response) -> str:
    for name, value in (response.headers or {}).items():
        if name.lower() == "content-type":
            return value[0] if isinstance(value, (list, tuple)) and value else str(value)
    return ""


def _record(recorder, outcomes, Status, target) -> int:
    """Turn one schemathesis scenario into verdicts; a 5xx to negative data is a server defect instead."""
    for case_id, interaction in recorder.interactions.items():
        response = interaction.response
        node = recorder.cases.get(case_id)
        if response is None or node is None:
            continue
        operation_id = node.value.operation.definition.raw.get("operationId", "")
        outcomes.answered(node.value.operation.label, response.status_code, _content_type(response), _text(response),
                          declares_json(target.spec, operation_id, response.status_code))
    for case_id, nodes in recorder.checks.items():
        node = recorder.cases.get(case_id)
        label = node.value.operation.label if node is not None else recorder.label
        interaction = recorder.interactions.get(case_id)
        response = interaction.response if interaction is not None else None
        if node is not None and response is not None and response.status_code >= 500 and _is_negative(node.value):
            request = f"{interaction.request.method} {interaction.request.uri.removeprefix(target.base_url)}"
            curl = target.reproducer(next((check.failure_info.code_sample for check in nodes if check.failure_info), None))
            outcomes.defect("not_a_server_error", label, f"answered {response.status_code} to a parameter or body "
                            f"the spec rejects (a 4xx client error was due)", curl, request=request,
                            status=response.status_code, body=_text(response))
            continue
        for check in nodes:
            if check.status == Status.SUCCESS:
                outcomes.passed(check.name, label)
            elif check.status == Status.FAILURE and check.failure_info is not None:
                failure = check.failure_info.failure
                message = failure.title if not failure.message else f"{failure.title}: {failure.message}"
                message = _CUSTOM_PREFIX.sub("", message)  # our own checks read the same fuzzed or scripted
                request = status = body = None
                if response is not None and interaction is not None:
                    request = f"{interaction.request.method} {interaction.request.uri.removeprefix(target.base_url)}"
                    status, body = response.status_code, _text(response)
                outcomes.failed(check.name, label, message, target.reproducer(check.failure_info.code_sample), request=request,
                                status=status, body=body)
    return sum(1 for interaction in recorder.interactions.values() if interaction.response is not None)
