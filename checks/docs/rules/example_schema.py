"""A JSON example does not match the schema of the response (or request) it illustrates.

Only JSON the page ties to an operation is judged: a block after a route named in its
section (a heading, paragraph or table row with "`GET /api/jobs/{job_id}`"), a block
labelled as a request or response (`json Response`, `json 404`, "The request body:" on
the line above), a tab of the same code group as a sample's request, or a block whose
shape is unmistakable (every required key of a record of several: `jobs` + `pagination`
is a job list). JSON that merely follows a sample (a workflow's metadata, a node's
definition) illustrates something else and is left alone. A tied example is checked
against that dialect's schema: fields the dialect does not have, wrong types, missing
required fields. `...` / `"…"` placeholders are tolerated; timestamp magnitudes are JC301's.

Wrong (on a Comfy Cloud page, after `GET /api/jobs/{job_id}`):
    ```json
    {"id": "9f1c…", "status": "completed", "priority": 3, "create_time": 1718000000000, "outputs_count": 1}
    ```

Right (`priority` exists only on the local server):
    ```json
    {"id": "9f1c…", "status": "completed", "create_time": 1718000000000, "outputs_count": 1}
    ```
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from checks.samples.languages import family_of
from checks.samples.fragments import is_elided, is_placeholder, load_json_example
from checks.docs.codes import Rule, messages
from checks.docs.json_positions import locate
from checks.apispec.validate import response_schema

RULE = Rule(
    code="JC401",
    name="example-schema",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(mismatch="example of the {target} ({dialect}): {subject} {problem}"),
)

SHAPE_MINIMUM = 0.6  # share of an operation's required keys an untied example must show
_METHODS = "GET|POST|PUT|PATCH|DELETE"
_MENTION = re.compile(rf"\b({_METHODS})\s+`?\s*((?:https?://[^\s/`]+)?/[^\s`'\")\]]*)")
_HEADING_PATH = re.compile(r"`((?:https?://[^\s/`]+)?/[^\s`]+)`")
_STATUS = re.compile(r"(?<![\w.])([1-5]\d\d)(?![\w.])")
_REQUEST_WORD = re.compile(r"\b(request|payload)\b", re.I)
_RESPONSE_WORD = re.compile(r"\b(response|returns?|answers?)\b", re.I)
_PLACEHOLDER_TEXT = re.compile(r"^\s*(?:<[^<>]+>|\{\{?[^{}]*\}?\}|YOUR[_-][\w-]+|\$\{?\w+\}?)\s*$|\.\.\.|\u2026", re.I)
_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
_ELISION_ERRORS = ("required", "minItems", "minProperties")


@dataclass(frozen=True)
class Target:
    """What an example may illustrate: one operation's response of one status, or its request."""

    spec: object
    operation: object
    status: str  # "request" for a request body
    schema: dict

    @functools.cached_property
    def required(self) -> frozenset:
        return frozenset(self.spec.required(self.schema))

    @functools.cached_property
    def declared(self) -> frozenset:
        return frozenset(self.spec.properties(self.schema))

    @functools.cached_property
    def key(self) -> str:
        return json.dumps(self.schema, sort_keys=True)

    @property
    def label(self) -> str:
        what = "request body" if self.status == "request" else f"{self.status} response"
        return f"`{self.operation.method} {self.operation.path}` {what}"


@dataclass(frozen=True)
class Problem:
    path: tuple  # JSON path inside the example
    message: str
    at_key: bool = True  # position at the key (False: at the object holding the path)


# -- what an example illustrates ----------------------------------------------------------


def _json_content_schema(spec, holder: dict) -> dict | None:
    content = (spec.deref(holder) or {}).get("content") or {}
    media = content.get("application/json")
    return media.get("schema") if media else None


@functools.lru_cache(maxsize=None)
def _targets_of(spec, operation_id: str) -> tuple[Target, ...]:
    op = spec.operation(operation_id)
    targets = []
    body = op.raw.get("requestBody")
    if body is not None:
        schema = _json_content_schema(spec, body)
        if schema is not None:
            targets.append(Target(spec, op, "request", schema))
    for status in op.statuses:
        response = op.raw.get("responses", {}).get(status)
        if response is not None and _json_content_schema(spec, response) is not None:
            targets.append(Target(spec, op, status, response_schema(spec, operation_id, status)))
    return tuple(targets)


def _all_targets(spec) -> list[Target]:
    return [t for op in spec.jobs_operations if not op.deprecated for t in _targets_of(spec, op.operation_id)]


def _score(target: Target, keys: set[str]) -> tuple[float, int]:
    required = target.required
    if not required:
        return 0.0, 0
    hits = len(keys & required)
    return hits / len(required), hits


