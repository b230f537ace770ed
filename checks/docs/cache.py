"""Per-file lint results kept between runs, so an unchanged page is not linted again.

A file's entry holds while its key holds — the file's content hash, the spec hash (the
resolved document of every profile), the configuration, the tool (version and code) and
the rules that run — and while every file its findings depend on still hashes the same:
the snippets it renders (and theirs), its English page for a mirror (with that page's
snippets), the mirrors of an English page (a defect every translation fixed is reported on
the English page), and for a snippet the pages importing it, whose list is compared too (a new
importer changes how the snippet is judged). A file that is missing is a dependency with
no hash, so creating it invalidates. Results live in one JSON file per run key under
`.jobs-checks-cache/`; writing is atomic, and a cache that cannot be written is skipped.
A damaged cache (truncated, wrong types, a pipe) counts as empty; one that git tracks is
ignored and left alone, since a pull request could commit results hiding its findings.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from dataclasses import asdict
from pathlib import Path

from checks.docs.config import Config
from checks.docs.discover import find_root, import_targets_in, mirror_path, relative_to_root, remember_import_targets, split_locale
from checks.docs.discover import _walk as walk_docs
from checks.docs.findings import Finding, Fix
from checks.docs.reading import read_docs_file, read_docs_file_and_status

DEFAULT_DIR = ".jobs-checks-cache"
ENV_DIR = "JOBS_CHECKS_CACHE_DIR"
FORMAT = 3
MAX_CACHE_BYTES = 1 << 30
KEEP = 4  # result files of other run keys (configs, tool versions) kept beside the current one
PARSING_LIBRARIES = frozenset({
    "pyyaml", "markdown_it_py", "mdit_py_plugins", "jsonschema", "pyflakes",
    "tree_sitter", "tree_sitter_typescript", "tree_sitter_javascript", "tree_sitter_bash",
})


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def import_candidates(target: str, page: str, root: str) -> list[str]:
    """Absolute paths an import target may name (`x`, `x.mdx`, `x.md`), existing or not."""
    if target.startswith(("/", "snippets/")):
        base = os.path.join(root, target.lstrip("/"))
    elif target.startswith("."):
        base = os.path.join(os.path.dirname(page), target)
    else:
        return []  # a package, not a file
    base = os.path.normpath(base)
    return [base, base + ".mdx", base + ".md"]


# A file read at least this long after it last changed is known by its stat next time: a later
# change gets a later timestamp, even on file systems that keep coarse ones.
STABLE_NS = 2_000_000_000


def _stamp(status: os.stat_result) -> list[int]:
    """What changes whenever a file's content does: modification and change times, size, inode."""
    return [status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino]


