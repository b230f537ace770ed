"""A response check's view of one exchange: which profile, operation, query and body.

Checks only judge exchanges of our own profile documents (schemathesis may run them
on any schema in the process) and only when the request was valid, because what a
server does with an invalid request is the job of the negative-data checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checks.apispec import PROFILES, Spec, spec_for
from checks.apispec.jobs import profile_of
from checks.apispec.query import ParameterRule, parameter_rules
from checks.contract.context import RunContext, context_of


class NotApplicable(Exception):
    """The exchange is outside what a check judges; it passes silently."""


@dataclass
class View:
    spec: Spec
    operation_id: str
    query: dict
    path_parameters: dict
    status: int
    body: Any
    text: str
    context: RunContext | None = None  # the run this exchange belongs to, when one bound it

    # -- query parameters, read the way the server reads them --------------------
    def rule(self, name: str) -> ParameterRule | None:
        return parameter_rules(self.spec, self.operation_id).get(name)

    def values(self, name: str) -> list[str] | None:
        """A comma-separated (array) parameter as the server reads it (normalised, blanks dropped), or None when absent."""
        if name not in self.query:
            return None
        raw = self.query[name]
        joined = ",".join(str(item) for item in raw) if isinstance(raw, (list, tuple)) else str(raw)
        rule = self.rule(name)
        return rule.items(joined) if rule is not None else joined.split(",")

    def enum_value(self, name: str) -> str:
        """The requested value of an enum parameter as the server reads it, or its default; NotApplicable when invalid."""
        rule = self.rule(name)
        value = self.query.get(name, self.default(name))
        if value is None or rule is None:
            raise NotApplicable(name)
        value = rule.normalise(str(value))
        if not rule.accepts(value) or rule.enum is None:
            raise NotApplicable(f"{name}={value!r} is not a valid value")
        return value

    def integer(self, name: str) -> int | None:
        """The requested integer parameter (None when absent); NotApplicable when not an integer."""
        if name not in self.query:
            return None
        value = self.query[name]
        if isinstance(value, bool):
            raise NotApplicable(name)
        try:
            return int(str(value))
        except ValueError:
            raise NotApplicable(f"{name}={value!r} is not an integer") from None

    def parameter_schema(self, name: str) -> dict:
        param = self.spec.parameters(self.operation_id).get(name)
        return param["schema"] if param else {}

    def default(self, name: str):
        return self.parameter_schema(name).get("default")

    def jobs(self) -> list[dict]:
        """Job objects of a list body, or the single job of a detail body."""
        if not isinstance(self.body, dict):
            raise NotApplicable("body is not an object")
        if self.operation_id == "listJobs":
            jobs = self.body.get("jobs")
            if not isinstance(jobs, list):
                raise NotApplicable("no jobs array")
            return [job for job in jobs if isinstance(job, dict)]
        return [self.body]


def view_of(response, case, operation_ids=None, statuses=(200,)) -> View:
    """The `View` of an exchange, or NotApplicable when the check has nothing to judge."""
    schema = case.operation.schema
    profile = profile_of(schema.raw_schema)
    if profile not in PROFILES:
        raise NotApplicable("not a jobs-checks profile document")
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_ids is not None and operation_id not in operation_ids:
        raise NotApplicable(operation_id)
    if statuses is not None and response.status_code not in statuses:
        raise NotApplicable(str(response.status_code))
    try:
        body = response.json()
    except Exception:  # noqa: BLE001 - any undecodable body is simply not judged here
        body = None
    return View(
        spec=spec_for(profile),
        operation_id=operation_id,
        query=dict(case.query or {}),
        path_parameters=dict(case.path_parameters or {}),
        status=response.status_code,
        body=body,
        text=_text(response),
        context=context_of(case),
    )


def content_type_of(response) -> str:
    """The Content-Type of a response, whether its headers map names to strings or to lists."""
    for key, value in (getattr(response, "headers", None) or {}).items():
        if key.lower() == "content-type":
            return value[0] if isinstance(value, (list, tuple)) and value else str(value)
    return ""


def _text(response) -> str:
    """The body as text; a binary body (a downloaded image) holds no text to judge."""
    try:
        return response.text or ""
    except (UnicodeDecodeError, ValueError):
        return ""


def judged(function):
    """Turn NotApplicable into schemathesis' "skipped" answer (a truthy return), so the
    check is counted only on the exchanges it really judged."""

    def wrapper(ctx, response, case):
        try:
            function(ctx, response, case)
        except NotApplicable:
            return True
        return None

    wrapper.__name__ = function.__name__
    wrapper.__qualname__ = function.__qualname__
    wrapper.__doc__ = function.__doc__
    wrapper.__module__ = function.__module__
    wrapper.__wrapped__ = function
    return wrapper