def _request_or_status(block, page) -> tuple[str | None, str | None]:
    """("request" | "response" | None, status | None) from the block's title or the line above."""
    hints = [block.title]
    before = sorted((t for t in page.texts if block.source == page.path and t.line < block.line), key=lambda t: t.line)
    previous_end = max((b.end_line for b in page.blocks if b.source == block.source and b.end_line < block.line), default=0)
    if before and before[-1].line > previous_end and len(before[-1].text) < 120:
        hints.append(before[-1].text)
    direction = status = None
    for hint in hints:
        if status is None and (match := _STATUS.search(hint)):
            status = match.group(1)
        if direction is None and _RESPONSE_WORD.search(hint):  # "the request returns:" is a response
            direction = "response"
        elif direction is None and _REQUEST_WORD.search(hint):
            direction = "request"
    return direction, status


def _requests_in(block) -> list[tuple[str | None, str]]:
    """(method, path) of the requests a code block makes, in order."""
    try:
        from checks.samples.requests import find_requests
    except ImportError:  # pragma: no cover - the request finder ships with the endpoint rule
        return []
    try:
        return [(r.method, r.path) for r in find_requests(block) if r.path]
    except Exception:  # noqa: BLE001 - a sample the request finder cannot read ties nothing
        return []


def _mentions(block, page, labelled: bool = False) -> list[tuple[str | None, str]]:
    """Endpoints named before `block` in its section, nearest first.

    A request an earlier code block sends ties the example to it only when the example is
    labelled a request or response, or is a tab of the same code group: JSON that merely
    follows a sample (a workflow's metadata, a node's definition) illustrates something else.
    """
    items = []
    if block.source == page.path:
        items += [(t.line, "text", t) for t in page.texts if t.line < block.line]
    groups = page.block_groups()
    index = next((i for i, b in enumerate(page.blocks) if b is block), None)
    for other_index, other in enumerate(page.blocks):
        if other.source == block.source and other.line < block.line:
            grouped = index is not None and groups.get(other_index) == groups.get(index)
            if labelled or grouped:
                items.append((other.line, "block", other))
    found = []
    for _, kind, item in sorted(items, key=lambda entry: entry[0], reverse=True):
        if kind == "block":
            found += [(method, path) for method, path in reversed(_requests_in(item))]
            continue
        found += [(m.group(1), m.group(2)) for m in reversed(list(_MENTION.finditer(item.text)))]
        if item.kind == "heading":
            if not _MENTION.search(item.text):
                found += [(None, m.group(1)) for m in _HEADING_PATH.finditer(item.text)]
            if item.level <= 2:
                break
    return found


def _strip_host(path: str) -> str:
    path = re.sub(r"^https?://[^/]+", "", path)
    return re.sub(r"[?#].*$", "", path)


def _context_operation(spec, mentions):
    for method, path in mentions:
        ops = spec.match_path(_strip_host(path), method)
        if ops:
            return ops[0]
    return None


# -- checking an example against a target -----------------------------------------------


@functools.lru_cache(maxsize=None)
def _validator(spec, schema_key: str):
    import jsonschema

    schema = json.loads(schema_key)
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [schema], "components": spec.document.get("components", {})}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _looks_like_placeholder(value) -> bool:
    return is_placeholder(value) or (isinstance(value, str) and bool(_PLACEHOLDER_TEXT.search(value)))


def _schema_errors(target: Target, body) -> list[Problem]:
    validator = _validator(target.spec, target.key)
    problems = []
    for error in validator.iter_errors(body):
        if error.validator == "additionalProperties":
            continue  # reported by the unknown-field walk, with the dialect's field list
        if _looks_like_placeholder(error.instance):
            continue
        if error.validator in _ELISION_ERRORS and is_elided(error.instance):
            continue
        if error.validator in _BOUNDS and target.spec.unit_in(error.schema):
            continue  # a seconds-sized timestamp: the timestamp-unit rule says it better
        path = tuple(error.absolute_path)
        if error.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", error.message)
            text = f"lacks required field `{missing[0]}`" if missing else error.message
            problems.append(Problem(path, f"{text}; add it, or show it is left out with `...`", at_key=False))
        elif error.validator == "not" and isinstance(error.validator_value, dict) and error.validator_value.get("required"):
            names = ", ".join(f"`{name}`" for name in error.validator_value["required"])
            problems.append(Problem(path, f"must not contain {names} in the {target.spec.profile} dialect; drop it"))
        else:
            problems.append(Problem(path, error.message))
    return problems


def _unknown_fields(target: Target, body) -> list[Problem]:
    """Keys of shaped records (objects with required fields) that the dialect does not declare."""
    spec = target.spec
    problems = []

    def walk(value, schema, path, depth):
        schema = spec.deref(schema) if isinstance(schema, dict) else {}
        if depth > 12 or not schema:
            return
        if isinstance(value, list):
            items = schema.get("items")
            if isinstance(items, dict):
                for index, item in enumerate(value):
                    walk(item, items, (*path, index), depth + 1)
            return
        if not isinstance(value, dict):
            return
        properties = spec.properties(schema)
        shaped = properties and (spec.required(schema) or schema.get("additionalProperties") is False)
        for key, item in value.items():
            if key in properties:
                walk(item, properties[key], (*path, key), depth + 1)
            elif shaped and not _looks_like_placeholder(key):
                known = ", ".join(sorted(properties))
                elsewhere = _declared_elsewhere(target, (*path, key))
                only = f" (only the {', '.join(elsewhere)} dialect has it)" if elsewhere else ""
                problems.append(Problem((*path, key), f"is not a field the {spec.profile} dialect declares here{only}; remove it (fields here: {known})"))

    walk(body, target.schema, (), 0)
    return problems


