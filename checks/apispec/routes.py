"""Route facts across dialects: API roots, literal route prefixes, route families, twin paths.

Docs rules ask "is this a Jobs route?", "which word starts a Jobs route?" and "what is
`/jobs` with the `/api` root?". They used to derive the answers five ways; these
accessors derive them once from the profiles' paths, `x-also-served-at` aliases and
`x-path-prefix-aliases`. The version-source route (`x-version-source`, a server route
the spec borrows to learn the version) does not make its first segment a Jobs family.
"""

from __future__ import annotations

import functools
import os
import re

from checks.apispec.facts import spec_for
from checks.apispec.loader import PROFILES


def _segments(path: str) -> list[str]:
    return [part for part in path.split("?", 1)[0].split("/") if part]


@functools.lru_cache(maxsize=None)
def api_roots(profiles: tuple[str, ...] = PROFILES) -> tuple[str, ...]:
    """Path roots the dialects serve their API under (`/api`, ...), longest first.

    A profile's root is the leading path its routes share, plus any prefix alias it declares.
    """
    roots = set()
    for profile in profiles:
        spec = spec_for(profile)
        paths = [path for op in spec.operations for path in op.served_paths]
        shared = os.path.commonprefix([_segments(path.split("{", 1)[0]) for path in paths]) if paths else []
        literal = [part for part in shared if "{" not in part]
        if literal and len(literal) < min(len(_segments(path)) for path in paths):
            roots.add("/" + "/".join(literal))
        roots.update(spec.path_prefix_aliases)
    return tuple(sorted(roots, key=lambda root: (-len(root), root)))


def strip_api_root(path: str, profiles: tuple[str, ...] = PROFILES) -> str:
    """`/api/jobs/1` -> `/jobs/1`; a path outside every API root is returned as it is."""
    for root in api_roots(profiles):
        if path == root or path.startswith(root + "/"):
            return path[len(root):] or "/"
    return path


def has_api_root(path: str, profiles: tuple[str, ...] = PROFILES) -> bool:
    return strip_api_root(path, profiles) != path


def first_segment(path: str, profiles: tuple[str, ...] = PROFILES) -> str:
    """The first path segment after the API root (`jobs` for `/api/jobs/1`), '' when none."""
    parts = _segments(strip_api_root(path.split("?", 1)[0], profiles))
    return parts[0] if parts else ""


def twin_path(path: str, profiles: tuple[str, ...] = PROFILES) -> str:
    """The same route with the API root added or removed: `/jobs` <-> `/api/jobs` (query dropped)."""
    bare = path.split("?", 1)[0]
    stripped = strip_api_root(bare, profiles)
    if stripped != bare:
        return stripped
    roots = api_roots(profiles)
    shortest = min(roots, key=len) if roots else ""
    return shortest + bare


@functools.lru_cache(maxsize=None)
def route_prefixes(profiles: tuple[str, ...] = PROFILES) -> tuple[str, ...]:
    """Literal part (before the first path parameter) of every path any of `profiles` serves, longest first."""
    found = set()
    for profile in profiles:
        for op in spec_for(profile).operations:
            for path in op.served_paths:
                prefix = path.split("{", 1)[0].rstrip("/")
                if prefix:
                    found.add(prefix)
    return tuple(sorted(found, key=lambda prefix: (-len(prefix), prefix)))


@functools.lru_cache(maxsize=None)
def route_pattern(profiles: tuple[str, ...] = PROFILES) -> re.Pattern:
    """Matches any served route prefix as written in text (`/api/jobs`, `/prompt`), not `/api/jobsx`."""
    alternatives = "|".join(re.escape(prefix) for prefix in route_prefixes(profiles))
    return re.compile(f"(?:{alternatives})(?![\\w-])")


@functools.lru_cache(maxsize=None)
def route_families(profiles: tuple[str, ...] = PROFILES) -> frozenset[str]:
    """First segments (after the API root) of the Jobs routes: `jobs`, `prompt`, `history`, ...

    The version-source operation and the server routes beside the Jobs API (downloads,
    interrupts: `Operation.jobs_api` false) are not Jobs routes: they add no family.
    """
    found = set()
    for profile in profiles:
        spec = spec_for(profile)
        version_op = spec.version_source_operation
        for op in spec.operations:
            if op.operation_id == version_op or not op.jobs_api:
                continue
            for path in op.served_paths:
                segment = first_segment(path, profiles)
                if segment and "{" not in segment:
                    found.add(segment)
    return frozenset(found)


def jobs_like(path: str) -> bool:
    """True for a path whose first segment (after the API root) is a Jobs route family."""
    return first_segment(path) in route_families()
