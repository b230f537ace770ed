"""What a page moving from the v1 Jobs API to its successor must change, from the successor's spec.

Comfy API v2 says what replaces each v1 operation, route and field (`x-replaced-by` at its
root); its statuses map to v1's by lifecycle role; its credentials travel in another header.
`migration(spec)` gathers these once into tables the docs rules and `lint --suggest` read:
v1 status -> v2 status, v1 field -> v2 field, v1 auth header -> v2 header, and each v1 route
of every v1 profile with the operation (or the note) that replaces it. A profile that
replaces nothing (the v1 ones) has no migration.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from checks.apispec.facts import Spec, spec_for
from checks.apispec.loader import PROFILES


@dataclass(frozen=True)
class RouteMove:
    """A v1 route and what replaces it in the successor (None: nothing does, `note` says why)."""

    method: str
    path: str  # the v1 path as its profile declares it
    operation_id: str
    target: str | None  # "POST /api/v2/jobs", or None
    note: str = ""


@dataclass(frozen=True)
class Migration:
    profile: str  # the successor profile (v2)
    statuses: dict = field(default_factory=dict)  # v1 status -> successor status (only those that change)
    fields: dict = field(default_factory=dict)  # v1 job field -> successor field (only those that change)
    headers: dict = field(default_factory=dict)  # v1 credentials header -> how the successor wants them
    timestamp_fields: frozenset = frozenset()  # successor fields holding ISO 8601 strings
    routes: tuple = ()  # RouteMove per v1 operation, every v1 profile

    def route_for(self, method: str | None, path: str) -> RouteMove | None:
        """The move of the v1 route a request or a mention means (its path, any v1 profile)."""
        bare = path.split("?", 1)[0].rstrip("/")
        for move in self.routes:
            if not move.operation_id and move.path == bare and method in (None, move.method):
                return move
        for profile in PROFILES:
            for op in spec_for(profile).match_path(path, method):
                move = next((m for m in self.routes if m.operation_id == op.operation_id and m.method == op.method), None)
                if move is not None:
                    return move
        return None


def _credentials(spec: Spec) -> str:
    header = spec.auth_header or ""
    return f"{header}: Bearer <key>" if spec.auth_scheme == "bearer" else f"{header}: <key>"


@functools.lru_cache(maxsize=None)
def migration(spec: Spec) -> Migration | None:
    """The v1 -> `spec` tables, or None when `spec` replaces no v1 operation."""
    replaced = spec.replaces_operations()
    if not replaced:
        return None
    statuses, headers, routes = {}, {}, []
    for profile in PROFILES:
        v1 = spec_for(profile)
        for status in v1.status_enum():
            successor = spec.replacement_status(status, v1)
            if successor and successor != status:
                statuses[status] = successor
        if v1.auth_header and v1.auth_header != spec.auth_header:
            headers[v1.auth_header] = _credentials(spec)
        for op in v1.operations:
            replacement = replaced.get(op.operation_id)
            if replacement is None:
                continue
            target = spec.operation(replacement.target) if replacement.target else None
            routes.append(RouteMove(op.method, op.path, op.operation_id,
                                    f"{target.method} {target.path}" if target else None, replacement.note))
    for route, replacement in spec.replaces_routes().items():  # v1 routes no v1 profile models
        method, _, path = route.partition(" ")
        target = spec.operation(replacement.target) if replacement.target else None
        shown = f"{target.method} {target.path}" if target else replacement.target
        routes.append(RouteMove(method, path, "", shown, replacement.note))
    fields = {v1: v2 for v1, v2 in spec.replaces_fields().items() if v1 != v2}
    stamps = frozenset(name for name, unit in spec.timestamp_units.items() if unit == "date-time")
    return Migration(spec.profile, statuses, fields, headers, stamps, tuple(routes))
