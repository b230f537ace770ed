"""`lint --changed-since REF`: changed pages, their mirrors, English pages and importers, in a temporary git repo."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from checks.docs.changed import ChangedError, select_changed
from checks.docs.config import Config, load_config

from .helpers import GIT_ENV, commit_all, git, run_cli


def selected(ref: str = "main", *paths: str, config: Config | None = None) -> set[str]:
    selection = select_changed(ref, list(paths) or ["."], config or Config())
    return {path.replace(os.sep, "/") for path in selection.files}


def edit(path: str, text: str = "\nOne more sentence.\n") -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_nothing_changed_selects_nothing(docs_repo):
    assert selected() == set()


def test_a_changed_english_page_brings_its_mirrors(docs_repo):
    edit("development/cloud/other.mdx")
    assert selected() == {"development/cloud/other.mdx", "zh/development/cloud/other.mdx"}


def test_a_changed_mirror_brings_its_english_page_but_no_sibling_mirror(docs_repo):
    (docs_repo / "ja/development/cloud").mkdir(parents=True)
    (docs_repo / "ja/development/cloud/other.mdx").write_text("---\ntitle: 出力\n---\n", encoding="utf-8")
    commit_all(docs_repo, "ja")
    edit("zh/development/cloud/other.mdx")
    assert selected("HEAD") == {"zh/development/cloud/other.mdx", "development/cloud/other.mdx"}


def test_a_changed_snippet_brings_importers_through_snippets_and_their_mirrors(docs_repo):
    edit("snippets/cloud/setup.mdx")
    assert selected() == {
        "snippets/cloud/setup.mdx",
        "snippets/zh/cloud/setup.mdx",  # its translation
        "development/cloud/list.mdx",  # imports it
        "zh/development/cloud/list.mdx",  # the importer's mirror (and the translation's importer)
        "snippets/cloud/poll.mdx",  # a snippet importing it ...
        "development/cloud/poll.mdx",  # ... and the page importing that snippet
    }


def test_a_snippet_importing_nothing_changed_leaves_unrelated_pages_out(docs_repo):
    edit("snippets/cloud/poll.mdx")
    assert selected() == {"snippets/cloud/poll.mdx", "development/cloud/poll.mdx"}


def test_committed_staged_unstaged_and_untracked_changes_all_count(docs_repo):
    git(docs_repo, "checkout", "-q", "-b", "feature")
    edit("guide/intro.md")
    commit_all(docs_repo, "committed")
    edit("development/cloud/poll.mdx")
    git(docs_repo, "add", "development/cloud/poll.mdx")
    edit("development/cloud/other.mdx")
    (docs_repo / "guide/new.mdx").write_text("# New\n", encoding="utf-8")
    assert selected() == {
        "guide/intro.md",
        "development/cloud/poll.mdx",
        "development/cloud/other.mdx",
        "zh/development/cloud/other.mdx",
        "guide/new.mdx",
    }


def test_the_merge_base_is_compared_not_the_tip_of_ref(docs_repo):
    git(docs_repo, "checkout", "-q", "-b", "feature")
    edit("guide/intro.md")
    commit_all(docs_repo, "feature work")
    git(docs_repo, "checkout", "-q", "main")
    edit("development/cloud/other.mdx")
    commit_all(docs_repo, "main moved on")
    git(docs_repo, "checkout", "-q", "feature")
    assert selected("main") == {"guide/intro.md"}


def test_a_renamed_page_is_followed_to_its_new_path(docs_repo):
    git(docs_repo, "checkout", "-q", "-b", "feature")
    git(docs_repo, "mv", "guide/intro.md", "guide/welcome.md")
    commit_all(docs_repo, "rename")
    assert selected() == {"guide/welcome.md"}


def test_a_renamed_snippet_brings_the_pages_still_importing_its_old_path(docs_repo):
    git(docs_repo, "checkout", "-q", "-b", "feature")
    git(docs_repo, "mv", "snippets/cloud/poll.mdx", "snippets/cloud/wait.mdx")
    commit_all(docs_repo, "rename snippet")
    assert selected() == {"snippets/cloud/wait.mdx", "development/cloud/poll.mdx"}


def test_a_deleted_english_page_brings_its_orphaned_mirror(docs_repo):
    git(docs_repo, "rm", "-q", "development/cloud/other.mdx")
    assert selected() == {"zh/development/cloud/other.mdx"}


def test_paths_bound_the_selection_after_expansion(docs_repo):
    edit("development/cloud/other.mdx")
    assert selected("main", "zh") == {"zh/development/cloud/other.mdx"}


def test_a_changed_lint_configuration_selects_every_page(docs_repo):
    (docs_repo / "jobs-checks.toml").write_text('ignore = ["JC003"]\n', encoding="utf-8")
    selection = select_changed("main", ["."], load_config(docs_repo))
    assert len(selection.files) == 9 and "jobs-checks.toml" in selection.everything


def test_a_docs_root_marker_added_selects_every_page(docs_repo):
    (docs_repo / "guide/mint.json").write_text("{}\n", encoding="utf-8")
    assert len(select_changed("main", ["."], Config()).files) == 9


def test_an_edited_docs_json_is_navigation_not_a_new_root(docs_repo):
    (docs_repo / "docs.json").write_text('{"navigation": []}\n', encoding="utf-8")
    assert selected() == set()


def test_an_unknown_ref_is_a_clear_error(docs_repo):
    with pytest.raises(ChangedError, match=r"'nope' is not a commit in this clone.*fetch-depth: 0"):
        select_changed("nope", ["."], Config())


def test_outside_a_git_checkout_is_a_clear_error(tmp_path, git_env, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "page.mdx").write_text("# Page\n", encoding="utf-8")
    with pytest.raises(ChangedError, match="needs a git checkout"):
        select_changed("main", [str(tmp_path)], Config())


def test_a_shallow_clone_without_the_base_says_so(docs_repo, tmp_path, monkeypatch):
    edit("guide/intro.md")
    commit_all(docs_repo, "second")
    base = git(docs_repo, "rev-parse", "HEAD~1")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{docs_repo}", str(clone)],
                   check=True, capture_output=True, env={**os.environ, **GIT_ENV})
    monkeypatch.chdir(clone)
    with pytest.raises(ChangedError, match="shallow clone"):
        select_changed(base, ["."], Config())


# -- through the command line -----------------------------------------------------------------


def test_cli_lints_only_the_selection_and_says_why(docs_repo):
    edit("snippets/cloud/poll.mdx", "\n```python\nprint(undefined_thing)\n```\n")
    result = run_cli("lint", "--no-cache", "--format", "json", "--changed-since", "main")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 2
    assert {f["path"] for f in report["findings"]} == {"snippets/cloud/poll.mdx"}
    assert "1 docs files changed since" in result.stderr and "linting 2" in result.stderr


def test_cli_missing_ref_is_one_line_and_exit_two(docs_repo):
    result = run_cli("lint", "--changed-since", "origin/main", ".")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "'origin/main' is not a commit" in result.stderr
    assert "Traceback" not in result.output


def test_cli_with_no_changes_reports_zero_files(docs_repo):
    result = run_cli("lint", "--no-cache", "--changed-since", "main")
    assert result.exit_code == 0 and result.stdout.strip() == "no findings in 0 files"
