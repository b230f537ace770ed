"""Excerpt readings: a broken block that is part of a program parses as that part; a broken program does not."""

from __future__ import annotations

import pytest

from checks.samples.excerpts import excerpt_reading, excerpt_signs


@pytest.mark.parametrize("family, code, reading", [
    ("js", "async onStart(app) {\n  app.ready = true\n}\n", "class-body"),
    ("js", "async teardown()\n", "class-body"),
    ("js", "host.panel.open(name: string);\n", "signature"),
    ("js", "{\n  name: string,\n  hint?: string,   // optional\n  draw: (el) => void\n}\n", "type"),
    ("js", "host.ask({\n  title: string,\n  hint?: string\n}).then((r: string | null) => {});\n", "types-as-values"),
    ("js", "save: { label: 'Save', run: () => host.save() },\n", "member"),
    ("python", "class A(Base):\n    # nothing to add\n", "comment-as-body"),
    ("python", "for x in xs:\n    out = # your path here\n    x.save(out)\n", "comment-as-body"),
    ("python", "# at the end of the function\n        return {'ui': ui}\n", "lifted-lines"),
    ("python", "'mode': (['a', 'b'],)\n", "member"),
    ("json", '"redirects": [{"source": "/a", "destination": "/b"}]\n', "member"),
])  # fmt: skip
def test_excerpts_parse_as_a_part_of_a_program(family, code, reading):
    assert excerpt_reading(code, family) == reading


@pytest.mark.parametrize("family, code", [
    ("python", "import requests\nprint(requests.get(url) requests)\n"),
    ("python", "class A:\n    x = {\n        'a': 1\n        'b': 2\n    }\n"),
    ("js", "const jobs = await fetch(url;\n"),
    ("json", '{"a": 1 "b": 2}\n'),
])  # fmt: skip
def test_broken_programs_have_no_excerpt_reading(family, code):
    assert excerpt_reading(code, family) is None


def test_signs_of_an_excerpt():
    assert "indented" in excerpt_signs("    x = 1\n", "python")
    assert "elision" in excerpt_signs("x = 1\n...\n", "python")
    assert "method" in excerpt_signs("self.value = 2\n", "python")
    assert "type-pseudocode" in excerpt_signs("open({ name?: string })\n", "js")
    assert excerpt_signs("import os\nprint(os.getcwd())\n", "python") == ()
