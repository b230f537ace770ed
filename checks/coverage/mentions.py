"""What a page says, cut into passages, and whether a passage mentions a route, name or status.

A passage is one prose run or heading, one table row, or one code block (snippets rendered
where they are imported), with the section it sits in: the stretch of the page under one
heading of the page's top heading level. The questions are deliberately about words reaching
a reader, not about whether they are right (that is the linter's job):

- a route: a path of the operation (or an alias) in any passage; `{job_id}`, `$JOB_ID`,
  `${id}`, `<id>` and `:id` all fill a path template, a host before the path is ignored;
- a parameter: a backticked name or a table cell in prose, `name=` or a quoted name or a
  `name:` key in Python, JavaScript or shell code (a JSON block is a body, not a query);
  a plain prose word counts only when it has an underscore (`sort_by`);
- an enum value: in a passage that also names its parameter, as a backticked word or cell
  in prose, as a whole quoted string or a `=value` / `,value` query value in code;
- a field: like a parameter in prose; in code a JSON key, a subscript or `.get("x")`, an
  attribute, or a TypeScript member;
- a status: a standalone number in prose, a table or a heading; in code the block's title
  (`json 404`) or a comparison such as `status === 404`;
- a caveat: every evidence pattern of its marker matches one prose passage (not code).
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

from checks.samples.literals import family_of
from checks.samples.requests import page_requests
from checks.docs.page import Page
from checks.apispec import Spec

REQUEST_FAMILIES = ("python", "js", "shell")

_HOST = r"(?:[a-zA-Z][\w+.-]*://[^/\s\"'`<>()]*)?"
_ROUTE = re.compile(_HOST + r"(/[\w{}$<>:.%~\-/]*)")
_PLACEHOLDER = re.compile(r"\$\{[^}]*\}|\{[^}/]*\}|\$\w+|<[^>/]*>|(?<=/):\w+")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_TOKEN = re.compile(r"[\w-]+")
_UNDERSCORED = re.compile(r"\b[A-Za-z]\w*_\w*\b")
_COMPONENT = re.compile(r"<([A-Z][\w.]*)")


@dataclass(frozen=True)
class Section:
    page: str
    title: str  # heading text, or the page title for what precedes the first heading
    line: int


@dataclass(frozen=True)
class Passage:
    kind: str  # "prose" | "heading" | "table" | "code"
    text: str
    source: str  # file the passage lives in (a snippet for blocks rendered from one)
    line: int
    section: Section
    language: str = ""  # code: first word of the info string
    title: str = ""  # code: the rest of the info string
    cells: tuple[str, ...] = ()  # table rows

    @property
    def is_prose(self) -> bool:
        return self.kind != "code"


# -- passages -----------------------------------------------------------------------------


def _sections(page: Page) -> list[Section]:
    headings = [t for t in page.texts if t.kind == "heading"]
    title = str(page.frontmatter.get("title", "")) if page.frontmatter else ""
    sections = [Section(page.path, title, 1)]
    if headings:
        top = min(h.level for h in headings)
        sections += [Section(page.path, h.text, h.line) for h in headings if h.level == top]
    return sections


def _section_at(sections: list[Section], line: int) -> Section:
    found = sections[0]
    for section in sections[1:]:
        if section.line > line:
            break
        found = section
    return found


def passages(page: Page) -> list[Passage]:
    """Every passage of a page in reading order; a rendered snippet's blocks sit where it is rendered."""
    sections = _sections(page)
    own = os.path.normpath(page.path)
    renders: dict[str, int] = {}
    found: list[tuple[int, Passage]] = []  # (line on this page, passage)
    for text in page.texts:
        for name in _COMPONENT.findall(text.text):
            renders.setdefault(name, text.line)
        if text.kind != "jsx":
            kind = "heading" if text.kind == "heading" else "prose"
            found.append((text.line, Passage(kind, text.text, page.path, text.line, _section_at(sections, text.line))))
    for table in page.tables:
        for row in table.rows:
            at = row.line if os.path.normpath(table.source) == own else 0
            found.append((at, Passage("table", " | ".join(row.cells), table.source, row.line,
                                      _section_at(sections, at), cells=row.cells)))
    for block in page.blocks:
        at = block.line if os.path.normpath(block.source) == own else renders.get(block.via_import or "", 0)
        found.append((at, Passage("code", block.code, block.source, block.line, _section_at(sections, at),
                                  block.language, block.title)))
    return [passage for _, passage in sorted(found, key=lambda entry: entry[0])]


# -- routes -------------------------------------------------------------------------------


