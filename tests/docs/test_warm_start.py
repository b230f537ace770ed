"""A warm run (every page answered by the result cache) loads no rule and no parser.

The rule catalogue, markdown-it and yaml are what a lint run spends its start-up on; when no
page has to be linted none of them is needed, and the report must still be the cold one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"

PROBE = (
    "import atexit, sys\n"
    "atexit.register(lambda: print(sorted(sys.modules), file=sys.stderr))\n"
    "from checks.cli import run\n"
    "sys.argv = ['jobs-checks', *sys.argv[1:]]\n"
    "run()\n"
)


def _lint(tree: Path, *arguments: str) -> tuple[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, "lint", "--exit-zero", "--cache-dir", str(tree.parent / "cache"),
                           *arguments, "."], capture_output=True, text=True, timeout=120, cwd=tree)
    assert done.returncode == 0, done.stderr
    return done.stdout, eval(done.stderr.strip().splitlines()[-1])  # noqa: S307 - our own probe's list of names


def _heavy(modules: list[str]) -> list[str]:
    return [name for name in modules if name.startswith(("checks.docs.rules.", "markdown_it", "yaml", "checks.docs.mdx",
                                                         "checks.docs.extract", "checks.samples"))]


def test_a_warm_run_imports_no_rule_module_and_no_parser_and_says_what_a_cold_one_said(tmp_path):
    tree = tmp_path / "docs"
    shutil.copytree(SNIPPETS, tree)
    for fmt in ("text", "json"):
        cold, cold_modules = _lint(tree, "--no-cache", "--format", fmt)
        assert _heavy(cold_modules)  # the probe sees what a run imports
        _lint(tree, "--format", fmt)  # fills the cache
        warm, warm_modules = _lint(tree, "--format", fmt)
        assert warm == cold and "JC" in warm
        assert _heavy(warm_modules) == []


def test_a_warm_sarif_report_still_lists_every_rule(tmp_path):
    tree = tmp_path / "docs"
    shutil.copytree(SNIPPETS, tree)
    cold, _ = _lint(tree, "--no-cache", "--format", "sarif")
    _lint(tree, "--format", "sarif")
    warm, warm_modules = _lint(tree, "--format", "sarif")
    assert warm == cold and '"JC101"' in warm
    assert any(name.startswith("checks.docs.rules.") for name in warm_modules)  # the catalogue, read when a format lists it
