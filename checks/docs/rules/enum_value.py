"""A value for an enum query parameter that the page's dialect does not accept.

Looked for wherever a page sets a parameter: request URLs (curl, Python, JS), `params`
objects and `URLSearchParams`, keyword arguments and defaults named like a parameter,
TypeScript / `Literal[...]` types of option fields (`sortBy?: ...`), JSON request bodies,
parameter tables, docstrings and sentences that list a parameter's values. `status` is a
comma-separated list: each value is checked. On a page with no profile a value is wrong
only when no dialect accepts it; a sentence, table column or tab that names the other
dialect is a comparison and is not judged. When the spec records the other dialect's
spelling (`x-wrong-dialect`), the message names the right value and a fix replaces it.

Wrong (a Comfy Cloud page):

    ```bash
    curl "https://cloud.comfy.org/api/jobs?sort_by=created_at" -H "X-API-Key: $COMFY_CLOUD_API_KEY"
    ```

Right:

    ```bash
    curl "https://cloud.comfy.org/api/jobs?sort_by=create_time" -H "X-API-Key: $COMFY_CLOUD_API_KEY"
    ```
"""

from __future__ import annotations

import functools

from checks.samples.literals import HOLE, Arr, Obj, Str, family_of, page_names, read_block, walk_objects
from checks.samples.requests import find_requests
from checks.docs.codes import Rule, messages
from checks.docs.findings import Fix
from checks.docs.prose import ValueList, docstring_lists, parameter_lists
from checks.apispec import PROFILES, spec_for
from checks.apispec.dialects import Dialects, dialects_for

RULE = Rule(
    code="JC201",
    name="enum-value",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(rejected="`{parameter}={value}` {verdict}"),
)

_PARAMS_OBJECTS = {"params", "searchparams", "query"}


def _finding(page, path, line, column, parameter, value, verdict, fix_span=None):
    tail, right = verdict
    fix = None
    if right and fix_span:
        fix_line, fix_column, fix_end = fix_span
        fix = Fix(path, fix_line, fix_column, fix_line, fix_end, right, f"replace `{value}` with `{right}`")
    return RULE.finding("rejected", path, line, column, end_line=line, profile=page.profile, fix=fix,
                        parameter=parameter, value=value, verdict=tail)


def _parts(value: Str, split: bool):
    """(text, start offset) of each value in a string, comma-split for list parameters."""
    if not split:
        yield value.text, 0
        return
    offset = 0
    for part in value.text.split(","):
        lead = len(part) - len(part.lstrip())
        yield part.strip(), offset + lead
        offset += len(part) + 1


def _check_str(page, block, dialects, parameter, value: Str, operation_ids, siblings=()):
    """Findings for one string value of a parameter written in code.

    No fix when the right value is already among `siblings` (the other members of its union
    or array): replacing would list it twice.
    """
    if not isinstance(value, Str):
        return
    split = dialects.is_list(parameter, operation_ids)
    for text, offset in _parts(value, split):
        if not text or HOLE in text:
            continue
        verdict = dialects.verdict(parameter, text, operation_ids)
        if verdict is None:
            continue
        line, column = block.position(*value.at(offset))
        fixable = value.contiguous(offset, offset + len(text)) and verdict[1] not in siblings
        span = (line, column, column + len(text)) if fixable else None
        yield _finding(page, block.source, line, column, parameter, text, verdict, span)


def _values_of(value):
    if isinstance(value, Str):
        yield value
    elif isinstance(value, Arr):
        for item in value.items:
            if isinstance(item, Str):
                yield item


def _object_entries(obj: Obj, parent_key: str | None, dialects: Dialects):
    """Entries of an object that set a parameter; a lone `status` in a plain object is a job field."""
    params = obj.context == "params" or (parent_key or "").lower() in _PARAMS_OBJECTS
    keyed = [(entry, dialects.parameter(entry.key)) for entry in obj.entries]
    keyed = [(entry, name) for entry, name in keyed if name]
    if not params and not any(name not in dialects.field_names for _, name in keyed):
        return []
    return keyed


def _sends_elsewhere(block, function: Obj, requests, parameter: str, dialects: Dialects) -> bool:
    """True when a function's requests go to known routes and none of them takes `parameter`.

    `def download(output_type="output")` that fetches `/api/view?type=...` names a parameter of
    another route; its default is not a value of the Jobs parameter with the same name.
    """
    first, last = block.position(function.start[0])[0], block.position(function.end[0])[0]
    inside = [r for r in requests if r.path and first <= r.line <= last]
    return bool(inside) and not any(
        parameter in _parameters_of(dialects.operation_for(r.path, r.method, parameter)) for r in inside)


