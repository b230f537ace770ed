"""Python string literals with the position of every character: prefixes, escapes, implicit
concatenation, f-string fields as holes, and `.format()` / `%` templates."""

from __future__ import annotations

import re

from checks.samples.literals import HOLE, Str, concat, hole

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "a": "\a", "0": "\0",
            "\\": "\\", "'": "'", '"': '"'}
_PREFIX = re.compile(r"[rRbBuUfF]{0,2}(?=['\"])")


def brace_format(base: Str, args: list, named: dict) -> Str:
    """`"{}/api/jobs".format(base)`: fields take the argument's string value, else become holes."""
    parts, i, text, auto = [], 0, base.text, 0
    while i < len(text):
        if text.startswith("{{", i) or text.startswith("}}", i):
            parts.append(base.slice(i, i + 1))
            i += 2
        elif text[i] == "{" and "}" in text[i:]:
            close = text.index("}", i)
            field_name = text[i + 1 : close].split(":")[0].split("!")[0]
            if field_name == "":
                field_name, auto = str(auto), auto + 1
            value = args[int(field_name)] if field_name.isdigit() and int(field_name) < len(args) else named.get(field_name)
            parts.append(value if isinstance(value, Str) else hole(field_name, base.at(i), base.at(close)))
            i = close + 1
        else:
            parts.append(base.slice(i, i + 1))
            i += 1
    return concat(parts, base.start, base.end)


def percent_format(base: Str) -> Str:
    parts, i, text = [], 0, base.text
    for match in re.finditer(r"%(\([^)]*\))?[-#0 +]*\d*(\.\d+)?[sdrifx]", text):
        parts.append(base.slice(i, match.start()))
        parts.append(hole(match.group(0), base.at(match.start()), base.at(match.end() - 1)))
        i = match.end()
    parts.append(base.slice(i))
    return concat(parts, base.start, base.end)


def scan_strings(source: str, start: tuple[int, int]) -> list[Str]:
    """Decode the string literal tokens in `source` (implicit concatenation, f-strings, raw strings)."""
    line, column = start
    i, found = 0, []

    def advance(text: str, ln: int, col: int):
        for ch in text:
            ln, col = (ln + 1, 1) if ch == "\n" else (ln, col + 1)
        return ln, col

    while i < len(source):
        ch = source[i]
        if ch == "#":
            stop = source.find("\n", i)
            stop = len(source) if stop < 0 else stop
            line, column = advance(source[i:stop], line, column)
            i = stop
            continue
        match = _PREFIX.match(source, i)
        if match and (i == 0 or not (source[i - 1].isalnum() or source[i - 1] == "_")):
            prefix = match.group(0).lower()
            quote_at = match.end()
            quote = source[quote_at : quote_at + 3] if source[quote_at : quote_at + 3] in ('"""', "'''") else source[quote_at]
            body_line, body_col = advance(source[i:quote_at + len(quote)], line, column)
            piece, consumed = _decode(source, quote_at + len(quote), quote, prefix, (body_line, body_col))
            found.append(piece)
            line, column = advance(source[i:consumed], line, column)
            i = consumed
            continue
        line, column = advance(ch, line, column)
        i += 1
    return found


def _decode(source: str, i: int, quote: str, prefix: str, at: tuple[int, int]) -> tuple[Str, int]:
    raw, fmt = "r" in prefix, "f" in prefix
    line, column = at
    text, positions, holes = [], [], []
    start = at

    def step(chunk: str):
        nonlocal line, column
        for ch in chunk:
            line, column = (line + 1, 1) if ch == "\n" else (line, column + 1)

    while i < len(source):
        if source.startswith(quote, i):
            end = (line, column + len(quote))
            return Str("".join(text), tuple(positions), start, end, tuple(holes)), i + len(quote)
        ch = source[i]
        here = (line, column)
        if ch == "\\" and not raw and i + 1 < len(source):
            nxt = source[i + 1]
            length, decoded = 2, _ESCAPES.get(nxt)
            if nxt == "\n":
                decoded = ""
            elif nxt in "xuU" and decoded is None:
                width = {"x": 2, "u": 4, "U": 8}[nxt]
                try:
                    decoded, length = chr(int(source[i + 2 : i + 2 + width], 16)), 2 + width
                except ValueError:
                    decoded = "\\" + nxt
            elif decoded is None:
                decoded = "\\" + nxt
            text.append(decoded)
            positions.extend([here] * len(decoded))
            step(source[i : i + length])
            i += length
            continue
        if fmt and ch in "{}":
            if source.startswith(ch * 2, i):
                text.append(ch)
                positions.append(here)
                step(ch * 2)
                i += 2
                continue
            if ch == "{":
                close, depth = i + 1, 1
                while close < len(source) and depth:
                    depth += {"{": 1, "}": -1}.get(source[close], 0)
                    close += 1
                expression = re.split(r"(?<![=!<>])(![rsa])?(?::[^}]*)?$", source[i + 1 : close - 1].strip())[0]
                text.append(HOLE)
                positions.append(here)
                holes.append(expression.rstrip("=").strip())
                step(source[i:close])
                i = close
                continue
        text.append(ch)
        positions.append(here)
        step(ch)
        i += 1
    return Str("".join(text), tuple(positions), start, (line, column), tuple(holes)), i
