"""Facts about a job as the server shows it: secrets, fields by state, output counting, history size.

Read from the schemas (`not`/`const` on `Workflow.extra_data`, `x-absent-while`,
`x-text-items-counted-before`, `x-history-limit`, `x-unit`), so the reference server that
renders jobs and the checks that judge them agree by construction.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from checks.apispec.facts import Spec

# Seconds in one unit an `x-unit` may name, and how a report spells each unit.
UNIT_SECONDS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9}
UNIT_NAMES = {"s": "seconds", "ms": "milliseconds", "us": "microseconds", "ns": "nanoseconds"}


@dataclass(frozen=True)
class SecretRules:
    """How a returned workflow treats the secret `extra_data` keys of its submission."""

    removed: tuple[str, ...] = ()  # keys that must be absent
    constants: dict[str, object] = field(default_factory=dict)  # keys that must hold this placeholder

    @property
    def keys(self) -> tuple[str, ...]:
        """Every secret key, removed ones first."""
        return (*self.removed, *(key for key in self.constants if key not in self.removed))


def _required_names(node) -> list[str]:
    """Names a `not` forbids: `not: {required: [a]}` or `not: {anyOf: [{required: [a]}, ...]}`."""
    if not isinstance(node, dict):
        return []
    names = [str(name) for name in node.get("required") or []]
    for branch in node.get("anyOf") or []:
        names += _required_names(branch)
    return names


@functools.lru_cache(maxsize=None)
def secret_rules(spec: Spec) -> SecretRules:
    """The secret keys of `Workflow.extra_data` in a job's detail, from the schema's `not` and `const`."""
    workflow = spec.job_fields(detail=True).get("workflow") or {}
    extra = spec.deref(spec.properties(workflow).get("extra_data") or {})
    removed = tuple(dict.fromkeys(_required_names(extra.get("not"))))
    constants = {name: prop["const"] for name, prop in spec.properties(extra).items() if "const" in prop}
    return SecretRules(removed, constants)


def absent_while(spec: Spec, name: str, detail: bool = False) -> frozenset[str]:
    """Statuses in which the servers described omit the job field `name` (`x-absent-while`)."""
    prop = spec.job_fields(detail).get(name) or {}
    return frozenset(str(status) for status in prop.get("x-absent-while") or ())


def field_since(spec: Spec, name: str, detail: bool = False) -> str | None:
    """The first server version with the job field `name` (`x-since`), None when it always existed."""
    return (spec.job_fields(detail).get(name) or {}).get("x-since")


def text_items_counted_before(spec: Spec) -> str | None:
    """Servers older than this version may count `text` strings in `outputs_count` as well."""
    return (spec.job_fields().get("outputs_count") or {}).get("x-text-items-counted-before")


def history_limit(spec: Spec) -> int | None:
    """Finished prompts a server keeps: past this many it drops the oldest before adding one."""
    value = spec.document.get("x-history-limit")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def schema_unit(spec: Spec, schema) -> str | None:
    """The `x-unit` of one schema node (after following its `$ref`), None when it has none."""
    node = spec.deref(schema or {})
    return node.get("x-unit") if isinstance(node, dict) else None


def profile_of(document) -> str | None:
    """The profile a resolved document was made from (`info.x-profile`), None for other documents."""
    info = document.get("info") if isinstance(document, dict) else None
    return info.get("x-profile") if isinstance(info, dict) else None


def storage_areas(spec: Spec) -> tuple[tuple[str, ...], str | None]:
    """(storage areas a download may name, the one saved outputs live in): the download route's `type` enum and default."""
    op = next((op for op in spec.operations if op.download is not None), None)
    param = spec.parameters(op.operation_id).get("type") if op else None
    schema = param["schema"] if param else {}
    return tuple(str(value) for value in schema.get("enum") or ()), schema.get("default")


def text_group(spec: Spec) -> str | None:
    """The output group whose items are strings shown as a text preview (TextPreview's `mediaType`)."""
    try:
        return (spec.properties("TextPreview").get("mediaType") or {}).get("const")
    except KeyError:
        return None
