"""Which code blocks a page presents as complete programs, and what its prose says about a block.

A reader copies and runs a *program*: a block that sends a request, a page that opts in
to `jobs-checks examples run`, a block the sentence above tells readers to copy, run or
save, a block titled with a file name. Everything else may be an *excerpt* (a method
without its class, a signature, one line of a body), judged more gently by the syntax
and undefined-name rules. The prose around a block also names what the block leaves to
the reader (`` `message_type` ``, "define `MakeSmartType` yourself").
"""

from __future__ import annotations

import functools
import re

from checks.examples.plan import opted_in  # the examples runner's opt-in: those pages run
from checks.samples.excerpts import excerpt_reading, excerpt_signs
from checks.samples.languages import language_of

# "Run the following:", "copy this into main.py", "save it as", in the page's languages:
# an imperative about the code that follows, not a sentence about execution in general.
_RUN_WORDS = re.compile(
    r"\b(?:copy|paste|run|execute|save)\b[^.\n]{0,40}?\b(?:following|below|this|it|script|code|file|command|snippet)\b|"
    r"\b(?:create (?:a|the) file|complete (?:example|script|program)|full (?:example|script|program))\b|"
    r"(?:复制|粘贴|运行|执行|保存)(?:以下|下面|下列|如下|这段|此)|将(?:以下|下面).{0,12}(?:复制|运行|保存)|"
    r"(?:以下|次の).{0,12}(?:コピー|実行|保存)|(?:다음|아래).{0,12}(?:복사|실행|저장)",
    re.I,
)
_FILE_TITLE = re.compile(r"(?:^|[\s/\"'])[\w.-]+\.(?:py|js|mjs|cjs|ts|mts|tsx|jsx|sh|bash|json)\b")
_INLINE_CODE = re.compile(r"`+([^`\n]+?)`+")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*")
_DEFINE_WORDS = re.compile(
    r"\b(?:define|defines|defined|write|implement|provide|supply|create|your own|wrapper|decorator|helper)\b|"
    r"定义|实现|自行|定義|実装|独自|정의|구현|직접",
    re.I,
)


def _text_before(page, block):
    """The prose right above a block (after the previous block on its file), or None."""
    if block.source != page.path:
        return None
    previous_end = max((b.end_line for b in page.blocks if b.source == block.source and b.end_line < block.line), default=0)
    before = [t for t in page.texts if previous_end < t.line < block.line and t.kind != "jsx"]
    return max(before, key=lambda t: t.line) if before else None


def _text_after(page, block):
    """The prose right below a block (before the next block on its file), or None."""
    if block.source != page.path:
        return None
    next_start = min((b.line for b in page.blocks if b.source == block.source and b.line > block.end_line), default=10**9)
    after = [t for t in page.texts if block.end_line < t.line < next_start and t.kind != "jsx"]
    return min(after, key=lambda t: t.line) if after else None


def program_signal(page, block) -> str | None:
    """Why the page presents `block` as a complete program readers copy and run, or None."""
    language = language_of(block.language)
    if language and language.runs_as and opted_in(page):
        return "the page opts in to running its samples"
    if block.title and _FILE_TITLE.search(block.title):
        return f"the block is titled as a file ({block.title.strip()})"
    before = _text_before(page, block)
    if before is not None and _RUN_WORDS.search(before.text):
        return "the sentence above tells readers to copy or run it"
    if language and language.family in ("python", "js", "shell") and _sends_a_request(page, block):
        return "it sends a request"
    return None


def _sends_a_request(page, block) -> bool:
    from checks.samples.literals import page_names
    from checks.samples.requests import find_requests

    try:
        return bool(find_requests(block, page_names(page, block)))
    except Exception:  # noqa: BLE001 - a sample the request finder cannot read sends nothing we know of
        return False


def excerpt_reason(page, block, parses: bool) -> str | None:
    """Why `block` is an excerpt rather than a program, or None when it is (or may be) a program.

    `parses` says whether the block parses as a whole; a block that does not may still
    parse as part of a program (a method of a class, a member of an object).
    """
    language = language_of(block.language)
    if language is None or program_signal(page, block) is not None:
        return None
    if not parses:
        reading = excerpt_reading(block.code, language.family, language.grammar)
        if reading is not None:
            return f"it parses as a {reading.replace('-', ' ')} excerpt"
    signs = excerpt_signs(block.code, language.family)
    return f"it looks like an excerpt ({', '.join(signs)})" if signs else None


def _names_in(text: str) -> set[str]:
    names = set()
    for span in _INLINE_CODE.findall(text):
        words = _IDENTIFIER.findall(span)
        if words and len(span) <= 60:
            names.update(words)
    return names


def explained_names(page, block) -> frozenset[str]:
    """Names the prose leaves to the reader or explains: in inline code right above or below the
    block, or anywhere on the page in a sentence asking readers to define or write them."""
    names = set(_asked_to_define(tuple(text.text for text in page.texts)))
    for text in (_text_before(page, block), _text_after(page, block)):
        if text is not None:
            names |= _names_in(text.text)
    return frozenset(names)


@functools.lru_cache(maxsize=256)
def _asked_to_define(texts: tuple[str, ...]) -> frozenset[str]:
    names = set()
    for text in texts:
        for sentence in re.split(r"(?<=[.!?。！？])\s+", text):
            if _DEFINE_WORDS.search(sentence):
                names |= _names_in(sentence)
    return frozenset(names)


def page_mentions(page, name: str) -> bool:
    """True when the page's prose names `name` (plain or in inline code): it says where it comes from."""
    word = re.compile(rf"(?<![\w$]){re.escape(name)}(?![\w])")
    return any(word.search(text.text) for text in page.texts)
