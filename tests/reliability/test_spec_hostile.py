"""`spec diff` and `spec validate` on hostile documents: a clear error, nothing read outside the
document's folder, never a network request, bounded time and memory, no traceback."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from checks.apispec.diff import diff_document
from checks.apispec.diff_load import DiffInputError
from checks.apispec.validate_file import file_problems
from tests.reliability.cli import in_process, jobs_checks
from tests.reliability.hostile_servers import HostileServer
from tests.reliability.hostile_specs import OUTSIDE_CANARY, hostile_specs

TIME_CAP = 60.0

# file -> words of the one-line error both commands give (diff: exit 2; validate: exit 2, or 1 for a $ref problem)
UNREADABLE = {
    "malformed.yaml": "is not YAML or JSON", "not-utf8.yaml": "not a UTF-8 text file",
    "alias-bomb.yaml": "alias bomb", "alias-loop.yaml": "alias that contains itself",
    "deep.json": "nested too deeply", "huge.yaml": "are not read", "fifo.yaml": "not a regular file",
}
BAD_REFS = {
    "ref-loop.yaml": "part of a $ref loop", "ref-self-file.yaml": "part of a $ref loop",
    "ref-parent.yaml": "leads out of", "ref-absolute.yaml": "leads out of", "ref-symlink.yaml": "leads out of",
    "ref-remote.yaml": "is remote", "ref-file-url.yaml": "is remote",
}


class Watch:
    """Which files were opened and which addresses connected to while watching (a process-wide audit hook)."""

    active: "Watch | None" = None
    installed = False

    def __init__(self):
        self.opened: list[str] = []
        self.connected: list = []

    def __enter__(self):
        if not Watch.installed:
            sys.addaudithook(Watch._hook)  # hooks cannot be removed; it does nothing unless a Watch is active
            Watch.installed = True
        Watch.active = self
        return self

    def __exit__(self, *exc_info):
        Watch.active = None

    @staticmethod
    def _hook(event, args):
        watch = Watch.active
        if watch is None:
            return
        if event == "open" and isinstance(args[0], (str, bytes, Path)):
            watch.opened.append(str(args[0]))
        elif event in ("socket.connect", "socket.getaddrinfo"):
            watch.connected.append(args)


@pytest.fixture(scope="module")
def capture():
    with HostileServer("echo") as server:
        yield server


@pytest.fixture(scope="module")
def specs(tmp_path_factory, capture):
    base = tmp_path_factory.mktemp("specs")
    folder, outside = base / "spec", base / "outside"
    files = hostile_specs(folder, outside, remote_url=f"{capture.url}/schema.yaml")
    return base, folder, outside, files


@pytest.mark.parametrize("name", sorted({**UNREADABLE, **BAD_REFS}))
@pytest.mark.parametrize("command", ["diff", "validate"])
def test_a_hostile_document_gets_one_clear_line(specs, name, command):
    base, folder, _, _ = specs
    args = ("spec", "diff", f"spec/{name}", "--profile", "cloud") if command == "diff" else ("spec", "validate", f"spec/{name}")
    # a pipe would block a regressed reader forever: that one runs in a process that can be timed out
    ran = jobs_checks(*args, cwd=base, timeout=60) if name == "fifo.yaml" else in_process(*args, cwd=base)
    words = {**UNREADABLE, **BAD_REFS}[name]
    assert "Traceback" not in ran.output and OUTSIDE_CANARY not in ran.output
    if command == "validate" and name in BAD_REFS:
        assert ran.code == 1 and words in ran.stdout, ran.output  # a problem of the document, listed
    else:
        errors = ran.stderr.strip().splitlines()
        assert ran.code == 2 and len(errors) == 1 and words in errors[0], ran.output
    assert ran.seconds < TIME_CAP  # memory: see `make reliability`, which runs each in its own process


def test_nothing_outside_the_folder_is_read_and_no_connection_is_made(specs, capture):
    base, folder, outside, files = specs
    capture.requests.clear()
    with Watch() as watch:
        for name in files:
            for run in (lambda: diff_document("cloud", str(folder / name)), lambda: file_problems(folder / name)):
                try:
                    run()
                except DiffInputError:
                    pass
    outside_reads = [path for path in watch.opened if Path(path).resolve().is_relative_to(outside)
                     or Path(path).resolve().is_relative_to(base) and not Path(path).resolve().is_relative_to(folder)]
    assert not outside_reads, outside_reads
    assert any(Path(path).resolve().is_relative_to(folder) for path in watch.opened)  # the watch does see reads
    assert watch.connected == [] and capture.requests == []


def test_the_audit_hook_would_have_seen_a_connection(capture):
    with Watch() as watch:
        socket.create_connection(("127.0.0.1", int(capture.url.rsplit(":", 1)[1])), timeout=2).close()
    assert watch.connected
