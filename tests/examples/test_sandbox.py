"""The sandbox a sample runs in: what it may see, use and leave behind (`checks.examples.sandbox`)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
from pathlib import Path

import pytest

from checks.examples.sandbox import Limits, isolation, keep_visible, run_sandboxed
from tests.reliability.cli import jobs_checks
from tests.reliability.processes import gone, running

FIXTURES = Path(__file__).resolve().parents[1] / "reliability" / "fixtures"
HOSTILE_PAGE = FIXTURES / "hostile-sample.mdx"
CANARY = "sk-canary-123"
ESCAPE = Path("/tmp/jobs-checks-hostile-sample.txt")
needs_namespaces = pytest.mark.skipif(
    not isolation().namespaces,
    reason=f"this machine cannot isolate the network and filesystem of a sample: {isolation().why_not}")
posix_only = pytest.mark.skipif(os.name != "posix", reason="the sandbox's limits and process control need POSIX")


@pytest.fixture(params=["namespaces", "no namespaces"])
def fences(request, monkeypatch):
    """Run a test with this machine's fences, and again as on a machine without namespaces."""
    if request.param == "no namespaces":
        monkeypatch.setenv("JOBS_CHECKS_NO_NAMESPACES", "1")
    elif not isolation().namespaces:
        pytest.skip(f"no namespaces here: {isolation().why_not}")
    isolation.cache_clear()
    yield request.param
    isolation.cache_clear()


def python(code: str, timeout: float = 20, **options):
    run = run_sandboxed([sys.executable, "program.py"], env=options.pop("env", {}), timeout=timeout,
                        files={"program.py": code.encode()}, **options)
    return run, run.output.decode("utf-8", "replace")


@posix_only
def test_the_environment_is_allow_listed(monkeypatch, fences):
    monkeypatch.setenv("MY_SECRET_TOKEN", CANARY)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_planted")
    run, text = python("import os, json; print(json.dumps(dict(os.environ)))", env={"BASE_URL": "http://127.0.0.1:9"})
    seen = json.loads(text)
    assert set(seen) <= {"PATH", "HOME", "TMPDIR", "TMP", "TEMP", "BASE_URL", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
                         "LC_MESSAGES", "LC_NUMERIC", "LC_TIME", "TZ"}
    assert seen["BASE_URL"] == "http://127.0.0.1:9" and CANARY not in text and "ghp_planted" not in text


@posix_only
def test_home_working_folder_and_tmpdir_are_fresh_and_gone_afterwards(fences):
    code = ("import os, tempfile\nprint(os.environ['HOME'], os.listdir(os.environ['HOME']))\n"
            "print(os.getcwd(), sorted(os.listdir('.')))\nprint(tempfile.gettempdir())\n"
            "open(os.path.join(os.environ['HOME'], '.netrc'), 'w').write('x')")
    run, text = python(code)
    home_line, cwd_line, tmp_line = text.splitlines()
    assert run.exit_code == 0
    assert home_line == f"{run.home} []" and run.home != os.path.expanduser("~")
    assert cwd_line == f"{run.workdir} ['program.py']"
    assert tmp_line.startswith(os.path.dirname(run.workdir))
    assert not os.path.exists(run.home) and not os.path.exists(run.workdir)


@posix_only
def test_every_process_the_program_started_is_killed_when_it_ends(fences):
    sleeper = ["sleep", "313"]
    code = ("import subprocess, os\nsubprocess.Popen(['sleep', '313'])\nsubprocess.Popen(['setsid', 'sleep', '313'])\n"
            "if os.fork() == 0:\n    os.setsid()\n    os.execvp('sleep', ['sleep', '313'])\nprint('started')")
    run, text = python(code)
    assert run.exit_code == 0 and "started" in text
    assert run.leftovers_killed >= 3
    assert gone(sleeper), f"left running: {running(sleeper)}"


@posix_only
def test_at_the_timeout_the_program_and_its_children_are_killed(fences):
    sleeper = ["sleep", "314"]
    run, _ = python("import subprocess, time\nsubprocess.Popen(['setsid', 'sleep', '314'])\ntime.sleep(60)", timeout=1)
    assert run.timed_out and run.exit_code is None
    assert run.seconds < 10
    assert gone(sleeper), f"left running: {running(sleeper)}"


