"""The result cache: warm runs answer from it, and every change a page's findings depend on invalidates it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import checks
from checks.docs import engine
from checks.docs.cache import ResultCache
from checks.docs.config import Config
from checks.docs.extract import clear_caches

from .helpers import run_cli, write_tree

SNIPPETS = Path(__file__).resolve().parent.parent.parent / "docs_snippets"


@pytest.fixture
def tree(tmp_path, monkeypatch) -> Path:
    root = write_tree(tmp_path / "docs")
    monkeypatch.chdir(root)
    clear_caches()
    yield root
    clear_caches()


def lint(paths, cache_dir: Path, config: Config | None = None, **options):
    """One run as the CLI makes it: fresh in-process caches, a fresh ResultCache."""
    clear_caches()
    config = config or Config()
    return engine.lint_paths(list(paths), config, cache=ResultCache(cache_dir, config, options.get("profile")), **options)


def keys(result) -> list[tuple]:
    return [(f.path, f.line, f.column, f.code, f.message) for f in result.findings]


def test_a_warm_run_answers_every_file_from_the_cache_with_the_same_findings(tmp_path, monkeypatch):
    tree = tmp_path / "docs"
    shutil.copytree(SNIPPETS, tree)
    monkeypatch.chdir(tree)
    cold = lint(["."], tmp_path / "cache")
    warm = lint(["."], tmp_path / "cache")
    assert cold.findings and cold.cached == 0
    assert warm.cached == warm.files == cold.files
    assert warm.findings == cold.findings  # fixes included


def test_a_changed_page_is_linted_again_with_its_mirror_and_nothing_else(tree, tmp_path):
    lint(["."], tmp_path / "cache")
    page = tree / "development/cloud/other.mdx"
    page.write_text(page.read_text(encoding="utf-8").replace("output_type=video", "output_type=gif"), encoding="utf-8")
    result = lint(["."], tmp_path / "cache")
    assert result.cached == result.files - 2
    assert [(f.path, f.code) for f in result.findings] == [
        ("development/cloud/other.mdx", "JC201"), ("zh/development/cloud/other.mdx", "JC601")]


def test_a_changed_snippet_changes_the_findings_of_the_page_importing_it(tree, tmp_path):
    page = "development/cloud/list.mdx"
    assert lint([page], tmp_path / "cache").findings == []
    snippet = tree / "snippets/cloud/setup.mdx"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace("BASE_URL =", "API_ROOT ="), encoding="utf-8")
    result = lint([page], tmp_path / "cache")
    assert result.cached == 0
    assert [(f.path, f.code) for f in result.findings] == [(page, "JC101")]
    assert "BASE_URL" in result.findings[0].message


def test_a_snippet_of_a_snippet_counts_too(tree, tmp_path):
    page = "development/cloud/poll.mdx"
    assert lint([page], tmp_path / "cache").findings == []
    snippet = tree / "snippets/cloud/setup.mdx"
    snippet.write_text(snippet.read_text(encoding="utf-8").replace("HEADERS =", "HEADERS_ =", 1), encoding="utf-8")
    assert [f.code for f in lint([page], tmp_path / "cache").findings] == ["JC101"]


def test_a_changed_english_page_changes_the_findings_of_its_mirror(tree, tmp_path):
    mirror = "zh/development/cloud/other.mdx"
    assert lint([mirror], tmp_path / "cache").findings == []
    english = tree / "development/cloud/other.mdx"
    english.write_text(english.read_text(encoding="utf-8").replace("output_type=video", "output_type=audio"), encoding="utf-8")
    result = lint([mirror], tmp_path / "cache")
    assert result.cached == 0 and [f.code for f in result.findings] == ["JC601"]


ADD = """---
title: Add
---

Run this:

