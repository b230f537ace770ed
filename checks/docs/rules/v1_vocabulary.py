"""The v1 Jobs API's words on a Comfy API v2 page: its routes, key header, statuses, fields, epoch times.

A page moved to v2 (`jobs-checks-profile: v2`, or one that only calls `/api/v2/` routes)
keeps breaking where it still speaks v1: `/api/jobs` and `/api/prompt` are not v2 routes
(`POST /api/v2/jobs`, `GET /api/v2/jobs/{id}`), `X-API-Key` is refused (v2 takes
`Authorization: Bearer <key>`), `completed` and `cancelled` are never a v2 status
(`succeeded`, `canceled`), `prompt_id` and `create_time` are not fields of a v2 job (`id`,
`created_at`), and v2 timestamps are ISO 8601 strings, not epoch milliseconds. Everything
comes from the v2 spec's `x-replaced-by` and lifecycle roles (`checks.apispec.migration`).
In code it is an error; in prose (inline code) a warning. Blocks, tabs and sentences about
v1 ("v1", "before", "legacy", a migration table) compare on purpose and are left alone; JSON
examples are JC401's, comparisons with an answer's field JC204's.

Wrong:

    ---
    jobs-checks-profile: v2
    ---

    ```python
    job = requests.get(f"{BASE}/api/jobs/{job_id}", headers={"X-API-Key": KEY}).json()
    ```

Right:

    ---
    jobs-checks-profile: v2
    ---

    ```python
    job = requests.get(f"{BASE}/api/v2/jobs/{job_id}", headers={"Authorization": f"Bearer {KEY}"}).json()
    ```
"""

from __future__ import annotations

import re

from checks.docs.codes import Message, Rule, messages
from checks.docs.migrate import moved_calls
from checks.docs.prose import code_spans, prose, text_position
from checks.docs.prose_routes import inline_routes, route_mentions
from checks.docs.sections import section_of, sections
from checks.docs.words import marks_legacy
from checks.samples.answers import answer_comparisons
from checks.samples.literals import Num, Obj, Str, family_of, page_names, read_block, walk_objects
from checks.samples.requests import find_requests
from checks.apispec.dialects import dialect_name
from checks.apispec.legacy import answer_field_enum
from checks.apispec.migration import migration

_SAYS = {
    "route": "`{route}` is a v1 route; {dialect} uses `{target}`{note}",
    "no_route": "`{route}` is a v1 route with no {dialect} equivalent: {note}",
    "header": "`{header}` carries the key in v1; {dialect} takes `{wanted}`",
    "status": "`{value}` is a v1 status; {dialect} says `{successor}`",
    "field": "`{name}` is a v1 field; a {dialect} job has `{successor}`",
}

RULE = Rule(
    code="JC901",
    name="old-vocabulary",
    severity="error",
    doc=__doc__,
    example_path="guide/example.mdx",
    messages=messages(
        **_SAYS,
        **{f"{key}_in_prose": Message(template, "warning") for key, template in _SAYS.items()},
        epoch="`{name}` is an ISO 8601 date-time string in {dialect}, not epoch milliseconds; {remedy}",
    ),
)

_ABOUT_V1 = re.compile(r"\bv1\b|\bbefore\b|\bprevious(?:ly)?\b|迁移前|以前|이전", re.I)
_FROM_TIMESTAMP = re.compile(r"fromtimestamp\(|new Date\(\s*(?:Number\()?[\w.\[\]\"']+\s*\)")


def _about_v1(text: str) -> bool:
    return bool(text) and (_ABOUT_V1.search(text) is not None or marks_legacy(text))


def _blocks_about_v2(page):
    """The page's blocks that are not shown as the v1 way (by their tab title or section heading)."""
    owned = sections(page)
    for index, block in enumerate(page.blocks):
        section = section_of(owned, index)
        heading = owned[section].heading.text if section is not None and owned[section].heading else ""
        if not _about_v1(block.title) and not _about_v1(heading):
            yield block


def _route_finding(page, move, dialect, source, line, column, shown, where=""):
    if move.target:
        note = f" ({move.note})" if move.note else ""
        return RULE.finding("route" + where, source, line, column, profile=page.profile, route=shown,
                            dialect=dialect, target=move.target, note=note)
    return RULE.finding("no_route" + where, source, line, column, profile=page.profile, route=shown,
                        dialect=dialect, note=move.note)


