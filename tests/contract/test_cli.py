"""`jobs-checks contract` at the command line: exit codes, one-line errors, masked outputs."""

from __future__ import annotations

import json
import socket
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from checks.cli import main
from checks.contract.catalogue import all_checks

ALICE = "jobs-checks-test-key-alice-5f2c9d"
BOB = "jobs-checks-test-key-bob-81e07a"


def invoke(*args, env=None):
    return CliRunner().invoke(main, ["contract", *args], env=env or {}, catch_exceptions=False)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_one_line_error(result, *fragments):
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobs-checks: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for fragment in fragments:
        assert fragment in lines[0]


def test_list_checks_prints_every_check_with_its_summary():
    result = invoke("--list-checks")
    assert result.exit_code == 0
    for name, check in all_checks().items():
        assert name in result.stdout and check.summary[:40] in result.stdout


def test_unreachable_server_is_exit_2_with_one_line():
    port = closed_port()
    result = invoke("--base-url", f"http://127.0.0.1:{port}", "--profile", "comfyui")
    assert_one_line_error(result, f"cannot reach http://127.0.0.1:{port}: connection refused")


def test_a_server_without_the_jobs_api_is_exit_2():
    import http.server
    import threading

    class NotFound(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NotFound)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = invoke("--base-url", f"http://127.0.0.1:{server.server_address[1]}", "--profile", "comfyui")
    finally:
        server.shutdown()
        server.server_close()
    assert_one_line_error(result, "answered 404", "--base-url")


@pytest.mark.parametrize(("args", "fragment"), [
    (["--phases", "fuzzing,nonsense"], "unknown phase(s) nonsense"),
    (["--base-url", "127.0.0.1:8188"], "must start with http://"),
    (["--base-url", "http://127.0.0.1:9", "--server-fault", "leak-api-key"], "embedded server only"),
    (["--workflow", "/nonexistent/workflow.json"], "cannot read workflow"),
    (["--server-fault", "no-such-fault"], "no-such-fault"),
])
def test_bad_arguments_are_exit_2_with_one_line(args, fragment):
    assert_one_line_error(invoke(*args), fragment)


def test_cloud_without_key_names_the_variable():
    port = closed_port()
    result = invoke("--base-url", f"http://127.0.0.1:{port}", "--profile", "cloud", "--api-key-env", "JOBS_CHECKS_UNSET_KEY")
    assert_one_line_error(result, "JOBS_CHECKS_UNSET_KEY")


@pytest.mark.slow
def test_wrong_key_is_exit_2():
    from checks.reference_server import running_server

    with running_server("cloud", api_keys={ALICE: "alice"}) as server:
        result = invoke("--base-url", server.base_url, "--profile", "cloud", "--api-key-env", "KEY",
                        env={"KEY": "jobs-checks-not-a-known-key"})
    assert_one_line_error(result, "refused the API key")
    assert "jobs-checks-not-a-known-key" not in result.stderr


@pytest.mark.slow
def test_embedded_server_demo_conforms():
    result = invoke("--profile", "comfyui", "--max-examples", "5", "--seed", "4")
    assert result.exit_code == 0, result.stdout[-3000:]
    assert "started the reference comfyui server at http://127.0.0.1:" in result.stderr
    assert "list_follows_sort_order" in result.stdout and "CONFORMING" in result.stdout


@pytest.mark.slow
def test_api_keys_never_appear_in_any_output(tmp_path):
    from checks.reference_server import running_server

    junit_path, json_path = tmp_path / "junit.xml", tmp_path / "report.json"
    with running_server("cloud", api_keys={ALICE: "alice", BOB: "bob"}, faults=["leak-api-key", "unknown-id-200"]) as server:
        result = invoke("--base-url", server.base_url, "--profile", "cloud", "--api-key-env", "ALICE_KEY",
                        "--other-api-key-env", "BOB_KEY", "--junit-xml", str(junit_path), "--report-json",
                        str(json_path), "--verbose", "--max-examples", "5", "--seed", "5",
                        env={"ALICE_KEY": ALICE, "BOB_KEY": BOB})
    assert result.exit_code == 1
    outputs = {"stdout": result.stdout, "stderr": result.stderr, "junit": junit_path.read_text(),
               "json": json_path.read_text()}
    for where, text in outputs.items():
        assert ALICE not in text and BOB not in text, where
    # The outputs did carry reproducers with the auth header, so there was something to mask;
    # they name the variable the key came from, so they run as printed.
    assert "curl" in outputs["stdout"] and "X-API-Key" in outputs["stdout"]
    assert '-H "X-API-Key: $ALICE_KEY"' in outputs["stdout"]
    assert "[Filtered]" not in outputs["stdout"]  # fuzzed failures' reproducers too
    report = json.loads(outputs["json"])
    assert report["profile"] == "cloud" and report["summary"]["failed"] >= 2
    names = {check["name"] for check in report["checks"] if check["status"] == "failed"}
    assert {"secrets_never_echoed", "unknown_job_is_404"} <= names
    assert all(failure["curl"] is None or failure["curl"].startswith("curl ")
               for check in report["checks"] for failure in check["failures"])
    root = ET.fromstring(outputs["junit"])
    assert int(root.get("failures")) == report["summary"]["failed"]


@pytest.mark.slow
def test_server_defects_are_listed_and_count_only_with_fail_on_defects():
    args = ("--profile", "comfyui", "--max-examples", "5", "--seed", "2", "--phases", "scenarios",
            "--server-fault", "server-error-on-malformed-json")
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "Server defects (" in result.output and "CONFORMING:" in result.output
    assert "reproduce: curl -X POST" in result.output and "--data 'jobs-checks: this body is not JSON'" in result.output
    assert invoke(*args, "--fail-on-defects").exit_code == 1
