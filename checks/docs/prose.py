"""What prose and tables say about parameters, units and routes, with exact positions.

Readers over `page.texts` and `page.tables`, each precise rather than eager:
- `parameter_lists`: values listed for a parameter (a table row whose first cell names it,
  a sentence that names it in backticks and then lists backticked values, `name=value` spans);
- `unit_claims`: a field with a spec unit that the text calls another unit
  ("`create_time` is in seconds", a table row `create_time | integer | Unix time in seconds`);
- routes named in prose live in `checks.docs.prose_routes` (`route_mentions`, `inline_routes`, `sentences`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from checks.apispec.units import UNITS

_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)|[。；！？]|\n\s*\n")
_VALUE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ASSIGNMENT = re.compile(r"(?:^|[?&\s'\"])([A-Za-z_]\w*)=([\w,-]*)(?![\w{$<%])")
# Words for JSON-Schema types and literals: never parameter values, whatever the cell says.
TYPE_WORDS = frozenset({"string", "integer", "number", "boolean", "array", "object", "null", "true", "false",
                        "int", "str", "bool", "float", "list", "dict", "none", "enum", "uuid", "int64", "date-time"})
_SKIPPED_COLUMNS = re.compile(r"^(type|required|in|location|format|schema)$", re.I)
# A unit name as written in English prose, for each `x-unit` value.
UNIT_WORDS = {code: unit.word for code, unit in UNITS.items()}
_UNIT_PHRASE = {
    "seconds": re.compile(
        r"\b(?:in|as|are|is|of)\s+(?:unix\s+|epoch\s+|whole\s+|utc\s+)?(seconds)\b|\b(seconds)\s+since\b|"
        r"[(（]\s*(?:unix\s+|epoch\s+)?(seconds)\s*[)）]|\b(?:unix|epoch)\s+(?:timestamp\s+)?(?:in\s+)?(seconds)\b", re.I),
    "milliseconds": re.compile(
        r"\b(?:in|as|are|is|of)\s+(?:unix\s+|epoch\s+)?(milliseconds)\b|\b(milliseconds)\s+since\b|"
        r"[(（]\s*(?:unix\s+|epoch\s+)?(milliseconds|ms)\s*[)）]|\b(?:unix|epoch)\s+(milliseconds)\b", re.I),
}
# A Unit column holding just the word.
_UNIT_CELL = {"seconds": re.compile(r"^\W*(seconds?|secs?|s)\W*$", re.I),
              "milliseconds": re.compile(r"^\W*(milliseconds?|millis|ms)\W*$", re.I)}
_UNIT_MENTION = {"seconds": re.compile(r"\bseconds?\b|\bsecs?\b", re.I),
                 "milliseconds": re.compile(r"\bmilliseconds?\b|\bms\b|\bmillis\b", re.I)}


@dataclass(frozen=True)
class Spot:
    """A piece of prose or a table cell, with where it starts."""

    text: str
    line: int
    column: int
    source: str
    header: str = field(default="", compare=False)  # for a table cell: its column's header


@dataclass(frozen=True)
class ValueList:
    """Values a page lists for one parameter, in order."""

    parameter: str  # as written (`sort_by`, `sortBy`)
    values: tuple  # Spot per value
    kind: str  # "table" | "prose" | "assignment" | "docstring"
    line: int
    source: str
    text: str = field(default="", compare=False)  # the row or sentence, for context


@dataclass(frozen=True)
class UnitClaim:
    field: str
    unit: str  # the unit the text claims ("s" | "ms")
    word: Spot  # the unit word as written
    kind: str  # "table" | "prose"


# -- positions --------------------------------------------------------------
def text_position(text, offset: int) -> tuple[int, int]:
    """(line, column) of `text.text[offset]` for a `Text` run (continuation lines are verbatim)."""
    before = text.text[:offset]
    newline = before.rfind("\n")
    if newline < 0:
        return text.line, text.column + offset
    return text.line + before.count("\n"), offset - newline


def cell_position(page, table, row, index: int, offset: int) -> tuple[int, int]:
    """(line, column) of `row.cells[index][offset]`, counting `\\|` escapes in the source line."""
    column = row.columns[index]
    source_line = page.source_line(row.line, table.source)
    if not source_line:
        return row.line, column + offset
    i, seen = column - 1, 0
    while seen < offset and i < len(source_line):
        i += 2 if source_line.startswith("\\|", i) else 1
        seen += 1
    return row.line, i + 1


def code_spans(text: str) -> list[tuple[str, int]]:
    """(content, offset of the content) of each `code span`."""
    return [(m.group(2), m.start(2)) for m in _CODE_SPAN.finditer(text)]


def sentence_spans(text: str):
    """(offset, text) of each sentence of a text run (a blank line ends one too)."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, text[start : match.end()]
        start = match.end()
    if start < len(text):
        yield start, text[start:]


