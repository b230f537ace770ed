"""The lint engine: files -> pages -> rules -> suppressions -> sorted, de-duplicated findings.

A run is deterministic: the same tree gives the same findings in the same order whether
it is linted in one process or in several (`jobs`). A rule that raises is an internal bug:
`lint_page` wraps the exception in `RuleCrash` (its cause keeps the traceback); `lint_paths`
re-raises it, or records it as one line in `LintResult.errors` with `on_crash="collect"`
(what the CLI does, so one broken rule costs exit 2, not the whole report).
"""

from __future__ import annotations

import gc
import os
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from checks.docs.config import Config
from checks.docs.context import LintContext
from checks.docs import stages
from checks.docs.engine_codes import (ENGINE_RULES, jobs_route_pattern, no_profile_finding, read_source, table_words_pattern,
                                      vocabulary_pattern, worth_checking)
from checks.docs.findings import Finding
from checks.docs.page import Page
from checks.docs.rules import Rule, all_rules
from checks.docs.source import normalise
from checks.docs.stages import stage
from checks.docs.suppress import apply_suppressions, parse_suppressions, unused_suppressions

PARALLEL_THRESHOLD = 200  # below this many files, forking costs more than it saves
CHUNKS_PER_WORKER = 12  # small enough shares that a worker left with cheap pages takes the next
FILE_WEIGHT = 1000  # what any file costs beyond its bytes (reading it, its facts), in bytes of text
GC_THRESHOLD = 50_000  # objects allocated between young-generation collections during a run
CRASH_PREFIX = "internal error: "
CACHE_SIZE = 64  # pages kept for mirrors and importers; chunks keep a page near its mirrors
MAX_CONTEXTS = 8  # importers a snippet linted on its own is judged through (each is linted anyway)


class RuleCrash(Exception):
    """A rule raised on a page: a bug in the rule, never in the page."""


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    errors: list[str] = field(default_factory=list)  # unreadable inputs and rule crashes, one line each
    crashes: list[str] = field(default_factory=list)  # the part of `errors` that is a bug in jobs-checks (a rule raised)
    cached: int = 0  # files whose findings came from the result cache
    seconds: dict[str, float] = field(default_factory=dict)  # per stage (`checks.docs.stages`), workers summed


def rule_catalog() -> list[Rule]:
    """Every code a run can report: engine codes and rules, in code order."""
    return sorted([*ENGINE_RULES, *all_rules()], key=lambda rule: rule.code)


# -- pages --------------------------------------------------------------------------------


class PageLoader:
    """Extracts pages on demand (mirrors need their English page, snippets their importers).

    A small LRU cache: the engine orders work so a page is linted right before its mirrors.
    """

    def __init__(self, config: Config, profile: str | None = None, size: int = CACHE_SIZE, shortcut: bool = True):
        self.config = config
        self.profile = profile
        self.size = size
        self.shortcut = shortcut  # off: every page parsed in full and read by every rule
        self._pages: OrderedDict[str, Page | None] = OrderedDict()
        self.rule_findings: dict[str, list[Finding]] = {}  # every page's, for the snippets it renders
        self.importing: set[str] = set()  # pages that import a snippet: their findings judge it
        self.rules = all_rules()  # imported once per run, not once per page
        self.enabled: tuple | None = None  # (config, rules, the rules config enables), see `_enabled_rules`

    def extract(self, path: str, text: str | None = None) -> Page:
        from checks.docs.extract import extract_page

        page = extract_page(path, text, config=self.config, root=self.config.root, lazy=self.shortcut)
        if self.profile is not None:
            page.profile, page.profile_reason = self.profile, "--profile"
        if page.imports:
            self.importing.add(os.path.normpath(path))
        self.put(page)
        return page

    def cached(self, path: str, text: str) -> Page | None:
        """The page already extracted for `path` (a mirror read for its English page), if its text is `text`."""
        page = self._pages.get(os.path.normpath(path))
        return page if page is not None and page.text == normalise(text) else None

    def put(self, page: Page) -> None:
        self._remember(self._pages, os.path.normpath(page.path), page)

    def _remember(self, cache: OrderedDict, key: str, value) -> None:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > self.size:
            cache.popitem(last=False)

    def __call__(self, path: str) -> Page | None:
        key = os.path.normpath(path)
        if key in self._pages:
            self._pages.move_to_end(key)
            return self._pages[key]
        if not os.path.isfile(path):
            self._remember(self._pages, key, None)
            return None
        return self.extract(path)


