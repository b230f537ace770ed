"""`jobs-checks lint` on a tree of hostile files: one clear finding per file, the rest linted, no traceback.

The tree (`hostile_inputs.hostile_tree`) holds binary and invalid UTF-8 pages, BOM/CRLF
and CR-only line ends, a 50 MB page, 10,000-deep nesting of eight constructs, symlink
loops, a dangling link, a named pipe, a malformed docs.json and an unreadable file,
beside one plain page whose defect must still be found. Time and memory caps here are
generous; `make reliability` prints what they really are.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.reliability.cli import jobs_checks
from tests.reliability.hostile_inputs import GOOD_LINE, GOOD_PAGE, hostile_tree

TIME_CAP = 120.0
MEMORY_CAP_MB = 1500.0
AS_ROOT = os.geteuid() == 0

# path -> (code, words of its message) every run must report for it; None: linted, any findings, no JC001
EXPECTED = {
    "binary.mdx": ("JC001", "not UTF-8"),
    "invalid-utf8.mdx": ("JC001", "not UTF-8"),
    "utf16.mdx": ("JC001", "not UTF-8"),
    "unclosed-frontmatter.mdx": ("JC001", "never closed"),
    "development/cloud/big.mdx": ("JC001", "more than a docs page may hold"),
    "links/self.mdx": ("JC001", "symbolic links"),
    "links/a.mdx": ("JC001", "symbolic links"),
    "links/b.mdx": ("JC001", "symbolic links"),
    "links/dangling.mdx": ("JC001", "No such file"),
    "fifo.mdx": ("JC001", "named pipe"),
    "deep/javascript.mdx": ("JC001", "nested too deeply"),
    "deep/json.mdx": ("JC001", "nested too deeply"),
    "deep/python.mdx": ("JC701", "too many nested parentheses"),
    "locked.mdx": ("JC201", "sort_by=created_at") if AS_ROOT else ("JC001", "Permission denied"),
    GOOD_PAGE: ("JC201", "sort_by=created_at"),
    "development/cloud/bom-crlf.mdx": ("JC201", "sort_by=created_at"),
    "cr-only.mdx": ("JC201", "sort_by=created_at"),
}
QUIET = ("nul.mdx", "yaml-bomb.mdx", "empty.mdx", "long-line.mdx", "deep/blockquotes.mdx", "deep/lists.mdx",
         "deep/ordered.mdx", "deep/jsx.mdx", "deep/fences.mdx", "deep/comments.mdx")


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "docs"
    files = hostile_tree(root)
    yield root, files
    (root / "locked.mdx").chmod(0o644)


@pytest.fixture(scope="module", params=["1 worker", "2 workers"])
def ran(request, tree):
    root, _ = tree
    jobs = "1" if request.param == "1 worker" else "2"
    result = jobs_checks("lint", str(root), "--format", "json", "--no-cache", "-j", jobs, cwd=root.parent)
    return result, tree[1], json.loads(result.stdout or "{}")


def _findings(report) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in report["findings"]:
        found.setdefault(finding["path"].removeprefix("docs/"), []).append(finding)
    return found


def test_the_run_ends_with_input_errors_and_no_traceback(ran):
    result, files, report = ran
    assert result.code == 2, result.output  # unreadable input, everything else reported
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert report["summary"]["files"] == len(files)  # every file was looked at, none skipped


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_hostile_file_gets_its_clear_finding(ran, path):
    code, words = EXPECTED[path]
    found = _findings(ran[2]).get(path, [])
    assert any(f["code"] == code and words in f["message"] for f in found), found


def test_the_plain_pages_defect_is_found_on_its_line_whatever_its_neighbours_do(ran):
    found = _findings(ran[2])
    for path in (GOOD_PAGE, "development/cloud/bom-crlf.mdx", "cr-only.mdx"):
        assert [f["line"] for f in found[path] if f["code"] == "JC201"] == [GOOD_LINE], path


@pytest.mark.parametrize("path", QUIET)
def test_awkward_but_readable_files_are_linted_without_a_read_error(ran, path):
    assert not [f for f in _findings(ran[2]).get(path, []) if f["code"] == "JC001"]


def test_every_unreadable_file_is_named_once_on_stderr(ran):
    result, _, _ = ran
    named = [line for line in result.stderr.splitlines() if line.startswith("jobs-checks: error: ")]
    unreadable = [path for path, (code, _) in EXPECTED.items()
                  if code == "JC001" and path not in ("deep/javascript.mdx", "deep/json.mdx", "unclosed-frontmatter.mdx")]
    for path in unreadable:
        assert sum(f"docs/{path}: " in line for line in named) == 1, (path, named)


def test_time_and_memory_stay_bounded(ran):
    result, _, _ = ran
    assert result.seconds < TIME_CAP and result.max_rss_mb < MEMORY_CAP_MB
