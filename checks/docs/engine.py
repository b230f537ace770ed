"""The lint engine: files -> pages -> rules -> suppressions -> sorted, de-duplicated findings.

A run is deterministic: the same tree gives the same findings in the same order whether
it is linted in one process or in several (`jobs`). A rule that raises is an internal bug:
`lint_page` wraps the exception in `RuleCrash` (its cause keeps the traceback); `lint_paths`
re-raises it, or records it as one line in `LintResult.errors` with `on_crash="collect"`
(what the CLI does, so one broken rule costs exit 2, not the whole report).
"""

from __future__ import annotations

import functools
import os
import re
from collections import OrderedDict
from dataclasses import dataclass, field, replace

from checks.docs.config import Config
from checks.docs.context import LintContext
from checks.docs.findings import Finding
from checks.docs.page import Page
from checks.docs.rules import Rule, all_rules
from checks.docs.suppress import apply_suppressions, parse_suppressions, unused_suppressions

PARALLEL_THRESHOLD = 200  # below this many files, forking costs more than it saves
CHUNKS_PER_WORKER = 4
CACHE_SIZE = 64  # pages kept for mirrors and importers; chunks keep a page near its mirrors
MAX_CONTEXTS = 8  # importers a snippet linted on its own is judged through (each is linted anyway)


class RuleCrash(Exception):
    """A rule raised on a page: a bug in the rule, never in the page."""


@dataclass
class LintResult:
    findings: list[Finding]
    files: int
    errors: list[str] = field(default_factory=list)  # unreadable inputs and rule crashes, one line each


def _engine_rule(code: str, name: str, severity: str, doc: str) -> Rule:
    doc = doc.strip()
    return Rule(code, name, severity, doc.splitlines()[0], doc, None)


# Codes the engine itself reports (extraction, profiles, suppressions); their docs, like
# the rules' docstrings, are what `jobs-checks rules CODE` prints.
ENGINE_RULES = (
    _engine_rule("JC001", "unreadable-file", "error", """
A docs file cannot be read: it is missing, not UTF-8, or its frontmatter is not valid YAML.

Nothing else is checked on such a page, and the run exits 2.

Wrong:
    ---
    title: [Jobs API
    ---

Right:
    ---
    title: Jobs API
    ---
"""),
    _engine_rule("JC002", "unclosed-fence", "error", """
A code fence is never closed, so the rest of the page renders as code.

Wrong:
    ```bash
    curl "$BASE/api/jobs"
    (end of file)

Right:
    ```bash
    curl "$BASE/api/jobs"
    ```
"""),
    _engine_rule("JC003", "no-profile", "info", """
A page uses Jobs API routes but nothing says which dialect it documents.

It is then checked against every dialect, and a value is reported only when no dialect
accepts it. Say which one it is, in the frontmatter or with a `profiles` glob in
jobs-checks.toml, so dialect mistakes (`created_at` on a Comfy Cloud page) are caught.

Wrong:
    ---
    title: Poll a job
    ---

Right:
    ---
    title: Poll a job
    jobs-checks-profile: cloud
    ---
"""),
    _engine_rule("JC004", "unused-suppression", "warning", """
A `jobs-checks-disable` comment hides no finding, or names a code that is not a rule.

Stale suppressions hide the next real mistake on that line; remove them.

Wrong:
    {/* jobs-checks-disable-next-line JC201 */}
    curl "$BASE/api/jobs?sort_by=create_time"      (a cloud page: nothing to hide)

Right:
    curl "$BASE/api/jobs?sort_by=create_time"
"""),
    _engine_rule("JC005", "unresolved-import", "warning", """
A page imports a snippet file that does not exist, so its code is not checked.

Wrong:
    import Poll from '/snippets/cloud/poll-jobs.mdx'     (the file is poll-job-completion.mdx)

Right:
    import Poll from '/snippets/cloud/poll-job-completion.mdx'
"""),
)


def rule_catalog() -> list[Rule]:
    """Every code a run can report: engine codes and rules, in code order."""
    return sorted([*ENGINE_RULES, *all_rules()], key=lambda rule: rule.code)


# -- pages --------------------------------------------------------------------------------


def read_text(path: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, reason) when the file cannot be read as UTF-8."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, exc.strerror or str(exc)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start})"


def unreadable(path: str, reason: str) -> Finding:
    return Finding(path, 1, 1, "JC001", f"cannot read this file: {reason}", "error", "unreadable-file")


