"""Fixtures of the gate tests: an isolated git environment and a docs repository to work in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.docs.extract import clear_caches

from .helpers import GIT_ENV, commit_all, git, write_tree


@pytest.fixture
def git_env(monkeypatch):
    """The linter's own git calls see the same isolated settings as the test's."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


@pytest.fixture
def docs_repo(tmp_path, monkeypatch, git_env) -> Path:
    """A git repository holding TREE in one commit, the current directory for the test."""
    root = write_tree(tmp_path / "docs")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "base")
    monkeypatch.chdir(root)
    clear_caches()
    yield root
    clear_caches()
