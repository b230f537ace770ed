"""Read Python blocks into `BlockValues` with `ast`, scanning string tokens for exact positions.

Docs samples are often fragments: REPL prompts are stripped in place (columns kept by
blanking them), and a line that still does not parse is blanked and the parse retried.
"""

from __future__ import annotations

import ast
import re

from checks.samples.literals import (
    HOLE, PARAMS_NAMES, Arr, BlockValues, Call, Entry, LiteralUnion, Num, Obj, Other, Str, as_str, concat, hole,
    query_string, without_positions,
)
from checks.samples.literals_pystrings import brace_format, percent_format, scan_strings

_PROMPT = re.compile(r"^(\s*)(>>>|\.\.\.)( |$)")
_METHOD_CALLS = ("urlencode",)


def _blank_prompts(code: str) -> str:
    """`>>> x = 1` -> `    x = 1` (same columns) in a REPL session; printed output lines are dropped."""
    lines = code.split("\n")
    if not any(line.lstrip().startswith(">>>") for line in lines):
        return code
    out = []
    for line in lines:
        match = _PROMPT.match(line)
        if match:
            out.append(match.group(1) + " " * (len(match.group(2)) + len(match.group(3))) + line[match.end():])
        else:
            out.append("")
    return "\n".join(out)


def parse_fragment(code: str, attempts: int = 8):
    """(`ast.Module`, line shift) for `code`, blanking unparsable lines; (None, 0) if hopeless.

    An indented excerpt is parsed under an `if 1:` line so its columns stay as written.
    """
    lines = _blank_prompts(code).split("\n")
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    shift = 1 if indents and min(indents) > 0 else 0
    flags = ast.PyCF_ONLY_AST | getattr(ast, "PyCF_ALLOW_TOP_LEVEL_AWAIT", 0)
    for _ in range(attempts):
        text = "\n".join(lines)
        try:
            return compile(("if 1:\n" if shift else "") + text, "<block>", "exec", flags), shift
        except SyntaxError as exc:
            line = (exc.lineno or 0) - shift
            if not 1 <= line <= len(lines) or not lines[line - 1].strip():
                # reported on a blank or missing line: blank the last written line before it
                before = [i for i in range(min(max(line, 1), len(lines)) - 1, -1, -1) if lines[i].strip()]
                if not before:
                    return None, 0
                line = before[0] + 1
            lines[line - 1] = ""
        except (ValueError, RecursionError, MemoryError):
            return None, 0
    return None, 0


def read(code: str, names: dict) -> BlockValues:
    tree, shift = parse_fragment(code)
    if tree is None:
        return BlockValues("python", parsed=False)
    return _Reader(code, names, shift).run(tree)


