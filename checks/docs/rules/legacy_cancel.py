"""A sample that cancels a job the old way, on a dialect that has a route to cancel one job.

Deleting queue items (`POST /queue` with `{"delete": [...]}`) and interrupting (`POST
/interrupt`) came before the Jobs API. Each stops only some jobs: the queue delete drops
jobs still waiting, the interrupt stops what runs now (on Comfy Cloud every running job of
the account). `POST /api/jobs/{job_id}/cancel` cancels the job you name, whether it waits
or runs. The spec's root `x-replaced-by.routes` says which routes it replaces and what each
one stops; the message says what differs (and since which server version the job route
exists). A queue `clear` has no one-job equivalent and is left alone.

Wrong (a local ComfyUI page):

    ```python
    requests.post("http://127.0.0.1:8188/queue", json={"delete": [prompt_id]})
    ```

Right:

    ```python
    requests.post(f"http://127.0.0.1:8188/api/jobs/{prompt_id}/cancel")
    ```
"""

from __future__ import annotations

import json
import re

from checks.docs.codes import Rule, messages
from checks.samples.literals import Obj, Other, Str, family_of, page_names
from checks.samples.requests import find_requests
from checks.apispec.dialects import dialect_name
from checks.apispec.legacy import replaced_routes
from checks.apispec.routes import twin_path

RULE = Rule(
    code="JC503",
    name="legacy-cancel",
    severity="warning",
    doc=__doc__,
    example_path="development/comfyui-server/example.mdx",
    messages=messages(
        replaced="`{route}`{with_key} cancels the old way on {dialect}: {note}; cancel each job with `{method} {route_path}`{since}",
    ),
)


def _has_key(body, key: str) -> bool:
    """Whether a request body (an object, a JSON string, or code) sets `key`."""
    if isinstance(body, Obj):
        return body.get(key) is not None
    if isinstance(body, Str):
        try:
            return isinstance(data := json.loads(body.text), dict) and key in data
        except ValueError:
            return re.search(rf"[\"']?\b{re.escape(key)}\b[\"']?\s*:", body.text) is not None
    if isinstance(body, Other):
        return re.search(rf"[\"']?\b{re.escape(key)}\b[\"']?\s*[:=]", body.text) is not None
    return False


def _replaced(spec, method: str | None, path: str):
    """The replaced route a request means, if any (its path, or its `/api` twin)."""
    bare = path.split("?", 1)[0].rstrip("/")
    for route in replaced_routes(spec):
        if method in (None, route.method) and (bare in route.served_paths or twin_path(bare) in route.served_paths):
            return route
    return None


def check(page, ctx):
    if not any(word in page.text for word in ("queue", "interrupt")):
        return
    for block in page.blocks:
        if family_of(block.language) not in ("python", "js", "shell"):
            continue
        for request in find_requests(block, page_names(page, block)):
            if request.method != "POST" or not request.path:
                continue
            verdicts = [(spec, _replaced(spec, request.method, request.path)) for spec in ctx.specs]
            if not verdicts or any(route is None for _, route in verdicts):
                continue  # some judging dialect has no job route for it
            spec, route = verdicts[0]
            if route.body_key and not _has_key(request.body, route.body_key):
                continue
            op = spec.operation(route.operation_id)
            since = f" (servers {op.since} and later)" if op.since else ""
            with_key = f" with `{route.body_key}`" if route.body_key else ""
            yield RULE.finding("replaced", request.source, request.path_line, request.path_column, profile=page.profile,
                               route=f"POST {request.path}", with_key=with_key, dialect=dialect_name(spec), note=route.note,
                               method=op.method, route_path=op.path, since=since)
