"""Fragment normalisation: what each normaliser rewrites, and that positions map back exactly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.samples.fragments import (
    PLACEHOLDER,
    Fragment,
    is_elided,
    is_placeholder,
    js_fragment,
    load_json_example,
    mask,
    parse_json_example,
    python_fragment,
    shell_fragment,
)
from checks.samples.parsers import parse
from checks.samples.parsing import parse_python


@st.composite
def text_and_edits(draw):
    text = draw(st.text(alphabet="ab\n …", max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8, unique=True)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        edits.append((start, end, draw(st.text(alphabet="XY\n", max_size=4))))
    return text, edits


@given(text_and_edits())
def test_untouched_characters_map_back_to_themselves(case):
    text, edits = case
    fragment = Fragment(text).edit(edits)
    # Oracle: walk the original text and the edits together.
    new_offset, old_offset = 0, 0
    for start, end, replacement in sorted(edits):
        while old_offset < start:
            assert fragment.origin_offset(new_offset) == old_offset
            assert fragment.text[new_offset] == text[old_offset]
            new_offset, old_offset = new_offset + 1, old_offset + 1
        for k in range(len(replacement)):
            assert start <= fragment.origin_offset(new_offset + k) <= max(end - 1, start)
        new_offset, old_offset = new_offset + len(replacement), end
    while old_offset < len(text):
        assert fragment.origin_offset(new_offset) == old_offset
        new_offset, old_offset = new_offset + 1, old_offset + 1


@given(text_and_edits(), text_and_edits())
def test_two_rounds_of_edits_compose(first, second):
    text, edits = first
    once = Fragment(text).edit(edits)
    _, more = second
    more = [(min(s, len(once.text)), min(e, len(once.text)), r) for s, e, r in more]
    twice = once.edit(more)
    for offset in range(len(twice.text)):
        assert 0 <= twice.origin_offset(offset) <= len(text)


def test_origin_of_line_and_column_through_dedent_and_prompts():
    code = "    >>> import json\n    >>> data = json.loads(raw)\n    {'a': 1}\n"
    fragment = python_fragment(code)
    assert fragment.text == "import json\ndata = json.loads(raw)\n\n"
    assert fragment.origin(2, 19) == (2, 27)  # `raw` on the prompt line
    assert fragment.origin(1, 1) == (1, 9)


def test_origin_of_byte_counts_utf8_like_tree_sitter():
    fragment = js_fragment('const s = "é…"; f(…);\n')
    tree = parse(fragment.text, "javascript")
    call = tree.root_node.children[1].children[0]
    assert fragment.origin_of_byte(call.start_byte) == (1, 17)


@pytest.mark.parametrize(
    "code, expected",
    [
        ("foo(...)", "foo(   )"),
        ("const x = {...}", "const x = {   }"),
        ("const a = [..., 1]", "const a = [     1]"),
        ("f(a, ..., b)", "f(a,      b)"),
        ("const d = ...;", "const d = 0  ;"),
        ("if (...) {\n  ...\n}", "if (0  ) {\n     \n}"),
        ("obj = { key: … }", "obj = { key: 0 }"),
        ("x = {...rest, a}", "x = {...rest, a}"),
        ("g(...args, ...[1], ...(y))", "g(...args, ...[1], ...(y))"),
        ("const s = '...'; // ...", "const s = '...'; // ..."),
        ("/* ... */ return ...", "/* ... */ return 0  "),
    ],
)
def test_js_placeholders(code, expected):
    fragment = js_fragment(code)
    assert fragment.text == expected
    assert not parse(fragment.text, "typescript").root_node.has_error


@pytest.mark.parametrize(
    "code",
    [
        "async def main():\n    ...\nresult = await main()\n",
        "return value\n",
        "payload = {'prompt': graph, ...}\n",
        "def submit(...):\n    pass\n",
        "items = […]\n",
        "  >>> x = 1\n  >>> if x:\n  ...     print(x)\n  ...\n  1\n",
        "!pip install requests\n%time import requests\nimport requests\n",
    ],
)
def test_python_fragments_parse(code):
    assert parse_python(code).error is None


def test_python_placeholder_inside_strings_and_comments_is_kept():
    assert python_fragment("s = '…'  # …\n").text == "s = '…'  # …\n"


def test_shell_prompts_keep_commands_and_continuations_and_drop_output():
    code = "$ curl -s \\\n    localhost:8188/api/jobs\n{\"jobs\": []}\n$ echo done\ndone\n"
    fragment = shell_fragment(code)
    assert fragment.text == "curl -s \\\n    localhost:8188/api/jobs\n\necho done\n\n"
    assert fragment.origin(4, 1) == (4, 3)
    assert shell_fragment("echo $HOME\n").text == "echo $HOME\n"
    assert shell_fragment("server log $PATHS\n", session=True).text == "\n"  # console output only


def test_mask_hides_strings_and_comments_only():
    assert mask('a = "..." // ...\nb', "js") == 'a = "SSS"       \nb'
    assert mask("x = '''\n...'''  # ...", "python") == "x = '''\nSSS'''       "
    assert mask("echo $# '#x' # c", "bash") == "echo $# 'SS'    "


def test_load_json_example_strict_and_tolerant():
    assert load_json_example('{"a": [1, 2]}') == ({"a": [1, 2]}, None)
    value, error = load_json_example('{\n  // note\n  "a": 1,\n  "b": [1, 2,],\n}')
    assert error is None and value == {"a": 1, "b": [1, 2]}
    value, error = load_json_example('{"a": 1 "b": 2}')
    assert value is None and error == "Expecting ',' delimiter (line 1, column 9)"


def test_json_placeholders_become_sentinels():
    value, error = load_json_example('{"id": "...", "outputs": ..., "jobs": [{...}, ...], "p": {"limit": 10, …}}')
    assert error is None
    assert is_placeholder(value["id"]) and value["outputs"] is PLACEHOLDER
    assert is_elided(value["jobs"]) and len(value["jobs"]) == 1 and is_elided(value["jobs"][0])
    assert value["jobs"][0] == {} and value["p"] == {"limit": 10} and is_elided(value["p"])
    assert not is_elided(value) and not is_placeholder("x")
    assert json.dumps(value["p"]) == '{"limit": 10}'  # still plain JSON data underneath


def test_json_error_positions_are_in_the_original_block():
    example = parse_json_example('{\n  /* long\n  comment */ "a": ...,\n  "b": tru\n}')
    assert example.error and (example.line, example.column) == (4, 8)
    assert example.value is None and not example.tolerated
