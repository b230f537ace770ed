"""A translated page's code differs from its English page beyond comments and prose strings.

Mirrors (`zh/`, `ja/`, `ko/` ...) should translate prose, comments and messages only. Blocks
are compared in order as token sequences with comments dropped and string contents hidden,
except strings holding an API path or a spec enum value: those must match. A different call,
route or enum value, a missing or an extra block is drift: the mirror teaches old code.

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

import bisect
import functools
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from checks.docs.codes import Rule, messages
from checks.samples.languages import family_of

RULE = Rule(
    code="JC601",
    name="mirror-drift",
    severity="warning",
    doc=__doc__,
    example_path="zh/development/cloud/example.mdx",
    example_english="development/cloud/example.mdx",
    messages=messages(
        missing="the English page has {count} here ({languages}, {where}) that this translation lacks; copy the code over and translate only its comments",
        extra="this `{language}` block is not on the English page ({english}); remove it, or add it there first",
        language="this block is `{language}` but the English page has `{english_language}` here ({where}); use the same code",
        differs="code differs from the English page ({where}): {what}{more}; translate only comments and prose strings",
    ),
)

COMPARED = ("python", "js", "shell", "json")
# Other languages (text, yaml, output ...) may be translated wholesale: only their presence is compared.


def _family(language: str) -> str | None:
    """The compared family of a block language (`checks.samples.languages`), None for the others."""
    family = family_of(language)
    return family if family in COMPARED else None

_STRINGS = {
    "python": r"(?:[rRbBuUfF]{0,2})(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\")",
    "js": r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`",
    "shell": r"\$?'[^']*'|\"(?:\\.|[^\"\\])*\"",
    "json": r"\"(?:\\.|[^\"\\\n])*\"",
}
_COMMENTS = {
    "python": r"\#[^\n]*",
    "js": r"//[^\n]*|/\*[\s\S]*?\*/",
    "shell": r"(?<![^\s;|&(])\#[^\n]*",
    "json": r"//[^\n]*|/\*[\s\S]*?\*/",
}
_JSX_COMMENTS = re.compile(r"\{/\*.*?\*/\}")
_WORD = r"[^\W\d][\w$]*|\$[\w$]*|\d[\w.]*"


@functools.lru_cache(maxsize=None)
def _token_regex(family: str) -> re.Pattern:
    return re.compile(rf"(?P<comment>{_COMMENTS[family]})|(?P<string>{_STRINGS[family]})|(?P<word>{_WORD})|(?P<other>\S)")


@dataclass(frozen=True)
class Token:
    key: str  # what is compared
    text: str  # what is shown
    line: int  # 1-based, inside the block's code
    column: int


@functools.lru_cache(maxsize=1)
def _spec_vocabulary() -> tuple[re.Pattern, frozenset[str]]:
    """Route pattern and enum values of every dialect: strings holding these must match."""
    from checks.apispec import PROFILES, spec_for

    from checks.apispec.routes import api_roots, route_families

    segments, values = set(route_families()), set()
    for profile in PROFILES:
        spec = spec_for(profile)
        for op in spec.operations:
            for name in spec.parameters(op.operation_id):
                values.update(spec.parameter_enum(name, op.operation_id) or ())
        values.update(spec.status_enum())
    alternatives = "|".join(re.escape(s) for s in sorted(segments, key=len, reverse=True))
    roots = "|".join(re.escape(root) for root in api_roots())
    route = re.compile(rf"(?:{roots})?/(?:{alternatives})(?![\w-])[^\s'\"`]*")
    return route, frozenset(values)


# Next to these tokens a string is a value the code uses (`"status": "failed"`, `== "failed"`,
# `"image" | "video"`), not a message: `print("cancelled")` may be translated.
_VALUE_NEIGHBOURS = frozenset({":", "=", "|", ",", "[", "in"})


def _kept_in_string(content: str, used_as_value: bool) -> str | None:
    """The parts of a string literal a mirror must not change, or None when it is all prose."""
    route, values = _spec_vocabulary()
    kept = route.findall(content)
    stripped = content.strip()
    parts = [p.strip() for p in stripped.split(",")]
    if stripped and used_as_value and all(p in values for p in parts):
        kept.append(stripped)
    else:
        kept += [m.group(0) for m in re.finditer(r"[\w.]+=([\w,-]+)", content) if any(v in values for v in m.group(1).split(","))]
    return "|".join(kept) if kept else None


def _previous_code(matches, index: int) -> str:
    """The nearest token before `index` that is not a comment ("" at the start)."""
    for match in reversed(matches[:index]):
        if match.lastgroup != "comment":
            return match.group(0)
    return ""


def _string_content(text: str) -> str:
    body = text.lstrip("rRbBuUfF$")
    for quote in ('"""', "'''", '"', "'", "`"):
        if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
            return body[len(quote) : -len(quote)]
    return body


@functools.lru_cache(maxsize=4096)  # an English block is compared with every mirror of its page
def tokens(code: str, family: str) -> tuple[Token, ...]:
    """Comparable tokens of a block: comments and non-ASCII words dropped, prose strings hidden."""
    starts = [0] + [i + 1 for i, char in enumerate(code) if char == "\n"]
    matches = list(_token_regex(family).finditer(code))
    found: list[Token] = []
    for index, match in enumerate(matches):
        kind, text = match.lastgroup, match.group(0)
        if kind == "comment" or (kind == "word" and not text.isascii()):
            continue  # comments and translated words in unquoted shell arguments
        if kind == "string":
            following = matches[index + 1].group(0) if index + 1 < len(matches) else ""
            before = _previous_code(matches, index)
            as_value = before in _VALUE_NEIGHBOURS or before.endswith("=") or following in _VALUE_NEIGHBOURS or following.startswith(("=", "!"))
            key = "S:" + text if following == ":" else "S[" + (_kept_in_string(_string_content(text), as_value) or "") + "]"
        else:
            key = text
        row = bisect.bisect_right(starts, match.start()) - 1
        found.append(Token(key, text, row + 1, match.start() - starts[row] + 1))
    return tuple(found)


def _signature(block) -> tuple:
    return _signature_of(block.language, block.code)


@functools.lru_cache(maxsize=4096)
def _signature_of(language: str, code: str) -> tuple:
    family = _family(language)
    if family is None:
        return (language or "text",)
    return (family, *(t.key for t in tokens(code, family)))


def _shown(items: list[Token]) -> str:
    text = " ".join(t.text for t in items).replace("\n", " ")
    return f"`{text[:57]}...`" if len(text) > 60 else f"`{text}`"


def _first_difference(english, mirror) -> tuple[Token | None, str, int]:
    """(mirror token to point at, what differs, how many differences) between two blocks."""
    family = _family(english.language) or _family(mirror.language)
    theirs, ours = tokens(english.code, family), tokens(mirror.code, family)
    opcodes = [op for op in SequenceMatcher(None, [t.key for t in theirs], [t.key for t in ours], autojunk=False).get_opcodes() if op[0] != "equal"]
    if not opcodes:
        return None, "", 0
    tag, i1, i2, j1, j2 = opcodes[0]
    anchor = ours[j1] if j1 < len(ours) else (ours[-1] if ours else None)
    if tag == "replace":
        what = f"{_shown(ours[j1:j2])} here where English has {_shown(theirs[i1:i2])}"
    elif tag == "delete":
        what = f"English has {_shown(theirs[i1:i2])} here"
    else:
        what = f"{_shown(ours[j1:j2])} is not in the English code"
    return anchor, what, len(opcodes)


def _fence(block) -> tuple[int, int]:
    return max(block.line - 1, 1), max(block.column, 1)


def _where_missing(page, mirror_blocks, index) -> tuple[str, int, int]:
    """Where a gap before mirror block `index` shows: the next fence, else the first line after the last block."""
    for block in mirror_blocks[index:]:
        if block.source == page.path:
            return (page.path, *_fence(block))
    for block in reversed(mirror_blocks[:index]):
        if block.source == page.path:
            lines = page.lines
            after = next((n for n in range(block.end_line + 1, len(lines) + 1) if _JSX_COMMENTS.sub("", lines[n - 1]).strip()), None)
            return (page.path, after, 1) if after else (page.path, block.end_line, max(block.column, 1))
    return page.path, 1, 1


def _finding(path, line, column, message, **arguments):
    return RULE.finding(message, path, line, column, **arguments)


def _pairs(english_blocks, mirror_blocks, e_range, m_range):
    """Align a changed stretch by language family: (english index | None, mirror index | None)."""
    families_e = [(_family(b.language) or b.language) for b in english_blocks[e_range[0] : e_range[1]]]
    families_m = [(_family(b.language) or b.language) for b in mirror_blocks[m_range[0] : m_range[1]]]
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, families_e, families_m, autojunk=False).get_opcodes():
        for offset in range(max(i2 - i1, j2 - j1)):
            english = e_range[0] + i1 + offset if i1 + offset < i2 else None
            mirror = m_range[0] + j1 + offset if j1 + offset < j2 else None
            yield english, mirror


def check(page, ctx):
    if not page.mirror_of or page.locale is None:
        return
    english = ctx.english_page(page)
    if english is None:
        return
    theirs, ours = english.blocks, page.blocks
    matcher = SequenceMatcher(None, [_signature(b) for b in theirs], [_signature(b) for b in ours], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        missing: list = []
        for e, m in _pairs(theirs, ours, (i1, i2), (j1, j2)):
            if m is None:
                missing.append(theirs[e])
                continue
            yield from _report_missing(page, ours, m, missing)
            missing = []
            yield from _compare(page, english, theirs, ours, e, m)
        yield from _report_missing(page, ours, j2, missing)


def _report_missing(page, ours, index, missing):
    if not missing:
        return
    first = missing[0]
    languages = ", ".join(b.language or "text" for b in missing)
    count = f"{len(missing)} code blocks" if len(missing) > 1 else "a code block"
    path, line, column = _where_missing(page, ours, index)
    yield _finding(path, line, column, "missing", count=count, languages=languages, where=f"{first.source}:{first.line}")


def _compare(page, english, theirs, ours, e, m):
    mirror = ours[m]
    if e is None:
        yield _finding(mirror.source, *_fence(mirror), "extra", language=mirror.language or "text", english=english.path)
        return
    original = theirs[e]
    if (_family(original.language) or original.language) != (_family(mirror.language) or mirror.language):
        yield _finding(mirror.source, *_fence(mirror), "language", language=mirror.language or "text",
                       english_language=original.language or "text", where=f"{original.source}:{original.line}")
        return
    if _family(original.language) is None:
        return
    anchor, what, count = _first_difference(original, mirror)
    if anchor is None:
        return
    more = f" (and {count - 1} more difference{'s' if count > 2 else ''})" if count > 1 else ""
    line, column = mirror.position(anchor.line, anchor.column)
    yield _finding(mirror.source, line, column, "differs", where=f"{original.source}:{original.line}", what=what, more=more)