# -- one page -----------------------------------------------------------------------------


def _finish(finding: Finding, page: Page, config: Config) -> Finding:
    severity = config.severity_of(finding.code, finding.severity)
    profile = finding.profile if finding.profile is not None else page.profile
    path = os.path.normpath(finding.path)
    if severity != finding.severity or profile != finding.profile or path != finding.path:
        finding = replace(finding, severity=severity, profile=profile, path=path)
    return finding


def _run_rules(page: Page, rules, ctx) -> list[Finding]:
    """The findings of `rules` (enabled ones: see `_enabled_rules`) on the page."""
    found = []
    for rule in rules:
        try:
            found.extend(rule.check(page, ctx))
        except RecursionError:  # hostile nesting (10,000 brackets): say so, lint the rest
            found.append(Finding(page.path, 1, 1, "JC001", f"nested too deeply for rule {rule.code} ({rule.name}) "
                                 "to check; the other rules checked the page", "error", "unreadable-file"))
        except Exception as exc:  # noqa: BLE001 - re-raised with the rule and page named
            raise RuleCrash(f"rule {rule.code} ({rule.name}) crashed on {page.path}: {type(exc).__name__}: {exc}") from exc
    return found


def _rules_of(load_page) -> list[Rule]:
    rules = getattr(load_page, "rules", None)
    return all_rules() if rules is None else rules


def _enabled_rules(config: Config, load_page) -> list[Rule]:
    """The rules `config` enables, worked out once per loader and config rather than once per page."""
    rules = _rules_of(load_page)
    known = getattr(load_page, "enabled", None)
    if known is not None and known[0] is config and known[1] is rules:
        return known[2]
    enabled = [rule for rule in rules if config.rule_enabled(rule.code)]
    if isinstance(load_page, PageLoader):
        load_page.enabled = (config, rules, enabled)
    return enabled


def _worth_checking(page: Page, load_page) -> bool:
    return worth_checking(page, load_page, shortcut=getattr(load_page, "shortcut", True))


def rule_findings(page: Page, config: Config, load_page) -> list[Finding]:
    """Extraction problems, every enabled rule and the no-profile notice, before suppressions."""
    ctx = LintContext.for_page(page, config, load_page)
    found = list(page.problems)
    rules = _enabled_rules(config, load_page)
    if not _worth_checking(page, load_page):
        rules = [rule for rule in rules if getattr(rule, "every_page", False)]
    found += _run_rules(page, rules, ctx)
    notice = no_profile_finding(page)
    if notice is not None:
        found.append(notice)
    return [_finish(f, page, config) for f in found if config.rule_enabled(f.code)]


def _cached_rule_findings(page: Page, config: Config, load_page) -> list[Finding]:
    memo = getattr(load_page, "rule_findings", None)
    if memo is None:
        return rule_findings(page, config, load_page)
    key = os.path.normpath(page.path)
    if key not in memo:
        memo[key] = rule_findings(page, config, load_page)
    return memo[key]


