"""A JSX tag the MDX compiler rejects, so the page will not build.

A closing tag nothing opened, a tag never closed, tags closed out of order or misnamed, or a
`<Tab>` outside `<Tabs>`.

MDX treats every `<Name ...>` outside code as JSX, HTML-looking tags included, so each must
be closed (`</Note>`, or `<br />` written self-closing) in the order it was opened. A stray
`</CodeGroup>` left after removing its opening, a `<Note>` whose closing went missing in a
translation, or `<Tab>` without the `<Tabs>` around it stop the site from building that
page, in every locale. Code fences, inline code, `{/* */}` comments and frontmatter are not
read; a Markdown (`.md`) page is not MDX.

Wrong:
    <Tabs>
      <Tab title="Python">
        Install the client with pip.
    </Tabs>

Right:
    <Tabs>
      <Tab title="Python">
        Install the client with pip.
      </Tab>
    </Tabs>
"""

from __future__ import annotations

import bisect
import re

from checks.docs.codes import Rule, messages
from checks.docs.mdx import jsx_tag_end
from checks.docs.source import blank_comments, split_frontmatter

RULE = Rule(
    code="JC703",
    name="jsx-tags",
    severity="error",
    doc=__doc__,
    every_page=True,
    messages=messages(
        stray="`</{name}>` closes nothing: no `<{name}>` is open here, so the page will not build; remove it or add its opening tag",
        crossed="`</{name}>` comes while `<{open}>` (line {line_open}) is still open, so the page will not build; "
                "close `<{open}>` first",
        misnamed="`</{name}>` is where `<{open}>` (line {line_open}) should close, so the page will not build; write `</{open}>`",
        unclosed="`<{name}>` is never closed, so the page will not build; add `</{name}>`"
                 " (or write it self-closing, `<{name} />`)",
        orphan="`<{name}>` must sit inside `<{parent}>`, so the page will not build; wrap it in `<{parent}>`",
    ),
)

# Components that only work inside a parent component (Mintlify's tab groups).
PARENTS = {"Tab": "Tabs"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w.\-]*)(?=[\s/>])|<(/?)>")
# A code span ends at its closing backticks, within its paragraph or table row.
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1)(?!\n[ \t]*(?:\n|\|))[\s\S])+?\1")


def _blank(text: str) -> str:
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _markup(page) -> str:
    """The page with frontmatter, code fences, inline code and JSX comments blanked (positions kept)."""
    text = page.text
    _, _, body = split_frontmatter(text)
    if body > 0:
        text = _blank(text[:body]) + text[body:]
    fences = [(block.line - 1, block.end_line) for block in page.blocks if block.source == page.path]
    if fences:
        lines = text.split("\n")
        for first, last in fences:  # the fence lines and the code between them, 1-based
            for index in range(max(first, 1) - 1, min(last, len(lines))):
                lines[index] = " " * len(lines[index])
        text = "\n".join(lines)
    text, _ = blank_comments(text)
    return text


_PARAGRAPH_END = re.compile(r"\n[ \t]*\n")


class _CodeSpans:
    """Whether an offset of the text sits in an inline code span, read one paragraph at a time."""

    def __init__(self, text: str):
        self.text = text
        self.ticks = "`" in text
        self.breaks: list[tuple[int, int]] | None = None  # paragraph ends, found when a backtick makes them matter
        self.spans: dict[int, tuple[list[int], list[int]]] = {}  # paragraph start -> span starts, span ends

    def __contains__(self, offset: int) -> bool:
        tick = self.text.rfind("`", 0, offset) if self.ticks else -1
        if tick < 0:
            return False  # no backtick before it: no span can hold it
        if self.breaks is None:
            self.breaks = [(m.start(), m.end()) for m in _PARAGRAPH_END.finditer(self.text)]
            self.starts = [stop for _, stop in self.breaks]
        index = bisect.bisect_right(self.starts, offset)
        start = self.starts[index - 1] if index else 0
        if tick < start:
            return False  # no backtick before it in its paragraph
        if start not in self.spans:
            end = self.breaks[index][0] if index < len(self.breaks) else len(self.text)
            found = [(start + m.start(), start + m.end()) for m in _CODE_SPAN.finditer(self.text[start:end])]
            self.spans[start] = ([begin for begin, _ in found], [stop for _, stop in found])
        begins, stops = self.spans[start]
        last = bisect.bisect_right(begins, offset) - 1  # spans do not overlap: only the last one starting before can hold it
        return last >= 0 and offset < stops[last]


class _Lines:
    """Offset -> (line, column), the line table built only when a finding needs a position."""

    def __init__(self, text: str):
        self.text = text
        self.starts: list[int] | None = None

    def __call__(self, offset: int) -> tuple[int, int]:
        if self.starts is None:
            self.starts = [0] + [match.end() for match in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def _tag_end(text: str, start: int) -> int:
    """Offset after the tag's `>`: the next `>` when no quote or brace comes first, else the JSX reading."""
    close = text.find(">", start)
    if close < 0:
        return -1
    piece = text[start:close]
    if '"' not in piece and "'" not in piece and "{" not in piece:
        return close + 1
    return jsx_tag_end(text, start, len(text))


def check(page, ctx):
    if not page.path.endswith(".mdx") or "<" not in page.text:
        return
    text = _markup(page)
    position = _Lines(text)
    stack: list[tuple[str, int]] = []  # (name, offset) of the open tags
    spans = _CodeSpans(text)
    for match in _TAG.finditer(text):
        offset = match.start()
        if offset in spans:
            continue  # `<Tab>` written as code
        closing = bool(match.group(1) or match.group(3))
        name = match.group(2) or ""
        end = _tag_end(text, offset)
        if end < 0:
            continue  # no `>`: not a tag MDX reads (a lone `<` in prose is JC702's neighbour, not ours)
        if closing:
            if not stack:
                yield RULE.finding("stray", page.path, *position(offset), profile=page.profile, name=name)
                continue
            if all(open_name != name for open_name, _ in stack):  # `</Tip>` where `<Note>` is open: a misnamed close
                open_name, opened = stack.pop()
                yield RULE.finding("misnamed", page.path, *position(offset), profile=page.profile, name=name,
                                   open=open_name, line_open=position(opened)[0])
                continue
            open_name, opened = stack[-1]
            if open_name != name:
                yield RULE.finding("crossed", page.path, *position(offset), profile=page.profile, name=name,
                                   open=open_name, line_open=position(opened)[0])
                while stack and stack[-1][0] != name:
                    stack.pop()
            stack.pop()
            continue
        parent = PARENTS.get(name)
        if parent and all(open_name != parent for open_name, _ in stack):
            yield RULE.finding("orphan", page.path, *position(offset), profile=page.profile, name=name, parent=parent)
        if text[end - 2] != "/":  # not self-closing
            stack.append((name, offset))
    for name, opened in stack:
        yield RULE.finding("unclosed", page.path, *position(opened), profile=page.profile, name=name)
