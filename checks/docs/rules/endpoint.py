"""A Jobs API route the page's dialect does not serve (error), or a deprecated one (warning).

Paths come from requests in code (curl, Python, JS: host stripped, `${jobId}` /
`{job_id}` / `<job_id>` / `$JOB_ID` standing for path parameters) and from `METHOD /path`
written in prose, headings and endpoint tables. Only Jobs-style routes are judged: those
whose first segment (after `/api`) is one the spec's operations use in any dialect, so
`/api/view` or `/api/userdata` are never reported. A path after a computed base
(`${BASE}/jobs`) is judged only when the page shows that base is a bare host (another
request adds `/api/` to it). The message says what to use instead: the `/api` form, the
route's replacement (`x-replaced-by`), or the method the route takes. A server route the spec
borrows for one method (a deprecated read such as `GET /api/queue`, or the write that queues a
job, `POST /prompt`) says nothing of its other methods (`POST /api/queue` deleting queue
items, `GET /prompt` reading the queue), so those are not judged. On a page with no
profile a route is wrong only when no dialect serves it. Server code declaring routes
(`@routes.get("/jobs")`), text that already calls a route deprecated, and tabs or
sentences about the other dialect are left alone.

Wrong (a local ComfyUI page):

    ```bash
    curl http://127.0.0.1:8188/jobs
    ```

Right:

    ```bash
    curl http://127.0.0.1:8188/api/jobs
    ```
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from checks.samples.literals import family_of, page_names
from checks.samples.requests import find_requests
from checks.docs.findings import Finding, Fix
from checks.docs.prose import route_mentions
from checks.docs.rules.enum_value import dialect_name, dialects_for
from checks.apispec import PROFILES, spec_for

CODE = "JC501"
NAME = "endpoint"
SEVERITY = "error"

_ABOUT_DEPRECATION = re.compile(r"deprecat|legacy|replac|retire|instead|migrat|no longer|removed|old(er)? ", re.I)


@functools.lru_cache(maxsize=None)
def families() -> frozenset[str]:
    """First path segments (after `/api`) of the Jobs routes of every profile.

    The operation a profile names as its version source (`x-version-source`) and the server
    routes beside the Jobs API (`Operation.jobs_api` false: downloads, interrupts) are not
    Jobs routes and do not make their segment Jobs-like.
    """
    found = set()
    for profile in PROFILES:
        spec = spec_for(profile)
        version_op = (spec.version_source or {}).get("operationId")
        for op in spec.operations:
            if op.operation_id == version_op or not op.jobs_api:
                continue
            for path in op.served_paths:
                segment = _first_segment(path)
                if segment:
                    found.add(segment)
    return frozenset(found)


def _first_segment(path: str) -> str:
    parts = [p for p in path.split("?", 1)[0].split("/") if p]
    if parts and parts[0] == "api":
        parts = parts[1:]
    return parts[0] if parts else ""


def jobs_like(path: str) -> bool:
    return _first_segment(path) in families()


def _served(spec, path: str, method: str | None):
    """(ops for the path and method, ops for the path with any method)."""
    any_method = spec.match_path(path)
    return ([op for op in any_method if method is None or op.method == method], any_method)


def judge(specs, path: str, method: str | None):
    """None when fine; else (severity, message tail, fixed path or None)."""
    verdicts = []
    for spec in specs:
        ops, any_method = _served(spec, path, method)
        if ops and not all(op.deprecated for op in ops):
            return None
        verdicts.append((spec, ops, any_method))
    deprecated = [(spec, ops) for spec, ops, _ in verdicts if ops]
    if deprecated:
        spec, ops = deprecated[0]
        replacement = next((op.replaced_by for op in ops if op.replaced_by), None)
        hint = f"; use `{replacement}`" if replacement else ""
        return "warning", f"is deprecated in {dialect_name(spec)}{hint}", None
    borrowed = [ops for _, _, ops in verdicts if ops]
    if method and borrowed and all(op.deprecated or op.writes for ops in borrowed for op in ops):
        return None  # a server route the spec borrows for one method says nothing of its other methods
    spec, _, any_method = verdicts[0]
    who = dialect_name(spec) if len(specs) == 1 else "any dialect"
    bare = path.split("?", 1)[0]
    other = bare[4:] if bare.startswith("/api/") else "/api" + bare
    for candidate_spec in specs:
        if _served(candidate_spec, other, method)[0]:
            return "error", f"is not served by {who}; use `{other}`", other
    elsewhere = [name for name in PROFILES if spec_for(name) not in specs and _served(spec_for(name), bare, method)[0]]
    exact_elsewhere = [name for name in elsewhere if any(bare in op.served_paths for op in _served(spec_for(name), bare, method)[0])]
    if exact_elsewhere or (elsewhere and not any_method):
        return "error", f"is not served by {who} (only by {dialect_name(spec_for((exact_elsewhere or elsewhere)[0]))})", None
    if any_method and method:
        methods = sorted({op.method for op in any_method})
        return "error", f"is not served by {who}: the route takes {', '.join(methods)}", None
    return "error", f"is not served by {who}", None


@dataclass(frozen=True)
class _Route:
    """A route the page writes, in a code sample's request or in prose."""

    source: str
    line: int
    column: int
    method: str | None
    path: str
    context: str  # the block title or the sentence around it: it may call the route deprecated
    span: tuple | None  # (line, column, end column) of the path as written, where a fix may go


