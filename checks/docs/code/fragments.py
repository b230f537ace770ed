"""Turn a docs code sample into something a parser accepts, and map positions back.

Docs show fragments: indented excerpts, `>>>` REPL sessions, `$ ` shell prompts and
`...` / `…` placeholders for elided code. Each normaliser rewrites only those
constructs and returns a `Fragment` that remembers every edit, so a parser's
position in the rewritten text maps back to the block's own line and column.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass

_IDENT_START = re.compile(r"[A-Za-z_$\u00c0-\uffff]")
_PLACEHOLDER = re.compile(r"\.\.\.|\u2026")
_IPYTHON_LINE = re.compile(r"^[ \t]*[!%][^\n]*", re.MULTILINE)


class Fragment:
    """Normalised code plus the way back to the block's own lines and columns."""

    def __init__(self, original: str, text: str | None = None, steps: tuple = ()):
        self.original = original
        self.text = original if text is None else text
        self._steps = steps  # newest last; each: (new_starts, new_ends, old_starts, old_ends)
        self._line_starts = None
        self._original_line_starts = None

    def edit(self, edits: list[tuple[int, int, str]]) -> "Fragment":
        """Apply non-overlapping (start, end, replacement) edits to `text`."""
        if not edits:
            return self
        edits = sorted(edits)
        parts, new_starts, new_ends, old_starts, old_ends = [], [], [], [], []
        cursor = written = 0
        for start, end, replacement in edits:
            if start < cursor:
                continue  # overlapping edit: the earlier one wins
            parts.append(self.text[cursor:start])
            written += start - cursor
            new_starts.append(written)
            old_starts.append(start)
            old_ends.append(end)
            parts.append(replacement)
            written += len(replacement)
            new_ends.append(written)
            cursor = end
        parts.append(self.text[cursor:])
        step = (new_starts, new_ends, old_starts, old_ends)
        return Fragment(self.original, "".join(parts), self._steps + (step,))

    def origin_offset(self, offset: int) -> int:
        """Offset in `original` of a character offset in `text`."""
        for new_starts, new_ends, old_starts, old_ends in reversed(self._steps):
            index = bisect.bisect_right(new_starts, offset) - 1
            if index < 0:
                continue
            if offset < new_ends[index]:
                # Inside a replacement: same-length replacements map one to one.
                span = max(old_ends[index] - old_starts[index] - 1, 0)
                offset = old_starts[index] + min(offset - new_starts[index], span)
            else:
                offset = old_ends[index] + offset - new_ends[index]
        return offset

    def offset(self, line: int, column: int) -> int:
        """Character offset in `text` of a 1-based line and column."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        line = min(max(line, 1), len(self._line_starts))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def origin(self, line: int, column: int) -> tuple[int, int]:
        """1-based (line, column) in `original` of a 1-based position in `text`."""
        return self.origin_of_offset(self.offset(line, column))

    def origin_of_offset(self, offset: int) -> tuple[int, int]:
        offset = self.origin_offset(offset)
        if self._original_line_starts is None:
            self._original_line_starts = _line_starts(self.original)
        index = bisect.bisect_right(self._original_line_starts, offset) - 1
        return index + 1, offset - self._original_line_starts[index] + 1

    def origin_of_byte(self, byte_offset: int) -> tuple[int, int]:
        """Position in `original` of a UTF-8 byte offset in `text` (tree-sitter counts bytes)."""
        if self.text.isascii():
            return self.origin_of_offset(byte_offset)
        prefix = self.text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")
        return self.origin_of_offset(len(prefix))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


# --- masking: find code outside strings and comments ---------------------------------


def mask(text: str, language: str) -> str:
    """`text` with string contents replaced by `S` and comments by spaces; same length.

    `language` is "python", "js", "json" or "bash"; the scanner is deliberately small
    (no regex literals, no nested template expressions): it only has to keep
    placeholders inside strings and comments from being rewritten.
    """
    out = list(text)
    i, n = 0, len(text)
    hash_comments = language in ("python", "bash")
    slash_comments = language in ("js", "json")
    quotes = {"python": "'\"", "js": "'\"`", "json": '"', "bash": "'\""}[language]
    while i < n:
        char = text[i]
        if char == "#" and hash_comments and (language == "python" or i == 0 or text[i - 1] in " \t\n;"):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char == "/" and slash_comments and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char == "/" and slash_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
        elif char in quotes:
            delimiter = text[i : i + 3] if language == "python" and text.startswith(char * 3, i) else char
            j = i + len(delimiter)
            while j < n and not text.startswith(delimiter, j):
                if text[j] == "\\" and language != "bash" or (text[j] == "\\" and char == '"'):
                    j += 1
                elif text[j] == "\n" and len(delimiter) == 1 and char != "`" and language != "bash":
                    break  # unterminated single-line string: stop at the line end
                j += 1
            end = min(j + len(delimiter), n) if j < n and text.startswith(delimiter, j) else min(j, n)
            for k in range(i + len(delimiter), min(j, n)):
                if out[k] != "\n":
                    out[k] = "S"
            i = max(end, i + 1)
        else:
            i += 1
    return "".join(out)


def _previous_significant(masked: str, index: int) -> tuple[str | None, int]:
    j = index - 1
    while j >= 0 and masked[j].isspace():
        j -= 1
    return (masked[j], j) if j >= 0 else (None, -1)


def _next_significant(masked: str, index: int) -> tuple[str | None, int]:
    j = index
    while j < len(masked) and masked[j].isspace():
        j += 1
    return (masked[j], j) if j < len(masked) else (None, len(masked))


def _word_before(masked: str, index: int) -> str:
    match = re.search(r"([A-Za-z_$][\w$]*)\s*$", masked[: index + 1])
    return match.group(1) if match else ""


# --- shared line-level normalisation -------------------------------------------------


def dedent(fragment: Fragment) -> Fragment:
    """Remove the indentation every non-blank line shares (excerpts copied from deep inside a file)."""
    lines = fragment.text.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    common = min(indents, default=0)
    if not common:
        return fragment
    edits, offset = [], 0
    for line in lines:
        cut = min(common, len(line) - len(line.lstrip(" \t")))
        if cut:
            edits.append((offset, offset + cut, ""))
        offset += len(line) + 1
    return fragment.edit(edits)


def _strip_prompts(fragment: Fragment, prompts: tuple[str, ...], continuation_needs_backslash: bool) -> Fragment:
    """Keep only prompted lines (prompt removed); output lines become blank lines."""
    edits, offset, previous_kept = [], 0, ""
    for line in fragment.text.split("\n"):
        stripped = line.lstrip(" \t")
        indent = len(line) - len(stripped)
        prompt = next((p for p in prompts if stripped.startswith(p + " ") or stripped == p), None)
        if prompt is not None:
            cut = indent + min(len(prompt) + 1, len(stripped))
            edits.append((offset, offset + cut, ""))
            previous_kept = line
        elif continuation_needs_backslash and previous_kept.rstrip().endswith("\\"):
            previous_kept = line
        elif line:
            edits.append((offset, offset + len(line), ""))
            previous_kept = ""
        offset += len(line) + 1
    return fragment.edit(edits)


# --- Python --------------------------------------------------------------------------


def python_fragment(code: str) -> Fragment:
    """Dedented Python with REPL prompts removed and `…` spelled `...`."""
    fragment = dedent(Fragment(code))
    if re.search(r"^[ \t]*>>>( |$)", fragment.text, re.MULTILINE):
        fragment = _strip_prompts(fragment, (">>>", "..."), continuation_needs_backslash=False)
    # Notebook lines: `!pip install requests`, `%time run()` are IPython, not Python.
    fragment = fragment.edit([(m.start(), m.end(), "") for m in _IPYTHON_LINE.finditer(fragment.text)])
    if "\u2026" not in fragment.text:
        return fragment
    masked = mask(fragment.text, "python")
    return fragment.edit([(m.start(), m.end(), "...") for m in re.finditer("\u2026", masked)])


def python_placeholder_variant(fragment: Fragment) -> Fragment:
    """Second try for `...` where Python wants something else.

    `{"a": 1, ...}` is a set/dict mix to Python: the elided entries become `**{}`;
    `def f(...):` elides parameters: they become `*_args, **_kwargs`.
    """
    masked = mask(fragment.text, "python")
    edits = []
    for match in re.finditer(r"\.\.\.", masked):
        before, before_at = _previous_significant(masked, match.start())
        after, _ = _next_significant(masked, match.end())
        if before in ("{", ",") and after in (",", "}"):
            edits.append((match.start(), match.end(), "**{}"))
        elif before == "(" and after == ")" and re.search(r"\bdef\s+\w+\s*$", masked[:before_at]):
            edits.append((match.start(), match.end(), "*_args, **_kwargs"))
    return fragment.edit(edits)


# --- JavaScript / TypeScript ---------------------------------------------------------

_VALUE_KEYWORDS_BEFORE_PAREN = {"if", "while", "switch", "with"}


def js_fragment(code: str) -> Fragment:
    """JS/TS with `...` / `…` placeholders turned into something that parses.

    A placeholder where a value is expected (`x = ...`, `key: ...`, `if (...)`) becomes
    `0`; where an item or statement is expected (`{...}`, `[...]`, `f(a, ...)`, a line of
    its own) it becomes blank, together with a comma that would otherwise dangle.
    Spread syntax (`...rest`, `...[a]`, `...(x)`) is left alone.
    """
    fragment = Fragment(code)
    masked = mask(code, "js")
    edits = []
    for match in _PLACEHOLDER.finditer(masked):
        start, end = match.span()
        if start and masked[start - 1] == ".":
            continue  # `....` is not a placeholder we understand
        following = masked[end : end + 1]
        if following and (_IDENT_START.match(following) or following in "([{'\"`S"):
            continue  # spread
        gap = re.match(r"[ \t]*", masked[end:]).end()
        if gap and end + gap < len(masked) and _IDENT_START.match(masked[end + gap]):
            continue  # `... rest` is still a spread
        before, before_at = _previous_significant(masked, start)
        after, after_at = _next_significant(masked, end)
        blank = before in (None, "{", "[", ",", ";", "}") or (
            before == "(" and _word_before(masked, before_at - 1) not in _VALUE_KEYWORDS_BEFORE_PAREN
        )
        width = end - start
        edits.append((start, end, " " * width if blank else "0" + " " * (width - 1)))
        if blank and after == ",":
            edits.append((after_at, after_at + 1, " "))
    return fragment.edit(edits)


# --- shell ---------------------------------------------------------------------------


def shell_fragment(code: str, session: bool = False) -> Fragment:
    """Shell with `$ ` prompts removed and their output lines blanked.

    `session` is for blocks tagged as terminal sessions (`console`): there, a block
    without any prompt is all output.
    """
    fragment = Fragment(code)
    if session or re.search(r"^[ \t]*\$ ", code, re.MULTILINE):
        fragment = _strip_prompts(fragment, ("$",), continuation_needs_backslash=True)
    return fragment


# --- JSON ----------------------------------------------------------------------------


class Placeholder:
    """The value of an elided JSON member: `"outputs": ...` or `"id": "..."`."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self):
        return "PLACEHOLDER"


