"""Compare each profile's contract with the pages of that profile: what is covered, and where.

Pages that count for a profile are the English pages (locale mirrors translate them and are
not counted again) whose profile resolves to it, snippets included. A page with no profile
counts for neither dialect: give it `jobs-checks-profile:` or a config glob.

An operation is *documented* when a counted page names one of its routes. The scoped figures
("for the operations it documents") count only the items that belong to a documented
operation: its example, parameters, values, statuses; the fields of the schemas its responses
return; the caveats marked on it or on those schemas. Items of undocumented operations count
only in the full figure, which is the one `--fail-under` compares.

Each missing item names the place it most likely belongs: for an item of a documented
operation, the section naming that operation most often (for a value, the passage naming its
parameter); for a field, the section naming most fields of its schema; for an undocumented
route, where the other deprecated routes are documented (for a deprecated one), else where
its replacement or the route sharing the longest path prefix is documented.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field

from checks.coverage.contract import Item, contract_items
from checks.coverage.mentions import (
    Passage, Section, is_response_example, makes_requests, passages, requests_made, routes_named, says_caveat,
    says_name, says_status, says_value,
)
from checks.docs.page import Page
from checks.apispec import PROFILES, Spec, spec_for


@dataclass(frozen=True)
class Where:
    path: str
    line: int
    section: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" + (f" ({self.section})" if self.section else "")

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "section": self.section}


@dataclass(frozen=True)
class Result:
    item: Item
    covered: bool
    found: Where | None  # first passage covering the item
    belongs: Where | None  # where a missing item most likely belongs (None: no page to suggest)
    in_scope: bool  # belongs to an operation the pages document


def _percent(covered: int, total: int) -> float | None:
    return round(100.0 * covered / total, 1) if total else None


@dataclass
class ProfileCoverage:
    profile: str
    pages: list[str]
    results: list[Result]
    documented: tuple[str, ...]  # operationIds named on some page, in spec order

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def covered(self) -> int:
        return sum(r.covered for r in self.results)

    @property
    def percent(self) -> float:
        return _percent(self.covered, self.total) or 0.0

    @property
    def scoped_total(self) -> int:
        return sum(r.in_scope for r in self.results)

    @property
    def scoped_covered(self) -> int:
        return sum(r.covered and r.in_scope for r in self.results)

    @property
    def scoped_percent(self) -> float | None:
        return _percent(self.scoped_covered, self.scoped_total)

    @property
    def missing(self) -> list[Result]:
        return [r for r in self.results if not r.covered]


@dataclass
class CoverageReport:
    profiles: list[ProfileCoverage]
    files: int
    unprofiled: list[str] = field(default_factory=list)  # pages no profile resolves for: not counted
    translations: list[str] = field(default_factory=list)  # locale mirrors: not counted
    errors: list[str] = field(default_factory=list)  # unreadable files, one line each

    def below(self, threshold: float) -> list[ProfileCoverage]:
        return [p for p in self.profiles if p.percent < threshold]


# -- one profile --------------------------------------------------------------------------


def _where(passage: Passage) -> Where:
    return Where(passage.source, passage.line, passage.section.title)


def _section_where(section: Section) -> Where:
    return Where(section.page, section.line, section.title)


class _Index:
    """The passages of a profile's pages, with the routes each names."""

    def __init__(self, spec: Spec, pages: list[Page]):
        self.spec = spec
        self.passages: list[Passage] = []
        self.routes: dict[str, list[Passage]] = {}
        self.requests: dict[str, list[Where]] = {}
        self.query_names: dict[str, dict[str, Where]] = {}  # page -> name -> first request sending it
        for page in pages:
            for passage in passages(page):
                self.passages.append(passage)
                for operation_id in sorted(routes_named(passage, spec)):
                    self.routes.setdefault(operation_id, []).append(passage)
            for operation_id, source, line, names in requests_made(page, spec):
                self.requests.setdefault(operation_id, []).append(Where(source, line))
                for name in names:
                    self.query_names.setdefault(page.path, {}).setdefault(name, Where(source, line))
        self.pages_of = {op: {p.section.page for p in found} for op, found in self.routes.items()}
        self.sections_of = {op: {p.section for p in found} for op, found in self.routes.items()}

    def on_pages_of(self, operation_id: str) -> list[Passage]:
        pages = self.pages_of.get(operation_id, set())
        return [p for p in self.passages if p.section.page in pages]

    def home(self, operation_id: str) -> Where | None:
        """The section naming the operation most often (the first such on ties)."""
        found = self.routes.get(operation_id)
        if not found:
            return None
        counts = Counter(p.section for p in found)
        best = max(counts.values())
        return _section_where(next(p.section for p in found if counts[p.section] == best))


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for left, right in zip(a.strip("/").split("/"), b.strip("/").split("/")):
        if left != right:
            break
        count += 1
    return count


def _undocumented_home(index: _Index, operation_id: str) -> Where | None:
    spec = index.spec
    op = spec.operation(operation_id)
    documented = [o for o in spec.operations if o.jobs_api and o.operation_id in index.routes]
    if op is not None and op.deprecated:
        deprecated = [p for o in documented if o.deprecated for p in index.routes[o.operation_id]]
        if deprecated:
            counts = Counter(p.section for p in deprecated)
            return _section_where(counts.most_common(1)[0][0])
        replacement = op.replaced_by_operation
        if replacement in index.routes:
            return index.home(replacement)
    candidates = [o for o in documented if not o.deprecated] or documented
    if op is not None and candidates:
        best = max(candidates, key=lambda o: _common_prefix(o.path, op.path))  # first of equals wins
        return index.home(best.operation_id)
    if index.passages:
        counts = Counter(p.section.page for ps in index.routes.values() for p in ps)
        page = counts.most_common(1)[0][0] if counts else index.passages[0].section.page
        return Where(page, 1)
    return None


