"""Running `jobs-checks` as users do: its real entry point in a fresh process, environment and all."""

from __future__ import annotations

import os
import subprocess
import sys
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

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def jobs_checks(*args: str, env: dict | None = None, cwd=None, timeout: float = 300) -> Ran:
    """Run `jobs-checks ARGS` with `env` added to this environment; (exit code, stdout, stderr, seconds)."""
    started = time.monotonic()
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    done = subprocess.run([sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, env=environment,
                          cwd=cwd, timeout=timeout)
    return Ran(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def files_under(folder: Path) -> dict[Path, bytes]:
    """Every file below `folder` and its bytes (what a grep for a secret must cover)."""
    return {path: path.read_bytes() for path in Path(folder).rglob("*") if path.is_file()}
