"""What the engine itself says about pages, before and beside the rules.

Its own codes (JC001-JC005, documented like rules), the unreadable-file and no-profile
findings, and the cheap test of whether any rule could speak about a page at all.
"""

from __future__ import annotations

import functools
import os
import re

from checks.docs.codes import Message, Rule, messages
from checks.docs.findings import Finding
from checks.docs.page import Page

# Codes the engine itself reports (extraction, profiles, suppressions); their docs, like
# the rules' docstrings, are what `jobs-checks rules CODE` prints.
UNREADABLE = Rule("JC001", "unreadable-file", "error", """
A docs file cannot be read: it is missing, not UTF-8, or its frontmatter is not valid YAML
(a repeated key included: PyYAML keeps the last one, the site's YAML parser refuses the page).

Nothing else is checked on such a page, and the run exits 2.

Wrong:
    ---
    title: [Jobs API
    ---

Right:
    ---
    title: Jobs API
    ---
""", messages(
    unreadable="cannot read this file: {reason}",
    not_utf8="not UTF-8: byte 0x{byte} at line {at} cannot be decoded",
    frontmatter="{problem}",
))

UNCLOSED_FENCE = Rule("JC002", "unclosed-fence", "error", """
A code fence is never closed, so the rest of the page renders as code.

An error when the block swallows page content: a component (`<Tip>`, `</Steps>`), another
tagged fence, or the end of the list item or quote it sits in. A warning when the fence
runs to the end of the file with only code after it: the page still shows that code, but
whatever is added below it next will be swallowed.

Wrong:
    ```bash
    curl "$BASE/api/jobs"

    <Tip>Read the `jobs` array of the answer.</Tip>

Right:
    ```bash
    curl "$BASE/api/jobs"
    ```

    <Tip>Read the `jobs` array of the answer.</Tip>
""", messages(
    swallows="code fence opened with {markup} is never closed before {where}, so what follows renders as code; "
             "add a closing {markup} line",
    at_end=Message("code fence opened with {markup} is never closed before the end of the file; add a closing {markup} line",
                   "warning"),
))

NO_PROFILE = Rule("JC003", "no-profile", "info", """
A page uses Jobs API routes but nothing says which dialect it documents.

It is then checked against every dialect, and a value is reported only when no dialect
accepts it. Say which one it is, in the frontmatter or with a `profiles` glob in
jobs-checks.toml, so dialect mistakes (`created_at` on a Comfy Cloud page) are caught.
A `jobs-checks-profile:` value that names no profile is a warning: it was meant to say.

Wrong:
    ---
    title: Poll a job
    ---

    | route | answers |
    | --- | --- |
    | `GET /api/jobs/{job_id}` | the job |

Right:
    ---
    title: Poll a job
    jobs-checks-profile: cloud
    ---

    | route | answers |
    | --- | --- |
    | `GET /api/jobs/{job_id}` | the job |
""", messages(
    missing="this page uses Jobs API routes but has no profile, so it is checked against every dialect; "
            "add `jobs-checks-profile: cloud` (or `comfyui`) to its frontmatter, or map it with a `profiles` glob in jobs-checks.toml",
    invalid=Message("`{key}: {value}` is not a profile; use one of {profiles}", "warning"),
))

UNUSED_SUPPRESSION = Rule("JC004", "unused-suppression", "warning", """
A `jobs-checks-disable` comment hides no finding, or names a code that is not a rule.

Stale suppressions hide the next real mistake on that line; remove them.

Wrong (a cloud page: nothing to hide):
    {/* jobs-checks-disable-next-line JC201 */}
    `GET /api/jobs?sort_by=create_time` lists the newest jobs first.

Right:
    `GET /api/jobs?sort_by=create_time` lists the newest jobs first.
""", messages(
    hides_nothing="this `jobs-checks` suppression hides no finding; remove it",
    unknown_code="`{code}` is not a jobs-checks rule code; see `jobs-checks rules`",
    code_hides_nothing="the suppression of {code} hides no finding; remove `{code}` from it",
), example_path="development/cloud/example.mdx")

