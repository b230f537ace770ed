"""What a Mintlify site publishes, read from its `docs.json` navigation.

A docs repository holds more than its site: a README, notes, drafts. The lint judges what
readers see: the pages `docs.json` navigation lists (in every language), the snippets
those pages import (and what those import), and the locale mirrors of both. A file
outside that set is linted only when named on the command line. A `docs.json` without
navigation (or none at all) publishes every page, as before. The locale folders a site
declares (`zh-CN`, or `zh` for a language coded `cn`) come from the pages each language
lists, so mirrors are recognised whatever the language code.
"""

from __future__ import annotations

import functools
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from checks.docs.discover import DOC_SUFFIXES, ROOT_MARKERS, _import_index, mirror_path, split_locale, walk_of

_DEFAULT_LANGUAGES = frozenset({"en", "en-us", "en-gb"})


@dataclass(frozen=True)
class Site:
    root: str  # absolute docs root
    pages: frozenset[str]  # root-relative paths without suffix, as navigation lists them
    locales: tuple[str, ...]  # locale folders the navigation's languages use

    def published(self, locales) -> frozenset[str]:
        """Root-relative files (with suffix) the site publishes: listed pages, their snippets, their mirrors."""
        return _published(self, tuple(locales))


def _collect_pages(node, found: list[str], listed: bool = False) -> None:
    """Every string of a `pages` list, at any depth (groups nest inside pages, tabs hold groups)."""
    if isinstance(node, str):
        if listed:
            found.append(node)
    elif isinstance(node, list):
        for item in node:
            _collect_pages(item, found, listed)
    elif isinstance(node, dict):
        for key, value in node.items():
            _collect_pages(value, found, key in ("pages", "page"))


def _locale_folders(navigation) -> tuple[str, ...]:
    """The folder each non-default language's pages live in (`zh` for code `cn`, `zh-CN` ...)."""
    folders = []
    for language in (navigation.get("languages") or []) if isinstance(navigation, dict) else []:
        if not isinstance(language, dict) or str(language.get("language", "")).lower() in _DEFAULT_LANGUAGES:
            continue
        pages: list[str] = []
        _collect_pages({k: v for k, v in language.items() if k != "language"}, pages)
        tops = Counter(page.strip("/").split("/")[0] for page in pages if "/" in page.strip("/"))
        if tops:
            folders.append(tops.most_common(1)[0][0])
        elif language.get("language"):
            folders.append(str(language["language"]))
    return tuple(dict.fromkeys(folders))


@functools.lru_cache(maxsize=64)
def load_site(root: str) -> Site | None:
    """The site of a docs root, None when its `docs.json` has no navigation (everything is published)."""
    for marker in ROOT_MARKERS:
        path = os.path.join(root, marker)
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError):
            continue
        navigation = document.get("navigation") if isinstance(document, dict) else None
        pages: list[str] = []
        _collect_pages(navigation, pages)
        listed = frozenset(_normal(page) for page in pages if isinstance(page, str) and not page.startswith(("http:", "https:")))
        if not listed:
            return None
        return Site(os.path.abspath(root), listed, _locale_folders(navigation))
    return None


def _normal(page: str) -> str:
    page = page.strip().strip("/")
    for suffix in DOC_SUFFIXES:
        if page.endswith(suffix):
            return page[: -len(suffix)]
    return page


@functools.lru_cache(maxsize=16)
def _published(site: Site, locales: tuple[str, ...]) -> frozenset[str]:
    root = site.root
    walk = walk_of(root)  # knows which files exist, without a stat each
    files = walk.existing(page + suffix for page in site.pages for suffix in DOC_SUFFIXES)
    # What published pages import, and what that imports in turn.
    imports: dict[str, set[str]] = {}
    for snippet, importers in _import_index(Path(root)).items():
        snippet = _inside(snippet, root)
        for importer in importers:
            imports.setdefault(_inside(importer, root), set()).add(snippet)
    todo = list(files)
    while todo:
        for snippet in imports.get(todo.pop(), ()):
            if snippet not in files:
                files.add(snippet)
                todo.append(snippet)
    # The locale mirrors of every published page and snippet.
    mirrors = set()
    for relative in files:
        posix = relative.replace(os.sep, "/")
        locale, _ = split_locale(posix, locales)
        if locale is not None:
            continue
        mirrors.update(mirror_path(posix, candidate_locale) for candidate_locale in locales)
    return frozenset(f.replace(os.sep, "/") for f in files) | frozenset(mirrors)


def _inside(path: str, root: str) -> str:
    """`os.path.relpath(path, root)`, without its splitting for the paths beneath `root`."""
    prefix = os.path.join(root, "")
    return path[len(prefix):] if path.startswith(prefix) else os.path.relpath(path, root)


def site_locales(root: str | os.PathLike) -> tuple[str, ...]:
    """The locale folders the site at `root` declares (empty without navigation)."""
    site = load_site(os.path.abspath(root))
    return site.locales if site else ()


def clear_caches() -> None:
    load_site.cache_clear()
    _published.cache_clear()
