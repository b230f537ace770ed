"""The comments of a code sample, with where each starts, for rules that read them like prose.

Python comments come from `tokenize` (never a `#` inside a string), JS/TS and shell comments
from tree-sitter. Positions are 1-based (line, column) in the block's code, the column of
the comment's first character (`#`, `//`, `/*`).
"""

from __future__ import annotations

import functools
import io
import tokenize
from dataclasses import dataclass

from checks.samples.languages import family_of
from checks.samples.parsers import grammar_of, parse


@dataclass(frozen=True)
class CodeComment:
    text: str  # the comment as written, marker included
    line: int
    column: int

    def at(self, offset: int) -> tuple[int, int]:
        """(line, column) in the block's code of `text[offset]`."""
        before = self.text[:offset]
        newlines = before.count("\n")
        if not newlines:
            return self.line, self.column + offset
        return self.line + newlines, offset - before.rfind("\n")


def _python(code: str) -> list[CodeComment]:
    found = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                found.append(CodeComment(token.string, token.start[0], token.start[1] + 1))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass  # a fragment: the comments read before the error are kept
    return found


def _tree_sitter(code: str, grammar: str) -> list[CodeComment]:
    tree = parse(code, grammar)
    lines = code.split("\n")
    found = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "comment":
            row, byte_column = node.start_point
            column = len(lines[row].encode("utf-8")[:byte_column].decode("utf-8", errors="replace")) + 1 if row < len(lines) else 1
            found.append(CodeComment(node.text.decode("utf-8", errors="replace"), row + 1, column))
        stack.extend(reversed(node.children))
    return sorted(found, key=lambda c: (c.line, c.column))


@functools.lru_cache(maxsize=1024)
def comments_of(code: str, language: str) -> tuple[CodeComment, ...]:
    """Every comment of a block of `language` (empty for languages without a reader)."""
    family = family_of(language)
    if family == "python":
        return tuple(_python(code))
    if family == "js":
        return tuple(_tree_sitter(code, grammar_of(language) or "javascript"))
    if family == "shell":
        return tuple(_tree_sitter(code, "bash"))
    return ()
