"""Named faults: each one bends a single behaviour of the reference server on purpose.

A fault is one small function registered for a hook point, with the contract check that
must catch it (`caught_by`) and, when it only shows somewhere, the profile and server
version it needs. The server calls `Faults.bend(point, value, **context)` at that point,
and every active fault registered there may return a changed value. All faults are off by
default. The package stays free of aiohttp so `FAULTS` can be listed cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable


@dataclass(frozen=True)
class Fault:
    name: str
    point: str  # the hook point the server calls
    description: str
    caught_by: str  # the contract check that fails when the fault is on
    hook: Callable | None  # None for a switch the server's handlers test by name (`name in faults`)
    profile: str | None = None  # the one profile where the bent behaviour exists
    version: str | None = None  # a server version that has the bent behaviour (default: the server's)


_REGISTRY: dict[str, Fault] = {}


def fault(name: str, point: str, description: str, *, caught_by: str, profile: str | None = None,
          version: str | None = None):
    """Register `hook` as the fault `name`, called at `point`, that `caught_by` must detect."""

    def register(hook: Callable) -> Callable:
        if name in _REGISTRY:
            raise RuntimeError(f"two faults are named {name}")
        _REGISTRY[name] = Fault(name, point, description, caught_by, hook, profile, version)
        return hook

    return register


class UnknownFault(ValueError):
    """A fault name that is not registered."""


class Faults:
    """The set of faults switched on for one server."""

    def __init__(self, names: Iterable[str] = ()):
        names = frozenset(names)
        unknown = sorted(names - _REGISTRY.keys())
        if unknown:
            raise UnknownFault(f"unknown fault(s): {', '.join(unknown)}; valid faults: {', '.join(sorted(_REGISTRY))}")
        self.names = names

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def bend(self, point: str, value, **context):
        """Let every active fault registered at `point` change `value`."""
        for name in sorted(self.names):
            found = _REGISTRY[name]
            if found.point == point:
                value = found.hook(value, **context)
        return value


def all_faults() -> dict[str, Fault]:
    return dict(sorted(_REGISTRY.items()))


# The hooks register themselves when their modules load.
from checks.reference_server.faults import cancel, jobs, listing  # noqa: E402,F401

FAULTS: dict[str, str] = {name: found.description for name, found in all_faults().items()}