class _Reader:
    def __init__(self, code: str, names: dict, shift: int):
        self.lines = code.split("\n")
        self.ascii = [line.isascii() for line in self.lines]
        self.shift = shift
        self.foreign = dict(names)
        self.env: dict = {}
        self.decorators: set = set()
        self.out = BlockValues("python")

    def pos(self, lineno: int, col_offset: int) -> tuple[int, int]:
        row = lineno - self.shift
        if not 1 <= row <= len(self.lines):
            return (max(1, min(row, len(self.lines))), 1)
        if self.ascii[row - 1]:
            return (row, col_offset + 1)
        raw = self.lines[row - 1].encode("utf-8")
        return (row, len(raw[:col_offset].decode("utf-8", errors="replace")) + 1)

    def span(self, node):
        return self.pos(node.lineno, node.col_offset), self.pos(node.end_lineno, node.end_col_offset)

    def source(self, node) -> str:
        (l1, c1), (l2, c2) = self.span(node)
        if l1 == l2:
            return self.lines[l1 - 1][c1 - 1 : c2 - 1]
        chunk = [self.lines[l1 - 1][c1 - 1 :], *self.lines[l1 : l2 - 1], self.lines[l2 - 1][: c2 - 1]]
        return "\n".join(chunk)

    # -- values -----------------------------------------------------------
    def string(self, node) -> Str:
        start, end = self.span(node)
        source = self.source(node)
        if isinstance(node, ast.Constant) and start[0] == end[0] and "\\" not in source:
            quote = source[-1:]
            opening = source.find(quote)
            if quote in "'\"" and 0 <= opening <= 2 and source[opening:-1].count(quote) == 1 \
                    and source[opening + 1 : -1] == node.value:
                return Str(node.value, tuple((start[0], start[1] + opening + 1 + i) for i in range(len(node.value))),
                           start, end)
        parts = scan_strings(source, start)
        if not parts:
            return hole(source, start, end)
        return self.fill(concat(parts, start, end))

    def fill(self, value: Str) -> Str:
        """Put the values of known names into an f-string's `{name}` holes."""
        if not value.holes or not any(h in self.env or h in self.foreign for h in value.holes):
            return value
        parts, index = [], 0
        for i, ch in enumerate(value.text):
            if ch != HOLE:
                parts.append(value.slice(i, i + 1))
                continue
            name = value.holes[index]
            index += 1
            at = value.at(i)
            known = self.env.get(name)
            if known is None and name in self.foreign:
                known = without_positions(self.foreign[name], at, at)
            parts.append(as_str(known) if isinstance(known, (Str, Num)) else hole(name, at, at))
        return concat(parts, value.start, value.end)

    def value(self, node):
        start, end = self.span(node)
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return self.string(node)
            if isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
                return Num(self.source(node), start, end)
        if isinstance(node, ast.JoinedStr):
            return self.string(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)) \
                and isinstance(node.operand, ast.Constant) and isinstance(node.operand.value, (int, float)):
            return Num(self.source(node), start, end)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            if isinstance(left, Str) or isinstance(right, Str):
                return concat([as_str(left), as_str(right)], start, end)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            left = self.value(node.left)
            if isinstance(left, Str):
                return percent_format(left)
        if isinstance(node, ast.Name):
            if node.id in self.env:
                return self.env[node.id]
            if node.id in self.foreign:
                return without_positions(self.foreign[node.id], start, end)
        if isinstance(node, ast.Dict):
            return self.dict(node)
        if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
            return Arr(tuple(self.value(item) for item in node.elts), start, end)
        if isinstance(node, ast.Await):
            return self.value(node.value)
        if isinstance(node, ast.Call):
            return self.call_value(node, start, end)
        return Other(" ".join(self.source(node).split()), start, end)

    def call_value(self, node, start, end):
        callee = _dotted(node.func)
        args = [self.value(a) for a in node.args]
        if callee == "dict" and not args:
            return self.kwargs(node, "", None) or Obj((), start, end)
        if callee.rsplit(".", 1)[-1] in _METHOD_CALLS and args and isinstance(args[0], Obj):
            return query_string(Obj(args[0].entries, args[0].start, args[0].end, "params"))
        if callee in ("str", "quote", "urllib.parse.quote", "parse.quote") and args and isinstance(args[0], Str):
            return args[0]
        method = node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if method == "format":
            base = self.value(node.func.value)
            if isinstance(base, Str):
                named = {k.arg: self.value(k.value) for k in node.keywords if k.arg}
                return brace_format(base, args, named)
        if method == "rstrip":
            base = self.value(node.func.value)
            if isinstance(base, Str):
                return base.slice(0, len(base.text.rstrip("/")))
        return Other(" ".join(self.source(node).split()), start, end)

    def dict(self, node, context: str = "", owner: str | None = None) -> Obj:
        entries = []
        for key, value in zip(node.keys, node.values):
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                entries.append(Entry(key.value, self.span(key)[0], self.value(value)))
        start, end = self.span(node)
        return Obj(tuple(entries), start, end, context, owner)

    def kwargs(self, call, context: str, owner: str | None) -> Obj | None:
        entries = tuple(Entry(k.arg, self.pos(k.lineno, k.col_offset), self.value(k.value))
                        for k in call.keywords if k.arg)
        if not entries:
            return None
        start, end = self.span(call)
        return Obj(entries, start, end, context, owner)

    # -- the walk ---------------------------------------------------------
    def run(self, tree) -> BlockValues:
        self.walk(tree, None)
        self.out.names = dict(self.env)
        return self.out

    def walk(self, node, parent) -> None:
        self.visit(node, parent)
        for child in ast.iter_child_nodes(node):
            self.walk(child, node)

    def visit(self, node, parent) -> None:
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                self.out.docstrings.append(self.string(first.value))
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            self.bind(node.targets[0].id, node.value)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Subscript):
            self.item(node.targets[0], node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            self.literal_unions(node.annotation, node.target.id)
            if node.value is not None:
                self.bind(node.target.id, node.value)
        elif isinstance(node, ast.arg) and node.annotation is not None:
            self.literal_unions(node.annotation, node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            self.defaults(node)
            self.decorators.update(id(d) for d in node.decorator_list)  # `@routes.get("/jobs")` serves, not sends
        elif isinstance(node, ast.Call) and id(node) not in self.decorators:
            self.call(node)
        elif isinstance(node, ast.Dict) and not isinstance(parent, (ast.Dict, ast.List, ast.Tuple)):
            owner = None
            context = ""
            if isinstance(parent, ast.Assign) and len(parent.targets) == 1 and isinstance(parent.targets[0], ast.Name):
                owner = parent.targets[0].id
            elif isinstance(parent, ast.keyword):
                owner = parent.arg
                context = "params" if parent.arg == "params" else ""
            self.out.objects.append(self.dict(node, context, owner))
        elif isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)) and not _inside_string(node, parent):
            value = self.value(node)
            if isinstance(value, Str):
                self.out.strings.append(value)

    def bind(self, name: str, value_node) -> None:
        value = self.value(value_node)
        if isinstance(value, Obj):
            value = Obj(value.entries, value.start, value.end, value.context, name)
        self.env[name] = value
        if isinstance(value, Str) and isinstance(value_node, ast.Call):
            self.out.strings.append(value)
        if isinstance(value_node, ast.Subscript) and _is_literal(value_node.value):
            self.literal_unions(value_node, name)

    def item(self, target, value_node) -> None:
        """`params["sort_by"] = "created_at"` on a params dict."""
        key = target.slice
        if isinstance(target.value, ast.Name) and isinstance(key, ast.Constant) and isinstance(key.value, str):
            holder = self.env.get(target.value.id)
            if target.value.id.lower() in PARAMS_NAMES or (isinstance(holder, Obj) and holder.context == "params"):
                self.out.param_sets.append((self.string(key), self.value(value_node)))

    def call(self, node) -> None:
        start, end = self.span(node)
        callee = _dotted(node.func)
        kwargs = self.kwargs(node, "kwargs", callee)
        args = tuple(self.value(a) for a in node.args)
        self.out.calls.append(Call(callee, args, kwargs, start, end))
        if kwargs is not None and callee not in ("dict",):
            self.out.objects.append(kwargs)
        if callee == "dict" and kwargs is not None:
            self.out.objects.append(Obj(kwargs.entries, start, end, "", None))

    def defaults(self, node) -> None:
        arguments = node.args
        positional = [*arguments.posonlyargs, *arguments.args]
        pairs = list(zip(positional[len(positional) - len(arguments.defaults):], arguments.defaults))
        pairs += [(a, d) for a, d in zip(arguments.kwonlyargs, arguments.kw_defaults) if d is not None]
        entries = tuple(Entry(a.arg, self.pos(a.lineno, a.col_offset), self.value(d)) for a, d in pairs)
        if entries:
            start, end = self.span(node)
            self.out.objects.append(Obj(entries, start, end, "defaults", node.name))

    def literal_unions(self, annotation, owner: str) -> None:
        for sub in ast.walk(annotation):
            if isinstance(sub, ast.Subscript) and _is_literal(sub.value):
                items = sub.slice.elts if isinstance(sub.slice, ast.Tuple) else [sub.slice]
                members = [self.string(i) for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
                if len(members) >= 2 and len(members) == len(
                        [i for i in items if not (isinstance(i, ast.Constant) and i.value is None)]):
                    start, end = self.span(sub)
                    quote = self.source(items[0])[-1:] or '"'
                    if not any(u.start == start for u in self.out.unions):
                        self.out.unions.append(LiteralUnion(tuple(members), owner, start, members[-1].end,
                                                            "literal", quote))


def _is_literal(node) -> bool:
    return _dotted(node).rsplit(".", 1)[-1] == "Literal"


def _dotted(node) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    if isinstance(node, ast.Call):
        inner = _dotted(node.func)
        return f"{inner}()" if inner else ""
    return ""


def _inside_string(node, parent) -> bool:
    """True when the node is part of a bigger string expression, a dict key, or a docstring."""
    if isinstance(parent, (ast.JoinedStr, ast.FormattedValue)):
        return True
    if isinstance(parent, ast.BinOp) and isinstance(parent.op, (ast.Add, ast.Mod)):
        return True
    if isinstance(node, ast.BinOp) and not isinstance(node.op, (ast.Add, ast.Mod)):
        return True
    if isinstance(parent, ast.Expr) and isinstance(node, ast.Constant):
        return True
    return isinstance(parent, ast.Dict) and any(node is key for key in parent.keys)