PLACEHOLDER = Placeholder()


class ElidedDict(dict):
    """A JSON object whose example left members out (`{"id": "…", ...}`)."""

    elided = True


class ElidedList(list):
    """A JSON array whose example left items out (`[{...}, ...]`); placeholder items are dropped."""

    elided = True


def is_placeholder(value) -> bool:
    return value is PLACEHOLDER


def is_elided(value) -> bool:
    """True for an object or array that the example deliberately shortened."""
    return isinstance(value, (ElidedDict, ElidedList))


_VALUE_MARK = "\u0000jobs-checks-placeholder-value"
_KEY_MARK = "\u0000jobs-checks-elided-member"
_ITEM_MARK = "\u0000jobs-checks-elided-item"


@dataclass(frozen=True)
class JsonExample:
    """The outcome of reading a JSON example: a value, or an error with its block position."""

    value: object | None
    error: str | None = None
    line: int = 0  # 1-based line in the block's code of the error
    column: int = 0
    tolerated: bool = False  # True when strict JSON failed but the tolerant pass succeeded


def _json_edits(text: str) -> list[tuple[int, int, str]]:
    masked = mask(text, "json")
    edits = []
    for i, (kept, original) in enumerate(zip(masked, text)):
        if kept == " " and original not in " \t\r\n":  # a comment character
            start = i
            if edits and edits[-1][1] == start and edits[-1][2].strip() == "":
                edits[-1] = (edits[-1][0], i + 1, " " * (i + 1 - edits[-1][0]))
            else:
                edits.append((start, i + 1, " "))
    containers: list[str] = []
    i = 0
    while i < len(masked):
        char = masked[i]
        if char in "{[":
            containers.append(char)
        elif char in "}]" and containers:
            containers.pop()
        elif char == ",":
            after, _ = _next_significant(masked, i + 1)
            if after in ("}", "]"):
                edits.append((i, i + 1, " "))  # trailing comma
        match = _PLACEHOLDER.match(masked, i)
        if match:
            before, _ = _previous_significant(masked, i)
            inside = containers[-1] if containers else None
            if before == ":" or inside is None:
                replacement = json.dumps(_VALUE_MARK)
            elif inside == "{":
                replacement = f"{json.dumps(_KEY_MARK)}: 0"
            else:
                replacement = json.dumps(_ITEM_MARK)
            edits.append((i, match.end(), replacement))
            i = match.end()
            continue
        i += 1
    return edits


