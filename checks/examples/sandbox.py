"""Run one program fenced in: what a docs sample from a pull request may see, use and leave behind.

A sample is code from whoever opened the pull request. It runs with an allow-listed
environment (PATH, locale, a fresh HOME and TMPDIR, and what the caller hands over: the
server URL, the test API key), in a fresh working folder, under resource limits (CPU
time, memory, processes, file size, open files), and when it ends or times out every
process it started is killed, orphans included.

Where the platform allows unprivileged namespaces (`unshare` on Linux), the program also
runs in its own user, mount, network and PID namespaces: every mount read-only, private
tmpfs scratch folders, the caller's home hidden, and no network but one loopback port
forwarded to the recording proxy in front of the server under test. `isolation()` says
which fences this machine puts up; reports print it, so nobody believes in a fence that
is not there. `checks.examples.sandbox_init` is the process that puts them up; `relay`
carries the one allowed port out of the network namespace; `pids` caps the process count
where an rlimit cannot.
"""

from __future__ import annotations

import functools
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from checks.examples.pids import Cgroup, pids_cgroup_root, user_tasks
from checks.examples.relay import Relay

LAUNCHER = Path(__file__).with_name("sandbox_init.py")
UNSHARE = ("--user", "--map-root-user", "--mount", "--net", "--pid", "--fork", "--kill-child")
LOCALE_NAMES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "TZ")
OUTPUT_KEPT = 1 << 20  # the last MiB of what a program printed is kept; the log itself stops at the file limit
GRACE_SECONDS = 15.0  # beyond the timeout and the stack dump, before the launcher itself is killed
_DIRS = ("home", "work", "tmp")


class SandboxUnavailable(Exception):
    """Isolation was required and this machine cannot provide it."""


@dataclass(frozen=True)
class Limits:
    """Per-process resource limits of a sample; `cpu_seconds=None` means the timeout plus five seconds."""

    cpu_seconds: int | None = None
    memory_bytes: int = 2 << 30  # writable private memory (RLIMIT_DATA): Node's WebAssembly reserves far more address space
    processes: int = 128  # threads count too
    file_bytes: int = 64 << 20  # largest file, also the size of each private tmpfs
    open_files: int = 1024

    def for_timeout(self, timeout: float) -> dict[str, int]:
        cpu = self.cpu_seconds if self.cpu_seconds is not None else math.ceil(timeout) + 5
        return {"cpu_seconds": cpu, "memory_bytes": self.memory_bytes, "processes": self.processes,
                "file_bytes": self.file_bytes, "open_files": self.open_files}


@dataclass(frozen=True)
class Isolation:
    """Which fences this machine puts up around a sample."""

    namespaces: bool  # network, filesystem and PID isolation
    why_not: str = ""  # when there are no namespaces
    process_limit: str = "rlimit"  # "rlimit", "cgroup", or why the count is not capped

    def lines(self) -> list[str]:
        """What a report says about it, one fence per line."""
        lines = ["environment: allow-listed (PATH, locale, a temp HOME and TMPDIR, the server URL and test key)",
                 "processes: all killed at the end and at the timeout"]
        if self.namespaces:
            lines += ["network: limited to the server under test (network namespace, one forwarded port)",
                      "filesystem: read-only; writes go to private temp folders; the caller's home is hidden"]
        else:
            lines += [f"network: NOT isolated ({self.why_not}); only the proxy variables steer requests",
                      f"filesystem: NOT isolated ({self.why_not}); the program may write wherever its user may"]
        limit = "CPU time, memory, file size, open files" + (", process count" if self.process_limit in ("rlimit", "cgroup") else "")
        lines.append(f"limits: {limit}" + ("" if self.process_limit in ("rlimit", "cgroup") else
                                          f"; process count NOT capped ({self.process_limit})"))
        return lines

    def record(self) -> dict:
        return {"namespaces": self.namespaces, "why_not": self.why_not, "process_limit": self.process_limit,
                "fences": self.lines()}


@dataclass(frozen=True)
class SandboxRun:
    exit_code: int | None  # None when stopped at the timeout; -N when killed by signal N
    timed_out: bool
    output: bytes  # stdout and stderr interleaved
    seconds: float
    workdir: str  # the program's working folder (gone now)
    home: str
    limit: str = ""  # the resource limit that stopped it, when one did
    cpu_seconds: float = 0.0
    max_rss_kb: int = 0
    leftovers_killed: int = 0  # processes still running when the program ended, killed
    notes: tuple[str, ...] = ()
    isolation: Isolation | None = None


# -- what this machine allows -------------------------------------------------------------------


def _caller_home() -> str | None:
    home = os.path.expanduser("~")
    return home if home not in ("~", "/") and os.path.isdir(home) else None


def keep_visible() -> list[str]:
    """Folders the interpreters live in: they stay readable even when they lie in the caller's home."""
    found = [sys.prefix, sys.base_prefix, os.path.dirname(os.path.realpath(sys.executable))]
    for name in ("node", "bash"):
        program = shutil.which(name)
        if program:
            found.append(os.path.dirname(os.path.dirname(os.path.realpath(program))))
    return list(dict.fromkeys(os.path.realpath(path) for path in found))


