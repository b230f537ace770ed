"""The pre-scan shortcut loses no finding, and pays for no parse it does not need.

With the shortcut (the default) a page with no fence or import is parsed only when a rule
reads its tables or prose, and a page the pre-scan finds nothing to judge on is read only by
`every_page` rules. Without it (`--no-shortcut`) every page is parsed and read by every rule.
Every fixture folder, the seeded docs and every rule's doc examples must lint the same both
ways: a new rule that reads something the pre-scan does not look for fails here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.docs import engine, extract
from checks.docs.config import Config, config_for
from checks.docs.engine import lint_paths, rule_catalog
from checks.docs.engine_codes import worth_reading
from checks.docs.extract import clear_caches, extract_page
from tests.docs.expectations import FIXTURES

REPO = Path(__file__).resolve().parents[2]
FOLDERS = [*sorted(p for p in FIXTURES.iterdir() if p.is_dir()), REPO / "docs_snippets"]


def _both_ways(paths, config):
    clear_caches()
    with_it = lint_paths(paths, config, jobs=1)
    clear_caches()
    without = lint_paths(paths, config, jobs=1, shortcut=False)
    clear_caches()
    return with_it, without


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_a_folder_lints_the_same_with_and_without_the_shortcut(folder):
    config = config_for([str(folder)]) if (folder / "docs.json").exists() else Config(root=folder)
    with_it, without = _both_ways([str(folder)], config)
    assert with_it.findings == without.findings
    assert with_it.errors == without.errors


@pytest.mark.parametrize("rule", rule_catalog(), ids=lambda r: r.code)
def test_doc_examples_lint_the_same_with_and_without_the_shortcut(rule, tmp_path):
    for kind, text in rule.examples().items():
        root = tmp_path / kind
        page = root / rule.example_path
        page.parent.mkdir(parents=True)
        (root / "docs.json").write_text("{}", encoding="utf-8")
        page.write_text(text, encoding="utf-8")
        if rule.example_english:
            english = root / rule.example_english
            english.parent.mkdir(parents=True, exist_ok=True)
            english.write_text(rule.examples()["right"], encoding="utf-8")
        with_it, without = _both_ways([str(page)], Config(root=root))
        assert with_it.findings == without.findings, kind


TABLE = "| Input | Meaning |\n| --- | --- |\n| `seed` | the noise seed |\n| `steps` | how many steps |\n"


@pytest.mark.parametrize("text", [
    "# Sampling\n\nPick a sampler and a scheduler.\n",
    "# Inputs\n\n" + TABLE,
    "A status bar shows the *progress* of `KSampler`.\n",  # a word in prose alone is not a table's
    "| Input | Meaning |\n| --- | --- |\n| `limit` | how many images |\n",  # no enum: no value to get wrong
    "| Column | Meaning |\n| --- | --- |\n| Status | whether it ran |\n",  # spelled otherwise
])
def test_pages_about_something_else_are_not_worth_reading(text):
    assert not worth_reading(text)


@pytest.mark.parametrize("text", [
    "```python\nprint(1)\n```\n",
    "import Steps from '/snippets/steps.mdx'\n\n<Steps />\n",
    "Call `GET /api/jobs` to list them.\n",
    "Sort with `sort_by`.\n",
    "# Parameters\n\n| name | values |\n| --- | --- |\n| `status` | `pending`, `done` |\n",
    "| Field | Unit |\n| --- | --- |\n| `timestamp` | seconds |\n",
    "Set {/* jobs-checks-profile */} nothing.\n",
])
def test_pages_with_code_imports_routes_or_spec_words_are_worth_reading(text):
    assert worth_reading(text)


def test_a_page_without_fence_or_import_is_parsed_when_first_read(tmp_path):
    path = tmp_path / "inputs.mdx"
    text = "---\ntitle: Inputs\n---\n\n# Inputs\n\n" + TABLE + "\nSee {/* a note */} below.\n"
    path.write_text(text, encoding="utf-8")
    lazy = extract_page(str(path), config=Config(root=tmp_path))
    eager = extract_page(str(path), config=Config(root=tmp_path), lazy=False)
    assert not lazy.parsed and lazy.blocks == [] and lazy.imports == [] and lazy.frontmatter == {"title": "Inputs"}
    assert [c.text for c in lazy.comments] == ["a note"]
    assert lazy.tables == eager.tables and lazy.tables and lazy.parsed
    assert lazy.texts == eager.texts and lazy == eager


def test_a_page_with_a_fence_or_an_import_is_parsed_at_once(tmp_path):
    for name, text in {"code.mdx": "# Code\n\n```bash\nls\n```\n", "uses.mdx": "import A from './a.mdx'\n\n<A />\n"}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert extract_page(str(tmp_path / name), config=Config(root=tmp_path)).parsed


def test_a_lint_run_parses_only_the_pages_a_rule_reads(tmp_path, monkeypatch):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "nodes.mdx").write_text("# Nodes\n\n" + TABLE * 20, encoding="utf-8")
    (tmp_path / "jobs.mdx").write_text("# Jobs\n\n| name | values |\n| --- | --- |\n| `status` | `done` |\n", encoding="utf-8")
    parsed = []
    real = extract._parse_body

    def counting(path, *args):
        parsed.append(Path(path).name)
        return real(path, *args)

    monkeypatch.setattr(extract, "_parse_body", counting)
    lint_paths([str(tmp_path)], Config(root=tmp_path), jobs=1)
    assert parsed == ["jobs.mdx"]
    parsed.clear()
    lint_paths([str(tmp_path)], Config(root=tmp_path), jobs=1, shortcut=False)
    assert sorted(parsed) == ["jobs.mdx", "nodes.mdx"]


def test_a_mirror_that_lost_its_code_is_still_compared(tmp_path):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "zh").mkdir()
    (tmp_path / "run.mdx").write_text("# Run\n\n```python\nprint('/api/jobs')\n```\n", encoding="utf-8")
    (tmp_path / "zh" / "run.mdx").write_text("# 运行\n\n运行它。\n", encoding="utf-8")
    result = lint_paths([str(tmp_path / "zh")], Config(root=tmp_path, select={"JC601"}), jobs=1)
    assert [(Path(f.path).name, f.code) for f in result.findings] == [("run.mdx", "JC601")]


def test_parallel_runs_keep_the_shortcut_findings(tmp_path):
    source = REPO / "docs_snippets"
    pages = lint_paths([str(source)], config_for([str(source)]), jobs=1).files  # the published ones
    for index in range(engine.PARALLEL_THRESHOLD // pages + 2):
        shutil.copytree(source, tmp_path / f"copy{index:02d}")
    config = config_for([str(tmp_path / "copy00")])
    serial = lint_paths([str(tmp_path)], config, jobs=1, shortcut=False)
    parallel = lint_paths([str(tmp_path)], config, jobs=2)
    assert serial.files > engine.PARALLEL_THRESHOLD
    assert parallel.findings == serial.findings and parallel.errors == serial.errors


def test_the_cli_switch_turns_the_shortcut_off():
    from click.testing import CliRunner

    from checks.cli import main

    def report(*options):
        result = CliRunner().invoke(main, ["lint", "--no-cache", "--format", "json", *options, str(REPO / "docs_snippets")],
                                    catch_exceptions=False)
        return result.exit_code, result.stdout

    assert report("--no-shortcut") == report()