def _operation_home(index: _Index, operation_ids: tuple[str, ...]) -> Where | None:
    for operation_id in operation_ids:
        if operation_id in index.routes:
            return index.home(operation_id)
    return _undocumented_home(index, operation_ids[0]) if operation_ids else None


def _first(passages_, test) -> Passage | None:
    return next((p for p in passages_ if test(p)), None)


def _judge(index: _Index, item: Item, schema_fields: dict[str, list[str]]) -> tuple[Where | None, Where | None]:
    """(where the item is covered, where a missing item belongs)."""
    oid = item.operations[0] if item.operations else ""
    home = _operation_home(index, item.operations)
    kind = item.kind
    if kind == "operation":
        found = index.routes.get(oid)
        return (_where(found[0]) if found else None), home
    if kind == "example":
        hit = _first(index.routes.get(oid, []), makes_requests)
        if hit:
            return _where(hit), home
        return (index.requests[oid][0] if index.requests.get(oid) else None), home
    if kind == "parameter":
        hit = _first(index.on_pages_of(oid), lambda p: says_name(p, "parameter", item.name))
        if hit:
            return _where(hit), home
        for page in sorted(index.pages_of.get(oid, ())):
            if item.name in index.query_names.get(page, {}):
                return index.query_names[page][item.name], home
        return None, home
    if kind == "value":
        on_pages = index.on_pages_of(oid)
        hit = _first(on_pages, lambda p: says_value(p, item.param, item.name))
        if hit:
            return _where(hit), home
        named = _first(on_pages, lambda p: p.is_prose and says_name(p, "parameter", item.param))
        return None, (_where(named) if named else home)
    if kind == "status":
        sections = index.sections_of.get(oid, set())
        in_sections = [p for p in index.passages if p.section in sections]
        hit = _first(in_sections, lambda p: says_status(p, item.name))
        if hit is None and item.name.startswith("2"):
            hit = _first(in_sections, is_response_example)
        return (_where(hit) if hit else None), home
    if kind == "field":
        hit = _first(index.passages, lambda p: says_name(p, "field", item.name))
        if hit:
            return _where(hit), home
        siblings = schema_fields.get(item.schema or "", [])
        counts = Counter(p.section for p in index.passages for name in siblings if says_name(p, "field", name))
        return None, (_section_where(counts.most_common(1)[0][0]) if counts else home)
    if kind == "caveat":
        hit = _first(index.passages, lambda p: says_caveat(p, item.evidence))
        return (_where(hit) if hit else None), home
    raise ValueError(f"unknown item kind {kind!r}")


def profile_coverage(spec: Spec, pages: list[Page]) -> ProfileCoverage:
    """Coverage of one profile's contract by pages already known to document that profile."""
    index = _Index(spec, pages)
    items = contract_items(spec)
    schema_fields: dict[str, list[str]] = {}
    for item in items:
        if item.kind == "field":
            schema_fields.setdefault(item.schema or "", []).append(item.name)
    documented = tuple(op.operation_id for op in spec.operations if op.jobs_api and op.operation_id in index.routes)
    results = []
    for item in items:
        found, belongs = _judge(index, item, schema_fields)
        in_scope = bool(set(item.operations) & set(documented))
        results.append(Result(item, found is not None, found, None if found else belongs, in_scope))
    return ProfileCoverage(spec.profile, sorted(page.path for page in pages), results, documented)


# -- many pages ---------------------------------------------------------------------------


def measure_pages(pages: list[Page], profiles=PROFILES) -> CoverageReport:
    """Coverage per profile of already extracted pages (their `profile` decides where they count)."""
    by_profile: dict[str, list[Page]] = {name: [] for name in profiles}
    unprofiled, translations = [], []
    for page in sorted(pages, key=lambda p: p.path):
        if page.locale is not None:
            translations.append(page.path)
        elif page.profile is None:
            unprofiled.append(page.path)
        elif page.profile in by_profile:
            by_profile[page.profile].append(page)
    results = [profile_coverage(spec_for(name), by_profile[name]) for name in profiles]
    return CoverageReport(results, len(pages), unprofiled, translations)


def measure(paths: list[str], config=None, profiles=PROFILES) -> CoverageReport:
    """Coverage of the docs files under `paths`. Raises FileNotFoundError for a missing path."""

    from checks.docs.config import config_for
    from checks.docs.discover import discover
    from checks.docs.extract import extract_page

    if config is None:
        config = config_for(list(paths))
    pages, errors = [], []
    for path in discover(list(paths), config):
        page = extract_page(os.path.normpath(path), config=config, root=config.root)
        unreadable = [p for p in page.problems if p.code == "JC001" and not page.text]
        if unreadable:
            errors.append(f"{page.path}: {unreadable[0].message}")
            continue
        pages.append(page)
    report = measure_pages(pages, profiles)
    report.errors = errors
    return report
