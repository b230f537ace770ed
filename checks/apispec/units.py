"""The units an `x-unit` may name, and where the spec's unit-bearing fields live.

The docs rules turn a seconds timestamp into milliseconds, name units in prose and
recognise the object that declares a generic `timestamp` field; they read all of it here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal

from checks.apispec.facts import spec_for


@dataclass(frozen=True)
class Unit:
    code: str  # the `x-unit` value
    word: str  # how English prose names it
    per_second: int  # how many of it make a second
    digits: int  # digits of an epoch timestamp in this unit between 2001 and 2286


UNITS = {unit.code: unit for unit in (Unit("s", "seconds", 1, 10), Unit("ms", "milliseconds", 1000, 13))}


def factor(written: str, wanted: str) -> Decimal:
    """What a value in `written` units is multiplied by to be in `wanted` units."""
    return Decimal(UNITS[wanted].per_second) / Decimal(UNITS[written].per_second)


@functools.lru_cache(maxsize=None)
def unit_homes(profile: str) -> tuple[dict[str, set], dict[str, set]]:
    """(field -> names of its sibling properties, field -> names of properties holding a schema that declares it).

    Only fields with an `x-unit` appear: `execution_error.timestamp` is a timestamp because
    `execution_error` holds the schema declaring it.
    """
    spec = spec_for(profile)
    siblings: dict[str, set] = {}
    declaring: dict[str, set] = {}
    for name in spec.schema_names():
        properties = spec.properties(name)
        for field_name, prop in properties.items():
            if spec.unit_in(prop):
                siblings.setdefault(field_name, set()).update(set(properties) - {field_name})
                declaring.setdefault(field_name, set()).add(f"#/components/schemas/{name}")
    holders: dict[str, set] = {}
    for name in spec.schema_names():
        schema = spec.document["components"]["schemas"][name]
        for part in [schema, *schema.get("allOf", [])]:
            for prop_name, prop in (part.get("properties") or {}).items():
                for field_name, refs in declaring.items():
                    if prop.get("$ref") in refs:
                        holders.setdefault(field_name, set()).add(prop_name)
    return siblings, holders
