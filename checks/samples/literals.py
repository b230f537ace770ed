"""Literal values in code samples, with the position of every character they came from.

Rules compare values with the spec (`sort_by: "created_at"`, `create_time: 1717000000`),
so they need the value *and* where it sits. A language reader (`literals_js`,
`literals_python`, `literals_bash`) turns a block into `BlockValues`: strings (with dynamic
parts as holes), numbers, objects, literal unions and calls. Positions are 1-based
(line, column) inside the block's code; `Block.position()` maps them to the file.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import weakref
from dataclasses import dataclass, field, replace
from typing import Union

from checks.samples.languages import family_of

HOLE = "\ufffc"  # one character standing for a dynamic part (`${id}`, `{job_id}`, `$BASE`)

Pos = tuple  # (line, column), 1-based, inside a block's code


@dataclass(frozen=True)
class Str:
    """A string value; `positions[i]` is where `text[i]` was written (None when unknown)."""

    text: str
    positions: tuple = ()
    start: Pos = (1, 1)
    end: Pos = (1, 1)
    holes: tuple = ()  # source text of each hole, in order

    @property
    def dynamic(self) -> bool:
        return HOLE in self.text

    def at(self, index: int) -> Pos:
        """Position of character `index`, else of the nearest known one before it, else `start`."""
        for i in range(min(index, len(self.positions) - 1), -1, -1):
            if self.positions[i] is not None:
                if i == index:
                    return self.positions[i]
                line, column = self.positions[i]
                return (line, column + index - i) if index > i else (line, column)
        return self.start

    def contiguous(self, i: int, j: int) -> bool:
        """True when text[i:j] was written as-is on one line (safe to replace in place)."""
        spots = self.positions[i:j]
        if not spots or len(spots) != j - i or None in spots:
            return False
        # positions only grow inside a literal, so equal ends mean no escape or line break between
        (line, column), (last_line, last_column) = spots[0], spots[-1]
        return last_line == line and last_column - column == j - i - 1

    def slice(self, i: int, j: int | None = None) -> "Str":
        j = len(self.text) if j is None else j
        before = self.text[:i].count(HOLE)
        inside = self.text[i:j].count(HOLE)
        return Str(self.text[i:j], self.positions[i:j], self.at(i), self.at(j) if j < len(self.text) else self.end,
                   self.holes[before : before + inside])

    def rendered(self) -> str:
        """Text with each hole written as `{name}` (readable, and matches a path template)."""
        names = iter(self.holes)
        return "".join("{" + _hole_label(next(names, "")) + "}" if ch == HOLE else ch for ch in self.text)

    def moved(self, start: Pos, end: Pos) -> "Str":
        """The same text seen at another place, with character positions forgotten."""
        return Str(self.text, (None,) * len(self.text), start, end, self.holes)


def _hole_label(text: str) -> str:
    return re.sub(r"[^\w.]", "", text)[:40] or "value"


def hole(text: str, start: Pos, end: Pos) -> Str:
    return Str(HOLE, (start,), start, end, (text,))


def concat(parts: list[Str], start: Pos | None = None, end: Pos | None = None) -> Str:
    parts = [p for p in parts if p is not None]
    if not parts:
        return Str("", (), start or (1, 1), end or (1, 1))
    return Str(
        "".join(p.text for p in parts),
        tuple(itertools.chain.from_iterable(p.positions or (None,) * len(p.text) for p in parts)),
        start or parts[0].start,
        end or parts[-1].end,
        tuple(h for p in parts for h in p.holes),
    )


def literal(text: str, start: Pos) -> Str:
    """A string written on one line starting at `start`, with no escapes."""
    line, column = start
    return Str(text, tuple((line, column + i) for i in range(len(text))), start, (line, column + len(text)))


@dataclass(frozen=True)
class Num:
    text: str  # as written, e.g. "1717000000" or "1_717_000_000"
    start: Pos
    end: Pos

    @property
    def digits(self) -> str:
        """Digits of the integer part (no sign, separators or fraction)."""
        whole = self.text.replace("_", "").lstrip("+-").split(".")[0]
        return whole if whole.isdigit() else ""


@dataclass(frozen=True)
class Entry:
    key: str
    key_start: Pos
    value: "Value"


@dataclass(frozen=True)
class Obj:
    """A dict / object literal (or Python keyword arguments). `context` says how it is used."""

    entries: tuple
    start: Pos
    end: Pos
    context: str = ""  # "params" (query parameters), "kwargs", "defaults", "json", "" (plain literal)
    owner: str | None = None  # variable, key or function the object belongs to

    def get(self, key: str):
        return next((e.value for e in self.entries if e.key == key), None)


@dataclass(frozen=True)
class Arr:
    items: tuple
    start: Pos
    end: Pos


@dataclass(frozen=True)
class Other:
    """An expression not evaluated (a call, a member access, an unknown name)."""

    text: str
    start: Pos
    end: Pos


Value = Union[Str, Num, Obj, Arr, Other]


@dataclass(frozen=True)
class LiteralUnion:
    """`"a" | "b"` in TypeScript or `Literal["a", "b"]` in Python."""

    members: tuple  # Str
    owner: str | None  # property, parameter, or type alias name
    start: Pos
    end: Pos
    kind: str  # "union" | "literal"
    quote: str = '"'


@dataclass(frozen=True)
class Call:
    callee: str  # dotted text: "requests.get", "fetch", "new URLSearchParams"
    args: tuple  # Values
    kwargs: Obj | None  # Python keyword arguments
    start: Pos
    end: Pos


@dataclass
class BlockValues:
    """Everything a reader found in one block."""

    language: str
    strings: list = field(default_factory=list)  # maximal string expressions
    objects: list = field(default_factory=list)  # Obj written in the block (outermost first)
    unions: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    param_sets: list = field(default_factory=list)  # (name Str, value Value) from params.set/append
    names: dict = field(default_factory=dict)  # variable -> Value at the end of the block
    commands: list = field(default_factory=list)  # shell: (name, [Str words], start, end)
    docstrings: list = field(default_factory=list)  # Python docstrings (Str), read like prose
    parsed: bool = True  # False when the reader could not parse the block at all


def walk_objects(value, owner: str | None = None):
    """Yield (Obj, parent key) for an object and every object nested in it."""
    if isinstance(value, Obj):
        yield value, owner
        for entry in value.entries:
            yield from walk_objects(entry.value, entry.key)
    elif isinstance(value, Arr):
        for item in value.items:
            yield from walk_objects(item, owner)


def without_positions(value, start: Pos, end: Pos):
    """A value seen through a name defined in another block: keep it, forget where it was written."""
    if isinstance(value, Str):
        return value.moved(start, end)
    if isinstance(value, (Num, Other)):
        return replace(value, start=start, end=end)
    if isinstance(value, Obj):
        return replace(value, start=start, end=end,
                       entries=tuple(Entry(e.key, start, without_positions(e.value, start, end)) for e in value.entries))
    if isinstance(value, Arr):
        return Arr(tuple(without_positions(v, start, end) for v in value.items), start, end)
    return value


# Variables that hold query parameters by their name alone.
PARAMS_NAMES = {"params", "query", "query_params", "queryparams", "search_params", "searchparams", "qs"}


def as_str(value) -> Str:
    """A value where a string is built: a number as written, query parameters as their query
    string, anything else a hole named after its source text."""
    if isinstance(value, Str):
        return value
    if isinstance(value, Num):
        return literal(value.text, value.start)
    if isinstance(value, Obj) and value.context == "params":
        return query_string(value)
    return hole(getattr(value, "text", ""), value.start, value.end)


def query_string(params: Obj) -> Str:
    """`new URLSearchParams({a: "1", b: x})` as the text it stringifies to, values keeping positions."""
    parts = []
    for index, entry in enumerate(params.entries):
        if index:
            parts.append(Str("&", (None,), entry.key_start, entry.key_start))
        parts.append(literal(entry.key, entry.key_start))
        parts.append(Str("=", (None,), entry.key_start, entry.key_start))
        value = entry.value
        if isinstance(value, Arr):
            items = []
            for i, item in enumerate(value.items):
                if i:
                    items.append(Str(",", (None,), item.start, item.start))
                items.append(item if isinstance(item, Str) else hole("", item.start, item.end))
            parts.append(concat(items, value.start, value.end) if items else Str("", (), value.start, value.end))
        elif isinstance(value, Str):
            parts.append(value)
        elif isinstance(value, Num):
            parts.append(literal(value.text, value.start))
        else:
            parts.append(hole(getattr(value, "text", ""), value.start, value.end))
    return concat(parts, params.start, params.end)


@functools.lru_cache(maxsize=1024)
def read_code(code: str, language: str, names: tuple = ()) -> BlockValues:
    """Values of a block's code; `names` are (name, Value) pairs defined by earlier blocks."""
    fam = family_of(language)
    if fam == "python":
        from checks.samples import literals_python

        return literals_python.read(code, dict(names))
    if fam in ("js", "json"):
        from checks.samples import literals_js

        return literals_js.read(code, language.lower(), dict(names))
    if fam == "shell":
        from checks.samples import literals_bash

        return literals_bash.read(code, dict(names))
    return BlockValues(language, parsed=False)