def _in_context(snippet: Page, config: Config, load_page) -> list[Finding] | None:
    """Findings in a snippet as the pages importing it render it; None when none can be read."""
    found = [_finish(f, snippet, config) for f in snippet.problems if config.rule_enabled(f.code)]
    same = os.path.normpath(snippet.path)
    seen_any = False
    own_rules = [rule for rule in _enabled_rules(config, load_page)
                 if getattr(rule, "snippets", "where-rendered") == "on-their-own"]
    own_codes = {rule.code for rule in own_rules}
    memo = getattr(load_page, "rule_findings", None) or {}
    for importer in snippet.importers[:MAX_CONTEXTS]:
        key = os.path.normpath(importer)
        if key == same:
            continue
        findings = memo.get(key)  # an importer already linted (here, or by a worker)
        if findings is None:
            page = load_page(importer)
            if page is None or os.path.normpath(page.path) == same:
                continue
            findings = _cached_rule_findings(page, config, load_page)
        seen_any = True
        found += [f for f in findings if os.path.normpath(f.path) == same and f.code not in own_codes]
    if not seen_any:
        return None
    if own_rules and _worth_checking(snippet, load_page):  # rules that judge a snippet as the file it is
        ctx = LintContext.for_page(snippet, config, load_page)
        found += [_finish(f, snippet, config) for f in _run_rules(snippet, own_rules, ctx)]
    return found


def lint_page(page: Page, config: Config, load_page=None) -> list[Finding]:
    """Findings of one page, suppressions applied, sorted.

    A snippet that other pages import is judged as they render it (their profile, their
    earlier blocks); only findings located in the snippet are kept. Findings a page causes
    in a snippet it renders are filtered by the snippet's own suppressions.
    """
    load_page = load_page if load_page is not None else PageLoader(config)
    found = None
    if page.is_snippet and page.importers:
        found = _in_context(page, config, load_page)
    if found is None:
        found = _cached_rule_findings(page, config, load_page)

    own = os.path.normpath(page.path)
    by_path: dict[str, list[Finding]] = {}
    for finding in found:
        by_path.setdefault(os.path.normpath(finding.path), []).append(finding)
    suppressions = parse_suppressions(page)
    kept = apply_suppressions(by_path.pop(own, []), suppressions)
    for findings in by_path.values():  # located in snippets the page renders: their own comments rule
        holder = load_page(findings[0].path)
        kept += findings if holder is None else apply_suppressions(findings, parse_suppressions(holder))
    if suppressions and config.rule_enabled("JC004"):
        known = {rule.code for rule in rule_catalog()}
        unused = unused_suppressions(page, suppressions, known, config.rule_enabled)
        kept += [_finish(f, page, config) for f in apply_suppressions(unused, [s for s in suppressions if s.kind == "file"])]
    return sorted_findings(kept)


def sorted_findings(findings) -> list[Finding]:
    """Sorted by (path, line, column, code, message); duplicates (a snippet seen via two pages) once."""
    ordered = sorted(findings, key=lambda f: (*f.sort_key, f.profile or "", f.severity))
    unique, seen = [], set()
    for finding in ordered:
        if finding.sort_key not in seen:
            seen.add(finding.sort_key)
            unique.append(finding)
    return unique


# -- many files ---------------------------------------------------------------------------


def _english_key(path: str, locales) -> str:
    """The path a mirror's English page has, so a page and its mirrors land in one chunk."""
    parts = os.path.normpath(path).split(os.sep)
    for index, part in enumerate(parts[:-1]):
        if part in locales:
            return os.sep.join(parts[:index] + parts[index + 1 :])
    return os.path.normpath(path)


def _lint_files(files: list[str], loader: PageLoader, on_crash: str):
    """({path: findings} of the files linted cleanly, findings of the failed ones, error lines)."""
    config = loader.config
    linted: dict[str, list[Finding]] = {}
    failed: list[Finding] = []
    errors: list[str] = []
    for path in files:
        with stage("read"):
            text, problem = read_source(path)
        if text is None:
            errors.append(f"{path}: {problem.message}")
            if config.rule_enabled(problem.code):
                failed.append(_finish(problem, Page(path, ""), config))
            continue
        try:
            page = loader.cached(path, text) or loader.extract(path, text)
            with stage("rules"):
                linted[path] = lint_page(page, config, loader)
        except RuleCrash as exc:
            if on_crash == "raise":
                raise
            errors.append(f"{CRASH_PREFIX}{exc}")
    return linted, failed, errors


