"""No secret ever comes back: not the canaries the run put in `extra_data`, not an API key.

The run registers every value it must never see again in its `RunContext`; the check
reads every response of every operation of that run, fuzzed or scripted. On top, a
returned workflow must treat each secret `extra_data` key the way its profile's spec says:
removed (`not: {required: [...]}`) or replaced by a constant (`const`).
"""

from __future__ import annotations

from checks.apispec.jobs import secret_rules
from checks.contract.catalogue import response_check
from checks.contract.semantics.view import NotApplicable, judged, view_of


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
    """No response contains a secret the run sent (canary keys in `extra_data`, API key); returned workflows strip or redact secret keys as the spec says."""
    view = view_of(response, case, statuses=None)
    watched = view.context.secrets() if view.context is not None else {}
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
    rules = secret_rules(view.spec)
    for name in rules.removed:
        if name in extra:
            raise AssertionError(f"workflow.extra_data.{name} is returned; the spec says it is removed")
    for name, constant in rules.constants.items():
        if name in extra and extra[name] != constant:
            raise AssertionError(f"workflow.extra_data.{name} is not {constant!r}; the spec says it is always that value")