UNRESOLVED_IMPORT = Rule("JC005", "unresolved-import", "warning", """
A page imports a snippet file that does not exist, so its code is not checked.

When the page also renders the imported component (`<Poll />`), the component is undefined
and MDX stops rendering the page ("Expected component `Poll` to be defined"): an error. An
import nothing renders only leaves dead code: a warning.

Wrong:
    import Poll from '/snippets/cloud/poll-jobs.mdx'

    <Poll />

Right:
    Poll the job until it finishes.
""", messages(
    missing="import {target!r} does not resolve to a file in the docs tree (looked for {looked})",
    missing_rendered=Message("import {target!r} does not resolve to a file in the docs tree (looked for {looked}), and "
                             "the page renders `<{name} />`, so it will not build", "error"),
    cycle="snippet import cycle {chain}; the repeated snippet is not expanded again",
))

ENGINE_RULES = (UNREADABLE, UNCLOSED_FENCE, NO_PROFILE, UNUSED_SUPPRESSION, UNRESOLVED_IMPORT)


def read_source(path: str) -> tuple[str | None, Finding | None]:
    """(text, None), or (None, the JC001 finding) when the file cannot be read as UTF-8.

    The one reader of docs files: the engine, extraction and every command that reads pages
    decode the same way (a leading BOM dropped) and say the same thing when they cannot.
    It reads through `checks.docs.reading`: a pipe is never opened for a blocking read and
    a page over the size limit is refused.
    """
    from checks.docs.reading import Unreadable, read_docs_file

    try:
        data = read_docs_file(path)
    except Unreadable as exc:
        return None, UNREADABLE.finding("unreadable", path, 1, 1, reason=str(exc))
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, UNREADABLE.finding("not_utf8", path, line, 1, byte=f"{data[exc.start]:02x}", at=line)


# -- the no-profile notice -----------------------------------------------------------------


def jobs_route_pattern() -> re.Pattern:
    """Any route a dialect serves (literal part before the first path parameter)."""
    from checks.apispec.routes import route_pattern

    return route_pattern()


def _first_jobs_use(page: Page) -> tuple[int, int] | None:
    """Where a page first uses a Jobs route: the fence of a block, or a table row."""
    from checks.samples.requests_urls import uses_a_route

    places = []
    for block in page.blocks:
        if block.source == page.path and uses_a_route(block.code):
            places.append((max(block.line - 1, 1), max(block.column, 1)))
            break
    for table in page.tables:
        if table.source != page.path:
            continue
        for row in table.rows:
            if any(uses_a_route(cell) for cell in row.cells):
                places.append((row.line, 1))
                break
    return min(places) if places else None


def no_profile_finding(page: Page) -> Finding | None:
    """JC003 (info) for a page that calls Jobs routes but has no dialect (judged by both)."""
    if page.profile is not None or any(f.code == "JC003" for f in page.problems):
        return None
    if jobs_route_pattern().search(page.text) is None:
        return None  # blocks and table cells are pieces of the text: no route there either
    place = _first_jobs_use(page)
    if place is None:
        return None
    return NO_PROFILE.finding("missing", page.path, place[0], place[1])


# -- which pages the rules read ------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def vocabulary_pattern() -> tuple[tuple[str, ...], re.Pattern]:
    """Words only a page about the Jobs API uses: spec names with `_`, route families, directives.

    Returns the literals (a fast substring pre-check) and the exact pattern.
    """
    from checks.apispec import PROFILES, spec_for
    from checks.apispec.routes import route_families

    words, families = {"jobs-checks-"}, {"/" + family for family in route_families()}
    for profile in PROFILES:
        spec = spec_for(profile)
        for op in spec.jobs_operations:
            for name, parameter in spec.parameters(op.operation_id).items():
                words.update(w for w in (name, *(spec.parameter_enum(name, op.operation_id) or ())) if "_" in w)
        words.update(field for field in spec.timestamp_units if "_" in field)
    alternatives = [re.escape(w) for w in sorted(words)] + [re.escape(f) + r"(?![\w-])" for f in sorted(families)]
    return tuple(sorted(words | families)), re.compile("|".join(alternatives))


