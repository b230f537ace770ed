"""Run one program in a fresh temporary folder, with a timeout, and delete the folder after.

Python runs with this interpreter (the suite's environment, so `requests` is there), bash
with the system's `bash`, JavaScript with `node` when it is on PATH. TypeScript runs with
Node's own type stripping from Node 22.6, else through `typestrip` (erasable syntax only).
A program that cannot run here raises `CannotRun` with the reason, which becomes a skip.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from checks.examples.assemble import Program

FILE_STEM = "jobs_checks_example"
NODE_STRIPS_TYPES = (22, 6)
STACK_DUMP_SECONDS = 2.0
_ESM_HINTS = re.compile(r"^\s*(import\s|export\s)|\bawait\b", re.M)


class CannotRun(Exception):
    """This machine cannot run the program (no interpreter, syntax Node cannot take); a skip, not a failure."""


@dataclass(frozen=True)
class Run:
    exit_code: int | None  # None when it was stopped at the timeout
    timed_out: bool
    output: str  # stdout and stderr interleaved, as printed
    seconds: float
    program_path: str  # where the program lived (gone now; kept to rewrite its name in the output)
    workdir: str


@functools.lru_cache(maxsize=None)
def node_version(node: str) -> tuple[int, ...]:
    try:
        text = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def _node_module_suffix(code: str) -> str:
    """`.cjs` for CommonJS samples (`require(...)` and no ESM syntax), else `.mjs` (top-level await works)."""
    return ".cjs" if "require(" in code and not _ESM_HINTS.search(code) else ".mjs"


def command_for(program: Program) -> tuple[list[str], str, str]:
    """(argv before the file name, file name, code to write) for `program`; CannotRun when impossible."""
    language, code = program.language, program.code
    if language == "python":
        return [sys.executable], FILE_STEM + ".py", code
    if language == "bash":
        bash = shutil.which("bash")
        if bash is None:
            raise CannotRun("bash is not on PATH")
        return [bash], FILE_STEM + ".sh", code
    node = shutil.which("node")
    if node is None:
        raise CannotRun(f"node is not on PATH; {language} samples run only where Node.js (18+) is installed")
    if language == "javascript":
        return [node], FILE_STEM + _node_module_suffix(code), code
    if node_version(node) >= NODE_STRIPS_TYPES:
        suffix = ".cts" if _node_module_suffix(code) == ".cjs" else ".mts"
        return [node, "--experimental-strip-types"], FILE_STEM + suffix, code
    from checks.examples.typestrip import NotErasable, strip_types

    try:
        stripped = strip_types(code)
    except NotErasable as exc:
        version = ".".join(map(str, node_version(node))) or "unknown"
        raise CannotRun(f"TypeScript that types cannot simply be erased from ({exc}); Node {version} "
                        f"has no stripper of its own (22.6+ does)") from None
    return [node], FILE_STEM + _node_module_suffix(stripped), stripped


def run_program(program: Program, *, env: dict[str, str], timeout: float,
                files: dict[str, bytes] | None = None) -> Run:
    """Run `program` in a new temporary folder holding `files`; the folder is deleted afterwards."""
    argv, name, code = command_for(program)
    with tempfile.TemporaryDirectory(prefix="jobs-checks-example-") as workdir:
        path = os.path.join(workdir, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(code)
        for file_name, data in (files or {}).items():
            with open(os.path.join(workdir, file_name), "wb") as handle:
                handle.write(data)
        log = os.path.join(workdir, ".jobs-checks-output")
        started = time.monotonic()
        with open(log, "wb") as output:
            process = subprocess.Popen([*argv, name], cwd=workdir, env=env, stdin=subprocess.DEVNULL, stdout=output,
                                       stderr=subprocess.STDOUT, start_new_session=(os.name == "posix"))
            try:
                exit_code, timed_out = process.wait(timeout=timeout), False
            except subprocess.TimeoutExpired:
                _stop(process, dump_stack=program.language == "python")
                exit_code, timed_out = None, True
        seconds = time.monotonic() - started
        with open(log, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
    return Run(exit_code, timed_out, text, seconds, path, workdir)


def _stop(process: subprocess.Popen, dump_stack: bool = False) -> None:
    """Kill the program and anything it started (its own process group).

    A Python program is first sent SIGABRT: with PYTHONFAULTHANDLER set it prints where
    it was (most recent call first), which shows the loop that never ended.
    """
    if dump_stack and hasattr(signal, "SIGABRT"):
        try:
            process.send_signal(signal.SIGABRT)
            process.wait(timeout=STACK_DUMP_SECONDS)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover
            process.kill()
    except ProcessLookupError:
        pass
    process.wait()
