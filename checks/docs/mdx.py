"""MDX-aware block tokenising: markdown-it with the rules MDX changes.

CommonMark loses fenced code in Mintlify pages in three ways, so the parser here
(one instance per process) differs from it on purpose:

- a JSX tag on its own line (`<Tab title="x">`) is an MDX element, not an HTML
  block that swallows the fence under it: `html_block` is off, a `jsx` rule
  takes such lines;
- MDX has no indented code, so `code` is off and paragraphs have no "4 spaces =
  lazy continuation" shortcut: an indented fence after a text line still opens;
- `import`/`export` lines at top level are ESM (`esm` tokens), never prose.

Every token this module makes carries `meta["pos"]`, the absolute offset where
its content starts, so callers can turn it into exact lines and columns.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re

from markdown_it import MarkdownIt
from markdown_it import rules_block as _rules_block
from markdown_it.rules_block import heading as _heading
from markdown_it.rules_block import table as _table
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.token import Token

# What markdown-it's table rule trims rows with, and its cap on the empty cells short rows
# add (none in versions without one): the lean table rule below follows the installed version.
_table_module = importlib.import_module("markdown_it.rules_block.table")
_md_trim = getattr(_table_module, "mdTrim", str.strip)
_MAX_AUTOCOMPLETED = getattr(_table_module, "MAX_AUTOCOMPLETED_CELLS", None)

# A JSX tag opening a line: `<Tab`, `</Tab>`, `<>`, `<Card.Group>`; not `<https://...>`.
JSX_START = re.compile(r"</?(?:[A-Za-z][\w.\-]*(?=[\s/>]|$)|>)")
ESM_START = re.compile(
    r"(?:import\s*(?:\{|\*|['\"]|[A-Za-z_$][\w$]*\s*(?:,|from\b))"
    r"|export\s+(?:const|let|var|function|async|class|default)\b|export\s*[{*])"
)
_ATTRIBUTE = re.compile(r"""(?:^|\s)(?:theme|icon|highlight|focus|filename|title)=(?:"[^"]*"|'[^']*'|\{[^}]*\}|\S+)""")
_TITLE_ATTRIBUTE = re.compile(r"""(?:^|\s)title=(?:"([^"]*)"|'([^']*)')""")
_LINE_RANGES = re.compile(r"(?:^|\s)\{[\d,\s\-]*\}")
_FLAGS = frozenset({"lines", "wrap", "expandable", "twoslash", "showlinenumbers"})
_LANGUAGE = re.compile(r"[^\s{]+")


def split_info(info: str) -> tuple[str, str]:
    """(language, title) of a fence info string: `python Python` -> ("python", "Python")."""
    info = info.strip()
    if not info:
        return "", ""
    match = _LANGUAGE.match(info)
    if match is None:  # info starts with `{1,3}`: no language
        language, rest = "", info
    else:
        language, rest = match.group().lower(), info[match.end():]
    named = ""
    if "=" in rest:
        title = _TITLE_ATTRIBUTE.search(rest)
        named = title.group(1) or title.group(2) or "" if title else ""
        rest = _ATTRIBUTE.sub(" ", rest)
    if "{" in rest:
        rest = _LINE_RANGES.sub(" ", rest)
    words = [word for word in rest.split() if word.lower() not in _FLAGS]
    return language, " ".join(words) or named


# -- block rules ---------------------------------------------------------------------------