class FileFacts:
    """Content hashes, import candidates, English pages and importers of docs files, read once.

    `known` holds what an earlier run read ({path: [stamp..., hash, import targets]}): a file
    whose stamp (`_stamp`) is unchanged is not read again. `learned()` is what the next run may
    take on trust the same way.
    """

    def __init__(self, config: Config, known: dict | None = None, hashes: bool = True):
        self.config = config
        self.hashes = hashes  # False: only imports are asked for (a change set), so contents are not hashed
        self._files: dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]] = {}
        self._roots: dict[str, str] = {}
        self._importers: dict[str, dict[str, list[str]]] = {}
        self._sorted: dict[str, list[str]] = {}  # importers(path), asked once per entry judged with it
        self._known = known if isinstance(known, dict) else {}
        self._stamps: dict[str, tuple[list[int], int]] = {}  # path -> (stamp, when it was taken)
        self.reads = 0  # files opened this run (the others were known by their stat)

    def _read(self, path: str) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
        """(content hash, import candidates, import targets as written) of an absolute path."""
        known = self._files.get(path)
        if known is not None:
            return known
        saved = None
        if path in self._known:  # else no stat first: the read gives the stamp of a file nobody knew
            try:
                status = os.stat(path)
            except OSError:  # missing (a dependency with no hash), or a link loop
                self._files[path] = known = (None, (), ())
                return known
            saved = self._trusted(path, status)
        if saved is not None:
            targets = tuple(saved[5])
        else:
            try:
                data, status = read_docs_file_and_status(path)
            except OSError:  # Unreadable too: missing, a pipe, a giant, a loop has no hash and is never cached
                self._files[path] = known = (None, (), ())
                return known
            self.reads += 1
            targets = import_targets_in(data)
            if not self.hashes and not targets and path not in self._known:
                # A change set's file that imports nothing (most): no hash, so no stamp the next run could use.
                self._files[path] = known = (None, (), targets)
                remember_import_targets(path, targets)
                return known
            saved = [*_stamp(status), _digest(data) if self.hashes else None, list(targets)]
        candidates: list[str] = []
        if targets:
            root = self.root(path)
            for target in targets:
                candidates += import_candidates(target, path, root)
        known = (saved[4], tuple(dict.fromkeys(candidates)), targets)
        self._files[path] = known
        if saved[4] is not None or path in self._known:  # what `table` may keep or must forget
            self._stamps[path] = (saved, time.time_ns())
        remember_import_targets(path, targets)
        return known

    def _trusted(self, path: str, status: os.stat_result) -> list | None:
        """What an earlier run knew of this file, if it is still true by its stat (a damaged entry is not)."""
        saved = self._known.get(path)
        if saved is None or not stat.S_ISREG(status.st_mode):
            return None
        try:  # `_stamp`, compared field by field: this runs for every file of a warm run
            if len(saved) != 6 or saved[0] != status.st_mtime_ns or saved[1] != status.st_ctime_ns \
                    or saved[2] != status.st_size or saved[3] != status.st_ino or not isinstance(saved[4], str):
                return None
            targets = saved[5]
            if targets != [] and not all(isinstance(target, str) for target in targets):
                return None
        except (TypeError, KeyError, IndexError):
            return None
        return saved

    def import_targets(self, path: str) -> tuple[str, ...]:
        """The import targets a file names, as written (what discovery indexes)."""
        return self._read(path)[2]

    def saved(self, table: dict) -> None:
        """`table` is what the cache file now knows."""
        self._known = table

    def table(self) -> tuple[dict, bool]:
        """(what the next run may know by stat, whether it differs from what this run knew).

        A file read well after it last changed is known; one that changed since is forgotten.
        """
        table = {path: saved for path, saved in self._known.items() if path not in self._stamps}
        changed = False
        for path, (saved, taken) in self._stamps.items():
            if saved[4] is not None and taken - max(saved[0], saved[1]) > STABLE_NS:
                table[path] = saved
                changed = changed or self._known.get(path) != saved
            elif path in self._known:
                changed = True
        return table, changed

    def digest(self, path: str) -> str | None:
        """Content hash of an absolute path; None when it cannot be read."""
        if not self.hashes:
            raise ValueError("these file facts were gathered without hashing contents")
        return self._read(path)[0]

    def unchanged(self, hashes: dict) -> bool:
        """True when each file of {absolute path: content hash} still hashes so (None: still unreadable)."""
        if not self.hashes:
            raise ValueError("these file facts were gathered without hashing contents")
        files = self._files
        for path, value in hashes.items():
            known = files.get(path) or self._read(path)  # every file of a warm run, several times: no call when known
            if known[0] != value:
                return False
        return True

    def imports(self, path: str) -> tuple[str, ...]:
        return self._read(path)[1]

    def root(self, path: str) -> str:
        folder = os.path.dirname(path)
        if folder not in self._roots:
            self._roots[folder] = os.path.abspath(find_root(path, self.config))
        return self._roots[folder]

    def relative(self, path: str) -> str | None:
        return relative_to_root(path, Path(self.root(path)))

    def english(self, path: str) -> str | None:
        """A mirror's English page (absolute), None for an English page."""
        relative = self.relative(path)
        if relative is None:
            return None
        _, english = split_locale(relative, self.config.locales)
        return os.path.join(self.root(path), english) if english else None

    def mirrors(self, path: str) -> list[str]:
        """Where the locale mirrors of an English page or snippet live (absolute, existing or not); [] for a mirror."""
        relative = self.relative(path)
        if relative is None or split_locale(relative, self.config.locales)[0] is not None:
            return []
        root = self.root(path)
        return [os.path.join(root, mirror_path(relative, locale)) for locale in self.config.locales]

    def is_snippet(self, path: str) -> bool:
        relative = self.relative(path)
        if relative is None:
            return False
        _, english = split_locale(relative, self.config.locales)
        return (english or relative).startswith("snippets/")

    def importers(self, path: str) -> list[str]:
        """Absolute paths under the docs root whose imports may name `path`, sorted."""
        root = self.root(path)
        index = self._importers.get(root)
        if index is None:
            index = {}
            for file in walk_docs(root):  # absolute: the root is
                for candidate in self.imports(file):
                    index.setdefault(candidate, []).append(file)
            self._importers[root] = index
        if path not in self._sorted:
            self._sorted[path] = sorted(set(index.get(path, ())))
        return list(self._sorted[path])

    def dependencies(self, path: str) -> tuple[dict[str, str | None], dict[str, list[str]]]:
        """({file: hash} the results of `path` depend on, {snippet: its importers} they were judged with)."""
        deps: dict[str, str | None] = {}
        importer_lists: dict[str, list[str]] = {}
        seen = set()
        # An English page's findings read its mirrors too (a defect all translations fixed is said there).
        todo = [(path, True), *((mirror, False) for mirror in self.mirrors(path))]
        while todo:
            node, upward = todo.pop()
            if (node, upward) in seen:
                continue
            seen.add((node, upward))
            deps[node] = self.digest(node)
            if deps[node] is None:
                continue
            todo += [(candidate, False) for candidate in self.imports(node)]
            english = self.english(node)
            if english:
                todo.append((english, False))
            if upward and self.is_snippet(node):
                importer_lists[node] = self.importers(node)
                todo += [(importer, True) for importer in importer_lists[node]]
        deps.pop(path, None)
        return deps, importer_lists