def route_paths(text: str) -> list[str]:
    """Path-like words of a text, placeholders written `{}` so they fill any path template."""
    paths = []
    for match in _ROUTE.finditer(text):
        path = _PLACEHOLDER.sub("{}", match.group(1)).rstrip("/.:")
        if len(path) > 1:
            paths.append(path)
    return paths


@functools.lru_cache(maxsize=4096)
def _operations_of_path(spec: Spec, path: str) -> tuple[str, ...]:
    return tuple(op.operation_id for op in spec.match_path(path) if op.jobs_api)


def routes_named(passage: Passage, spec: Spec) -> set[str]:
    """operationIds whose route the passage names."""
    found: set[str] = set()
    for path in route_paths(passage.text):
        found.update(_operations_of_path(spec, path))
    return found


def requests_made(page: Page, spec: Spec) -> list[tuple[str, str, int, tuple[str, ...]]]:
    """(operationId, source, line, query names) of each request a page's code makes."""
    found = []
    for request in page_requests(page):
        if not request.path:
            continue
        path = _PLACEHOLDER.sub("{}", request.path)
        for op in (op for op in spec.match_path(path, request.method) if op.jobs_api):
            found.append((op.operation_id, request.source, request.line, tuple(q.name for q in request.query)))
    return found


# -- names and values ---------------------------------------------------------------------


def _prose_words(passage: Passage) -> set[str]:
    """Words a prose passage shows as code (backticks, whole table cells) or as identifiers."""
    words: set[str] = set()
    for match in _CODE_SPAN.finditer(passage.text):
        words.update(_TOKEN.findall(match.group(2)))
    words.update(_UNDERSCORED.findall(_CODE_SPAN.sub(" ", passage.text)))
    for cell in passage.cells:
        bare = cell.strip().strip("`").strip()
        if bare:
            words.add(bare)
    return words


@functools.lru_cache(maxsize=8192)
def _code_pattern(kind: str, name: str) -> re.Pattern:
    word = re.escape(name)
    if kind == "parameter":
        return re.compile(rf"(?:^|[?&\s\"'`(,]){word}=|[\"'`]{word}[\"'`]|(?<![\w.$\"'-]){word}\??\s*:(?!:)", re.M)
    if kind == "value":
        return re.compile(rf"[\"'`]{word}[\"'`](?!\s*:)|[=,]{word}(?![\w-])")
    if kind == "field":
        return re.compile(
            rf"[\"'`]{word}[\"'`]\s*[:\]),]|\.{word}\b(?!\s*\()|(?<![\w.$\"'-]){word}\??\s*:(?!:)")
    raise ValueError(kind)


def says_name(passage: Passage, kind: str, name: str) -> bool:
    """Whether the passage mentions a parameter or field name (kind "parameter" or "field")."""
    if passage.is_prose:
        return name in _prose_words(passage)
    if kind == "parameter" and not makes_requests(passage):
        return False  # a JSON block is a body: its keys are fields, not query parameters
    return _code_pattern(kind, name).search(passage.text) is not None


def says_value(passage: Passage, parameter: str, value: str) -> bool:
    """Whether the passage names the parameter and shows this value of it."""
    if not says_name(passage, "parameter", parameter):
        return False
    if passage.is_prose:
        return value in _prose_words(passage)
    return _code_pattern("value", value).search(passage.text) is not None


# -- statuses and caveats -----------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _status_patterns(status: str) -> tuple[re.Pattern, re.Pattern]:
    prose = re.compile(rf"(?<![\w.:/-]){status}(?![\w:/-]|\.\d)")
    code = re.compile(rf"\b(?:status(?:_?code)?|statusCode|code)\s*(?:===?|!==?|<=?|>=?)\s*{status}\b|\bcase\s+{status}\b")
    return prose, code


def says_status(passage: Passage, status: str) -> bool:
    prose, code = _status_patterns(status)
    if passage.is_prose:
        return prose.search(passage.text) is not None
    return prose.search(passage.title) is not None or code.search(passage.text) is not None


def is_response_example(passage: Passage) -> bool:
    """A JSON block whose title names no status, or a success one: an example of a 2xx body."""
    if passage.kind != "code" or family_of(passage.language) != "json":
        return False
    return all(code.startswith("2") for code in re.findall(r"\b\d{3}\b", passage.title))


def says_caveat(passage: Passage, evidence: tuple[str, ...]) -> bool:
    return passage.is_prose and all(re.search(pattern, passage.text, re.I) for pattern in evidence)


def makes_requests(passage: Passage) -> bool:
    return passage.kind == "code" and family_of(passage.language) in REQUEST_FAMILIES
