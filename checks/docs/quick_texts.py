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
_ORDERED = re.compile(r"[ \t]*(\d{1,9})[.)]")
_QUOTE = re.compile(r"[ \t]*>[ \t]*")
_RULE_LINE = re.compile(r"(?:[-*_][ \t]*){3,}$")
_SETEXT = re.compile(r"(?:=+|-+)$")
_BARE_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])$")


def clean_heading(text: str) -> str:
    """Heading text without closing `#`s or a Mintlify anchor: `Sort {#sort}` -> `Sort`."""
    return _ANCHOR.sub("", _CLOSING_HASHES.sub("", text.rstrip()))


def quick_texts(src: str) -> list[Text]:
    """Prose of a page with no fence or table, found line by line (no Markdown parse needed)."""
    texts: list[Text] = []
    run: list[str] = []  # lines of the current paragraph / list item / quote
    start = (0, 0, "")  # its line index, column and kind
    tag: list = []  # a JSX tag whose attributes run over several lines: [line index, column, lines]
    items: list[int] = []  # content indents of the (nested) list items we are in
    in_esm = False
    for index, line in enumerate(src.split("\n")):
        stripped = line.strip()
        if in_esm:  # an import/export statement runs to the next blank line, as in MDX
            in_esm = bool(stripped)
            continue
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
                start = _paragraph_start(line, index, items)
            run.append(line)
            continue
        special = _special(line, stripped, index)
        if special is None:  # a plain line after all
            if not run:
                start = _paragraph_start(line, index, items)
            run.append(line)
            continue
        kind, value = special
        if kind == "setext" and run and start[2] == "paragraph":
            level = 1 if stripped[0] == "=" else 2
            texts.append(Text("\n".join(run)[start[1] - 1:].rstrip(), start[0] + 1, start[1], "heading", level))
            run = []
            continue
        if kind == "setext" and stripped == "-":
            kind = "bare"  # with no paragraph above, a lone `-` is an empty list item
        if run and (kind == "esm" or (kind == "bare" and start[2] == "paragraph")):
            run.append(line)  # neither may interrupt a paragraph: it goes on
            continue
        if kind == "setext" and (stripped[0] == "=" or stripped == "--"):  # text, with no paragraph above
            if not run:
                start = _paragraph_start(line, index, items)
            run.append(line)
            continue
        if kind == "run" and run and (start[2] == "blockquote" == value[2] or (
                start[2] == "paragraph" and value[2] == "list_item" and not _can_interrupt(line))):
            run.append(line)  # the quote goes on, or `2. x` continues a paragraph (CommonMark)
            continue
        if items and stripped and kind != "bare" and (kind != "run" or value[2] != "list_item"):
            _close_items(items, _width(line, len(line) - len(line.lstrip())))  # a heading, JSX line, quote...
        if run:
            texts.append(Text("\n".join(run)[start[1] - 1:].rstrip(), start[0] + 1, start[1], start[2]))
            run = []
        if kind == "esm":
            in_esm = True
        elif kind == "text":
            texts.append(value)
        elif kind == "tag":
            tag = value
        elif kind == "bare":  # an empty list item; the lines indented under it are its content
            _close_items(items, _width(line, len(line) - len(line.lstrip())))
            items.append(_width(line, len(line.rstrip())) + 1)
        elif kind == "run":
            start = value
            run = [line]
            if value[2] == "list_item":
                _close_items(items, _width(line, len(line) - len(line.lstrip())))
                items.append(_width(line, value[1] - 1))
    if run:
        texts.append(Text("\n".join(run)[start[1] - 1:].rstrip(), start[0] + 1, start[1], start[2]))
    if tag:
        joined = "\n".join(tag[2])
        texts.append(Text(joined[tag[1] - 1:].rstrip(), tag[0] + 1, tag[1], "jsx"))
    return texts


def _paragraph_start(line: str, index: int, items: list[int]) -> tuple:
    """Where a paragraph starts; one indented under a list item belongs to that item."""
    indent = len(line) - len(line.lstrip())
    if items:
        _close_items(items, _width(line, indent))
    return (index, indent + 1, "list_item" if items else "paragraph")


def _close_items(items: list[int], indent: int) -> None:
    """Leave the list items whose content is indented deeper than a line starting at `indent`."""
    while items and items[-1] > indent:
        items.pop()


def _width(line: str, characters: int) -> int:
    """Columns taken by the first `characters` of a line, tabs stopping every 4 as in CommonMark."""
    prefix = line[:characters]
    return len(prefix.expandtabs(4)) if "\t" in prefix else characters


def _can_interrupt(line: str) -> bool:
    """A list item may interrupt a paragraph unless it is ordered and does not start at 1."""
    number = _ORDERED.match(line)
    return number is None or int(number.group(1)) == 1


_SPECIAL_STARTS = frozenset("#<>-*+=_0123456789ie")


def _special(line: str, stripped: str, index: int):
    """What a line that may open something is: (kind, value), or None for a plain line.

    Kinds: "end" (blank line or rule), "setext" (underline), "bare" (empty list item),
    "esm", "text" (a heading or JSX line, as a Text), "tag" (a JSX tag going on over
    lines), "run" (a list item or quote starting: line index, column, kind).
    """
    if not stripped:
        return "end", None
    if _SETEXT.match(stripped):
        return "setext", None  # an underline under a paragraph; else `---` is a rule
    if _RULE_LINE.match(stripped):
        return "end", None
    if _BARE_MARKER.match(stripped):
        return "bare", None  # an empty list item
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
        return ("esm", None) if not indent and ESM_START.match(line) else None
    if first_char == ">":
        return "run", (index, _QUOTE.match(line).end() + 1, "blockquote")
    marker = _LIST_MARKER.match(line)
    return ("run", (index, marker.end() + 1, "list_item")) if marker else None
