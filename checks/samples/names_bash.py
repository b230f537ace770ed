"""Shell variables a sample reads (`$VAR`, `${VAR}`) and the ones it sets, by tree-sitter-bash.

Readers run shell samples in one terminal session, in any order, so the rule compares
a page's reads against every assignment on the page; this module only lists both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checks.samples.fragments import shell_fragment
from checks.samples.names import NameUse
from checks.samples.parsers import parse

# `${VAR:-default}` and friends are safe when VAR is unset; `${VAR:?msg}` is not.
_SAFE_OPERATORS = frozenset({":-", "-", ":=", "=", ":+", "+"})
_READ_OPTIONS_WITH_ARGUMENT = frozenset({"-p", "-t", "-d", "-n", "-N", "-u", "-i"})

# An env var the page tells readers to export in prose or in any block, e.g.
# "export COMFY_CLOUD_API_KEY=..." in a paragraph, or `$env:NAME = ...` for PowerShell.
EXPORT_MENTION = re.compile(r"\bexport\s+([A-Za-z_][A-Za-z0-9_]*)=|\$env:([A-Za-z_][A-Za-z0-9_]*)\s*=")
# A dotenv file shown on the page: NAME=value at a line start.
DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=", re.MULTILINE)


@dataclass(frozen=True)
class ShellNames:
    assigned: frozenset[str]
    reads: tuple[NameUse, ...]  # every `$VAR` read (not special parameters), in source order


def _text(node, source: bytes) -> str:
    return source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


def _read_targets(arguments: list[str]) -> list[str]:
    """Variables `read [options] NAME...` assigns (REPLY when none is named)."""
    names, skip = [], False
    for index, word in enumerate(arguments):
        if skip:
            skip = False
        elif word == "-a" and index + 1 < len(arguments):
            names.append(arguments[index + 1])
            skip = True
        elif word in _READ_OPTIONS_WITH_ARGUMENT:
            skip = True
        elif not word.startswith("-"):
            names.append(word)
    return names


def _command_assignments(node, source: bytes) -> list[str]:
    name_node = node.child_by_field_name("name")
    if name_node is None:
        return []
    command = _text(name_node, source)
    arguments = [_text(a, source) for a in node.children_by_field_name("argument")]
    if command == "read":
        return _read_targets(arguments)
    if command in ("mapfile", "readarray"):
        plain = [a for a in arguments if not a.startswith("-")]
        return plain[-1:] or ["MAPFILE"]
    if command == "getopts" and len(arguments) >= 2:
        return [arguments[1]]
    if command == "printf" and len(arguments) >= 2 and arguments[0] == "-v":
        return [arguments[1]]
    return []


@functools.lru_cache(maxsize=4096)
def shell_names(code: str, session: bool = False) -> ShellNames:
    """Assignments and `$VAR` reads of a shell sample (prompts and output lines removed)."""
    fragment = shell_fragment(code, session)
    source = fragment.text.encode("utf-8")
    tree = parse(fragment.text, "bash")
    assigned: set[str] = set()
    reads: list[NameUse] = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind == "variable_assignment":
            name = node.child_by_field_name("name")
            if name is not None:
                if name.type == "subscript":
                    name = name.child_by_field_name("name") or name
                assigned.add(_text(name, source))
        elif kind == "declaration_command":
            assigned.update(_text(c, source) for c in node.named_children if c.type == "variable_name")
        elif kind == "for_statement":
            variable = node.child_by_field_name("variable")
            if variable is not None:
                assigned.add(_text(variable, source))
        elif kind == "command":
            assigned.update(_command_assignments(node, source))
        elif kind in ("simple_expansion", "expansion"):
            operators = {c.type for c in node.children if not c.is_named}
            target = next((c for c in node.named_children if c.type in ("variable_name", "subscript")), None)
            if target is not None and target.type == "subscript":
                target = target.child_by_field_name("name")
            name = _text(target, source) if target is not None and target.type == "variable_name" else ""
            if name and not name.isdigit() and not operators & _SAFE_OPERATORS:  # $1: positional
                line, column = fragment.origin_of_byte(node.start_byte)
                reads.append(NameUse(name, line, column))
        stack.extend(reversed(node.named_children))
    return ShellNames(frozenset(assigned), tuple(sorted(reads, key=lambda r: (r.line, r.column))))


def exported_in_text(text: str) -> set[str]:
    """Names a piece of prose or code tells readers to export (`export NAME=...`)."""
    return {a or b for a, b in EXPORT_MENTION.findall(text)}