def read_block(block, names: tuple = ()) -> BlockValues:
    return read_code(block.code, block.language, names)


_ASSIGNED = re.compile(
    r"^[ \t]*(?:export[ \t]+|const[ \t]+|let[ \t]+|var[ \t]+|readonly[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]*)?=(?!=)",
    re.M,
)
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


@functools.lru_cache(maxsize=4096)
def _assigned(code: str) -> frozenset:
    """Names a block may assign at the start of a line (a cheap over-approximation)."""
    return frozenset(_ASSIGNED.findall(code))


@functools.lru_cache(maxsize=4096)
def _words(code: str) -> frozenset:
    return frozenset(_WORD.findall(code))


class _Assignments:
    """Where each name is assigned on a page, per family: built once per page, so a page of
    many blocks costs one pass instead of one pass per block (a 50 MB page has 200,000)."""

    def __init__(self, page):
        self.page, self.size = weakref.ref(page), len(page.blocks)
        self.position = {id(block): number for number, block in enumerate(page.blocks)}
        self.by_name: dict[tuple[str, str], list[int]] = {}
        for number, block in enumerate(page.blocks):
            fam = family_of(block.language)
            if fam in ("python", "js", "shell"):
                for name in _assigned(block.code):
                    self.by_name.setdefault((fam, name), []).append(number)


