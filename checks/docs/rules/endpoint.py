"""A Jobs API route the page's dialect does not serve (error), or a deprecated one (warning).

Paths come from requests in code (curl, Python, JS: host stripped, `${jobId}` /
`{job_id}` / `<job_id>` / `$JOB_ID` standing for path parameters), from `METHOD /path`
written in prose, headings and endpoint tables, and, on a page of one dialect, from a path
written alone as inline code (`` `/jobs` `` in a sentence, a table cell or a `<Note>`). Only Jobs-style routes are judged: those
whose first segment (after `/api`) is one the spec's operations use in any dialect, so
`/api/view` or `/api/userdata` are never reported. A path after a computed base
(`${BASE}/jobs`) is judged only when the page shows that base is a bare host (another
request adds `/api/` to it). The message says what to use instead: the `/api` form, the
route's replacement (`x-replaced-by`), or the method the route takes. A server route the spec
borrows for one method (a deprecated read such as `GET /api/queue`, or the write that queues a
job, `POST /prompt`) says nothing of its other methods (`POST /api/queue` deleting queue
items, `GET /prompt` reading the queue), so those are not judged. On a page with no
profile a route is wrong only when no dialect serves it. Server code declaring routes
(`@routes.get("/jobs")`), tabs or sentences about the other dialect, and text that already
calls a route legacy or deprecated, in any locale ("(legacy)", "（旧版）", "已弃用", "レガシー",
"非推奨", "레거시") are left alone; a mirror's row counts as marked when its English page marks
that route. When the replacement answers in other words (`x-replaced-by` vocabulary: `success`
on the legacy status route is `completed` on the job route), the message says so.

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

import itertools
from dataclasses import dataclass

from checks.samples.literals import family_of, page_names
from checks.samples.requests import find_requests
from checks.docs.codes import Message, Rule, messages
from checks.docs.findings import Fix
from checks.docs.words import marks_legacy
from checks.docs.prose_routes import inline_routes, route_mentions
from checks.apispec.dialects import dialect_name, dialects_for
from checks.apispec.legacy import vocabulary_change
from checks.apispec import PROFILES, spec_for
from checks.apispec.routes import has_api_root, jobs_like, route_families, twin_path

RULE = Rule(
    code="JC501",
    name="endpoint",
    severity="error",
    doc=__doc__,
    example_path="development/comfyui-server/example.mdx",
    messages=messages(
        use_twin="`{route}` is not served by {who}; use `{other}`",
        elsewhere="`{route}` is not served by {who} (only by {elsewhere})",
        method="`{route}` is not served by {who}: the route takes {methods}",
        not_served="`{route}` is not served by {who}",
        deprecated=Message("`{route}` is deprecated in {dialect}{hint}", "warning"),
    ),
)

def _served(spec, path: str, method: str | None):
    """(ops for the path and method, ops for the path with any method).

    A path written without a method means its Jobs API operation: a server route beside the
    Jobs API on the same path (`POST /history` clearing it) does not make `/history` current.
    """
    any_method = spec.match_path(path)
    if method is None:
        jobs = [op for op in any_method if op.jobs_api]
        return (jobs or any_method, any_method)
    return ([op for op in any_method if op.method == method], any_method)


def _other_words(spec, op) -> str:
    """", whose `status` says ..." when the replacement speaks another vocabulary than the route."""
    change = vocabulary_change(spec, op.operation_id)
    if change is None:
        return ""
    pairs = []
    for value in (*spec.terminal_statuses(), *spec.status_enum()):
        old = next((word for word in change.spelled_as(value) if word != value), None)
        if old and (old, value) not in pairs:
            pairs.append((old, value))
    if not pairs:
        return ""
    shown = ", ".join(f"`{old}` -> `{new}`" for old, new in pairs[:2]) + (", ..." if len(pairs) > 2 else "")
    return f", which answers in other words than this route's `{change.field_name}` ({shown})"


def judge(specs, path: str, method: str | None):
    """None when fine; else (message key, message arguments, fixed path or None)."""
    verdicts = []
    for spec in specs:
        ops, any_method = _served(spec, path, method)
        if ops and not all(op.deprecated for op in ops):
            return None
        verdicts.append((spec, ops, any_method))
    deprecated = [(spec, ops) for spec, ops, _ in verdicts if ops]
    if deprecated:
        spec, ops = deprecated[0]
        replaced = next((op for op in ops if op.replaced_by), None)
        hint = f"; use `{replaced.replaced_by}`{_other_words(spec, replaced)}" if replaced else ""
        return "deprecated", {"dialect": dialect_name(spec), "hint": hint}, None
    borrowed = [ops for _, _, ops in verdicts if ops]
    if method and borrowed and all(op.deprecated or op.writes for ops in borrowed for op in ops):
        return None  # a server route the spec borrows for one method says nothing of its other methods
    spec, _, any_method = verdicts[0]
    who = dialect_name(spec) if len(specs) == 1 else "any dialect"
    bare = path.split("?", 1)[0]
    other = twin_path(bare)
    for candidate_spec in specs:
        twins = _served(candidate_spec, other, method)[0]
        if twins and not all(op.deprecated for op in twins):
            return "use_twin", {"who": who, "other": other}, other
        replacement = next((op.replaced_by for op in twins if op.replaced_by), None)
        if replacement:  # the `/api` twin is itself deprecated: name what replaces it, fix nothing
            return "use_twin", {"who": who, "other": replacement}, None
    elsewhere = [name for name in PROFILES if spec_for(name) not in specs and _served(spec_for(name), bare, method)[0]]
    exact_elsewhere = [name for name in elsewhere if any(bare in op.served_paths for op in _served(spec_for(name), bare, method)[0])]
    if exact_elsewhere or (elsewhere and not any_method):
        return "elsewhere", {"who": who, "elsewhere": dialect_name(spec_for((exact_elsewhere or elsewhere)[0]))}, None
    if any_method and method:
        methods = sorted({op.method for op in any_method})
        return "method", {"who": who, "methods": ", ".join(methods)}, None
    return "not_served", {"who": who}, None


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
    group: int | None = None  # the group of alternative blocks (tabs) the route is requested in


def _finding(page, route: _Route, verdict):
    message, arguments, fixed = verdict
    shown = f"{route.method} {route.path}" if route.method else route.path
    fix = None
    if fixed and route.span:
        fix_line, fix_column, fix_end = route.span
        fix = Fix(route.source, fix_line, fix_column, fix_line, fix_end, fixed, f"use `{fixed}`")
    return RULE.finding(message, route.source, route.line, route.column, profile=page.profile, fix=fix,
                        route=shown, **arguments)


def _host_only_bases(requests) -> set[str]:
    """Computed bases the page itself joins with `/api/...`: they hold a host, not an API root."""
    return {r.base for r in requests if not r.base_known and r.path and has_api_root(r.path)}


def _mentions_a_family(text: str) -> bool:
    return any("/" + family in text for family in route_families())


def _code_routes(page, others):
    """Jobs routes requested in the page's code samples (not in tabs about the other dialect)."""
    requests = []
    groups = page.block_groups()
    for index, block in enumerate(page.blocks):
        if family_of(block.language) in ("python", "js", "shell") and _mentions_a_family(block.code) \
                and not others.mentions_other(block.title):
            requests.extend((groups[index], block, r) for r in find_requests(block, page_names(page, block)))
    hosts = _host_only_bases(r for _, _, r in requests)
    for group, block, request in requests:
        path = request.path
        if not path or not jobs_like(path):
            continue
        if not request.base_known and not has_api_root(path) and request.base not in hosts:
            continue
        span = request.path_span
        if span and span[2] - span[1] != len(path):
            span = None  # the path is not written in one piece: no fix
        yield _Route(request.source, request.path_line, request.path_column, request.method, path, block.title, span, group)


