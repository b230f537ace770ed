"""Compare the parameters of one matched operation: presence, place, type, values, bounds, defaults.

Parameters are what a client sends, so "stricter" and "missing" on the other side break
clients, while "looser" and "extra" only mislead a reader (the server answers with an
error instead of doing what the reader expected).
"""

from __future__ import annotations

import re

from checks.apispec.diff_load import Document, Node, as_list
from checks.apispec.diff_schema import MISSING, Bound, SchemaView, enum_difference, show_value, view

_PATH_PARAMETER = re.compile(r"\{([^/}]+)\}")


def _gather(doc: Document, op_node: Node, item_node: Node) -> dict[str, Node]:
    """Parameters by name: the path item's, overridden by the operation's."""
    entries: dict[tuple, Node] = {}
    for owner in (item_node, op_node):
        params = doc.child(owner, "parameters")
        for index, _ in enumerate(as_list(params.value)):
            node = doc.deref(doc.child(params, index))
            if isinstance(node.get("name"), str):
                entries[(node.get("name"), str(node.get("in")))] = node
    by_name: dict[str, Node] = {}
    for (name, _), node in entries.items():
        by_name.setdefault(name, node)
    return by_name


def _schema(doc: Document, param: Node) -> Node | None:
    if param.get("schema") is not None:
        return doc.child(param, "schema")
    content = doc.child(param, "content")
    for media in content.mapping:
        schema = doc.child(content, media, "schema")
        if schema.value is not None:
            return schema
    return None


def compare_parameters(found, label: str, op, canonical_at: tuple[Node, Node], other_at: tuple[Node, Node],
                       other_path: str, auth_headers: set[str]) -> None:
    """Report every parameter difference of one operation (`*_at` = operation node, path-item node)."""
    canonical, other = found.canonical, found.other
    canon_params = _gather(canonical, *canonical_at)
    raw_other = _gather(other, *other_at)
    renames = dict(zip(_PATH_PARAMETER.findall(other_path), _PATH_PARAMETER.findall(op.path)))
    other_params: dict[str, Node] = {}
    for name, node in raw_other.items():
        if node.get("in") == "header" and name.lower() in auth_headers:
            continue  # credentials, compared by the auth check
        if node.get("in") == "path" and renames.get(name, name) != name:
            canon_name = renames[name]
            if canon_name in canon_params:
                found.add("cosmetic", "parameter-renamed", f"{label}: path parameter {canon_name} is called {name} "
                          "in the other document", canon_params[canon_name], node)
            name = canon_name
        other_params.setdefault(name, node)
    other_list = other.child(other_at[0], "parameters")
    for name, canon_node in canon_params.items():
        if name not in other_params:
            found.add("breaking", "parameter-missing", f"{label}: parameter {name} is missing from the other "
                      "document", canon_node, other_list if other_list.value is not None else other_at[0])
            continue
        _compare_one(found, f"{label}: parameter {name}", name, op, canon_node, other_params[name])
    canon_list = canonical.child(canonical_at[0], "parameters")
    for name, other_node in other_params.items():
        if name not in canon_params:
            found.add("misleading", "parameter-extra", f"{label}: the other document lists parameter {name}, which "
                      f"the {found.profile} server does not read", canon_list if canon_list.value is not None
                      else canonical_at[0], other_node)


def _compare_one(found, subject: str, name: str, op, canon_node: Node, other_node: Node) -> None:
    canon_in, other_in = canon_node.get("in"), other_node.get("in")
    if canon_in != other_in:
        found.add("breaking", "parameter-location", f"{subject} goes in the {canon_in}; the other document puts it "
                  f"in the {other_in}", canon_node, other_node)
    canon_required = canon_node.get("required") is True or canon_in == "path"
    other_required = other_node.get("required") is True or other_in == "path"
    if canon_required and not other_required:
        found.add("breaking", "parameter-required", f"{subject} is required; the other document calls it optional",
                  canon_node, other_node)
    elif other_required and not canon_required:
        found.add("misleading", "parameter-required", f"{subject} is optional; the other document requires it",
                  canon_node, other_node)
    canon_schema_node, other_schema_node = _schema(found.canonical, canon_node), _schema(found.other, other_node)
    if canon_schema_node is None or other_schema_node is None:
        return
    canon_schema, other_schema = view(found.canonical, canon_schema_node), view(found.other, other_schema_node)
    if (canon_node.get("deprecated") is True or canon_schema.deprecated) != (
            other_node.get("deprecated") is True or other_schema.deprecated):
        found.add("misleading", "deprecation", f"{subject} is deprecated on one side only", canon_node, other_node)
    canon_values = view(found.canonical, canon_schema.items) if canon_schema.is_array else canon_schema
    other_values = view(found.other, other_schema.items) if other_schema.is_array else other_schema
    _compare_types(found, subject, canon_schema, other_schema, canon_values, other_values)
    if canon_schema.is_array and other_schema.is_array:
        _compare_style(found, subject, canon_node, other_node)
    _compare_enum(found, subject, found.spec.wrong_dialect(name, op.operation_id), canon_values, other_values)
    _compare_bounds(found, subject, canon_values, other_values)
    _compare_default(found, subject, canon_schema, other_schema)


def _scalar_types(schema: SchemaView) -> set:
    types = set(schema.types or ()) - {"null"}
    return types | {"number"} if "integer" in types else types