class PageLoader:
    """Extracts pages on demand (mirrors need their English page, snippets their importers).

    A small LRU cache: the engine orders work so a page is linted right before its mirrors.
    """

    def __init__(self, config: Config, profile: str | None = None, size: int = CACHE_SIZE):
        self.config = config
        self.profile = profile
        self.size = size
        self._pages: OrderedDict[str, Page | None] = OrderedDict()
        self.rule_findings: OrderedDict[str, list[Finding]] = OrderedDict()
        self.rules = all_rules()  # imported once per run, not once per page

    def extract(self, path: str, text: str | None = None) -> Page:
        from checks.docs.extract import extract_page

        page = extract_page(path, text, config=self.config, root=self.config.root)
        if self.profile is not None:
            page.profile, page.profile_reason = self.profile, "--profile"
        self.put(page)
        return page

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


# -- the no-profile notice -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _jobs_route() -> re.Pattern:
    """Any route either dialect serves (literal part before the first path parameter)."""
    from checks.spec import PROFILES, spec_for

    prefixes = set()
    for profile in PROFILES:
        for op in spec_for(profile).operations:
            for path in op.served_paths:
                prefixes.add(path.split("{", 1)[0].rstrip("/"))
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True) if p)
    return re.compile(f"(?:{alternatives})(?![\\w-])")


def _first_jobs_use(page: Page) -> tuple[int, int] | None:
    """Where a page first uses a Jobs route: the fence of a block, or a table row."""
    route = _jobs_route()
    places = []
    for block in page.blocks:
        if block.source == page.path and route.search(block.code):
            places.append((max(block.line - 1, 1), max(block.column, 1)))
            break
    for table in page.tables:
        if table.source != page.path:
            continue
        for row in table.rows:
            if any(route.search(cell) for cell in row.cells):
                places.append((row.line, 1))
                break
    return min(places) if places else None


def no_profile_finding(page: Page) -> Finding | None:
    """JC003 (info) for a page that calls Jobs routes but has no dialect (judged by both)."""
    if page.profile is not None or any(f.code == "JC003" for f in page.problems):
        return None
    place = _first_jobs_use(page)
    if place is None:
        return None
    message = (
        "this page uses Jobs API routes but has no profile, so it is checked against every dialect; "
        "add `jobs-checks-profile: cloud` (or `comfyui`) to its frontmatter, or map it with a "
        "`profiles` glob in jobs-checks.toml"
    )
    return Finding(page.path, place[0], place[1], "JC003", message, "info", "no-profile")


# -- which pages the rules read ------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _vocabulary() -> re.Pattern:
    """Words only a page about the Jobs API uses: spec names with `_`, route families, directives."""
    from checks.spec import PROFILES, spec_for

    words, families = {"jobs-checks-"}, set()
    for profile in PROFILES:
        spec = spec_for(profile)
        for op in spec.operations:
            for path in op.served_paths:
                first = (path[4:] if path.startswith("/api/") else path).strip("/").split("/")[0]
                if first and "{" not in first:
                    families.add("/" + first)
            for name, parameter in spec.parameters(op.operation_id).items():
                words.update(w for w in (name, *(spec.parameter_enum(name, op.operation_id) or ())) if "_" in w)
        words.update(field for field in spec.timestamp_units if "_" in field)
    alternatives = [re.escape(w) for w in sorted(words)] + [re.escape(f) + r"(?![\w-])" for f in sorted(families)]
    return re.compile("|".join(alternatives))


def worth_checking(page: Page, load_page=None) -> bool:
    """Whether the rules can say anything about a page, decided without them.

    A page with no code, table, route, import or Jobs API word is prose about something
    else: skipping it is what keeps a 5,000-page tree fast. A mirror is read when its
    English page has code (the mirror may have lost it).
    """
    verdict = getattr(page, "_worth_checking", None)
    if verdict is None:
        from checks.docs.extract import worth_parsing

        verdict = bool(page.blocks or page.tables or page.imports) or worth_parsing(page.text) or bool(_vocabulary().search(page.text))
        if not verdict and page.mirror_of and load_page is not None:
            text, _ = read_text(page.mirror_of)
            verdict = text is not None and worth_parsing(text)
        page._worth_checking = verdict
    return verdict


# -- one page -----------------------------------------------------------------------------


