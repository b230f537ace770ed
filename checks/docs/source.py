"""Source text before tokenising: newlines, frontmatter and JSX comments.

Everything here keeps positions: frontmatter and comments are blanked (spaces, newlines
kept), never removed, so a line and column in the prepared text are those of the file.
"""

from __future__ import annotations

import re

_FENCE_LINE = re.compile(r"[ \t>]*(`{3,}|~{3,})(.*)")
_FRONTMATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)


def normalise(text: str) -> str:
    """"\n" line ends and no byte-order mark; a CRLF file keeps every line and column."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _blank(text: str) -> str:
    """Same length, newlines kept, everything else a space: positions survive."""
    return "".join("\n" if char == "\n" else " " for char in text)


def split_frontmatter(text: str) -> tuple[str | None, int, int]:
    """(YAML source or None, first YAML line, offset where the body starts).

    An opening `---` with no closing line yields (None, 0, -1) so the caller can report it.
    """
    if not text.startswith("---"):
        return None, 0, 0
    first_newline = text.find("\n")
    if first_newline < 0 or text[3:first_newline].strip():
        return None, 0, 0
    close = _FRONTMATTER_CLOSE.search(text, first_newline + 1)
    if close is None:
        return None, 0, -1
    end = text.find("\n", close.end())
    body = len(text) if end < 0 else end + 1
    return text[first_newline + 1:close.start()], 2, body


def blank_comments(text: str) -> tuple[str, list[tuple[str, int, int]]]:
    """Blank out `{/* ... */}` outside fences; return the new text and (inner, line, end_line) of each.

    A comment may hold whole fences that must not be linted; a `{/*` inside a fence or
    inside an inline code span is code, not a comment. Blanking keeps every position.
    """
    if "{/*" not in text:
        return text, []
    comments: list[tuple[str, int, int]] = []
    pieces: list[str] = []
    copied = 0
    lines = text.split("\n")
    offset = 0
    fence = ""
    index = 0
    column = 0  # where to keep looking on the current line (after a comment ended on it)
    while index < len(lines):
        line = lines[index]
        if fence:
            match = _FENCE_LINE.match(line)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence) and not match.group(2).strip():
                fence = ""
        else:
            match = _FENCE_LINE.match(line) if column == 0 else None
            if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
                fence = match.group(1)
            else:
                found = line.find("{/*", column)
                while found >= 0 and line.count("`", 0, found) % 2:
                    found = line.find("{/*", found + 3)
                if found >= 0:
                    start = offset + found
                    stop = text.find("*/}", start + 3)
                    if stop < 0:
                        break  # never closed: MDX rejects the page; leave the text alone
                    stop += 3
                    end_line = index + text.count("\n", start, stop)
                    comments.append((text[start + 3:stop - 3].strip(), index + 1, end_line + 1))
                    pieces.append(text[copied:start])
                    pieces.append(_blank(text[start:stop]))
                    copied = stop
                    while index < end_line:
                        offset += len(lines[index]) + 1
                        index += 1
                    column = stop - offset
                    continue
        offset += len(line) + 1
        index += 1
        column = 0
    if not comments:
        return text, []
    pieces.append(text[copied:])
    return "".join(pieces), comments


# `key: value` with a double-quoted (no escapes), single-quoted (no '') or plain value. A plain value
# starts with a letter, or is letters and digits starting with a digit (a hash like `2a823814`), and
# holds no `#` and no `:` before a blank or the end; in a block mapping `{}[],&*!|>%@` inside it are text.
_SIMPLE_ENTRY = re.compile(
    r"""([A-Za-z_][\w-]*|"[^"\\\n]*"):[ \t]+(?:"([^"\\\n]*)"|'([^'\n]*)'"""
    r"""|([A-Za-z](?:[^:#\n]|:(?=[^ \t]))*?|[0-9][0-9A-Za-z]*))[ \t]*"""
)
_SIMPLE_PARENT = re.compile(r"([A-Za-z_][\w-]*):[ \t]*")  # a key whose value is the indented lines below
_YAML_WORDS = frozenset("true false yes no on off null y n".split())


