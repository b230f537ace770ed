"""Capping how many processes a sample runs when its rlimit cannot: a pids cgroup (root only).

RLIMIT_NPROC does not bind root, so a sample run by root gets a pids cgroup of its own,
where the hierarchy is writable; removing the group afterwards also kills whatever is
still in it (only the sample's processes can be). `user_tasks` counts this user's tasks,
which RLIMIT_NPROC counts outside a user namespace.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def pids_cgroup_root() -> str | None:
    """A pids cgroup hierarchy this (root) process may create groups in, or None."""
    for folder in ("/sys/fs/cgroup/pids",):
        if os.path.isfile(os.path.join(folder, "cgroup.procs")) and os.access(folder, os.W_OK):
            return folder
    return None


class Cgroup:
    """A pids cgroup capping the process count of one sample (root only, where the hierarchy is writable)."""

    def __init__(self, limit: int):
        root = pids_cgroup_root()
        self.path = None
        if root is None:
            return
        path = os.path.join(root, f"jobs-checks-{os.getpid()}-{time.monotonic_ns()}")
        try:
            os.mkdir(path)
            Path(path, "pids.max").write_text(str(limit), encoding="ascii")
        except OSError:
            try:
                os.rmdir(path)  # a cgroup folder is removed empty-handed, its control files go with it
            except OSError:
                pass
            return
        self.path = path

    @property
    def procs(self) -> str | None:
        return os.path.join(self.path, "cgroup.procs") if self.path else None

    def remove(self) -> None:
        """Kill whatever is still in the group (only the sample's processes can be), then remove it."""
        for _ in range(100):
            if self.path is None:
                return
            try:
                os.rmdir(self.path)
                return
            except FileNotFoundError:
                return
            except OSError:
                self._kill_members()
                time.sleep(0.02)

    def _kill_members(self) -> None:
        try:
            members = Path(self.path, "cgroup.procs").read_text(encoding="ascii").split()
        except OSError:
            return
        for pid in members:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (OSError, ValueError):
                pass


def user_tasks() -> int:
    """Tasks (processes and threads) of this user now: outside a user namespace, RLIMIT_NPROC counts them all."""
    uid, count = os.getuid(), 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry}/task"))
            except OSError:
                continue
    return count
