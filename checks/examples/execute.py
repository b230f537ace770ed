"""Run one program in the sandbox (`checks.examples.sandbox`), with a timeout.

Python runs with this interpreter (the suite's environment, so `requests` is there), bash
with the system's `bash`, JavaScript with `node` when it is on PATH. TypeScript runs with
Node's own type stripping from Node 22.6, else through `typestrip` (erasable syntax only).
A program that cannot run here raises `CannotRun` with the reason, which becomes a skip.
The sandbox gives it a fresh working folder, HOME and TMPDIR, all deleted afterwards.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass

from checks.examples.assemble import Program
from checks.examples.sandbox import Isolation, Limits, run_sandboxed

FILE_STEM = "jobs_checks_example"
NODE_STRIPS_TYPES = (22, 6)
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
    limit: str = ""  # the resource limit that stopped it, if one did
    leftovers_killed: int = 0  # processes it left running, killed when it ended
    cpu_seconds: float = 0.0
    max_rss_kb: int = 0
    notes: tuple[str, ...] = ()  # trouble setting up the sandbox
    isolation: Isolation | None = None


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


def run_program(program: Program, *, env: dict[str, str], timeout: float, files: dict[str, bytes] | None = None,
                limits: Limits = Limits(), port: int | None = None, require_isolation: bool = False) -> Run:
    """Run `program` in the sandbox beside `files`; `env` is what it gets on top of PATH, locale, HOME, TMPDIR.

    `port` is the one loopback port it may reach where the network is isolated (the proxy).
    """
    argv, name, code = command_for(program)
    sandboxed = run_sandboxed([*argv, name], env=env, timeout=timeout, files={**(files or {}), name: code.encode("utf-8")},
                              limits=limits, port=port, stack_dump=program.language == "python",
                              require_isolation=require_isolation)
    text = sandboxed.output.decode("utf-8", errors="replace")
    return Run(sandboxed.exit_code, sandboxed.timed_out, text, sandboxed.seconds, os.path.join(sandboxed.workdir, name),
               sandboxed.workdir, sandboxed.limit, sandboxed.leftovers_killed, sandboxed.cpu_seconds,
               sandboxed.max_rss_kb, sandboxed.notes, sandboxed.isolation)
