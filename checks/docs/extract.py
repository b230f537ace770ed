"""Turn one MDX/Markdown file into a `Page`: blocks, tables, prose, imports, profile.

Extraction never raises for bad input: an unreadable file, bad frontmatter, an unclosed
fence or an unresolvable import becomes a Finding in `page.problems`. A page that
`worth_parsing` turns down (no fence, table, `/api/` route or snippet import) skips the
Markdown parse; its prose comes from `quick_texts`, which reads such pages the same way.

Text runs (`page.texts`) keep continuation lines verbatim (indentation, `> ` included),
so a match at offset i of `text` on its k-th line sits at column i - (last newline) of
line `text.line + k`; on the first line it is `text.column + i`.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import os
import re
from pathlib import Path

from checks.apispec.routes import api_roots
from checks.docs.config import Config
from checks.docs.discover import display_path, find_root, importers_of, relative_to_root, resolve_import, split_locale
from checks.docs.engine_codes import UNCLOSED_FENCE, UNREADABLE, UNRESOLVED_IMPORT, read_source
from checks.docs.findings import Finding
from checks.docs.mdx import block_tokens, split_info
from checks.docs.page import Block, Comment, Import, Page, Table, TableRow, Text
from checks.docs.profiles import invalid_profile_problem, resolve_profile
from checks.docs.quick_texts import clean_heading, quick_texts
from checks.docs.source import blank_comments, normalise, parse_frontmatter
from checks.docs.stages import stage

_IMPORT = re.compile(
    r"import\s+(?:([A-Za-z_$][\w$]*)\s*,?\s*)?(?:\{([^}]*)\}\s*)?(?:\*\s*as\s+([A-Za-z_$][\w$]*)\s*)?"
    r"from\s*(['\"])([^'\"\n]+)\4"
)
_COMPONENT = re.compile(r"<([A-Z][\w.]*)")
_TABLE_DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|", re.M)
_ROW_SEPARATOR = re.compile(r"\\.|\|")
_SNIPPET_SUFFIXES = (".mdx", ".md")
# Tokens extraction passes over: what they hold is read from their neighbours or not at all.
_NOT_READ = frozenset({"paragraph_close", "inline", "heading_close", "bullet_list_open", "bullet_list_close",
                       "ordered_list_open", "ordered_list_close", "hr", "table_close"})


def worth_parsing(text: str) -> bool:
    """False for pages with no fence, table, `/api/` route or import: the cheap path suffices."""
    return (
        "```" in text
        or "~~~" in text
        or any(root + "/" in text for root in api_roots())
        or ("import" in text and ("snippets/" in text or ".md" in text))
        or ("|" in text and _TABLE_DELIMITER.search(text) is not None)
    )


# Languages whose code may itself hold `<Component>` lines: there a tag is code, not swallowed MDX.
_MARKUP_LANGUAGES = frozenset({"jsx", "tsx", "html", "xml", "mdx", "md", "markdown", "vue", "svelte", "astro", "svg"})
_MDX_LINE = re.compile(r"^[ \t>]*(?:</?[A-Z][\w.]*[\s/>]|`{3,}[ \t]*[\w-]+|~{3,}[ \t]*[\w-]+)")


def _swallows(code_lines: list[str], language: str) -> bool:
    """True when an unclosed block's content holds what was meant as page content.

    A component tag (`<Tip>`, `</Steps>`) or a fence opening another tagged block cannot be
    the block's code (unless the block is markup itself): the author forgot the closing fence.
    """
    if language in _MARKUP_LANGUAGES:
        return any(re.match(r"^[ \t>]*(`{3,}|~{3,})[ \t]*[\w-]+", line) for line in code_lines)
    return any(_MDX_LINE.match(line) for line in code_lines)


@dataclasses.dataclass
class _Body:
    """What parsing one file yields before page-level facts (profile, locale) are added."""

    frontmatter: dict
    blocks: list
    tables: list
    texts: list
    imports: list
    comments: list
    problems: list
    cycles: list = dataclasses.field(default_factory=list)  # (render line, chain of file names)


class _Positions:
    """Absolute offset -> (line, column), both 1-based."""

    def __init__(self, text: str):
        self.starts = [0]
        find = text.find
        index = find("\n")
        while index >= 0:
            self.starts.append(index + 1)
            index = find("\n", index + 1)

    def of(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def _fence_block(token, lines, positions, path) -> tuple[Block, Finding | None]:
    start, content_end = token.map[0], token.meta["content_end"]
    fence_line, column = positions.of(token.meta["pos"])
    fence_prefix = lines[start][: column - 1]
    allowed = " \t>" if ">" in fence_prefix else " \t"
    code_lines = []
    for raw in lines[start + 1:content_end]:
        if not raw[: column - 1].strip(allowed):
            code_lines.append(raw[column - 1:])
        else:
            code_lines.append(raw.lstrip(allowed))
    language, title = split_info(token.info)
    closed = token.meta["closed"]
    first = min(start + 2, len(lines))
    end_line = content_end + 1 if closed else max(content_end, first)
    block = Block(
        language=language,
        title=title,
        code="".join(line + "\n" for line in code_lines),
        line=first,
        column=column,
        source=path,
        end_line=end_line,
        unclosed=not closed,
    )
    problem = None
    if not closed:
        if not token.meta["at_eof"]:
            where = f"line {content_end + 1}, where its list item or quote ends"
            problem = UNCLOSED_FENCE.finding("swallows", path, fence_line, column, markup=token.markup, where=where)
        elif _swallows(code_lines, language):
            problem = UNCLOSED_FENCE.finding("swallows", path, fence_line, column, markup=token.markup,
                                             where="the end of the file")
        else:
            problem = UNCLOSED_FENCE.finding("at_end", path, fence_line, column, markup=token.markup)
    return block, problem


def _split_row(src: str, start: int, end: int, positions: _Positions) -> tuple[list[str], list[int]]:
    """Cells of a table row between offsets, honouring `\\|`; (texts, 1-based columns)."""
    row = src[start:end].rstrip()
    bounds = []
    begin = 0
    for match in _ROW_SEPARATOR.finditer(row):  # a backslash takes the next character with it
        if match.group() == "|":
            bounds.append((begin, match.start()))
            begin = match.end()
    bounds.append((begin, len(row)))
    if bounds and not row[bounds[0][0]:bounds[0][1]].strip():
        bounds.pop(0)
    if bounds and not row[bounds[-1][0]:bounds[-1][1]].strip() and row.endswith("|"):
        bounds.pop()
    cells, columns = [], []
    line_start = start - positions.of(start)[1] + 1  # a row is one line
    for left, right in bounds:
        raw = row[left:right]
        stripped = raw.strip()
        cells.append(stripped.replace("\\|", "|"))
        offset = start + left + (len(raw) - len(raw.lstrip())) if stripped else start + left
        columns.append(offset - line_start + 1)
    return cells, columns


def _table(token, src, positions, path) -> Table:
    """The Table of a `table_open` token: its rows (header first) split into cells here."""
    rows = []
    header: list[str] = []
    width = 0
    for row_line, start, end in token.meta["rows"]:
        cells, columns = _split_row(src, start, end, positions)
        if not header:
            header, width = cells, len(cells)
            continue
        line_end = positions.of(end)[1]
        cells, columns = cells[:width], columns[:width]
        while len(cells) < width:
            cells.append("")
            columns.append(line_end)
        rows.append(TableRow(tuple(cells), row_line + 1, tuple(columns)))
    return Table(tuple(header), tuple(rows), token.map[0] + 1, path)


def _heading_text(token, inline, src, positions) -> tuple[str, int, int]:
    pos = token.meta["pos"]
    if token.meta.get("setext"):
        end = positions.starts[inline.map[1]] - 1  # the newline before the underline
        text = src[pos:end].rstrip()
    else:
        end = src.find("\n", pos)
        end = len(src) if end < 0 else end
        pos = pos + len(src[pos:end]) - len(src[pos:end].lstrip("#"))
        pos += len(src[pos:end]) - len(src[pos:end].lstrip(" \t"))
        text = src[pos:end]
    line, column = positions.of(pos)
    return clean_heading(text), line, column


def _looked_for(target: str, path: str, root: Path) -> str:
    """Where an import was looked for, as the docs tree names it (never a path of this machine)."""
    if target.startswith(("/", "snippets/")):
        return "`" + target.lstrip("/") + "`"
    base = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(path)), target))
    return "`" + (relative_to_root(base, root) or os.path.basename(target)) + "` (relative to the page)"


def _imports(token, positions, path, root, problems) -> list[tuple[Import, bool, str | None]]:
    """(Import, is a default import, absolute resolved path) for each name an ESM token imports."""
    found = []
    base = token.meta["pos"]
    for match in _IMPORT.finditer(token.content):
        target = match.group(5)
        if not target.startswith(("/", ".", "snippets/")):
            continue  # a package import, not a snippet file
        line, _ = positions.of(base + match.start())
        resolved = resolve_import(target, path, root)
        if resolved is None:
            column = positions.of(base + match.start(5))[1]
            problems.append(UNRESOLVED_IMPORT.finding("missing", path, line, column, target=target,
                                                      looked=_looked_for(target, path, root)))
        shown = display_path(resolved, path) if resolved else None
        names = []
        if match.group(1):
            names.append((match.group(1), True))
        for part in (match.group(2) or "").split(","):
            local = part.split(" as ")[-1].strip()
            if local:
                names.append((local, False))
        if match.group(3):
            names.append((match.group(3), False))
        for name, default in names:
            found.append((Import(name, target, line, shown), default, resolved))
    return found


def _head(path: str, text: str) -> tuple[dict, str, list, list]:
    """(frontmatter, the text to parse, comments, problems): frontmatter and `{/* */}` comments blanked."""
    problems: list = []
    frontmatter, body, problem, problem_line = parse_frontmatter(text) if text.startswith("---") else ({}, 0, None, 0)
    if problem:
        problems.append(UNREADABLE.finding("frontmatter", path, problem_line, 1, problem=problem))
    src = ("\n" * text.count("\n", 0, body)) + text[body:] if body else text
    src, raw_comments = blank_comments(src)
    comments = [Comment(inner, line, end_line) for inner, line, end_line in raw_comments]
    return frontmatter, src, comments, problems


def may_hold_code(src: str) -> bool:
    """Whether parsing can find a block, an import or a problem: only with a fence or an import statement."""
    return "```" in src or "~~~" in src or ("import" in src and _IMPORT.search(src) is not None)


def _parse(path: str, text: str, root: Path, follow_imports: bool, stack: tuple) -> _Body:
    """Blocks, tables, prose, imports and comments of normalised text, snippets spliced in."""
    frontmatter, src, comments, problems = _head(path, text)
    return _parse_body(path, text, src, frontmatter, comments, problems, root, follow_imports, stack)


def _parse_body(path, text, src, frontmatter, comments, problems, root, follow_imports, stack) -> _Body:
    if not worth_parsing(src):
        return _Body(frontmatter, [], [], quick_texts(src), [], comments, problems)
    lines = text.split("\n")
    positions = _Positions(src)
    tokens = block_tokens(src)
    events: list = []  # Blocks, Tables and ("render", name, line) in page order
    texts: list[Text] = []
    imports: list = []
    containers: list[str] = []
    starts = positions.starts
    for index, token in enumerate(tokens):
        kind = token.type
        if kind in _NOT_READ:
            continue
        if kind == "paragraph_open":  # the commonest token read
            first, last = token.map[0], token.map[1] - 1
            end = starts[last + 1] - 1 if last + 1 < len(starts) else len(src)
            pos = token.meta["pos"]
            line, column = first + 1, pos - starts[first] + 1  # a paragraph starts on its first line
            prose = src[pos:end].rstrip()
            context = containers[-1] if containers else ""
            kind_of = "list_item" if context == "list_item_open" else "blockquote" if context else "paragraph"
            texts.append(Text(prose, line, column, kind_of))
            if "<" in prose:
                events.extend(("render", name, line) for name in _COMPONENT.findall(prose))
        elif kind == "fence":
            block, problem = _fence_block(token, lines, positions, path)
            events.append(block)
            if problem:
                problems.append(problem)
        elif kind in ("list_item_open", "blockquote_open"):
            containers.append(kind)
        elif kind in ("list_item_close", "blockquote_close"):
            containers.pop()
        elif kind == "heading_open":
            prose, line, column = _heading_text(token, tokens[index + 1], src, positions)
            texts.append(Text(prose, line, column, "heading", int(token.tag[1:])))
        elif kind == "jsx":
            line, column = positions.of(token.meta["pos"])
            texts.append(Text(token.content, line, column, "jsx"))
            events.extend(("render", name, line) for name in _COMPONENT.findall(token.content))
        elif kind == "esm":
            imports.extend(_imports(token, positions, path, root, problems))
        elif kind == "table_open":
            events.append(_table(token, src, positions, path))
    _missing_and_rendered(problems, imports, events, path, root)
    blocks, tables, cycles = _splice(events, imports, path, root, follow_imports, stack)
    return _Body(frontmatter, blocks, tables, texts, [entry[0] for entry in imports], comments, problems, cycles)


def _missing_and_rendered(problems, imports, events, path, root) -> None:
    """A missing snippet whose component the page renders: the page will not build (an error)."""
    rendered = {event[1] for event in events if isinstance(event, tuple)}
    missing = {(entry.line, entry.name): entry for entry, default, resolved in imports if resolved is None and default}
    for index, problem in enumerate(problems):
        if problem.code != UNRESOLVED_IMPORT.code:
            continue
        entry = next((e for (line, name), e in missing.items() if line == problem.line and name in rendered), None)
        if entry is not None:
            problems[index] = UNRESOLVED_IMPORT.finding("missing_rendered", path, problem.line, problem.column,
                                                        target=entry.target, looked=_looked_for(entry.target, path, root),
                                                        name=entry.name)


def _splice(events, imports, path, root, follow_imports, stack) -> tuple[list, list, list]:
    """Blocks and tables in render order, each `<Snippet />` replaced by the snippet's own.

    Also returns the import cycles met, as (render line on this page, chain of file names).
    """
    components = {entry[0].name: entry for entry in imports if entry[1]}
    blocks: list[Block] = []
    tables: list[Table] = []
    cycles: list[tuple[int, str]] = []
    for event in events:
        if isinstance(event, Block):
            blocks.append(event)
        elif isinstance(event, Table):
            tables.append(event)
        elif follow_imports and event[1] in components:
            _, _, resolved = components[event[1]]
            if resolved is None or not resolved.endswith(_SNIPPET_SUFFIXES):
                continue
            if resolved in stack:
                cycles.append((event[2], " -> ".join(os.path.basename(p) for p in (*stack, resolved))))
                continue
            snippet_blocks, snippet_tables, snippet_cycles = _snippet(resolved, root, stack)
            cycles.extend((event[2], chain) for _, chain in snippet_cycles)
            for block in snippet_blocks:
                blocks.append(dataclasses.replace(block, source=display_path(block.source, path), via_import=event[1]))
            tables.extend(dataclasses.replace(t, source=display_path(t.source, path)) for t in snippet_tables)
    return blocks, tables, cycles


_SNIPPETS: dict[tuple, tuple[list, list, list]] = {}


def _snippet(absolute: str, root: Path, stack: tuple) -> tuple[list, list, list]:
    """Blocks, tables and import cycles of a snippet (sources absolute), cached per file version.

    A result cut short by a cycle depends on who asked, so it is not cached.
    """
    try:
        status = os.stat(absolute)
    except OSError:
        return [], [], []
    key = (absolute, status.st_mtime_ns, status.st_size, str(root))
    cached = _SNIPPETS.get(key)
    if cached is None:
        text, _ = read_source(absolute)
        if text is None:
            return [], [], []
        body = _parse(absolute, normalise(text), root, True, (*stack, absolute))
        cached = (body.blocks, body.tables, body.cycles)
        if not body.cycles:
            _SNIPPETS[key] = cached
    return cached


def _page_facts(page: Page, config: Config, root: Path) -> None:
    """Locale, mirror, snippet-ness, importers and profile: facts about where the page lives."""
    relative = relative_to_root(page.path, root)
    if relative is not None:
        locale, english = split_locale(relative, config.locales)
        if english is not None:
            page.locale = locale
            page.mirror_of = display_path(os.path.join(root, english), page.path)
        page.is_snippet = (english or relative).startswith("snippets/")
        if page.is_snippet:
            page.importers = importers_of(page.path, root)
    problem = invalid_profile_problem(page.path, page.frontmatter, page.text)
    if problem:
        page.problems.append(problem)
    page.profile, page.profile_reason = resolve_profile(page.path, page.frontmatter, config, root, relative=relative,
                                                        text=page.text)


def extract_page(path: str, text: str | None = None, *, config: Config | None = None,
                 root: Path | None = None, follow_imports: bool = True, lazy: bool = True) -> Page:
    """The Page for `path` (read from disk when `text` is None); never raises for bad input.

    With `lazy`, a page with no fence and no import is parsed when its tables or prose are first read.
    """
    with stage("parse"):
        return _extract(str(path), text, config, root, follow_imports, lazy)


def _extract(path: str, text: str | None, config: Config | None, root, follow_imports: bool, lazy: bool) -> Page:
    config = config or Config()
    if text is None:
        text, problem = read_source(path)
        if text is None:
            return Page(path=path, text="", problems=[problem])
    text = normalise(text)
    root = Path(root) if root is not None else find_root(path, config)
    frontmatter, src, comments, problems = _head(path, text)
    if lazy and not may_hold_code(src):  # no block, import or parse problem can come: tables and prose when read
        page = Page.later(functools.partial(_fill_later, root=root), path=path, text=text, frontmatter=frontmatter,
                          comments=comments, problems=problems)
    else:
        stack = (os.path.normpath(os.path.abspath(path)),)
        body = _parse_body(path, text, src, frontmatter, comments, problems, root, follow_imports, stack)
        page = Page(
            path=path, text=text, frontmatter=body.frontmatter, blocks=body.blocks, tables=body.tables,
            texts=body.texts, imports=body.imports, comments=body.comments, problems=body.problems,
        )
        for line, chain in body.cycles:
            page.problems.append(UNRESOLVED_IMPORT.finding("cycle", path, line, 1, chain=chain))
    _page_facts(page, config, root)
    return page


def _fill_later(page: Page, root: Path) -> None:
    """Parse the tables and prose of a lazily extracted page (one with no fence or import)."""
    with stage("parse"):
        _, src, _, _ = _head(page.path, page.text)
        body = _parse_body(page.path, page.text, src, page.frontmatter, page.comments, [], root, False, ())
        page.tables, page.texts = body.tables, body.texts


def clear_caches() -> None:
    """Forget snippet contents, frontmatter reads and import indexes."""
    from checks.docs import discover, profiles

    _SNIPPETS.clear()
    profiles._frontmatter_of.cache_clear()
    discover.clear_caches()
