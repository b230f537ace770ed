"""extract_page on real Mintlify constructs: exact blocks, positions, tables, prose and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.docs.extract import extract_page, worth_parsing

SAMPLES = Path(__file__).parent / "extract_samples"
SITE = SAMPLES / "site"


def extract(name: str, **options):
    options.setdefault("root", SAMPLES)
    return extract_page(str(SAMPLES / name), **options)


def shape(page):
    """(language, title, line, column, end_line) of every block, for compact expectations."""
    return [(b.language, b.title, b.line, b.column, b.end_line) for b in page.blocks]


def codes(page):
    return [(p.code, p.line) for p in page.problems]


@pytest.mark.parametrize("sample, blocks, code", [
    pytest.param("codegroup_tabs.mdx", [
        ("python", "Python", 9, 1, 11),
        ("bash", "cURL", 13, 1, 14),
        ("javascript", "", 16, 1, 17),
        ("typescript", "TypeScript", 23, 3, 26),
        ("bash", "", 30, 3, 31),
        ("json", "", 37, 1, 38),
        ("", "", 42, 1, 43),
    ], {3: "const a: number = 1;\nconst b = a + 1;\nconsole.log(b);\n"}, id="fences-directly-under-jsx-tags"),
    pytest.param("steps_indented.mdx", [
        ("python", "", 7, 5, 9),
        ("bash", "", 15, 9, 16),
        ("bash", "", 22, 4, 23),
        ("python", "", 26, 4, 27),
        ("js", "", 31, 7, 32),
    ], {0: 'response = requests.post(f"{BASE}/prompt", json=payload)\nprompt_id = response.json()["prompt_id"]\n',
        4: "indented(6)\n"}, id="indented-fences-in-steps-lists-and-after-text"),
    pytest.param("nested_fences.mdx", [
        ("markdown", "Example page", 4, 1, 7),
        ("bash", "", 10, 1, 11),
        ("md", "", 14, 1, 19),
        ("bash", "", 22, 1, 23),
    ], {0: '```python\nprint("inner")\n```\n', 2: "```js\nx()\n```\n~~~\nstill inside\n"},
        id="longer-fences-hold-shorter-ones-and-tildes"),
])  # fmt: skip
def test_blocks_of_a_sample(sample, blocks, code):
    """Where each block is (`shape`) and the code of the blocks worth spelling out."""
    page = extract(sample)
    assert shape(page) == blocks
    assert {index: page.blocks[index].code for index in code} == code
    assert page.problems == []


def test_jsx_lines_are_jsx_text_not_paragraphs():
    page = extract("codegroup_tabs.mdx")
    jsx = [(t.text, t.line, t.column) for t in page.texts if t.kind == "jsx"]
    assert jsx[:4] == [("<CodeGroup>", 7, 1), ("</CodeGroup>", 18, 1), ("<Tabs>", 20, 1), ('<Tab title="TypeScript">', 21, 3)]
    assert [t.text for t in page.texts if t.kind == "paragraph"] == ["Pick your language."]


def test_text_between_indented_fences_is_prose_and_list_items():
    page = extract("steps_indented.mdx")
    assert ("Text right before an indented fence", 29, 1) in [(t.text, t.line, t.column) for t in page.texts]
    assert [(t.text, t.line, t.column) for t in page.texts if t.kind == "list_item"] == [
        ("Install the client:", 20, 4), ("Run it:", 24, 4)]


def test_block_position_maps_code_back_to_the_file():
    page = extract("steps_indented.mdx")
    block = page.blocks[0]
    line, column = block.position(2, 1)
    assert page.lines[line - 1][column - 1:].startswith("prompt_id = ")


def test_jsx_comments_are_recorded_and_their_fences_not_linted():
    page = extract("jsx_comment.mdx")
    assert [(b.language, b.line) for b in page.blocks] == [("python", 5), ("tsx", 18)]
    assert [(c.text.splitlines()[0], c.line, c.end_line) for c in page.comments] == [
        ("jobs-checks-disable-next-line JC101", 3, 3),
        ("Old example, kept for reference:", 8, 13),
        ("expect: JC301", 21, 21),
    ]
    # A comment inside a fence is code; one inside inline code is prose.
    assert "{/* not a page comment */}" in page.blocks[1].code
    assert "Write markers as `{/* expect: JC201 */}` in fixtures." in [t.text for t in page.texts]
    assert page.text.count("{/*") == 5  # page.text keeps the source as written


def test_unclosed_fence_is_returned_and_reported():
    page = extract("unclosed.mdx")
    (block,) = page.blocks
    assert (block.language, block.line, block.end_line, block.unclosed) == ("python", 6, 8, True)
    assert block.code == 'print("never closed")\n\nmore = 1\n'
    (problem,) = page.problems
    # Only the block's own code follows the fence: the page still renders it (issue 11: a warning).
    assert (problem.code, problem.severity, problem.rule, problem.line, problem.column) == ("JC002", "warning", "unclosed-fence", 5, 1)
    assert "end of the file" in problem.message


@pytest.mark.parametrize("after, severity", [
    ("more = 1\n", "warning"),
    ("more = 1\n\n<Tip>Run it twice.</Tip>\n", "error"),  # a component swallowed into the code
    ("more = 1\n\n```bash\ncurl x\n", "error"),  # another tagged fence was meant
    ("<div>markup</div>\n", "warning"),  # lower-case HTML is code a block may hold
])  # fmt: skip
def test_an_unclosed_fence_at_the_end_is_an_error_only_when_it_swallows_content(after, severity):
    page = extract_page("p.mdx", "# T\n\n```python\nprint(1)\n" + after, root=SAMPLES)
    assert [(p.code, p.severity) for p in page.problems] == [("JC002", severity)]
    if severity == "error":
        assert "renders as code" in page.problems[0].message


def test_closed_fences_are_not_unclosed():
    page = extract("nested_fences.mdx")
    assert not any(block.unclosed for block in page.blocks)


def test_crlf_file_has_the_positions_of_its_lf_twin(tmp_path):
    raw = (SAMPLES / "crlf.mdx").read_bytes()
    assert b"\r\n" in raw
    lf = tmp_path / "lf.mdx"
    lf.write_bytes(raw.replace(b"\r\n", b"\n"))
    crlf_page = extract("crlf.mdx")
    lf_page = extract_page(str(lf), root=tmp_path)
    assert "\r" not in crlf_page.text
    assert shape(crlf_page) == shape(lf_page) == [("bash", "", 8, 1, 10)]
    assert crlf_page.blocks[0].code == 'curl "$BASE/api/jobs"\necho ok\n'
    assert crlf_page.frontmatter == {"title": "Windows file"}
    assert crlf_page.tables[0].rows == lf_page.tables[0].rows
    assert [(r.cells, r.line, r.columns) for r in crlf_page.tables[0].rows] == [(("`create_time`", "ms"), 14, (3, 19))]


def test_tables_with_escaped_pipes_alignment_and_jsx_wrappers():
    page = extract("tables.mdx")
    first, wrapped, bare = page.tables
    assert first.header == ("Parameter", "Values", "Notes") and first.line == 3
    assert [(r.cells, r.line, r.columns) for r in first.rows] == [
        (("`sort_by`", "`create_time` | `execution_time`", "default `create_time`"), 5, (3, 15, 51)),
        (("`limit`", "1-1000", ""), 6, (4, 15, 23)),  # a missing cell is empty
        (("`status`", "`completed`", "extra"), 7, (3, 14, 28)),  # surplus cells dropped, as in GFM
    ]
    assert wrapped.header == ("Field", "Unit") and wrapped.line == 10
    assert [(r.cells, r.line, r.columns) for r in wrapped.rows] == [(("`created_at`", "milliseconds"), 12, (5, 20))]
    assert [(r.cells, r.columns) for r in bare.rows] == [(("`id`", "string"), (1, 8))]
    assert all(t.source == str(SAMPLES / "tables.mdx") for t in page.tables)


def test_table_cell_columns_point_at_the_cell_text():
    page = extract("tables.mdx")
    for table in page.tables:
        for row in table.rows:
            line = page.lines[row.line - 1]
            for cell, column in zip(row.cells, row.columns):
                if cell:
                    assert line[column - 1:].replace("\\|", "|").startswith(cell)


def test_frontmatter_is_parsed_and_sets_the_profile():
    page = extract("frontmatter.mdx")
    assert page.frontmatter == {"title": "Jobs API (Cloud)", "sidebarTitle": "Jobs", "jobs-checks-profile": "cloud", "tags": ["api", "jobs"]}
    assert (page.profile, page.profile_reason) == ("cloud", "frontmatter jobs-checks-profile")
    assert [(t.kind, t.text, t.line) for t in page.texts] == [("heading", "Overview", 8), ("paragraph", "Uses `GET /api/jobs`.", 10)]


def test_malformed_frontmatter_is_a_problem_and_the_page_still_parses():
    page = extract("bad_frontmatter.mdx")
    assert page.frontmatter == {}
    assert [(p.code, p.severity) for p in page.problems] == [("JC001", "error")]
    assert page.problems[0].message.startswith("malformed frontmatter:")
    assert shape(page) == [("bash", "", 9, 1, 10)]


def test_unclosed_frontmatter_is_reported():
    page = extract_page("x.mdx", "---\ntitle: x\n\n# Heading\n", root=SAMPLES)
    assert codes(page) == [("JC001", 1)]
    assert "never closed" in page.problems[0].message


def test_frontmatter_that_is_not_a_mapping_is_reported():
    page = extract_page("x.mdx", "---\n- a\n- b\n---\n# H\n", root=SAMPLES)
    assert page.frontmatter == {} and codes(page) == [("JC001", 1)]


def test_headings_lose_their_anchor_and_closing_hashes():
    page = extract("anchors.mdx")
    assert [(t.text, t.level, t.line, t.column) for t in page.texts if t.kind == "heading"] == [
        ("Jobs API", 1, 1, 3), ("Sort order", 2, 3, 4), ("Timestamps", 3, 5, 5), ("Setext heading", 2, 7, 1)]
    assert ("Sort field: `created_at`", 10, 1) in [(t.text, t.line, t.column) for t in page.texts]


def test_esm_only_at_top_level_and_never_inside_a_fence():
    page = extract("esm_vs_bash.mdx")
    assert [(i.name, i.target, i.line) for i in page.imports] == [("Badge", "/snippets/badge.jsx", 1)]
    assert page.blocks[0].code == "export BASE_URL=http://127.0.0.1:8188\nimport_data --from file\n"
    prose = [t.text for t in page.texts]
    assert "export BASE_URL=http://127.0.0.1:8188 is what the shell line does." in prose
    assert "import the workflow from the menu." in prose
    assert not any("export const" in text for text in prose)
    assert codes(page) == [("JC005", 1)]  # /snippets/badge.jsx does not exist under the root


def test_multiline_texts_keep_continuation_lines_verbatim():
    page = extract_page("p.mdx", "- first line\n  `create_time` in seconds\n\n```bash\nx\n```\n", root=SAMPLES)
    (text,) = page.texts
    assert (text.kind, text.line, text.column) == ("list_item", 1, 3)
    offset = text.text.index("`create_time`")
    line = text.line + text.text.count("\n", 0, offset)
    column = offset - text.text.rindex("\n", 0, offset)
    assert page.lines[line - 1][column - 1:].startswith("`create_time`")


# -- snippet imports --------------------------------------------------------------------------


def test_snippet_blocks_are_spliced_at_each_render():
    page = extract_page(str(SITE / "development/cloud/jobs.mdx"))
    shared = str(SITE / "snippets/shared-intro.mdx")
    inner = str(SITE / "snippets/nested/inner.mdx")
    poll = str(SITE / "snippets/cloud/poll-job-completion.mdx")
    assert [(b.language, b.line, b.source, b.via_import) for b in page.blocks] == [
        ("json", 2, inner, "SharedIntro"),  # a snippet's own imports are followed too
        ("bash", 6, shared, "SharedIntro"),
        ("bash", 13, str(SITE / "development/cloud/jobs.mdx"), None),
        ("python", 4, poll, "PollJobCompletion"),  # self-closing, inside a <Tab>
        ("python", 4, poll, "PollJobCompletion"),  # with props and children
    ]
    assert [(t.source, t.header) for t in page.tables] == [(poll, ("Status", "Meaning"))] * 2
    assert [(i.name, i.resolved) for i in page.imports] == [
        ("PollJobCompletion", poll), ("SharedIntro", shared), ("Missing", None)]
    assert [(p.code, p.severity, p.line, p.column) for p in page.problems] == [("JC005", "error", 6, 22)]  # <Missing /> renders it


def test_follow_imports_false_keeps_only_the_page_blocks():
    page = extract_page(str(SITE / "development/cloud/jobs.mdx"), follow_imports=False)
    assert [b.line for b in page.blocks] == [13] and page.tables == []
    assert len(page.imports) == 3


def test_relative_page_path_gives_relative_sources(monkeypatch):
    monkeypatch.chdir(SITE)
    page = extract_page("guides/uses-shared.mdx")
    assert [b.source for b in page.blocks] == ["snippets/nested/inner.mdx", "snippets/shared-intro.mdx"]
    assert page.imports[0].resolved == "snippets/shared-intro.mdx"


def test_import_cycles_are_cut_and_reported():
    page = extract_page(str(SITE / "development/comfyui-server/jobs.mdx"))
    assert [(b.code, Path(b.source).name) for b in page.blocks] == [("echo a\n", "loop-a.mdx"), ("echo b\n", "loop-b.mdx")]
    (problem,) = page.problems
    assert (problem.code, problem.line) == ("JC005", 6)
    assert "loop-a.mdx -> loop-b.mdx -> loop-a.mdx" in problem.message
    # Asked from the other end of the cycle, the answer is not a stale cached one.
    other = extract_page(str(SITE / "snippets/loop-b.mdx"))
    assert [b.code for b in other.blocks] == ["echo b\n", "echo a\n"]


# -- bad input --------------------------------------------------------------------------------


def test_missing_file_is_a_problem_not_an_exception(tmp_path):
    page = extract_page(str(tmp_path / "nope.mdx"))
    assert codes(page) == [("JC001", 1)] and page.problems[0].rule == "unreadable-file"
    assert page.blocks == [] and page.text == ""


def test_undecodable_bytes_are_a_problem(tmp_path):
    path = tmp_path / "latin1.mdx"
    path.write_bytes(b"# Title\n\ncaf\xe9\n")
    page = extract_page(str(path))
    assert codes(page) == [("JC001", 3)]
    assert "0xe9" in page.problems[0].message


def test_a_folder_is_unreadable(tmp_path):
    assert codes(extract_page(str(tmp_path))) == [("JC001", 1)]


def test_byte_order_mark_does_not_shift_columns():
    page = extract_page("bom.mdx", "\ufeff```bash\necho\n```\n", root=SAMPLES)
    assert shape(page) == [("bash", "", 2, 1, 3)] and page.text.startswith("```")


def test_unknown_frontmatter_profile_is_a_warning():
    page = extract_page("p.mdx", "---\ntitle: x\njobs-checks-profile: clowd\n---\n\ntext\n", root=SAMPLES)
    (problem,) = page.problems
    assert (problem.code, problem.severity, problem.line) == ("JC003", "warning", 3)
    assert "comfyui" in problem.message and "cloud" in problem.message
    assert page.profile is None


# -- the cheap path ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# Title\n\nJust prose with `code`.\n", False),
        ("<Note>\n  Careful.\n</Note>\n", False),
        ("```bash\necho\n```\n", True),
        ("~~~\nx\n~~~\n", True),
        ("Call `GET /api/jobs` to list jobs.\n", True),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n", True),
        ("a | b\n--- | ---\n", True),
        ("A pipe | in prose.\n", False),
        ("import Poll from '/snippets/poll.mdx'\n\n<Poll />\n", True),
    ],
)
def test_worth_parsing(text, expected):
    assert worth_parsing(text) is expected


PROSE = """# Title {#top}

