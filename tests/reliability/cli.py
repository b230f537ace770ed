"""Running `jobs-checks` as users do: its real entry point in a fresh process, environment and all."""

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
ENTRY = "import sys; from checks.cli import run; sys.argv[0] = 'jobs-checks'; run()"


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
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
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
        return Ran(process.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)


def files_under(folder: Path) -> dict[Path, bytes]:
    """Every file below `folder` and its bytes (what a grep for a secret must cover)."""
    return {path: path.read_bytes() for path in Path(folder).rglob("*") if path.is_file()}
