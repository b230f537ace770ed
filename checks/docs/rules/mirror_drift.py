"""A translated page's code behaves differently from its English page's.

Mirrors (`zh/`, `ja/`, `ko/` ...) translate prose, comments, messages, docstrings, JSX text
and placeholders (`<repo-url>`, `[OPTIONS]`); the code must stay. Blocks are compared in
order as token sequences (`checks.samples.comparable`): strings are hidden unless they hold
an API route or a spec enum value or are object keys, translated text outside strings is
one placeholder, console output in a terminal session is not code. A different call, route,
value, key or a missing line, and a missing or extra block, is drift: the finding points at
the differing line and quotes what the English has there. A whole section the translation
lacks (its heading and code) is reported at the translation's heading of the section that
precedes it in English: sections pair up by level and by the code they share. When the English block is the
broken one (it does not parse, or uses a name the translation defines), the translation is
not asked to copy it: the English page is told once. A snippet's blocks are compared on the
snippet itself, once, not on every page that imports it.

Wrong (zh/development/cloud/jobs.mdx, while the English page polls `/api/jobs/{job_id}`):
    ```python
    # 查询任务状态
    r = requests.get(f"{BASE}/api/history_v2/{prompt_id}", headers=headers)
    ```

Right:
    ```python
    # 查询任务状态
    r = requests.get(f"{BASE}/api/jobs/{prompt_id}", headers=headers)
    ```
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from checks.docs.codes import Rule, messages
from checks.docs.discover import find_root, mirror_path, relative_to_root, split_locale
from checks.docs.sections import missing_section
from checks.samples.comparable import Vocabulary, broken_original, is_translation, shown, tokens
from checks.samples.languages import family_of, is_session

RULE = Rule(
    code="JC601",
    name="mirror-drift",
    severity="warning",
    doc=__doc__,
    example_path="zh/development/cloud/example.mdx",
    example_english="development/cloud/example.mdx",
    snippets="on-their-own",
    messages=messages(
        missing="the English page has {count} here ({languages}, {where}) that this translation lacks; copy the code over and translate only its comments",
        missing_section="the English section `{heading}` ({where}, {count}: {languages}) is missing from this translation; "
                        "it belongs after this section: copy it over and translate its prose",
        extra="this `{language}` block is not on the English page ({english}); remove it, or add it there first",
        language="this block is `{language}` but the English page has `{english_language}` here ({where}); use the same code",
        differs="code differs from the English page ({where}): {what}{more}; translate only comments, prose and placeholders",
        english_defect="the translations ({locales}) have `{theirs}` where this page has `{ours}`, and `{name}` is used "
                       "here but never defined: fix this page, which translators copy",
    ),
)

COMPARED = ("python", "js", "shell", "json")
# Other languages (text, yaml, output ...) may be translated wholesale: only their presence is compared.
_JSX_COMMENTS = re.compile(r"\{/\*.*?\*/\}")
_PROMPT = re.compile(r"^([ \t]*)\$( |$)")
_ASCII_WORD = re.compile(r"[A-Za-z_][\w.-]*")


def _family(language: str) -> str | None:
    """The compared family of a block language (`checks.samples.languages`), None for the others."""
    family = family_of(language)
    return family if family in COMPARED else None


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Routes and enum values of every dialect: strings holding these must match."""
    from checks.apispec import PROFILES, spec_for
    from checks.apispec.routes import api_roots, route_families

    values = set()
    for profile in PROFILES:
        spec = spec_for(profile)
        for op in spec.jobs_operations:
            for name in spec.parameters(op.operation_id):
                values.update(spec.parameter_enum(name, op.operation_id) or ())
        values.update(spec.status_enum())
    alternatives = "|".join(re.escape(s) for s in sorted(route_families(), key=len, reverse=True))
    roots = "|".join(re.escape(root) for root in api_roots())
    return Vocabulary(re.compile(rf"(?:{roots})?/(?:{alternatives})(?![\w-])[^\s'\"`]*"), frozenset(values))


def _code_of(block) -> str:
    """The block's code with a terminal session's output lines and prompts blanked (same offsets)."""
    code = block.code
    if not (is_session(block.language) or re.search(r"(?m)^[ \t]*\$ ", code)):
        return code
    lines, continued = [], False
    for line in code.split("\n"):
        prompt = _PROMPT.match(line)
        if prompt:
            lines.append(" " * prompt.end() + line[prompt.end():])
        elif continued:
            lines.append(line)
        else:
            lines.append(" " * len(line))
        continued = (prompt is not None or continued) and line.rstrip().endswith("\\")
    return "\n".join(lines)