def _clean(cell: str) -> str:
    name = cell.strip().strip("`*_ ").rstrip("?").strip()
    return re.sub(r"\s*\((?:optional|required)\)$", "", name, flags=re.I).strip("`")


def prose(page):
    """Text runs worth reading (headings, paragraphs, list items, quotes)."""
    return [t for t in page.texts if t.kind != "jsx"]


# -- parameter values ---------------------------------------------------------
@functools.lru_cache(maxsize=16)
def _hint(words: frozenset) -> re.Pattern:
    """One regex finding any of `words` in backticks: most texts have none and are skipped."""
    return re.compile("`[^`\n]*(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")")


_last_lists: list = [None, None, None]  # (page, names, result) of the last call: JC201 and JC202 ask in turn


def parameter_lists(page, names: dict[str, str]) -> list[ValueList]:
    """Values listed for parameters. `names` maps every spelling to look for (`sort_by`,
    `sortBy`) to the parameter it means; other parameter names stop a prose list."""
    key = (page, len(page.texts), len(page.tables), len(page.text))
    if _last_lists[0] is not None and _last_lists[0][0] is page and _last_lists[0][1:] == key[1:] \
            and _last_lists[1] == names:
        return _last_lists[2]
    found = _parameter_lists(page, names)
    _last_lists[:] = [key, dict(names), found]
    return found


def _parameter_lists(page, names: dict[str, str]) -> list[ValueList]:
    if not any(name in page.text for name in names) and (not page.imports or all(t.source == page.path for t in page.tables)):
        return []  # every list below is keyed on a spelling, in the page's prose or in a table a snippet gives it
    found: list[ValueList] = []
    hint = _hint(frozenset(names))
    for table in page.tables:
        skipped = {i for i, head in enumerate(table.header) if _SKIPPED_COLUMNS.match(_clean(head))}
        for row in table.rows:
            if not row.cells or _clean(row.cells[0]) not in names:
                continue
            values = []
            for index in range(1, len(row.cells)):
                if index in skipped:
                    continue
                for token, offset in code_spans(row.cells[index]):
                    for value, shift in _split_values(token, names):
                        line, column = cell_position(page, table, row, index, offset + shift)
                        header = table.header[index] if index < len(table.header) else ""
                        values.append(Spot(value, line, column, table.source, header))
            if values:
                found.append(ValueList(_clean(row.cells[0]), tuple(values), "table", row.line, table.source,
                                       " | ".join(row.cells)))
    hinted = [text for text in prose(page) if "`" in text.text and hint.search(text.text)]  # most texts: no code span
    for text in hinted:
        for start, sentence in sentence_spans(text.text):
            found.extend(_sentence_lists(page, text, start, sentence, names))
    for spot_text, line, column, source, context in _all_spans(page, hint, hinted):
        for match in _ASSIGNMENT.finditer(spot_text):
            if match.group(1) in names and match.group(2):
                offset = match.start(2)
                value_offset = 0
                for part in match.group(2).split(","):
                    if part:
                        spot = Spot(part, line, column + offset + value_offset, source)
                        found.append(ValueList(match.group(1), (spot,), "assignment", line, source, context))
                    value_offset += len(part) + 1
    return found


def _all_spans(page, hint, hinted):
    """(content, line, column, source, context) of the code spans in prose (`hinted`: the texts
    `hint` finds) and in the table cells `hint` finds; the context is the sentence, or the row
    and the cell's column header."""
    for text in hinted:
        for start, sentence in sentence_spans(text.text):
            for token, offset in code_spans(sentence):
                if "\n" not in token:
                    yield (token, *text_position(text, start + offset), page.path, sentence)
    for table in page.tables:
        for row in table.rows:
            for index, cell in enumerate(row.cells):
                if "`" not in cell or not hint.search(cell):
                    continue
                header = table.header[index] if index < len(table.header) else ""
                for token, offset in code_spans(cell):
                    yield (token, *cell_position(page, table, row, index, offset), table.source,
                           " | ".join(row.cells) + " | " + header)


