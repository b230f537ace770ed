"""Tree-sitter parsers for the languages docs samples use, loaded once per process."""

from __future__ import annotations

import functools

from checks.samples import languages

TREE_SITTER_GRAMMARS = frozenset({"javascript", "typescript", "tsx", "bash"})


@functools.lru_cache(maxsize=None)
def _language(grammar: str):
    from tree_sitter import Language

    if grammar in ("typescript", "tsx"):
        import tree_sitter_typescript as module

        return Language(module.language_typescript() if grammar == "typescript" else module.language_tsx())
    if grammar == "javascript":
        import tree_sitter_javascript as module

        return Language(module.language())
    if grammar == "bash":
        import tree_sitter_bash as module

        return Language(module.language())
    raise KeyError(grammar)


@functools.lru_cache(maxsize=None)
def parser_for(grammar: str):
    """A tree-sitter Parser for a grammar name ("typescript", "tsx", "javascript", "bash")."""
    from tree_sitter import Parser

    return Parser(_language(grammar))


def grammar_of(language: str) -> str | None:
    """The tree-sitter grammar of an info-string language (from `checks.samples.languages`), else None."""
    grammar = languages.grammar_of(language)
    return grammar if grammar in TREE_SITTER_GRAMMARS else None


def parse(code: str, grammar: str):
    """Parse `code`; returns a tree-sitter Tree (check `tree.root_node.has_error`)."""
    return parser_for(grammar).parse(code.encode("utf-8"))


def node_text(node, source: bytes) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")
