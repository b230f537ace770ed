"""Follow a request's answer through a JS/TS sample to the literals it is compared with."""

from __future__ import annotations

from dataclasses import dataclass

from checks.apispec.legacy import ANY_KEY
from checks.samples.answers import AnswerComparison, Value, request_at
from checks.samples.parsers import grammar_of, parse

_EQUALITY = ("===", "==", "!==", "!=")
_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition", "function")


@dataclass(frozen=True)
class _Origin:
    request: object
    kind: str  # "response" | "json"
    field: tuple = ()

    def down(self, key: str) -> "_Origin":
        return _Origin(self.request, "json", (*self.field, key))


def _text(node) -> str:
    return node.text.decode("utf-8", errors="replace")


def _string(node) -> str | None:
    if node is not None and node.type == "string":
        return "".join(_text(c) for c in node.named_children if c.type == "string_fragment")
    if node is not None and node.type == "template_string" and not any(c.type == "template_substitution" for c in node.children):
        return _text(node)[1:-1]
    return None


def _is_await_call(node) -> bool:
    """`await (x)` outside an async function parses as a call of a function named `await`."""
    if node.type != "call_expression":
        return False
    callee, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    return callee is not None and callee.type == "identifier" and _text(callee) == "await" \
        and arguments is not None and len(arguments.named_children) == 1


def _unwrap(node):
    while node is not None and (node.type in ("parenthesized_expression", "await_expression", "non_null_expression",
                                              "as_expression", "satisfies_expression") or _is_await_call(node)):
        if node.type == "call_expression":
            node = node.child_by_field_name("arguments").named_children[0]
        else:
            node = next((c for c in node.named_children if c.type != "comment"), None)
    return node