@posix_only
def test_cpu_time_is_limited(fences):
    run, _ = python("while True:\n    pass", timeout=30, limits=Limits(cpu_seconds=1))
    assert not run.timed_out and run.limit == "CPU time limit"
    assert run.seconds < 10


@posix_only
def test_memory_is_limited(fences):
    run, text = python("data = bytearray(600 << 20)\nprint('allocated')", limits=Limits(memory_bytes=256 << 20))
    assert run.exit_code == 1 and "MemoryError" in text and run.limit == "memory limit"


@posix_only
def test_file_size_is_limited(fences):
    code = "open('big', 'wb').write(b'x' * (8 << 20))\nprint('wrote')"
    run, text = python(code, limits=Limits(file_bytes=1 << 20))
    assert run.exit_code != 0 and "wrote" not in text
    assert run.limit in ("file size limit", "temp space limit")


@posix_only
def test_output_is_capped_at_the_file_limit(fences):
    run, text = python("import sys\nwhile True:\n    sys.stdout.write('y' * 65536)", limits=Limits(file_bytes=2 << 20))
    assert run.exit_code != 0 and not run.timed_out
    assert run.limit == "output size limit" and len(run.output) <= (1 << 20) + 200


@posix_only
@pytest.mark.skipif(isolation().process_limit not in ("rlimit", "cgroup"), reason=f"the process count cannot be capped here: {isolation().process_limit}")
def test_the_number_of_processes_is_limited(fences):
    sleeper = ["sleep", "315"]
    code = "import subprocess\nfor _ in range(200):\n    subprocess.Popen(['sleep', '315'])\nprint('all started')"
    run, text = python(code, limits=Limits(processes=20))
    assert run.exit_code == 1 and "all started" not in text and run.limit == "process limit"
    assert gone(sleeper)


@needs_namespaces
def test_writes_outside_the_temp_folders_do_not_reach_the_machine(tmp_path):
    outside = [Path(__file__).resolve().parent / f".escape-{os.getpid()}", tmp_path / "escape.txt"]
    private = Path(f"/tmp/jobs-checks-sandbox-probe-{os.getpid()}.txt")
    code = (f"open({str(private)!r}, 'w').write('private tmp')\nprint('tmp ok')\n"
            f"for path in {[str(path) for path in outside]!r}:\n"
            "    try:\n        open(path, 'w').write('x')\n    except OSError as exc:\n        print('refused', exc.errno)")
    run, text = python(code)
    escaped = [path for path in [*outside, private] if path.exists()]
    for path in escaped:
        path.unlink()
    assert not escaped, f"the program wrote {escaped}"
    # the checkout is read-only (EROFS); /tmp beneath is the sandbox's own, where the caller's folder does not exist
    assert run.exit_code == 0 and "tmp ok" in text and text.count("refused") == 2 and "refused 30" in text


@needs_namespaces
def test_the_callers_home_is_hidden():
    home = os.path.expanduser("~")
    mine = sorted(name for name in os.listdir(home) if name not in (".", ".."))
    run, text = python(f"import os\nprint(sorted(os.listdir({home!r})))")
    visible = json.loads(text.replace("'", '"'))
    assert run.exit_code == 0
    # only the way to the folders holding interpreters shows through, nothing else of the caller's
    kept = [os.path.realpath(path) for path in keep_visible()]
    for name in visible:
        entry = os.path.realpath(os.path.join(home, name))
        assert any(path == entry or path.startswith(entry + os.sep) for path in kept), name
    assert set(visible) <= set(mine)
    for secret_place in (".ssh", ".aws", ".netrc", ".git-credentials", ".config", ".docker"):
        assert secret_place not in visible


@needs_namespaces
def test_the_network_is_limited_to_the_one_forwarded_port():
    with socket.create_server(("127.0.0.1", 0)) as allowed, socket.create_server(("127.0.0.1", 0)) as other:
        allowed_port, other_port = allowed.getsockname()[1], other.getsockname()[1]
        code = ("import socket\n"
                f"for port in ({allowed_port}, {other_port}):\n"
                "    try:\n        socket.create_connection(('127.0.0.1', port), timeout=2).close(); print('reached', port)\n"
                "    except OSError as exc:\n        print('blocked', port)\n"
                "try:\n    socket.create_connection(('192.0.2.1', 80), timeout=2)\nexcept OSError:\n    print('no route')\n")
        run, text = python(code, port=allowed_port)
    assert run.exit_code == 0, text
    assert f"reached {allowed_port}" in text and f"blocked {other_port}" in text and "no route" in text


