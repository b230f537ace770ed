"""Flatten a schema into what a client sees, and compare response bodies field by field.

OpenAPI 3.0 and 3.1 say the same things in different words (`nullable: true` versus
`type: [x, "null"]`, boolean versus numeric `exclusiveMinimum`); `view` reads either
into one `SchemaView`, merging `allOf` parts and following `$ref`s, so the comparison
never sees the dialect of the document.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from checks.apispec.diff_load import Document, Node, as_list

MISSING = object()
_MAX_DEPTH = 24


@dataclass
class Bound:
    """A minimum or maximum: the number, whether it is exclusive, and where it is written."""

    value: float
    exclusive: bool
    node: Node

    def inclusive(self, integer: bool, lower: bool) -> tuple[float, bool]:
        """Comparable form: for integers an exclusive bound becomes the next inclusive one."""
        if integer and self.exclusive:
            return (self.value + 1 if lower else self.value - 1), False
        return self.value, self.exclusive


@dataclass
class SchemaView:
    """Everything the diff compares about one schema, whatever its OpenAPI version."""

    node: Node
    types: frozenset | None = None
    enum: list | None = None
    enum_node: Node | None = None
    properties: dict[str, list[Node]] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    closed: bool = False
    items: list[Node] = field(default_factory=list)
    description: str = ""
    unit: str | None = None
    format: str | None = None
    default: Any = MISSING
    default_node: Node | None = None
    minimum: Bound | None = None
    maximum: Bound | None = None
    clamped_minimum: Any = None
    clamped_node: Node | None = None
    deprecated: bool = False

    @property
    def is_array(self) -> bool:
        return self.types is not None and "array" in self.types

    @property
    def integer_only(self) -> bool:
        return self.types is not None and self.types - {"null"} == {"integer"}


def _type_set(value) -> set | None:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list) and all(isinstance(t, str) for t in value):
        return set(value)
    return None


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _flatten(doc: Document, node: Node, out: list[Node], depth: int, state: dict) -> None:
    """Collect `node` and its `allOf` (and single-branch `anyOf`/`oneOf`) parts, each dereferenced."""
    if depth > _MAX_DEPTH:
        return
    node = doc.deref(node)
    if not isinstance(node.value, dict):
        return
    out.append(node)
    if node.value.get("nullable") is True:
        state["null"] = True
    for index, _ in enumerate(as_list(node.value.get("allOf"))):
        _flatten(doc, doc.child(node, "allOf", index), out, depth + 1, state)
    for keyword in ("anyOf", "oneOf"):
        branches = [doc.deref(doc.child(node, keyword, i)) for i, _ in enumerate(as_list(node.value.get(keyword)))]
        concrete = [b for b in branches if _type_set(b.get("type")) != {"null"}]
        if len(concrete) < len(branches):
            state["null"] = True
        if len(concrete) == 1:
            _flatten(doc, concrete[0], out, depth + 1, state)
        elif concrete:
            union: set = set()
            for branch in concrete:
                union |= _type_set(branch.get("type")) or {"*"}
            state.setdefault("unions", []).append(union)
            for branch in concrete:
                for name in branch.get("properties") or {}:
                    state.setdefault("branch_properties", []).append((name, doc.child(branch, "properties", name)))


def view(doc: Document, nodes: Node | list[Node]) -> SchemaView:
    """Merge the schema(s) at `nodes` (several when a property is declared in several `allOf` parts)."""
    nodes = nodes if isinstance(nodes, list) else [nodes]
    flat: list[Node] = []
    state: dict = {}
    for node in nodes:
        _flatten(doc, node, flat, 0, state)
    result = SchemaView(node=nodes[0] if nodes else Node(None, None, ""))
    types: set | None = None
    for part in flat:
        value = part.value
        declared = _type_set(value.get("type"))
        if declared is not None:
            types = declared if types is None else types & declared
        if result.enum is None and isinstance(value.get("enum"), list):
            result.enum, result.enum_node = list(value["enum"]), doc.child(part, "enum")
        elif result.enum is None and "const" in value:
            result.enum, result.enum_node = [value["const"]], doc.child(part, "const")
        properties = value.get("properties")
        for name in properties if isinstance(properties, dict) else ():
            result.properties.setdefault(str(name), []).append(doc.child(part, "properties", name))
        result.required |= {str(n) for n in as_list(value.get("required")) if isinstance(n, (str, int))}
        if value.get("additionalProperties") is False or value.get("unevaluatedProperties") is False:
            result.closed = True
        if "items" in value:
            result.items.append(doc.child(part, "items"))
        if not result.description and isinstance(value.get("description"), str):
            result.description = value["description"]
        result.unit = result.unit or value.get("x-unit")
        result.format = result.format or value.get("format")
        if result.default is MISSING and "default" in value:
            result.default, result.default_node = value["default"], doc.child(part, "default")
        if result.clamped_minimum is None and value.get("x-clamped-minimum") is not None:
            result.clamped_minimum, result.clamped_node = value["x-clamped-minimum"], doc.child(part, "x-clamped-minimum")
        result.deprecated = result.deprecated or value.get("deprecated") is True
        result.minimum = _stricter(result.minimum, _bound(doc, part, "minimum", "exclusiveMinimum"), lower=True)
        result.maximum = _stricter(result.maximum, _bound(doc, part, "maximum", "exclusiveMaximum"), lower=False)
    for name, node in state.get("branch_properties", []):
        result.properties.setdefault(str(name), []).append(node)
    for union in state.get("unions", []):
        if "*" not in union:
            types = union if types is None else types & union
    if types is None and result.properties:
        types = {"object"}
    elif types is None and result.items:
        types = {"array"}
    if types is not None and state.get("null"):
        types = types | {"null"}
    result.types = frozenset(types) if types is not None else None
    return result


def _bound(doc: Document, part: Node, key: str, exclusive_key: str) -> Bound | None:
    value = part.value
    exclusive = value.get(exclusive_key)
    if _number(exclusive):  # 3.1: the exclusive bound is its own number
        return Bound(exclusive, True, doc.child(part, exclusive_key))
    if _number(value.get(key)):
        return Bound(value[key], exclusive is True, doc.child(part, key))
    return None


def _stricter(a: Bound | None, b: Bound | None, lower: bool) -> Bound | None:
    if a is None or b is None:
        return a or b
    if a.value != b.value:
        return a if (a.value > b.value) == lower else b
    return a if a.exclusive else b


def show_value(value) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # a YAML alias made the value contain itself
        return "<recursive value>"


def _key(value) -> str:
    try:
        return json.dumps(value, sort_keys=True, default=str)
    except (ValueError, TypeError):
        return f"<{type(value).__name__} {id(value)}>"


def enum_difference(canonical: list, other: list) -> tuple[list, list]:
    """(values only the canonical side lists, values only the other side lists), in document order."""
    canonical_keys, other_keys = {_key(v) for v in canonical}, {_key(v) for v in other}
    return [v for v in canonical if _key(v) not in other_keys], [v for v in other if _key(v) not in canonical_keys]


# -- units ----------------------------------------------------------------------
# Vocabulary for reading English descriptions; the units a field HAS come from `x-unit`.
_UNIT_WORDS = (
    (r"milli-?seconds?|millis|msecs?|ms", "ms"),
    (r"micro-?seconds?|usecs?|µs", "us"),
    (r"nano-?seconds?|nsecs?|ns", "ns"),
    (r"seconds?|secs?", "s"),
    (r"iso[ -]?8601|rfc[ -]?3339|date-time string", "date-time"),
)
UNIT_NAMES = {"ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds", "s": "seconds", "date-time": "date-time strings"}
_UNIT_RE = re.compile(r"\b(" + "|".join(f"(?P<u{i}>{words})" for i, (words, _) in enumerate(_UNIT_WORDS)) + r")\b", re.I)
_NEGATED = re.compile(r"\b(?:not|never|instead of|rather than|no longer)\b(?:\s+[\w-]+){0,2}\s*\(?$", re.I)
_TIMESTAMP_WORDS = re.compile(r"\b(?:unix|epoch|posix|timestamp)\b", re.I)


def stated_unit(schema: SchemaView) -> tuple[str | None, str]:
    """The unit a schema states: ('ms', 'x-unit'), ('s', 'description'), (None, 'ambiguous'|'unstated')."""
    if isinstance(schema.unit, str):
        return schema.unit, "x-unit"
    if schema.format == "date-time":
        return "date-time", "format"
    for match in _UNIT_RE.finditer(schema.description):
        if _NEGATED.search(schema.description[: match.start()]):
            continue
        index = next(i for i in range(len(_UNIT_WORDS)) if match.group(f"u{i}"))
        return _UNIT_WORDS[index][1], "description"
    return None, "ambiguous" if _TIMESTAMP_WORDS.search(schema.description) else "unstated"


# -- response bodies ------------------------------------------------------------
def _covers(other: frozenset, canonical: frozenset) -> bool:
    return all(t in other or (t == "integer" and "number" in other) for t in canonical)


def _types_text(types) -> str:
    return " or ".join(sorted(types))


class BodyComparison:
    """Walks a response body the server sends, reporting how the other document describes it."""

    def __init__(self, found, context: str):
        self.found = found
        self.context = context
        self.seen: set = found.compared

    def add(self, severity, kind, path, text, canonical_node, other_node, detail=""):
        subject = f"field {path}" if path else "the body"
        self.found.add(severity, kind, f"{self.context}: {subject} {text}", canonical_node, other_node, key=detail)

    def compare(self, canonical: SchemaView, other: SchemaView, path: str = "", depth: int = 0) -> None:
        key = (canonical.node.file, canonical.node.pointer, other.node.file, other.node.pointer)
        if depth > _MAX_DEPTH or key in self.seen:
            return
        self.seen.add(key)
        type_broken = False
        if canonical.types is not None and other.types is not None and canonical.types != other.types:
            if not _covers(other.types, canonical.types):
                type_broken = True
                self.add("breaking", "field-type", path, f"is {_types_text(canonical.types)}; the other document "
                         f"says {_types_text(other.types)}", canonical.node, other.node)
            elif not _covers(canonical.types, other.types):
                self.add("misleading", "field-type", path, f"is {_types_text(canonical.types)}; the other document "
                         f"also allows {_types_text(other.types - canonical.types)}", canonical.node, other.node)
        if canonical.enum is not None and other.enum is not None:
            missing, extra = enum_difference(canonical.enum, other.enum)
            for value in missing:
                self.add("breaking", "response-enum-missing", path, f"can be {show_value(value)}, which the other "
                         "document does not list", canonical.enum_node, other.enum_node, _key(value))
            for value in extra:
                self.add("misleading", "response-enum-extra", path, f"is never {show_value(value)}, which the other "
                         "document lists", canonical.enum_node, other.enum_node, _key(value))
        if canonical.unit and not type_broken:
            self._unit(canonical, other, path)
        if canonical.properties:
            self._properties(canonical, other, path, depth)
        if canonical.items and other.items:
            items = (view(self.found.canonical, canonical.items), view(self.found.other, other.items))
            self.compare(*items, f"{path}[]", depth + 1)

    def _unit(self, canonical: SchemaView, other: SchemaView, path: str) -> None:
        unit, source = stated_unit(other)
        wanted = UNIT_NAMES.get(canonical.unit, canonical.unit)
        if unit is not None and unit != canonical.unit:
            self.add("breaking", "unit", path, f"is in {wanted}; the other document's {source} says "
                     f"{UNIT_NAMES.get(unit, unit)}", canonical.node, other.node)
        elif source == "ambiguous":
            self.add("misleading", "unit-ambiguous", path, f"is in {wanted}; the other document calls it a timestamp "
                     "without a unit, which most readers take as seconds", canonical.node, other.node)
        elif source == "unstated":
            self.add("cosmetic", "unit-unstated", path, f"is in {wanted}; the other document does not say",
                     canonical.node, other.node)

    def _properties(self, canonical: SchemaView, other: SchemaView, path: str, depth: int) -> None:
        prefix = f"{path}." if path else ""
        for name, nodes in canonical.properties.items():
            field_path = f"{prefix}{name}"
            if name not in other.properties:
                if other.closed:
                    self.add("breaking", "field-missing", field_path, "is missing from the other document, which "
                             "forbids other fields", nodes[0], other.node)
                else:
                    self.add("misleading", "field-missing", field_path, "is missing from the other document",
                             nodes[0], other.node)
                continue
            other_nodes = other.properties[name]
            if name in other.required and name not in canonical.required:
                self.add("breaking", "field-required", field_path, "is not always sent; the other document marks "
                         "it required", nodes[0], other_nodes[0])
            elif name in canonical.required and name not in other.required:
                self.add("cosmetic", "field-required", field_path, "is always sent; the other document marks it "
                         "optional", nodes[0], other_nodes[0])
            canon_field, other_field = view(self.found.canonical, nodes), view(self.found.other, other_nodes)
            if canon_field.deprecated != other_field.deprecated:
                states = ["deprecated" if v.deprecated else "not deprecated" for v in (canon_field, other_field)]
                self.add("misleading", "deprecation", field_path, f"is {states[0]}; the other document says "
                         f"{states[1]}", nodes[0], other_nodes[0])
            self.compare(canon_field, other_field, field_path, depth + 1)
        for name, nodes in other.properties.items():
            if name in canonical.properties:
                continue
            if name in other.required:
                self.add("breaking", "field-extra", f"{prefix}{name}", "is required by the other document but never "
                         "sent", canonical.node, nodes[0])
            else:
                self.add("cosmetic", "field-extra", f"{prefix}{name}", "is described by the other document but is "
                         "not part of the profile", canonical.node, nodes[0])
