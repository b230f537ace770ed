"""The runnable pages of the sample tree: the complete example passes, its broken twins fail as they should.

Both broken twins are lint-clean (no rule speaks about comparing a response's `status` or
reading a file's fields): only running them shows the defect. Their twins in `fixed/` pass.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checks.docs.config import load_config
from checks.examples.outcomes import FAILED, PASSED, SKIPPED, TIMED_OUT
from checks.examples.report import render
from checks.examples.runner import RunOptions, run_examples

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
CLOUD = SNIPPETS / "development" / "cloud"
FIXED = SNIPPETS / "fixed" / "development" / "cloud"
PAGES = ("run-a-job.mdx", "run-a-job-wrong-status.mdx", "run-a-job-missing-field.mdx")
OTHER_LANGUAGES = ("bash", "javascript", "typescript")
NODE_VERDICT = PASSED if shutil.which("node") else SKIPPED


def _run(folder: Path, timeout: float):
    options = RunOptions(paths=[str(folder / page) for page in PAGES], timeout=timeout, config=load_config(folder))
    return run_examples(options)


@pytest.fixture(scope="module")
def seeded():
    return _run(CLOUD, timeout=4.0)  # room for at least two polls on a slow machine


def verdicts(result, page: str) -> dict[str, object]:
    return {o.language: o for o in result.outcomes if Path(o.page).name == page}


def line_of(page: Path, text: str) -> int:
    return next(n for n, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_the_complete_example_passes_in_every_language(seeded):
    found = verdicts(seeded, "run-a-job.mdx")
    assert found["python"].verdict == PASSED and found["python"].blocks == 4
    assert found["bash"].verdict == PASSED
    assert {found[name].verdict for name in ("javascript", "typescript")} == {NODE_VERDICT}


def test_waiting_for_a_status_the_api_never_returns_times_out_at_the_loop(seeded):
    page = CLOUD / "run-a-job-wrong-status.mdx"
    outcome = verdicts(seeded, page.name)["python"]
    assert outcome.verdict == TIMED_OUT
    assert line_of(page, "while True:") <= outcome.line <= line_of(page, "time.sleep(1)")
    assert 'each answered 200 with status "completed"' in outcome.hint
    assert outcome.last_exchange.path.startswith("/api/jobs/") and '"status": "completed"' in outcome.last_exchange.body
    assert all(verdicts(seeded, page.name)[name].verdict in (PASSED, SKIPPED) for name in OTHER_LANGUAGES)


def test_reading_a_field_the_job_does_not_have_fails_at_that_line(seeded):
    page = CLOUD / "run-a-job-missing-field.mdx"
    outcome = verdicts(seeded, page.name)["python"]
    assert outcome.verdict == FAILED and outcome.exit_code == 1
    assert outcome.line == line_of(page, 'item["url"]')
    assert outcome.reason == "exit code 1: KeyError: 'url'"
    assert outcome.hint.startswith('the code reads a field "url" that the last response (GET /api/jobs/')


def test_the_run_exits_1_and_no_report_shows_the_api_key(seeded):
    assert seeded.exit_code == 1 and seeded.errors == []
    for fmt in ("text", "json", "github", "junit"):
        assert "test-key-alice" not in render(fmt, seeded)


def test_the_fixed_twins_all_pass():
    result = _run(FIXED, timeout=20.0)
    not_passed = {(Path(o.page).name, o.language): o.verdict for o in result.outcomes if o.verdict != PASSED}
    expected = {} if NODE_VERDICT == PASSED else {(page, name): SKIPPED for page in PAGES for name in OTHER_LANGUAGES[1:]}
    assert not_passed == expected
    assert result.exit_code == 0 and len(result.outcomes) == 12
