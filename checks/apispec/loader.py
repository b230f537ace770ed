"""Turn a profile file plus the shared components into one standalone document.

Profiles `$ref` schemas in `components.yaml`; consumers (schemathesis above all,
which silently skips validation for unresolved external refs) need a document
with local refs only. `resolved_document` copies every referenced shared piece
into the profile's own `components` and rewrites the refs to point there.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path


# The two dialects of the v1 Jobs API. The docs tools (lint, coverage, examples) judge pages
# by these, and a page without a profile by both: v2 never widens or narrows that union.
PROFILES = ("comfyui", "cloud")
# Every profile the spec ships: `spec`, `contract` and `serve` take any of them.
ALL_PROFILES = (*PROFILES, "v2")
# The profiles a docs page may name (`jobs-checks-profile: v2`, a `profiles` glob, `lint --profile`).
LINT_PROFILES = ALL_PROFILES


class SpecError(Exception):
    """The spec files are missing or inconsistent."""


def spec_dir() -> Path:
    """Folder holding the OpenAPI files: shipped inside the wheel, or the repo's `openapi/`."""
    packaged = Path(__file__).resolve().parent.parent / "openapi"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "openapi"


@functools.lru_cache(maxsize=None)
def _load_file(name: str) -> dict:
    path = spec_dir() / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError(f"cannot read spec file {path}: {exc.strerror}") from None
    import yaml  # here, not on import: a warm lint run never parses the spec

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def _pointer_get(document: dict, pointer: str):
    node = document
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[part]
    return node


@functools.lru_cache(maxsize=None)
def _resolve(profile: str) -> dict:
    if profile not in ALL_PROFILES:
        raise SpecError(f"unknown profile {profile!r}; choose one of: {', '.join(ALL_PROFILES)}")
    main_file = f"{profile}.yaml"
    document = copy.deepcopy(_load_file(main_file))
    components = document.setdefault("components", {})

    def import_target(file_name: str, pointer: str) -> str:
        parts = pointer.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "components":
            raise SpecError(f"external $ref must point at components/<kind>/<name>: {file_name}#{pointer}")
        _, kind, name = parts
        section = components.setdefault(kind, {})
        target = _pointer_get(_load_file(file_name), pointer)
        if name not in section:
            section[name] = {}  # placeholder first, so cycles terminate
            section[name] = rewrite(copy.deepcopy(target), file_name)
        elif file_name != main_file and name in _load_file(main_file).get("components", {}).get(kind, {}):
            raise SpecError(f"{main_file} and {file_name} both define components/{kind}/{name}")
        return f"#{pointer}"

    def rewrite(node, source_file: str):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                file_part, _, pointer = ref.partition("#")
                file_name = file_part or source_file
                if file_name != main_file:
                    node["$ref"] = import_target(file_name, pointer)
            for key, value in list(node.items()):
                if key != "$ref":
                    rewrite(value, source_file)
        elif isinstance(node, list):
            for item in node:
                rewrite(item, source_file)
        return node

    rewrite(document, main_file)
    for kind in components.values():
        if isinstance(kind, dict):
            for name in sorted(kind):
                kind[name] = kind.pop(name)
    return document


def resolved_document(profile: str) -> dict:
    """The standalone OpenAPI 3.1 document of `profile` (a fresh copy, safe to mutate)."""
    return copy.deepcopy(_resolve(profile))


def shared_resolved(profile: str) -> dict:
    """The cached resolved document; callers must not mutate it."""
    return _resolve(profile)