def _hostile_run(tmp_path, *extra, env=None):
    page = tmp_path / "docs" / "hostile-sample.mdx"
    page.parent.mkdir()
    shutil.copy(HOSTILE_PAGE, page)
    (tmp_path / "docs" / "docs.json").write_text("{}", encoding="utf-8")
    ESCAPE.unlink(missing_ok=True)
    before = set(running(["sleep", "300"]))
    environment = {"MY_SECRET_TOKEN": CANARY, "COMFY_CLOUD_API_KEY": "caller-real-cloud-key", "API_KEY": "caller-api-key-9",
                   **(env or {})}
    ran = jobs_checks("examples", "run", "docs", "--format", "json", "--timeout", "30", *extra, env=environment,
                      cwd=tmp_path)
    return ran, before


@posix_only
def test_the_hostile_page_passes_without_leaking_writing_outside_or_leaving_a_process(tmp_path):
    ran, before = _hostile_run(tmp_path)
    report = json.loads(ran.stdout)
    program = report["programs"][0]
    assert ran.code == 0 and program["verdict"] == "passed", ran.output
    printed = "\n".join(program["output"])
    assert "listing answered 200" in printed  # the page's key variable held the test server's key
    assert CANARY not in ran.output and "MY_SECRET_TOKEN" not in ran.output  # the variable never reached it
    assert "caller-real-cloud-key" not in ran.output and "caller-api-key-9" not in ran.output
    names = next(line for line in program["output"] if line.startswith("environment:")).split()[1:]
    assert "HOME" in names and "COMFY_CLOUD_API_KEY" in names and "MY_SECRET_TOKEN" not in names
    assert "left sleep 300 running" in printed
    assert not set(running(["sleep", "300"])) - before, "the sample's sleep 300 outlived the run"
    home_line = next(line for line in program["output"] if line.startswith("home "))
    assert "jobs-checks-sandbox-" in home_line and home_line.endswith("holds []")
    if isolation().namespaces:
        assert not ESCAPE.exists(), "the sample wrote outside its temp folders"
        assert report["sandbox"]["namespaces"] is True
    else:
        ESCAPE.unlink(missing_ok=True)
        assert report["sandbox"]["namespaces"] is False  # and the report says the filesystem was not isolated


@posix_only
def test_pass_env_hands_over_a_named_variable_only(tmp_path):
    ran, _ = _hostile_run(tmp_path, "--pass-env", "MY_PUBLIC_SETTING", env={"MY_PUBLIC_SETTING": "visible-value"})
    output = json.loads(ran.stdout)["programs"][0]["output"]
    names = next(line for line in output if line.startswith("environment:")).split()[1:]
    assert "MY_PUBLIC_SETTING" in names and "MY_SECRET_TOKEN" not in names and CANARY not in ran.output


def test_sandbox_require_refuses_where_namespaces_are_not_available(tmp_path):
    ran, _ = _hostile_run(tmp_path, "--sandbox", "require", env={"JOBS_CHECKS_NO_NAMESPACES": "1"})
    assert ran.code == 2 and "Traceback" not in ran.output
    assert ran.stderr.strip().splitlines() == [
        "jobs-checks: error: samples must run isolated (--sandbox require), but this machine cannot: "
        "JOBS_CHECKS_NO_NAMESPACES is set"]
    assert not ESCAPE.exists()


@posix_only
@pytest.mark.skipif(isolation().process_limit != "cgroup", reason="no pids cgroup is used on this machine")
def test_the_pids_cgroup_of_a_sample_is_removed_even_if_a_process_outlived_the_launcher(monkeypatch):
    from checks.examples import sandbox

    made = []
    original = sandbox.Cgroup

    class Watched(original):
        def __init__(self, limit):
            super().__init__(limit)
            made.append(self.path)

        def remove(self):  # a process the launcher missed: the cgroup removal must kill it itself
            import subprocess as sp

            straggler = sp.Popen(["sleep", "318"], preexec_fn=lambda: Path(self.procs).write_text("0"))
            super().remove()
            straggler.wait(5)

    monkeypatch.setattr(sandbox, "Cgroup", Watched)
    run, _ = python("print('ok')")
    assert run.exit_code == 0 and made and made[0]
    assert not os.path.exists(made[0]) and gone(["sleep", "318"])
