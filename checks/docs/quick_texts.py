"""Prose of a page with no fence or table, read line by line: no Markdown parse needed.

Most docs pages are like that, so this is the fast path of extraction. It yields the
same `Text` runs (kind, line, column, text) the full parse would for such a page.
"""

from __future__ import annotations

import re

from checks.docs.mdx import ESM_START, JSX_START, jsx_tag_end
from checks.docs.page import Text

_ANCHOR = re.compile(r"\s*\{#[^}]*\}\s*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")
_QUOTE = re.compile(r"[ \t]*>[ \t]?")
_RULE_LINE = re.compile(r"(?:[-=*_][ \t]*){3,}$")


def clean_heading(text: str) -> str:
    """Heading text without closing `#`s or a Mintlify anchor: `Sort {#sort}` -> `Sort`."""
    return _ANCHOR.sub("", _CLOSING_HASHES.sub("", text.rstrip()))


def quick_texts(src: str) -> list[Text]:
    """Prose of a page with no fence or table, found line by line (no Markdown parse needed)."""
    texts: list[Text] = []
    run: list[str] = []  # lines of the current paragraph / list item / quote
    start = (0, 0, "")  # its line index, column and kind
    tag: list = []  # a JSX tag whose attributes run over several lines: [line index, column, lines]
    for index, line in enumerate(src.split("\n")):
        stripped = line.strip()
        if tag:
            if stripped:
                tag[2].append(line)
            joined = "\n".join(tag[2])
            if not stripped or jsx_tag_end(joined, tag[1] - 1, len(joined)) >= 0:
                texts.append(Text(joined[tag[1] - 1:].rstrip(), tag[0] + 1, tag[1], "jsx"))
                tag = []
            continue
        first_char = stripped[:1]
        if first_char and first_char not in _SPECIAL_STARTS:  # most prose lines end here
            if not run:
                start = (index, len(line) - len(line.lstrip()) + 1, "paragraph")
            run.append(line)
            continue
        special = _special(line, stripped, index)
        if special is None:  # a plain line after all
            if not run:
                start = (index, len(line) - len(line.lstrip()) + 1, "paragraph")
            run.append(line)
            continue
        kind, value = special
        if run:
            prose = "\n".join(run)[start[1] - 1:].rstrip()
            if kind == "end" and start[2] == "paragraph" and stripped[:1] in ("-", "=") and not stripped.strip(stripped[0]):
                texts.append(Text(prose, start[0] + 1, start[1], "heading", 1 if stripped[0] == "=" else 2))  # setext
            else:
                texts.append(Text(prose, start[0] + 1, start[1], start[2]))
            run = []
        if kind == "text":
            texts.append(value)
        elif kind == "tag":
            tag = value
        elif kind == "run":
            start = value
            run = [line]
    if run:
        texts.append(Text("\n".join(run)[start[1] - 1:].rstrip(), start[0] + 1, start[1], start[2]))
    if tag:
        joined = "\n".join(tag[2])
        texts.append(Text(joined[tag[1] - 1:].rstrip(), tag[0] + 1, tag[1], "jsx"))
    return texts


_SPECIAL_STARTS = frozenset("#<>-*+=_0123456789ie")


def _special(line: str, stripped: str, index: int):
    """How a line that may open something ends the current run: ("end"|"text"|"tag"|"run", value), or None."""
    if not stripped or _RULE_LINE.match(stripped):
        return "end", None
    indent = len(line) - len(line.lstrip())
    first_char = stripped[0]
    if first_char == "#":
        level = len(stripped) - len(stripped.lstrip("#"))
        if level <= 6 and stripped[level:level + 1] in (" ", "\t", ""):
            rest = line[indent + level:]
            column = indent + level + 1 + len(rest) - len(rest.lstrip())
            heading = clean_heading(line[column - 1:])
            return "text", Text(heading, index + 1, column, "heading", level)
        return None
    if first_char == "<":
        if not JSX_START.match(stripped):
            return None
        if jsx_tag_end(line, indent, len(line)) < 0:
            return "tag", [index, indent + 1, [line]]
        return "text", Text(line[indent:].rstrip(), index + 1, indent + 1, "jsx")
    if first_char in "ie":
        return ("end", None) if not indent and ESM_START.match(line) else None
    if first_char == ">":
        return "run", (index, _QUOTE.match(line).end() + 1, "blockquote")
    marker = _LIST_MARKER.match(line)
    return ("run", (index, marker.end() + 1, "list_item")) if marker else None