_ASSIGNMENTS: dict[int, _Assignments] = {}


def _assignments(page) -> _Assignments:
    known = _ASSIGNMENTS.get(id(page))
    if known is None or known.page() is not page or known.size != len(page.blocks):
        if len(_ASSIGNMENTS) > 256:
            _ASSIGNMENTS.clear()
        known = _ASSIGNMENTS[id(page)] = _Assignments(page)
    return known


def page_names(page, block) -> tuple:
    """Names a block uses that earlier blocks of its family define (any block for shell, whose
    variables readers export once), as (name, Value) pairs with positions forgotten.

    Each name takes the value of the last such block that assigns it a literal."""
    fam = family_of(block.language)
    if fam not in ("python", "js", "shell"):
        return ()
    index = _assignments(page)
    here = index.position.get(id(block))
    if here is None:  # an equal block that is not this very object
        here = next((number for number, other in enumerate(page.blocks) if other == block), len(page.blocks))
    seen: dict = {}
    for name in _words(block.code):
        numbers = index.by_name.get((fam, name))
        if not numbers:
            continue
        earlier = numbers[:bisect.bisect_left(numbers, here)] if fam != "shell" else [n for n in numbers if n != here]
        for number in reversed(earlier):
            other = page.blocks[number]
            value = read_code(other.code, other.language, ()).names.get(name)
            if isinstance(value, (Str, Num, Obj)):
                seen[name] = without_positions(value, (1, 1), (1, 1))
                break
    return tuple(sorted(seen.items(), key=lambda item: item[0]))