def _process_limit() -> str:
    if os.geteuid() != 0:
        # Outside a user namespace RLIMIT_NPROC counts all of the user's processes; /proc says how many there are.
        return "rlimit" if os.path.isdir("/proc/self/task") else "no /proc to count this user's processes by"
    if pids_cgroup_root():
        return "cgroup"
    return "running as root, which process rlimits do not bind, and no writable pids cgroup"


@functools.lru_cache(maxsize=1)
def isolation() -> Isolation:
    """Probe once per process: can a sample run in its own namespaces here?"""
    if not sys.platform.startswith("linux"):
        return Isolation(False, f"namespaces need Linux, this is {sys.platform}", _process_limit())
    if os.environ.get("JOBS_CHECKS_NO_NAMESPACES"):
        return Isolation(False, "JOBS_CHECKS_NO_NAMESPACES is set", _process_limit())
    unshare = shutil.which("unshare")
    if unshare is None:
        return Isolation(False, "`unshare` (util-linux) is not on PATH", _process_limit())
    with tempfile.TemporaryDirectory(prefix="jobs-checks-probe-") as root:
        config = _config(root, argv=["/bin/true"], env={}, timeout=1, limits=Limits(), port=None, probe=True)
        answer, launcher = _launch([unshare, *UNSHARE], root, config, wait=20)
    result = answer.get("result") or {}
    if result.get("ok"):
        return Isolation(True, "", _process_limit())
    reason = result.get("reason") or launcher.strip().splitlines()[-1:] or ["the namespaces could not be set up"]
    text = reason if isinstance(reason, str) else reason[0]
    return Isolation(False, f"unshare failed: {text}", _process_limit())


# -- running ------------------------------------------------------------------------------------