def _parameters_of(operation_ids) -> set[str]:
    return {name for profile in PROFILES for op_id in operation_ids
            for name in _operation_parameters(profile, op_id)}


@functools.lru_cache(maxsize=None)
def _operation_parameters(profile: str, operation_id: str) -> frozenset[str]:
    spec = spec_for(profile)
    if not any(op.operation_id == operation_id for op in spec.operations):
        return frozenset()
    return frozenset(spec.parameters(operation_id))


def _code_findings(page, dialects: Dialects):
    for block in page.blocks:
        family = family_of(block.language)
        if family is None or not dialects.mentions_enum_parameter(block.code) or dialects.mentions_other(block.title):
            continue
        names = page_names(page, block)
        requests = find_requests(block, names) if family in ("python", "js", "shell") else []
        if requests:
            for request in requests:
                for param in request.query:
                    parameter = dialects.parameter(param.name) if param.name in dialects.spellings else None
                    if parameter is None or param.value_str is None:
                        continue
                    ops = dialects.operation_for(request.path, request.method, parameter)
                    yield from _check_str(page, block, dialects, parameter, param.value_str, ops)
        values = read_block(block, names)
        for top in values.objects:
            for obj, parent_key in walk_objects(top, top.owner):
                for entry, parameter in _object_entries(obj, parent_key, dialects):
                    if obj.context == "defaults" and _sends_elsewhere(block, obj, requests, parameter, dialects):
                        continue
                    ops = dialects.operations_with(parameter)
                    items = [value.text for value in _values_of(entry.value)]
                    for value in _values_of(entry.value):
                        yield from _check_str(page, block, dialects, parameter, value, ops, items)
        for name, value in values.param_sets:
            parameter = dialects.parameter(name.text)
            if parameter:
                items = [item.text for item in _values_of(value)]
                for item in _values_of(value):
                    yield from _check_str(page, block, dialects, parameter, item, dialects.operations_with(parameter), items)
        for docstring in values.docstrings:
            for listed in docstring_lists(block, docstring, dialects):
                yield from listed_findings(page, dialects, listed)
        for union in values.unions:
            parameter = dialects.parameter(union.owner) if union.owner else None
            if parameter:
                ops = dialects.operations_with(parameter)
                members = [member.text for member in union.members]
                for member in union.members:
                    yield from _check_str(page, block, dialects, parameter, member, ops, members)


def _prose_findings(page, dialects: Dialects):
    for listed in parameter_lists(page, dialects.spellings):
        if not dialects.mentions_other(listed.text):
            yield from listed_findings(page, dialects, listed)


def listed_findings(page, dialects: Dialects, listed: ValueList):
    """Wrong values in a list written in prose, a table or a docstring."""
    parameter = dialects.spellings[listed.parameter]
    ops = dialects.operations_with(parameter)
    split = dialects.is_list(parameter, ops)
    values = [spot for spot in listed.values
              if (split or "," not in spot.text) and not dialects.mentions_other(spot.header)]
    accepted = [spot for spot in values if dialects.verdict(parameter, spot.text, ops) is None]
    known = [spot for spot in values if dialects.known(parameter, spot.text)]
    for spot in values:
        if spot in accepted:
            continue
        if spot.text in dialects.field_names and (accepted or listed.kind in ("prose", "docstring")):
            continue  # "sorts by `create_time`": a field named beside the values
        if listed.kind != "assignment" and not dialects.known(parameter, spot.text) and not (set(known) - {spot}):
            continue  # an unknown word alone is not evidence of a value list
        verdict = dialects.verdict(parameter, spot.text, ops)
        if verdict:
            listed_already = verdict[1] in {other.text for other in values}  # a fix would list it twice
            span = None if listed_already else (spot.line, spot.column, spot.column + len(spot.text))
            yield _finding(page, spot.source, spot.line, spot.column, listed.parameter, spot.text, verdict, span)


def check(page, ctx):
    dialects = dialects_for(ctx.specs)
    seen = set()
    for finding in (*_code_findings(page, dialects), *_prose_findings(page, dialects)):
        key = (finding.path, finding.line, finding.column)
        if key not in seen:
            seen.add(key)
            yield finding
