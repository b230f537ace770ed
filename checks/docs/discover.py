"""Which files a lint run reads, where their docs root is, and who imports a snippet.

The docs root (what `/snippets/...` imports and the layout globs are relative to) is,
in order: `config.root`; the nearest ancestor folder holding `docs.json` or
`mint.json`; for a file under a `snippets/` folder, that folder's parent; the current
directory when the file lies beneath it; else the file's own folder.

Paths handed back keep the caller's style: relative to the current directory when
the path they derive from was relative, absolute when it was absolute.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from checks.docs.config import Config
from checks.docs.reading import read_docs_file

DOC_SUFFIXES = (".mdx", ".md")
ROOT_MARKERS = ("docs.json", "mint.json")
SKIPPED_FOLDERS = frozenset({"node_modules"})
# What a fence adds to the cost of linting a page, in bytes of text: measured on the real
# corpus, a page with code costs about 1.4 ms more than its size alone says (0.4 ms per KB).
CODE_WEIGHT = 3500

# `import Name from '/snippets/x.mdx'` / `import { A } from "./x.mdx"`, possibly over lines.
_IMPORT_TARGET = re.compile(r"^import\b[^;'\"]*?\bfrom\s*['\"]([^'\"\n]+)['\"]", re.M)
_IMPORT_AT = re.compile(_IMPORT_TARGET.pattern.removeprefix("^"))  # the same statement, matched where a line starts


def import_targets_in(data: bytes) -> tuple[str, ...]:
    """What `_IMPORT_TARGET.findall` finds in a file's text, tried only where a line starts with `import`
    (scanning every position of a long page for `^` costs more than reading it)."""
    if not (data.startswith(b"import") or b"\nimport" in data):  # ESM imports start a line; most pages have none
        return ()
    text = data.decode("utf-8", errors="replace")
    found, end = [], 0
    start = 0 if text.startswith("import") else text.find("\nimport") + 1
    while start or text.startswith("import"):
        if start >= end:  # findall's matches do not overlap
            match = _IMPORT_AT.match(text, start)
            if match:
                found.append(match.group(1))
                end = match.end()
        start = text.find("\nimport", start) + 1
        if not start:
            break
    return tuple(found)


@functools.lru_cache(maxsize=512)
def _glob_regex(glob: str) -> re.Pattern:
    """`**` crosses folders, `*` and `?` stay within one; `dir/**` also matches `dir` itself."""
    out = []
    index = 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if glob.startswith("/**", index) and index + 3 == len(glob):
            out.append("(?:/.*)?")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


@functools.lru_cache(maxsize=256)
def _compiled(globs: tuple[str, ...]) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((glob, _glob_regex(glob.lstrip("/"))) for glob in globs)


def glob_match(relative: str, globs) -> str | None:
    """The first glob (posix, relative to the root) matching `relative`, or None."""
    for glob, regex in _compiled(tuple(globs)):
        if regex.match(relative):
            return glob
    return None


@functools.lru_cache(maxsize=4096)
def _marked_root(folder: str) -> str | None:
    """The nearest folder from `folder` up holding a root marker (each folder is looked at once)."""
    if any(os.path.isfile(os.path.join(folder, marker)) for marker in ROOT_MARKERS):
        return folder
    parent = os.path.dirname(folder)
    return None if parent == folder else _marked_root(parent)


def find_root(path: str | os.PathLike, config: Config | None = None) -> Path:
    """The docs root of a file (see the module docstring for the order)."""
    if config is not None and config.root is not None:
        return Path(config.root)
    absolute = os.path.abspath(path)
    folder = absolute if os.path.isdir(absolute) else os.path.dirname(absolute)
    return _root_of_folder(folder, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _root_of_folder(folder: str, cwd: str) -> Path:
    marked = _marked_root(folder)
    if marked is not None:
        return Path(marked)
    folder_path = Path(folder)
    for parent in [folder_path, *folder_path.parents]:
        if parent.name == "snippets":
            return parent.parent
    cwd_path = Path(cwd)
    if cwd_path == folder_path or cwd_path in folder_path.parents:
        return cwd_path
    return folder_path


@functools.lru_cache(maxsize=64)
def _root_prefix(root: str) -> str:
    return os.path.join(os.path.abspath(root), "")


def relative_to_root(path: str | os.PathLike, root: Path) -> str | None:
    """Posix path of `path` inside `root`, or None when it lies outside."""
    absolute = os.path.abspath(path)
    prefix = _root_prefix(str(root))
    if absolute.startswith(prefix):  # the usual case, without relpath's splitting
        relative = absolute[len(prefix):]
        return relative.replace(os.sep, "/") if os.sep != "/" else relative
    relative = os.path.relpath(absolute, os.path.abspath(root))
    if relative.startswith(".." + os.sep) or relative == "..":
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))  # symlinked tree
        if relative.startswith(".." + os.sep) or relative == "..":
            return None
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def display_path(absolute: str | os.PathLike, like: str) -> str:
    """`absolute` in the style of `like`: relative to the current directory if `like` is relative."""
    if os.path.isabs(like):
        return os.path.normpath(absolute)
    absolute = os.path.normpath(os.path.abspath(absolute))
    here = os.path.join(os.getcwd(), "")
    if absolute.startswith(here):  # below the current directory: what relpath would say, without its splitting
        return absolute[len(here):]
    return os.path.relpath(absolute)


def split_locale(relative: str, locales) -> tuple[str | None, str | None]:
    """(locale, English relative path) for `zh/x.mdx` or `snippets/zh/x.mdx`; (None, None) otherwise."""
    parts = relative.split("/")
    if len(parts) > 1 and parts[0] in locales:
        return parts[0], "/".join(parts[1:])
    if len(parts) > 2 and parts[0] == "snippets" and parts[1] in locales:
        return parts[1], "/".join(["snippets", *parts[2:]])
    return None, None


def mirror_path(relative: str, locale: str) -> str:
    """The `locale` mirror of an English page or snippet (root-relative): `zh/x.mdx`, `snippets/zh/x.mdx`."""
    if relative.startswith("snippets/"):
        return f"snippets/{locale}/{relative[len('snippets/'):]}"
    return f"{locale}/{relative}"


def _excluded(path: str, config: Config) -> bool:
    if not config.exclude:
        return False
    posix = path.replace(os.sep, "/")
    if glob_match(posix[2:] if posix.startswith("./") else posix, config.exclude):
        return True
    relative = relative_to_root(path, find_root(path, config))
    return relative is not None and glob_match(relative, config.exclude) is not None


def _walk(folder: str):
    """Every docs file under `folder`, skipping dot-folders and node_modules (walked once in a run)."""
    prefix = os.path.join(folder, "")
    return (prefix + inside for inside in walk_of(folder).files)


@dataclass(frozen=True)
class Walk:
    """What one walk of a folder found: its docs files, and what it can answer about a path inside."""

    folder: str  # absolute
    files: tuple[str, ...]  # relative to the folder, in walk order
    irregular: frozenset[str]  # files that are no regular file (a pipe, a dangling link)
    unentered: tuple[str, ...]  # folders not walked (dot-folders, node_modules, links, unreadable), trailing sep

    @functools.cached_property
    def _listed(self) -> frozenset[str]:
        return frozenset(self.files)

    def existing(self, candidates) -> set[str]:
        """The posix paths among `candidates` (inside the folder) that `is_file` would say are files."""
        candidates = set(candidates)
        if os.sep != "/":
            return {candidate for candidate in candidates if self.is_file(candidate)}
        found = (candidates & self._listed) - self.irregular  # set operations: a navigation lists thousands
        if self.unentered:
            found |= {candidate for candidate in candidates - self._listed if self.is_file(candidate)}
        return found

    def is_file(self, inside: str) -> bool:
        """`os.path.isfile` of a posix path inside the folder, from the walk where it saw the place."""
        inside = inside.replace("/", os.sep)
        if inside in self._listed:
            return inside not in self.irregular
        if inside.startswith(self.unentered):
            return os.path.isfile(os.path.join(self.folder, inside))
        return False  # the walk listed that folder: no such docs file


def walk_of(folder: str) -> Walk:
    """The walk of `folder` (within a run, its one walk, whatever the folder was called)."""
    key = os.path.abspath(folder)
    if not _RUN:
        return _walk_now(key)
    walked = _RUN[-1]["walks"]
    if key not in walked:
        walked[key] = _walk_now(key)
    return walked[key]


def _walk_now(folder: str) -> Walk:
    """`os.walk` top-down (a folder it cannot list is skipped, links to folders are not entered),
    keeping what its directory entries tell for free: which folders were not entered, which
    files are not regular."""
    files: list[str] = []
    irregular: set[str] = set()
    unentered: list[str] = []
    todo = [(folder, "")]
    while todo:
        current, inside = todo.pop()
        folders, here = [], []
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    try:
                        is_dir = entry.is_dir()
                    except OSError:
                        is_dir = False
                    if is_dir:
                        folders.append(entry)
                    elif entry.name.endswith(DOC_SUFFIXES):
                        here.append(entry)
        except OSError:  # unreadable: like os.walk, list nothing of it
            unentered.append(inside)
            continue
        for entry in here:
            files.append(inside + entry.name)
            try:
                regular = entry.is_file()  # free but for links
            except OSError:  # a link loop: isfile says no too
                regular = False
            if not regular:
                irregular.add(inside + entry.name)
        for entry in reversed(folders):  # popped in listing order: os.walk's order
            below = inside + entry.name + os.sep
            if entry.name.startswith(".") or entry.name in SKIPPED_FOLDERS or entry.is_symlink():
                unentered.append(below)
            else:
                todo.append((entry.path, below))
    return Walk(folder, tuple(files), frozenset(irregular), tuple(unentered))


def discover(paths: list[str], config: Config | None = None, published_only: bool = False) -> list[str]:
    """Docs files named by `paths` (folders expanded), sorted; raises FileNotFoundError for a missing one.

    With `published_only`, a folder yields only what its site publishes (`checks.docs.site`:
    the pages `docs.json` navigation lists, their snippets and mirrors); a file named in
    `paths` is always kept.
    """
    config = config or Config()
    found: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            files = [file for file in _walk(path) if not _excluded(file, config)]
            found.update(_published_files(files, config) if published_only else files)
        elif os.path.isfile(path) or os.path.lexists(path):  # a pipe or a symlink loop is read, and reported
            if not _excluded(path, config):
                found.add(os.path.normpath(path) if path.startswith("./") else path)
        else:
            raise FileNotFoundError(path)
    return sorted(found)


def _published_files(files: list[str], config: Config) -> list[str]:
    """The files of a walked folder that their site publishes (all of them without navigation)."""
    from checks.docs.site import load_site

    kept = []
    folders: dict[str, tuple] = {}  # folder -> (its path inside the root or None, what its site publishes or None)
    for file in files:
        folder, name = os.path.split(file)
        if folder not in folders:
            root = find_root(file, config)
            site = load_site(os.path.abspath(root))
            inside = relative_to_root(folder, root)
            prefix = None if inside is None else "" if inside == "." else inside + "/"
            folders[folder] = (prefix, site.published((*config.locales, *site.locales)) if site else None)
        prefix, published = folders[folder]
        if published is None:
            kept.append(file)
        elif prefix is not None and prefix + name in published:
            kept.append(file)
    return kept


def with_site_locales(config: Config, paths) -> Config:
    """`config` with the locale folders the sites of `paths` declare added to its locales."""
    from dataclasses import replace

    from checks.docs.site import site_locales

    locales = list(config.locales)
    for path in paths:
        if os.path.exists(path):
            locales += [locale for locale in site_locales(find_root(path, config)) if locale not in locales]
    return config if len(locales) == len(config.locales) else replace(config, locales=tuple(locales))


def resolve_import(target: str, page_path: str | os.PathLike, root: Path) -> str | None:
    """Absolute path of an import target: `/x` (or `snippets/x`) from the root, `./x` from the page's folder."""
    base = _import_base(target, page_path, root)
    return None if base is None else _existing(base)


