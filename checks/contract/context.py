"""The state of one contract run that response checks need, reached through the exchange itself.

Schemathesis keeps registered checks for the whole process and calls them with
`(ctx, response, case)` only. Each run binds its own schemathesis schemas to its
`RunContext`, so a check finds the run a case belongs to from `case.operation.schema`:
two runs in one process never see each other's secrets, and a schema no run bound
(another schemathesis user, a test) is not judged by the registered checks at all.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

_BOUND: dict[int, "RunContext"] = {}
_LOCK = threading.Lock()


@dataclass
class RunContext:
    """What one run knows while it judges responses: the server version and the values it must never see."""

    version: str | None = None
    watched: dict[str, str] = field(default_factory=dict)  # secret value -> what it is, for the message
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def watch(self, value: str, what: str) -> None:
        """Fail any later response of this run that contains `value`; `what` names it in the message."""
        if value:
            with self._lock:
                self.watched[value] = what

    def secrets(self) -> dict[str, str]:
        with self._lock:
            return dict(self.watched)


def bind(schema, context: RunContext) -> None:
    """Responses to cases of `schema` belong to the run of `context` until `unbind`."""
    with _LOCK:
        _BOUND[id(schema)] = context


def unbind(schema) -> None:
    with _LOCK:
        _BOUND.pop(id(schema), None)


def context_of(case) -> RunContext | None:
    """The run a case belongs to, or None when no run bound its schema."""
    schema = getattr(getattr(case, "operation", None), "schema", None)
    with _LOCK:
        return _BOUND.get(id(schema)) if schema is not None else None
