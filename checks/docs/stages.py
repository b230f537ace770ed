"""Where a lint run's time and memory go: CPU seconds per stage (discover, read, parse, rules,
...) and the peak memory of each process.

Stages nest (a rule reading a lazily parsed page starts a parse); each second counts for
the innermost stage only, so the stages add up to the time measured. CPU time, not wall
time, so other programs sharing the machine do not inflate them. Worker processes measure
their own and the engine adds them up. Numbers for `bench/`, never for a test.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections import Counter

_seconds: Counter = Counter()
_worker_peaks: dict[int, float] = {}  # worker pid -> its peak resident memory (MB)
_open: list[str] = []  # the stages entered, innermost last
_since = [0.0]


def _switch(now: float) -> None:
    if _open:
        _seconds[_open[-1]] += now - _since[0]
    _since[0] = now


class stage:  # noqa: N801 - used like a function: `with stage("parse"):`
    """Count the time spent inside (minus nested stages) for `name`."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        _switch(time.process_time())
        _open.append(self.name)

    def __exit__(self, *exc_info):
        _switch(time.process_time())
        _open.pop()


def taken() -> dict[str, float]:
    """Seconds per stage so far, and forget them (a worker hands its own to the engine)."""
    found = dict(_seconds)
    _seconds.clear()
    return found


def reset() -> None:
    """Start counting afresh (a forked worker inherits its parent's counts and open stages)."""
    _seconds.clear()
    _open.clear()
    _worker_peaks.clear()


def add(seconds: dict[str, float], peak: float | None = None, pid: int | None = None) -> None:
    """Count a worker's seconds in this process's stages, and remember its peak memory."""
    _seconds.update(seconds)
    if peak is not None and pid is not None:
        _worker_peaks[pid] = max(peak, _worker_peaks.get(pid, 0.0))


def peak_memory() -> float:
    """This process's peak resident memory so far, in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, kB elsewhere


def memory() -> dict:
    """Peak resident memory (MB) of this process and of each worker it ran."""
    return {"main": round(peak_memory(), 1), "workers": [round(peak, 1) for _, peak in sorted(_worker_peaks.items())],
            "pid": os.getpid()}
