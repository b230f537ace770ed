"""The lint cache corrupted in every way a disk, a crash or a hand can corrupt it, or written by
several runs at once: the findings are always those of a run without a cache."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reliability.cli import in_process, jobs_checks
from tests.reliability.hostile_inputs import good_page

PAGES = {
    "development/cloud/a.mdx": good_page(),
    "development/cloud/b.mdx": good_page().replace("sort_by=created_at", "sort_by=create_time&output_type=gif"),
    "development/comfyui-server/c.mdx": good_page().replace("jobs-checks-profile: cloud", "jobs-checks-profile: comfyui"),
    "development/cloud/clean.mdx": good_page().replace("created_at", "create_time"),
}


def _tree(root: Path) -> Path:
    for relative, text in PAGES.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    (root / "docs.json").write_text("{}", encoding="utf-8")
    return root


def _lint(docs: Path, cache: Path | None, fresh_process: bool = False):
    """(run, findings) of `lint --format json` over `docs`; a fresh process when runs must be truly concurrent."""
    from checks.docs.extract import clear_caches

    args = ["lint", str(docs), "--format", "json", *(["--cache-dir", str(cache)] if cache else ["--no-cache"])]
    if fresh_process:
        ran = jobs_checks(*args, cwd=docs.parent)
    else:
        clear_caches()  # an earlier run in this process must not answer for the files
        ran = in_process(*args, cwd=docs.parent)
    assert "Traceback" not in ran.output, ran.output
    return ran, [(f["path"], f["line"], f["column"], f["code"], f["message"]) for f in json.loads(ran.stdout)["findings"]]


@pytest.fixture
def docs(tmp_path):
    return _tree(tmp_path / "docs")


@pytest.fixture
def expected(docs):
    ran, found = _lint(docs, None)
    assert ran.code == 1 and found
    return found


def _results_file(cache: Path) -> Path:
    (found,) = cache.glob("results-*.json")
    return found


def _corrupt(kind: str, file: Path) -> None:
    text = file.read_text(encoding="utf-8")
    document = json.loads(text)
    entries = document["entries"]
    first = next(iter(entries))
    if kind == "truncated":
        file.write_text(text[: len(text) // 2], encoding="utf-8")
    elif kind == "random bytes":
        file.write_bytes(os.urandom(4096))
    elif kind == "empty":
        file.write_bytes(b"")
    elif kind == "a list":
        file.write_text("[]", encoding="utf-8")
    elif kind == "entries a list":
        file.write_text(json.dumps({**document, "entries": []}), encoding="utf-8")
    elif kind == "entry a string":
        file.write_text(json.dumps({**document, "entries": {**entries, first: "x"}}), encoding="utf-8")
    elif kind == "deps not a mapping":
        file.write_text(json.dumps({**document, "entries": {**entries, first: {**entries[first], "deps": 3}}}))
    elif kind == "finding with wrong types":
        bad = [{**record, "line": "nine", "column": None} for record in entries[first]["findings"]] or [{"line": "x"}]
        file.write_text(json.dumps({**document, "entries": {**entries, first: {**entries[first], "findings": bad}}}))
    elif kind == "finding with unknown fields":
        bad = [{**record, "surprise": 1} for record in entries[first]["findings"]] or [{"surprise": 1}]
        file.write_text(json.dumps({**document, "entries": {**entries, first: {**entries[first], "findings": bad}}}))
    elif kind == "findings not a list":
        file.write_text(json.dumps({**document, "entries": {**entries, first: {**entries[first], "findings": {"a": 1}}}}))
    elif kind == "a folder":
        file.unlink()
        file.mkdir()
    elif kind == "a named pipe":
        file.unlink()
        os.mkfifo(file)
    elif kind == "deep JSON":
        file.write_text('{"format": 2, "entries": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    else:
        raise ValueError(kind)


CORRUPTIONS = ["truncated", "random bytes", "empty", "a list", "entries a list", "entry a string", "deps not a mapping",
               "finding with wrong types", "finding with unknown fields", "findings not a list", "a folder",
               "a named pipe", "deep JSON"]


@pytest.mark.parametrize("kind", CORRUPTIONS)
def test_a_corrupted_cache_gives_the_findings_of_a_run_without_one(tmp_path, docs, expected, kind):
    cache = tmp_path / "cache"
    cold, found = _lint(docs, cache)
    assert found == expected
    _corrupt(kind, _results_file(cache))
    for attempt in ("corrupted", "rewritten"):
        ran, found = _lint(docs, cache, fresh_process=kind == "a named pipe")  # a regression would block: time it out
        assert found == expected, attempt
        assert ran.code == 1 and ran.seconds < 60


def test_a_cache_folder_that_is_a_file_is_a_usage_error_and_is_left_alone(tmp_path, docs):
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    ran = jobs_checks("lint", str(docs), "--cache-dir", str(cache), cwd=tmp_path)
    assert ran.code == 2 and "is a file" in ran.stderr and "Traceback" not in ran.output
    assert cache.read_text(encoding="utf-8") == "not a folder"  # nothing of the user's is overwritten


def test_an_unwritable_cache_costs_a_warning_and_nothing_else(tmp_path, docs, expected):
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    cache = tmp_path / "a-file" / "cache"  # beneath a file: the folder cannot be made
    ran, found = _lint(docs, cache)
    assert found == expected and "warning: cache not written" in ran.stderr


def _many_at_once(docs: Path, cache: Path, runs: int = 4):
    with ThreadPoolExecutor(runs) as pool:
        return list(pool.map(lambda _: _lint(docs, cache, fresh_process=True), range(runs)))


def test_runs_writing_one_cache_at_once_all_get_the_right_findings(tmp_path, docs, expected):
    cache = tmp_path / "cache"
    for _ in range(2):  # cold, then warm while others rewrite
        for ran, found in _many_at_once(docs, cache):
            assert ran.code == 1 and found == expected
    page = docs / "development" / "cloud" / "clean.mdx"
    page.write_text(page.read_text(encoding="utf-8").replace("create_time", "created_at"), encoding="utf-8")
    changed = _lint(docs, None)[1]
    assert changed != expected
    for ran, found in _many_at_once(docs, cache):
        assert found == changed
    json.loads(_results_file(cache).read_text(encoding="utf-8"))  # what is left is whole
    assert not list(cache.glob(".results-*.tmp"))  # no temporary file left behind


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_cache_committed_to_the_repository_is_not_trusted(tmp_path, docs, expected):
    """A pull request could commit a results file that hides its findings: such a cache is ignored."""
    repo = docs.parent
    cache = repo / ".jobs-checks-cache"
    _lint(docs, cache)
    file = _results_file(cache)
    document = json.loads(file.read_text(encoding="utf-8"))
    for entry in document["entries"].values():
        entry["findings"] = []  # a forged cache: every page clean
    file.write_text(json.dumps(document), encoding="utf-8")
    (cache / ".gitignore").unlink()
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "plant a cache"]):
        subprocess.run(["git", *command], cwd=repo, check=True, env={**os.environ, **env})
    ran, found = _lint(docs, cache)
    assert found == expected, "the planted cache hid the findings"
    assert "committed to the repository" in ran.stderr
    assert json.loads(file.read_text(encoding="utf-8")) == document  # the committed file is left as it was
