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
from pathlib import Path

from checks.docs.config import Config
from checks.docs.reading import read_docs_file

DOC_SUFFIXES = (".mdx", ".md")
ROOT_MARKERS = ("docs.json", "mint.json")
SKIPPED_FOLDERS = frozenset({"node_modules"})

# `import Name from '/snippets/x.mdx'` / `import { A } from "./x.mdx"`, possibly over lines.
_IMPORT_TARGET = re.compile(r"^import\b[^;'\"]*?\bfrom\s*['\"]([^'\"\n]+)['\"]", re.M)


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
    if _RUN:
        prefix = os.path.join(folder, "")
        return (prefix + inside for inside in walked_inside(folder))
    return _walk_now(folder)


def walked_inside(folder: str) -> list[str]:
    """The paths `_walk(folder)` yields, relative to `folder` (within a run, its one walk)."""
    key = os.path.abspath(folder)
    cut = len(os.path.join(key, ""))
    if not _RUN:
        return [path[cut:] for path in _walk_now(key)]
    walked = _RUN[-1]["walks"]
    if key not in walked:  # the file paths inside, whatever the folder was called
        walked[key] = [path[cut:] for path in _walk_now(key)]
    return walked[key]


def _walk_now(folder: str):
    for current, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".") and name not in SKIPPED_FOLDERS]
        for name in files:
            if name.endswith(DOC_SUFFIXES):
                yield os.path.join(current, name)


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
    if target.startswith(("/", "snippets/")):
        base = os.path.join(os.path.abspath(root), target.lstrip("/"))
    elif target.startswith("."):
        base = os.path.join(os.path.dirname(os.path.abspath(page_path)), target)
    else:
        return None  # a package, not a file
    base = os.path.normpath(base)
    for candidate in (base, base + ".mdx", base + ".md"):
        if os.path.isfile(candidate):
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
    targets = ()
    if data.startswith(b"import") or b"\nimport" in data:  # ESM imports start a line; most pages have none
        targets = tuple(_IMPORT_TARGET.findall(data.decode("utf-8", errors="replace")))
    remember_import_targets(file, targets)
    return targets


def remember_import_targets(file: str, targets: tuple[str, ...]) -> None:
    """What a file (absolute path) imports, read by someone else during this run."""
    if _RUN:
        _RUN[-1]["known"][file] = targets


@contextlib.contextmanager
def one_run(import_targets=None):
    """Within, a lint run: each folder is walked and each file's imports read once, and a file's
    import targets come from `import_targets(absolute path)` when given (a result cache that
    knows unchanged files). A run inside a run shares what the outer one learned."""
    outer = _RUN[-1] if _RUN else {"walks": {}, "known": {}, "targets": None}
    _RUN.append({"walks": outer["walks"], "known": outer["known"], "targets": import_targets or outer["targets"]})
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
    for file in _walk(key):
        for target in _import_targets(file):
            resolved = resolve_import(target, file, Path(key))
            if resolved is not None:
                index.setdefault(resolved, []).append(file)
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
    _root_prefix.cache_clear()
    _marked_root.cache_clear()
    _root_of_folder.cache_clear()
