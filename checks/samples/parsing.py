"""Parse a normalised code sample once, for every rule that needs its tree (cached by code)."""

from __future__ import annotations

import ast
import functools
import warnings
from dataclasses import dataclass

from checks.samples.fragments import Fragment, js_fragment, python_placeholder_variant, python_fragment
from checks.samples.parsers import grammar_of, parse

JS_GRAMMARS = frozenset({"javascript", "typescript", "tsx"})

# Grammars to try, in order, for a block tagged with a grammar: the first that parses wins,
# so a `javascript` block holding type annotations is still understood (and JC701 says so).
_FALLBACKS = {
    "javascript": ("javascript", "typescript", "tsx"),
    "typescript": ("typescript", "tsx"),
    "tsx": ("tsx",),
}


@dataclass(frozen=True)
class ParsedPython:
    fragment: Fragment
    tree: ast.Module | None
    error: SyntaxError | None


@dataclass(frozen=True)
class ParsedJs:
    fragment: Fragment
    tree: object  # tree_sitter.Tree of `grammar`
    grammar: str  # the grammar that parsed it (or the declared one when none did)
    declared: str  # the grammar the info string asked for
    ok: bool

    @property
    def source(self) -> bytes:
        return self.fragment.text.encode("utf-8")


def js_grammar(language: str) -> str | None:
    """"javascript" | "typescript" | "tsx" for a JS-family info string, else None."""
    grammar = grammar_of(language)
    return grammar if grammar in JS_GRAMMARS else None


def _ast_parse(text: str) -> ast.Module:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escape sequences etc. are not our findings
        return compile(text, "<block>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


@functools.lru_cache(maxsize=4096)
def parse_python(code: str) -> ParsedPython:
    """Python fragment -> tree; top-level `await`/`return` and `...` placeholders are accepted."""
    fragment = python_fragment(code)
    try:
        return ParsedPython(fragment, _ast_parse(fragment.text), None)
    except SyntaxError as first:
        error = first
    except (ValueError, MemoryError, RecursionError) as exc:  # null bytes, absurd nesting
        return ParsedPython(fragment, None, SyntaxError(str(exc), ("<block>", 1, 1, "")))
    variant = python_placeholder_variant(fragment)
    if variant is not fragment:
        try:
            return ParsedPython(variant, _ast_parse(variant.text), None)
        except (SyntaxError, ValueError, MemoryError, RecursionError):
            pass
    return ParsedPython(fragment, None, error)


@functools.lru_cache(maxsize=4096)
def parse_js(code: str, grammar: str) -> ParsedJs:
    """JS/TS fragment -> tree-sitter tree, trying the wider grammars when the declared one fails."""
    fragment = js_fragment(code)
    first = None
    for candidate in _FALLBACKS[grammar]:
        tree = parse(fragment.text, candidate)
        if not tree.root_node.has_error:
            return ParsedJs(fragment, tree, candidate, grammar, True)
        first = first or tree
    return ParsedJs(fragment, first, grammar, grammar, False)


def first_error_node(tree):
    """The first ERROR or MISSING node in source order, or None."""
    node = tree.root_node
    while True:
        if node.is_error or node.is_missing:
            return node
        child = next((c for c in node.children if c.has_error or c.is_missing), None)
        if child is None:
            return node if node.has_error and node is not tree.root_node else None
        node = child
