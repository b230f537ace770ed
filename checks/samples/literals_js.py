"""Read JavaScript / TypeScript / JSON blocks into `BlockValues` with tree-sitter.

JSON is read with the JavaScript grammar inside parentheses (on their own lines, so
positions stay exact); comments and `...` placeholders then only break the part they touch.
"""

from __future__ import annotations

from checks.samples.literals import (
    PARAMS_NAMES, Arr, BlockValues, Call, Entry, LiteralUnion, Num, Obj, Other, Str, as_str, concat, hole, literal,
    without_positions,
)
from checks.samples.languages import family_of
from checks.samples.parsers import grammar_of, parse

_PASS_THROUGH = {"parenthesized_expression", "await_expression", "as_expression", "satisfies_expression",
                 "non_null_expression", "type_assertion"}
_STRINGISH = {"string", "template_string", "binary_expression"}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_PARAMS_KEYS = {"params", "searchparams", "query"}


def _decode_escape(text: str) -> str:
    body = text[1:]
    if not body or body[0] in "\r\n":
        return ""  # line continuation
    if body[0] in _ESCAPES and len(body) == 1:
        return _ESCAPES[body[0]]
    try:
        if body[0] == "x":
            return chr(int(body[1:3], 16))
        if body[0] == "u":
            return chr(int(body[2:-1] if body[1] == "{" else body[1:5], 16))
    except ValueError:
        pass
    return body


_FUNCTIONS = {"function_declaration", "function_expression", "function", "arrow_function", "method_definition",
              "generator_function_declaration", "generator_function"}


def _function_of(parameters):
    """The function whose parameter list holds `parameters` (so a default's object spans the body), or None."""
    node = parameters
    while node is not None and node.type in ("object_pattern", "pair_pattern", "object_assignment_pattern",
                                             "required_parameter", "optional_parameter", "assignment_pattern"):
        node = node.parent
    if node is None or node.type != "formal_parameters":
        return None
    return node.parent if node.parent is not None and node.parent.type in _FUNCTIONS else None


def read(code: str, language: str, names: dict) -> BlockValues:
    """Values of a js/ts/json block; `names` are values defined by earlier blocks."""
    if family_of(language) == "json":
        tree = parse("(\n" + code + "\n)", "javascript")
        return _Reader(code, language, names, line_shift=1).run(tree.root_node, json=True)
    grammar = grammar_of(language) or "javascript"
    tree = parse(code, grammar)
    if tree.root_node.has_error and grammar == "javascript":
        typed = parse(code, "typescript")  # a `js` block with type annotations
        if not typed.root_node.has_error:
            tree = typed
    return _Reader(code, language, names).run(tree.root_node)


