"""`jobs-checks lint` and `jobs-checks rules`: exit codes, one-line errors, formats, options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.cli import main
from checks.docs import engine
from checks.docs.codes import Rule, messages

REPO = Path(__file__).resolve().parents[2]
SNIPPETS = REPO / "docs_snippets"
FIXED = SNIPPETS / "fixed"
ENGINE_TREE = Path(__file__).resolve().parent / "fixtures" / "engine"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_clean_tree_exits_zero():
    result = run("lint", str(FIXED))
    assert result.exit_code == 0, result.output
    pages = len([p for p in FIXED.rglob("*") if p.suffix in (".mdx", ".md")])
    assert result.stdout.strip().endswith(f"no findings in {pages} files")


def test_error_findings_exit_one_and_exit_zero_overrides():
    assert run("lint", str(SNIPPETS)).exit_code == 1
    assert run("lint", "--exit-zero", str(SNIPPETS)).exit_code == 0


def test_warnings_and_info_alone_exit_zero():
    assert run("lint", "--select", "JC003,JC6", str(SNIPPETS)).exit_code == 0


def test_missing_path_is_one_line_and_exit_two():
    result = run("lint", str(FIXED / "nope.mdx"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no such file or directory" in result.stderr


def test_missing_path_beside_good_ones_still_reports_the_rest():
    result = run("lint", "--format", "json", str(ENGINE_TREE / "guide"), str(ENGINE_TREE / "nope"))
    assert result.exit_code == 2
    assert [f["code"] for f in json.loads(result.stdout)["findings"]] == ["JC003"]


@pytest.mark.parametrize("content, needle", [
    ("select = [\n", "invalid TOML"),
    ("colour = true\n", "unknown setting"),
    ('[severity]\nJC201 = "fatal"\n', "severity of JC201"),
])  # fmt: skip
def test_bad_config_is_one_line_and_exit_two(tmp_path, content, needle):
    config = tmp_path / "jobs-checks.toml"
    config.write_text(content, encoding="utf-8")
    result = run("lint", "--config", str(config), str(FIXED))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and needle in result.stderr
    assert run("lint", str(tmp_path)).exit_code == 2  # found by searching upwards too


def test_missing_config_file_is_exit_two(tmp_path):
    result = run("lint", "--config", str(tmp_path / "none.toml"), str(FIXED))
    assert result.exit_code == 2 and "--config" in result.stderr


def test_unknown_select_code_is_exit_two():
    result = run("lint", "--select", "JC999", str(FIXED))
    assert result.exit_code == 2 and "JC999" in result.stderr


def test_select_and_ignore_narrow_the_run():
    result = run("lint", "--format", "json", "--select", "JC2", "--ignore", "JC202", str(SNIPPETS))
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"JC201", "JC204"}


def test_forced_profile_judges_every_page_as_that_dialect():
    page = ENGINE_TREE / "snippets" / "shared" / "orphan.mdx"
    result = run("lint", "--format", "json", "--profile", "cloud", str(page))
    assert [(f["code"], f["profile"]) for f in json.loads(result.stdout)["findings"]] == [("JC201", "cloud")]


def test_output_file_gets_the_report_and_stderr_the_summary(tmp_path):
    target = tmp_path / "report.sarif"
    result = run("lint", "--format", "sarif", "--output", str(target), "--exit-zero", str(SNIPPETS))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "findings" in result.stderr


def test_github_format_prints_workflow_commands():
    result = run("lint", "--format", "github", str(SNIPPETS))
    assert result.stdout.startswith("::")
    assert any(line.startswith("::error file=") for line in result.stdout.splitlines())


def test_crashing_rule_is_one_line_naming_rule_and_file(monkeypatch):
    def explode(page, ctx):
        raise ValueError("bad")

    broken = Rule("JC201", "enum-value", "error", "Stand-in.", messages(stand_in="stand-in"), check=explode)
    monkeypatch.setattr(engine, "all_rules", lambda: [broken])
    monkeypatch.delenv("JOBS_CHECKS_DEBUG", raising=False)
    result = run("lint", str(ENGINE_TREE / "guide" / "no-profile.mdx"))
    assert result.exit_code == 3  # a bug in jobs-checks, not a problem of the page
    (line,) = result.stderr.splitlines()
    assert "rule JC201 (enum-value) crashed on" in line and "no-profile.mdx" in line and "ValueError" in line


def test_rules_lists_every_code():
    result = run("rules")
    assert result.exit_code == 0
    codes = [line.split()[0] for line in result.stdout.splitlines()]
    assert codes == sorted(codes) and {"JC001", "JC004", "JC101", "JC201", "JC401", "JC601", "JC701"} <= set(codes)


def test_rules_code_prints_the_doc_with_examples():
    result = run("rules", "JC201")
    assert result.exit_code == 0
    assert result.stdout.startswith("JC201 enum-value (error)")
    assert "Wrong" in result.stdout and "Right" in result.stdout


def test_rules_json():
    records = json.loads(run("rules", "--format", "json").stdout)
    assert {"code", "name", "severity", "summary"} <= set(records[0])
    by_code = {record["code"]: record for record in records}
    assert by_code["JC003"]["severities"] == ["info", "warning"]  # an unknown profile value is a warning


def test_rules_code_documents_severities_and_how_to_select_or_ignore():
    result = run("rules", "JC002")
    assert result.exit_code == 0
    assert "Messages:" in result.stdout and "  warning  " in result.stdout and "  error    " in result.stdout
    assert "--select JC002" in result.stdout and "--ignore JC002" in result.stdout
    assert "jobs-checks-disable-next-line JC002" in result.stdout
    full = json.loads(run("rules", "JC101", "--format", "json").stdout)
    assert full["doc"].startswith("A code sample uses a name") and full["messages"]


def test_unknown_rule_is_one_line_and_exit_two():
    result = run("rules", "JC999")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_real_entry_point_never_prints_a_traceback(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "checks", "lint", str(tmp_path / "missing")],
        capture_output=True, text=True, cwd=REPO, timeout=60,
    )  # fmt: skip
    assert process.returncode == 2
    assert "Traceback" not in process.stderr and process.stderr.count("\n") == 1
