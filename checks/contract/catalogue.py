"""Every check and scenario the runner knows, registered by the modules that define them.

Three kinds of checks: *response* checks look at one exchange `(ctx, response, case)` and
are registered with schemathesis, so they run on every fuzzed response as well as on the
scenarios' responses; *scenario* checks judge what a deterministic sequence of requests
collected (pages, a job's life, a cancel); *defect* checks look for server bugs outside
the contract (a 500 for a body that is not JSON), reported apart from contract violations.
A check raises `AssertionError` with a one-line reason, or returns None.

A module under `checks.contract.semantics` or `checks.contract.scenarios` registers what it
defines with a decorator; nothing lists them by hand: adding a check is adding a function.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

RESPONSE, SCENARIO, DEFECT = "response", "scenario", "defect"
PACKAGES = ("checks.contract.semantics", "checks.contract.scenarios", "checks.contract.v2")


@dataclass(frozen=True)
class ContractCheck:
    name: str
    kind: str
    function: Callable

    @property
    def summary(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""

    @property
    def defect(self) -> bool:
        return self.kind == DEFECT

    @property
    def module(self) -> str:
        return self.function.__module__


@dataclass(frozen=True)
class Scenario:
    """A deterministic sequence of requests; scenarios run in `order`, lowest first."""

    name: str
    order: int
    function: Callable

    @property
    def summary(self) -> str:
        doc = (self.function.__doc__ or "").strip()
        return doc.splitlines()[0] if doc else ""


_CHECKS: dict[str, ContractCheck] = {}
_SCENARIOS: dict[str, Scenario] = {}


def _register(kind: str):
    def decorate(function):
        name = function.__name__
        if name in _CHECKS and _CHECKS[name].function is not function:
            raise RuntimeError(f"two contract checks are named {name}")
        _CHECKS[name] = ContractCheck(name, kind, function)
        return function

    return decorate


response_check = _register(RESPONSE)
scenario_check = _register(SCENARIO)
defect_check = _register(DEFECT)


def scenario(order: int):
    """Register a scenario `run_<name>(run)`; its name in notes is the function name without `run_`."""

    def decorate(function):
        name = function.__name__.removeprefix("run_")
        if name in _SCENARIOS and _SCENARIOS[name].function is not function:
            raise RuntimeError(f"two scenarios are named {name}")
        _SCENARIOS[name] = Scenario(name, order, function)
        return function

    return decorate


def _load() -> None:
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package_name}.{module.name}")


def all_checks() -> dict[str, ContractCheck]:
    """The full catalogue, importing the check and scenario modules on first use."""
    _load()
    return dict(sorted(_CHECKS.items()))


def response_checks() -> list[ContractCheck]:
    return [check for check in all_checks().values() if check.kind == RESPONSE]


def all_scenarios() -> list[Scenario]:
    """Every registered scenario, in the order the runner plays them."""
    _load()
    return sorted(_SCENARIOS.values(), key=lambda found: (found.order, found.name))
