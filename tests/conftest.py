"""Shared test fixtures: paths, recordings, and a deterministic hypothesis profile."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("jobs-checks", database=None, deadline=None, derandomize=False)
settings.load_profile("jobs-checks")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("JOBS_CHECKS_SHARED", REPO.parent / "shared"))
RECORDED = SHARED / "recorded"


def recordings() -> list[Path]:
    """Every recorded exchange, or [] when ../shared is not beside the checkout."""
    if not RECORDED.is_dir():
        return []
    return sorted(RECORDED.glob("*/*.json"))


def load_recording(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _isolated_lint_cache(tmp_path_factory, monkeypatch):
    """Lint runs in tests keep their result cache in a temp folder, never in the checkout."""
    monkeypatch.setenv("JOBS_CHECKS_CACHE_DIR", str(tmp_path_factory.mktemp("lint-cache")))


@pytest.fixture
def repo() -> Path:
    return REPO