Some prose with `create_time` in
seconds, continued.

- item one
- item two
  continued

> quoted text

<Card
  title="x"
  href="/y">
Body
</Card>

Setext title
============
"""


def test_cheap_prose_matches_the_full_parse():
    assert not worth_parsing(PROSE)
    cheap = extract_page("p.mdx", PROSE, root=SAMPLES)
    full = extract_page("p.mdx", PROSE + "\n```\n```\n", root=SAMPLES)
    assert cheap.texts == full.texts
    assert [(t.kind, t.line, t.column) for t in cheap.texts] == [
        ("heading", 1, 3), ("paragraph", 3, 1), ("list_item", 6, 3), ("list_item", 7, 3),
        ("blockquote", 10, 3), ("jsx", 12, 1), ("paragraph", 15, 1), ("jsx", 16, 1), ("heading", 18, 1)]


def test_fence_cut_short_by_its_list_item_is_unclosed():
    page = extract_page("p.mdx", "- item\n  ```bash\n  echo\nafter\n", root=SAMPLES)
    (block,) = page.blocks
    assert (block.line, block.column, block.end_line, block.unclosed, block.code) == (3, 3, 3, True, "echo\n")
    assert [(p.code, p.line, p.column) for p in page.problems] == [("JC002", 2, 3)]
    assert "line 4, where its list item or quote ends" in page.problems[0].message


def test_jsx_attributes_may_hold_braces_and_arrows():
    text = '<Card title="x" onClick={() => go(">")}>\n```bash\necho\n```\n</Card>\n'
    page = extract_page("p.mdx", text, root=SAMPLES)
    assert shape(page) == [("bash", "", 3, 1, 4)]
    assert [t.text for t in page.texts] == ['<Card title="x" onClick={() => go(">")}>', "</Card>"]


def test_table_right_under_a_jsx_line_or_a_paragraph():
    for opener in ('<Tab title="x">', "Intro line"):
        page = extract_page("p.mdx", f"{opener}\n| a | b |\n|---|---|\n| 1 | 2 |\n", root=SAMPLES)
        (table,) = page.tables
        assert (table.header, table.line, table.rows[0].columns) == (("a", "b"), 2, (3, 7))


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("python Python", ("python", "Python")),
        ("bash curl", ("bash", "curl")),
        ("Javascript", ("javascript", "")),
        ("typescript TypeScript", ("typescript", "TypeScript")),
        ("python theme={null}", ("python", "")),
        ("ts {1,3} lines", ("ts", "")),
        ('bash icon="terminal" wrap', ("bash", "")),
        ('bash title="run.sh"', ("bash", "run.sh")),
        ("json Response {2-4}", ("json", "Response")),
        ("python Get jobs", ("python", "Get jobs")),
        ("python{1,2}", ("python", "")),
        ("", ("", "")),
    ],
)
def test_info_string_language_and_title(info, expected):
    from checks.docs.mdx import split_info

    assert split_info(info) == expected


def test_blocks_with_no_prose_between_them_form_one_group(tmp_path):
    """Tabs of a code group are alternatives of one another; a sentence between two fences parts them."""
    path = tmp_path / "page.mdx"
    path.write_text("<CodeGroup>\n```bash\nls\n```\n```python\nprint(1)\n```\n</CodeGroup>\n\nThen:\n\n"
                    "```js\nf()\n```\n\n```ts\ng()\n```\n\nAnd text.\n\n```bash\npwd\n```\n", encoding="utf-8")
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    page = extract_page(str(path), root=tmp_path)
    assert page.block_groups() == {0: 0, 1: 0, 2: 2, 3: 2, 4: 4}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=8), st.integers(-2, 32), st.integers(-2, 32))
def test_a_line_between_two_others_is_found_as_a_scan_would(lines, low, high):
    from checks.docs.page import _any_between

    assert _any_between(sorted(lines), low, high) == any(low < line < high for line in lines)