def _code(page, tables, dialect, tables_spec):
    for block in _blocks_about_v2(page):
        family = family_of(block.language)
        if family not in ("python", "js", "shell"):
            continue  # JSON examples tied to an operation are JC401's
        names = page_names(page, block)
        requests = find_requests(block, names)
        for request, move, shown in moved_calls(requests, tables):
            yield _route_finding(page, move, dialect, request.source, request.path_line, request.path_column, shown)
        compared = {(v.line, v.column) for use in answer_comparisons(block, requests)
                    if _judged_by_response_enum(tables_spec, use) for v in use.values}  # JC204 says those
        values = read_block(block, names)
        lines = block.code.split("\n")
        for string in values.strings:
            if string.dynamic or (string.start in compared):
                continue
            line = lines[string.start[0] - 1] if 0 < string.start[0] <= len(lines) else ""
            if string.text in tables.statuses and not (requests or "status" in line.lower()):
                continue  # a word such as "completed" in code that neither calls the API nor speaks of a status
            yield from _word(page, tables, dialect, block, string)
        for obj in values.objects:
            for inner, _ in walk_objects(obj):
                yield from _entries(page, tables, dialect, block, inner)
        for match in _FROM_TIMESTAMP.finditer(block.code):
            call = block.code[match.start():block.code.find("\n", match.start())]
            name = next((f for f in sorted(tables.timestamp_fields) if f in call), None)
            if name:
                line = block.code.count("\n", 0, match.start()) + 1
                column = match.start() - (block.code.rfind("\n", 0, match.start()) + 1) + 1
                yield RULE.finding("epoch", block.source, *block.position(line, column), profile=page.profile, name=name,
                                   dialect=dialect, remedy="parse the string (`datetime.fromisoformat`, `Date.parse`)")


def _judged_by_response_enum(spec, use) -> bool:
    """Whether the endpoint the comparison's request reaches has an enum at that field (JC204 judges it)."""
    return any(answer_field_enum(spec, op.operation_id, use.field) for op in spec.match_path(use.request.path, use.request.method))


def _word(page, tables, dialect, block, string: Str):
    text = string.text
    header = next((h for h in tables.headers if text.lower() == h.lower() or text.lower().startswith(h.lower() + ":")), None)
    if header is not None:  # a header name in a dict, or a curl `-H "X-API-Key: ..."`
        yield RULE.finding("header", block.source, *block.position(*string.at(0)), profile=page.profile, header=header,
                           dialect=dialect, wanted=tables.headers[header])
    elif text in tables.statuses:
        yield RULE.finding("status", block.source, *block.position(*string.at(0)), profile=page.profile, value=text,
                           dialect=dialect, successor=tables.statuses[text])
    elif text in tables.fields:
        yield RULE.finding("field", block.source, *block.position(*string.at(0)), profile=page.profile, name=text,
                           dialect=dialect, successor=tables.fields[text])


def _written_here(block, position, text: str) -> bool:
    """Whether `text` is written at `position` of the block's code (not a value seen through a name)."""
    line, column = position
    lines = block.code.split("\n")
    return 0 < line <= len(lines) and lines[line - 1][column - 1:].lstrip("\"'").startswith(text)


def _entries(page, tables, dialect, block, obj: Obj):
    for entry in obj.entries:
        if not _written_here(block, entry.key_start, entry.key):
            continue
        header = next((h for h in tables.headers if entry.key.lower() == h.lower()), None)
        if header is not None:
            yield RULE.finding("header", block.source, *block.position(*entry.key_start), profile=page.profile,
                               header=header, dialect=dialect, wanted=tables.headers[header])
        elif entry.key in tables.fields and obj.context != "kwargs":
            yield RULE.finding("field", block.source, *block.position(*entry.key_start), profile=page.profile,
                               name=entry.key, dialect=dialect, successor=tables.fields[entry.key])
        elif entry.key in tables.timestamp_fields and isinstance(entry.value, Num) and len(entry.value.digits) >= 9:
            yield RULE.finding("epoch", block.source, *block.position(*entry.value.start), profile=page.profile,
                               name=entry.key, dialect=dialect, remedy="write it as a string such as \"2026-05-01T12:00:00Z\"")


def _prose(page, tables, dialect):
    for mention in [*route_mentions(page), *inline_routes(page)]:
        move = tables.route_for(mention.method, mention.path)
        if move is not None and not _about_v1(mention.context):
            shown = f"{mention.method} {mention.path}" if mention.method else mention.path
            yield _route_finding(page, move, dialect, mention.source, mention.line, mention.column, shown, "_in_prose")
    words = {**{s: ("status", v) for s, v in tables.statuses.items()}, **{f: ("field", v) for f, v in tables.fields.items()},
             **{h: ("header", v) for h, v in tables.headers.items()}}
    for text in prose(page):
        if "`" not in text.text or _about_v1(text.text):
            continue
        for token, offset in code_spans(text.text):
            kind, successor = words.get(token.strip(), (None, None))
            if kind is None:
                continue
            line, column = text_position(text, offset)
            arguments = {"status": {"value": token, "successor": successor}, "field": {"name": token, "successor": successor},
                         "header": {"header": token, "wanted": successor}}[kind]
            yield RULE.finding(kind + "_in_prose", page.path, line, column, profile=page.profile, dialect=dialect,
                               **arguments)


def check(page, ctx):
    if ctx.union:
        return
    tables = migration(ctx.specs[0])
    if tables is None:
        return
    dialect = dialect_name(ctx.specs[0])
    seen = set()
    for finding in (*_code(page, tables, dialect, ctx.specs[0]), *_prose(page, tables, dialect)):
        key = (finding.path, finding.line, finding.column, finding.message)
        if key not in seen:
            seen.add(key)
            yield finding