def block_tokens(block):
    return tokens(_code_of(block), _family(block.language), vocabulary())


# -- what is compared: own blocks, and snippets as one unit ---------------------------


@dataclass(frozen=True, eq=False)
class _Unit:
    block: object | None  # an own block; None for a snippet
    snippet: str | None = None  # the English path of a rendered snippet
    blocks: tuple = ()

    @functools.cached_property
    def signature(self) -> tuple:
        if self.snippet is not None:
            return ("snippet", self.snippet)
        family = _family(self.block.language)
        if family is None:  # compared by presence; its ASCII words only help to align
            return (self.block.language or "text", *self.words)
        return (family, *(t.key for t in block_tokens(self.block)))

    @property
    def words(self) -> tuple[str, ...]:
        code = "".join(b.code for b in ((self.block,) if self.block is not None else self.blocks))
        return tuple(_ASCII_WORD.findall(code))

    @functools.cached_property
    def ascii(self) -> str:
        """The block's ASCII text (what a translation keeps), for aligning translated blocks."""
        code = "".join(b.code for b in ((self.block,) if self.block is not None else self.blocks))
        code = re.sub(r"<[^<>\n]*>|\[[^\[\]\n]*\]", "<>", code[:600])  # placeholders are translated
        return "".join(char for char in code if char.isascii() and not char.isspace())

    @property
    def family(self) -> str:
        return "snippet" if self.snippet is not None else (_family(self.block.language) or self.block.language)


def _shown_path(path: str, ctx) -> str:
    """A file as the docs tree names it (`snippets/install.mdx`): never a path of this machine."""
    return relative_to_root(path, find_root(path, ctx.config)) or os.path.basename(path)


def _english_path(path: str, ctx) -> str:
    relative = relative_to_root(path, find_root(path, ctx.config)) or os.path.normpath(path)
    _, english = split_locale(relative, ctx.config.locales)
    return english or relative


def _snippet_keys(page, ctx) -> set[str]:
    own = os.path.normpath(page.path)
    return {_english_path(b.source, ctx) for b in page.blocks if os.path.normpath(b.source) != own}


def _units(page, ctx, shared: set[str]) -> list[_Unit]:
    """The page's own blocks, and each run of blocks rendered from a snippet both pages render as one unit.

    A snippet only one side renders (the other inlined its code) is compared block by block.
    """
    own = os.path.normpath(page.path)
    units: list[_Unit] = []
    for block in page.blocks:
        key = None if os.path.normpath(block.source) == own else _english_path(block.source, ctx)
        if key is None or key not in shared:
            units.append(_Unit(block))
            continue
        if units and units[-1].snippet == key:
            units[-1] = _Unit(None, key, units[-1].blocks + (block,))
        else:
            units.append(_Unit(None, key, (block,)))
    return units


def _pairable(english: _Unit, mirror: _Unit) -> bool:
    """Whether two units of a changed stretch may pair up at all: the same family (and snippet)."""
    return english.family == mirror.family and not ((english.snippet or mirror.snippet) and english.snippet != mirror.snippet)


def _likeness(english: _Unit, mirror: _Unit) -> float:
    """How well two units of a changed stretch pair up: same family, and sharing ASCII words."""
    if not _pairable(english, mirror):
        return -1.0
    return 1.0 + _ratio(english.ascii, mirror.ascii)


@functools.lru_cache(maxsize=4096)  # an English page and each mirror align the same stretches from both sides
def _ratio(english: str, mirror: str) -> float:
    return SequenceMatcher(None, english, mirror, autojunk=False).ratio()


def _pairs(theirs, ours, e_range, m_range):
    """Align a changed stretch, best pairs first: (english index | None, mirror index | None) in order."""
    es, ms = list(range(*e_range)), list(range(*m_range))
    if len(es) == 1 and len(ms) == 1:  # one unit each (most stretches): how alike they are cannot matter
        e, m = es[0], ms[0]
        return [(e, m)] if _pairable(theirs[e], ours[m]) else [(None, m), (e, None)]
    score = [[0.0] * (len(ms) + 1) for _ in range(len(es) + 1)]
    known: dict[tuple[int, int], float] = {}  # the walk back asks for the same pairs again

    def alike(e: int, m: int) -> float:
        if (e, m) not in known:
            known[e, m] = _likeness(theirs[e], ours[m])
        return known[e, m]

    for i in range(1, len(es) + 1):
        for j in range(1, len(ms) + 1):
            best = max(score[i - 1][j], score[i][j - 1])
            likeness = alike(es[i - 1], ms[j - 1])
            score[i][j] = max(best, score[i - 1][j - 1] + likeness) if likeness > 0 else best
    pairs, i, j = [], len(es), len(ms)
    while i or j:
        likeness = alike(es[i - 1], ms[j - 1]) if i and j else -1.0
        if i and j and likeness > 0 and score[i][j] == score[i - 1][j - 1] + likeness:
            pairs.append((es[i - 1], ms[j - 1]))
            i, j = i - 1, j - 1
        elif i and (not j or score[i][j] == score[i - 1][j]):
            pairs.append((es[i - 1], None))
            i -= 1
        else:
            pairs.append((None, ms[j - 1]))
            j -= 1
    return reversed(pairs)