def mentions_jobs_vocabulary(text: str) -> bool:
    literals, pattern = vocabulary_pattern()
    return any(literal in text for literal in literals) and pattern.search(text) is not None


@functools.lru_cache(maxsize=1)
def table_words_pattern() -> tuple[tuple[str, ...], re.Pattern]:
    """Words a table or sentence must hold for a rule to read a value or unit in it.

    The spellings of every enum query parameter (`status`, `sort_by`, `sortBy`: only an enum
    has values a page can get wrong) and every field with a unit (`timestamp`): prose and table
    readers key on them, as whole names, spelled exactly. Returns the words and the exact pattern.
    """
    from checks.apispec import PROFILES, spec_for
    from checks.apispec.dialects import dialects_for

    specs = [spec_for(profile) for profile in PROFILES]
    enums = {name for spec in specs for op in spec.jobs_operations for name in spec.enum_parameters(op.operation_id)}
    words = {spelling for spelling, name in dialects_for(specs).spellings.items() if name in enums}
    for spec in specs:
        words.update(spec.timestamp_units)
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return tuple(sorted(words)), re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")


def _names_a_table_word(text: str) -> bool:
    literals, pattern = table_words_pattern()
    return pattern.search(text) is not None


def _trie(words) -> str:
    """A regex matching any of `words`, shared prefixes factored out (much faster to scan than `a|b|c`)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    def pattern(node) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        joined = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{joined})?" if "" in node else joined
    return pattern(tree)


@functools.lru_cache(maxsize=1)
def _any_word() -> re.Pattern:
    """Words one of which a page must contain (as spelled) for `worth_reading` to say yes: one fast scan."""
    words = {*vocabulary_pattern()[0], *table_words_pattern()[0], *(root + "/" for root in _api_roots())}
    return re.compile(_trie(sorted(words)))


_TABLE_DELIMITER = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*\|", re.M)


def worth_reading(text: str) -> bool:
    """Whether any rule can speak about a page of this text, decided from the text alone.

    Code (a fence), an import, an API route, a Jobs API word, or a table naming a parameter or a
    field with a unit. Everything else is prose about something else: only `every_page` rules
    read it, and it is never parsed unless one of them asks.
    """
    from checks.docs.extract import may_hold_code

    if may_hold_code(text):
        return True
    if _any_word().search(text) is None:
        return False  # most pages: none of the words below
    return (
        mentions_jobs_vocabulary(text)
        or any(root + "/" in text for root in _api_roots())
        or ("|" in text and _names_a_table_word(text) and _TABLE_DELIMITER.search(text) is not None)
    )


def _api_roots() -> tuple[str, ...]:
    from checks.apispec.routes import api_roots

    return api_roots()


@functools.lru_cache(maxsize=4096)
def _file_may_hold_code(path: str, version: tuple[int, int]) -> bool:
    from checks.docs.extract import may_hold_code

    text, _ = read_source(path)
    return text is not None and may_hold_code(text)


def worth_checking(page: Page, load_page=None, shortcut: bool = True) -> bool:
    """Whether the rules can say anything about a page, decided without them (the pre-scan).

    See `worth_reading`. A mirror is also read when its English page holds code (a fence or an
    import): the translation may have lost it. Without the `shortcut`, every page is.
    """
    if not shortcut or page.blocks or page.imports or worth_reading(page.text):
        return True
    if page.mirror_of and load_page is not None:
        try:
            status = os.stat(page.mirror_of)
        except OSError:
            return False
        return _file_may_hold_code(os.path.abspath(page.mirror_of), (status.st_mtime_ns, status.st_size))
    return False