def _declared_elsewhere(target: Target, path: tuple) -> list[str]:
    """Other dialects whose same operation declares the field at `path`."""
    from checks.apispec import PROFILES, spec_for

    found = []
    for profile in PROFILES:
        spec = spec_for(profile)
        if profile == target.spec.profile or spec.operation(target.operation.operation_id) is None:
            continue
        same = [t for t in _targets_of(spec, target.operation.operation_id) if t.status == target.status]
        schema = same[0].schema if same else None
        for part in path[:-1]:
            schema = spec.deref(schema) if isinstance(schema, dict) else None
            if schema is None:
                break
            schema = schema.get("items") if isinstance(part, int) else spec.properties(schema).get(part)
        if isinstance(schema, dict) and path[-1] in spec.properties(spec.deref(schema)):
            found.append(profile)
    return found


def problems_for(target: Target, body) -> list[Problem]:
    found = {(p.path, p.message): p for p in _unknown_fields(target, body) + _schema_errors(target, body)}
    return sorted(found.values(), key=lambda p: ([str(part) for part in p.path], p.message))


# -- choosing the target -------------------------------------------------------------------


def _choose(spec, block, page, body) -> tuple[Target, list[Problem]] | None:
    keys = set(body) if isinstance(body, dict) else set()
    direction, status = _request_or_status(block, page)

    def allowed(target: Target) -> bool:
        if direction == "request" and target.status != "request":
            return False
        if direction == "response" and target.status == "request":
            return False
        return status is None or target.status in (status, "request")

    op = _context_operation(spec, _mentions(block, page, labelled=direction is not None or status is not None))
    if op is not None:
        tied = [t for t in _targets_of(spec, op.operation_id) if allowed(t) and _score(t, keys)[0] > 0]
        if tied:
            return _best(tied, keys, body)
    # Untied, only an unmistakable shape counts: every required key of a record of several.
    untied = [t for t in _all_targets(spec) if allowed(t)]
    shaped = []
    for target in untied:
        score, hits = _score(target, keys)
        if score >= SHAPE_MINIMUM and hits >= 2 and _mostly_declared(target, keys):
            shaped.append(target)
    return _best(shaped, keys, body) if shaped else None


def _mostly_declared(target: Target, keys: set[str]) -> bool:
    return len(keys & target.declared) * 2 >= len(keys)


def _best(targets, keys, body) -> tuple[Target, list[Problem]]:
    """Highest share of required keys, then the reading with the fewest problems (benefit of the doubt)."""
    ranked, seen = [], {}
    for order, target in enumerate(targets):
        if target.key not in seen:  # many routes share one schema (the error body)
            seen[target.key] = problems_for(target, body)
        problems = seen[target.key]
        ranked.append((-_score(target, keys)[0], len(problems), order, target, problems))
    ranked.sort(key=lambda entry: entry[:3])
    return ranked[0][3], ranked[0][4]


# -- the rule ------------------------------------------------------------------------------


def _pointer(path: tuple) -> str:
    return "/" + "/".join(str(part) for part in path) if path else "the example"


def check(page, ctx):
    for block in page.blocks:
        if family_of(block.language) != "json" or not block.code.strip():
            continue
        body, error = load_json_example(block.code)
        if error is not None or not isinstance(body, dict):
            continue  # broken JSON is the syntax rule's; bare lists and scalars illustrate nothing here
        readings = [(spec, _choose(spec, block, page, body)) for spec in ctx.specs]
        readings = [(spec, chosen) for spec, chosen in readings if chosen is not None]
        if not readings or any(not problems for _, (_, problems) in readings):
            continue  # unrelated JSON, or some dialect accepts it
        spec, (target, problems) = min(readings, key=lambda entry: len(entry[1][1]))
        positions = locate(block.code)
        dialect = spec.profile if not ctx.union else f"no dialect accepts it; closest: {spec.profile}"
        for problem in problems:
            line, column = _position(positions, problem)
            where = block.position(line, column)
            subject = f"`{problem.path[-1]}`" if problem.path and problem.at_key else _pointer(problem.path)
            if problem.path and problem.at_key and len(problem.path) > 1:
                subject += f" (at {_pointer(problem.path[:-1])})"
            yield RULE.finding("mismatch", block.source, where[0], where[1], profile=spec.profile,
                               target=target.label, dialect=dialect, subject=subject, problem=problem.message)


def _position(positions: dict, problem: Problem) -> tuple[int, int]:
    path = problem.path
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return positions.get((), (1, 1))
