"""Which processes are alive on this machine, seen from outside any sandbox (the host's /proc)."""

from __future__ import annotations

import os
import time


def running(argv: list[str]) -> list[int]:
    """Pids of live (not zombie) processes whose command line is exactly `argv`."""
    wanted = "\0".join(argv).encode() + b"\0"
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                if handle.read() != wanted:
                    continue
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                if handle.read().rsplit(") ", 1)[1].startswith(("Z", "X")):
                    continue
        except OSError:
            continue
        found.append(int(entry))
    return found


def gone(argv: list[str], within: float = 5.0) -> bool:
    """True once no process runs `argv` (waiting up to `within` seconds for the kernel to finish killing)."""
    deadline = time.monotonic() + within
    while running(argv):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
