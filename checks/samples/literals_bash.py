"""Read shell blocks: commands as words (with positions) and variable assignments.

tree-sitter-bash finds where each command starts and ends (through pipes, `$(...)`,
heredocs); the words inside are split by a small shell-quoting scanner, because the
grammar splits some unquoted words like `$BASE/api/jobs/$ID/cancel` in odd places.
"""

from __future__ import annotations

import re

from checks.samples.literals import BlockValues, Str, concat, hole, without_positions
from checks.samples.parsers import parse

_PROMPT = re.compile(r"^(\s*)\$ ")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_STOP = set("|;&<>")


def _blank_prompts(code: str) -> str:
    """`$ curl ...` console sessions: blank the prompt, drop printed output (columns kept)."""
    lines = code.split("\n")
    if not any(_PROMPT.match(line) for line in lines):
        return code
    out, continued = [], False
    for line in lines:
        match = _PROMPT.match(line)
        if match:
            out.append(match.group(1) + "  " + line[match.end():])
        elif continued:
            out.append(line)
        else:
            out.append("")
        continued = out[-1].rstrip().endswith("\\")
    return "\n".join(out)


def read(code: str, names: dict) -> BlockValues:
    code = _blank_prompts(code)
    tree = parse(code, "bash")
    lines = code.split("\n")
    out = BlockValues("shell")
    env = {name: value for name, value in names.items() if isinstance(value, Str)}
    line_starts = [0]
    raw = code.encode("utf-8")
    for index, byte in enumerate(raw):
        if byte == 0x0A:
            line_starts.append(index + 1)

    def position(point) -> tuple[int, int]:
        row, column = point
        line = lines[row] if row < len(lines) else ""
        encoded = line.encode("utf-8")
        return (row + 1, (column if len(encoded) == len(line) else len(encoded[:column].decode("utf-8", "replace"))) + 1)

    def text_of(node) -> str:
        return raw[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.type == "variable_assignment":
            name = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if name is not None:
                if value is None:
                    env[text_of(name)] = Str("", (), position(node.end_point), position(node.end_point))
                else:
                    words = shell_words(text_of(value), position(value.start_point), env)
                    if words:
                        env[text_of(name)] = words[0]
        elif node.type == "command":
            name_node = node.child_by_field_name("name")
            words = shell_words(text_of(node), position(node.start_point), env)
            if name_node is not None and words:
                out.commands.append((words[0].text, words, position(node.start_point), position(node.end_point)))
                out.strings.extend(words[1:])
        stack.extend(reversed(node.children))
    out.names = env
    out.parsed = True
    return out


def shell_words(text: str, start: tuple[int, int], env: dict) -> list[Str]:
    """Split one command's text into words the way the shell would, keeping each character's
    position; `$VAR` is replaced by its value from `env` (else a hole), `$(...)` is a hole."""
    line, column = start
    words: list[Str] = []
    parts: list[Str] = []
    word_start = None
    i = 0

    def lit(ch: str, at) -> Str:
        return Str(ch, (at,), at, at)

    def finish():
        nonlocal parts, word_start
        if word_start is not None:
            words.append(concat(parts, word_start, (line, column)) if parts else Str("", (), word_start, word_start))
        parts, word_start = [], None

    def move(chunk: str):
        nonlocal line, column
        for ch in chunk:
            line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)

    while i < len(text):
        ch = text[i]
        here = (line, column)
        if ch == "\\" and text[i + 1 : i + 2] == "\n":
            move(text[i : i + 2])
            i += 2
            continue
        if ch in " \t\n":
            finish()
            move(ch)
            i += 1
            continue
        if ch in _STOP:
            finish()
            break
        if ch == "#" and word_start is None:
            stop = text.find("\n", i)
            stop = len(text) if stop < 0 else stop
            move(text[i:stop])
            i = stop
            continue
        if word_start is None:
            word_start = here
        if ch == "\\":
            parts.append(lit(text[i + 1 : i + 2], (line, column + 1)))
            move(text[i : i + 2])
            i += 2
        elif ch == "'" or (ch == "$" and text[i + 1 : i + 2] == "'"):
            opening = 2 if ch == "$" else 1
            close = text.find("'", i + opening)
            close = len(text) if close < 0 else close
            move(text[i : i + opening])
            for inner in text[i + opening : close]:
                parts.append(lit(inner, (line, column)))
                move(inner)
            move(text[close : close + 1])
            i = close + 1
        elif ch == '"':
            move(ch)
            i += 1
            while i < len(text) and text[i] != '"':
                if text[i] == "\\" and text[i + 1 : i + 2] in ('"', "\\", "$", "`"):
                    parts.append(lit(text[i + 1], (line, column + 1)))
                    move(text[i : i + 2])
                    i += 2
                elif text[i] == "\\" and text[i + 1 : i + 2] == "\n":
                    move(text[i : i + 2])
                    i += 2
                elif text[i] in "$`":
                    piece, length = _expansion(text, i, (line, column), env)
                    parts.append(piece)
                    move(text[i : i + length])
                    i += length
                else:
                    parts.append(lit(text[i], (line, column)))
                    move(text[i])
                    i += 1
            move(text[i : i + 1])
            i += 1
        elif ch in "$`":
            piece, length = _expansion(text, i, here, env)
            parts.append(piece)
            move(text[i : i + length])
            i += length
        else:
            parts.append(lit(ch, here))
            move(ch)
            i += 1
    finish()
    return words


def _expansion(text: str, i: int, at, env: dict) -> tuple[Str, int]:
    """`$VAR`, `${VAR...}`, `$(...)` or a backquoted command at text[i]: (value or hole, length)."""
    if text[i] == "`":
        close = text.find("`", i + 1)
        close = len(text) - 1 if close < 0 else close
        return hole(text[i + 1 : close], at, at), close + 1 - i
    nxt = text[i + 1 : i + 2]
    if nxt in ("(", "{"):
        closing = ")" if nxt == "(" else "}"
        depth, j = 0, i + 1
        while j < len(text):
            if text[j] == nxt:
                depth += 1
            elif text[j] == closing:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        inner = text[i + 2 : j]
        if nxt == "{":
            name = _NAME.match(inner)
            if name and name.end() == len(inner) and name.group(0) in env:
                return without_positions(env[name.group(0)], at, at), j + 1 - i
            return hole(name.group(0) if name else inner, at, at), j + 1 - i
        return hole(inner, at, at), j + 1 - i
    name = _NAME.match(text, i + 1)
    if name:
        if name.group(0) in env:
            return without_positions(env[name.group(0)], at, at), name.end() - i
        return hole(name.group(0), at, at), name.end() - i
    if nxt and (nxt.isdigit() or nxt in "@*#?$!-"):
        return hole(nxt, at, at), 2
    return Str("$", (at,), at, at), 1
