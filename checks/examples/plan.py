"""Which blocks of a page run, in which program, in which order: the opt-in convention.

A page opts in with a frontmatter key; the code readers see is what runs:

    ---
    jobs-checks-run: true               # every python, bash, javascript, typescript block
    jobs-checks-run: [python, bash]     # only these languages (a comma-separated string works too)
    ---

A JSX comment on the line above a fence (blank lines and other comments may sit between)
changes one block; inside an imported snippet, above the snippet's own fence:

    {/* jobs-checks-run: skip */}       never run this block (an illustration, a fragment)
    {/* jobs-checks-run: setup */}      run it first in its language's program

A JSX comment that starts with `jobs-checks-run: setup` and holds fences is hidden setup:
the reader never sees it, the runner runs it first (for a page that assumes a `job_id`).
Blocks of one language run as one program in page order, setup blocks first, blocks
rendered from imported snippets where the page renders them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.docs.page import Page
from checks.samples.languages import run_languages

FRONTMATTER_KEY = "jobs-checks-run"
DIRECTIVE = "jobs-checks-run:"
RUN_LANGUAGES = ("python", "bash", "javascript", "typescript")
# Info-string language -> program language. `console` (prompts and output) and `tsx`/`jsx` never run.
LANGUAGES = run_languages()  # from the one languages table (checks.samples.languages)
_ACTIONS = ("skip", "setup")
_COMMENT_ONLY = re.compile(r"^\s*(\{/\*.*?\*/\}\s*)+$")
_COMMENT_BODY = re.compile(r"\{/\*(.*?)\*/\}")
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([^\s`]*)")


class PlanError(Exception):
    """A page asks for something the runner cannot do (a bad frontmatter value or directive)."""


@dataclass(frozen=True)
class Piece:
    """One block's code on its way into a program."""

    code: str
    source: str  # file holding the block (the page or a snippet)
    line: int  # source line of the block's first code line
    setup: bool = False
    hidden: bool = False  # from a hidden-setup comment


@dataclass
class PagePlan:
    """The programs of one page: language -> pieces in run order."""

    page: Page
    programs: dict[str, list[Piece]] = field(default_factory=dict)
    skipped_blocks: int = 0


def opted_in(page: Page) -> bool:
    value = page.frontmatter.get(FRONTMATTER_KEY) if page.frontmatter else None
    return value is not None and value is not False


def page_languages(page: Page) -> tuple[str, ...]:
    """Languages the frontmatter lets run; PlanError for a value that is neither a flag nor languages."""
    value = page.frontmatter.get(FRONTMATTER_KEY)
    if value is True:
        return RUN_LANGUAGES
    if isinstance(value, str):
        value = [part for part in re.split(r"[\s,]+", value) if part]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        languages = []
        for item in value:
            language = LANGUAGES.get(item.lower())
            if language is None:
                raise PlanError(f"`{FRONTMATTER_KEY}` names {item!r}, which does not run; use true or some of: "
                                f"{', '.join(RUN_LANGUAGES)}")
            languages.append(language)
        return tuple(dict.fromkeys(languages))
    raise PlanError(f"`{FRONTMATTER_KEY}: {value!r}` must be true, false or a list of languages "
                    f"({', '.join(RUN_LANGUAGES)})")


def _directives(text: str) -> list[str]:
    """Actions named by `jobs-checks-run:` comments in one line of source."""
    actions = []
    for body in _COMMENT_BODY.findall(text):
        body = body.strip()
        if body.startswith(DIRECTIVE):
            actions.append(body[len(DIRECTIVE):].strip().split("\n")[0].strip())
    return actions


def block_actions(page: Page, block) -> list[str]:
    """Directives in the comment-only lines right above a block's opening fence."""
    actions: list[str] = []
    line = block.line - 2  # the line above the opening fence
    while line >= 1:
        text = page.source_line(line, block.source)
        if not text.strip():
            line -= 1
            continue
        if not _COMMENT_ONLY.match(text):
            break
        actions.extend(_directives(text))
        line -= 1
    for action in actions:
        if action not in _ACTIONS:
            raise PlanError(f"{block.source}:{block.line - 1}: `{DIRECTIVE} {action}` is not one of: {', '.join(_ACTIONS)}")
    return actions


def hidden_setup(page: Page) -> list[tuple[str, Piece]]:
    """(language, piece) for each fence inside a `jobs-checks-run: setup` comment of the page."""
    pieces = []
    lines = page.lines
    for comment in page.comments:
        if not comment.text.startswith(DIRECTIVE) or "setup" not in comment.text.split("\n")[0]:
            continue
        number = comment.line + 1
        while number <= comment.end_line:
            opening = _FENCE.match(lines[number - 1]) if number <= len(lines) else None
            if opening is None:
                number += 1
                continue
            fence, info = opening.group(1), opening.group(2).lower()
            body_start, body = number + 1, []
            number += 1
            while number <= comment.end_line and not lines[number - 1].strip().startswith(fence):
                body.append(lines[number - 1].replace("*/}", ""))
                number += 1
            number += 1
            language = LANGUAGES.get(info)
            if language is not None:
                pieces.append((language, Piece("\n".join(body), page.path, body_start, setup=True, hidden=True)))
    return pieces


def plan_page(page: Page, languages=RUN_LANGUAGES) -> PagePlan:
    """The programs an opted-in page runs, limited to `languages`; PlanError on a bad directive."""
    allowed = [language for language in page_languages(page) if language in languages]
    plan = PagePlan(page)
    setups: dict[str, list[Piece]] = {}
    bodies: dict[str, list[Piece]] = {}
    for language, piece in hidden_setup(page):
        if language in allowed:
            setups.setdefault(language, []).append(piece)
    for block in page.blocks:
        language = LANGUAGES.get(block.language)
        if language is None or block.unclosed:
            continue
        actions = block_actions(page, block)
        if language not in allowed or "skip" in actions:
            plan.skipped_blocks += 1
            continue
        piece = Piece(block.code, block.source, block.line, setup="setup" in actions)
        (setups if piece.setup else bodies).setdefault(language, []).append(piece)
    for language in RUN_LANGUAGES:
        pieces = setups.get(language, []) + bodies.get(language, [])
        if any(not piece.hidden for piece in pieces):  # hidden setup alone is not an example
            plan.programs[language] = pieces
    return plan