def _fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Backtick/tilde fences at any indentation (MDX has no indented code)."""
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    if pos + 3 > maximum:
        return False
    src = state.src
    marker = src[pos]
    if marker != "`" and marker != "~":
        return False
    mem = pos
    pos = state.skipCharsStr(pos, marker)
    length = pos - mem
    if length < 3:
        return False
    params = src[pos:maximum]
    if marker == "`" and "`" in params:
        return False
    if silent:
        return True
    line = start
    closed = False
    while True:
        line += 1
        if line >= end:
            break
        first = state.bMarks[line] + state.tShift[line]
        last = state.eMarks[line]
        if first < last and state.sCount[line] < state.blkIndent:
            break  # the container (list item, blockquote) ends first
        if first >= last or src[first] != marker:
            continue
        after = state.skipCharsStr(first, marker)
        if after - first < length:
            continue
        if state.skipSpaces(after) < last:
            continue
        closed = True
        break
    state.line = line + (1 if closed else 0)
    token = state.push("fence", "code", 0)
    token.info = params
    token.markup = src[mem:mem + length]
    token.map = [start, state.line]
    token.meta = {"pos": mem, "closed": closed, "content_end": line, "at_eof": line >= state.lineMax}
    return True


def _paragraph_end(state: StateBlock, start: int) -> int:
    """First line after a paragraph starting at `start` (no 4-space lazy shortcut)."""
    terminators = state.md.block.ruler.getRules("paragraph")
    end = state.lineMax
    line = start + 1
    old = state.parentType
    state.parentType = "paragraph"
    while line < end and not state.isEmpty(line):
        if state.sCount[line] < 0:  # blockquote lazy line, already checked there
            line += 1
            continue
        for rule in terminators:
            if rule(state, line, end, True):
                state.parentType = old
                return line
        line += 1
    state.parentType = old
    return line


def _paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    line = _paragraph_end(state, start)
    state.line = line
    token = state.push("paragraph_open", "p", 1)
    token.map = [start, line]
    token.meta = {"pos": state.bMarks[start] + state.tShift[start]}
    # No `inline` token: extraction slices the source, and a third of all tokens would be these.
    state.push("paragraph_close", "p", -1)
    return True


def _underline_ahead(state: StateBlock, start: int, end: int) -> bool:
    """Whether a line after `start` and before the next blank one starts with `-` or `=`."""
    src, marks, shifts, ends = state.src, state.bMarks, state.tShift, state.eMarks
    for line in range(start + 1, end):
        pos = marks[line] + shifts[line]
        if pos >= ends[line]:
            return False
        if src[pos] == "-" or src[pos] == "=":
            return True
    return False


def _lheading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """`_setext_heading`, after a cheap test most paragraphs fail: no line before the next blank one could underline them."""
    return _underline_ahead(state, start, end) and _setext_heading(state, start, end, silent)


def _setext_heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Setext heading, without CommonMark's indented lazy-continuation shortcut."""
    terminators = state.md.block.ruler.getRules("paragraph")
    old = state.parentType
    state.parentType = "paragraph"
    line = start + 1
    level = 0
    while line < end and not state.isEmpty(line):
        if state.sCount[line] >= state.blkIndent:
            pos = state.bMarks[line] + state.tShift[line]
            maximum = state.eMarks[line]
            marker = state.src[pos] if pos < maximum else ""
            if marker in ("-", "=") and marker:
                if state.skipSpaces(state.skipCharsStr(pos, marker)) >= maximum:
                    level = 1 if marker == "=" else 2
                    break
        if state.sCount[line] < 0:
            line += 1
            continue
        if any(rule(state, line, end, True) for rule in terminators):
            break
        line += 1
    state.parentType = old
    if not level:
        return False
    state.line = line + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.map = [start, line + 1]
    token.meta = {"pos": state.bMarks[start] + state.tShift[start], "setext": True}
    token = state.push("inline", "", 0)
    token.content = state.getLines(start, line, state.blkIndent, False).strip()
    token.map = [start, line]
    token.children = []
    state.push("heading_close", f"h{level}", -1)
    return True


def _heading_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    first = len(state.tokens)
    if not _heading(state, start, end, silent):
        return False
    if not silent:
        state.tokens[first].meta = {"pos": state.bMarks[start] + state.tShift[start]}
    return True


def _cells(row: str) -> int:
    """How many cells markdown-it's table rule splits a trimmed row into (`\\|` separates nothing)."""
    cells = row.count("|") - row.count("\\|") + 1
    return cells - row.startswith("|") - (row.endswith("|") and not row.endswith("\\|"))


