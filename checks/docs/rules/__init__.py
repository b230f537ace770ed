"""The lint rules. One module per rule; adding a rule is adding a module (and its fixture pages).

A rule module declares `RULE = Rule(code=..., name=..., severity=..., doc=__doc__,
messages=messages(...))` (`checks.docs.codes`) and defines `check(page, ctx)` yielding the
findings it makes with `RULE.finding(...)`. Its docstring is the documentation `jobs-checks
rules CODE` prints: a one-line summary, then `Wrong:` and `Right:` examples that the
registry test lints. Modules register themselves: every module here is a rule (helpers
start with `_`), and one that declares no rule is an error, never silently skipped.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

from checks.docs.codes import Rule

__all__ = ["Rule", "RegistryError", "all_rules", "sources"]


class RegistryError(Exception):
    """A module under checks/docs/rules/ is not a well-formed rule (a bug in jobs-checks)."""


@functools.lru_cache(maxsize=1)
def _registered() -> tuple[Rule, ...]:
    found: dict[str, Rule] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        declared = getattr(module, "RULE", None)
        if not isinstance(declared, Rule) or not callable(getattr(module, "check", None)):
            raise RegistryError(f"checks/docs/rules/{info.name}.py must declare RULE = Rule(...) and define check(page, ctx)")
        if declared.code in found:
            raise RegistryError(f"{declared.code} is declared by both {found[declared.code].module.__name__} and {module.__name__}")
        found[declared.code] = declared.bound(module)
    return tuple(sorted(found.values(), key=lambda rule: rule.code))


def all_rules() -> list[Rule]:
    """Every rule module under checks/docs/rules/, bound to its check, in code order."""
    return list(_registered())


def sources() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every module here, helpers included, read without importing them:
    a rule's declaration and its check are in its module's source, so these say which rules run."""
    folder = Path(__path__[0])
    return [(file.name, file.read_bytes()) for file in sorted(folder.glob("*.py"))]
