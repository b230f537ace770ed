"""Routes that prose, headings, tables and notes name, with exact positions.

- `route_mentions`: `METHOD /path` written in prose, headings or tables;
- `inline_routes`: a path written alone as inline code (`` `/api/history` ``), in prose, tables and notes;
- `sentences`: each sentence (or table row) with the routes it names, for rules that read claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.docs.prose import cell_position, code_spans, prose, sentence_spans, text_position

_METHOD_PATH = re.compile(r"\b(GET|POST|PUT|DELETE|PATCH|HEAD)\s+`?((?:https?://[^\s/`]+)?/[^\s`'\"<>|)\]*,]*)")
_PATH_ONLY = re.compile(r"^`?(/[^\s`]*)`?$")
_METHOD_ONLY = re.compile(r"^`?(GET|POST|PUT|DELETE|PATCH|HEAD)`?$", re.I)  # a table's method cell: `GET` or get


@dataclass(frozen=True)
class RouteMention:
    method: str | None  # None for a path written alone (`inline_routes`)
    path: str
    line: int  # of the path's first character
    column: int
    source: str
    context: str  # the sentence, heading or table row it sits in
    kind: str  # "heading" | "paragraph" | ... | "table"


def route_mentions(page) -> list[RouteMention]:
    """`METHOD /path` in headings, prose and table cells; a table row with a method cell and a path cell."""
    found: list[RouteMention] = []
    for text in prose(page):
        for match in _METHOD_PATH.finditer(text.text):
            line, column = text_position(text, match.start(2) + _host_length(match.group(2)))
            found.append(RouteMention(match.group(1), _strip_host(match.group(2)), line, column, page.path,
                                      text.text, text.kind))
    for table in page.tables:
        for row in table.rows:
            row_text = " | ".join(row.cells)
            method = next((m.group(1).upper() for c in row.cells if (m := _METHOD_ONLY.match(c.strip()))), None)
            seen = False
            for index, cell in enumerate(row.cells):
                for match in _METHOD_PATH.finditer(cell):
                    line, column = cell_position(page, table, row, index, match.start(2) + _host_length(match.group(2)))
                    found.append(RouteMention(match.group(1), _strip_host(match.group(2)), line, column, table.source,
                                              row_text, "table"))
                    seen = True
            if method and not seen:
                for index, cell in enumerate(row.cells):
                    match = _PATH_ONLY.match(cell.strip())
                    if match:
                        offset = cell.index(match.group(1))
                        line, column = cell_position(page, table, row, index, offset)
                        found.append(RouteMention(method, match.group(1), line, column, table.source, row_text, "table"))
    return found


_BARE_PATH = re.compile(r"^/[\w{}<>$:.\-]+(?:/[\w{}<>$:.\-]*)*(?:\?[^\s`]*)?$")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def inline_routes(page) -> list[RouteMention]:
    """Paths written alone as inline code (`` `/api/jobs/{job_id}` ``) in prose, table cells and
    one-line components (`<Note>`), with the sentence or row around them; method None.

    A span already read as `METHOD /path` (a method before it, or in the row) is left to
    `route_mentions`.
    """
    found: list[RouteMention] = []
    taken = {(m.source, m.line, m.column) for m in route_mentions(page)}

    def spans(text: str, kind: str, position, source: str, context_of):
        for token, offset in code_spans(text):
            path = token.strip()
            if not _BARE_PATH.match(path) or path.startswith("//"):
                continue
            line, column = position(offset + token.index(path))
            if (source, line, column) not in taken:
                found.append(RouteMention(None, path, line, column, source, context_of(offset), kind))

    for text in page.texts:
        if "`/" not in text.text:
            continue
        body = _TAG.sub(lambda m: " " * len(m.group()), text.text) if text.kind == "jsx" else text.text
        sentences = list(sentence_spans(body))

        def context_of(offset, sentences=sentences):
            return next((s for start, s in sentences if start <= offset < start + len(s)), "")

        spans(body, text.kind, lambda offset, text=text: text_position(text, offset), page.path, context_of)
    for table in page.tables:
        for row in table.rows:
            row_text = " | ".join(row.cells)
            for index, cell in enumerate(row.cells):
                if "`/" in cell:
                    spans(cell, "table", lambda offset, table=table, row=row, index=index:
                          cell_position(page, table, row, index, offset), table.source, lambda offset, row_text=row_text: row_text)
    return found


@dataclass(frozen=True)
class Sentence:
    """A sentence of prose (or a table row, or a one-line component's text) and the routes it names."""

    text: str
    source: str
    routes: tuple  # (method or None, path, line, column) of each route written in it
    line: int
    column: int
    kind: str


def sentences(page, wanted=None, hint=None) -> list[Sentence]:
    """Every sentence of the page's prose, notes and table rows, with the routes named in it
    (`METHOD /path`, or a path alone as inline code); only those `wanted` (a pattern) finds,
    in text runs that `hint(text)` (a cheap test) lets through."""
    found: list[Sentence] = []
    for text in page.texts:
        if hint is not None and not hint(text.text) or wanted is not None and not wanted.search(text.text):
            continue
        body = _TAG.sub(lambda m: " " * len(m.group()), text.text) if text.kind == "jsx" else text.text
        for start, sentence in sentence_spans(body):
            if not sentence.strip() or wanted is not None and not wanted.search(sentence):
                continue
            routes = tuple((method, path, *text_position(text, start + offset)) for method, path, offset in _routes_in(sentence))
            found.append(Sentence(sentence.strip(), page.path, routes, *text_position(text, start), text.kind))
    for table in page.tables:
        for row in table.rows:
            if hint is not None and not any(hint(cell) for cell in row.cells) \
                    or wanted is not None and not any(wanted.search(cell) for cell in row.cells):
                continue
            routes = []
            for index, cell in enumerate(row.cells):
                routes += [(method, path, *cell_position(page, table, row, index, offset)) for method, path, offset in _routes_in(cell)]
            found.append(Sentence(" | ".join(row.cells), table.source, tuple(routes), row.line, 1, "table"))
    return found


def _routes_in(text: str):
    """(method or None, path, offset of the path) of each route a piece of prose names."""
    taken = set()
    for match in _METHOD_PATH.finditer(text):
        offset = match.start(2) + _host_length(match.group(2))
        taken.add(offset)
        yield match.group(1), _strip_host(match.group(2)), offset
    for token, offset in code_spans(text):
        path = token.strip()
        start = offset + token.find(path) if path else offset
        if _BARE_PATH.match(path) and not path.startswith("//") and start not in taken:
            yield None, path, start


_HOST = re.compile(r"^https?://[^/]+")


def _host_length(path: str) -> int:
    match = _HOST.match(path)
    return match.end() if match else 0


def _strip_host(path: str) -> str:
    return _HOST.sub("", path).rstrip(".:")