def _finish(finding: Finding, page: Page, config: Config) -> Finding:
    severity = config.severity_of(finding.code, finding.severity)
    profile = finding.profile if finding.profile is not None else page.profile
    path = os.path.normpath(finding.path)
    if severity != finding.severity or profile != finding.profile or path != finding.path:
        finding = replace(finding, severity=severity, profile=profile, path=path)
    return finding


def rule_findings(page: Page, config: Config, load_page) -> list[Finding]:
    """Extraction problems, every enabled rule and the no-profile notice, before suppressions."""
    ctx = LintContext.for_page(page, config, load_page)
    found = list(page.problems)
    rules = getattr(load_page, "rules", None)
    for rule in all_rules() if rules is None else rules:
        if not config.rule_enabled(rule.code) or not worth_checking(page, load_page):
            continue
        try:
            found.extend(rule.check(page, ctx))
        except Exception as exc:  # noqa: BLE001 - re-raised with the rule and page named
            raise RuleCrash(f"rule {rule.code} ({rule.name}) crashed on {page.path}: {type(exc).__name__}: {exc}") from exc
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
        while len(memo) > CACHE_SIZE:
            memo.popitem(last=False)
    return memo[key]


def _in_context(snippet: Page, config: Config, load_page) -> list[Finding] | None:
    """Findings in a snippet as the pages importing it render it; None when none can be read."""
    found = [_finish(f, snippet, config) for f in snippet.problems if config.rule_enabled(f.code)]
    same = os.path.normpath(snippet.path)
    seen_any = False
    for importer in snippet.importers[:MAX_CONTEXTS]:
        page = load_page(importer)
        if page is None or os.path.normpath(page.path) == same:
            continue
        seen_any = True
        found += [f for f in _cached_rule_findings(page, config, load_page) if os.path.normpath(f.path) == same]
    return found if seen_any else None


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


def _lint_files(files: list[str], config: Config, profile: str | None, on_crash: str) -> tuple[list[Finding], list[str]]:
    loader = PageLoader(config, profile)
    findings: list[Finding] = []
    errors: list[str] = []
    for path in files:
        text, reason = read_text(path)
        if text is None:
            errors.append(f"{path}: cannot read: {reason}")
            if config.rule_enabled("JC001"):
                findings.append(_finish(unreadable(path, reason), Page(path, ""), config))
            continue
        try:
            findings += lint_page(loader.extract(path, text), config, loader)
        except RuleCrash as exc:
            if on_crash == "raise":
                raise
            errors.append(f"internal error: {exc}")
    return findings, errors


def _lint_chunk(arguments) -> tuple[list[Finding], list[str]]:
    return _lint_files(*arguments)


def _warm_up() -> None:
    """Load the specs and rules once, before forking, so workers inherit them."""
    from checks.spec import PROFILES, spec_for

    all_rules()
    _jobs_route()
    _vocabulary()
    for profile in PROFILES:
        spec = spec_for(profile)
        spec.operations  # noqa: B018 - cached property
        spec.timestamp_units  # noqa: B018


def lint_paths(
    paths: list[str],
    config: Config,
    *,
    jobs: int | None = None,
    profile: str | None = None,
    on_crash: str = "raise",
) -> LintResult:
    """Lint every docs file under `paths`. Raises FileNotFoundError for a missing path.

    `profile` forces one dialect on every page; `jobs` caps worker processes (default: CPUs);
    `on_crash` is "raise" or "collect" (a crashing rule becomes one line in `errors`).
    """
    from checks.docs.discover import discover

    files = [os.path.normpath(path) for path in discover(list(paths), config)]
    order = sorted(files, key=lambda p: (_english_key(p, config.locales), p))
    workers = min(jobs or os.cpu_count() or 1, max(1, len(files) // (PARALLEL_THRESHOLD // 2)))
    _warm_up()
    if workers > 1 and len(files) > PARALLEL_THRESHOLD:
        findings, errors = _lint_parallel(order, config, profile, on_crash, workers)
    else:
        findings, errors = _lint_files(order, config, profile, on_crash)
    return LintResult(sorted_findings(findings), len(files), sorted(errors))


def _lint_parallel(order, config, profile, on_crash, workers):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    count = workers * CHUNKS_PER_WORKER
    size = -(-len(order) // count)
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    findings: list[Finding] = []
    errors: list[str] = []
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for part_findings, part_errors in pool.map(_lint_chunk, [(c, config, profile, on_crash) for c in chunks]):
            findings += part_findings
            errors += part_errors
    return findings, errors
