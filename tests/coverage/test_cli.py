"""`jobs-checks coverage`: formats, profile selection, the --fail-under gate, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.cli import main

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
FIXED = SNIPPETS / "fixed"


def run(*args: str):
    return CliRunner().invoke(main, ["coverage", *args], catch_exceptions=False)


def test_text_report_lists_missing_items_with_their_place():
    result = run(str(SNIPPETS))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("comfyui: ") and "% of the contract covered" in lines[0]
    cancel = next(line for line in lines if "POST /api/jobs/{job_id}/cancel answers 404" in line)
    assert cancel.split()[0] == "status" and cancel.endswith("(Cancel a job)") and "api-reference.mdx:" in cancel
    assert any(line.startswith("cloud: ") for line in lines)
    assert lines[-1].startswith("not counted: 1 page without a profile")


def test_profile_option_reports_one_dialect():
    result = run(str(SNIPPETS), "--profile", "cloud", "--format", "json")
    document = json.loads(result.stdout)
    assert [p["profile"] for p in document["profiles"]] == ["cloud"]
    cloud = document["profiles"][0]
    assert cloud["covered"] == sum(item["covered"] for item in cloud["items"])
    assert cloud["percent"] == round(100 * cloud["covered"] / cloud["total"], 1)
    missing = {item["key"]: item for item in cloud["items"] if not item["covered"]}
    assert missing["field:JobEntry.execution_error"]["belongs"]["section"] == "List jobs"
    assert missing["field:JobEntry.execution_error"]["found"] is None
    caveat = missing["caveat:/components/schemas/Workflow/properties/extra_data/properties/api_key_comfy_org"]
    assert "[REDACTED]" in caveat["reason"]


def test_markdown_report_has_a_table_per_profile():
    result = run(str(SNIPPETS), "--format", "markdown")
    text = result.stdout
    assert text.startswith("### Docs coverage\n")
    assert "| `comfyui` |" in text and "| `cloud` |" in text
    assert text.count("| Kind | Item | Covered? | Where it most likely belongs |") == 4  # documented + undocumented, twice
    assert "| status | POST /api/jobs/{job_id}/cancel answers 404 | ❌ |" in text
    assert text.count("<details><summary>Covered (") == 2
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            assert line.count(" | ") == line.count("|") - 2 - line.count("\\|"), line  # no stray cell breaks


@pytest.mark.parametrize("threshold, code", [("95", 1), ("90", 0)])
def test_fail_under_gates_on_the_lowest_profile(threshold, code):
    result = run(str(FIXED), "--fail-under", threshold)
    assert result.exit_code == code
    if code:
        assert "cloud covers 94.0% of its contract, under --fail-under 95" in result.stderr


def test_output_writes_the_report_to_a_file(tmp_path):
    target = tmp_path / "coverage.md"
    result = run(str(FIXED), "--format", "markdown", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("### Docs coverage")


@pytest.mark.parametrize("args, message", [
    (["no/such/dir"], "no such file or directory: no/such/dir"),
    ([str(FIXED), "--config", "missing.toml"], "--config: no such file: missing.toml"),
])  # fmt: skip
def test_bad_input_is_one_line_and_exit_two(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"jobs-checks: error: {message}"


def test_a_bad_config_is_one_line(tmp_path):
    (tmp_path / "jobs-checks.toml").write_text("profiles = 3\n", encoding="utf-8")
    (tmp_path / "page.mdx").write_text("`GET /api/jobs`\n", encoding="utf-8")
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("jobs-checks: error: ") and len(result.stderr.strip().splitlines()) == 1


def test_unreadable_page_is_reported_and_exits_two(tmp_path):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    folder = tmp_path / "development" / "cloud"
    folder.mkdir(parents=True)
    (folder / "bad.mdx").write_bytes(b"`GET /api/jobs` \xff\n")
    result = run(str(tmp_path))
    assert result.exit_code == 2
    assert "bad.mdx: not UTF-8" in result.stderr


def test_coverage_is_listed_by_the_top_level_help():
    result = CliRunner().invoke(main, ["--help"])
    assert "coverage" in result.stdout
