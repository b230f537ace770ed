"""A JSX tag the MDX compiler rejects: a closing tag nothing opened, a tag never closed, tags
closed out of order, or a `<Tab>` outside `<Tabs>`; the page will not build.

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
_FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})")
# A code span ends at its closing backticks, within its paragraph or table row.
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1)(?!\n[ \t]*(?:\n|\|))[\s\S])+?\1")


def _blank(text: str) -> str:
    return "".join("\n" if char == "\n" else " " for char in text)


def _markup(text: str) -> str:
    """The page with frontmatter, code fences, inline code and JSX comments blanked (positions kept)."""
    _, _, body = split_frontmatter(text)
    if body > 0:
        text = _blank(text[:body]) + text[body:]
    lines, fence, out = text.split("\n"), None, []
    for line in lines:
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)
            out.append(" " * len(line))
        elif fence is not None:
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) \
                    and not line[match.end():].strip():
                fence = None
            out.append(" " * len(line))
        else:
            out.append(line)
    text = "\n".join(out)
    text, _ = blank_comments(text)
    return _CODE_SPAN.sub(lambda m: _blank(m.group()), text)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check(page, ctx):
    if not page.path.endswith(".mdx") or "<" not in page.text:
        return
    text = _markup(page.text)
    stack: list[tuple[str, int, int]] = []
    for match in _TAG.finditer(text):
        closing = bool(match.group(1) or match.group(3))
        name = match.group(2) or ""
        end = jsx_tag_end(text, match.start(), len(text))
        if end < 0:
            continue  # no `>`: not a tag MDX reads (a lone `<` in prose is JC702's neighbour, not ours)
        self_closing = text[end - 2] == "/"
        line, column = _position(text, match.start())
        if closing:
            if not stack:
                yield RULE.finding("stray", page.path, line, column, profile=page.profile, name=name)
                continue
            if all(open_name != name for open_name, _, _ in stack):  # `</Tip>` where `<Note>` is open: a misnamed close
                open_name, open_line, _ = stack.pop()
                yield RULE.finding("misnamed", page.path, line, column, profile=page.profile, name=name,
                                   open=open_name, line_open=open_line)
                continue
            open_name, open_line, _ = stack[-1]
            if open_name != name:
                yield RULE.finding("crossed", page.path, line, column, profile=page.profile, name=name,
                                   open=open_name, line_open=open_line)
                while stack and stack[-1][0] != name:
                    stack.pop()
            stack.pop()
            continue
        parent = PARENTS.get(name)
        if parent and all(open_name != parent for open_name, _, _ in stack):
            yield RULE.finding("orphan", page.path, line, column, profile=page.profile, name=name, parent=parent)
        if not self_closing:
            stack.append((name, line, column))
    for name, line, column in stack:
        yield RULE.finding("unclosed", page.path, line, column, profile=page.profile, name=name)