def _split_values(token: str, names: dict) -> list[tuple[str, int]]:
    """Value-like parts of a code span: `a`, `a,b` (comma lists), never types or parameter names."""
    out, offset = [], 0
    for part in token.split(","):
        value = part.strip()
        lead = len(part) - len(part.lstrip())
        if _VALUE.match(value) and value not in TYPE_WORDS and value not in names:
            out.append((value, offset + lead))
        offset += len(part) + 1
    return out


def _sentence_lists(page, text, start: int, sentence: str, names: dict) -> list[ValueList]:
    found, current, values = [], None, []

    def close():
        if current is not None and values:
            found.append(ValueList(current, tuple(values), "prose", values[0].line, page.path, sentence.strip()))

    for token, offset in code_spans(sentence):
        if _clean(token) in names:
            close()
            current, values = _clean(token), []
            continue
        if current is None or "=" in token:
            continue
        for value, shift in _split_values(token, names):
            line, column = text_position(text, start + offset + shift)
            values.append(Spot(value, line, column, page.path))
    close()
    return found


_QUOTED = re.compile(r"(``|[`'\"])([a-z0-9][a-z0-9_-]*)\1")


def text_lists(text: str, names: dict[str, str]) -> list[tuple[str, tuple, str]]:
    """Lists in free text such as a docstring: (parameter as written, ((value, offset), ...),
    sentence) where a sentence names a parameter and then quotes values ("pending", `done`)."""
    found = []
    words = _name_words(frozenset(names))
    for start, sentence in sentence_spans(text):
        for match in words.finditer(sentence):
            stop = words.search(sentence, match.end())
            end = stop.start() if stop else len(sentence)
            values = tuple((m.group(2), start + m.start(2)) for m in _QUOTED.finditer(sentence, match.end(), end)
                           if m.group(2) not in TYPE_WORDS and m.group(2) not in names)
            if values:
                found.append((match.group(0), values, sentence.strip()))
    return found


@functools.lru_cache(maxsize=16)
def _hint_words(words: frozenset) -> re.Pattern:
    return re.compile(r"(?<![\w`'\"])(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![\w`'\"])")


# -- units ------------------------------------------------------------------
def unit_claims(page, units: dict[str, str]) -> list[UnitClaim]:
    """Places where a field with a spec unit (`units`: field -> unit) is said to be in another unit."""
    claims: list[UnitClaim] = []
    for table in page.tables:
        skipped = {i for i, head in enumerate(table.header) if _SKIPPED_COLUMNS.match(_clean(head))}
        for row in table.rows:
            name = _clean(row.cells[0]).split(".")[-1] if row.cells else ""
            if name not in units:
                continue
            wrong = _other_unit(units[name])
            for index in range(1, len(row.cells)):
                cell = row.cells[index]
                if index in skipped or _UNIT_MENTION[UNIT_WORDS[units[name]]].search(cell):
                    continue
                match = None
                if wrong:
                    match = _UNIT_PHRASE[UNIT_WORDS[wrong]].search(cell) or _UNIT_CELL[UNIT_WORDS[wrong]].match(cell)
                if match:
                    group = next((i for i in range(1, len(match.groups()) + 1) if match.group(i)), 0)
                    line, column = cell_position(page, table, row, index, match.start(group))
                    claims.append(UnitClaim(name, wrong, Spot(match.group(group), line, column, table.source), "table"))
    for text in prose(page):
        if any(name in text.text for name in units):
            for start, sentence in sentence_spans(text.text):
                claims.extend(_sentence_claims(text, start, sentence, units, page.path))
    return claims


def _other_unit(unit: str) -> str | None:
    others = [u for u in UNIT_WORDS if u != unit]
    return others[0] if len(others) == 1 else None


