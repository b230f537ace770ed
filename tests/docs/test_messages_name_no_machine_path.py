"""No message names a folder of this machine: files are named as the docs tree names them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.docs.config import config_for
from checks.docs.engine import lint_paths
from checks.docs.extract import clear_caches
from tests.docs.expectations import FIXTURES

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"


@pytest.mark.parametrize("tree", [SNIPPETS, FIXTURES / "JC601", FIXTURES / "JC005", FIXTURES / "JC101", FIXTURES / "site"],
                         ids=lambda p: p.name)
def test_findings_on_an_absolute_path_from_elsewhere_name_tree_paths(tree, tmp_path, monkeypatch):
    copy = tmp_path / "deep" / "docs"
    shutil.copytree(tree, copy)
    (copy / "guide-missing.mdx").write_text("import Gone from './gone.mdx'\n\n<Gone />\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    clear_caches()
    result = lint_paths([str(copy)], config_for([str(copy)]), jobs=1)
    clear_caches()
    assert result.findings
    leaks = [f.message for f in result.findings if str(tmp_path) in f.message or str(Path.home()) in f.message]
    assert leaks == []
