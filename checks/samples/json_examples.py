"""JSON examples as docs write them: comments, trailing commas and `...` placeholders.

Strict JSON is tried first; the tolerant pass rewrites only what docs legitimately
elide and reports whatever is still broken at its position in the block.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from checks.samples.rewrite import Fragment, mask, next_significant, previous_significant

_PLACEHOLDER = re.compile(r"\.\.\.|\u2026")


class Placeholder:
    """The value of an elided JSON member: `"outputs": ...` or `"id": "..."`."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "PLACEHOLDER"


PLACEHOLDER = Placeholder()


class ElidedDict(dict):
    """A JSON object whose example left members out (`{"id": "…", ...}`)."""

    elided = True


class ElidedList(list):
    """A JSON array whose example left items out (`[{...}, ...]`); placeholder items are dropped."""

    elided = True


def is_placeholder(value) -> bool:
    return value is PLACEHOLDER


def is_elided(value) -> bool:
    """True for an object or array that the example deliberately shortened."""
    return isinstance(value, (ElidedDict, ElidedList))


_VALUE_MARK = "\u0000jobs-checks-placeholder-value"
_KEY_MARK = "\u0000jobs-checks-elided-member"
_ITEM_MARK = "\u0000jobs-checks-elided-item"


@dataclass(frozen=True)
class JsonExample:
    """The outcome of reading a JSON example: a value, or an error with its block position."""

    value: object | None
    error: str | None = None
    line: int = 0  # 1-based line in the block's code of the error
    column: int = 0
    tolerated: bool = False  # True when strict JSON failed but the tolerant pass succeeded


def _json_edits(text: str) -> list[tuple[int, int, str]]:
    masked = mask(text, "json")
    edits = []
    for i, (kept, original) in enumerate(zip(masked, text)):
        if kept == " " and original not in " \t\r\n":  # a comment character
            start = i
            if edits and edits[-1][1] == start and edits[-1][2].strip() == "":
                edits[-1] = (edits[-1][0], i + 1, " " * (i + 1 - edits[-1][0]))
            else:
                edits.append((start, i + 1, " "))
    containers: list[str] = []
    i = 0
    while i < len(masked):
        char = masked[i]
        if char in "{[":
            containers.append(char)
        elif char in "}]" and containers:
            containers.pop()
        elif char == ",":
            after, _ = next_significant(masked, i + 1)
            if after in ("}", "]"):
                edits.append((i, i + 1, " "))  # trailing comma
        match = _PLACEHOLDER.match(masked, i)
        if match:
            before, _ = previous_significant(masked, i)
            inside = containers[-1] if containers else None
            if before == ":" or inside is None:
                replacement = json.dumps(_VALUE_MARK)
            elif inside == "{":
                replacement = f"{json.dumps(_KEY_MARK)}: 0"
            else:
                replacement = json.dumps(_ITEM_MARK)
            edits.append((i, match.end(), replacement))
            i = match.end()
            continue
        i += 1
    return edits


def _restore_placeholders(value):
    if isinstance(value, dict):
        elided = _KEY_MARK in value
        items = {key: _restore_placeholders(item) for key, item in value.items() if key != _KEY_MARK}
        return ElidedDict(items) if elided else items
    if isinstance(value, list):
        elided = any(item == _ITEM_MARK for item in value)
        items = [_restore_placeholders(item) for item in value if item != _ITEM_MARK]
        return ElidedList(items) if elided else items
    if isinstance(value, str) and value in (_VALUE_MARK, "...", "\u2026"):
        return PLACEHOLDER
    return value


def parse_json_example(code: str) -> JsonExample:
    """Strict JSON first; then tolerate comments, trailing commas and `...` placeholders."""
    try:
        value = json.loads(code)
    except ValueError:
        pass
    else:  # only "..." / "…" strings can be placeholders in strict JSON
        return JsonExample(_restore_placeholders(value) if "..." in code or "\u2026" in code else value)
    fragment = Fragment(code).edit(_json_edits(code))
    try:
        return JsonExample(_restore_placeholders(json.loads(fragment.text)), tolerated=True)
    except json.JSONDecodeError as exc:
        line, column = fragment.origin_of_offset(min(exc.pos, len(fragment.text)))
        return JsonExample(None, f"{exc.msg} (line {line}, column {column})", line, column)
    except ValueError as exc:  # e.g. too deep nesting
        return JsonExample(None, str(exc), 1, 1)


def load_json_example(code: str) -> tuple[object | None, str | None]:
    """(value, None) for a JSON example that parses, else (None, error message).

    Placeholders become sentinels the schema validator must skip:
    - a member value written `...`, `…`, `"..."` or `"…"` is `PLACEHOLDER` (test with
      `is_placeholder`); skip any validation error whose instance is PLACEHOLDER;
    - an object with an elided member (`{"id": "x", ...}`) is an `ElidedDict` and an array
      with an elided item (`[{...}, ...]`) an `ElidedList` (the elided entry itself is
      dropped; test with `is_elided`); skip `required` / `minItems` / `minProperties`
      errors on them. `{...}` alone is an empty ElidedDict.
    Comments (`//`, `/* */`) and trailing commas are tolerated.
    """
    example = parse_json_example(code)
    return example.value, example.error
