"""`jobs-checks serve`: listing faults, refusing bad input in one line, and really serving."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import requests
from click.testing import CliRunner

from checks.cli import main
from checks.reference_server import FAULTS


def _run(*args):
    return CliRunner().invoke(main, ["serve", *args])


def test_list_faults_names_each_fault_and_what_it_bends():
    result = _run("--list-faults")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == list(FAULTS)
    assert all(FAULTS[line.split()[0]] in line for line in lines)


def test_unknown_fault_is_one_line_and_exit_2():
    result = _run("--profile", "comfyui", "--fault", "no-such-fault")
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "no-such-fault" in result.output and "seconds-timestamps" in result.output
    assert "Traceback" not in result.output


def test_missing_profile_and_bad_api_key_are_refused_without_echoing_the_key():
    assert _run().exit_code == 2
    result = _run("--profile", "cloud", "--api-key", "very-secret-key-without-user")
    assert result.exit_code == 2
    assert "very-secret-key-without-user" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c():
    command = [sys.executable, "-c", "from checks.cli import run; run()", "serve", "--profile", "cloud",
               "--api-key", "k-dave=dave", "--fault", "null-fields", "--time-scale", "0.01"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        first = process.stdout.readline()
        url = first.split(" at ", 1)[1].split()[0]
        assert url.startswith("http://127.0.0.1:")
        response = requests.get(url + "/api/jobs", headers={"X-API-Key": "k-dave"}, timeout=10)
        assert response.status_code == 200
        assert response.json()["pagination"]["total"] > 0
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "k-dave" not in first + out + err
    assert "Traceback" not in err


def test_importing_the_package_does_not_load_aiohttp():
    code = "import sys, checks.reference_server as r; assert r.FAULTS; print('aiohttp' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
