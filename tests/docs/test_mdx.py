"""The fast MDX parser reads pages exactly as plain markdown-it with our MDX rules does.

Three shortcuts in `checks.docs.mdx` must not change a token extraction reads: trying only the
rules a line's first character allows, finding table rows without a token per cell, and
trying a setext heading only where an underline may come. The reference here is markdown-it's
own rule order and its own table rule, and the full setext rule; both parsers must
give the same tokens (tables compared by their rows) on every fixture page, the seeded
docs and random MDX-ish pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import table as markdown_it_table

from checks.docs import mdx
from tests.docs.test_extract_properties import page_text, table

REPO = Path(__file__).resolve().parents[2]
PAGES = sorted(p for folder in (REPO / "tests" / "docs", REPO / "docs_snippets") for p in folder.rglob("*.md*"))


def _markdown_it_table(state, start, end, silent):
    """markdown-it's table rule, its rows recorded the way the lean rule records them."""
    first = len(state.tokens)
    if not markdown_it_table(state, start, end, silent):
        return False
    if not silent:
        rows = [(t.map[0], state.bMarks[t.map[0]] + state.tShift[t.map[0]], state.eMarks[t.map[0]])
                for t in state.tokens[first:] if t.type == "tr_open"]
        state.tokens[first].meta = {"rows": rows}
        state.tokens[first].map = [start, state.line]
    return True


def _reference_parser():
    md = mdx._make_parser(dispatch=False)
    md.block.ruler.at("table", _markdown_it_table, {"alt": ["paragraph", "reference"]})
    md.block.ruler.at("lheading", mdx._setext_heading)  # without the cheap test for an underline
    return md


REFERENCE = _reference_parser()
_CELL_TOKENS = {"thead_open", "thead_close", "tbody_open", "tbody_close", "tr_open", "tr_close",
                "th_open", "th_close", "td_open", "td_close"}


def _tokens(md, src: str) -> list[tuple]:
    tokens: list = []
    md.block.parse(src, md, {}, tokens)
    seen, in_table = [], False
    for token in tokens:
        if token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            in_table = False
        elif in_table and (token.type in _CELL_TOKENS or token.type == "inline"):
            continue  # the cells of a table: extraction splits rows itself
        content = "" if token.type == "inline" else token.content
        seen.append((token.type, token.level, tuple(token.map or ()), token.info, token.markup, content, repr(token.meta)))
    return seen


def _same(src: str) -> None:
    assert _tokens(mdx.parser(), src) == _tokens(REFERENCE, src)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(REPO)))
def test_fixture_and_seeded_pages_parse_as_plain_markdown_it_does(page):
    _same(page.read_text(encoding="utf-8").replace("\r\n", "\n"))


@pytest.mark.parametrize("src", [
    "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 |\n| 4 | 5 | 6 |\n\nafter\n",
    "| a \\| b | c |\n| --- | --- |\n| x \\| y | z |\n",
    "- item\n\n  | a | b |\n  |---|---|\n  | 1 | 2 |\n- next\n",
    "> | a | b |\n> |---|---|\n> | 1 | 2 |\nlazy line\n",
    "| a |\n|---|\n| x |\n```python\ncode\n```\n",
    "| a |\n|---|\n| x |\n# heading\n| y |\n",
    "| a |\n|---|\n| x |\n- list\n",
    "a | b\n--|--\n1 | 2\n",
    "|a|\n|-|\n||\n|\n",
    "Text\n| a | b |\n|---|---|\n",
    "<Tabs>\n  <Tab title=\"A\">\n    ```bash\n    ls\n    ```\n  </Tab>\n</Tabs>\n",
    "1. one\n2. two\n   ```\n   code\n   ```\n3) three\n",
    "[ref]: https://example.com\n\n* * *\n\n+ plus\n",
    "import A from '/snippets/a.mdx'\nexport const b = 1\n\n<A />\n",
    "Title\n=====\n\nSub\n---\n",
])
def test_edge_cases_parse_as_plain_markdown_it_does(src):
    _same(src)


@settings(max_examples=300, deadline=None)
@given(page_text())
def test_random_pages_parse_as_plain_markdown_it_does(text):
    _same(text.replace("\r\n", "\n").replace("\r", "\n"))


rows = st.lists(st.text(alphabet="ab |\\:-`", max_size=12), max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["", "  ", "> ", "- ", "1. "]), rows, st.sampled_from(["| a | b |", "a|b", "|a|", "| a \\| b |"]),
       st.sampled_from(["|---|---|", "--|--", "|:-:|", "| --- |"]))
def test_random_tables_parse_as_plain_markdown_it_does(lead, body, header, delimiter):
    _same("\n".join([lead + header, lead + delimiter, *(lead + row for row in body)]) + "\nafter\n")


@settings(max_examples=100, deadline=None)
@given(st.lists(table, min_size=1, max_size=3))
def test_tables_of_the_page_strategy_parse_as_plain_markdown_it_does(tables):
    _same("\n".join(tables) + "\n")


@pytest.mark.parametrize("row", ["| a | b |", "a|b", "|a|", "||", "|", "a \\| b", "a\\|", "\\|a|b\\\\|", "| a | b | c"])
def test_cells_are_counted_as_markdown_it_splits_them(row):
    cells = markdown_it_table.__globals__["escapedSplit"](row)
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    assert mdx._cells(row) == len(cells)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\nab>-|`\u3000\r", max_size=40))
def test_line_tables_are_markdown_its(src):
    from markdown_it.rules_block.state_block import StateBlock

    state = StateBlock(src, mdx.parser(), {}, [])
    assert mdx.line_marks(src) == (state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount)


def _tokens_of_markdown_its_own_state(src: str) -> list:
    """What `block_tokens` gives, the tokens made by markdown-it's own `StateBlock.push`."""
    from markdown_it.rules_block.state_block import StateBlock

    tokens: list = []
    state = StateBlock(src, mdx.parser(), {}, tokens)
    mdx.parser().block.tokenize(state, state.line, state.lineMax)
    return tokens


@pytest.mark.parametrize("page", PAGES[:40], ids=lambda p: str(p.relative_to(REPO)))
def test_tokens_are_those_markdown_it_makes_field_for_field(page):
    src = page.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert mdx.block_tokens(src) == _tokens_of_markdown_its_own_state(src)


@settings(max_examples=200, deadline=None)
@given(page_text())
def test_random_pages_make_the_tokens_markdown_it_makes(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    assert mdx.block_tokens(text) == _tokens_of_markdown_its_own_state(text)


def _tag_end_one_character_at_a_time(src: str, pos: int, limit: int) -> int:
    quote, braces = "", 0
    for index in range(pos + 1, limit):
        char = src[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "{":
            braces += 1
        elif char == "}":
            braces = max(0, braces - 1)
        elif char == ">" and not braces:
            return index + 1
    return -1


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="<>{}'\"a \n", max_size=30), st.data())
def test_a_tag_ends_where_a_scan_of_every_character_says(src, data):
    pos = data.draw(st.integers(0, len(src)))
    limit = data.draw(st.integers(0, len(src)))
    assert mdx.jsx_tag_end(src, pos, limit) == _tag_end_one_character_at_a_time(src, pos, limit)
