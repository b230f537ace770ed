"""No secret ever comes back: not the canary the run put in `extra_data`, not an API key.

The run registers every value it must never see again with `watch()`; the check
reads every response of every operation, fuzzed or scripted. On top, a returned
workflow must treat each secret `extra_data` key the way its profile's spec says:
removed (`not: {required: [...]}`) or replaced by a constant (`const`).
"""

from __future__ import annotations

import threading

from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, judged, view_of

_WATCHED: dict[str, str] = {}
_LOCK = threading.Lock()


def watch(value: str, what: str) -> None:
    """Fail any later response that contains `value`; `what` names it in the message."""
    with _LOCK:
        _WATCHED[value] = what


def forget(value: str) -> None:
    with _LOCK:
        _WATCHED.pop(value, None)


def secret_rules(spec) -> tuple[list[str], dict[str, object]]:
    """(keys that must be absent, keys that must hold a constant) of a returned workflow's `extra_data`."""
    workflow = spec.job_fields(detail=True).get("workflow") or {}
    extra = spec.deref(spec.properties(workflow).get("extra_data") or {})
    absent = list((extra.get("not") or {}).get("required") or [])
    constants = {name: prop["const"] for name, prop in spec.properties(extra).items() if "const" in prop}
    return absent, constants


def sent_as_data(case, value: str) -> bool:
    """Whether the request itself carried `value` in its path, query or body (fuzzers draw strings
    from the code base, keys included): a server repeating its input back leaks nothing."""
    from schemathesis.core import NOT_SET

    body = getattr(case, "body", NOT_SET)
    parts = (getattr(case, "path_parameters", None), getattr(case, "query", None), None if body is NOT_SET else body)
    return any(part is not None and value in repr(part) for part in parts)


@response_check
@judged
def secrets_never_echoed(ctx, response, case):
    """No response contains a secret the run sent (canary key in `extra_data`, API key); returned workflows strip or redact secret keys as the spec says."""
    view = view_of(response, case, statuses=None)
    with _LOCK:
        watched = dict(_WATCHED)
    for value, what in watched.items():
        if value and value in view.text and not sent_as_data(case, value):
            raise AssertionError(f"the response contains {what}")
    if view.operation_id != "getJob" or view.status != 200 or not isinstance(view.body, dict):
        if not watched:
            raise NotApplicable("nothing watched, and only a job's detail carries a workflow")
        return
    workflow = view.body.get("workflow")
    extra = workflow.get("extra_data") if isinstance(workflow, dict) else None
    if not isinstance(extra, dict):
        return
    absent, constants = secret_rules(view.spec)
    for name in absent:
        if name in extra:
            raise AssertionError(f"workflow.extra_data.{name} is returned; the spec says it is removed")
    for name, constant in constants.items():
        if name in extra and extra[name] != constant:
            raise AssertionError(f"workflow.extra_data.{name} is not {constant!r}; the spec says it is always that value")
