"""Suppression comments: each form hides what it should, and an unused one is JC004.

A stand-in rule (code JC201) flags every code line containing `BAD`, so these tests say
nothing about the real rules and cannot be broken by them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.docs import engine
from checks.docs.config import Config
from checks.docs.extract import extract_page
from checks.docs.findings import Finding
from checks.docs.codes import Rule, messages


def _flag_bad_lines(page, ctx):
    for block in page.blocks:
        for number, text in enumerate(block.code.split("\n"), start=1):
            if "BAD" in text:
                line, column = block.position(number, text.index("BAD") + 1)
                yield Finding(block.source, line, column, "JC201", "BAD value", "error", "enum-value")


STAND_INS = [
    Rule("JC101", "undefined-name", "error", "Silent stand-in.", messages(stand_in="stand-in"), check=lambda page, ctx: []),
    Rule("JC201", "enum-value", "error", "Stand-in.", messages(stand_in="stand-in"), check=_flag_bad_lines),
]


@pytest.fixture(autouse=True)
def stand_in_rules(monkeypatch):
    monkeypatch.setattr(engine, "all_rules", lambda: list(STAND_INS))


def lint(tmp_path: Path, text: str, config: Config | None = None, name: str = "page.mdx"):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    config = config or Config(root=tmp_path)
    loader = engine.PageLoader(config)
    return [(f.line, f.code) for f in engine.lint_page(loader.extract(str(path)), config, loader)]


BLOCK = "```python\nx = 'BAD'\n```\n"


def test_without_suppression_the_finding_stands(tmp_path):
    assert lint(tmp_path, "# Page\n\n" + BLOCK) == [(4, "JC201")]


@pytest.mark.parametrize("directive", [
    "jobs-checks-disable-next-line JC201",
    "jobs-checks-disable-next-line",
    "jobs-checks-disable-next-line JC101, JC201",
    "jobs-checks-disable-next-line JC101 JC201",
])  # fmt: skip
def test_next_line_directive_covers_the_following_code_block(tmp_path, directive):
    found = lint(tmp_path, f"# Page\n\n{{/* {directive} */}}\n" + BLOCK, Config(root=tmp_path, select={"JC201", "JC004"}))
    assert found == []  # JC101 is not selected in this run, so naming it is not "unused"


def test_next_line_skips_blank_lines_and_other_comments(tmp_path):
    text = "{/* jobs-checks-disable-next-line JC201 */}\n\n{/* expect: JC201 */}\n" + BLOCK
    assert lint(tmp_path, text) == []


def test_next_line_covers_only_the_next_line_outside_blocks(tmp_path):
    text = "{/* jobs-checks-disable-next-line JC201 */}\nSome prose.\n\n" + BLOCK
    assert lint(tmp_path, text) == [(1, "JC004"), (5, "JC201")]


def test_directive_for_another_code_hides_nothing_and_is_reported(tmp_path):
    text = "{/* jobs-checks-disable-next-line JC101 */}\n" + BLOCK
    assert lint(tmp_path, text, Config(root=tmp_path)) == [(1, "JC004"), (3, "JC201")]


def test_unknown_code_is_reported(tmp_path):
    findings = lint(tmp_path, "{/* jobs-checks-disable-next-line JC999, JC201 */}\n" + BLOCK)
    assert findings == [(1, "JC004")]


def test_range_hides_inside_and_not_after(tmp_path):
    text = "{/* jobs-checks-disable JC201 */}\n" + BLOCK + "{/* jobs-checks-enable */}\n\n" + BLOCK
    assert lint(tmp_path, text) == [(8, "JC201")]


def test_enable_naming_other_codes_keeps_the_range_open(tmp_path):
    text = "{/* jobs-checks-disable JC201 */}\n" + BLOCK + "{/* jobs-checks-enable JC101 */}\n\n" + BLOCK
    assert lint(tmp_path, text) == []


def test_unused_range_is_reported_at_its_directive(tmp_path):
    text = BLOCK + "\n{/* jobs-checks-disable JC201 */}\nprose\n{/* jobs-checks-enable */}\n"
    assert lint(tmp_path, text) == [(2, "JC201"), (5, "JC004")]


@pytest.mark.parametrize("value", ["[JC201]", "JC201", "true"])
def test_frontmatter_disables_a_whole_file(tmp_path, value):
    assert lint(tmp_path, f"---\ntitle: x\njobs-checks-disable: {value}\n---\n\n" + BLOCK) == []


def test_unused_frontmatter_suppression_is_reported_at_its_key(tmp_path):
    assert lint(tmp_path, "---\ntitle: x\njobs-checks-disable: [JC201]\n---\n\nNo code.\n") == [(3, "JC004")]


def test_frontmatter_can_silence_the_unused_report_itself(tmp_path):
    text = "---\njobs-checks-disable: [JC004]\n---\n\n{/* jobs-checks-disable-next-line JC201 */}\nprose\n"
    assert lint(tmp_path, text) == []


def test_expect_markers_are_not_suppressions(tmp_path):
    assert lint(tmp_path, "{/* expect: JC201 */}\n" + BLOCK) == [(3, "JC201")]


def test_unused_report_respects_a_disabled_jc004(tmp_path):
    text = "{/* jobs-checks-disable-next-line JC201 */}\nprose\n"
    assert lint(tmp_path, text, Config(root=tmp_path, ignore={"JC004"})) == []


def test_a_snippet_keeps_its_own_suppressions_when_a_page_renders_it(tmp_path):
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "part.mdx").write_text(
        "{/* jobs-checks-disable-next-line JC201 */}\n" + BLOCK + "\n" + BLOCK, encoding="utf-8"
    )
    text = "import Part from '/snippets/part.mdx';\n\n<Part />\n"
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    page = tmp_path / "page.mdx"
    page.write_text(text, encoding="utf-8")
    config = Config(root=tmp_path)
    loader = engine.PageLoader(config)
    found = engine.lint_page(loader.extract(str(page)), config, loader)
    assert [(Path(f.path).name, f.line, f.code) for f in found] == [("part.mdx", 7, "JC201")]


def _flag_bad_rows(page, ctx):
    for table in page.tables:
        for row in table.rows:
            if any("BAD" in cell for cell in row.cells):
                yield Finding(table.source, row.line, 1, "JC201", "BAD value", "error", "enum-value")


def test_next_line_directive_above_a_table_covers_every_row(tmp_path, monkeypatch):
    rules = [Rule("JC201", "enum-value", "error", "Stand-in.", messages(stand_in="stand-in"), check=_flag_bad_rows)]
    monkeypatch.setattr(engine, "all_rules", lambda: rules)
    table = "| name | value |\n| --- | --- |\n| a | BAD |\n| b | BAD |\n"
    assert lint(tmp_path, "# T\n\n" + table) == [(5, "JC201"), (6, "JC201")]
    assert lint(tmp_path, "# T\n\n{/* jobs-checks-disable-next-line JC201 */}\n" + table + "\nAfter.\n") == []
