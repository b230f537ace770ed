"""Undefined names in a Python sample, by pyflakes; earlier blocks' names count as builtins."""

from __future__ import annotations

import ast
import re

from checks.docs.code.names import BlockNames, NameUse, first_uses
from checks.docs.code.parsing import parse_python

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


def _called_positions(tree: ast.AST) -> set[tuple[int, int]]:
    return {
        (node.func.lineno, node.func.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def python_names(code: str, predefined: frozenset[str] = frozenset()) -> BlockNames:
    """Names `code` uses but neither defines nor finds in `predefined` (earlier blocks, config)."""
    from pyflakes import checker, messages

    parsed = parse_python(code)
    if parsed.tree is None:
        return BlockNames((), _fallback_definitions(parsed.fragment.text), False)
    _UnwrapAwait().visit(parsed.tree)  # in place, and idempotent: the cached tree stays valid
    flakes = checker.Checker(parsed.tree, filename="<block>", builtins=set(predefined))
    lines = parsed.fragment.text.split("\n")
    called = _called_positions(parsed.tree)
    uses = []
    for message in flakes.messages:
        if not isinstance(message, messages.UndefinedName):
            continue
        text_line = lines[message.lineno - 1] if message.lineno <= len(lines) else ""
        # ast columns count UTF-8 bytes
        column = len(text_line.encode("utf-8")[: message.col].decode("utf-8", errors="ignore")) + 1
        line, column = parsed.fragment.origin(message.lineno, column)
        uses.append(NameUse(message.message_args[0], line, column, (message.lineno, message.col) in called))
    module_scope = next(s for s in flakes.deadScopes if isinstance(s, checker.ModuleScope))
    defined = frozenset(name for name, binding in module_scope.items() if not isinstance(binding, checker.Builtin))
    return BlockNames(first_uses(uses), defined, True)