def base_environment(home: str, tmp: str) -> dict[str, str]:
    """PATH and the locale of the caller, a fresh HOME and TMPDIR: nothing else of the caller's."""
    env = {name: os.environ[name] for name in LOCALE_NAMES if name in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    env.update(PATH=os.environ.get("PATH") or os.defpath, HOME=home, TMPDIR=tmp, TMP=tmp, TEMP=tmp)
    return env


def _paths(root: str) -> tuple[str, str, str, str]:
    box = os.path.join(root, "box")
    return box, *(os.path.join(box, name) for name in _DIRS)


def _config(root: str, *, argv, env, timeout, limits: Limits, port, files=None, probe=False,
            namespaces=True, cgroup_procs=None, stack_dump=False) -> dict:
    box, home, work, tmp = _paths(root)
    control = os.path.join(root, "control")
    os.makedirs(control, exist_ok=True)
    os.makedirs(box, exist_ok=True)
    return {
        "probe": probe, "namespaces": namespaces, "box": box, "dirs": [home, work, tmp], "cwd": work,
        "files": {os.path.join(work, name): data.hex() for name, data in (files or {}).items()},
        "argv": argv, "env": env, "timeout": timeout, "limits": limits.for_timeout(timeout),
        "port": port, "relay_path": os.path.join(control, "relay.sock"), "keep_visible": [control, *keep_visible()],
        "caller_home": _caller_home(), "cgroup_procs": cgroup_procs,
        "stack_dump_signal": int(signal.SIGABRT) if stack_dump else None, "stack_dump_seconds": 2.0,
    }


def _launch(prefix: list[str], root: str, config: dict, *, wait: float, output=None,
            on_start=None) -> tuple[dict, str]:
    """Start the launcher, wait up to `wait` seconds, kill what is left; ({program_pid, result}, its stderr)."""
    read_end, write_end = os.pipe()
    config = {**config, "report_fd": write_end}
    config_path = os.path.join(root, "control", "config.json")
    with open(config_path, "w", encoding="utf-8") as handle:
        json.dump(config, handle)
    argv = [*prefix, sys.executable, "-I", "-S", str(LAUNCHER), config_path]
    streams = dict(stdout=output, stderr=subprocess.STDOUT) if output is not None else dict(
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, **streams, pass_fds=(write_end,),
                                   cwd=os.path.join(root, "control"), env={"PATH": os.environ.get("PATH") or os.defpath},
                                   start_new_session=True)
    finally:
        os.close(write_end)
    if on_start is not None:
        on_start(process)
    answer: dict = {}
    lines = _Lines(read_end, answer)
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        if answer.get("program_pid") and not config["namespaces"]:
            _kill_group(answer["program_pid"])  # the launcher hung: its program's group still goes
        process.wait()
    lines.finish()
    launcher_errors = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.stderr:
        process.stderr.close()
    return answer, launcher_errors


class _Lines:
    """Read the launcher's JSON lines on a thread, so a full pipe never blocks it."""

    def __init__(self, fd: int, answer: dict):
        self._fd, self._answer = fd, answer
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with os.fdopen(self._fd, "rb") as stream:
            for line in stream:
                try:
                    self._answer.update(json.loads(line))
                except ValueError:
                    continue

    def finish(self) -> None:
        self._thread.join(5)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


LIMIT_SIGNALS = {getattr(signal, "SIGXCPU", 24): "CPU time limit", getattr(signal, "SIGXFSZ", 25): "file size limit"}
_LIMIT_TEXTS = (("MemoryError", "memory limit"), ("heap out of memory", "memory limit"),
                ("Cannot allocate memory", "memory limit"), ("Fatal process out of memory", "memory limit"),
                ("Resource temporarily unavailable", "process limit"), ("File too large", "file size limit"),
                ("No space left on device", "temp space limit"),
                ("Too many open files", "open files limit"))


def limit_hit(exit_code: int | None, output: bytes) -> str:
    """Which limit stopped the program, judged by its signal or its last words; '' when none did."""
    if exit_code is not None and exit_code < 0 and -exit_code in LIMIT_SIGNALS:
        return LIMIT_SIGNALS[-exit_code]
    if exit_code:
        tail = output[-4000:].decode("utf-8", "replace")
        for text, limit in _LIMIT_TEXTS:
            if text in tail:
                return limit
    return ""


def _tail(path: str) -> tuple[bytes, int]:
    """(the last OUTPUT_KEPT bytes of the log, marked when cut; how many bytes the program printed)."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size <= OUTPUT_KEPT:
            return handle.read(), size
        handle.seek(size - OUTPUT_KEPT)
        kept = handle.read()
    cut = size - len(kept)
    return f"jobs-checks: ... {cut} bytes of output cut ...\n".encode() + kept.split(b"\n", 1)[-1], size


def run_sandboxed(argv: list[str], *, env: dict[str, str], timeout: float, files: dict[str, bytes] | None = None,
                  limits: Limits = Limits(), port: int | None = None, stack_dump: bool = False,
                  require_isolation: bool = False) -> SandboxRun:
    """Run `argv` (relative names resolve in its fresh working folder) fenced in; `env` comes on top of `base_environment`.

    `port`: the one loopback TCP port the program may reach (inside a network namespace it
    is forwarded to the same port on the host). Raises SandboxUnavailable when
    `require_isolation` is set and namespaces are not available.
    """
    fences = isolation()
    if require_isolation and not fences.namespaces:
        raise SandboxUnavailable(f"samples must run isolated (--sandbox require) but cannot here: {fences.why_not}")
    root = tempfile.mkdtemp(prefix="jobs-checks-sandbox-")
    relay = cgroup = None
    try:
        box, home, work, tmp = _paths(root)
        environment = {**base_environment(home, tmp), **env}
        numbers = limits
        if fences.process_limit == "rlimit" and not fences.namespaces:
            numbers = Limits(limits.cpu_seconds, limits.memory_bytes, user_tasks() + limits.processes,
                             limits.file_bytes, limits.open_files)
        elif fences.process_limit != "rlimit":
            numbers = Limits(limits.cpu_seconds, limits.memory_bytes, 0, limits.file_bytes, limits.open_files)
            if fences.process_limit == "cgroup":
                cgroup = Cgroup(limits.processes)
        config = _config(root, argv=argv, env=environment, timeout=timeout, limits=numbers, port=port, files=files,
                         namespaces=fences.namespaces, cgroup_procs=cgroup.procs if cgroup else None,
                         stack_dump=stack_dump)
        if fences.namespaces and port:
            relay = Relay(config["relay_path"], port)
        prefix = [shutil.which("unshare"), *UNSHARE] if fences.namespaces else []
        log_path = os.path.join(root, "control", "output.log")
        started = time.monotonic()
        with open(log_path, "wb") as log:
            answer, _ = _launch(prefix, root, config, wait=timeout + 2.0 + GRACE_SECONDS, output=log)
        seconds = time.monotonic() - started
        output, printed = _tail(log_path)
    finally:
        try:
            if relay is not None:
                relay.close()
            if cgroup is not None:
                cgroup.remove()
        finally:
            shutil.rmtree(root, ignore_errors=True)  # whatever went wrong, the sample's folders go
    result = answer.get("result") or {}
    notes = list(result.get("notes", []))
    if "setup_error" in result:
        notes.append(f"the sandbox could not be set up: {result['setup_error']}")
    elif not result:
        notes.append("the sandbox launcher did not report back; it was killed")
    timed_out = bool(result.get("timed_out", not result))
    exit_code = None if timed_out else result.get("exit_code", 127 if "setup_error" in result else None)
    return SandboxRun(exit_code=exit_code, timed_out=timed_out, output=output, seconds=result.get("seconds", seconds),
                      workdir=work, home=home,
                      limit=limit_hit(exit_code, output) or ("output size limit" if printed >= limits.file_bytes else ""),
                      cpu_seconds=result.get("cpu_seconds", 0.0), max_rss_kb=result.get("max_rss_kb", 0),
                      leftovers_killed=result.get("leftover_processes_killed", 0), notes=tuple(notes), isolation=fences)