```python
import json

def add(noise1, noise2):
    total = {name} + noise2
    return json.dumps(total)

print(add(1, 2))
```
"""


def test_a_changed_mirror_changes_the_findings_of_its_english_page(tmp_path, monkeypatch):
    """A defect every translation fixed is said on the English page: the mirror is one of its dependencies."""
    root = tmp_path / "docs"
    (root / "development").mkdir(parents=True)
    (root / "ko/development").mkdir(parents=True)
    (root / "docs.json").write_text("{}", encoding="utf-8")
    english, mirror = root / "development/add.mdx", root / "ko/development/add.mdx"
    english.write_text(ADD.format(name="nosie1"), encoding="utf-8")  # the English typo ...
    mirror.write_text(ADD.format(name="noise1"), encoding="utf-8")  # ... that the translation fixed
    monkeypatch.chdir(root)
    first = lint(["."], tmp_path / "cache")
    assert [(f.path, f.code) for f in first.findings] == [("development/add.mdx", "JC601")]
    mirror.write_text(ADD.format(name="nosie1"), encoding="utf-8")  # the translation copies the typo back
    again = lint(["."], tmp_path / "cache")
    assert again.cached == 0 and again.findings == lint(["."], tmp_path / "other-cache").findings == []


def test_a_new_importer_changes_how_a_snippet_is_judged(tree, tmp_path):
    (tree / "snippets/shared").mkdir()
    (tree / "snippets/shared/sort.mdx").write_text(
        '```bash\ncurl "$BASE/api/jobs?sort_by=created_at"\n```\n', encoding="utf-8")
    (tree / "development/comfyui-server").mkdir(parents=True)
    (tree / "development/comfyui-server/sort.mdx").write_text(
        "---\ntitle: Sort\n---\nimport Sort from '/snippets/shared/sort.mdx'\n\n"
        "```bash\nexport BASE=http://127.0.0.1:8188\n```\n\n<Sort />\n", encoding="utf-8")
    snippet = "snippets/shared/sort.mdx"
    assert lint([snippet], tmp_path / "cache").findings == []  # right for the local server
    (tree / "development/cloud/sort.mdx").write_text(
        (tree / "development/comfyui-server/sort.mdx").read_text(encoding="utf-8").replace(
            "http://127.0.0.1:8188", "https://cloud.comfy.org"), encoding="utf-8")
    result = lint([snippet], tmp_path / "cache")
    assert result.cached == 0
    assert [(f.path, f.code, f.profile) for f in result.findings] == [(snippet, "JC201", "cloud")]


def test_creating_a_missing_snippet_invalidates_the_page_importing_it(tree, tmp_path):
    page = tree / "guide/intro.md"
    page.write_text("import Later from '/snippets/later.mdx'\n\n# Welcome\n\n<Later />\n", encoding="utf-8")
    assert [f.code for f in lint(["guide/intro.md"], tmp_path / "cache").findings] == ["JC005"]
    (tree / "snippets/later.mdx").write_text("Soon.\n", encoding="utf-8")
    result = lint(["guide/intro.md"], tmp_path / "cache")
    assert result.cached == 0 and result.findings == []


def test_the_configuration_is_part_of_the_key(tree, tmp_path):
    page = tree / "development/cloud/other.mdx"
    page.write_text(page.read_text(encoding="utf-8").replace("output_type=video", "output_type=gif"), encoding="utf-8")
    assert [f.code for f in lint(["."], tmp_path / "cache").findings] == ["JC201", "JC601"]
    quiet = lint(["."], tmp_path / "cache", Config(ignore={"JC201"}))
    assert quiet.cached == 0 and [f.code for f in quiet.findings] == ["JC601"]
    assert lint(["."], tmp_path / "cache", profile="comfyui").cached == 0


def test_the_tool_version_and_the_rules_are_part_of_the_key(tree, tmp_path, monkeypatch):
    lint(["."], tmp_path / "cache")
    monkeypatch.setattr(checks, "__version__", "99.0.0")
    assert lint(["."], tmp_path / "cache").cached == 0
    rules = engine.all_rules()
    monkeypatch.setattr(engine, "all_rules", lambda: rules[:1])
    assert lint(["."], tmp_path / "cache").cached == 0


def test_failed_files_are_not_cached(tree, tmp_path):
    (tree / "guide/broken.mdx").write_bytes(b"# Caf\xe9\n")
    for _ in range(2):
        result = lint(["."], tmp_path / "cache", on_crash="collect")
        assert [f.code for f in result.findings] == ["JC001"] and result.errors
    assert result.cached == result.files - 1


def test_a_damaged_cache_is_ignored(tree, tmp_path):
    lint(["."], tmp_path / "cache")
    for file in (tmp_path / "cache").glob("results-*.json"):
        document = json.loads(file.read_text(encoding="utf-8"))
        for entry in document["entries"].values():
            entry.pop("deps")
        file.write_text(json.dumps(document), encoding="utf-8")
    assert lint(["."], tmp_path / "cache").cached == 0
    for file in (tmp_path / "cache").glob("results-*.json"):
        file.write_text("{not json", encoding="utf-8")
    assert lint(["."], tmp_path / "cache").cached == 0


def test_the_cache_folder_ignores_itself_and_keeps_few_stale_files(tree, tmp_path):
    cache = tmp_path / "cache"
    for index in range(8):
        lint(["."], cache, Config(known_globals={f"name{index}"}))
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert len(list(cache.glob("results-*.json"))) == 5  # the current one and four others


# -- through the command line -----------------------------------------------------------------


def test_cli_cache_dir_no_cache_and_the_default_folder(tree, tmp_path, monkeypatch):
    monkeypatch.delenv("JOBS_CHECKS_CACHE_DIR", raising=False)
    assert run_cli("lint", "--no-cache", ".").exit_code == 0
    assert not (tree / ".jobs-checks-cache").exists()
    assert run_cli("lint", "--cache-dir", str(tmp_path / "elsewhere"), ".").exit_code == 0
    assert list((tmp_path / "elsewhere").glob("results-*.json"))
    assert not (tree / ".jobs-checks-cache").exists()
    assert run_cli("lint", ".").exit_code == 0
    assert list((tree / ".jobs-checks-cache").glob("results-*.json"))


def test_cli_an_unwritable_cache_is_a_warning_not_a_failure(tree, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    result = run_cli("lint", "--cache-dir", str(blocker / "cache"), ".")
    assert result.exit_code == 0 and result.stdout.strip() == "no findings in 9 files"
    assert result.stderr.startswith("jobs-checks: warning: cache not written")


def test_cli_a_crashing_rule_is_never_hidden_by_the_cache(tree, tmp_path, monkeypatch):
    assert run_cli("lint", "--cache-dir", str(tmp_path / "cache"), ".").exit_code == 0

    class Broken:
        code, name = "JC999", "broken"

        @staticmethod
        def check(page, ctx):
            raise ValueError("boom")

    monkeypatch.setattr(engine, "all_rules", lambda: [Broken])
    monkeypatch.delenv("JOBS_CHECKS_DEBUG", raising=False)
    result = run_cli("lint", "--cache-dir", str(tmp_path / "cache"), ".")
    assert result.exit_code == 3 and "rule JC999 (broken) crashed" in result.stderr


# -- files known by their stat ------------------------------------------------------------------


def _warm(cache_dir: Path, config: Config | None = None):
    """A run as `lint` makes it, and the ResultCache it used (to see how many files it opened)."""
    clear_caches()
    config = config or Config()
    cache = ResultCache(cache_dir, config)
    return engine.lint_paths(["."], config, cache=cache), cache


def test_a_warm_run_opens_no_file_it_already_knows_by_its_stat(tree, tmp_path, monkeypatch):
    from checks.docs import cache as cache_module

    monkeypatch.setattr(cache_module, "STABLE_NS", -10**12)  # every file counts as settled at once
    cold, filled = _warm(tmp_path / "cache")
    import builtins

    opened: list[str] = []
    real_open = builtins.open

    def watching(file, *args, **kwargs):
        if str(file).endswith((".md", ".mdx")):
            opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching)
    warm, cache = _warm(tmp_path / "cache")
    monkeypatch.setattr(builtins, "open", real_open)
    assert filled.facts.reads >= cold.files
    assert warm.cached == warm.files == cold.files and warm.findings == cold.findings
    assert cache.facts.reads == 0 and opened == []  # discovery asked the cache too


def test_a_file_changed_behind_its_modification_time_is_still_read_again(tree, tmp_path, monkeypatch):
    import os

    from checks.docs import cache as cache_module

    monkeypatch.setattr(cache_module, "STABLE_NS", -10**12)
    _warm(tmp_path / "cache")
    page = tree / "development/cloud/other.mdx"
    before = page.stat()
    text = page.read_text(encoding="utf-8")
    changed = text.replace("output_type=video", "output_type=image")  # same length
    assert len(changed) == len(text) and changed != text
    page.write_text(changed, encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` or `cp -p` would leave it
    result, cache = _warm(tmp_path / "cache")
    assert cache.facts.reads == 1  # its change time gave it away
    assert result.cached == result.files - 2  # the page and its mirror
    assert ("development/cloud/other.mdx", "JC201") not in [(f.path, f.code) for f in result.findings]


def test_a_file_changed_just_before_it_was_read_is_not_taken_on_trust(tree, tmp_path):
    _warm(tmp_path / "cache")  # the files were just written: too fresh to be known by their stat
    warm, cache = _warm(tmp_path / "cache")
    assert warm.cached == warm.files and cache.facts.reads >= warm.files