def _table_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """GFM tables, as markdown-it reads them, without a token per cell.

    The header and delimiter rows are checked by markdown-it's own rule; the rows are found
    with its termination rules. One `table_open` token holds every row as (line, offset of its
    text, offset of its end), header first; extraction splits the cells itself.
    """
    following = start + 1
    if following >= end:
        return False
    pos = state.bMarks[following] + state.tShift[following]
    if pos >= state.eMarks[following] or state.src[pos] not in "|-:":
        return False  # cheap reject: no delimiter row under this line
    if not _table(state, start, end, True):
        return False
    if silent:
        return True
    header = _md_trim(state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]])
    columns = _cells(header)
    old = state.parentType
    state.parentType = "table"
    terminators = state.md.block.ruler.getRules("blockquote")
    token = state.push("table_open", "table", 1)
    rows = [(start, state.bMarks[start] + state.tShift[start], state.eMarks[start])]
    autocompleted = 0
    line = start + 2
    while line < end:
        if state.sCount[line] < state.blkIndent:
            break
        if any(rule(state, line, end, True) for rule in terminators):
            break
        row_start, row_end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
        text = _md_trim(state.src[row_start:row_end])
        if not text or state.is_code_block(line):
            break
        autocompleted += columns - _cells(text)
        if _MAX_AUTOCOMPLETED is not None and autocompleted > _MAX_AUTOCOMPLETED:
            break
        rows.append((line, row_start, row_end))
        line += 1
    token.map = [start, line]
    token.meta = {"rows": rows}
    state.push("table_close", "table", -1)
    state.parentType = old
    state.line = line
    return True


_TAG_STOPS = re.compile(r"[\"'{}>]")  # what can open or close something inside a tag


def jsx_tag_end(src: str, pos: int, limit: int) -> int:
    """Offset just after the `>` closing the tag that starts at `pos`, or -1 before `limit`.

    A `>` inside quotes or braces does not close it; the scan jumps from one such character to the next.
    """
    braces = 0
    index = pos + 1
    search = _TAG_STOPS.search
    while True:
        stop = search(src, index, limit)
        if stop is None:
            return -1
        index = stop.start()
        char = src[index]
        if char == '"' or char == "'":
            index = src.find(char, index + 1, limit)  # a quote runs to its twin, braces and all
            if index < 0:
                return -1
        elif char == "{":
            braces += 1
        elif char == "}":
            braces = max(0, braces - 1)
        elif not braces:
            return index + 1
        index += 1


