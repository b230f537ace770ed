"""JC101 undefined-name through fixture pages: every `expect: JC101` marker fires, nothing else does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.docs.config import Config
from checks.docs.context import LintContext
from checks.docs.extract import extract_page
from checks.docs.rules import undefined_name
from tests.docs.expectations import FIXTURES, as_set, expected_findings, fixture_pages
from tests.docs.rules.helpers import lint


@pytest.mark.parametrize("path", fixture_pages("JC101"), ids=lambda p: p.name)
def test_fixture_page(path):
    page, findings = lint(path, undefined_name)
    assert as_set(findings) == expected_findings(page, "JC101")
    assert all(f.rule == "undefined-name" for f in findings)
    # Issue 11: an environment variable the page never explains is a warning; everything else an error.
    for finding in findings:
        env = re.match(r"`\$[A-Z][A-Z0-9_]*` is read but the page never says", finding.message)
        assert finding.severity == ("warning" if env else "error"), finding.message


def test_every_defect_page_has_expectations_and_every_fixed_twin_exists():
    names = {p.name for p in fixture_pages("JC101")}
    defects = [n for n in names if n.startswith("defect_")]
    assert len(defects) >= 4
    for name in defects:
        assert name.replace("defect_", "fixed_") in names
        page = extract_page(str(FIXTURES / "JC101" / name), root=FIXTURES / "JC101")
        assert expected_findings(page, "JC101"), name
    for name in names - set(defects):
        if name.startswith("fixed_"):
            page = extract_page(str(FIXTURES / "JC101" / name), root=FIXTURES / "JC101")
            assert not expected_findings(page, "JC101"), name


def test_messages_name_the_use_and_a_concrete_fix():
    _, findings = lint(FIXTURES / "JC101" / "defect_helpers.mdx", undefined_name)
    by_name = {re.match(r"`([^`]+)`", f.message).group(1): f for f in findings}
    assert "define it in this block or an earlier one" in by_name["promptId"].message
    assert "`const promptId = data.prompt_id`" in by_name["promptId"].message  # prompt_id is a spec field
    assert "function getHeaders()" in by_name["getHeaders"].message
    assert "used before the block that defines it (line 67)" in by_name["sleep"].message
    assert (by_name["getHeaders"].line, by_name["getHeaders"].column) == (59, 78)


def test_use_inside_an_imported_snippet_is_reported_in_the_snippet(tmp_path):
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "poll.mdx").write_text("```python\nprint(session.get(BASE))\n```\n", encoding="utf-8")
    page_path = tmp_path / "page.mdx"
    page_path.write_text(
        "---\njobs-checks-profile: cloud\n---\nimport Poll from '/snippets/poll.mdx';\n\n"
        "```python\nimport requests\nsession = requests.Session()\n```\n\n<Poll />\n",
        encoding="utf-8",
    )
    _, findings = lint(page_path, undefined_name)
    assert [(Path(f.path).name, f.line, f.column, f.message.split("`")[1]) for f in findings] == [
        ("poll.mdx", 2, 19, "BASE")
    ]


def test_known_globals_and_env_vars_from_config_are_defined():
    config = Config(known_globals={"getHeaders", "promptId", "sleep"})
    _, findings = lint(FIXTURES / "JC101" / "defect_helpers.mdx", undefined_name, config)
    assert findings == []
    config = Config(env_vars={"COMFY_CLOUD_API_KEY", "SAVE_DIR"})
    _, findings = lint(FIXTURES / "JC101" / "defect_shell.mdx", undefined_name, config)
    assert findings == []


def test_a_snippet_file_with_importers_is_judged_where_it_renders():
    page = extract_page(str(FIXTURES / "JC101" / "snippets" / "cloud-client.mdx"), root=FIXTURES / "JC101")
    assert page.importers
    page.blocks[0] = page.blocks[0].__class__(**{**page.blocks[0].__dict__, "code": "use(undefinedThing)\n"})
    assert list(undefined_name.check(page, LintContext.for_page(page))) == []
    page.importers = []
    assert [f.message.split("`")[1] for f in undefined_name.check(page, LintContext.for_page(page))] == [
        "use",
        "undefinedThing",
    ]


# --- the name analysers underneath the rule ----------------------------------------

from checks.samples.names_bash import shell_names  # noqa: E402
from checks.samples.names_js import js_names  # noqa: E402
from checks.samples.names_python import python_names  # noqa: E402


@pytest.mark.parametrize(
    "grammar, code, undefined",
    [
        ("javascript", "const { a, b: c, ...d } = src; let [e = f] = g; use(a, c, d, e);", ["src", "f", "g", "use"]),
        ("javascript", "hoisted(); function hoisted() { return arguments.length }", []),
        ("javascript", "try { risky() } catch (err) { console.error(err) }", ["risky"]),
        ("javascript", "for (const [k, v] of Object.entries(o)) console.log(k, v); for (i in o) i;", ["o"]),
        ("javascript", "import a, { b as c } from 'm'; import * as ns from 'n'; a(c, ns, b);", ["b"]),
        ("javascript", "outer: for (;;) { break outer; } obj.prop; ({ key: 1, [k]: 2, short });", ["obj", "k", "short"]),
        ("javascript", "const f = function fact(n) { return n ? fact(n - 1) : 0 }; fact;", ["fact"]),
        ("javascript", "class A extends Base { static x = y; m(p = q) { return this.m(p) } } new A();", ["Base", "y", "q"]),
        ("javascript", "x = 1; console.log(x);", []),
        ("javascript", "if (typeof maybeLoaded !== 'undefined') maybeLoaded(); typeof window;", ["maybeLoaded"]),
        ("javascript", "export { local as exported }; export { gone } from './m';", ["local"]),
        ("typescript", "interface J { s: Status } type T = Partial<J>; const j: T = {} as J; enum E { A = 1 } E.A;", []),
        ("typescript", "function f(this: Window, id: string): asserts id is string {} f.call(window, '1');", []),
        ("typescript", "namespace NS { export const v = 1 } NS.v; declare const injected: number; injected;", []),
        ("tsx", "const C = () => <Layout title={title}><div className='x'>{items.map((i) => <Row i={i} />)}</div></Layout>;",
         ["Layout", "title", "items", "Row"]),
    ],
)
def test_js_scope_walk(grammar, code, undefined):
    names = js_names(code, grammar)
    assert names.parsed
    assert [u.name for u in names.undefined] == undefined


def test_js_earlier_blocks_and_known_globals_define_names():
    assert js_names("run(client)", "javascript", frozenset({"client"}), frozenset({"run"})).undefined == ()
    assert js_names("const a = 1; function b() {} class C {}", "typescript").defined >= {"a", "b", "C"}


def test_js_block_that_does_not_parse_reports_nothing_but_still_defines():
    names = js_names("const ready = true;\nif (ready {\n  go(missing)\n", "javascript")
    assert not names.parsed and names.undefined == () and "ready" in names.defined


def test_python_names_through_pyflakes():
    names = python_names("import os\nx = os.getenv('K')\nprint(y)\ndef f():\n    return z\n", frozenset({"z"}))
    assert [(u.name, u.line, u.column) for u in names.undefined] == [("y", 3, 7)]
    assert names.defined == {"os", "x", "f"}
    assert python_names("del ghost\n").undefined[0].name == "ghost"
    # a string annotation is a forward reference that never runs; an f-string field does run
    names = python_names('class Job:\n    status: "JobStatus"\n    def f(self) -> "Job":\n        return f"{width}"\n')
    assert [u.name for u in names.undefined] == ["width"]


def test_python_unparsable_block_still_defines_its_top_level_names():
    names = python_names("from api import client, jobs as j\nresult = client.get(\ndef helper(): pass\n")
    assert not names.parsed and names.undefined == ()
    assert {"client", "j", "result", "helper"} <= names.defined


def test_shell_reads_and_assignments():
    names = shell_names(
        'export A=1 B\nlocal C=2\nread -r -p "key: " D E\nfor F in 1 2; do :; done\n'
        'printf -v G "%s" x\necho "$A $B ${C} ${D:-x} ${#E} $F $G ${H:?set H} $1 $? ${ARR[0]}" \'$QUOTED\'\n'
    )
    assert names.assigned == {"A", "B", "C", "D", "E", "F", "G"}
    assert [u.name for u in names.reads] == ["A", "B", "C", "E", "F", "G", "H", "ARR"]
    assert shell_names("cat <<'EOF'\n$LITERAL\nEOF\n").reads == ()


@pytest.mark.parametrize("name, placeholder", [
    ("MyClass", True), ("myHandler", True), ("my_function", True), ("YourClient", True), ("YOUR_TOKEN", True),
    ("MY_KEY", True), ("mysql", False), ("Mystery", False), ("MYSQL_HOST", False), ("yours", False),
    ("getHeaders", False), ("promptId", False),
])  # fmt: skip
def test_placeholder_names_are_left_for_the_reader(name, placeholder):
    assert undefined_name.is_placeholder(name) is placeholder


def test_a_definition_in_a_later_snippet_is_named_by_its_docs_path(tmp_path):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "helpers.mdx").write_text("```python\nimport time\n```\n", encoding="utf-8")
    page_path = tmp_path / "page.mdx"
    page_path.write_text(
        "---\njobs-checks-profile: cloud\n---\nimport Helpers from '/snippets/helpers.mdx';\n\n"
        "```python\ntime.sleep(1)\n```\n\n<Helpers />\n",
        encoding="utf-8",
    )
    _, findings = lint(page_path, undefined_name)
    assert [f.message for f in findings] == [
        "`time` is used before the block that defines it (line 2 of snippets/helpers.mdx); "
        "move that definition into this block or an earlier one"
    ]


def test_top_level_await_of_a_parenthesised_expression_is_the_keyword():
    names = js_names("const jobs = await (await fetch(url)).json();\n", "javascript", frozenset({"url"}))
    assert [use.name for use in names.undefined] == []
