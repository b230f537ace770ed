"""Stage timings (nested stages count once, `JOBS_CHECKS_TIMINGS` gets them from the CLI) and a lean start-up."""

from __future__ import annotations

import json
import time
from pathlib import Path

from click.testing import CliRunner

from checks.cli import main
from checks.docs import stages

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"


def _busy(seconds: float) -> None:
    until = time.process_time() + seconds
    while time.process_time() < until:
        pass


def test_a_nested_stage_is_not_counted_in_the_outer_one():
    stages.reset()
    with stages.stage("rules"):
        _busy(0.02)
        with stages.stage("parse"):
            _busy(0.05)
    seconds = stages.taken()
    assert seconds["parse"] >= 0.05 and 0.02 <= seconds["rules"] < 0.05
    assert stages.taken() == {}  # taken once


def test_worker_seconds_add_up_and_each_worker_keeps_its_peak():
    stages.reset()
    stages.add({"parse": 1.0}, 40.0, 101)
    stages.add({"parse": 0.5, "rules": 2.0}, 35.0, 101)
    stages.add({"rules": 1.0}, 50.0, 102)
    assert stages.taken() == {"parse": 1.5, "rules": 3.0}
    assert stages.memory()["workers"] == [40.0, 50.0]
    stages.reset()


def test_the_cli_writes_stage_seconds_where_asked(tmp_path, monkeypatch):
    where = tmp_path / "timings.json"
    monkeypatch.setenv("JOBS_CHECKS_TIMINGS", str(where))
    result = CliRunner().invoke(main, ["lint", "--no-cache", "--exit-zero", str(SNIPPETS)], catch_exceptions=False)
    assert result.exit_code == 0
    written = json.loads(where.read_text(encoding="utf-8"))
    seconds = written["seconds"]
    assert {"discover", "read", "parse", "rules", "report"} <= set(seconds)
    assert all(isinstance(value, float) and value >= 0 for value in seconds.values())
    assert written["peak_mb"]["main"] > 10 and written["peak_mb"]["workers"] == []  # a small tree: no workers


def test_without_the_variable_no_timings_are_written(tmp_path, monkeypatch):
    monkeypatch.delenv("JOBS_CHECKS_TIMINGS", raising=False)
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(main, ["lint", "--no-cache", "--exit-zero", str(SNIPPETS)], catch_exceptions=False)
    assert list(tmp_path.iterdir()) == []


def test_lint_and_version_never_import_the_contract_libraries(tmp_path):
    """Start-up stays lean: schemathesis and aiohttp belong to `contract` and `serve` only."""
    import subprocess
    import sys

    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print(sorted({m.split('.')[0] for m in sys.modules}), file=sys.stderr))\n"
        "from checks.cli import run\n"
        "sys.argv = ['jobs-checks', *sys.argv[1:]]\n"
        "run()\n"
    )
    for arguments in (["--version"], ["lint", "--no-cache", "--exit-zero", str(SNIPPETS)]):
        done = subprocess.run([sys.executable, "-c", probe, *arguments], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        loaded = done.stderr.strip().splitlines()[-1]
        assert "'schemathesis'" not in loaded and "'aiohttp'" not in loaded and "'checks'" in loaded
