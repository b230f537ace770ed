"""Properties of extract_page over random MDX-ish pages: it never raises and every position is real."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.docs.extract import extract_page, worth_parsing

ROOT = Path(__file__).parent / "extract_samples"

words = st.text(alphabet="abcXYZ _-`*#>|<{}/\\=:.\"'\t0123", max_size=30)
indent = st.sampled_from(["", " ", "  ", "   ", "    ", "      ", "\t", "- ", "1. ", "> "])


@st.composite
def fence(draw):
    marker = draw(st.sampled_from(["```", "````", "~~~", "~~~~"]))
    info = draw(st.sampled_from(["", "python", "bash curl", "Javascript", "typescript TypeScript theme={null}",
                                 "json {1,3} lines", "tsx icon=\"x\" wrap", "py`bad"]))
    lead = draw(indent)
    body = draw(st.lists(st.one_of(words, st.just("```"), st.just("{/* in code */}")), max_size=4))
    pad = " " * len(lead) if lead.strip() else lead
    lines = [lead + marker + info, *(draw(st.sampled_from([pad, "", " "])) + line for line in body)]
    if draw(st.booleans()):
        lines.append(pad + marker)
    return "\n".join(lines)


jsx = st.sampled_from([
    "<CodeGroup>", "</CodeGroup>", '<Tab title="A">', "</Tab>", "<Steps>", '  <Step title="x">', "  </Step>",
    "<Note>Text inside</Note>", "<Card\n  title=\"x\"\n  href=\"/y\"\n>", "<Snippet />", "<>", "</>", "<https://example.com>",
])
comment = st.builds(lambda inner, closed: "{/* " + inner + (" */}" if closed else ""),
                    st.sampled_from(["expect: JC201", "x\n```python\nhidden()\n```\n", "jobs-checks-disable-next-line JC101", ""]),
                    st.booleans())
table = st.builds(
    lambda lead, cells: "\n".join([lead + "| a | b |", lead + "|---|:-:|", *(lead + "| " + c + " | " + c[::-1] + " |" for c in cells)]),
    st.sampled_from(["", "  ", "> ", "- "]),
    st.lists(st.sampled_from(["x", "`y`", "p \\| q", "", "a|b"]), max_size=3),
)
esm = st.sampled_from(["import A from '/snippets/a.mdx'", "import { B } from './b.mdx'", "export const c = 1;", "import the thing"])
heading = st.builds(lambda level, text, anchor: "#" * level + " " + text + anchor,
                    st.integers(1, 7), words, st.sampled_from(["", " {#id}", " ##"]))
chunk = st.one_of(words, fence(), jsx, comment, table, esm, heading, st.builds(lambda a, b: a + b, indent, words))
frontmatter = st.sampled_from(["", "---\ntitle: x\n---\n", "---\ntitle: [unclosed\n---\n", "---\nno close\n",
                               "---\njobs-checks-profile: cloud\n---\n", "---\njobs-checks-profile: 3\n---\n"])


@st.composite
def page_text(draw):
    separator = draw(st.sampled_from(["\n", "\n\n"]))
    text = draw(frontmatter) + separator.join(draw(st.lists(chunk, max_size=12)))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r", None]))
    if ending:
        text = text.replace("\n", ending)
    return text + draw(st.sampled_from(["", "\n", "   "]))


def same_but_blanked(original: str, seen: str) -> bool:
    """`seen` is `original` with some characters (comments) turned into spaces."""
    return len(seen) <= len(original) and all(a == b or b == " " for a, b in zip(original, seen))


@settings(max_examples=200)
@given(page_text())
def test_positions_are_in_bounds_and_code_matches_its_source(text):
    page = extract_page("random.mdx", text, root=ROOT, follow_imports=False)
    lines = page.text.split("\n")
    count = len(lines)
    for block in page.blocks:
        assert 1 <= block.line <= count and 1 <= block.end_line <= count
        assert 1 <= block.column
        code_lines = block.code.split("\n")[:-1] if block.code else []
        assert not block.code or block.code.endswith("\n")
        # Content lines lose the fence's indentation (and `>` markers inside a blockquote).
        prefix = " \t>" if block.line > 1 and ">" in lines[block.line - 2][: block.column - 1] else " \t"
        for offset, code_line in enumerate(code_lines):
            raw = lines[block.line - 1 + offset]
            assert raw.endswith(code_line)
            assert raw[: len(raw) - len(code_line)].strip(prefix) == ""
            if raw[: block.column - 1].strip(prefix) == "" and len(raw) >= block.column - 1:
                assert code_line == raw[block.column - 1:]
        if code_lines:
            assert block.line + len(code_lines) == block.end_line + (1 if block.unclosed else 0)
        else:
            assert block.end_line == block.line
        assert block.line <= block.end_line
    for item in page.texts:
        assert 1 <= item.line <= count
        first, *rest = item.text.split("\n")
        assert 1 <= item.column <= len(lines[item.line - 1]) + 1
        assert same_but_blanked(lines[item.line - 1][item.column - 1:], first)
        for offset, line in enumerate(rest, start=1):
            assert same_but_blanked(lines[item.line - 1 + offset], line)
    for table in page.tables:
        assert 1 <= table.line <= count
        for row in table.rows:
            assert 1 <= row.line <= count
            assert len(row.cells) == len(row.columns) == len(table.header)
            assert all(1 <= column <= len(lines[row.line - 1]) + 1 for column in row.columns)
    for item in page.comments:
        assert 1 <= item.line <= item.end_line <= count
    for item in [*page.imports, *page.problems]:
        assert 1 <= item.line <= count
    assert all(problem.code in {"JC001", "JC002", "JC003", "JC005"} for problem in page.problems)
    assert sum(problem.code == "JC002" for problem in page.problems) == sum(block.unclosed for block in page.blocks)


@settings(max_examples=50)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "page.mdx"
    path.write_bytes(data)
    page = extract_page(str(path), root=path.parent)
    assert page.problems or page.text == data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


frontmatter_key = st.sampled_from(["title", "sidebarTitle", "jobs-checks-profile", "icon", "tags", "on", "Null", "y",
                                   '"a b"'])
frontmatter_value = st.one_of(
    st.text(alphabet="aZ 1:#'\"-[]{},.\\yesnoTrue", max_size=12),
    st.text(alphabet="0123456789abefxXo_.:-+ \t%@&*!|>`/", max_size=10),  # hashes, numbers, indicators inside
)
# `key:` with indented `name: value` lines below (translation hashes), unevenly indented at times.
frontmatter_block = st.builds(
    lambda key, indents, keys, values: f"{key}:" + "".join(f"\n{indent}{name}: {value}" for indent, name, value
                                                         in zip(indents, keys, values)),
    frontmatter_key,
    st.lists(st.sampled_from(["  ", "  ", "    ", " ", "\t", ""]), max_size=4),
    st.lists(frontmatter_key, max_size=4),
    st.lists(frontmatter_value, max_size=4),
)
frontmatter_line = st.one_of(st.builds(lambda key, value: f"{key}: {value}", frontmatter_key, frontmatter_value),
                             frontmatter_block)


@settings(max_examples=400)
@given(st.lists(frontmatter_line, max_size=5))
def test_frontmatter_shortcut_agrees_with_yaml(lines):
    """The YAML-free shortcut for simple frontmatter must read exactly what YAML would."""
    import yaml

    from checks.docs.source import parse_frontmatter

    source = "\n".join(lines)
    try:
        # The loader parse_frontmatter falls back to (libyaml reads `title: !` as '', pure PyYAML as None).
        expected = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) if source.strip() else None
    except yaml.YAMLError:
        expected = "error"
    frontmatter, _, problem, _ = parse_frontmatter(f"---\n{source}\n---\n")
    keys = [line.split(":", 1)[0].strip('"') for line in source.split("\n") if line and line[0] not in " \t"]
    if expected == "error":
        assert problem is not None
    elif isinstance(expected, dict) and len(set(keys)) < len(keys) and len(expected) < len(keys):
        assert problem is not None and "given twice" in problem  # YAML keeps the last; the site refuses the page
    elif isinstance(expected, dict):
        assert frontmatter == expected
    else:
        assert frontmatter == {}


prose_words = st.builds(lambda a, b: a + b, st.sampled_from("abXY"), st.text(alphabet="abc XYZ`*_.,:", max_size=20))
prose_line = st.one_of(
    prose_words,
    st.builds(lambda level, text: "#" * level + " " + text, st.integers(1, 6), prose_words),
    st.builds(lambda text: "## " + text + " {#anchor}", prose_words),
    st.builds(lambda marker, text: marker + " " + text, st.sampled_from(["-", "*", "1.", "2)"]), prose_words),
    st.builds(lambda text: "> " + text, prose_words),
    st.builds(lambda lead, text: lead + text, st.sampled_from(["  ", "    ", "   - ", "  1. ", "\t"]), prose_words),
    st.sampled_from(["<Note>", "</Note>", '<Tab title="a">', "</Tab>", '<Card\n  title="x"\n>', "<Snippet />",
                     "---", "***", "===", "-", "--", "import X from 'react'", "export const a = 1", ""]),
)


@settings(max_examples=200)
@given(st.lists(prose_line, max_size=10))
def test_quick_prose_reads_like_the_full_parse(lines):
    """Pages without fences or tables skip markdown-it; their texts must not change for it."""
    text = "\n".join(lines) + "\n"
    if worth_parsing(text):
        return
    quick = extract_page("p.mdx", text, root=ROOT).texts
    full = extract_page("p.mdx", text + "\n```\n```\n", root=ROOT).texts
    assert quick == full
