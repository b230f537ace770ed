"""An HTML comment (`<!-- ... -->`) in an MDX page: a syntax error, so the page does not build.

MDX is JSX, not HTML: its comments are `{/* ... */}`. An HTML comment anywhere in the
prose of an `.mdx` page (a paragraph, a list item, inside a component) stops the site
from building it, in every locale. Inside a code fence or an inline code span it is code
and fine; a Markdown (`.md`) page may hold HTML comments.

Wrong:
    <Note>
    <!-- TODO: add the cloud limits -->
    Jobs are kept for 30 days.
    </Note>

Right:
    <Note>
    {/* TODO: add the cloud limits */}
    Jobs are kept for 30 days.
    </Note>
"""

from __future__ import annotations

import re

from checks.docs.codes import Rule, messages

RULE = Rule(
    code="JC702",
    name="html-comment",
    severity="error",
    doc=__doc__,
    every_page=True,
    messages=messages(comment="an HTML comment `<!--` is a syntax error in MDX and the page will not build; "
                              "write it as `{{/* ... */}}`"),
)

_OPENING = re.compile(r"<!--")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


def _position(text, offset: int) -> tuple[int, int]:
    """(line, column) of an offset in a text run (continuation lines keep their columns)."""
    before = text.text[:offset]
    newlines = before.count("\n")
    if not newlines:
        return text.line, text.column + offset
    return text.line + newlines, offset - before.rfind("\n")


def check(page, ctx):
    if not page.path.endswith(".mdx") or "<!--" not in page.text:
        return
    for text in page.texts:
        spans = [match.span() for match in _CODE_SPAN.finditer(text.text)]
        for match in _OPENING.finditer(text.text):
            if any(start <= match.start() < end for start, end in spans):
                continue  # `<!-- -->` written as code
            line, column = _position(text, match.start())
            yield RULE.finding("comment", page.path, line, column, profile=page.profile)