def _lint_chunk(arguments):
    """One worker's share of a parallel run: its results, the findings of its pages that import
    snippets (the snippets are judged by them afterwards), the seconds it spent per stage and
    its peak memory. `known` holds the findings of importing pages other workers linted."""
    files, config, profile, on_crash, shortcut, known = arguments
    stages.reset()
    loader = PageLoader(config, profile, shortcut=shortcut)
    loader.rule_findings.update(known)
    results = _lint_files(files, loader, on_crash)
    importing = {path: loader.rule_findings[path] for path in loader.importing if path in loader.rule_findings}
    return (*results, importing, stages.taken(), stages.peak_memory(), os.getpid())


def _snippets(paths: list[str], config: Config) -> set[str]:
    """The paths that are snippets (under the docs root's `snippets/`, or a locale's)."""
    from checks.docs.discover import find_root, relative_to_root, split_locale

    folders: dict[str, str | None] = {}  # folder -> its path inside the root with a trailing "/"
    found = set()
    for path in paths:
        folder, name = os.path.split(path)
        if folder not in folders:
            inside = relative_to_root(folder or ".", find_root(path, config))
            folders[folder] = None if inside is None else "" if inside == "." else inside + "/"
        if folders[folder] is not None:
            relative = folders[folder] + name
            _, english = split_locale(relative, config.locales)
            if (english or relative).startswith("snippets/"):
                found.add(path)
    return found


def _warm_up() -> None:
    """Load the specs, rules and patterns once, before forking, so workers inherit them."""
    from checks.apispec import PROFILES, spec_for
    from checks.apispec.dialects import dialects_for
    from checks.docs.mdx import parser

    all_rules()
    jobs_route_pattern()
    vocabulary_pattern()
    table_words_pattern()
    parser()
    for profile in PROFILES:
        spec = spec_for(profile)
        spec.operations  # noqa: B018 - cached property
        spec.timestamp_units  # noqa: B018
        dialects_for([spec]).spellings  # noqa: B018
    dialects_for([spec_for(profile) for profile in PROFILES]).spellings  # noqa: B018


class _FewerCollections:
    """A lint run makes millions of short-lived objects: collect them less often, and never
    traverse what was loaded before the run (specs, rules), which also keeps forked workers
    from copying those pages of memory."""

    def __enter__(self):
        self.thresholds = gc.get_threshold()
        gc.freeze()
        gc.set_threshold(GC_THRESHOLD, *self.thresholds[1:])

    def __exit__(self, *exc_info):
        gc.set_threshold(*self.thresholds)
        gc.unfreeze()


def lint_paths(
    paths: list[str],
    config: Config,
    *,
    jobs: int | None = None,
    profile: str | None = None,
    on_crash: str = "raise",
    cache=None,
    shortcut: bool = True,
) -> LintResult:
    """Lint every docs file under `paths`. Raises FileNotFoundError for a missing path.

    `profile` forces one dialect on every page; `jobs` caps worker processes (default: CPUs);
    `on_crash` is "raise" or "collect" (a crashing rule becomes one line in `crashes`);
    `cache` (a `checks.docs.cache.ResultCache`) answers for unchanged files and learns the rest;
    without the `shortcut`, every page is parsed in full and read by every rule (same findings, slower).
    """
    from checks.docs.discover import one_run

    stages.taken()
    with one_run(cache.facts.import_targets if cache is not None else None):
        return _lint_paths(paths, config, jobs, profile, on_crash, cache, shortcut)