class _Reader:
    def __init__(self, code: str, language: str, names: dict, line_shift: int = 0):
        self.lines = code.split("\n")
        self.line_bytes = [line.encode("utf-8") for line in self.lines]
        self.shift = line_shift
        self.foreign = dict(names)
        self.env: dict = {}
        self.out = BlockValues(language)

    # -- positions --------------------------------------------------------
    def pos(self, point) -> tuple[int, int]:
        row = point[0] - self.shift
        if not 0 <= row < len(self.lines):
            return (max(1, min(row + 1, len(self.lines))), 1)
        raw = self.line_bytes[row]
        if len(raw) == len(self.lines[row]):
            return (row + 1, point[1] + 1)
        return (row + 1, len(raw[: point[1]].decode("utf-8", errors="replace")) + 1)

    def span(self, node):
        return self.pos(node.start_point), self.pos(node.end_point)

    @staticmethod
    def text(node) -> str:
        return node.text.decode("utf-8", errors="replace")

    # -- values -----------------------------------------------------------
    def string(self, node) -> Str:
        parts = []
        for child in node.children:
            if child.type == "string_fragment":
                parts.append(self._fragment(child))
            elif child.type == "escape_sequence":
                start, end = self.span(child)
                decoded = _decode_escape(self.text(child))
                parts.append(Str(decoded, (start,) * len(decoded), start, end))
            elif child.type == "template_substitution":
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                parts.append(as_str(self.value(inner)) if inner is not None else hole("", *self.span(child)))
        start, end = self.span(node)
        return concat(parts, start, end) if parts else Str("", (), start, end)

    def _fragment(self, node) -> Str:
        text = self.text(node)
        line, column = self.pos(node.start_point)
        positions = []
        for ch in text:
            positions.append((line, column))
            line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)
        start, end = self.span(node)
        return Str(text, tuple(positions), start, end)

    def lookup(self, name: str, node):
        start, end = self.span(node)
        if name in self.env:
            return self.env[name]
        if name in self.foreign:
            return without_positions(self.foreign[name], start, end)
        return Other(name, start, end)

    def value(self, node):
        if node is None:
            return Other("", (1, 1), (1, 1))
        kind = node.type
        start, end = self.span(node)
        if kind in ("string", "template_string"):
            return self.string(node)
        if kind == "number":
            return Num(self.text(node), start, end)
        if kind == "unary_expression" and self.text(node)[:1] in "+-":
            inner = self.value(node.named_children[0]) if node.named_children else None
            if isinstance(inner, Num):
                return Num(self.text(node), start, end)
        if kind in _PASS_THROUGH:
            inner = next((c for c in node.named_children if c.type != "comment"), None)
            return self.value(inner)
        if kind == "binary_expression" and node.child_by_field_name("operator") is not None \
                and self.text(node.child_by_field_name("operator")) == "+":
            left = self.value(node.child_by_field_name("left"))
            right = self.value(node.child_by_field_name("right"))
            if isinstance(left, Str) or isinstance(right, Str):
                return concat([as_str(left), as_str(right)], start, end)
            return Other(self.text(node), start, end)
        if kind in ("identifier", "shorthand_property_identifier"):
            return self.lookup(self.text(node), node)
        if kind == "object":
            return self.object(node)
        if kind == "array":
            return Arr(tuple(self.value(c) for c in node.named_children if c.type != "comment"), start, end)
        if kind == "new_expression":
            return self.construct(node, start, end)
        if kind == "call_expression":
            callee = self.callee(node)
            args = self.args(node)
            if callee == "JSON.stringify" and args:
                return args[0]
            if callee in ("encodeURIComponent", "encodeURI", "String") and args and isinstance(args[0], Str):
                return args[0]
            if callee.endswith(".toString") and callee.count(".") == 1:
                target = self.lookup(callee.split(".")[0], node)
                if isinstance(target, Obj) and target.context == "params":
                    return target
        return Other(" ".join(self.text(node).split()), start, end)

    def object(self, node, context: str = "", owner: str | None = None) -> Obj:
        entries = []
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                if key_node is None:
                    continue
                key = self.text(key_node)
                if key_node.type == "string":
                    key = self.string(key_node).text
                entries.append(Entry(key, self.pos(key_node.start_point), self.value(child.child_by_field_name("value"))))
            elif child.type == "shorthand_property_identifier":
                entries.append(Entry(self.text(child), self.pos(child.start_point), self.value(child)))
        start, end = self.span(node)
        return Obj(tuple(entries), start, end, context, owner)

    def construct(self, node, start, end):
        name = self.text(node.child_by_field_name("constructor") or node)
        args = self.args(node)
        if name == "URLSearchParams" and args:
            first = args[0]
            if isinstance(first, Obj):
                return Obj(first.entries, first.start, first.end, "params", first.owner)
            if isinstance(first, Str):
                return first
        if name == "URL" and args and isinstance(args[0], Str):
            path = args[0]
            if len(args) > 1 and not path.text.startswith(("http://", "https://")):
                return concat([as_str(args[1]), path], start, end)
            return path
        return Other(" ".join(self.text(node).split()), start, end)

    def callee(self, node) -> str:
        if node.type == "new_expression":
            return "new " + self.text(node.child_by_field_name("constructor") or node)
        function = node.child_by_field_name("function")
        return "".join(self.text(function).split()) if function is not None else ""

    def args(self, node) -> tuple:
        arguments = node.child_by_field_name("arguments")
        if arguments is None:
            return ()
        return tuple(self.value(c) for c in arguments.named_children if c.type != "comment")

    # -- the walk ---------------------------------------------------------
    def run(self, root, json: bool = False) -> BlockValues:
        stack = [root]
        while stack:
            node = stack.pop()
            self.visit(node, json)
            stack.extend(reversed(node.children))
        self.out.names = dict(self.env)
        self.out.parsed = not root.has_error or bool(self.out.objects or self.out.strings or self.out.calls)
        return self.out

    def visit(self, node, json: bool) -> None:
        kind = node.type
        if kind == "variable_declarator":
            name, init = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and name.type == "identifier" and init is not None:
                value = self.value(init)
                if isinstance(value, Obj):
                    value = Obj(value.entries, value.start, value.end, value.context, self.text(name))
                self.env[self.text(name)] = value
                if isinstance(value, Str) and init.type in ("new_expression", "call_expression"):
                    self.out.strings.append(value)
        elif kind == "assignment_expression":
            left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
            if left is not None and left.type == "identifier" and right is not None:
                self.env[self.text(left)] = self.value(right)
            elif left is not None and right is not None and left.type in ("member_expression", "subscript_expression"):
                self.member_set(left, right)
        elif kind in ("call_expression", "new_expression"):
            self.call(node)
        elif kind == "union_type" and node.parent is not None and node.parent.type != "union_type":
            self.union(node)
        elif kind == "object" and not _nested(node):
            self.out.objects.append(self.object(node, *self.object_context(node, json)))
        elif kind in ("formal_parameters", "object_pattern"):
            self.defaults(node)
        elif kind in _STRINGISH and not _inside_string(node):
            value = self.value(node)
            if isinstance(value, Str):
                self.out.strings.append(value)

    def object_context(self, node, json: bool) -> tuple[str, str | None]:
        if json:
            return "json", None
        parent = node.parent
        while parent is not None and parent.type in _PASS_THROUGH:
            parent = parent.parent
        if parent is None:
            return "", None
        if parent.type == "variable_declarator":
            name = parent.child_by_field_name("name")
            return "", self.text(name) if name is not None else None
        if parent.type == "arguments" and parent.parent is not None:
            callee = self.callee(parent.parent)
            return ("params" if callee == "new URLSearchParams" else ""), callee
        if parent.type == "pair":
            key = parent.child_by_field_name("key")
            key_text = self.text(key).strip("\"'") if key is not None else ""
            return ("params" if key_text.lower() in _PARAMS_KEYS else ""), key_text
        return "", None

    def call(self, node) -> None:
        start, end = self.span(node)
        callee = self.callee(node)
        args = self.args(node)
        self.out.calls.append(Call(callee, args, None, start, end))
        receiver, _, method = callee.rpartition(".")
        if method in ("set", "append") and len(args) >= 2 and isinstance(args[0], Str) and receiver:
            target = self.env.get(receiver)
            if receiver.endswith("searchParams") or (isinstance(target, Obj) and target.context == "params"):
                self.out.param_sets.append((args[0], args[1]))

    def member_set(self, left, right) -> None:
        """`params.sort_by = "x"` / `params["sort_by"] = "x"` on a params object."""
        holder = left.child_by_field_name("object")
        key = left.child_by_field_name("property") or left.child_by_field_name("index")
        if holder is None or key is None or holder.type != "identifier":
            return
        target = self.env.get(self.text(holder))
        if self.text(holder).lower() in PARAMS_NAMES or (isinstance(target, Obj) and target.context == "params"):
            name = self.string(key) if key.type == "string" else literal(self.text(key), self.pos(key.start_point))
            self.out.param_sets.append((name, self.value(right)))

    def defaults(self, node) -> None:
        entries = []
        for child in node.named_children:
            if child.type in ("required_parameter", "optional_parameter", "assignment_pattern"):
                name = child.child_by_field_name("pattern") or child.child_by_field_name("left")
                value = child.child_by_field_name("value") or child.child_by_field_name("right")
            elif child.type == "object_assignment_pattern":
                name, value = child.child_by_field_name("left"), child.child_by_field_name("right")
            else:
                continue
            if name is not None and value is not None and name.type in ("identifier", "shorthand_property_identifier_pattern"):
                entries.append(Entry(self.text(name), self.pos(name.start_point), self.value(value)))
        if entries:
            function = _function_of(node)
            start, end = self.span(function or node)
            name = function.child_by_field_name("name") if function is not None else None
            self.out.objects.append(Obj(tuple(entries), start, end, "defaults", self.text(name) if name else None))

    def union(self, node) -> None:
        members, open_union = [], False
        for member in _flatten_union(node):
            literal_node = member.named_children[0] if member.type == "literal_type" and member.named_children else None
            if literal_node is not None and literal_node.type == "string":
                members.append(self.string(literal_node))
            elif literal_node is not None and literal_node.type in ("null", "undefined"):
                continue
            else:
                open_union = True
        if open_union or len(members) < 2:
            return
        quote = self.text(_flatten_union(node)[0])[:1]
        start, end = self.span(node)
        self.out.unions.append(LiteralUnion(tuple(members), _union_owner(node, self.text), start,
                                            members[-1].end, "union", quote if quote in "\"'" else '"'))


