"""`jobs-checks lint --suggest v2`: what a v1 page must change to use the successor API.

For each v1 page (English pages; translations follow theirs) every v1 call is listed with the
call that replaces it, and beside it the credentials header, the status words the code
compares answers with, and the job fields it reads, each with the successor's spelling.
Everything comes from the successor profile's spec (`checks.apispec.migration`); nothing is
changed on disk.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass

from checks.docs.prose_routes import route_mentions
from checks.samples.answers import answer_comparisons
from checks.samples.literals import family_of, page_names, read_block, walk_objects
from checks.samples.requests import find_requests
from checks.apispec import PROFILES, spec_for
from checks.apispec.migration import migration


@dataclass(frozen=True)
class Suggestion:
    path: str
    line: int
    column: int
    kind: str  # "call" | "mention" | "header" | "status" | "field"
    was: str
    becomes: str | None  # None: the successor has no equivalent (`note` says what to do)
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def moved_calls(requests, tables):
    """(request, move, the call as written) for each call whose route the successor replaces."""
    for request in requests:
        move = tables.route_for(request.method, request.path) if request.path else None
        if move is not None:
            yield request, move, f"{request.method} {request.path}" if request.method else request.path


def page_suggestions(page, tables) -> list[Suggestion]:
    """The suggestions for one page, in page order."""
    found: list[Suggestion] = []
    for block in page.blocks:
        if family_of(block.language) not in ("python", "js", "shell"):
            continue
        names = page_names(page, block)
        requests = find_requests(block, names)
        for request, move, shown in moved_calls(requests, tables):
            found.append(Suggestion(request.source, request.path_line, request.path_column, "call", shown,
                                    move.target, move.note))
        for use in answer_comparisons(block, requests):
            for value in use.values:
                if value.text in tables.statuses:
                    found.append(Suggestion(block.source, *block.position(value.line, value.column), "status",
                                            value.text, tables.statuses[value.text]))
        values = read_block(block, names)
        for obj in values.objects:
            for inner, _ in walk_objects(obj):
                for entry in inner.entries:
                    wanted = next((v for h, v in tables.headers.items() if h.lower() == entry.key.lower()), None)
                    line, column = entry.key_start
                    code_lines = block.code.split("\n")
                    written = 0 < line <= len(code_lines) and code_lines[line - 1][column - 1:].lstrip("\"'").startswith(entry.key)
                    if wanted and written:
                        found.append(Suggestion(block.source, *block.position(*entry.key_start), "header", entry.key, wanted))
        for string in values.strings:
            header = next((h for h in tables.headers if string.text.lower().startswith(h.lower() + ":")), None)
            if header:
                found.append(Suggestion(block.source, *block.position(*string.at(0)), "header", header, tables.headers[header]))
            elif string.text in tables.fields:
                found.append(Suggestion(block.source, *block.position(*string.at(0)), "field", string.text,
                                        tables.fields[string.text]))
    for mention in route_mentions(page):
        move = tables.route_for(mention.method, mention.path)
        if move is not None:
            found.append(Suggestion(mention.source, mention.line, mention.column, "mention",
                                    f"{mention.method} {mention.path}", move.target, move.note))
    unique = {(s.path, s.line, s.column, s.kind): s for s in found}
    return sorted(unique.values(), key=lambda s: (s.path, s.line, s.column))


def suggest(paths: list[str], config, target: str) -> tuple[list[Suggestion], int]:
    """(suggestions, pages read) for the v1 pages under `paths`, moving to profile `target`."""
    from checks.docs.discover import discover, with_site_locales
    from checks.docs.extract import extract_page

    tables = migration(spec_for(target))
    if tables is None:
        raise ValueError(f"profile {target!r} replaces no v1 route")
    config = with_site_locales(config, paths)
    found, pages = [], 0
    for path in discover(list(paths), config, published_only=True):
        page = extract_page(os.path.normpath(path), config=config, root=config.root)
        if page.mirror_of or page.profile not in (None, *PROFILES):
            continue
        pages += 1
        found.extend(page_suggestions(page, tables))
    unique = {(s.path, s.line, s.column, s.kind): s for s in found}  # a snippet is read where it renders and on its own
    return sorted(unique.values(), key=lambda s: (s.path, s.line, s.column)), pages


def render_text(suggestions: list[Suggestion], pages: int, target: str) -> str:
    lines, current = [], None
    for item in suggestions:
        if item.path != current:
            current = item.path
            lines.append(item.path)
        becomes = f"`{item.becomes}`" if item.becomes else "(no equivalent)"
        note = f"  ({item.note})" if item.note else ""
        what = {"status": "status ", "field": "field ", "header": "header "}.get(item.kind, "")
        lines.append(f"  {item.line}:{item.column}  {what}`{item.was}` -> {becomes}{note}")
    files = len({s.path for s in suggestions})
    lines.append(f"{len(suggestions)} changes in {files} files to move {pages} v1 pages to {target}")
    return "\n".join(lines) + "\n"
