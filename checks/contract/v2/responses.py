"""Checks every v2 response must pass, fuzzed or scripted: error envelope, ISO timestamps in
order, a finished job saying when it ran, links that lead back to the job, Retry-After on
429, and no secret ever coming back.

They judge only exchanges of the `v2` profile document; on v1 exchanges they stay silent.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from checks.contract.catalogue import response_check
from checks.contract.semantics.secrets import sent_as_data
from checks.contract.semantics.view import NotApplicable, judged

PROFILE = "v2"
# ISO 8601 / RFC 3339 date-time with an offset: 2026-11-23T09:30:00Z, ...T09:30:00.123+01:00
ISO_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

_WATCHED: dict[str, str] = {}
_LOCK = threading.Lock()


def watch(value: str, what: str) -> None:
    """Fail any later v2 response that contains `value` (a canary key, the API key)."""
    with _LOCK:
        _WATCHED[value] = what


def forget(value: str) -> None:
    with _LOCK:
        _WATCHED.pop(value, None)


@dataclass
class V2Exchange:
    spec: Any
    operation_id: str
    method: str
    status: int
    body: Any
    text: str
    response: Any
    url: str


def exchange_of(response, case, operation_ids=None, statuses=None) -> V2Exchange:
    """The v2 exchange a check judges, or NotApplicable (another profile, operation or status)."""
    from checks.apispec import spec_for
    from checks.apispec.jobs import profile_of

    schema = case.operation.schema
    if profile_of(schema.raw_schema or {}) != PROFILE:
        raise NotApplicable("not the v2 profile")
    operation_id = case.operation.definition.raw.get("operationId")
    if operation_ids is not None and operation_id not in operation_ids:
        raise NotApplicable(operation_id)
    if statuses is not None and response.status_code not in statuses:
        raise NotApplicable(str(response.status_code))
    content_type = header(response, "Content-Type")
    text = "" if "text/event-stream" in content_type else (response.text or "")
    try:
        body = response.json() if "json" in content_type else None
    except Exception:  # noqa: BLE001 - an undecodable body is judged by the checks that need one
        body = None
    return V2Exchange(spec_for(PROFILE), operation_id, case.operation.method.upper(), response.status_code, body,
                      text, response, getattr(response, "url", "") or "")


def header(response, name: str) -> str:
    """A response header as one string, for requests' and schemathesis' responses alike ('' when absent)."""
    headers = response.headers
    value = headers.get(name)
    if value is None and isinstance(headers, dict):
        value = next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    if isinstance(value, (list, tuple)):
        value = ", ".join(map(str, value))
    return "" if value is None else str(value)


def parse_time(value) -> datetime | None:
    """An ISO 8601 date-time string with an offset as an aware datetime, else None."""
    if not isinstance(value, str) or not ISO_DATE_TIME.match(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _job(exchange: V2Exchange) -> dict:
    if exchange.operation_id not in exchange.spec.job_operations() or exchange.status not in (200, 201):
        raise NotApplicable("not a job")
    if not isinstance(exchange.body, dict):
        raise NotApplicable("no JSON job")
    return exchange.body


def _declares_body(spec, operation_id: str, status: int) -> bool:
    op = spec.operation(operation_id)
    response = op.raw.get("responses", {}).get(str(status)) if op else None
    return response is None or bool(spec.deref(response).get("content"))


@response_check
@judged
def errors_use_the_envelope(ctx, response, case):
    """Every v2 error answers `{"error": {"code", "message", "details"?}}`, and a documented code comes with its status."""
    exchange = exchange_of(response, case)
    if exchange.status < 400 or exchange.method == "HEAD" or not _declares_body(exchange.spec, exchange.operation_id,
                                                                                exchange.status):
        raise NotApplicable("no error body to judge")
    error = exchange.body.get("error") if isinstance(exchange.body, dict) else None
    if not isinstance(error, dict):
        shown = exchange.text[:80] or "an empty body"
        raise AssertionError(f"a {exchange.status} answer is not the error envelope: {shown}")
    if not isinstance(error.get("code"), str) or not error["code"] or not isinstance(error.get("message"), str):
        raise AssertionError(f"a {exchange.status} envelope lacks a string code and message: {str(error)[:120]}")
    if "details" in error and error["details"] is not None and not isinstance(error["details"], dict):
        raise AssertionError(f"error.details is {type(error['details']).__name__}, not an object or null")
    documented = exchange.spec.error_codes().get(error["code"])
    if documented is not None and documented != exchange.status:
        raise AssertionError(f"error code {error['code']} came with {exchange.status}; the spec gives it {documented}")


def _timestamps(node, units: dict, path: str = ""):
    """(path, value) of every date-time field anywhere in a JSON body."""
    if isinstance(node, dict):
        for key, value in node.items():
            where = f"{path}.{key}" if path else key
            if units.get(key) == "date-time":
                yield where, value
            yield from _timestamps(value, units, where)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _timestamps(item, units, f"{path}[{index}]")


@response_check
@judged
def timestamps_are_iso_8601(ctx, response, case):
    """Every timestamp is an ISO 8601 date-time string with an offset (or null where allowed), never epoch milliseconds."""
    exchange = exchange_of(response, case)
    if exchange.status >= 300 or exchange.body is None:
        raise NotApplicable("no JSON body")
    found = list(_timestamps(exchange.body, exchange.spec.timestamp_units))
    if not found:
        raise NotApplicable("no timestamps")
    for where, value in found:
        if value is not None and parse_time(value) is None:
            raise AssertionError(f"{where} is {value!r}, not an ISO 8601 date-time with an offset")


def _times(job: dict) -> dict[str, datetime | None]:
    return {name: parse_time(job.get(name)) for name in ("created_at", "started_at", "completed_at", "expires_at")}


@response_check
@judged
def job_timestamps_are_in_order(ctx, response, case):
    """A job was created before it started and started before it completed: `created_at ≤ started_at ≤ completed_at`."""
    times = _times(_job(exchange_of(response, case)))
    order = [(name, times[name]) for name in ("created_at", "started_at", "completed_at") if times[name] is not None]
    for (first, earlier), (second, later) in zip(order, order[1:]):
        if later < earlier:
            raise AssertionError(f"{second} ({later.isoformat()}) is before {first} ({earlier.isoformat()})")


@response_check
@judged
def expires_at_follows_created_at(ctx, response, case):
    """A job is kept for a while: its `expires_at` lies after its `created_at`."""
    times = _times(_job(exchange_of(response, case)))
    if times["created_at"] is None or times["expires_at"] is None:
        raise NotApplicable("unparsable times are the ISO check's business")
    if times["expires_at"] <= times["created_at"]:
        raise AssertionError(f"expires_at ({times['expires_at'].isoformat()}) is not after created_at "
                             f"({times['created_at'].isoformat()})")


@response_check
@judged
def finished_job_says_when_it_ran(ctx, response, case):
    """A succeeded or failed job has `started_at` and `completed_at`; any other finished job at least `completed_at`."""
    exchange = exchange_of(response, case)
    job = _job(exchange)
    spec = exchange.spec
    role = spec.role_of(job.get("status"))
    if job.get("status") not in spec.terminal_statuses() or role == "expired":
        raise NotApplicable("not finished")
    needed = ("started_at", "completed_at") if role in ("succeeded", "failed") else ("completed_at",)
    missing = [name for name in needed if job.get(name) is None]
    if missing:
        raise AssertionError(f"the {job['status']} job {job.get('id')} has {' and '.join(missing)} null")


@response_check
@judged
def job_links_lead_to_the_job(ctx, response, case):
    """`urls.self`, `urls.events` and `urls.cancel` resolve (against the request's origin) to this job's own routes."""
    exchange = exchange_of(response, case)
    job = _job(exchange)
    urls, spec = job.get("urls"), exchange.spec
    if not isinstance(urls, dict):
        raise NotApplicable("no urls; the schema check reports it")
    for link, operation_id in spec.link_operations().items():
        value = urls.get(link)
        if not isinstance(value, str):
            continue
        path = urlsplit(value).path
        op = spec.operation(operation_id)
        if op is None or op not in spec.match_path(_unmounted(path, op.path), op.method):
            raise AssertionError(f"urls.{link} is {value!r}, which is not a {op.method} {op.path} route")
        if str(job.get("id")) not in path.split("/"):
            raise AssertionError(f"urls.{link} is {value!r}, which names another job than {job.get('id')}")


def _unmounted(path: str, template: str) -> str:
    """`path` without a mount prefix in front of the spec's route (`/deployment/x/api/v2/...` -> `/api/v2/...`)."""
    first = "/" + template.strip("/").split("/")[0]
    index = path.find(first + "/")
    return path[index:] if index > 0 else path


@response_check
@judged
def rate_limits_say_when_to_retry(ctx, response, case):
    """A 429 carries `Retry-After` in whole seconds where the spec declares it."""
    exchange = exchange_of(response, case, statuses=(429,))
    op = exchange.spec.operation(exchange.operation_id)
    declared = exchange.spec.deref(op.raw.get("responses", {}).get("429") or {}).get("headers") or {}
    if "Retry-After" not in declared:
        raise NotApplicable("no Retry-After declared")
    value = header(exchange.response, "Retry-After")
    if not value.strip().isdigit():
        raise AssertionError(f"429 without a Retry-After in seconds (got {value!r})")


@response_check
@judged
def secrets_never_returned(ctx, response, case):
    """No v2 response contains a secret the run sent (the canary partner key, the API key), and a job's workflow never carries `extra_data`."""
    exchange = exchange_of(response, case)
    with _LOCK:
        watched = dict(_WATCHED)
    for value, what in watched.items():
        if value and value in exchange.text and not sent_as_data(case, value):
            raise AssertionError(f"the response contains {what}")
    if exchange.operation_id == "getJobWorkflow" and exchange.status == 200 and isinstance(exchange.body, dict):
        if "extra_data" in exchange.body or (isinstance(exchange.body.get("workflow"), dict)
                                             and "extra_data" in exchange.body["workflow"]):
            raise AssertionError("the job's workflow carries the submission's extra_data")
    elif not watched:
        raise NotApplicable("nothing watched")
