"""Sections of a page and how a translation's line up with the English ones."""

from __future__ import annotations

from checks.docs.extract import extract_page
from checks.docs.sections import align, missing_section, sections


def _page(tmp_path, name, text):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_page(str(path), root=tmp_path)


ENGLISH = """# Guide

## One

```python
one()
```

## Two

```bash
two
```

## Three

```python
three()
```
"""


def test_sections_own_the_blocks_written_under_their_heading(tmp_path):
    page = _page(tmp_path, "en.mdx", ENGLISH)
    found = sections(page)
    assert [s.heading.text if s.heading else None for s in found] == [None, "Guide", "One", "Two", "Three"]
    assert [s.blocks for s in found] == [(), (), (0,), (1,), (2,)]


def test_the_missing_middle_section_is_told_apart_by_the_code_around_it(tmp_path):
    english = _page(tmp_path, "en.mdx", ENGLISH)
    mirror = _page(tmp_path, "zh.mdx", ENGLISH.replace("## Two\n\n```bash\ntwo\n```\n\n", "").replace("One", "一").replace("Three", "三"))
    signature = lambda block: block.code  # noqa: E731
    pairs = align(sections(english), sections(mirror), [b.code for b in english.blocks], [b.code for b in mirror.blocks])
    assert pairs == {0: 0, 1: 1, 2: 2, 4: 3}
    heading, here = missing_section(english, mirror, [english.blocks[1]], signature)
    assert (heading.text, here.text) == ("Two", "一")
    assert missing_section(english, mirror, [english.blocks[0]], signature) is None  # its section is there


def test_a_block_missing_inside_a_section_is_not_a_missing_section(tmp_path):
    english = _page(tmp_path, "en.mdx", ENGLISH)
    mirror = _page(tmp_path, "zh.mdx", ENGLISH.replace("```bash\ntwo\n```\n", ""))
    assert missing_section(english, mirror, [english.blocks[1]], lambda block: block.code) is None
