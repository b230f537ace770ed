"""A code sample as the tokens a translation must keep: what differs between two of them is drift.

Translators translate comments, messages, docstrings, JSX text and placeholders; they must
not touch the code. `tokens(code, family, vocabulary)` keeps the code and hides the rest:
comments are dropped; a string is hidden unless it holds a route or an enum value of the
spec (`vocabulary`) or is an object key; docstrings are prose; translated (non-ASCII) text
outside strings and placeholders (`<repo-url>`, `[OPTIONS]`, `MODEL_NAME` in a shell
synopsis) become one `TRANSLATED` key. `is_translation` then tells a difference that is
translated prose next to such text from one that changes what the code does.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

TRANSLATED = "\u2026T"  # key of translated prose and placeholders; never a real token

_STRINGS = {
    "python": r"(?:[rRbBuUfF]{0,2})(?:'''[\s\S]*?'''|\"\"\"[\s\S]*?\"\"\"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\")",
    "js": r"'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\"|`(?:\\.|[^`\\])*`",
    "shell": r"\$?'[^'\n]*'|\"(?:\\.|[^\"\\])*\"",
    "json": r"\"(?:\\.|[^\"\\\n])*\"",
}
_COMMENTS = {
    "python": r"\#[^\n]*",
    "js": r"//[^\n]*|/\*[\s\S]*?\*/",
    "shell": r"(?<![^\s;|&(])\#[^\n]*",
    "json": r"//[^\n]*|/\*[\s\S]*?\*/",
}
# Placeholders a synopsis or a command leaves for the reader: `<repo-url>`, `[OPTIONS]`.
_PLACEHOLDERS = {"shell": r"<(?=[^\s<>=])[^<>\n]{1,60}(?<=[^\s<>])>|\[(?=[^\s\[\]-])[^\[\]\n]{1,60}(?<=[^\s\[\]])\]"}
_WORD = r"[^\W\d][\w$]*|\$[\w$]*|\d[\w.]*(?<!\.)"
# In a shell synopsis an upper-case word is a placeholder (`MODEL`, `FILE_OR_URL`), unless it is a method or assigned.
_CAPS_PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]+$")
_HTTP_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
# A `key: value` line in a shell block is YAML or output, not a command: its value is prose.
_YAML_LINE = re.compile(r"^([ \t]*-?[ \t]*[\w.-]+:[ \t]+)(?![|>][ \t]*$)([^\n#]*\S)", re.M)
# Next to these tokens a string is a value the code uses (`"status": "failed"`, `== "failed"`,
# `"image" | "video"`), not a message: `print("cancelled")` may be translated.
_VALUE_NEIGHBOURS = frozenset({":", "=", "|", ",", "[", "in"})
_KEY_OPENERS = frozenset({"{", ",", ""})


@dataclass(frozen=True)
class Vocabulary:
    """What a string must keep: spec routes (`route` pattern) and enum values."""

    route: re.Pattern
    values: frozenset[str]


class Token(NamedTuple):  # a tuple: blocks make tens of thousands, each built in one call
    key: str  # what is compared
    text: str  # what is shown
    line: int  # 1-based, inside the block's code
    column: int
    start: int  # offsets in the code
    end: int
    kind: str = "code"  # "code" | "string" | "translated"


@functools.lru_cache(maxsize=None)
def _token_regex(family: str) -> re.Pattern:
    placeholder = _PLACEHOLDERS.get(family)
    parts = [f"(?P<comment>{_COMMENTS[family]})", f"(?P<string>{_STRINGS[family]})"]
    if placeholder:
        parts.append(f"(?P<placeholder>{placeholder})")
    parts += [f"(?P<word>{_WORD})", r"(?P<other>\S)"]
    return re.compile("|".join(parts))


def _kept_in_string(content: str, used_as_value: bool, vocabulary: Vocabulary) -> str | None:
    """The parts of a string literal a mirror must not change, or None when it is all prose."""
    kept = [route.rstrip(".,;:!?)") for route in vocabulary.route.findall(content)]
    stripped = content.strip()
    parts = [p.strip() for p in stripped.split(",")]
    if stripped and used_as_value and all(p in vocabulary.values for p in parts):
        kept.append(stripped)
    else:
        kept += [m.group(0) for m in re.finditer(r"[\w.]+=([\w,-]+)", content)
                 if any(v in vocabulary.values for v in m.group(1).split(","))]
    return "|".join(kept) if kept else None


def _string_content(text: str) -> str:
    body = text.lstrip("rRbBuUfF$")
    for quote in ('"""', "'''", '"', "'", "`"):
        if body.startswith(quote) and body.endswith(quote) and len(body) >= 2 * len(quote):
            return body[len(quote) : -len(quote)]
    return body


_NEWLINE = re.compile("\n")


@functools.lru_cache(maxsize=4096)  # an English block is compared with every mirror of its page
def tokens(code: str, family: str, vocabulary: Vocabulary) -> tuple[Token, ...]:
    """Comparable tokens of a block (see the module docstring)."""
    starts = [0] + [match.end() for match in _NEWLINE.finditer(code)]
    matches = [m for m in _token_regex(family).finditer(code) if m.lastgroup != "comment"]
    values = [(m.start(2), m.end(2)) for m in _YAML_LINE.finditer(code)] if family == "shell" else []
    found: list[Token] = []
    append = found.append
    row = [0]  # the line of the last token: tokens come in order, so the next one is never above it
    last_row = len(starts) - 1

    def add(key, start, end, kind="code"):
        line = row[0]
        if line < last_row and starts[line + 1] <= start:
            line = row[0] = bisect.bisect_right(starts, start, line) - 1
        if kind == "translated" and found and found[-1].kind == "translated":
            last = found.pop()
            start, line = last.start, last.line - 1
        append(Token(key, code[start:end], line + 1, start - starts[line] + 1, start, end, kind))

    done_values = set()
    for index, match in enumerate(matches):
        kind, text = match.lastgroup, match.group(0)
        value = next((span for span in values if span[0] <= match.start() < span[1]), None) if values else None
        if value is not None:  # the value of a `key: value` line: prose unless it names the spec
            if value not in done_values:
                done_values.add(value)
                kept = _kept_in_string(code[value[0]:value[1]], False, vocabulary)
                add("S[" + (kept or "") + "]", value[0], value[1], "string")
            continue
        if kind == "word" or kind == "other":
            if not text.isascii():
                add(TRANSLATED, match.start(), match.end(), "translated")
            elif kind == "word" and family == "shell" and _CAPS_PLACEHOLDER.match(text) and text not in _HTTP_METHODS \
                    and not code.startswith("=", match.end()):
                add(TRANSLATED, match.start(), match.end(), "translated")
            else:
                add(text, match.start(), match.end())
        elif kind == "placeholder":
            add(TRANSLATED, match.start(), match.end(), "translated")
        else:  # a string
            before = matches[index - 1].group(0) if index else ""
            following = matches[index + 1].group(0) if index + 1 < len(matches) else ""
            if following == ":" and before in _KEY_OPENERS:
                add("S:" + text, match.start(), match.end(), "string")
                continue
            statement = family == "python" and _starts_line(code, match.start()) and _ends_line(code, match.end())
            as_value = before in _VALUE_NEIGHBOURS or before.endswith("=") or following in _VALUE_NEIGHBOURS \
                or following.startswith(("=", "!"))
            kept = None if statement else _kept_in_string(_string_content(text), as_value, vocabulary)
            add("S[" + (kept or "") + "]", match.start(), match.end(), "string")
    return tuple(found)


def _starts_line(code: str, offset: int) -> bool:
    line_start = code.rfind("\n", 0, offset) + 1
    return not code[line_start:offset].strip()


def _ends_line(code: str, offset: int) -> bool:
    line_end = code.find("\n", offset)
    rest = code[offset:] if line_end < 0 else code[offset:line_end]
    return not rest.split("#", 1)[0].strip()


def _plain(token: Token) -> bool:
    """A token translated prose may stand for: an ASCII word or light punctuation, never a string or number."""
    return token.kind == "code" and (token.text[:1].isalpha() or token.text in set(":,.;-!?()'/&"))


def is_translation(theirs: tuple[Token, ...], ours: tuple[Token, ...], opcode) -> bool:
    """True when a difference is prose the mirror translated: its side touches translated text and
    the English side is only words and punctuation."""
    _, i1, i2, j1, j2 = opcode
    english = theirs[i1:i2]
    if not all(_plain(token) or token.kind == "translated" for token in english):
        return False
    mirror = ours[j1:j2]
    if mirror and all(token.kind == "translated" for token in mirror):
        return True
    neighbours = [ours[j] for j in (j1 - 1, j2) if 0 <= j < len(ours)]
    touching = any(token.kind == "translated" for token in (*mirror, *neighbours))
    if not touching and (not mirror or not english):
        # Words a translation moved or dropped: plain words only, on a line of translated prose.
        lines = {token.line for token in neighbours}
        touching = any(token.kind == "translated" and token.line in lines for token in ours)
    return touching and all(_plain(token) or token.kind == "translated" for token in mirror)


def shown(code: str, items: tuple[Token, ...], width: int = 60) -> str:
    """The source text a run of tokens covers, on one line, cut to `width`."""
    if not items:
        return ""
    text = re.sub(r"\s+", " ", code[items[0].start:items[-1].end]).strip()
    return text if len(text) <= width else text[: width - 3] + "..."


def undefined_names(code: str, language: str) -> frozenset[str]:
    """Names a Python/JS block uses without defining them (empty when it cannot be read)."""
    from checks.samples.languages import family_of
    from checks.samples.names_js import js_names
    from checks.samples.names_python import python_names
    from checks.samples.parsing import js_grammar

    family = family_of(language)
    try:
        if family == "python":
            names = python_names(code, frozenset())
        elif family == "js":
            names = js_names(code, js_grammar(language), frozenset(), frozenset())
        else:
            return frozenset()
    except Exception:  # noqa: BLE001 - a block the name readers cannot read says nothing here
        return frozenset()
    return frozenset(use.name for use in names.undefined)


def _parses(code: str, language: str) -> bool:
    from checks.samples.fragments import parse_json_example
    from checks.samples.languages import family_of
    from checks.samples.parsing import js_grammar, parse_js, parse_python

    family = family_of(language)
    if family == "python":
        return parse_python(code).error is None
    if family == "js":
        return parse_js(code, js_grammar(language)).ok
    if family == "json":
        return parse_json_example(code).error is None
    return True


def broken_original(original: str, translation: str, language: str) -> str | None:
    """Why an original block, not its translation, is the broken one: "syntax", the name it
    leaves undefined that the translation defines, or None when the original is sound."""
    if not _parses(original, language) and _parses(translation, language):
        return "syntax"
    theirs, ours = undefined_names(original, language), undefined_names(translation, language)
    extra = sorted(theirs - ours)
    return extra[0] if extra and ours <= theirs else None