def _simple_value(double: str | None, single: str | None, plain: str | None) -> str | None:
    """The string a matched value is in YAML, or None when YAML would read it otherwise (a bool,
    null, a number: `0x1f`, `123`)."""
    if double is not None:
        return double
    if single is not None:
        return single
    if plain[0].isdigit():
        # A digit first: an int, float, timestamp or sexagesimal unless a letter is in it, and 0b/0x are ints.
        return plain if not plain.isdigit() and not (plain[0] == "0" and plain[1:2].isalpha()) else None
    return None if plain.lower() in _YAML_WORDS else plain


def _simple_mapping(source: str) -> dict | None:
    """`key: "text"` lines, and one level of `key:` with indented `name: text` lines below, without
    YAML subtleties: read without YAML (most pages); else None."""
    result: dict = {}
    nested: dict | None = None  # the mapping the indented lines below a `key:` go into
    indent = ""
    for line in source.split("\n"):
        if not line:
            continue
        if line.isspace():
            return None
        if nested is not None and line[0] in " \t":
            if not indent:
                indent = line[:len(line) - len(line.lstrip(" "))]
                if not indent or line[len(indent)] == "\t":
                    return None
            if not line.startswith(indent) or line[len(indent)] in " \t":
                return None
            target, line = nested, line[len(indent):]
        else:
            if nested is not None and not nested:
                return None  # `key:` with nothing below is null
            nested = None
            parent = _SIMPLE_PARENT.fullmatch(line)
            if parent is not None:
                key = parent.group(1)
                if key in result or key.lower() in _YAML_WORDS:
                    return None
                nested = result[key] = {}
                indent = ""
                continue
            target = result
        match = _SIMPLE_ENTRY.fullmatch(line)
        if match is None:
            return None
        key, double, single, plain = match.groups()
        if key[0] == '"':
            key = key[1:-1]
        elif key.lower() in _YAML_WORDS:
            return None  # `on:` is the key True
        value = _simple_value(double, single, plain)
        if value is None or key in target:
            return None
        target[key] = value
    if nested is not None and not nested:
        return None
    return result


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?:[ \t]|$)")


def _duplicate_key(source: str) -> tuple[str, int] | None:
    """(key, 1-based line in `source`) of the first top-level key written twice, else None."""
    seen = set()
    for number, line in enumerate(source.split("\n"), start=1):
        match = _TOP_KEY.match(line)
        if match:
            key = match.group(1).strip("\"'")
            if key in seen:
                return key, number
            seen.add(key)
    return None


def parse_frontmatter(text: str) -> tuple[dict, int, str | None, int]:
    """(frontmatter, body offset, problem, problem line) of normalised page text.

    The frontmatter is {} when absent or malformed; a problem is a message for the page.
    """
    source, first_line, body = split_frontmatter(text)
    if body < 0:
        return {}, 0, "malformed frontmatter: the opening `---` is never closed", 1
    if source is None:
        return {}, body, None, 0
    simple = _simple_mapping(source)
    if simple is not None:
        return simple, body, None, 0
    duplicate = _duplicate_key(source)
    if duplicate is not None:  # PyYAML keeps the last one; the site's YAML parser refuses the page
        key, line = duplicate
        line += first_line - 1
        problem = f"malformed frontmatter: `{key}` is given twice (line {line}); a YAML mapping may not repeat a key"
        return {}, body, problem, line
    import yaml  # only pages with frontmatter pay for it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(source, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + first_line if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return {}, body, f"malformed frontmatter: {problem} (line {line})", line
    if data is None:
        return {}, body, None, 0
    if not isinstance(data, dict):
        return {}, body, f"malformed frontmatter: expected `key: value` lines, got a {type(data).__name__}", 1
    return data, body, None, 0
