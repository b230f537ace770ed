"""What a profile's docs should cover, read from its spec: one `Item` per thing a reader needs.

Kinds, in report order:
  operation  every route of the profile is named on some page;
  example    every route that is not deprecated has a code sample calling it;
  parameter  every query parameter of such a route, and
  value      each of its enum values;
  status     every response status the route declares;
  field      every field of the job entry, job detail and error schemas;
  caveat     every `x-doc-required` marker (its `evidence` patterns say what covers it).

Deprecated routes only need to be named (and warned about, when the spec marks them):
their parameters, statuses and bodies are not part of the Jobs contract.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checks.apispec import Operation, Spec

KINDS = ("operation", "example", "parameter", "value", "status", "field", "caveat")

# Schemas whose fields readers need, in report order; a later schema lists only what it adds.
FIELD_SCHEMAS = ("JobEntry", "JobDetail", "Error")
_SCHEMA_REF = "#/components/schemas/"


@dataclass(frozen=True)
class Item:
    """One thing the docs of a profile should say."""

    kind: str
    key: str  # stable id used in reports and tests: "status:getJob:401", "field:JobEntry.priority"
    label: str  # what a reader of the report sees
    name: str  # the word looked for: a path, parameter, value, status code, field, or pointer
    operations: tuple[str, ...] = ()  # operationIds the item belongs to, its home first
    param: str | None = None  # for values: the parameter they belong to
    schema: str | None = None  # for fields
    evidence: tuple[str, ...] = ()  # for caveats: patterns one prose passage must all match
    reason: str = ""  # for caveats: why the spec asks for it


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def resolve_pointer(document: dict, pointer: str):
    node = document
    for part in pointer.lstrip("/").split("/") if pointer else []:
        node = node[int(part)] if isinstance(node, list) else node[_unescape(part)]
    return node


def _route(op: Operation) -> str:
    return f"{op.method} {op.path}"


@functools.lru_cache(maxsize=None)
def _reached(spec: Spec, operation_id: str) -> frozenset[str]:
    """Names of the component schemas an operation's responses lead to, through any `$ref`."""
    op = spec.operation(operation_id)
    names: set[str] = set()
    seen: set[int] = set()

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict) or id(node) in seen:
            return
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_SCHEMA_REF):
            name = ref[len(_SCHEMA_REF):]
            if name not in names:
                names.add(name)
                walk(spec.schema(name))
        elif isinstance(ref, str):
            walk(spec.deref(node))
        for key, value in node.items():
            if key != "$ref":
                walk(value)

    walk(op.raw.get("responses", {}) if op else {})
    return frozenset(names)


def live_operations(spec: Spec) -> list[Operation]:
    return [op for op in spec.operations if op.jobs_api and not op.deprecated]


def owners_of_schema(spec: Spec, name: str) -> tuple[str, ...]:
    """Routes (not deprecated) whose responses lead to the schema, in spec order."""
    return tuple(op.operation_id for op in live_operations(spec) if name in _reached(spec, op.operation_id))


def _owners_of_pointer(spec: Spec, pointer: str) -> tuple[str, ...]:
    parts = [_unescape(p) for p in pointer.lstrip("/").split("/")]
    if parts[0] == "paths" and len(parts) >= 3:
        return tuple(op.operation_id for op in spec.operations
                     if op.path == parts[1] and op.method == parts[2].upper())
    if parts[:2] == ["components", "schemas"] and len(parts) >= 3:
        return owners_of_schema(spec, parts[2])
    return ()


def _operation_items(spec: Spec, op: Operation) -> list[Item]:
    route, oid = _route(op), op.operation_id
    items = [Item("operation", f"operation:{oid}", route, op.path, (oid,))]
    if op.deprecated:
        return items
    items.append(Item("example", f"example:{oid}", f"a code sample calling {route}", op.path, (oid,)))
    for name, param in spec.parameters(oid).items():
        if param.get("in") != "query":
            continue
        items.append(Item("parameter", f"parameter:{oid}:{name}", f"`{name}` of {route}", name, (oid,)))
        for value in spec.parameter_enum(name, oid) or ():
            items.append(Item("value", f"value:{oid}:{name}={value}", f"`{name}={value}` of {route}",
                              str(value), (oid,), param=name))
    for status in op.statuses:
        if status.isdigit():
            items.append(Item("status", f"status:{oid}:{status}", f"{route} answers {status}", status, (oid,)))
    return items


def _field_items(spec: Spec) -> list[Item]:
    items, seen = [], set()
    for schema in FIELD_SCHEMAS:
        if schema not in spec.document.get("components", {}).get("schemas", {}):
            continue
        owners = owners_of_schema(spec, schema)
        for name in spec.properties(schema):
            if name in seen:
                continue
            seen.add(name)
            items.append(Item("field", f"field:{schema}.{name}", f"`{name}` of {schema}", name, owners, schema=schema))
    return items


def _subject(spec: Spec, pointer: str) -> str:
    """`GET /api/queue` or `Workflow.extra_data` for a marker's pointer."""
    parts = [_unescape(part) for part in pointer.lstrip("/").split("/")]
    if parts[0] == "paths" and len(parts) >= 3:
        return f"{parts[2].upper()} {parts[1]}"
    if parts[:2] == ["components", "schemas"] and len(parts) >= 3:
        return ".".join([parts[2], *(name for before, name in zip(parts[2:], parts[3:]) if before == "properties")])
    return pointer


def _caveat_items(spec: Spec) -> list[Item]:
    items = []
    for pointer, reason in spec.doc_required():
        evidence = list(spec.doc_evidence(pointer))
        if not evidence:  # no patterns given: the marked name (or route) must appear in prose
            parts = [_unescape(part) for part in pointer.lstrip("/").split("/")]
            evidence = [re.escape(parts[1] if parts[0] == "paths" else parts[-1])]
        items.append(Item("caveat", f"caveat:{pointer}", f"{_subject(spec, pointer)}: {reason}", pointer,
                          _owners_of_pointer(spec, pointer), evidence=tuple(evidence), reason=reason))
    return items


def contract_items(spec: Spec) -> list[Item]:
    """Every item of a profile in report order: route by route, then fields, then caveats."""
    items: list[Item] = []
    for op in spec.operations:
        if op.jobs_api:  # server routes beside the Jobs API are not part of what its docs owe
            items.extend(_operation_items(spec, op))
    return items + _field_items(spec) + _caveat_items(spec)
