"""What every scenario uses: send a request, judge the answer, record a verdict."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from checks.apispec.validate import body_problems, declares_json, response_schema
from checks.contract.catalogue import response_checks
from checks.contract.context import RunContext
from checks.contract.target import Exchange, Target

# Schemathesis' own checks that judge a single scripted response as they judge fuzzed ones.
BUILTIN_CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance",
                  "response_schema_conformance")


class Skip(Exception):
    """A scenario (or part) cannot run here; the message says why, for the report."""


@dataclass
class OwnJob:
    """A job this run submitted, and what it saw of it."""

    job_id: str
    kind: str  # which workflow: plain, slow, failing, ...
    expected: str | None  # terminal status the workflow should end in
    observed: list[str] = field(default_factory=list)
    final: dict | None = None


class ScenarioRun:
    """Shared state of the scripted part of one run."""

    def __init__(self, target: Target, outcomes, *, version: str | None, seed: int, job_timeout: float,
                 workflows: dict, context: RunContext | None = None, poll_interval: float = 0.05):
        self.target = target
        self.spec = target.spec
        self.outcomes = outcomes
        self.version = version
        self.context = context if context is not None else RunContext(version=version)
        self.random = random.Random(seed)
        self.job_timeout = job_timeout
        self.workflows = workflows
        self.poll_interval = poll_interval
        self.jobs: list[OwnJob] = []
        self.workflow_id: str | None = None
        # Every status the run saw of each of its jobs, in order, from any request (not only polling).
        self.histories: dict[str, list[str]] = {}
        # Operations (and `operationId.parameter`s) the server predates (x-since): those a harmless
        # request confirmed absent, and those it serves all the same.
        self.confirmed_absent: set[str] = set()
        self.present_despite_version: set[str] = set()
        self.watched: list[str] = []  # values this run watches (the RunContext holds them for the checks)
        self._builtins = None

    def watch(self, value: str, what: str) -> None:
        """Make `secrets_never_echoed` fail any later response of this run containing `value`."""
        self.context.watch(value, what)
        self.watched.append(value)

    # -- requests ------------------------------------------------------------------------
    def send(self, operation_id: str, **kwargs) -> Exchange:
        """Make one request and run every per-response check on the answer."""
        exchange = self.target.call(operation_id, **kwargs)
        self.outcomes.answered(exchange.operation, exchange.status, exchange.content_type, exchange.text,
                               declares_json(self.spec, operation_id, exchange.status))
        self._observe(operation_id, exchange, kwargs.get("path_parameters") or {})
        self.judge(exchange)
        return exchange

    def _observe(self, operation_id: str, exchange: Exchange, path_parameters: dict) -> None:
        job_id = path_parameters.get("job_id")
        if operation_id != "getJob" or exchange.status != 200 or job_id not in self.target.owned:
            return
        status = exchange.body.get("status") if isinstance(exchange.body, dict) else None
        seen = self.histories.setdefault(job_id, [])
        if isinstance(status, str) and (not seen or seen[-1] != status):
            seen.append(status)

    def judge(self, exchange: Exchange) -> None:
        from schemathesis.core.failures import Failure, FailureGroup

        for check in self._builtin_checks():
            try:
                exchange.case.validate_response(exchange.response, checks=[check])
            except (FailureGroup, Failure, AssertionError) as exc:
                self._record_failure(check.__name__, exchange, exc)
            else:
                self.outcomes.passed(check.__name__, exchange.operation)
        for check in response_checks():
            try:
                skipped = check.function(None, exchange.response, exchange.case)
            except AssertionError as exc:
                self.failed(check.name, exchange.operation, str(exc), exchange)
            else:
                if not skipped:
                    self.outcomes.passed(check.name, exchange.operation)

    def _builtin_checks(self):
        if self._builtins is None:
            from schemathesis.checks import not_a_server_error
            from schemathesis.specs.openapi import checks as openapi_checks

            found = {"not_a_server_error": not_a_server_error}
            for name in BUILTIN_CHECKS[1:]:
                found[name] = getattr(openapi_checks, name)
            self._builtins = [found[name] for name in BUILTIN_CHECKS]
        return self._builtins

    def _record_failure(self, name: str, exchange: Exchange, exc: Exception) -> None:
        failures = getattr(exc, "exceptions", None) or [exc]
        for failure in failures:
            title = getattr(failure, "title", "") or name
            message = getattr(failure, "message", None) or str(failure)
            self.failed(name, exchange.operation, f"{title}: {message}", exchange)

    def failed(self, name: str, operation: str, message: str, exchange: Exchange | None = None) -> None:
        """Record a failure with what a person needs to act on it: request, answer, reproducer."""
        if exchange is None:
            self.outcomes.failed(name, operation, message)
            return
        self.outcomes.failed(name, operation, message, self.target.curl(exchange), request=exchange.request_line,
                             status=exchange.status, body=exchange.text or None)

    # -- verdicts ------------------------------------------------------------------------
    def verdict(self, check, operation_id: str, *args, exchange: Exchange | None = None, **kwargs) -> bool:
        """Call a scenario check; record it passed, or failed with the exchange's details and curl."""
        label = self.target.label(operation_id)
        try:
            check(*args, **kwargs)
        except AssertionError as exc:
            self.failed(check.__name__, label, str(exc), exchange)
            return False
        self.outcomes.passed(check.__name__, label)
        return True

    def defect_verdict(self, check, exchange: Exchange, *args) -> bool:
        """Call a defect check; a failure is a server defect (with its reproducer), not a violation."""
        try:
            check(*args)
        except AssertionError as exc:
            self.outcomes.defect(check.__name__, exchange.operation, str(exc), self.target.curl(exchange),
                                 request=exchange.request_line, status=exchange.status, body=exchange.text or None)
            return False
        self.outcomes.passed(check.__name__, exchange.operation)
        return True

    def skip(self, check, operation_id: str, reason: str) -> None:
        name = check if isinstance(check, str) else check.__name__
        self.outcomes.skipped(name, self.target.label(operation_id), reason)

    # -- facts ---------------------------------------------------------------------------
    def error_problems(self, exchange: Exchange) -> list[str]:
        """Ways the body breaks the schema the spec declares for this status; an undeclared body is one too."""
        op_id = exchange.case.operation.definition.raw.get("operationId")
        schema = response_schema(self.spec, op_id, exchange.status, exchange.content_type)
        if schema is None:
            return [f"the spec declares no body for status {exchange.status}"]
        body = exchange.body
        if body is None:
            return ["the body is not JSON"]
        return body_problems(self.spec, schema, body)

    def unknown_id(self) -> str:
        """A fresh UUID no server has seen (drawn from the run's seed, so reruns repeat it)."""
        import uuid

        job_id = str(uuid.UUID(int=self.random.getrandbits(128), version=4))
        self.target.own(job_id)
        return job_id

    def now(self) -> float:
        return time.monotonic()
