"""The opt-in convention: which blocks of which pages run, in which program, in which order."""

from __future__ import annotations

import pytest

from checks.examples.plan import PlanError, opted_in, page_languages, plan_page
from tests.examples.helpers import extract, page_text, write_tree

PYTHON = """
~~~python
print("one")
~~~
"""


def plan_of(tmp_path, text: str, **files):
    write_tree(tmp_path, {"page.mdx": text, **files})
    return plan_page(extract(tmp_path / "page.mdx"))


def test_a_page_without_the_frontmatter_key_does_not_opt_in(tmp_path):
    write_tree(tmp_path, {"page.mdx": page_text(PYTHON, run=None), "off.mdx": page_text(PYTHON, run="false")})
    assert not opted_in(extract(tmp_path / "page.mdx"))
    assert not opted_in(extract(tmp_path / "off.mdx"))


def test_an_opted_in_page_runs_each_language_as_one_program_in_page_order(tmp_path):
    plan = plan_of(tmp_path, page_text(PYTHON, """
        ~~~bash
        echo shell
        ~~~
        ~~~py
        print("two")
        ~~~
        ~~~json
        {"not": "run"}
        ~~~
    """))
    assert list(plan.programs) == ["python", "bash"]
    assert [piece.code.strip() for piece in plan.programs["python"]] == ['print("one")', 'print("two")']
    assert plan.programs["python"][0].line == 8  # the first code line, after frontmatter and fence


@pytest.mark.parametrize("value, expected", [
    ("true", ("python", "bash", "javascript", "typescript")),
    ("[python, sh]", ("python", "bash")),
    ('"js, ts"', ("javascript", "typescript")),
])  # fmt: skip
def test_the_frontmatter_value_chooses_languages(tmp_path, value, expected):
    write_tree(tmp_path, {"page.mdx": page_text(PYTHON, run=value)})
    assert page_languages(extract(tmp_path / "page.mdx")) == expected


@pytest.mark.parametrize("value", ["[python, ruby]", "3", "[]"])
def test_a_frontmatter_value_that_names_nothing_runnable_is_an_error(tmp_path, value):
    write_tree(tmp_path, {"page.mdx": page_text(PYTHON, run=value)})
    with pytest.raises(PlanError, match="jobs-checks-run"):
        page_languages(extract(tmp_path / "page.mdx"))


def test_a_language_filter_leaves_other_blocks_out(tmp_path):
    write_tree(tmp_path, {"page.mdx": page_text(PYTHON, "~~~bash\necho x\n~~~")})
    plan = plan_page(extract(tmp_path / "page.mdx"), ("bash",))
    assert list(plan.programs) == ["bash"] and plan.skipped_blocks == 1


def test_skip_and_setup_directives_above_a_fence(tmp_path):
    plan = plan_of(tmp_path, page_text("""
        ~~~python
        print("body")
        ~~~

        {/* jobs-checks-run: skip */}
        ~~~python
        print("illustration")
        ~~~

        {/* jobs-checks-run: setup */}

        ~~~python
        print("setup")
        ~~~
    """))
    assert [piece.code.strip() for piece in plan.programs["python"]] == ['print("setup")', 'print("body")']
    assert plan.programs["python"][0].setup and plan.skipped_blocks == 1


def test_a_directive_separated_by_prose_does_not_apply(tmp_path):
    plan = plan_of(tmp_path, page_text("""
        {/* jobs-checks-run: skip */}
        Some prose in between.

        ~~~python
        print("runs")
        ~~~
    """))
    assert len(plan.programs["python"]) == 1


def test_an_unknown_directive_is_an_error(tmp_path):
    with pytest.raises(PlanError, match="not one of: skip, setup"):
        plan_of(tmp_path, page_text("{/* jobs-checks-run: later */}", PYTHON))


def test_hidden_setup_runs_first_and_alone_is_no_program(tmp_path):
    hidden = """
        {/* jobs-checks-run: setup
        ~~~python
        job_id = "made-up"
        ~~~
        ~~~bash
        JOB=made-up
        ~~~
        */}
    """
    plan = plan_of(tmp_path, page_text(hidden, PYTHON))
    pieces = plan.programs["python"]
    assert [piece.code.strip() for piece in pieces] == ['job_id = "made-up"', 'print("one")']
    assert pieces[0].hidden and pieces[0].line == 9
    assert "bash" not in plan.programs  # no visible bash block: nothing to check


def test_blocks_of_an_imported_snippet_run_where_the_page_renders_them(tmp_path):
    snippet = """
        {/* jobs-checks-run: skip */}
        ~~~python
        print("skipped in the snippet")
        ~~~

        ~~~python
        print("from the snippet")
        ~~~
    """
    text = page_text("import Shared from '/snippets/shared.mdx';", PYTHON, "<Shared />", """
        ~~~python
        print("after")
        ~~~
    """)
    plan = plan_of(tmp_path, text, **{"snippets/shared.mdx": page_text(snippet, run=None, profile=None)})
    pieces = plan.programs["python"]
    assert [piece.code.strip() for piece in pieces] == ['print("one")', 'print("from the snippet")', 'print("after")']
    assert pieces[1].source.endswith("shared.mdx")
