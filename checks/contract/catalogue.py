"""Every semantic check the runner knows, by name, with the docstring that explains it.

Two kinds: *response* checks look at one exchange `(ctx, response, case)` and are
registered with schemathesis, so they run on every fuzzed response as well as on the
scenarios' responses; *scenario* checks judge what a deterministic sequence of
requests collected (pages, a job's life, a cancel). A check raises `AssertionError`
with a one-line reason, or returns None.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

RESPONSE, SCENARIO = "response", "scenario"

# Modules whose import fills the catalogue; kept as names so `--list-checks` stays light.
CHECK_MODULES = (
    "checks.contract.semantics.timestamps",
    "checks.contract.semantics.ordering",
    "checks.contract.semantics.filters",
    "checks.contract.semantics.pagination",
    "checks.contract.semantics.detail",
    "checks.contract.semantics.secrets",
    "checks.contract.semantics.errors",
    "checks.contract.semantics.lifecycle",
    "checks.contract.semantics.cancel",
    # Comfy API v2 (they stay silent on v1 exchanges)
    "checks.contract.v2.responses",
    "checks.contract.v2.jobs",
    "checks.contract.v2.idempotency",
    "checks.contract.v2.cancel",
    "checks.contract.v2.events",
    "checks.contract.v2.outputs",
    "checks.contract.v2.auth",
)


@dataclass(frozen=True)
class ContractCheck:
    name: str
    kind: str
    function: Callable

    @property
    def summary(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


_CATALOGUE: dict[str, ContractCheck] = {}


def _register(kind: str):
    def decorate(function):
        name = function.__name__
        if name in _CATALOGUE and _CATALOGUE[name].function is not function:
            raise RuntimeError(f"two contract checks are named {name}")
        _CATALOGUE[name] = ContractCheck(name, kind, function)
        return function

    return decorate


response_check = _register(RESPONSE)
scenario_check = _register(SCENARIO)


def all_checks() -> dict[str, ContractCheck]:
    """The full catalogue, importing the check modules on first use."""
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return dict(sorted(_CATALOGUE.items()))


def response_checks() -> list[ContractCheck]:
    return [check for check in all_checks().values() if check.kind == RESPONSE]
