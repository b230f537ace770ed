"""What the engine itself says about pages, before and beside the rules.

Its own codes (JC001-JC005, documented like rules), the unreadable-file and no-profile
findings, and the cheap test of whether any rule could speak about a page at all.
"""

from __future__ import annotations

import functools
import re

from checks.docs.findings import Finding
from checks.docs.page import Page
from checks.docs.rules import Rule


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


def read_text(path: str) -> tuple[str | None, str | None]:
    """(text, None), or (None, reason) when the file cannot be read as UTF-8."""
    from checks.docs.reading import Unreadable, read_docs_file

    try:
        data = read_docs_file(path)
    except Unreadable as exc:
        return None, str(exc)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start})"


def unreadable(path: str, reason: str) -> Finding:
    return Finding(path, 1, 1, "JC001", f"cannot read this file: {reason}", "error", "unreadable-file")


# -- the no-profile notice -----------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def jobs_route_pattern() -> re.Pattern:
    """Any route either dialect serves (literal part before the first path parameter)."""
    from checks.apispec import PROFILES, spec_for

    prefixes = set()
    for profile in PROFILES:
        for op in spec_for(profile).operations:
            for path in op.served_paths:
                prefixes.add(path.split("{", 1)[0].rstrip("/"))
    alternatives = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True) if p)
    return re.compile(f"(?:{alternatives})(?![\\w-])")


def _first_jobs_use(page: Page) -> tuple[int, int] | None:
    """Where a page first uses a Jobs route: the fence of a block, or a table row."""
    route = jobs_route_pattern()
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
def vocabulary_pattern() -> tuple[tuple[str, ...], re.Pattern]:
    """Words only a page about the Jobs API uses: spec names with `_`, route families, directives.

    Returns the literals (a fast substring pre-check) and the exact pattern.
    """
    from checks.apispec import PROFILES, spec_for

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
    return tuple(sorted(words | families)), re.compile("|".join(alternatives))


def mentions_jobs_vocabulary(text: str) -> bool:
    literals, pattern = vocabulary_pattern()
    return any(literal in text for literal in literals) and pattern.search(text) is not None


def worth_checking(page: Page, load_page=None) -> bool:
    """Whether the rules can say anything about a page, decided without them.

    A page with no code, table, route, import or Jobs API word is prose about something
    else: skipping it is what keeps a 5,000-page tree fast. A mirror is read when its
    English page has code (the mirror may have lost it).
    """
    from checks.docs.extract import worth_parsing

    if page.blocks or page.tables or page.imports or worth_parsing(page.text) or mentions_jobs_vocabulary(page.text):
        return True
    if page.mirror_of and load_page is not None:
        text, _ = read_text(page.mirror_of)
        return text is not None and worth_parsing(text)
    return False
