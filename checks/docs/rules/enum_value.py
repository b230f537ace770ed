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
import re

from checks.samples.literals import HOLE, Arr, Obj, Str, family_of, page_names, read_block, walk_objects
from checks.samples.requests import find_requests
from checks.docs.findings import Finding, Fix
from checks.docs.prose import Spot, ValueList, parameter_lists, text_lists
from checks.apispec import PROFILES, spec_for

CODE = "JC201"
NAME = "enum-value"
SEVERITY = "error"

_PARAMS_OBJECTS = {"params", "searchparams", "query"}


def normalise(name: str) -> str:
    """`sort_by`, `sortBy`, `sort-by` and `SortBy` all become `sortby`."""
    return re.sub(r"[_\-\s]", "", name).lower().rstrip("?")


def short_title(spec) -> str:
    """"Comfy Cloud" from the title "Comfy Cloud — Jobs API"."""
    return re.split(r"\s+[—-]\s+", spec.document.get("info", {}).get("title", spec.profile))[0]


def dialect_name(spec) -> str:
    """"Comfy Cloud (cloud)"."""
    return f"{short_title(spec)} ({spec.profile})"


@functools.lru_cache(maxsize=None)
def _dialects(profiles: tuple) -> "Dialects":
    return Dialects([spec_for(name) for name in profiles])


def dialects_for(specs) -> "Dialects":
    """The (cached) Dialects of a page's judging specs."""
    return _dialects(tuple(spec.profile for spec in specs))


def _memo(method):
    """Cache a Dialects method per instance: its answers depend on the spec only."""

    @functools.wraps(method)
    def cached(self, *args):
        key = (method.__name__, *args)
        if key not in self._answers:
            self._answers[key] = method(self, *args)
        return self._answers[key]

    return cached