# -- keys -----------------------------------------------------------------------------------


def _installed_parsers() -> list[str]:
    """Python's version and the installed versions of the libraries that parse pages (from dist-info names)."""
    found = [sys.version]
    for folder in dict.fromkeys(sys.path):
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found += [name for name in names if name.endswith(".dist-info") and name.split("-")[0].lower() in PARSING_LIBRARIES]
    return sorted(found)


# The packages a lint run executes: an edit to any of them (between releases too) is a new tool.
LINT_PACKAGES = ("docs", "samples", "apispec")


def _code_fingerprint() -> str:
    """The tool's version, the source of the packages a lint runs (edits between releases count), its parsers."""
    from checks import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    digest.update(json.dumps(_installed_parsers()).encode())
    for folder in LINT_PACKAGES:
        for file in sorted((package / folder).rglob("*.py")):
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _spec_fingerprint() -> str:
    """The spec's content: every file of the spec folder, byte for byte.

    What a profile resolves to follows from these bytes and the code of `checks.apispec`,
    which the code fingerprint covers; so a warm run never has to load the spec.
    """
    from checks.apispec.loader import spec_dir

    digest = hashlib.blake2b(digest_size=16)
    folder = spec_dir()
    for file in sorted(folder.rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(folder).as_posix().encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _config_fingerprint(config: Config, profile: str | None) -> str:
    def plain(value):
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        if isinstance(value, dict):
            return sorted(value.items())
        return str(value) if isinstance(value, Path) else value

    fields = {name: plain(value) for name, value in vars(config).items() if name != "source"}
    return _digest(json.dumps([fields, profile], sort_keys=True, default=str).encode())


def _source_of(rule) -> bytes:
    """The code behind a rule: its module's source file, else its check function's bytecode."""
    import inspect

    module = getattr(rule, "module", None) or inspect.getmodule(rule.check)
    try:
        path = inspect.getsourcefile(module) if module is not None else None
    except TypeError:
        path = None
    if path and os.path.isfile(path):
        with open(path, "rb") as handle:
            return handle.read()
    code = getattr(rule.check, "__code__", None)
    return code.co_code + repr(code.co_consts).encode() if code is not None else repr(rule.check).encode()


def _rules_fingerprint() -> str:
    """Each rule the engine runs, by its declaration and the code implementing it.

    A rule edited, added or removed is a different run, even without a version bump. When the
    engine runs the registered rules, their modules' files say which (and nothing is imported).
    """
    from checks.docs import engine, rules as registry

    digest = hashlib.blake2b(digest_size=16)
    if engine.all_rules is registry.all_rules:
        for name, source in registry.sources():
            digest.update(name.encode() + b"\0" + source)
        return "registered-" + digest.hexdigest()
    for rule in engine.all_rules():
        messages = getattr(rule, "messages", {})
        declared = [rule.code, rule.name, getattr(rule, "severity", ""),
                    sorted((key, m.template, m.severity or "") for key, m in messages.items())]
        digest.update(json.dumps(declared).encode())
        digest.update(_source_of(rule))
    return digest.hexdigest()


def run_key(config: Config, profile: str | None = None, shortcut: bool = True) -> str:
    """What every entry of a run shares: tool, spec, configuration, rules, and whether the pre-scan skipped pages."""
    parts = [str(FORMAT), _code_fingerprint(), _spec_fingerprint(), _config_fingerprint(config, profile), _rules_fingerprint()]
    if not shortcut:
        parts.append("no-shortcut")
    return _digest("/".join(parts).encode())


# -- findings as JSON -------------------------------------------------------------------------


def _record(finding: Finding) -> dict:
    return asdict(finding)


_FINDING_TYPES = {"path": str, "line": int, "column": int, "code": str, "message": str, "severity": str, "rule": str,
                  "end_line": (int, type(None)), "profile": (str, type(None))}
_FIX_TYPES = {"path": str, "line": int, "column": int, "end_line": int, "end_column": int, "replacement": str,
              "description": str}


def _checked(record, types: dict) -> dict:
    """`record` if each field has its type (bool is not an int here); ValueError otherwise."""
    if not isinstance(record, dict) or not set(record) <= {*types, "fix"}:
        raise ValueError("not a finding record")
    for name, kind in types.items():
        if name in record and (not isinstance(record[name], kind) or isinstance(record[name], bool)):
            raise ValueError(f"{name} has the wrong type")
    return record


def _finding(record: dict) -> Finding:
    """The Finding a cache record holds; ValueError or TypeError when the record is damaged."""
    record = _checked(record, _FINDING_TYPES)
    fix = record.get("fix")
    return Finding(**{**record, "fix": Fix(**_checked(fix, _FIX_TYPES)) if fix else None})


# -- the cache ------------------------------------------------------------------------------


def default_dir() -> Path:
    return Path(os.environ.get(ENV_DIR) or DEFAULT_DIR)


class ResultCache:
    """Lint results of files, valid for one run key; `lookup` before a run, `store` and `save` after."""

    def __init__(self, directory: str | os.PathLike, config: Config, profile: str | None = None, shortcut: bool = True):
        self.directory = Path(directory)
        self.config = config
        self.key = run_key(config, profile, shortcut)
        self.file = self.directory / f"results-{self.key}.json"
        self.warning: str | None = None  # why the cache could not be used or written, once
        self.trusted = not self._committed()
        self.entries, files = self._load() if self.trusted else ({}, {})
        self.facts = FileFacts(config, files)
        self.dirty = False

    def _committed(self) -> bool:
        """True when git tracks files in the cache folder: a commit could plant results that hide findings."""
        if not self.file.exists():
            return False
        import subprocess

        try:
            listed = subprocess.run(["git", "-C", str(self.directory), "ls-files", "--", "."], capture_output=True,
                                    text=True, timeout=10, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            return False  # no git here: nothing can have been committed through it
        if listed.returncode != 0 or not listed.stdout.strip():
            return False
        self.warning = (f"ignoring the cache in {self.directory}: it is committed to the repository, and committed "
                        "results could hide findings; remove it from git (it is safe to delete)")
        return True

    def _load(self) -> tuple[dict, dict]:
        """(entries, what is known of files by their stat) of this run key's file; empty when there is none."""
        try:  # a regular file of bounded size, never a pipe; any damage means an empty cache
            data = json.loads(read_docs_file(self.file, limit=MAX_CACHE_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}, {}
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("key") != self.key:
            return {}, {}
        entries, files = data.get("entries"), data.get("files")
        # the run key covers the layout (FORMAT); a table edited by hand is read again
        return (entries if isinstance(entries, dict) else {}), (files if isinstance(files, dict) else {})

    def lookup(self, paths) -> dict[str, list[Finding]]:
        """Findings of every path whose entry still holds; the others are missing from the answer."""
        found = {}
        here = os.path.join(os.getcwd(), "")
        for path in paths:
            absolute = path if os.path.isabs(path) else os.path.normpath(here + path)
            entry = self.entries.get(absolute)
            try:
                if entry is None or entry["path"] != path or not self.facts.unchanged({absolute: entry["digest"]}):
                    continue
                if entry["root"] != self.facts.root(absolute) or not self._dependencies_hold(entry):
                    continue
                found[path] = [_finding(record) for record in entry["findings"]]
            except (KeyError, TypeError, AttributeError, ValueError):
                continue  # an entry someone edited by hand (or a disk damaged): lint the file again
        return found

    def _dependencies_hold(self, entry: dict) -> bool:
        if not self.facts.unchanged(entry["deps"]):
            return False
        for snippet, importers in entry["importers"].items():
            if self.facts.importers(snippet) != importers:
                return False
        return True

    def store(self, results: dict[str, list[Finding]]) -> None:
        """Remember the findings of freshly linted files (none that failed to read or crashed a rule).

        A file whose findings quote a secret (`checks.masking`) is not kept: the cache holds
        nothing a report would have to mask, and nothing masked that a fix would write back.
        """
        from checks.masking import process_masker

        masker = process_masker()
        for path, findings in results.items():
            absolute = os.path.abspath(path)
            digest = self.facts.digest(absolute)
            if digest is None:
                continue
            records = [_record(f) for f in findings]
            if masker and masker.contains_secret(records):
                self.entries.pop(absolute, None)
                continue
            deps, importers = self.facts.dependencies(absolute)
            self.entries[absolute] = {
                "path": path,
                "digest": digest,
                "root": self.facts.root(absolute),
                "deps": deps,
                "importers": importers,
                "findings": records,
            }
            self.dirty = True

    def save(self) -> None:
        """Write the entries (dropping files that are gone); a failure leaves a warning, not an error."""
        files, learned = self.facts.table()
        if not (self.dirty or learned) or not self.trusted:
            return  # nothing new; an untrusted (committed) cache is the user's file: left as it is
        entries = {path: entry for path, entry in self.entries.items() if os.path.exists(path)}
        document = {"format": FORMAT, "key": self.key, "entries": entries, "files": files}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            ignore = self.directory / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by jobs-checks: lint results, safe to delete.\n*\n", encoding="utf-8")
            import tempfile  # only a run that learned something writes

            handle, temporary = tempfile.mkstemp(prefix=".results-", suffix=".tmp", dir=self.directory)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))  # one write: json.dump writes piece by piece
            os.replace(temporary, self.file)
        except OSError as exc:
            self.warning = f"cache not written to {self.directory}: {exc.strerror or exc}"
            return
        self.dirty = False
        self.facts.saved(files)
        self._prune()

    def _prune(self) -> None:
        others = sorted(
            (p for p in self.directory.glob("results-*.json") if p != self.file),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for stale in others[KEEP:]:
            try:
                stale.unlink()
            except OSError:
                pass