def _import_base(target: str, page_path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """The absolute path an import target names, before a suffix is tried; None for a package."""
    if target.startswith(("/", "snippets/")):
        base = os.path.join(os.path.abspath(root), target.lstrip("/"))
    elif target.startswith("."):
        base = os.path.join(os.path.dirname(os.path.abspath(page_path)), target)
    else:
        return None  # a package, not a file
    return os.path.normpath(base)


def _existing(base: str, walk: Walk | None = None) -> str | None:
    """The first of `base`, `base.mdx`, `base.md` that is a file; a walk of a folder above answers for its docs files."""
    inside = len(walk.folder) + 1 if walk is not None and base.startswith(os.path.join(walk.folder, "")) else None
    for candidate in (base, base + ".mdx", base + ".md"):
        if inside is not None and candidate.endswith(DOC_SUFFIXES):
            if walk.is_file(candidate[inside:].replace(os.sep, "/")):
                return candidate
        elif os.path.isfile(candidate):
            return candidate
    return None


_IMPORT_INDEX: dict[str, dict[str, list[str]]] = {}
_RUN: list[dict] = []  # the lint run in progress: its walks, and who knows a file's import targets


def _import_targets(file: str) -> tuple[str, ...]:
    run = _RUN[-1] if _RUN else None
    if run is not None:
        if file in run["known"]:
            return run["known"][file]
        if run["targets"] is not None:
            return run["targets"](file)  # which remembers them
    try:
        data = read_docs_file(file)
    except OSError:  # unreadable files are reported where they are linted
        return ()
    targets = import_targets_in(data)
    remember_import_targets(file, targets)
    if run is not None:
        run["weights"][file] = len(data) + (CODE_WEIGHT if b"```" in data or b"~~~" in data else 0)
    return targets


def read_weight(file: str) -> int | None:
    """How costly a file read during this run is to lint (its size, more with code), for
    sharing work out evenly; None for a file this run has not read."""
    return _RUN[-1]["weights"].get(file) if _RUN else None


def remember_import_targets(file: str, targets: tuple[str, ...]) -> None:
    """What a file (absolute path) imports, read by someone else during this run."""
    if _RUN:
        _RUN[-1]["known"][file] = targets


@contextlib.contextmanager
def one_run(import_targets=None):
    """Within, a lint run: each folder is walked and each file's imports read once, and a file's
    import targets come from `import_targets(absolute path)` when given (a result cache that
    knows unchanged files). A run inside a run shares what the outer one learned."""
    outer = _RUN[-1] if _RUN else {"walks": {}, "known": {}, "weights": {}, "targets": None}
    _RUN.append({"walks": outer["walks"], "known": outer["known"], "weights": outer["weights"],
                 "targets": import_targets or outer["targets"]})
    try:
        yield
    finally:
        _RUN.pop()


def _import_index(root: Path) -> dict[str, list[str]]:
    """Absolute snippet path -> absolute paths of files importing it; built once per root."""
    key = os.path.abspath(root)
    index = _IMPORT_INDEX.get(key)
    if index is not None:
        return index
    index = {}
    found: dict[str, str | None] = {}  # import base -> the file it resolves to: many pages import one snippet
    walk = walk_of(key)
    for file in _walk(key):
        for target in _import_targets(file):
            base = _import_base(target, file, key)
            if base is None:
                continue
            if base not in found:
                found[base] = _existing(base, walk)
            if found[base] is not None:
                index.setdefault(found[base], []).append(file)
    _IMPORT_INDEX[key] = index
    return index


def importers_of(snippet_path: str | os.PathLike, root: Path) -> list[str]:
    """Files under `root` importing `snippet_path`, in the caller's path style, sorted."""
    importers = _import_index(root).get(os.path.normpath(os.path.abspath(snippet_path)), [])
    return sorted(display_path(file, str(snippet_path)) for file in importers)


def clear_caches() -> None:
    """Forget docs roots, import indexes and sites (for tools that rewrite a tree while running)."""
    from checks.docs import site

    site.clear_caches()
    _IMPORT_INDEX.clear()
    for run in _RUN:  # files may have changed under a run in progress (`--fix`)
        run["walks"].clear()
        run["known"].clear()
        run["weights"].clear()
    _root_prefix.cache_clear()
    _marked_root.cache_clear()
    _root_of_folder.cache_clear()
