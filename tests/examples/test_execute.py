"""Running one program: interpreters, temp folders, timeouts, and errors shown as page lines."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from checks.examples import execute
from checks.examples.assemble import assemble
from checks.examples.diagnose import STOPPED, rewrite_output, tail
from checks.examples.execute import CannotRun, command_for, run_program
from checks.examples.plan import Piece
from checks.examples.substitute import Target
from tests.reliability.processes import gone, running

PAGE = "docs/page.mdx"
needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not on PATH")


def program(language: str, *blocks: str, first_line: int = 10):
    """A program from blocks that sit 20 lines apart on PAGE, starting at `first_line`."""
    pieces = [Piece(code, PAGE, first_line + 20 * index) for index, code in enumerate(blocks)]
    return assemble(PAGE, language, pieces, Target("http://127.0.0.1:9"))


def run(prog, timeout: float = 20.0, **options):
    result = run_program(prog, env=dict(os.environ, PYTHONFAULTHANDLER="1"), timeout=timeout, **options)
    text, where = rewrite_output(result.output, prog, result, {})
    return result, text, where


def test_a_passing_python_program_runs_in_a_temp_folder_that_is_deleted(tmp_path):
    prog = program("python", "import os\nprint(sorted(os.listdir('.')))", "print(open('input.json').read())")
    result, text, _ = run(prog, files={"input.json": b'{"a": 1}'})
    assert result.exit_code == 0 and not result.timed_out
    assert "input.json" in text and '{"a": 1}' in text
    assert not os.path.exists(result.workdir)


def test_a_python_traceback_names_the_page_line():
    result, text, where = run(program("python", "x = 1", "y = {}\nprint(y['missing'])"))
    assert result.exit_code == 1
    assert where == (PAGE, 31)
    assert 'File "docs/page.mdx", line 31' in text and "jobs_checks_example" not in text


def test_a_python_timeout_is_stopped_and_shows_where_it_was():
    loop = "import time\nwhile True:\n    time.sleep(0.05)"
    result, text, where = run(program("python", "print('start', flush=True)", loop), timeout=2.0)
    assert result.timed_out and result.exit_code is None
    assert where in {(PAGE, 31), (PAGE, 32)}  # the loop, wherever the signal found it
    assert STOPPED in tail(text, timed_out=True)


def test_bash_stops_at_the_first_failing_command_and_names_its_line():
    result, text, where = run(program("bash", "echo first", "false\necho never"))
    assert result.exit_code == 1 and "never" not in text
    assert where == (PAGE, 30)


def test_a_timeout_stops_the_children_too():
    sleeper = ["sleep", "311"]  # an unusual duration: no other process on the machine runs it
    started = time.monotonic()
    result, text, _ = run(program("bash", "sleep 311 &\nsetsid sleep 311 &\necho started\nwait"), timeout=1.0)
    assert result.timed_out and "started" in text
    assert gone(sleeper), f"the timed-out program left {running(sleeper)} running"
    assert time.monotonic() - started < 10


def test_a_program_that_ends_leaves_no_background_process():
    sleeper = ["sleep", "312"]
    result, text, _ = run(program("python", "import subprocess\nsubprocess.Popen(['sleep', '312'])\n"
                                            "subprocess.Popen(['setsid', 'sleep', '312'])\nprint('started')"))
    assert result.exit_code == 0 and "started" in text
    assert result.leftovers_killed >= 2
    assert gone(sleeper), f"the program left {running(sleeper)} running"


@needs_node
def test_a_javascript_error_names_the_page_line():
    result, text, where = run(program("javascript", "const a = 1;", "throw new Error('boom');"))
    assert result.exit_code == 1 and "boom" in text
    assert where == (PAGE, 30)
    assert "docs/page.mdx:30" in text


@needs_node
def test_typescript_runs_with_its_types_erased():
    code = "interface Job { id: string }\nconst job: Job = { id: 'x' };\nconsole.log(`id=${job.id}`);"
    result, text, _ = run(program("typescript", code))
    assert result.exit_code == 0 and "id=x" in text


@needs_node
def test_typescript_that_needs_a_transform_is_not_run(monkeypatch):
    monkeypatch.setattr(execute, "node_version", lambda node: (20, 0, 0))
    with pytest.raises(CannotRun, match="enum.*22.6"):
        command_for(program("typescript", "enum Status { Done }"))


def test_without_node_javascript_is_skipped_with_a_note(monkeypatch):
    real = shutil.which
    monkeypatch.setattr(execute.shutil, "which", lambda name: None if name == "node" else real(name))
    with pytest.raises(CannotRun, match="node is not on PATH"):
        command_for(program("javascript", "console.log(1)"))
    assert command_for(program("python", "print(1)"))[1].endswith(".py")


@pytest.mark.parametrize("code, suffix", [
    ("const fs = require('fs');", ".cjs"),
    ("import fs from 'fs';", ".mjs"),
    ("const r = await fetch(url);", ".mjs"),
    ("console.log(1);", ".mjs"),
])  # fmt: skip
def test_node_module_kind_follows_the_sample(code, suffix):
    assert execute._node_module_suffix(code) == suffix
