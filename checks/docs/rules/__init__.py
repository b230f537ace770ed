"""The lint rules. One module per rule; its docstring is what `jobs-checks rules CODE` prints.

A rule module defines `CODE`, `NAME`, `SEVERITY` and `check(page, ctx)` yielding Findings.
Its docstring starts with a one-line summary and contains `Wrong:` and `Right:` examples.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

# Stable order: codes never change meaning once shipped.
RULE_MODULES = (
    "checks.docs.rules.undefined_name",  # JC101
    "checks.docs.rules.enum_value",  # JC201
    "checks.docs.rules.enum_incomplete",  # JC202
    "checks.docs.rules.timestamp_unit",  # JC301
    "checks.docs.rules.example_schema",  # JC401
    "checks.docs.rules.endpoint",  # JC501
    "checks.docs.rules.mirror_drift",  # JC601
    "checks.docs.rules.syntax",  # JC701
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    doc: str
    module: ModuleType

    def check(self, page, ctx):
        return self.module.check(page, ctx)


def _rule_from(module: ModuleType) -> Rule:
    doc = (module.__doc__ or "").strip()
    return Rule(module.CODE, module.NAME, module.SEVERITY, doc.splitlines()[0] if doc else "", doc, module)


def all_rules() -> list[Rule]:
    """Every rule whose module exists, in code order."""
    rules = []
    for name in RULE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # not written yet
            raise
        rules.append(_rule_from(module))
    return sorted(rules, key=lambda r: r.code)
