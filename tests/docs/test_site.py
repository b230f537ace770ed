"""Discovery lints what the site publishes: `docs.json` navigation, the snippets it imports, their mirrors."""

from __future__ import annotations

import json
import os
from pathlib import Path

from checks.docs.config import Config, config_for
from checks.docs.discover import discover
from checks.docs.engine import lint_paths
from checks.docs.extract import clear_caches, extract_page
from checks.docs.site import load_site
from tests.docs.expectations import FIXTURES, as_set, expectations

SITE = FIXTURES / "site"


def _relative(files):
    return sorted(os.path.relpath(f, SITE).replace(os.sep, "/") for f in files)


def test_a_folder_yields_the_published_pages_their_snippets_and_mirrors():
    clear_caches()
    config = config_for([str(SITE)])
    assert "zh-CN" in config.locales  # declared by the `cn` language's pages
    files = discover([str(SITE)], config, published_only=True)
    assert _relative(files) == [
        "guide/listed.mdx", "guide/nested.mdx", "snippets/inner.mdx", "snippets/steps.mdx",
        "snippets/zh-CN/steps.mdx", "zh-CN/guide/listed.mdx",
    ]
    assert len(discover([str(SITE)], config)) == 10  # every page, for the other commands


def test_findings_come_only_from_published_pages():
    clear_caches()
    result = lint_paths([str(SITE)], config_for([str(SITE)]), jobs=1)
    assert as_set(result.findings) == expectations(SITE)
    assert not [f for f in result.findings if "unlisted" in f.path or "README" in f.path or "notes" in f.path]


def test_a_file_named_on_the_command_line_is_always_linted():
    clear_caches()
    result = lint_paths([str(SITE / "guide" / "unlisted.mdx")], config_for([str(SITE)]), jobs=1)
    assert {(os.path.basename(f.path), f.code) for f in result.findings} == {("unlisted.mdx", "JC501"), ("draft.mdx", "JC101")}


def test_a_region_coded_locale_folder_is_a_mirror():
    clear_caches()
    config = config_for([str(SITE)])
    page = extract_page(str(SITE / "zh-CN" / "guide" / "listed.mdx"), config=config)
    assert page.locale == "zh-CN" and page.mirror_of.endswith(os.path.join("guide", "listed.mdx"))
    assert page.profile == "comfyui"  # its English page's


def test_without_navigation_every_page_is_published(tmp_path):
    (tmp_path / "docs.json").write_text(json.dumps({"name": "x", "navigation": []}), encoding="utf-8")
    (tmp_path / "a.mdx").write_text("# A\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# R\n", encoding="utf-8")
    clear_caches()
    assert load_site(str(tmp_path)) is None
    assert len(discover([str(tmp_path)], Config(), published_only=True)) == 2
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "b.mdx").write_text("# B\n", encoding="utf-8")
    assert len(discover([str(bare)], Config(), published_only=True)) == 1


def test_the_sample_tree_publishes_every_page():
    snippets = Path(__file__).resolve().parents[2] / "docs_snippets"
    clear_caches()
    config = config_for([str(snippets)])
    assert {"zh", "ja"} <= set(config.locales)
    published = discover([str(snippets)], config, published_only=True)
    every = [f for f in discover([str(snippets)], config) if "fixed" not in Path(f).parts]
    assert sorted(f for f in published if "fixed" not in Path(f).parts) == sorted(every)
