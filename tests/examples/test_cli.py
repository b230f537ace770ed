"""`jobs-checks examples run` and `show`: exit codes, one-line errors, formats, no key in any output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.cli import main
from tests.examples.helpers import page_text, write_tree

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
FIXED_PAGE = SNIPPETS / "fixed" / "development" / "cloud" / "run-a-job.mdx"
MISSING_FIELD = SNIPPETS / "development" / "cloud" / "run-a-job-missing-field.mdx"


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["examples", *args], catch_exceptions=False, env=env)


def test_a_passing_page_exits_zero_with_the_text_report():
    result = run("run", str(FIXED_PAGE), "--lang", "python,bash")
    assert result.exit_code == 0, result.output
    assert "passed     python" in result.stdout and "passed     bash" in result.stdout
    assert result.stdout.strip().endswith("2 programs: 2 passed, 0 failed, 0 timed out, 0 skipped (1 of 1 page opted in)")


def test_a_failing_page_exits_one_and_exit_zero_overrides():
    assert run("run", str(MISSING_FIELD), "--lang", "py").exit_code == 1
    assert run("run", str(MISSING_FIELD), "--lang", "py", "--exit-zero").exit_code == 0


def test_a_report_file_gets_the_format_and_stderr_the_summary(tmp_path):
    report = tmp_path / "examples.xml"
    result = run("run", str(MISSING_FIELD), "--lang", "python", "--format", "junit", "-o", str(report))
    assert result.exit_code == 1 and result.stdout == ""
    assert "1 program: 0 passed, 1 failed" in result.stderr
    assert "KeyError: 'url'" in report.read_text(encoding="utf-8") and "test-key-alice" not in report.read_text()


def test_json_report_on_stdout():
    result = run("run", str(FIXED_PAGE), "--lang", "bash", "--format", "json")
    document = json.loads(result.stdout)
    assert [program["verdict"] for program in document["programs"]] == ["passed"]


@pytest.mark.parametrize("args, message", [
    (["run", "no/such/page.mdx"], "no such file or directory: no/such/page.mdx"),
    (["run", str(FIXED_PAGE), "--lang", "ruby"], "--lang: 'ruby' does not run"),
    (["run", str(FIXED_PAGE), "--lang", ","], "--lang: name at least one of"),
    (["run", str(FIXED_PAGE), "--base-url", "ftp://127.0.0.1"], "--base-url must start with http"),
    (["run", str(FIXED_PAGE), "--doc-url", "cloud.comfy.org"], "--doc-url must start with http"),
    (["run", str(FIXED_PAGE), "--base-url", "http://192.0.2.10:8188"], "pass --allow-writes"),
    (["run", str(FIXED_PAGE), "--workflow", "missing.json"], "--workflow: cannot read workflow"),
    (["run", str(FIXED_PAGE), "--config", "missing.toml"], "--config: no such file"),
    (["show", str(SNIPPETS / "development" / "cloud" / "api-reference.mdx")], "does not opt in"),
])  # fmt: skip
def test_user_mistakes_are_one_line_and_exit_two(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_a_given_server_without_its_key_is_one_line(tmp_path):
    from checks.reference_server import running_server

    write_tree(tmp_path, {"p.mdx": page_text("~~~bash\necho hi\n~~~")})
    with running_server("cloud") as server:
        result = run("run", str(tmp_path), "--base-url", server.base_url, "--api-key-env", "NO_SUCH_KEY_VAR",
                     env={"NO_SUCH_KEY_VAR": ""})
    assert result.exit_code == 2 and "needs an API key: set the variable NO_SUCH_KEY_VAR" in result.stderr


def test_a_given_workflow_is_what_the_samples_read(tmp_path):
    workflow = tmp_path / "wf.json"
    workflow.write_text(json.dumps({"prompt": {"5": {"class_type": "EmptyImage", "inputs": {}}}}), encoding="utf-8")
    write_tree(tmp_path / "docs", {"p.mdx": page_text("~~~python\nprint(open('workflow_api.json').read())\n~~~")})
    result = run("run", str(tmp_path / "docs"), "--workflow", str(workflow), "--format", "json")
    assert '"class_type": "EmptyImage"' in "\n".join(json.loads(result.stdout)["programs"][0]["output"])


def test_extra_variable_and_url_names_are_substituted(tmp_path):
    code = '~~~python\nimport os\nHOST = "https://staging.example.org"\nprint(os.environ["MY_TOKEN"], HOST)\n~~~'
    write_tree(tmp_path, {"p.mdx": page_text(code)})
    result = run("run", str(tmp_path), "--key-var", "MY_TOKEN", "--url-var", "HOST", "--format", "json")
    output = json.loads(result.stdout)["programs"][0]["output"]
    assert result.exit_code == 0 and output[0].startswith("*** http://127.0.0.1:")


def test_show_prints_the_assembled_programs():
    result = run("show", str(FIXED_PAGE), "--lang", "python,bash")
    assert result.exit_code == 0
    assert "==> python" in result.stdout and "==> bash" in result.stdout and "==> javascript" not in result.stdout
    assert 'BASE_URL = "http://SERVER_URL"' in result.stdout and "cloud.comfy.org" not in result.stdout
    document = json.loads(run("show", str(FIXED_PAGE), "--format", "json").stdout)
    assert set(document["programs"]) == {"python", "bash", "javascript", "typescript"}
    assert document["profile"] == "cloud"


def test_the_command_is_listed_and_lazy():
    listed = CliRunner().invoke(main, ["--help"]).stdout
    assert "examples" in listed
    code = "import sys, checks.cli; checks.cli.main(['examples', '--help'], standalone_mode=False); " \
           "print(sorted(m for m in ('aiohttp', 'tree_sitter', 'requests') if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert loaded.stdout.strip().endswith("[]"), loaded.stdout + loaded.stderr
