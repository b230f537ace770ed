"""JC703 jsx-tags: what the MDX compiler would reject, and what it reads as code or text."""

from __future__ import annotations

import pytest

from checks.docs.config import Config
from checks.docs.engine import lint_paths
from checks.docs.extract import clear_caches, extract_page
from checks.docs.rules import jsx_tags
from tests.docs.expectations import FIXTURES
from tests.docs.rules.helpers import lint_text


@pytest.mark.parametrize("text", [
    "Versions < 3.8 and a <https://example.com> link.\n",
    "Inline `<Tab>` and `</CodeGroup>` are code.\n",
    "```jsx\n<Tabs>\n```\n",
    "{/* <Note> commented out */}\n",
    "<Card title=\"A > B\" href={`/x?a=${1 > 0}`}>\n  text\n</Card>\n",
    "<Steps>\n  <Step title=\"One\">\n    First.\n  </Step>\n</Steps>\n",
    "Line one<br />line two.\n",
])  # fmt: skip
def test_balanced_or_not_jsx(tmp_path, text):
    assert lint_text(tmp_path, text, jsx_tags) == []


def test_each_defect_at_its_line(tmp_path):
    findings = lint_text(tmp_path, "<Tabs>\n<Tab>\n</Tabs>\n</Note>\n<br>\n", jsx_tags)
    assert [(f.line, f.message.split(",")[0]) for f in findings] == [
        (3, "`</Tabs>` comes while `<Tab>` (line 2) is still open"),
        (4, "`</Note>` closes nothing: no `<Note>` is open here"),
        (5, "`<br>` is never closed"),
    ]


def test_a_markdown_page_is_not_mdx(tmp_path):
    assert lint_text(tmp_path, "An unclosed <p> tag.\n", jsx_tags, name="notes.md") == []


def test_region_coded_folders_the_site_declares_are_mirrors():
    folder = FIXTURES / "JC703"
    clear_caches()
    page = extract_page(str(folder / "zh-CN" / "guide" / "defect_tags.mdx"), config=Config(locales=("zh-CN",)))
    assert page.locale == "zh-CN" and page.mirror_of.endswith("guide/defect_tags.mdx")
    found = lint_paths([str(folder)], Config(), jobs=1).findings
    assert {f.path.split("fixtures/JC703/")[-1] for f in found if f.code == "JC703"} == {
        "guide/defect_tags.mdx", "zh-CN/guide/defect_tags.mdx", "ja/guide/defect_tags.mdx"}
    assert not [f for f in found if f.code == "JC003"]
