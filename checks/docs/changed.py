"""Which pages a change touches: `lint --changed-since REF`.

The files git reports as changed since REF (committed, staged, unstaged and untracked;
renames followed), then the pages whose findings can change with them: a mirror's English
page and an English page's mirrors (parity is judged on the mirror), and the pages that
import a changed snippet, through snippets importing snippets, with their mirrors too. A
deleted or renamed-away file still expands: its mirrors and importers now lack it. A
changed lint configuration, or a docs root marker added or removed, selects every page.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field

from checks.docs.cache import FileFacts
from checks.docs.config import Config
from checks.docs.discover import DOC_SUFFIXES, ROOT_MARKERS, discover

CONFIG_NAMES = ("jobs-checks.toml",)


class ChangedError(Exception):
    """The change set cannot be computed (no git, not a checkout, REF not in this clone)."""


@dataclass
class Selection:
    """The files a changed-files run lints, and why the set is what it is."""

    files: list[str]
    changed: list[str] = field(default_factory=list)  # docs files git reports (existing ones)
    base: str = ""  # the commit compared with
    everything: str | None = None  # why every page is selected, when it is
    notes: list[str] = field(default_factory=list)  # warnings worth one line on stderr


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ChangedError("--changed-since needs git, and git is not installed") from None


def _base_commit(ref: str, top: str, notes: list[str]) -> str:
    """The commit to diff with: the merge base of REF and HEAD, or REF itself when history is cut short."""
    resolved = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top)
    if resolved.returncode != 0:
        shallow = _git(["rev-parse", "--is-shallow-repository"], top).stdout.strip() == "true"
        hint = "this is a shallow clone; " if shallow else ""
        raise ChangedError(
            f"--changed-since: {ref!r} is not a commit in this clone; {hint}fetch it first "
            f"(e.g. `git fetch --depth=1 origin {ref.split('/')[-1]}`) or check out with `fetch-depth: 0`"
        )
    commit = resolved.stdout.strip()
    head = _git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], top)
    if head.returncode != 0:
        return commit
    merge_base = _git(["merge-base", commit, "HEAD"], top)
    if merge_base.returncode == 0 and merge_base.stdout.strip():
        return merge_base.stdout.strip()
    notes.append(f"no merge base of {ref} and HEAD in this clone (shallow?); comparing with {ref} itself")
    return commit


def changed_files(ref: str, where: str = ".") -> tuple[str, list[tuple[str, str]], list[str]]:
    """(base commit, [(status, absolute path)], notes) of every file changed since REF's merge base.

    Status is git's letter (A, M, D, R, C, T, U) or `?` for an untracked file; a rename gives
    `D` for the old path and `R` for the new one.
    """
    folder = os.path.abspath(where if os.path.isdir(where) else os.path.dirname(os.path.abspath(where)))
    cdup = _git(["rev-parse", "--show-cdup"], folder)
    if cdup.returncode != 0:
        raise ChangedError(f"--changed-since needs a git checkout, and {where} is not inside one")
    top = os.path.normpath(os.path.join(folder, cdup.stdout.strip()))  # as the caller sees it (symlinks kept)
    notes: list[str] = []
    base = _base_commit(ref, top, notes)
    diff = _git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", base, "--"], top)
    if diff.returncode != 0:
        raise ChangedError(f"--changed-since: git diff failed: {diff.stderr.strip().splitlines()[-1] if diff.stderr.strip() else diff.returncode}")
    fields = diff.stdout.split("\0")
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(fields) and fields[index]:
        status = fields[index][0]
        if status in "RC":
            old, new = fields[index + 1], fields[index + 2]
            if status == "R":
                found.append(("D", os.path.join(top, old)))
            found.append((status, os.path.join(top, new)))
            index += 3
        else:
            found.append((status, os.path.join(top, fields[index + 1])))
            index += 2
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], top)
    found += [("?", os.path.join(top, name)) for name in untracked.stdout.split("\0") if name]
    return base, [(status, os.path.normpath(path)) for status, path in found], notes


def mirrors_of(path: str, facts: FileFacts) -> list[str]:
    """Existing locale mirrors of an English page or snippet (absolute paths)."""
    return [candidate for candidate in facts.mirrors(path) if os.path.isfile(candidate)]


def expand(paths, config: Config, facts: FileFacts | None = None) -> set[str]:
    """`paths` (absolute, existing or deleted) and every page whose findings they can change.

    `facts` may be a result cache's, which knows unchanged files without reading them.
    """
    facts = facts or FileFacts(config, hashes=False)
    selected: set[str] = set()
    todo = list(paths)
    seen: set[str] = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        selected.add(path)
        english = facts.english(path)
        if english:
            selected.add(english)  # not expanded: a mirror's change touches no sibling
        todo += mirrors_of(path, facts)
        todo += facts.importers(path)  # by what their imports name, so a deleted file has them too
    return {path for path in selected if os.path.isfile(path)}


def _inside(path: str, scopes: list[str]) -> bool:
    return any(path == scope or path.startswith(scope.rstrip(os.sep) + os.sep) for scope in scopes)


def _shown(absolute: str, like: str) -> str:
    return os.path.normpath(absolute) if os.path.isabs(like) else os.path.relpath(absolute)


def select_changed(ref: str, paths: list[str], config: Config, facts: FileFacts | None = None) -> Selection:
    """The docs files under `paths` a change since REF touches (see the module docstring)."""
    paths = list(paths) or ["."]
    scopes = [os.path.abspath(path) for path in paths]
    base, changes, notes = changed_files(ref, paths[0])
    config_files = {os.path.abspath(config.source)} if config.source else set()
    everything = None
    for status, path in changes:
        name = os.path.basename(path)
        if path in config_files or (name in CONFIG_NAMES and _inside(path, scopes)):
            everything = f"the lint configuration {_shown(path, paths[0])} changed"
        elif name in ROOT_MARKERS and status in "ADR?" and _inside(os.path.dirname(path), scopes):
            everything = f"a docs root marker {_shown(path, paths[0])} was added or removed"
    changed = [path for status, path in changes if path.endswith(DOC_SUFFIXES)]
    if everything:
        files = discover(paths, config)
    else:
        wanted = {path for path in expand(changed, config, facts) if _inside(path, scopes)}
        files = discover([_shown(path, paths[0]) for path in sorted(wanted)], config) if wanted else []
    existing = sorted(_shown(path, paths[0]) for path in changed if os.path.isfile(path))
    return Selection(files=sorted(files), changed=existing, base=base, everything=everything, notes=notes)