class _Flow:
    def __init__(self, code: str, block, requests):
        self.lines = code.split("\n")
        self.block = block
        self.requests = requests
        self.env: dict[str, _Origin] = {}
        self.functions: dict[str, _Origin] = {}
        self.collections: dict[str, tuple] = {}
        self.found: list[AnswerComparison] = []

    def pos(self, node) -> tuple[int, int]:
        row, column = node.start_point
        if not 0 <= row < len(self.lines):
            return max(1, min(row + 1, len(self.lines))), 1
        raw = self.lines[row].encode("utf-8")
        return row + 1, len(raw[:column].decode("utf-8", errors="replace")) + 1

    # -- what an expression holds --------------------------------------------------------
    def origin(self, node) -> _Origin | None:
        node = _unwrap(node)
        if node is None:
            return None
        if node.type == "identifier":
            return self.env.get(_text(node))
        if node.type == "member_expression":
            inner = self.origin(node.child_by_field_name("object"))
            prop = node.child_by_field_name("property")
            return inner.down(_text(prop)) if inner is not None and inner.kind == "json" and prop is not None else None
        if node.type == "subscript_expression":
            inner = self.origin(node.child_by_field_name("object"))
            index = node.child_by_field_name("index")
            key = _string(index) or ANY_KEY
            return inner.down(key) if inner is not None and inner.kind == "json" else None
        if node.type == "call_expression":
            return self.call_origin(node)
        return None

    def call_origin(self, node) -> _Origin | None:
        callee = node.child_by_field_name("function")
        arguments = [c for c in (node.child_by_field_name("arguments").named_children
                                 if node.child_by_field_name("arguments") else ()) if c.type != "comment"]
        if arguments:
            request = request_at(self.requests, self.block, *self.pos(arguments[0]))
            if request is not None:
                return _Origin(request, "response")
        if callee is not None and callee.type == "identifier" and _text(callee) in self.functions:
            return self.functions[_text(callee)]
        if callee is not None and callee.type == "member_expression":
            inner = self.origin(callee.child_by_field_name("object"))
            method = _text(callee.child_by_field_name("property"))
            if inner is None:
                return None
            if method == "json" and inner.kind == "response":
                return _Origin(inner.request, "json")
            if method == "then" and arguments and arguments[0].type == "arrow_function":
                body = _unwrap(arguments[0].child_by_field_name("body"))
                if body is not None and body.type == "call_expression":
                    inner_callee = body.child_by_field_name("function")
                    if inner_callee is not None and inner_callee.type == "member_expression" \
                            and _text(inner_callee.child_by_field_name("property")) == "json":
                        return _Origin(inner.request, "json")
                return inner
        return None

    # -- literals ------------------------------------------------------------------------
    def literals(self, node) -> tuple:
        node = _unwrap(node)
        if node is None:
            return ()
        text = _string(node)
        if text is not None:
            return (Value(text, *self.pos(node)),)
        if node.type == "array":
            items = [self.literals(item) for item in node.named_children if item.type != "comment"]
            return tuple(v for item in items for v in item) if items and all(items) else ()
        if node.type == "new_expression" and _text(node.child_by_field_name("constructor") or node) == "Set":
            arguments = node.child_by_field_name("arguments")
            return self.literals(arguments.named_children[0]) if arguments and arguments.named_children else ()
        if node.type == "identifier":
            return self.collections.get(_text(node), ())
        return ()

    def record(self, subject, values_node) -> None:
        origin = self.origin(subject)
        if origin is not None and origin.kind == "json" and origin.field:
            values = self.literals(values_node)
            if values:
                self.found.append(AnswerComparison(origin.request, origin.field, values))

    # -- the walk ------------------------------------------------------------------------
    def bind(self, name_node, value) -> None:
        value = value if value is None else value
        if name_node.type == "identifier":
            name = _text(name_node)
            origin = self.origin(value)
            if origin is not None:
                self.env[name] = origin
            else:
                self.env.pop(name, None)
            values = self.literals(value) if _unwrap(value) is not None and _unwrap(value).type in ("array", "new_expression") else ()
            if values:
                self.collections[name] = values
        elif name_node.type == "object_pattern":
            origin = self.origin(value)
            if origin is None or origin.kind != "json":
                return
            for part in name_node.named_children:
                if part.type == "shorthand_property_identifier_pattern":
                    self.env[_text(part)] = origin.down(_text(part))
                elif part.type == "pair_pattern":
                    key, target = part.child_by_field_name("key"), part.child_by_field_name("value")
                    if key is not None and target is not None and target.type == "identifier":
                        self.env[_text(target)] = origin.down(_string(key) or _text(key))

    def function(self, node, name: str | None) -> None:
        outer = dict(self.env)
        parameters = node.child_by_field_name("parameters")
        for parameter in (parameters.named_children if parameters else ()):
            self.env.pop(_text(parameter), None)
        body = node.child_by_field_name("body")
        if body is not None:
            self.walk(body)
            returned = [body] if body.type != "statement_block" else self.returns(body)
            for value in returned:
                origin = self.origin(value)
                if origin is not None and name:
                    self.functions[name] = origin
                    break
        self.env = outer

    def returns(self, node) -> list:
        found = []
        for child in node.named_children:
            if child.type == "return_statement" and child.named_children:
                found.append(child.named_children[0])
            elif child.type not in _FUNCTIONS:
                found += self.returns(child)
        return found

    def walk(self, node) -> None:
        kind = node.type
        if kind in ("function_declaration", "method_definition"):
            name = node.child_by_field_name("name")
            self.function(node, _text(name) if name is not None else None)
            return
        if kind == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if value is not None and _unwrap(value) is not None and _unwrap(value).type in ("arrow_function", "function_expression", "function"):
                self.function(_unwrap(value), _text(name) if name is not None and name.type == "identifier" else None)
                return
            if value is not None:
                self.walk(value)
                if name is not None:
                    self.bind(name, value)
            return
        if kind == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if right is not None:
                self.walk(right)
                if left is not None:
                    self.bind(left, right)
            return
        if kind in ("for_in_statement",) and _text(node).lstrip().startswith("for") and " of " in _text(node)[:200]:
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            origin = self.origin(right)
            if left is not None and origin is not None and origin.kind == "json":
                target = left if left.type == "identifier" else next((c for c in left.named_children if c.type == "identifier"), None)
                if target is not None:
                    self.env[_text(target)] = origin.down(ANY_KEY)
        if kind == "binary_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and _text(operator) in _EQUALITY:
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                self.record(left, right)
                self.record(right, left)
        if kind == "call_expression":
            callee = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if callee is not None and callee.type == "member_expression" and arguments is not None and arguments.named_children \
                    and _text(callee.child_by_field_name("property")) in ("includes", "has"):
                self.record(arguments.named_children[0], callee.child_by_field_name("object"))
        if kind == "switch_statement":
            subject = node.child_by_field_name("value")
            body = node.child_by_field_name("body")
            cases = [c.child_by_field_name("value") for c in (body.named_children if body else ()) if c.type == "switch_case"]
            origin = self.origin(subject)
            values = tuple(v for case in cases if case is not None for v in self.literals(case))
            if origin is not None and origin.kind == "json" and origin.field and values:
                self.found.append(AnswerComparison(origin.request, origin.field, values))
        for child in node.named_children:
            self.walk(child)


def comparisons(block, requests) -> list[AnswerComparison]:
    grammar = grammar_of(block.language) or "javascript"
    tree = parse(block.code, grammar)
    if tree.root_node.has_error and grammar == "javascript":
        typed = parse(block.code, "typescript")
        tree = typed if not typed.root_node.has_error else tree
    flow = _Flow(block.code, block, requests)
    flow.walk(tree.root_node)
    return flow.found
