"""Undefined names in a JavaScript/TypeScript sample: a tree-sitter scope walk.

Declarations are visible in their whole scope (function declarations are hoisted, and a
`let` used above its line is a runtime error docs rarely show), `var` goes to the
function scope. Type positions, property names, object keys and JSX attribute names
are not value uses; lowercase JSX tags are HTML elements.
"""

from __future__ import annotations

import functools

from checks.samples.globals import JS_FUNCTION_NAMES, JS_GLOBALS
from checks.samples.names import BlockNames, NameUse, first_uses
from checks.samples.parsing import parse_js

# Subtrees that only describe types (or re-state a name) and never use a value.
_TYPE_ONLY = frozenset(
    {
        "type_annotation",
        "type_arguments",
        "type_parameters",
        "interface_declaration",
        "type_alias_declaration",
        "implements_clause",
        "type_predicate_annotation",
        "asserts_annotation",
        "opting_type_annotation",
        "omitting_type_annotation",
        "adding_type_annotation",
        "index_signature",
        "property_signature",
        "method_signature",
        "abstract_method_signature",
        "jsx_closing_element",
        "comment",
        "regex",
    }
)
_FUNCTIONS = frozenset(
    {"function_expression", "function", "generator_function", "arrow_function", "method_definition"}
)
_FUNCTION_DECLARATIONS = frozenset({"function_declaration", "generator_function_declaration", "function_signature"})
_CLASSES = frozenset({"class_declaration", "abstract_class_declaration", "class"})


class _Scope:
    __slots__ = ("names", "parent", "is_function")

    def __init__(self, parent: "_Scope | None", is_function: bool):
        self.names: set[str] = set()
        self.parent = parent
        self.is_function = is_function

    def function_scope(self) -> "_Scope":
        scope = self
        while not scope.is_function and scope.parent is not None:
            scope = scope.parent
        return scope

    def resolves(self, name: str) -> bool:
        scope = self
        while scope is not None:
            if name in scope.names:
                return True
            scope = scope.parent
        return False


