"""Which dialect a page documents: `comfyui` (local server), `cloud`, `v2`, or None (both v1 dialects).

Order: `jobs-checks-profile:` in the frontmatter; `profiles` globs in the config;
the built-in layout of the ComfyUI docs; for a mirror (`zh/...`), its English page
by the same rules; for a snippet, the profile every page importing it agrees on; last, a
page whose text uses Comfy API v2 routes (`/api/v2/...`) and no v1 Jobs route is a v2 page.
An unknown frontmatter value is reported (JC003) and skipped, so the layout still applies.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from checks.docs.config import Config
from checks.docs.discover import glob_match, importers_of, relative_to_root, split_locale
from checks.docs.engine_codes import NO_PROFILE
from checks.docs.findings import Finding
from checks.docs.source import parse_frontmatter
from checks.apispec import LINT_PROFILES, PROFILES

FRONTMATTER_KEY = "jobs-checks-profile"

# Where the ComfyUI docs keep each dialect's pages (layout, not API facts).
LAYOUT = (
    ("development/cloud/**", "cloud"),
    ("snippets/cloud/**", "cloud"),
    ("api-reference/cloud/**", "cloud"),
    ("development/comfyui-server/**", "comfyui"),
)
_LAYOUT_GLOBS = tuple(pattern for pattern, _ in LAYOUT)


def frontmatter_profile(frontmatter: dict) -> str | None:
    """The frontmatter's profile when it names a known one."""
    value = frontmatter.get(FRONTMATTER_KEY) if frontmatter else None
    return value if isinstance(value, str) and value in LINT_PROFILES else None


def invalid_profile_problem(path: str, frontmatter: dict, text: str = "") -> Finding | None:
    """JC003 (its `invalid` message, a warning) for a `jobs-checks-profile:` value that names no profile."""
    if not frontmatter or FRONTMATTER_KEY not in frontmatter or frontmatter_profile(frontmatter):
        return None
    value = frontmatter[FRONTMATTER_KEY]
    lines = text.split("\n", 200)[:200]
    line = next((n for n, content in enumerate(lines, 1) if content.startswith(FRONTMATTER_KEY + ":")), 1)
    return NO_PROFILE.finding("invalid", path, line, 1, key=FRONTMATTER_KEY, value=value, profiles=", ".join(LINT_PROFILES))


@functools.lru_cache(maxsize=8192)
def _frontmatter_of(path: str) -> dict:
    """The frontmatter of another page, as far as its profile goes: {} when it names none."""
    from checks.docs.reading import read_docs_file

    try:
        text = read_docs_file(path).decode("utf-8", errors="replace")
    except OSError:  # Unreadable too: a pipe or a giant has no profile to give
        return {}
    if not text.startswith("---") or FRONTMATTER_KEY not in text:
        return {}  # no profile to read: skip the YAML
    return parse_frontmatter(text.replace("\r\n", "\n"))[0]


def _by_path(relative: str, config: Config) -> tuple[str | None, str]:
    glob = glob_match(relative, config.profiles)
    if glob is not None:
        where = f" in {config.source.name}" if config.source else ""
        return config.profiles[glob], f"config glob {glob!r}{where}"
    pattern = glob_match(relative, _LAYOUT_GLOBS)
    if pattern is not None:
        return dict(LAYOUT)[pattern], f"docs layout {pattern}"
    return None, ""


def resolve_profile(path: str, frontmatter: dict, config: Config | None, root: Path,
                    *, relative: str | None = None, text: str | None = None) -> tuple[str | None, str]:
    """(profile or None, why) for the page at `path`; see the module docstring for the order.

    `relative` (the path inside `root`) may be passed when the caller already knows it;
    `text` (the page's text) lets a page that uses only v2 routes be judged as v2.
    """
    profile, reason = _resolve(path, frontmatter, config or Config(), Path(root), (), relative)
    if profile is None and text and uses_only_v2_routes(text):
        return "v2", f"uses only Comfy API v2 routes ({_V2_ROUTES})"
    return profile, reason


_V2 = "v2"
_V2_ROUTES = "/api/v2/..."


def uses_only_v2_routes(text: str) -> bool:
    """True for text that requests a Comfy API v2 route and no route of a v1 dialect."""
    from checks.samples.requests_urls import uses_a_route

    if "/v2/" not in text or not uses_a_route(text, (_V2,)):
        return False
    return not uses_a_route(text, PROFILES)


def _resolve(path, frontmatter, config, root, seen, relative=None) -> tuple[str | None, str]:
    profile = frontmatter_profile(frontmatter)
    if profile:
        return profile, f"frontmatter {FRONTMATTER_KEY}"
    relative = relative or relative_to_root(path, root)
    if relative is None:
        return None, "outside the docs root; no frontmatter profile"
    profile, reason = _by_path(relative, config)
    if profile:
        return profile, reason
    locale, english = split_locale(relative, config.locales)
    if english is not None:
        english_path = os.path.join(root, english)
        profile = frontmatter_profile(_frontmatter_of(english_path))
        if profile:
            return profile, f"English page {english}: frontmatter {FRONTMATTER_KEY}"
        profile, reason = _by_path(english, config)
        if profile:
            return profile, f"English page {english}: {reason}"
    snippet = english or relative
    if snippet.startswith("snippets/") and path not in seen:
        profile, reason = _from_importers(path, config, root, (*seen, path))
        if profile:
            return profile, reason
    return None, "no frontmatter profile, config glob or docs layout matched"


def _from_importers(path, config, root, seen) -> tuple[str | None, str]:
    importers = importers_of(os.path.abspath(path), root)
    if not importers:
        return None, ""
    profiles = {_resolve(page, _frontmatter_of(page), config, root, seen)[0] for page in importers}
    if len(profiles) == 1 and None not in profiles:
        profile = profiles.pop()
        return profile, f"imported only by {profile} pages ({len(importers)})"
    return None, ""
