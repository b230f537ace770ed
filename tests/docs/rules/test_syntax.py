"""JC701 syntax through fixture pages, plus the parser fallbacks that make it precise."""

from __future__ import annotations

import pytest

from checks.docs.context import LintContext
from checks.docs.page import Block, Page
from checks.docs.rules import syntax
from tests.docs.expectations import FIXTURES, as_set, expected_findings, fixture_pages
from tests.docs.rules.helpers import lint


@pytest.mark.parametrize("path", fixture_pages("JC701"), ids=lambda p: p.name)
def test_fixture_page(path):
    page, findings = lint(path, syntax)
    assert as_set(findings) == expected_findings(page, "JC701")


def test_every_defect_page_has_expectations_and_a_fixed_twin():
    names = {p.name for p in fixture_pages("JC701")}
    defects = sorted(n for n in names if n.startswith("defect_"))
    assert defects == ["defect_excerpt_note.mdx", "defect_js.mdx", "defect_json.mdx", "defect_programs.mdx", "defect_python.mdx"]
    for name in defects:
        assert name.replace("defect_", "fixed_") in names
        page, _ = lint(FIXTURES / "JC701" / name, syntax)
        assert expected_findings(page, "JC701")


def test_programs_get_errors_and_broken_excerpts_a_note():
    """Issue 11: a block readers copy must parse; an excerpt is judged as part of a program."""
    _, programs = lint(FIXTURES / "JC701" / "defect_programs.mdx", syntax)
    assert [f.severity for f in programs] == ["error"] * 3
    _, excerpts = lint(FIXTURES / "JC701" / "defect_excerpt_note.mdx", syntax)
    assert [f.severity for f in excerpts] == ["info"] and "excerpt does not parse" in excerpts[0].message
    for name in ("fixed_excerpts_js.mdx", "fixed_excerpts_python.mdx"):
        assert lint(FIXTURES / "JC701" / name, syntax)[1] == []


@pytest.mark.parametrize("code, title, before, program", [
    ("x = (1\n", "", "Run the following script:", True),
    ("x = (1\n", "main.py", "", True),
    ("x = (1\n", "", "The loop looks like this:", False),
    ("x = (1\n", "", "以下是执行流程的说明：", False),  # "execution" is not "run this"
    ("x = (1\n", "", "复制以下代码：", True),
])  # fmt: skip
def test_what_makes_a_block_a_program(code, title, before, program):
    from checks.docs.page import Text
    from checks.docs.programs import program_signal

    block = Block("python", title, code, 10, 1, "page.mdx", 11)
    page = Page(path="page.mdx", text="", blocks=[block], texts=[Text(before, 8, 1, "paragraph")] if before else [])
    assert (program_signal(page, block) is not None) is program


def _page(language: str, code: str) -> Page:
    block = Block(language, "", code, 10, 3, "page.mdx", 10 + code.count("\n"))
    return Page(path="page.mdx", text="", profile="cloud", blocks=[block])


def _check(language: str, code: str):
    page = _page(language, code)
    return list(syntax.check(page, LintContext.for_page(page)))


def test_javascript_that_is_typescript_is_an_info_finding_at_the_annotation():
    [finding] = _check("js", "const a = 1;\nfunction f(id: string) { return id }\n")
    assert finding.severity == "info"
    assert "tag it `typescript`" in finding.message
    assert finding.line == 11  # block line 2, shifted by the block's position


def test_typescript_holding_jsx_asks_for_tsx():
    [finding] = _check("typescript", "const a = (x: number) => <b>{x}</b>;\n")
    assert finding.severity == "info" and "tag it `tsx`" in finding.message


def test_messages_name_the_problem_and_the_block_line():
    [finding] = _check("python", "x = 1\ny = (2\n")
    assert "'(' was never closed" in finding.message and "(line 2 of the block)" in finding.message
    assert (finding.line, finding.column) == (11, 7)
    [finding] = _check("json", '{"a": 1,\n "b" 2}\n')
    assert "Expecting ':' delimiter (line 2, column 6)" in finding.message
    assert (finding.line, finding.column) == (11, 8)


@pytest.mark.parametrize(
    "language, code",
    [
        ("python", "    if ready:\n        submit()\n"),
        ("python", ">>> x = 1\n>>> x\n1\n"),
        ("python", "payload = {'prompt': graph, ...}\nawait send(payload)\n"),
        ("python", "def f(…):\n    pass\n"),
        ("typescript", "type Job = { id: string; … };\nreturn;\n"),
        ("json", '{"jobs": [...], "pagination": {...}}'),
        ("json", "[1, 2, /* more */ 3,]"),
        ("bash", "this is not ( checked"),
        ("text", "{not: json"),
    ],
)
def test_fragments_and_unchecked_languages_stay_silent(language, code):
    assert _check(language, code) == []


def test_unclosed_and_empty_blocks_are_left_to_other_codes():
    page = _page("python", "def (\n")
    page.blocks = [Block("python", "", "def (\n", 5, 1, "page.mdx", 6, unclosed=True), Block("json", "", "\n", 8, 1, "page.mdx", 9)]
    assert list(syntax.check(page, LintContext.for_page(page))) == []


# --- robustness: any text in any block is judged without crashing ------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from checks.docs.rules import undefined_name  # noqa: E402

_PIECES = [
    "const ", "let ", "x", "y", " = ", "(", ")", "{", "}", "[", "]", "...", "…", ",", ";", ":", "\n", "  ",
    "def ", "async ", "await ", "return ", ">>> ", "$ ", "$VAR", "${A:-b}", '"', "'", "`", "#", "//", "/*",
    "*/", "é", "\t", "=>", "<div>", "</div>", "import ", "from ", "export ", "/api/jobs", "0", "interface ",
]


@settings(max_examples=150)
@given(
    st.sampled_from(["python", "pycon", "javascript", "typescript", "tsx", "jsx", "json", "bash", "console"]),
    st.lists(st.sampled_from(_PIECES), max_size=30).map("".join),
)
def test_rules_never_crash_and_stay_inside_the_block(language, code):
    page = _page(language, code)
    context = LintContext.for_page(page)
    last_line = 10 + code.count("\n")
    for rule in (syntax, undefined_name):
        for finding in rule.check(page, context):
            assert 10 <= finding.line <= last_line
            line_text = code.split("\n")[finding.line - 10]
            assert 3 <= finding.column <= 3 + len(line_text)


@pytest.mark.parametrize("rule", [syntax, undefined_name], ids=lambda r: r.RULE.code)
def test_the_rule_doc_examples_are_judged_as_they_say(rule):
    """`jobs-checks rules CODE` prints the docstring: its Wrong example fires, its Right one does not."""
    import re
    import textwrap

    doc = rule.__doc__
    wrong, right = doc.split("Wrong:")[1].split("Right:")
    for part, fires in ((wrong, True), (right, False)):
        language, code = re.search(r"```(\w+)\n(.*?)```", textwrap.dedent(part.strip("\n")), re.S).groups()
        page = _page(language, code)
        findings = list(rule.check(page, LintContext.for_page(page)))
        assert bool(findings) is fires, (part, findings)


def test_a_page_that_runs_its_samples_makes_them_programs():
    from checks.docs.programs import program_signal

    block = Block("python", "", "x = (1\n", 10, 1, "page.mdx", 11)
    running = Page(path="page.mdx", text="", blocks=[block], frontmatter={"jobs-checks-run": True})
    assert program_signal(running, block) == "the page opts in to running its samples"
    assert program_signal(Page(path="page.mdx", text="", blocks=[block]), block) is None