def _source(unit: _Unit) -> tuple:
    """What a unit's signature is made from: equal sources, equal signatures."""
    return ("snippet", unit.snippet) if unit.snippet is not None else (unit.block.language, unit.block.code)


def _stretches(english_units, mirror_units):
    """For every stretch where the two differ: (its pairs of english index | None, mirror index | None), its end in the mirror."""
    if len(english_units) == len(mirror_units) and all(map(lambda e, m: _source(e) == _source(m), english_units, mirror_units)):
        return  # a translation that copied every block as it is (most): nothing to tokenise
    matcher = SequenceMatcher(None, [u.signature for u in english_units], [u.signature for u in mirror_units], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield list(_pairs(english_units, mirror_units, (i1, i2), (j1, j2))), j2


# -- differences inside a block --------------------------------------------------------


def _differences(english, mirror) -> list[tuple]:
    """Opcodes where the mirror's code differs from the English code, translated prose left out."""
    theirs, ours = block_tokens(english), block_tokens(mirror)
    opcodes = SequenceMatcher(None, [t.key for t in theirs], [t.key for t in ours], autojunk=False).get_opcodes()
    return [op for op in opcodes if op[0] != "equal" and not is_translation(theirs, ours, op)]


def english_defect(english, mirror) -> str | None:
    """Why the English block, not its translation, is the broken one: "syntax", a name, or None."""
    family = _family(english.language)
    if family not in ("python", "js", "json"):
        return None
    return broken_original(english.code, mirror.code, english.language)


# -- findings on a translation ---------------------------------------------------------


def _fence(block) -> tuple[int, int]:
    return max(block.line - 1, 1), max(block.column, 1)


def _where_missing(page, mirror_units, index) -> tuple[str, int, int]:
    """Where a gap before mirror unit `index` shows: the next fence, else the first line after the last block."""
    for unit in mirror_units[index:]:
        if unit.block is not None:
            return (page.path, *_fence(unit.block))
    for unit in reversed(mirror_units[:index]):
        if unit.block is not None:
            lines, block = page.lines, unit.block
            after = next((n for n in range(block.end_line + 1, len(lines) + 1) if _JSX_COMMENTS.sub("", lines[n - 1]).strip()), None)
            return (page.path, after, 1) if after else (page.path, block.end_line, max(block.column, 1))
    return page.path, 1, 1


def _missing(page, ctx, ours, index, missing, english=None):
    blocks = [b for unit in missing for b in ((unit.block,) if unit.block is not None else unit.blocks)]
    if not blocks:
        return
    languages = ", ".join(b.language or "text" for b in blocks)
    count = f"{len(blocks)} code blocks" if len(blocks) > 1 else "a code block"
    gap = missing_section(english, page, blocks, lambda block: _Unit(block).signature) if english else None
    if gap is not None:
        heading, here = gap
        yield RULE.finding("missing_section", page.path, here.line, here.column, heading=heading.text, count=count,
                           languages=languages, where=f"{_shown_path(english.path, ctx)}:{heading.line}")
        return
    path, line, column = _where_missing(page, ours, index)
    yield RULE.finding("missing", path, line, column, count=count, languages=languages,
                       where=f"{_shown_path(blocks[0].source, ctx)}:{blocks[0].line}")


def _compare(page, ctx, english, original, mirror):
    if original is None:
        yield RULE.finding("extra", mirror.source, *_fence(mirror), language=mirror.language or "text",
                           english=_shown_path(english.path, ctx))
        return
    if (_family(original.language) or original.language) != (_family(mirror.language) or mirror.language):
        yield RULE.finding("language", mirror.source, *_fence(mirror), language=mirror.language or "text",
                           english_language=original.language or "text",
                           where=f"{_shown_path(original.source, ctx)}:{original.line}")
        return
    if _family(original.language) is None:
        return
    differences = _differences(original, mirror)
    if not differences or english_defect(original, mirror):
        return  # the same code, or the English is what needs fixing (said once, on the English page)
    theirs, ours = block_tokens(original), block_tokens(mirror)
    tag, i1, i2, j1, j2 = differences[0]
    if tag == "delete":
        anchor = ours[j1 - 1] if j1 else (ours[0] if ours else None)
        what = f"English has `{shown(original.code, theirs[i1:i2])}` here"
    elif tag == "insert":
        anchor = ours[j1]
        what = f"`{shown(mirror.code, ours[j1:j2])}` is not in the English code"
    else:
        anchor = ours[j1]
        what = f"`{shown(mirror.code, ours[j1:j2])}` here where English has `{shown(original.code, theirs[i1:i2])}`"
    english_line = original.position(theirs[min(i1, len(theirs) - 1)].line)[0] if theirs else original.line
    count = len(differences)
    more = f" (and {count - 1} more difference{'s' if count > 2 else ''})" if count > 1 else ""
    line, column = mirror.position(anchor.line, anchor.column) if anchor else _fence(mirror)
    yield RULE.finding("differs", mirror.source, line, column, where=f"{_shown_path(original.source, ctx)}:{english_line}",
                       what=what, more=more)


def _mirror_findings(page, ctx):
    english = ctx.english_page(page)
    if english is None:
        return
    shared = _snippet_keys(english, ctx) & _snippet_keys(page, ctx)
    theirs, ours = _units(english, ctx, shared), _units(page, ctx, shared)
    for pairs, end in _stretches(theirs, ours):
        missing: list = []
        for e, m in pairs:
            if m is None:
                missing.append(theirs[e])
                continue
            yield from _missing(page, ctx, ours, m, missing, english)
            missing = []
            if ours[m].block is None:
                continue  # a snippet the English page does not render here: the snippet's own comparison says more
            original = theirs[e] if e is not None else None
            if original is not None and original.block is None:
                continue  # the English renders a snippet where the mirror has its own code: not comparable
            yield from _compare(page, ctx, english, original.block if original is not None else None, ours[m].block)
        yield from _missing(page, ctx, ours, end, missing, english)


# -- findings on an English page -------------------------------------------------------


def _mirrors_of(page, ctx):
    root = find_root(page.path, ctx.config)
    relative = relative_to_root(page.path, root)
    if relative is None:
        return
    for locale in ctx.config.locales:
        candidate = os.path.join(root, mirror_path(relative, locale))
        if os.path.isfile(candidate):
            mirror = ctx.load_page(os.path.relpath(candidate) if not os.path.isabs(page.path) else candidate)
            if mirror is not None:
                yield locale, mirror


def _english_findings(page, ctx):
    """An English block whose translations all fix a name it leaves undefined: said once, here.

    Only a block that differs from its translation is read for names: most are copied as they are.
    """
    if not any(_family(b.language) in ("python", "js") for b in page.blocks):
        return  # nothing a translation could have fixed: no need to read the mirrors
    seen: dict[tuple, list] = {}
    for locale, mirror in _mirrors_of(page, ctx):
        shared = _snippet_keys(page, ctx) & _snippet_keys(mirror, ctx)
        mine, theirs = _units(page, ctx, shared), _units(mirror, ctx, shared)
        pairs = [pair for stretch, _ in _stretches(mine, theirs) for pair in stretch]
        for e, m in pairs:
            if e is None or m is None or mine[e].block is None or theirs[m].block is None:
                continue
            original, translated = mine[e].block, theirs[m].block
            family = _family(original.language)
            if family not in ("python", "js") or family != _family(translated.language):
                continue  # only Python and JS blocks leave names undefined
            differences = _differences(original, translated)
            if not differences:
                continue
            name = english_defect(original, translated)
            if name is None or name == "syntax":
                continue  # a syntax error is the syntax rule's finding on this page
            tag, i1, i2, j1, j2 = differences[0]
            theirs_tokens, ours = block_tokens(original), block_tokens(translated)
            anchor = theirs_tokens[i1] if i1 < len(theirs_tokens) else theirs_tokens[-1]
            key = (original.source, *original.position(anchor.line, anchor.column), name)
            entry = seen.setdefault(key, [shown(original.code, theirs_tokens[i1:i2] or (anchor,)),
                                          shown(translated.code, ours[j1:j2]), []])
            entry[2].append(locale)
    for (source, line, column, name), (ours, theirs, locales) in sorted(seen.items()):
        yield RULE.finding("english_defect", source, line, column, locales=", ".join(locales), theirs=theirs, ours=ours, name=name)


def check(page, ctx):
    if page.mirror_of and page.locale is not None:
        yield from _mirror_findings(page, ctx)
    else:
        yield from _english_findings(page, ctx)
