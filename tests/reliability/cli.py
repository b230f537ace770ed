"""Running `jobs-checks` as users do: its real entry point in a fresh process, environment and all
(`jobs_checks`), or, where a fresh process adds nothing but time, through click's runner (`in_process`)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The console entry point, plus a note of the process's own peak RSS (VmHWM) at exit: the
# rusage of a child counts the memory its parent had when it forked, VmHWM only its own.
ENTRY = """
import atexit, os, sys
def _peak():
    where = os.environ.get("JOBS_CHECKS_PEAK_FILE")
    if where:
        with open("/proc/self/status") as status, open(where, "w") as out:
            out.write(next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0"))
atexit.register(_peak)
from checks.cli import run
sys.argv[0] = "jobs-checks"
run()
"""


@dataclass
class Ran:
    code: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float = 0.0  # peak resident memory of the jobs-checks process

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def jobs_checks(*args: str, env: dict | None = None, cwd=None, timeout: float = 300) -> Ran:
    """Run `jobs-checks ARGS` with `env` added to this environment; its exit code, output, time and peak memory."""
    peak = tempfile.NamedTemporaryFile(prefix="jobs-checks-peak-", delete=False)
    peak.close()
    environment = {**os.environ, "PYTHONPATH": str(REPO), "JOBS_CHECKS_PEAK_FILE": peak.name, **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        process = subprocess.Popen([sys.executable, "-c", ENTRY, *args], stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=err, env=environment, cwd=cwd)
        timer = threading.Timer(timeout, process.kill)  # wait4 has no timeout of its own
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        try:
            with open(peak.name, encoding="ascii") as handle:
                peak_kb = int(handle.read() or 0)
        except (OSError, ValueError):
            peak_kb = usage.ru_maxrss  # no /proc: the rusage figure, an upper bound
        os.unlink(peak.name)
        return Ran(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, peak_kb / 1024)


def in_process(*args: str, cwd=None) -> Ran:
    """`jobs-checks ARGS` inside this process (click's runner): fast, for tests that need no fresh process.

    Exceptions are not caught, so a traceback fails the test; peak memory is not measured.
    """
    from click.testing import CliRunner

    from checks.cli import main

    started = time.monotonic()
    previous = os.getcwd()
    os.chdir(cwd or previous)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(previous)
    return Ran(result.exit_code, result.stdout, result.stderr, time.monotonic() - started)


def files_under(folder: Path) -> dict[Path, bytes]:
    """Every file below `folder` and its bytes (what a grep for a secret must cover)."""
    return {path: path.read_bytes() for path in Path(folder).rglob("*") if path.is_file()}