def _prose_routes(page, others, one_dialect: bool):
    """Jobs routes named as `METHOD /path` in prose, headings and tables, not about the other dialect;
    on a page of one dialect also paths written alone as inline code (in notes too)."""
    mentions = route_mentions(page) + (inline_routes(page) if one_dialect else [])
    for mention in mentions:
        path = mention.path.split("?", 1)[0]
        if not jobs_like(path) or others.mentions_other(mention.context):
            continue
        span = (mention.line, mention.column, mention.column + len(path))
        yield _Route(mention.source, mention.line, mention.column, mention.method, path, mention.context, span)


def _marked_in_english(page, ctx, others) -> set:
    """(method, path) of the routes the English page of a mirror calls legacy or deprecated:
    the mirror's same rows count as marked, whatever words the translation uses."""
    english = ctx.english_page(page) if page.mirror_of else None
    if english is None:
        return set()
    routes = itertools.chain(_code_routes(english, others), _prose_routes(english, others, not ctx.union))
    return {(route.method, route.path) for route in routes if marks_legacy(route.context)}


def check(page, ctx):
    specs = ctx.specs
    if not _mentions_a_family(page.text) and not page.imports:
        return
    if all(spec.replaces_operations() for spec in specs):
        return  # a successor dialect (v2): its pages' v1 routes are JC901's to name
    others = dialects_for(specs)
    seen = set()
    marked_in_english = None
    for route in itertools.chain(_code_routes(page, others), _prose_routes(page, others, not ctx.union)):
        verdict = judge(specs, route.path, route.method)
        if verdict is None:
            continue
        if verdict[0] == "deprecated":
            if marks_legacy(route.context):
                continue  # the row or sentence already says so, in its own language
            if marked_in_english is None:
                marked_in_english = _marked_in_english(page, ctx, others)
            if (route.method, route.path) in marked_in_english:
                continue
        key = (route.source, route.line, route.column)
        # One finding per defect and place: the same route in every tab of a code group is said once.
        alternative = (route.group, route.method, route.path, verdict[0]) if route.group is not None else None
        if key in seen or (alternative is not None and alternative in seen):
            continue
        seen.add(key)
        if alternative is not None:
            seen.add(alternative)
        yield _finding(page, route, verdict)
