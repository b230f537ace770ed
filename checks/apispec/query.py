"""How a server reads the query of a list: normalising, blank items, empty values, clamping, sorting.

The facts live on each parameter schema (`x-normalised`, `x-blank-items`, `x-empty-value`,
`x-clamped-minimum`, `x-sort-key`, `x-sort-missing-as`, `x-sort-directions`, `x-since`);
the reference server reads a query with these rules and the contract checks predict the
answer with the same ones, so both change when the spec does.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from checks.apispec.facts import Spec

NO_FILTER, MATCHES_NOTHING = "no-filter", "matches-nothing"
_NORMALISERS: dict[str, Callable[[str], str]] = {"trim": str.strip, "lower": str.lower}


@dataclass(frozen=True)
class ParameterRule:
    """One query parameter of an operation, as the server reads it."""

    name: str
    kind: str  # JSON schema type: "array", "integer", "string", ...
    enum: tuple[str, ...] | None
    default: object = None
    pattern: str | None = None  # each value (each item of an array) must match it
    minimum: float | None = None
    maximum: float | None = None
    max_items: int | None = None
    clamped_minimum: int | None = None  # values below are raised to it instead of rejected
    normalised: tuple[str, ...] = ()  # "trim", "lower": what the server does to each value first
    blank_items_dropped: bool = False
    empty_value: str | None = None  # NO_FILTER or MATCHES_NOTHING for an empty `name=`
    since: str | None = None

    def normalise(self, text: str) -> str:
        for step in self.normalised:
            text = _NORMALISERS[step](text)
        return text

    def items(self, raw: str) -> list[str]:
        """The values of an array parameter (`a,b`), normalised, blank ones dropped when the server does."""
        values = [self.normalise(part) for part in str(raw).split(",")]
        return [value for value in values if value.strip()] if self.blank_items_dropped else values

    def accepts(self, value: str) -> bool:
        """Whether one (normalised) value is in the enum; True when there is no enum."""
        return self.enum is None or value in self.enum


def _rule(name: str, param: dict) -> ParameterRule:
    schema = param.get("schema") or {}
    values = schema.get("items", {}).get("enum") if schema.get("type") == "array" else schema.get("enum")
    pattern = (schema.get("items") or {}).get("pattern") if schema.get("type") == "array" else schema.get("pattern")
    return ParameterRule(
        name=name, kind=str(schema.get("type", "")), enum=tuple(str(v) for v in values) if values else None,
        default=schema.get("default"), pattern=pattern, minimum=schema.get("minimum"), maximum=schema.get("maximum"),
        max_items=schema.get("maxItems"), clamped_minimum=schema.get("x-clamped-minimum"),
        normalised=tuple(step for step in schema.get("x-normalised", ()) if step in _NORMALISERS),
        blank_items_dropped=schema.get("x-blank-items") == "dropped", empty_value=schema.get("x-empty-value"),
        since=param.get("x-since"),
    )


def parameter_rules(spec: Spec, operation_id: str = "listJobs") -> dict[str, ParameterRule]:
    """The query parameters of an operation by name."""
    return _rules(spec, operation_id)


@functools.lru_cache(maxsize=None)
def _rules(spec: Spec, operation_id: str) -> dict[str, ParameterRule]:
    return {name: _rule(name, param) for name, param in spec.parameters(operation_id).items()
            if param.get("in", "query") == "query"}


@dataclass(frozen=True)
class SortRule:
    """What one `sort_by` value orders by: a field, or the time between two fields."""

    value: str
    field: str | None = None
    duration: tuple[str, str] | None = None
    missing_as: float = 0

    def key(self, get: Callable[[str], object]) -> float:
        """The sort key of a job whose field values `get(name)` returns (None when absent)."""

        def number(name: str):
            found = get(name)
            return found if isinstance(found, (int, float)) and not isinstance(found, bool) else None

        if self.field is not None:
            found = number(self.field)
            return self.missing_as if found is None else found
        if self.duration is not None:
            start, end = (number(name) for name in self.duration)
            return self.missing_as if start is None or end is None else end - start
        return self.missing_as

    def describe(self) -> str:
        if self.duration is not None:
            return f"{self.duration[1]} - {self.duration[0]}"
        return self.field or self.value


def sort_rules(spec: Spec, operation_id: str = "listJobs", parameter: str = "sort_by") -> dict[str, SortRule]:
    """`sort_by` value -> its SortRule (`x-sort-key`, `x-sort-missing-as`); empty without the table."""
    param = spec.parameters(operation_id).get(parameter)
    schema = param["schema"] if param else {}
    missing = schema.get("x-sort-missing-as", 0)
    rules = {}
    for value, rule in (schema.get("x-sort-key") or {}).items():
        duration = rule.get("duration") if isinstance(rule, dict) else None
        rules[str(value)] = SortRule(value=str(value), field=rule.get("field") if isinstance(rule, dict) else None,
                                     duration=tuple(duration) if isinstance(duration, list) and len(duration) == 2
                                     else None, missing_as=missing)
    return rules


def sort_direction(spec: Spec, order: str, operation_id: str = "listJobs", parameter: str = "sort_order") -> int | None:
    """+1 for the `sort_order` value that means ascending, -1 for descending, None otherwise."""
    param = spec.parameters(operation_id).get(parameter)
    table = (param["schema"].get("x-sort-directions") if param else None) or {}
    return {"ascending": 1, "descending": -1}.get(table.get(order))