def _restore_placeholders(value):
    if isinstance(value, dict):
        elided = _KEY_MARK in value
        items = {key: _restore_placeholders(item) for key, item in value.items() if key != _KEY_MARK}
        return ElidedDict(items) if elided else items
    if isinstance(value, list):
        elided = any(item == _ITEM_MARK for item in value)
        items = [_restore_placeholders(item) for item in value if item != _ITEM_MARK]
        return ElidedList(items) if elided else items
    if isinstance(value, str) and value in (_VALUE_MARK, "...", "\u2026"):
        return PLACEHOLDER
    return value


def parse_json_example(code: str) -> JsonExample:
    """Strict JSON first; then tolerate comments, trailing commas and `...` placeholders."""
    try:
        value = json.loads(code)
    except ValueError:
        pass
    else:  # only "..." / "…" strings can be placeholders in strict JSON
        return JsonExample(_restore_placeholders(value) if "..." in code or "\u2026" in code else value)
    fragment = Fragment(code).edit(_json_edits(code))
    try:
        return JsonExample(_restore_placeholders(json.loads(fragment.text)), tolerated=True)
    except json.JSONDecodeError as exc:
        line, column = fragment.origin_of_offset(min(exc.pos, len(fragment.text)))
        return JsonExample(None, f"{exc.msg} (line {line}, column {column})", line, column)
    except ValueError as exc:  # e.g. too deep nesting
        return JsonExample(None, str(exc), 1, 1)


def load_json_example(code: str) -> tuple[object | None, str | None]:
    """(value, None) for a JSON example that parses, else (None, error message).

    Placeholders become sentinels the schema validator must skip:
    - a member value written `...`, `…`, `"..."` or `"…"` is `PLACEHOLDER` (test with
      `is_placeholder`); skip any validation error whose instance is PLACEHOLDER;
    - an object with an elided member (`{"id": "x", ...}`) is an `ElidedDict` and an array
      with an elided item (`[{...}, ...]`) an `ElidedList` (the elided entry itself is
      dropped; test with `is_elided`); skip `required` / `minItems` / `minProperties`
      errors on them. `{...}` alone is an empty ElidedDict.
    Comments (`//`, `/* */`) and trailing commas are tolerated.
    """
    example = parse_json_example(code)
    return example.value, example.error
