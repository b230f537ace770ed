"""Turn a docs code sample into something a parser accepts, and map positions back.

Docs show fragments: indented excerpts, `>>>` REPL sessions, `$ ` shell prompts and
`...` / `…` placeholders for elided code. Each normaliser rewrites only those
constructs and returns a `Fragment` that remembers every edit, so a parser's
position in the rewritten text maps back to the block's own line and column.
JSON examples live in `json_examples` and are re-exported here.
"""

from __future__ import annotations

import re

from checks.samples.json_examples import (
    PLACEHOLDER,
    ElidedDict,
    ElidedList,
    JsonExample,
    Placeholder,
    is_elided,
    is_placeholder,
    load_json_example,
    parse_json_example,
)
from checks.samples.rewrite import Fragment, mask, next_significant, previous_significant, word_before

__all__ = [
    "PLACEHOLDER",
    "ElidedDict",
    "ElidedList",
    "Fragment",
    "JsonExample",
    "Placeholder",
    "dedent",
    "is_elided",
    "is_placeholder",
    "js_fragment",
    "load_json_example",
    "mask",
    "parse_json_example",
    "python_fragment",
    "python_placeholder_variant",
    "shell_fragment",
]


def _ident_start(char: str) -> bool:
    """Whether one character may start a JS name as the spread check sees it: `[A-Za-z_$\u00c0-\uffff]`
    (a test instead of that class, whose compiled set of the BMP costs 4 ms at every start)."""
    return char != "" and (("a" <= char <= "z") or ("A" <= char <= "Z") or char in "_$" or "\u00c0" <= char <= "\uffff")


_PLACEHOLDER = re.compile(r"\.\.\.|\u2026")
_IPYTHON_LINE = re.compile(r"^[ \t]*[!%][^\n]*", re.MULTILINE)


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
    `def f(...):` and `def f(self, ...):` elide parameters: they become `*_args, **_kwargs`.
    """
    masked = mask(fragment.text, "python")
    edits = []
    for match in re.finditer(r"\.\.\.", masked):
        before, before_at = previous_significant(masked, match.start())
        after, _ = next_significant(masked, match.end())
        opening = _opening_bracket(masked, match.start())
        in_def = opening is not None and masked[opening] == "(" and re.search(r"\bdef\s+\w+\s*$", masked[:opening])
        if in_def and after == ")" and before in ("(", ","):
            # `def f(...)` and `def f(self, a, ...)` elide parameters.
            edits.append((match.start(), match.end(), "*_args, **_kwargs" if before == "(" else "**_kwargs"))
        elif before in ("{", ",") and after in (",", "}"):
            edits.append((match.start(), match.end(), "**{}"))
    return fragment.edit(edits)


def _opening_bracket(masked: str, index: int) -> int | None:
    """Offset of the bracket that is still open at `index`, or None at the top level."""
    depth = 0
    for position in range(index - 1, -1, -1):
        char = masked[position]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth == 0:
                return position
            depth -= 1
    return None


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
        if following and (_ident_start(following) or following in "([{'\"`S"):
            continue  # spread
        gap = re.match(r"[ \t]*", masked[end:]).end()
        if gap and end + gap < len(masked) and _ident_start(masked[end + gap]):
            continue  # `... rest` is still a spread
        before, before_at = previous_significant(masked, start)
        after, after_at = next_significant(masked, end)
        blank = before in (None, "{", "[", ",", ";", "}") or (
            before == "(" and word_before(masked, before_at - 1) not in _VALUE_KEYWORDS_BEFORE_PAREN
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
