"""Erase TypeScript's type syntax so Node runs a sample, keeping every line and column.

This is what Node 22.6+ does with `--experimental-strip-types` (and the runner uses Node's
own when it has it): types become spaces, nothing is transformed. Syntax that needs a
transform (enums, namespaces, constructor parameter properties) raises `NotErasable`,
like Node's stripper, and the program is skipped with that note. Parsing uses the
tree-sitter TypeScript grammar the linter already loads.
"""

from __future__ import annotations

from checks.samples.parsers import parse

# Nodes that are only types: erased whole.
_ERASED = {
    "type_annotation", "type_parameters", "type_arguments", "interface_declaration", "type_alias_declaration",
    "ambient_declaration", "implements_clause", "abstract_method_signature", "function_signature",
    "accessibility_modifier", "index_signature", "omitting_type_annotation", "opting_type_annotation",
}  # fmt: skip
# Nodes whose expression stays and whose type tail goes: `x as T`, `x satisfies T`.
_TAILS = {"as_expression", "satisfies_expression"}
_KEYWORDS = {"readonly", "abstract", "declare", "override"}  # modifiers that only speak to the checker
_NOT_ERASABLE = {"enum_declaration": "an enum", "internal_module": "a namespace", "module": "a namespace",
                 "import_alias": "an `import x = require(...)`"}


class NotErasable(Exception):
    """The code uses TypeScript syntax that needs a transform, not just erasing."""


def _blank(data: bytearray, start: int, end: int) -> None:
    for index in range(start, end):
        if data[index] not in (0x0A, 0x0D):
            data[index] = 0x20


def _is_type_only(node) -> bool:
    """`import type ...`, `export type ...`, `export interface ...`."""
    if node.type == "import_statement":
        return any(child.type == "type" for child in node.children)
    if node.type == "export_statement":
        if any(child.type == "type" for child in node.children):
            return True
        declaration = node.child_by_field_name("declaration")
        return declaration is not None and declaration.type in ("interface_declaration", "type_alias_declaration")
    return False


def strip_types(code: str) -> str:
    """`code` with its TypeScript types replaced by spaces; NotErasable when that cannot work."""
    tree = parse(code, "typescript")
    data = bytearray(code.encode("utf-8"))
    if tree.root_node.has_error:
        raise NotErasable(f"line {_first_error_line(tree.root_node)}: does not parse as TypeScript")
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        line = node.start_point[0] + 1
        if node.type in _NOT_ERASABLE:
            raise NotErasable(f"line {line}: {_NOT_ERASABLE[node.type]} needs a transform, not just erasing types")
        if node.type == "required_parameter" and any(child.type == "accessibility_modifier" for child in node.children):
            raise NotErasable(f"line {line}: a constructor parameter property needs a transform")
        if node.type in _ERASED or _is_type_only(node):
            _blank(data, node.start_byte, node.end_byte)
            continue
        if node.type in _TAILS:
            _blank(data, node.named_children[0].end_byte, node.end_byte)
            stack.append(node.named_children[0])
            continue
        if node.type == "non_null_expression":
            _blank(data, node.end_byte - 1, node.end_byte)
        for child in node.children:
            if not child.is_named and (child.type in _KEYWORDS or (child.type == "?" and node.type in (
                    "optional_parameter", "public_field_definition", "property_signature"))):
                _blank(data, child.start_byte, child.end_byte)
        stack.extend(node.children)
    return data.decode("utf-8")


def _first_error_line(root) -> int:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            return node.start_point[0] + 1
        stack.extend(reversed(node.children))
    return root.start_point[0] + 1