class _Walker:
    def __init__(self, source: bytes):
        self.source = source
        self.program = _Scope(None, True)
        self.uses: list[tuple[object, _Scope, bool]] = []  # (identifier node, scope, called)
        self.assigned: list[tuple[str, _Scope]] = []  # bare `x = ...` targets

    def text(self, node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    # --- values ---------------------------------------------------------------------

    def visit(self, node, scope: _Scope) -> None:
        kind = node.type
        if kind in _TYPE_ONLY:
            return
        if kind == "identifier":
            if not _is_typeof_operand(node):  # `typeof maybeDefined` is how JS feature-detects
                self.uses.append((node, scope, _is_called(node)))
        elif kind == "shorthand_property_identifier":  # `{ promptId }` reads promptId
            self.uses.append((node, scope, False))
        elif kind in ("lexical_declaration", "variable_declaration"):
            target = scope if kind == "lexical_declaration" else scope.function_scope()
            for declarator in node.named_children:
                if declarator.type == "variable_declarator":
                    self.bind(declarator.child_by_field_name("name"), target, scope)
                    self.visit_field(declarator, "value", scope)
        elif kind in _FUNCTION_DECLARATIONS:
            self.declare_name(node, scope)
            self.function(node, scope)
        elif kind in _FUNCTIONS:
            self.function(node, scope)
        elif kind in _CLASSES:
            self.klass(node, scope)
        elif kind == "statement_block":
            self.children(node, _Scope(scope, False))
        elif kind in ("for_statement", "for_in_statement"):
            self.loop(node, _Scope(scope, False))
        elif kind == "catch_clause":
            inner = _Scope(scope, False)
            parameter = node.child_by_field_name("parameter")
            if parameter is not None:
                self.bind(parameter, inner, inner)
            self.visit_field(node, "body", inner, reuse_block=True)
        elif kind == "import_statement":
            self.imports(node, scope)
        elif kind == "export_statement":
            if node.child_by_field_name("source") is None:  # `export { x } from "m"` re-exports
                self.children(node, scope)
        elif kind == "export_specifier":
            self.visit_field(node, "name", scope)
        elif kind in ("assignment_expression",):
            left = node.child_by_field_name("left")
            if left is not None and left.type in ("identifier", "object_pattern", "array_pattern"):
                self.assign(left, scope)
            elif left is not None:
                self.visit(left, scope)
            self.visit_field(node, "right", scope)
        elif kind in ("as_expression", "satisfies_expression"):
            if node.named_children:
                self.visit(node.named_children[0], scope)
        elif kind in ("jsx_opening_element", "jsx_self_closing_element"):
            self.jsx_element(node, scope)
        elif kind == "enum_declaration":
            self.declare_name(node, scope)
            self.visit_field(node, "body", scope)
        elif kind in ("internal_module", "module"):
            self.declare_name(node, scope)
            self.visit_field(node, "body", _Scope(scope, False), reuse_block=True)
        elif kind == "import_alias":  # TS `import x = A.B`
            names = node.named_children
            if names:
                scope.names.add(self.text(names[0]))
                for rest in names[1:]:
                    self.visit(rest, scope)
        elif kind in ("public_field_definition", "pair"):
            key = node.child_by_field_name("name") or node.child_by_field_name("key")
            for child in node.named_children:
                if child == key and child.type != "computed_property_name":
                    continue
                self.visit(child, scope)
        else:
            self.children(node, scope)

    def children(self, node, scope: _Scope) -> None:
        for child in node.named_children:
            self.visit(child, scope)

    def visit_field(self, node, field: str, scope: _Scope, reuse_block: bool = False) -> None:
        child = node.child_by_field_name(field)
        if child is None:
            return
        if reuse_block and child.type == "statement_block":
            self.children(child, scope)  # the body shares the scope its parameters live in
        else:
            self.visit(child, scope)

    # --- bindings -------------------------------------------------------------------

    def declare_name(self, node, scope: _Scope) -> None:
        name = node.child_by_field_name("name")
        if name is not None and name.type in ("identifier", "type_identifier"):
            scope.names.add(self.text(name))

    def bind(self, pattern, target: _Scope, scope: _Scope) -> None:
        """Declare every name a binding pattern introduces; default values are uses in `scope`."""
        if pattern is None:
            return
        kind = pattern.type
        if kind in ("identifier", "shorthand_property_identifier_pattern"):
            target.names.add(self.text(pattern))
        elif kind in ("object_pattern", "array_pattern", "rest_pattern"):
            for child in pattern.named_children:
                self.bind(child, target, scope)
        elif kind == "pair_pattern":
            key = pattern.child_by_field_name("key")
            if key is not None and key.type == "computed_property_name":
                self.visit(key, scope)
            self.bind(pattern.child_by_field_name("value"), target, scope)
        elif kind in ("assignment_pattern", "object_assignment_pattern"):
            self.bind(pattern.child_by_field_name("left"), target, scope)
            self.visit_field(pattern, "right", scope)
        elif kind in ("required_parameter", "optional_parameter"):
            self.bind(pattern.child_by_field_name("pattern"), target, scope)
            self.visit_field(pattern, "value", scope)
        elif kind in ("this", "comment") or kind in _TYPE_ONLY:
            return
        else:  # member expressions in destructuring assignments, decorators, ...
            self.visit(pattern, scope)

    def assign(self, target, scope: _Scope) -> None:
        """`x = 1` without a declaration: sloppy-mode JS creates a global, so it defines x."""
        if target.type == "identifier":
            self.assigned.append((self.text(target), scope))
            return
        holder = _Scope(None, True)
        self.bind(target, holder, scope)
        self.assigned.extend((name, scope) for name in holder.names)

    def function(self, node, outer: _Scope) -> None:
        inner = _Scope(outer, True)
        if node.type in ("function_expression", "function", "generator_function"):
            self.declare_name(node, inner)  # a named function expression sees its own name
        name = node.child_by_field_name("name")
        if node.type == "method_definition" and name is not None and name.type == "computed_property_name":
            self.visit(name, outer)
        single = node.child_by_field_name("parameter")
        if single is not None:
            self.bind(single, inner, inner)
        parameters = node.child_by_field_name("parameters")
        if parameters is not None:
            for parameter in parameters.named_children:
                self.bind(parameter, inner, inner)
        for decorator in (c for c in node.named_children if c.type == "decorator"):
            self.visit(decorator, outer)
        self.visit_field(node, "body", inner, reuse_block=True)

    def klass(self, node, scope: _Scope) -> None:
        inner = _Scope(scope, False)
        self.declare_name(node, scope if node.type != "class" else inner)
        for child in node.named_children:
            if child.type == "class_heritage":
                for clause in child.named_children:
                    if clause.type == "extends_clause":
                        for value in clause.children_by_field_name("value"):
                            self.visit(value, scope)
                    elif clause.type not in _TYPE_ONLY:  # plain JS: `extends Base` directly
                        self.visit(clause, scope)
            elif child.type in ("class_body", "decorator"):
                self.visit(child, inner)

    def loop(self, node, inner: _Scope) -> None:
        if node.type == "for_in_statement":
            left = node.child_by_field_name("left")
            kind = node.child_by_field_name("kind")
            if kind is not None:
                target = inner.function_scope() if self.text(kind) == "var" else inner
                self.bind(left, target, inner)
            elif left is not None:
                self.assign(left, inner)
            self.visit_field(node, "right", inner)
            self.visit_field(node, "body", inner, reuse_block=True)
            return
        for child in node.named_children:
            if child.type == "statement_block":
                self.children(child, inner)
            else:
                self.visit(child, inner)

    def imports(self, node, scope: _Scope) -> None:
        for clause in node.named_children:
            if clause.type == "import_clause":
                for part in clause.named_children:
                    if part.type == "identifier":
                        scope.names.add(self.text(part))
                    elif part.type == "namespace_import":
                        for name in part.named_children:
                            scope.names.add(self.text(name))
                    elif part.type == "named_imports":
                        for specifier in part.named_children:
                            local = specifier.child_by_field_name("alias") or specifier.child_by_field_name("name")
                            if local is not None:
                                scope.names.add(self.text(local))
            elif clause.type == "import_require_clause":
                names = [c for c in clause.named_children if c.type == "identifier"]
                if names:
                    scope.names.add(self.text(names[0]))

    def jsx_element(self, node, scope: _Scope) -> None:
        name = node.child_by_field_name("name")
        for child in node.named_children:
            if child == name:
                if child.type == "identifier" and self.text(child)[:1].isupper():
                    self.uses.append((child, scope, True))
                elif child.type == "member_expression":
                    self.visit(child, scope)
            else:
                self.visit(child, scope)


def _is_typeof_operand(node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "unary_expression" and parent.children[0].type == "typeof"


def _is_called(node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "call_expression":
        return parent.child_by_field_name("function") == node
    if parent.type == "new_expression":
        return parent.child_by_field_name("constructor") == node
    return False


# A script grammar reads top-level `await (x)` as a call of a function named `await`; samples
# are modules, where it is the keyword.
_KEYWORDS_READ_AS_NAMES = frozenset({"await", "yield"})


@functools.lru_cache(maxsize=4096)
def _analyse(code: str, grammar: str) -> BlockNames:
    """Every use no scope of the block resolves (globals aside) and its top-level names."""
    parsed = parse_js(code, grammar)
    walker = _Walker(parsed.source)
    walker.children(parsed.tree.root_node, walker.program)
    for name, scope in walker.assigned:
        if not scope.resolves(name) and name not in JS_GLOBALS:
            walker.program.names.add(name)
    defined = frozenset(walker.program.names)
    if not parsed.ok:
        return BlockNames((), defined, False)
    uses = []
    for node, scope, called in walker.uses:
        name = walker.text(node)
        if name in JS_GLOBALS or scope.resolves(name) or name in _KEYWORDS_READ_AS_NAMES:
            continue
        if name in JS_FUNCTION_NAMES and scope.function_scope() is not walker.program:
            continue
        line, column = parsed.fragment.origin_of_byte(node.start_byte)
        uses.append(NameUse(name, line, column, called))
    return BlockNames(tuple(uses), defined, True)


def js_names(
    code: str, grammar: str, predefined: frozenset[str] = frozenset(), known_globals: frozenset[str] = frozenset()
) -> BlockNames:
    """Names `code` uses but never declares; `predefined` are earlier blocks' top-level names."""
    names = _analyse(code, grammar)
    outside = predefined | known_globals
    return BlockNames(first_uses(u for u in names.undefined if u.name not in outside), names.defined, names.parsed)