def _finding(page, route: _Route, verdict) -> Finding:
    severity, tail, fixed = verdict
    shown = f"{route.method} {route.path}" if route.method else route.path
    fix = None
    if fixed and route.span:
        fix_line, fix_column, fix_end = route.span
        fix = Fix(route.source, fix_line, fix_column, fix_line, fix_end, fixed, f"use `{fixed}`")
    return Finding(route.source, route.line, route.column, CODE, f"`{shown}` {tail}", severity, NAME,
                   profile=page.profile, fix=fix)


def _host_only_bases(requests) -> set[str]:
    """Computed bases the page itself joins with `/api/...`: they hold a host, not an API root."""
    return {r.base for r in requests if not r.base_known and r.path and r.path.startswith("/api/")}


def _mentions_a_family(text: str) -> bool:
    return any("/" + family in text for family in families())


def _code_routes(page, others):
    """Jobs routes requested in the page's code samples (not in tabs about the other dialect)."""
    requests = []
    for block in page.blocks:
        if family_of(block.language) in ("python", "js", "shell") and _mentions_a_family(block.code) \
                and not others.mentions_other(block.title):
            requests.extend((block, r) for r in find_requests(block, page_names(page, block)))
    hosts = _host_only_bases(r for _, r in requests)
    for block, request in requests:
        path = request.path
        if not path or not jobs_like(path):
            continue
        if not request.base_known and not path.startswith("/api/") and request.base not in hosts:
            continue
        span = request.path_span
        if span and span[2] - span[1] != len(path):
            span = None  # the path is not written in one piece: no fix
        yield _Route(request.source, request.path_line, request.path_column, request.method, path, block.title, span)


def _prose_routes(page, others):
    """Jobs routes named as `METHOD /path` in prose, headings and tables, not about the other dialect."""
    for mention in route_mentions(page):
        path = mention.path.split("?", 1)[0]
        if not jobs_like(path) or others.mentions_other(mention.context):
            continue
        span = (mention.line, mention.column, mention.column + len(path))
        yield _Route(mention.source, mention.line, mention.column, mention.method, path, mention.context, span)


def check(page, ctx):
    specs = ctx.specs
    if not _mentions_a_family(page.text) and not page.imports:
        return
    others = dialects_for(specs)
    seen = set()
    for route in itertools.chain(_code_routes(page, others), _prose_routes(page, others)):
        verdict = judge(specs, route.path, route.method)
        if verdict is None:
            continue
        if verdict[0] == "warning" and _ABOUT_DEPRECATION.search(route.context):
            continue
        key = (route.source, route.line, route.column)
        if key in seen:
            continue
        seen.add(key)
        yield _finding(page, route, verdict)
