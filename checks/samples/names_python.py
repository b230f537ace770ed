"""Undefined names in a Python sample, by pyflakes; earlier blocks' names count as builtins."""

from __future__ import annotations

import ast
import functools
import re

from checks.samples.names import BlockNames, NameUse, first_uses
from checks.samples.parsing import parse_python

# When a block does not parse we still want its definitions, so later blocks are not
# flooded with follow-on findings; these catch the usual top-level forms.
_FALLBACK_DEFINITIONS = re.compile(
    r"^(?:async\s+)?(?:def|class)\s+([A-Za-z_]\w*)"
    r"|^([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?::[^=]*)?=(?!=)"
    r"|^(?:from\s+\S+\s+)?import\s+(.+)$",
    re.MULTILINE,
)


def _fallback_definitions(text: str) -> frozenset[str]:
    names = set()
    for match in _FALLBACK_DEFINITIONS.finditer(text):
        if match.group(1):
            names.add(match.group(1))
        elif match.group(2):
            names.update(part.strip() for part in match.group(2).split(","))
        else:
            for part in match.group(3).strip("()").split(","):
                words = part.split()
                if words:
                    names.add(words[-1].split(".")[0] if len(words) == 1 else words[-1])
    return frozenset(n for n in names if n.isidentifier())


class _UnwrapAwait(ast.NodeTransformer):
    """pyflakes stops at an `await` outside a function; notebooks and docs use it at top level."""

    def visit_Await(self, node):
        return self.generic_visit(node).value


def _positions(tree: ast.AST) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Where names are called, and where string constants start.

    pyflakes reports a name inside a string annotation (`status: "JobStatus"`) at the
    string's own position; such forward references never run, so they are not uses.
    """
    called, strings = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add((node.func.lineno, node.func.col_offset))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            strings.add((node.lineno, node.col_offset))
    return called, strings


@functools.lru_cache(maxsize=None)
def _checker_class():
    """pyflakes' Checker, minus the redefinition bookkeeping it does for each of ~160 builtins."""
    from pyflakes import checker

    class Checker(checker.Checker):
        def addBinding(self, node, value):
            if node is None and isinstance(value, checker.Builtin):
                self.scope[value.name] = value  # a fresh module scope: nothing to redefine
                return
            super().addBinding(node, value)

    return Checker


@functools.lru_cache(maxsize=4096)
def _analyse(code: str) -> BlockNames:
    """Every undefined use (not only first ones) and the top-level definitions of one block."""
    from pyflakes import checker, messages

    parsed = parse_python(code)
    if parsed.tree is None:
        return BlockNames((), _fallback_definitions(parsed.fragment.text), False)
    _UnwrapAwait().visit(parsed.tree)  # in place, and idempotent: the cached tree stays valid
    flakes = _checker_class()(parsed.tree, filename="<block>")
    lines = parsed.fragment.text.split("\n")
    undefined = [m for m in flakes.messages if isinstance(m, messages.UndefinedName)]
    called, strings = _positions(parsed.tree) if undefined else (set(), set())
    uses = []
    for message in undefined:
        if (message.lineno, message.col) in strings:
            continue
        text_line = lines[message.lineno - 1] if message.lineno <= len(lines) else ""
        # ast columns count UTF-8 bytes
        column = len(text_line.encode("utf-8")[: message.col].decode("utf-8", errors="ignore")) + 1
        line, column = parsed.fragment.origin(message.lineno, column)
        uses.append(NameUse(message.message_args[0], line, column, (message.lineno, message.col) in called))
    module_scope = next(s for s in flakes.deadScopes if isinstance(s, checker.ModuleScope))
    defined = frozenset(name for name, binding in module_scope.items() if not isinstance(binding, checker.Builtin))
    return BlockNames(tuple(uses), defined, True)


def python_names(code: str, predefined: frozenset[str] = frozenset()) -> BlockNames:
    """Names `code` uses but neither defines nor finds in `predefined` (earlier blocks, config).

    pyflakes runs once per distinct block; `predefined` only filters its answer, which is
    the same as passing those names as builtins.
    """
    names = _analyse(code)
    return BlockNames(first_uses(u for u in names.undefined if u.name not in predefined), names.defined, names.parsed)