def _flatten_union(node) -> list:
    found = []
    for child in node.named_children:
        if child.type == "union_type":
            found.extend(_flatten_union(child))
        elif child.type != "comment":
            found.append(child)
    return found


def _union_owner(node, text) -> str | None:
    parent = node.parent
    while parent is not None and parent.type in ("parenthesized_type", "array_type", "type_arguments",
                                                  "generic_type", "type_annotation", "readonly_type"):
        parent = parent.parent
    if parent is None:
        return None
    for field_name in ("name", "pattern"):
        named = parent.child_by_field_name(field_name)
        if named is not None and parent.type in ("property_signature", "public_field_definition",
                                                 "required_parameter", "optional_parameter",
                                                 "type_alias_declaration", "variable_declarator"):
            return text(named)
    return None


def _nested(node) -> bool:
    parent = node.parent
    while parent is not None and parent.type in ("array", "parenthesized_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "pair"


def _inside_string(node) -> bool:
    """True when the node is part of a bigger string expression (or not a value at all)."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("template_substitution", "literal_type", "import_statement", "export_statement", "pair") \
            and not (parent.type == "pair" and parent.child_by_field_name("value") == node):
        return True
    if parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and operator.text == b"+"
    return parent.type in _PASS_THROUGH and _inside_string(parent)