def _sentence_claims(text, start: int, sentence: str, units: dict, source: str) -> list[UnitClaim]:
    fields = [(token.split(".")[-1], offset) for token, offset in code_spans(sentence) if token.split(".")[-1] in units]
    if not fields:
        return []
    found = []
    for name, offset in fields[:1]:
        right_word = UNIT_WORDS[units[name]]
        wrong = _other_unit(units[name])
        if wrong is None or _UNIT_MENTION[right_word].search(sentence):
            continue  # "in milliseconds; divide by 1000 for seconds" is right
        for match in _UNIT_PHRASE[UNIT_WORDS[wrong]].finditer(sentence, offset):
            group = next(i for i in range(1, len(match.groups()) + 1) if match.group(i))
            line, column = text_position(text, start + match.start(group))
            found.append(UnitClaim(name, wrong, Spot(match.group(group), line, column, source), "prose"))
            break
    return found


def docstring_lists(block, docstring, dialects) -> list[ValueList]:
    """Value lists in a Python docstring ("status: one of "pending", "completed" ...")."""
    found = []
    for spelled, values, sentence in text_lists(docstring.text, dialects.spellings):
        if dialects.mentions_other(sentence):
            continue
        spots = tuple(Spot(value, *block.position(*docstring.at(offset)), block.source) for value, offset in values)
        found.append(ValueList(spelled, spots, "docstring", spots[0].line, block.source, sentence))
    return found


# -- value lists written without quotes (comments, docstrings, prose) -----------------------
_INTRO = re.compile(
    r"\s*(?:(?:[:=：]|[-–—](?=\s)|\bis\b|\bare\b|\bone of\b|\beither\b|\bin\b|\bmay be\b|\bcan be\b|\bvalues?\b"
    r"|取值为|可以是|是|为|は|은|는)\s*)+", re.I)
_OPEN = re.compile(r"[(\[{]\s*")
_NOUN = re.compile(r"\s*(?:(?:query\s+)?(?:parameter|field|key|argument|option)\b|参数|字段|パラメータ|매개변수)", re.I)
_ITEM = re.compile(r"([\"'`]?)((?=[a-z0-9_-]*[a-z])[a-z0-9][a-z0-9_]*(?:-[a-z0-9]+)*)\1(?![\w-])")
_COMMA = re.compile(r"\s*(?:\||,|/|、|，)\s*")
_LAST = re.compile(r"\s*,?\s*(?:\b(?:or|and)\b|或|和|または|또는)\s*")


def bare_lists(text: str, names: dict[str, str]) -> list[tuple[str, tuple, str]]:
    """Lists a text gives right after naming a parameter: `status: pending | running | done`,
    `output_type: one of (image, video, audio)`, `` `sort_order` is asc or desc ``.

    Returns (parameter as written, ((value, offset), ...), the sentence) for lists of two or
    more values; lists whose values are all quoted are for `parameter_lists` and `text_lists`.
    """
    found = []
    words = _name_words(frozenset(names))
    for start, sentence in sentence_spans(text):
        for match in words.finditer(sentence):
            position = match.end()
            if position < len(sentence) and sentence[position] == "`":
                position += 1  # the name was written in backticks
            noun = _NOUN.match(sentence, position)
            position = noun.end() if noun else position
            intro = _INTRO.match(sentence, position)
            if intro is None or intro.end() == position:
                continue
            position = intro.end()
            opening = _OPEN.match(sentence, position)
            position = opening.end() if opening else position
            values, quoted = [], []
            while True:
                item = _ITEM.match(sentence, position)
                if item is None:
                    break
                values.append((item.group(2), start + item.start(2)))
                quoted.append(bool(item.group(1)))
                position = item.end()
                separator = _COMMA.match(sentence, position)
                last = _LAST.match(sentence, position)
                if last and last.end() > position and (len(values) > 1 or "and" not in last.group() and "和" not in last.group()):
                    final = _ITEM.match(sentence, last.end())
                    if final:
                        values.append((final.group(2), start + final.start(2)))
                        quoted.append(bool(final.group(1)))
                    break
                if separator is None or separator.end() == position:
                    break
                position = separator.end()
                if last and last.end() > position:
                    break  # "pending and then ...": prose goes on, the list ended
            values = [(v, o) for v, o in values if v not in TYPE_WORDS and v not in names]
            if len(values) >= 2 and not all(quoted):
                found.append((match.group(0), tuple(values), sentence.strip()))
    return found


@functools.lru_cache(maxsize=16)
def _name_words(words: frozenset) -> re.Pattern:
    """Any of `words` as a whole word, bare or in backticks."""
    return re.compile(r"(?<![\w-])(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![\w-])")