def _compare_types(found, subject, canon_schema, other_schema, canon_values, other_values) -> None:
    if canon_values.types is None or other_values.types is None:
        return
    canon_types, other_types = _scalar_types(canon_values), _scalar_types(other_values)
    overlap = bool(canon_types & other_types)
    if canon_schema.is_array != other_schema.is_array:
        shapes = ["a list" if s.is_array else "a single value" for s in (canon_schema, other_schema)]
        found.add("misleading" if overlap else "breaking", "parameter-type", f"{subject} takes {shapes[0]}; the "
                  f"other document says {shapes[1]}", canon_schema.node, other_schema.node)
    elif set(canon_values.types) - {"null"} != set(other_values.types) - {"null"}:
        said = " or ".join(sorted(set(other_values.types) - {"null"}))
        found.add("misleading" if overlap else "breaking", "parameter-type", f"{subject} is "
                  f"{' or '.join(sorted(set(canon_values.types) - {'null'}))}; the other document says {said}",
                  canon_values.node, other_values.node)


def _serialisation(param: Node) -> tuple[str, bool]:
    style = param.get("style") or ("form" if param.get("in") in ("query", "cookie") else "simple")
    explode = param.get("explode")
    return style, explode if isinstance(explode, bool) else style == "form"


def _compare_style(found, subject, canon_node: Node, other_node: Node) -> None:
    canon, other = _serialisation(canon_node), _serialisation(other_node)
    if canon == other:
        return

    def spelled(style_explode):
        style, explode = style_explode
        if style == "form":
            return "repeated (x=a&x=b)" if explode else "one comma-separated value (x=a,b)"
        return f"style {style}, explode {str(explode).lower()}"

    found.add("breaking", "parameter-style", f"{subject} is sent as {spelled(canon)}; the other document says "
              f"{spelled(other)}", canon_node, other_node)


def _compare_enum(found, subject, wrong_dialect: dict, canon_values: SchemaView, other_values: SchemaView) -> None:
    if canon_values.enum is None:
        return
    if other_values.enum is None:
        found.add("cosmetic", "enum-unlisted", f"{subject} accepts only {', '.join(map(show_value, canon_values.enum))}; "
                  "the other document does not list the values", canon_values.enum_node, other_values.node)
        return
    missing, extra = enum_difference(canon_values.enum, other_values.enum)
    for value in missing:
        found.add("breaking", "enum-missing", f"{subject} accepts {show_value(value)}, which the other document does "
                  "not list", canon_values.enum_node, other_values.enum_node)
    for value in extra:
        right = wrong_dialect.get(value) if isinstance(value, str) else None
        hint = f" (the other dialect's spelling of {show_value(right)})" if right is not None else ""
        found.add("misleading", "enum-extra", f"{subject} does not accept {show_value(value)}{hint}, which the other "
                  "document lists; the server rejects it", canon_values.enum_node, other_values.enum_node)


def _compare_bounds(found, subject, canon_values: SchemaView, other_values: SchemaView) -> None:
    integer = canon_values.integer_only or other_values.integer_only
    for lower in (True, False):
        word = "minimum" if lower else "maximum"
        canon_bound: Bound | None = canon_values.minimum if lower else canon_values.maximum
        other_bound: Bound | None = other_values.minimum if lower else other_values.maximum
        if canon_bound is None and other_bound is None:
            continue
        canon_at = canon_bound.node if canon_bound else canon_values.node
        other_at = other_bound.node if other_bound else other_values.node
        if other_bound is None:
            found.add("misleading", "bounds-looser", f"{subject} has a {word} of {_shown(canon_bound)}; the other "
                      "document sets none", canon_at, other_at)
            continue
        other_value = other_bound.inclusive(integer, lower)
        if canon_bound is None:
            clamp = canon_values.clamped_minimum if lower else None
            if clamp is not None and other_value <= (clamp, False):
                found.add("cosmetic", "bounds-stricter", f"{subject} has no {word}: the server clamps values below "
                          f"{clamp} to {clamp}; the other document sets a {word} of {_shown(other_bound)}",
                          canon_values.clamped_node, other_at)
            else:
                found.add("breaking", "bounds-stricter", f"{subject} has no {word}; the other document sets "
                          f"{_shown(other_bound)}", canon_at, other_at)
            continue
        canon_value = canon_bound.inclusive(integer, lower)
        if canon_value == other_value:
            continue
        stricter = _tighter(other_value, canon_value, lower)
        found.add("breaking" if stricter else "misleading", "bounds-stricter" if stricter else "bounds-looser",
                  f"{subject} has a {word} of {_shown(canon_bound)}; the other document says {_shown(other_bound)}",
                  canon_at, other_at)


def _tighter(a: tuple[float, bool], b: tuple[float, bool], lower: bool) -> bool:
    """Whether bound `a` excludes more values than bound `b`."""
    if a[0] != b[0]:
        return a[0] > b[0] if lower else a[0] < b[0]
    return a[1] and not b[1]


def _shown(bound: Bound) -> str:
    value = int(bound.value) if float(bound.value).is_integer() else bound.value
    return f"{value} (exclusive)" if bound.exclusive else str(value)


def _compare_default(found, subject, canon_schema: SchemaView, other_schema: SchemaView) -> None:
    canon_default, other_default = canon_schema.default, other_schema.default
    if canon_default is MISSING and other_default is MISSING:
        return
    if canon_default is not MISSING and other_default is not MISSING and show_value(canon_default) == show_value(other_default):
        return
    said = "gives none" if other_default is MISSING else f"says {show_value(other_default)}"
    has = "has no default" if canon_default is MISSING else f"defaults to {show_value(canon_default)}"
    found.add("misleading", "default-differs", f"{subject} {has}; the other document {said}",
              canon_schema.default_node or canon_schema.node, other_schema.default_node or other_schema.node)