class Dialects:
    """Answers about enum parameters for the specs a page is judged by (one, or all for no profile)."""

    def __init__(self, specs):
        self.specs = list(specs)
        self._answers: dict = {}

    @functools.cached_property
    def enum_words(self) -> frozenset[str]:
        """Lower-case spellings of the enum parameters: a block without any cannot set one."""
        enums = {name for profile in PROFILES for op in spec_for(profile).operations
                 for name in spec_for(profile).enum_parameters(op.operation_id)}
        return frozenset(w for spelling, name in self.spellings.items() if name in enums
                         for w in (spelling.lower(), normalise(spelling)))

    @functools.cached_property
    def _others(self) -> re.Pattern | None:
        """How prose names the dialects this page is NOT about ("local server", "Comfy Cloud")."""
        judging = {spec.profile for spec in self.specs}
        names = set()
        for profile in PROFILES:
            if profile not in judging:
                words = short_title(spec_for(profile)).lower().split()
                names.add(" ".join(words))
                names.add(" ".join(words[-2:]) if len(words) > 2 else words[-1])
        if not names:
            return None
        return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b", re.I)

    def mentions_other(self, text: str) -> bool:
        """True for a sentence, row or tab title about another dialect (a comparison, not a defect)."""
        return bool(text) and self._others is not None and self._others.search(text) is not None

    @functools.cached_property
    def _setting(self) -> re.Pattern:
        words = "|".join(sorted(map(re.escape, self.enum_words), key=len, reverse=True))
        return re.compile(rf"\b(?:{words})\??[\"'`]?\]?\s*[=:,]")

    def mentions_enum_parameter(self, code: str) -> bool:
        """True when the code may set an enum parameter (`status=`, `"sort_by":`, `sortBy?:`, `("status",`,
        `params["status"] =`)."""
        return self._setting.search(code.lower()) is not None

    @functools.cached_property
    def spellings(self) -> dict[str, str]:
        """Every query parameter name of every profile (and its camelCase) -> the parameter."""
        found = {}
        for profile in PROFILES:
            spec = spec_for(profile)
            for op in spec.operations:
                for name, param in spec.parameters(op.operation_id).items():
                    if param.get("in") == "query":
                        found[name] = name
                        found[re.sub(r"_(\w)", lambda m: m.group(1).upper(), name)] = name
        return found

    @functools.cached_property
    def by_normal(self) -> dict[str, str]:
        return {normalise(spelling): name for spelling, name in self.spellings.items()}

    @functools.cached_property
    def field_names(self) -> set[str]:
        """Fields of a job in any profile: a parameter with such a name (`status`) is ambiguous in an object."""
        return {name for profile in PROFILES for name in spec_for(profile).job_fields(detail=True)}

    def parameter(self, key: str) -> str | None:
        return self.by_normal.get(normalise(key))

    @_memo
    def operations_with(self, parameter: str) -> tuple:
        ids = []
        for profile in PROFILES:
            spec = spec_for(profile)
            for op in spec.operations:
                if parameter in spec.parameters(op.operation_id) and op.operation_id not in ids:
                    ids.append(op.operation_id)
        return tuple(ids)

    @_memo
    def operation_for(self, path: str | None, method: str | None, parameter: str) -> tuple:
        """Operation ids a request path means, in any profile (so `/jobs` still means listJobs)."""
        if path:
            candidates = [path]
            bare = path.split("?", 1)[0]
            candidates += [bare[4:]] if bare.startswith("/api/") else ["/api" + bare]
            for candidate in candidates:
                for profile in PROFILES:
                    ops = spec_for(profile).match_path(candidate, method)
                    if ops:
                        return tuple(op.operation_id for op in ops)
            return ()
        return self.operations_with(parameter)

    @_memo
    def enum(self, spec, parameter: str, operation_ids) -> list[str] | None:
        for op_id in operation_ids or ():
            values = spec.parameter_enum(parameter, op_id)
            if values:
                return values
        return None

    @_memo
    def is_list(self, parameter: str, operation_ids) -> bool:
        """True for array parameters sent comma-separated (`status=pending,in_progress`)."""
        for spec in self.specs:
            for op_id in operation_ids:
                param = spec.parameters(op_id).get(parameter)
                if param and param["schema"].get("type") == "array":
                    return True
        return False

    @_memo
    def known(self, parameter: str, value: str) -> bool:
        """True when any profile knows the value for this parameter (as valid or as a wrong-dialect spelling)."""
        for profile in PROFILES:
            spec = spec_for(profile)
            for op_id in self.operations_with(parameter):
                if value in (spec.parameter_enum(parameter, op_id) or []) or value in spec.wrong_dialect(parameter, op_id):
                    return True
        return False

    @_memo
    def verdict(self, parameter: str, value: str, operation_ids) -> tuple[str, str | None] | None:
        """None when some judging dialect accepts the value; else (message tail, right value)."""
        judged = [(spec, self.enum(spec, parameter, operation_ids)) for spec in self.specs]
        judged = [(spec, values) for spec, values in judged if values]
        if not judged or any(value in values for _, values in judged):
            return None
        rights = []
        for spec, _ in judged:
            for op_id in operation_ids:
                right = spec.wrong_dialect(parameter, op_id).get(value)
                if right and right not in rights:
                    rights.append(right)
        if len(judged) == 1:
            spec, values = judged[0]
            who = f"is not accepted by {dialect_name(spec)}"
            valid = ", ".join(values)
        else:
            who = "is not accepted by any dialect"
            sets = {tuple(values) for _, values in judged}
            valid = ", ".join(judged[0][1]) if len(sets) == 1 else "; ".join(
                f"{spec.profile}: {', '.join(values)}" for spec, values in judged)
        right = rights[0] if len(rights) == 1 else None
        hint = f"; use `{right}`" if right else ""
        return f"{who}{hint} (valid: {valid})", right


def _finding(page, path, line, column, parameter, value, verdict, fix_span=None) -> Finding:
    tail, right = verdict
    fix = None
    if right and fix_span:
        fix_line, fix_column, fix_end = fix_span
        fix = Fix(path, fix_line, fix_column, fix_line, fix_end, right, f"replace `{value}` with `{right}`")
    return Finding(path, line, column, CODE, f"`{parameter}={value}` {tail}", SEVERITY, NAME,
                   end_line=line, profile=page.profile, fix=fix)


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


def docstring_lists(block, docstring: Str, dialects: Dialects) -> list[ValueList]:
    """Value lists in a Python docstring ("status: one of "pending", "completed" ...")."""
    found = []
    for spelled, values, sentence in text_lists(docstring.text, dialects.spellings):
        if dialects.mentions_other(sentence):
            continue
        spots = tuple(Spot(value, *block.position(*docstring.at(offset)), block.source) for value, offset in values)
        found.append(ValueList(spelled, spots, "docstring", spots[0].line, block.source, sentence))
    return found


def check(page, ctx):
    dialects = dialects_for(ctx.specs)
    seen = set()
    for finding in (*_code_findings(page, dialects), *_prose_findings(page, dialects)):
        key = (finding.path, finding.line, finding.column)
        if key not in seen:
            seen.add(key)
            yield finding
