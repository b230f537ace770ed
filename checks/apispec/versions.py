"""Server versions against the spec's `x-since`, shared by the runner and the reference server."""

from __future__ import annotations

import re


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """`"0.33.0"` -> (0, 33, 0); only the leading numeric parts, so `"0.26.0rc1"` still compares."""
    if not text:
        return None
    parts = []
    for piece in str(text).lstrip("v").split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts) or None


def available(since: str | None, version: str | None) -> bool:
    """Whether something marked `x-since: since` exists on a server of `version` (unknown: assume yes)."""
    have, need = version_tuple(version), version_tuple(since)
    return have is None or need is None or have >= need
