"""A timestamp written in the wrong unit: seconds where the spec says milliseconds (or back).

Numbers: in JSON examples and in Python dict / JS object literals, a field whose spec unit
is `ms` holding a 10-digit (seconds-sized) number, or a field in `s` holding 13 digits.
The message notes 13-digit siblings in the same payload (the usual copy-paste slip), and
a fix rewrites the number in the spec's unit. A generic name like `timestamp` counts only
inside an object that looks like the schema declaring it (`execution_error`). Strings and
placeholders are ignored. Words: a table row or a sentence calling such a field "seconds"
("`create_time` is in seconds") unless it also mentions the right unit.

Wrong:

    ```json
    {"id": "4f1c", "status": "completed", "create_time": 1717000000, "execution_end_time": 1717000042000}
    ```

Right:

    ```json
    {"id": "4f1c", "status": "completed", "create_time": 1717000000000, "execution_end_time": 1717000042000}
    ```
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from checks.samples.literals import Num, family_of, page_names, read_block, walk_objects
from checks.docs.codes import Rule, messages
from checks.docs.findings import Fix
from checks.docs.prose import UNIT_WORDS, unit_claims
from checks.apispec.units import UNITS, factor, unit_homes

RULE = Rule(
    code="JC301",
    name="timestamp-unit",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        number="`{field}` is in {unit} but this {digits}-digit value is in {written}{beside}; write {replacement}",
        prose="`{field}` is in {unit} (the spec's `x-unit: {code}`), not {claimed}",
    ),
)

# Digits of an epoch timestamp in each unit, between 2001 and 2286.
DIGITS = {code: unit.digits for code, unit in UNITS.items()}


def units_for(specs) -> dict[str, str]:
    """Fields whose unit every judging dialect agrees on."""
    units = dict(specs[0].timestamp_units)
    for spec in specs[1:]:
        units = {k: v for k, v in units.items() if spec.timestamp_units.get(k) == v}
    return {k: v for k, v in units.items() if v in DIGITS}


def _counts(field_name: str, obj, parent_key, specs) -> bool:
    """True when this object is where the spec puts the field (not some other API's `timestamp`)."""
    keys = {entry.key for entry in obj.entries}
    for spec in specs:
        if field_name in spec.job_fields(detail=True):
            return True
        siblings, holders = unit_homes(spec.profile)
        if keys & siblings.get(field_name, set()) or (parent_key and parent_key in holders.get(field_name, set())):
            return True
    return False


def _converted(number: Num, unit: str, wrong: str) -> str | None:
    try:
        value = Decimal(number.text.replace("_", "")) * factor(wrong, unit)
    except (InvalidOperation, KeyError):
        return None
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _magnitude(value) -> int | None:
    return len(value.digits) if isinstance(value, Num) and value.digits else None


def _code_findings(page, block, units, specs):
    values = read_block(block, page_names(page, block))
    for top in values.objects:
        stamps = []
        for obj, parent_key in walk_objects(top, top.owner):
            for entry in obj.entries:
                unit = units.get(entry.key)
                if unit and isinstance(entry.value, Num) and _magnitude(entry.value) and _counts(entry.key, obj, parent_key, specs):
                    stamps.append((entry, unit))
        right_sized = {_magnitude(e.value) for e, unit in stamps if _magnitude(e.value) == DIGITS[unit]}
        for entry, unit in stamps:
            size = _magnitude(entry.value)
            wrong = next((u for u, digits in DIGITS.items() if digits == size and u != unit), None)
            if wrong is None:
                continue
            number = entry.value
            line, column = block.position(*number.start)
            end_line, end_column = block.position(*number.end)
            beside = f" beside {DIGITS[unit]}-digit siblings" if right_sized else ""
            replacement = _converted(number, unit, wrong)
            fix = None
            if replacement and end_line == line:
                fix = Fix(block.source, line, column, end_line, end_column, replacement,
                          f"write `{entry.key}` in {UNIT_WORDS[unit]}")
            yield RULE.finding("number", block.source, line, column, profile=page.profile, fix=fix, field=entry.key,
                               unit=UNIT_WORDS[unit], digits=size, written=UNIT_WORDS[wrong], beside=beside,
                               replacement=replacement or "it in " + UNIT_WORDS[unit])


def check(page, ctx):
    units = units_for(ctx.specs)
    if not units:
        return
    for block in page.blocks:
        if family_of(block.language) in ("python", "js", "json") and any(name in block.code for name in units):
            yield from _code_findings(page, block, units, ctx.specs)
    if not any(name in page.text for name in units):
        return
    for claim in unit_claims(page, units):
        yield RULE.finding("prose", claim.word.source, claim.word.line, claim.word.column, profile=page.profile,
                           field=claim.field, unit=UNIT_WORDS[units[claim.field]], code=units[claim.field],
                           claimed=UNIT_WORDS[claim.unit])
