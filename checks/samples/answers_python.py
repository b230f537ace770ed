"""Follow a request's answer through a Python sample to the literals it is compared with."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from checks.apispec.legacy import ANY_KEY
from checks.samples.answers import AnswerComparison, Value, request_at
from checks.samples.literals_python import parse_fragment

_JSON_LOADERS = ("json.load", "json.loads", "load", "loads")
_OPENERS = ("urlopen", "urllib.request.urlopen", "request.urlopen")


@dataclass(frozen=True)
class _Origin:
    """What an expression holds: a request object, its response, or part of its JSON answer."""

    request: object
    kind: str  # "request" | "response" | "json"
    field: tuple = ()

    def down(self, key: str) -> "_Origin":
        return _Origin(self.request, "json", (*self.field, key))


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return ""


def _key(node) -> str:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ANY_KEY


class _Flow:
    def __init__(self, code: str, shift: int, block, requests):
        self.lines = code.split("\n")
        self.shift = shift
        self.block = block
        self.requests = requests
        self.env: dict[str, _Origin] = {}
        self.functions: dict[str, _Origin] = {}
        self.collections: dict[str, tuple] = {}  # name -> literal strings it was bound to
        self.found: list[AnswerComparison] = []

    def pos(self, node) -> tuple[int, int]:
        row = node.lineno - self.shift
        if not 1 <= row <= len(self.lines):
            return max(1, min(row, len(self.lines))), 1
        raw = self.lines[row - 1].encode("utf-8")
        return row, len(raw[: node.col_offset].decode("utf-8", errors="replace")) + 1

    # -- what an expression holds --------------------------------------------------------
    def origin(self, node) -> _Origin | None:
        if isinstance(node, ast.Await):
            return self.origin(node.value)
        if isinstance(node, ast.Name):
            return self.env.get(node.id)
        if isinstance(node, ast.Subscript):
            inner = self.origin(node.value)
            return inner.down(_key(node.slice)) if inner is not None and inner.kind == "json" else None
        if isinstance(node, ast.Call):
            return self.call_origin(node)
        return None

    def call_origin(self, node: ast.Call) -> _Origin | None:
        if node.args:
            request = request_at(self.requests, self.block, *self.pos(node.args[0]))
            if request is not None:
                callee = _dotted(node.func)
                return _Origin(request, "request" if callee.endswith("Request") else "response")
        callee = _dotted(node.func)
        if callee in self.functions:
            return self.functions[callee]
        if isinstance(node.func, ast.Attribute):
            inner = self.origin(node.func.value)
            if inner is not None:
                if node.func.attr == "json" and inner.kind == "response":
                    return _Origin(inner.request, "json")
                if node.func.attr == "get" and inner.kind == "json" and node.args:
                    return inner.down(_key(node.args[0]))
                if node.func.attr == "read" and inner.kind == "response":
                    return inner
        if callee in _OPENERS or callee.endswith(".urlopen"):
            inner = self.origin(node.args[0]) if node.args else None
            return _Origin(inner.request, "response") if inner is not None else None
        if callee in _JSON_LOADERS and node.args:
            inner = self.origin(node.args[0])
            return _Origin(inner.request, "json") if inner is not None and inner.kind == "response" else None
        return None

    # -- literals ------------------------------------------------------------------------
    def literals(self, node) -> tuple:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return (Value(node.value, *self.pos(node)),)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = [self.literals(item) for item in node.elts]
            return tuple(v for item in items for v in item) if all(items) else ()
        if isinstance(node, ast.Name):
            return self.collections.get(node.id, ())
        return ()

    def compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for (left, right), op in zip(zip(operands, operands[1:]), node.ops):
            pairs = [(left, right)] if isinstance(op, (ast.In, ast.NotIn)) else [(left, right), (right, left)]
            for subject, other in pairs:
                origin = self.origin(subject)
                if origin is not None and origin.kind == "json" and origin.field:
                    values = self.literals(other)
                    if values:
                        self.found.append(AnswerComparison(origin.request, origin.field, values))

    # -- statements ----------------------------------------------------------------------
    def bind(self, target, value) -> None:
        if isinstance(target, ast.Name):
            origin = self.origin(value)
            if origin is not None:
                self.env[target.id] = origin
            else:
                self.env.pop(target.id, None)
            values = self.literals(value) if isinstance(value, (ast.Tuple, ast.List, ast.Set)) else ()
            if values:
                self.collections[target.id] = values

    def run(self, statements) -> None:
        for statement in statements:
            self.statement(statement)

    def statement(self, node) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            outer = dict(self.env)
            for argument in node.args.args:
                self.env.pop(argument.arg, None)
            returned = []
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    returned.append(inner)
            self.run(node.body)
            for inner in returned:
                origin = self.origin(inner.value)
                if origin is not None:
                    self.functions[node.name] = origin
                    break
            self.env = outer
            return
        if isinstance(node, ast.Assign):
            self.expressions(node.value)
            for target in node.targets:
                self.bind(target, node.value)
            return
        if isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
            self.expressions(node.value)
            self.bind(node.target, node.value)
            return
        if isinstance(node, (ast.For, ast.AsyncFor)):
            self.expressions(node.iter)
            origin = self.origin(node.iter)
            if isinstance(node.target, ast.Name) and origin is not None and origin.kind == "json":
                self.env[node.target.id] = origin.down(ANY_KEY)
            self.run(node.body)
            self.run(node.orelse)
            return
        if isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self.expressions(item.context_expr)
                if isinstance(item.optional_vars, ast.Name):
                    self.bind(item.optional_vars, item.context_expr)
            self.run(node.body)
            return
        if isinstance(node, ast.Match):
            self.expressions(node.subject)
            origin = self.origin(node.subject)
            if origin is not None and origin.kind == "json" and origin.field:
                values = tuple(v for case in node.cases for v in self.case_values(case.pattern))
                if values:
                    self.found.append(AnswerComparison(origin.request, origin.field, values))
            for case in node.cases:
                self.run(case.body)
            return
        for field in ("test", "value"):
            child = getattr(node, field, None)
            if isinstance(child, ast.AST):
                self.expressions(child)
        for field in ("body", "orelse", "finalbody"):
            children = getattr(node, field, None)
            if isinstance(children, list):
                self.run(children)
        for handler in getattr(node, "handlers", None) or ():
            self.run(handler.body)

    def case_values(self, pattern) -> tuple:
        if isinstance(pattern, ast.MatchValue):
            return self.literals(pattern.value)
        if isinstance(pattern, ast.MatchOr):
            return tuple(v for p in pattern.patterns for v in self.case_values(p))
        return ()

    def expressions(self, node) -> None:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Compare):
                self.compare(inner)


def comparisons(block, requests) -> list[AnswerComparison]:
    tree, shift = parse_fragment(block.code)
    if tree is None:
        return []
    flow = _Flow(block.code, shift, block, requests)
    body = tree.body
    if shift and body and isinstance(body[0], ast.If):
        body = body[0].body  # an indented excerpt parsed under `if 1:`
    flow.run(body)
    return flow.found