def _lint_paths(paths, config, jobs, profile, on_crash, cache, shortcut) -> LintResult:
    from checks.docs.discover import discover, with_site_locales

    with stage("discover"):
        config = with_site_locales(config, paths)
        files = [os.path.normpath(path) for path in discover(list(paths), config, published_only=True)]
    with stage("cache"):
        known = cache.lookup(files) if cache is not None else {}
    # A page right before its mirrors; snippets last, judged by the findings of the pages importing them.
    order = sorted((p for p in files if p not in known), key=lambda p: (_english_key(p, config.locales), p))
    snippets = _snippets(order, config)
    pages = [path for path in order if path not in snippets]
    snippets = [path for path in order if path in snippets]
    workers = min(jobs or os.cpu_count() or 1, max(1, len(order) // (PARALLEL_THRESHOLD // 2)))
    linted, failed, errors = {}, [], []
    if order:
        with stage("start"):
            _warm_up()
        loader = PageLoader(config, profile, shortcut=shortcut)
        with _FewerCollections():
            if workers > 1 and len(order) > PARALLEL_THRESHOLD:
                linted, failed, errors = _lint_parallel(pages, snippets, loader, on_crash, workers)
            else:
                linted, failed, errors = _lint_files(pages + snippets, loader, on_crash)
    with stage("cache"):
        if cache is not None:
            cache.store(linted)
            cache.save()
    findings = [f for results in (known, linted) for found in results.values() for f in found] + failed
    crashes = sorted(line for line in errors if line.startswith(CRASH_PREFIX))
    return LintResult(sorted_findings(findings), len(files), sorted(errors), crashes, cached=len(known),
                      seconds=stages.taken())


def _weight(path: str) -> int:
    """How costly a file is to lint, roughly: its size, more when it holds code (see `read_weight`)."""
    from checks.docs.discover import read_weight

    absolute = os.path.abspath(path)
    weight = read_weight(absolute)
    if weight is None:
        try:
            weight = os.path.getsize(absolute)
        except OSError:
            weight = 0
    return weight + FILE_WEIGHT


def _chunks(order: list[str], count: int, locales) -> list[list[str]]:
    """About `count` runs of `order` of about equal cost, cut only between a page's group and the
    next (a page and its mirrors stay together, so the English page is read once); the costliest
    first, so that no worker is left with a long one at the end while the others wait."""
    weights = [_weight(path) for path in order]
    share = max(1, sum(weights) // count)
    chunks: list[list[str]] = [[]]
    costs = [0]
    for index, path in enumerate(order):
        if costs[-1] >= share and _english_key(path, locales) != _english_key(order[index - 1], locales):
            chunks.append([])
            costs.append(0)
        chunks[-1].append(path)
        costs[-1] += weights[index]
    ranked = sorted(range(len(chunks)), key=lambda index: -costs[index])  # stable: equal costs keep their order
    return [chunks[index] for index in ranked]


def _lint_parallel(pages, snippets, loader: PageLoader, on_crash, workers):
    """Lint in worker processes: the pages, then the snippets with what the pages importing them found."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    config = loader.config
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    linted: dict[str, list[Finding]] = {}
    failed: list[Finding] = []
    errors: list[str] = []
    importing: dict[str, list[Finding]] = {}
    with stage("pool"), ProcessPoolExecutor(workers, mp_context=context) as pool:
        for files, count in ((pages, workers * CHUNKS_PER_WORKER), (snippets, workers)):
            chunks = _chunks(files, count, config.locales) if files else []
            arguments = [(chunk, config, loader.profile, on_crash, loader.shortcut, importing if files is snippets else {})
                         for chunk in chunks]
            for part_linted, part_failed, part_errors, part_importing, seconds, peak, pid in pool.map(_lint_chunk, arguments):
                linted.update(part_linted)
                failed += part_failed
                errors += part_errors
                importing.update(part_importing)
                stages.add(seconds, peak, pid)
    return linted, failed, errors