def _jsx(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A line opening with a JSX tag is an MDX element line; a multi-line tag runs to its `>`."""
    pos = state.bMarks[start] + state.tShift[start]
    maximum = state.eMarks[start]
    src = state.src
    if pos >= maximum or src[pos] != "<" or not JSX_START.match(src, pos, maximum):
        return False
    if silent:
        return True
    line = start
    # A tag whose attributes span lines ends at its `>`; a blank line ends it regardless.
    if jsx_tag_end(src, pos, maximum) < 0:
        while line + 1 < end and not state.isEmpty(line + 1):
            line += 1
            limit = state.eMarks[line]
            if jsx_tag_end(src, pos, limit) >= 0:
                break
    state.line = line + 1
    token = state.push("jsx", "", 0)
    token.content = src[pos:state.eMarks[line]]
    token.map = [start, line + 1]
    token.meta = {"pos": pos}
    return True


def _esm(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Top-level `import`/`export` statements; they run to the next blank line, as in MDX."""
    if state.level or state.blkIndent or state.parentType != "root" or state.tShift[start]:
        return False
    pos = state.bMarks[start]
    if not ESM_START.match(state.src, pos, state.eMarks[start]):
        return False
    if silent:
        return True
    line = start + 1
    while line < end and not state.isEmpty(line):
        line += 1
    state.line = line
    token = state.push("esm", "", 0)
    token.content = state.src[pos:state.eMarks[line - 1]]
    token.map = [start, line]
    token.meta = {"pos": pos}
    return True


# -- trying only the rules a line can start ----------------------------------------------

# What a line must start with (after its indentation) for a rule to match; rules not listed
# (tables, setext headings, paragraphs) may match any line. Each rule rejects every other
# first character itself, so trying only these gives the same tokens, with fewer calls.
_FIRST_CHARACTERS = {
    _esm: "ie",  # import / export, at column 0
    _jsx: "<",
    _fence: "`~",
    _rules_block.blockquote: ">",
    _rules_block.hr: "*-_",
    _rules_block.list_block: "*-+0123456789",
    _rules_block.reference: "[",
    _heading_rule: "#",
}


def _dispatcher(rules: list):
    """One rule standing for a chain: tries, in order, the chain's rules that the line's first character allows."""
    anywhere = tuple(rule for rule in rules if rule not in _FIRST_CHARACTERS)
    by_character = {
        character: tuple(rule for rule in rules if rule not in _FIRST_CHARACTERS or character in _FIRST_CHARACTERS[rule])
        for character in set("".join(_FIRST_CHARACTERS[rule] for rule in rules if rule in _FIRST_CHARACTERS))
    }
    get = by_character.get

    def dispatch(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        pos = state.bMarks[start] + state.tShift[start]
        candidates = get(state.src[pos], anywhere) if pos < state.eMarks[start] else anywhere
        for rule in candidates:
            if rule(state, start, end, silent):
                return True
        return False

    return dispatch


def _dispatch_by_first_character(md: MarkdownIt) -> None:
    ruler = md.block.ruler
    chains = {"", "paragraph", "reference", "blockquote", "list"}
    dispatchers = {chain: [_dispatcher(ruler.getRules(chain))] for chain in chains}
    plain = ruler.getRules
    ruler.getRules = lambda chain: dispatchers.get(chain) or plain(chain)


def _make_parser(dispatch: bool = True) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": 50}).enable("table")
    md.disable(["code", "html_block"])
    ruler = md.block.ruler
    ruler.at("fence", _fence, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    ruler.at("paragraph", _paragraph)
    ruler.at("lheading", _lheading)
    ruler.at("heading", _heading_rule, {"alt": ["paragraph", "reference", "blockquote"]})
    ruler.at("table", _table_rule, {"alt": ["paragraph", "reference"]})
    ruler.before("table", "esm", _esm)
    ruler.before("table", "jsx", _jsx, {"alt": ["paragraph", "reference", "blockquote"]})
    if dispatch:
        _dispatch_by_first_character(md)
    return md


@functools.lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The one MDX parser of this process (built once; forked workers inherit it)."""
    return _make_parser()


def line_marks(src: str) -> tuple[list[int], list[int], list[int], list[int], list[int]]:
    """markdown-it's line tables of `src` (begin and end offsets, indent, expanded indent, 0s),
    built from `str.split` and list comprehensions instead of a scan of every character in Python."""
    lines = src.split("\n")
    if not lines[-1].strip(" \t"):
        lines.pop()  # nothing after the last newline, or only spaces there: no line, as in markdown-it
    shifts = [len(line) - len(line.lstrip(" \t")) for line in lines]
    ends = list(itertools.accumulate(len(line) + 1 for line in lines))  # one past each line's newline
    begins = [0, *ends][:-1]
    ends = [end - 1 for end in ends]
    counts = shifts[:]
    if "\t" in src:
        for number, line in enumerate(lines):
            if "\t" in line[: shifts[number]]:
                offset = 0
                for character in line[: shifts[number]]:
                    offset += 4 - offset % 4 if character == "\t" else 1
                counts[number] = offset
    # the fake last line markdown-it adds to simplify bounds checks
    length = len(src)
    return [*begins, length], [*ends, length], [*shifts, 0], [*counts, 0], [0] * (len(lines) + 1)


_new_token = Token.__new__


class _State(StateBlock):
    """markdown-it's block state, its line tables built by `line_marks`, its tokens made without
    the dataclass machinery (a page makes thousands; `push` gives what markdown-it's does)."""

    def __init__(self, src: str, md: MarkdownIt, env: dict, tokens: list):
        super().__init__("", md, env, tokens)  # every other field as this markdown-it version sets it
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount, self.bsCount = line_marks(src)
        self.lineMax = len(self.bMarks) - 1

    def push(self, ttype: str, tag: str, nesting: int) -> Token:
        token = _new_token(Token)
        token.type, token.tag, token.nesting, token.attrs, token.map = ttype, tag, nesting, {}, None
        token.children, token.content, token.markup, token.info, token.meta = None, "", "", "", {}
        token.block, token.hidden = True, False
        if nesting < 0:
            self.level -= 1
        token.level = self.level
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token


def block_tokens(src: str) -> list:
    """Block-level tokens of MDX source (inline parsing is skipped: rules read raw text)."""
    md = parser()
    tokens: list = []
    if src:
        state = _State(src.replace("\0", "\ufffd"), md, {}, tokens)
        md.block.tokenize(state, state.line, state.lineMax)
    return tokens
