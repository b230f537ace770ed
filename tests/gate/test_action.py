"""The GitHub Action: its script run locally with a fake event payload, and the action and workflow files."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .helpers import GIT_ENV, commit_all, git

REPO = Path(__file__).resolve().parent.parent.parent
GATE = REPO / ".github" / "action" / "gate.py"
ACTION = REPO / "action.yml"
WORKFLOW = REPO / ".github" / "workflows" / "example-docs-gate.yml"


def load_gate():
    spec = importlib.util.spec_from_file_location("jobs_checks_gate", GATE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Run:
    """One run of the gate script: its exit status, log, step summary and outputs."""

    def __init__(self, completed, summary: Path, outputs: Path, out_dir: Path):
        self.status = completed.returncode
        self.log = completed.stdout
        self.stderr = completed.stderr
        self.summary = summary.read_text(encoding="utf-8") if summary.exists() else ""
        self.outputs = dict(line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines()) if outputs.exists() else {}
        self.out_dir = out_dir


def pull_request_event(base: str, head_repo: str = "docs/site") -> dict:
    return {"pull_request": {"base": {"sha": base, "repo": {"full_name": "docs/site"}}, "head": {"repo": {"full_name": head_repo}}}}


def run_gate(repo: Path, tmp_path: Path, event: dict | None = None, event_name: str = "pull_request", **settings) -> Run:
    event_file = tmp_path / "event.json"
    event_file.write_text(json.dumps(event or {}), encoding="utf-8")
    summary, outputs, out_dir = tmp_path / "summary.md", tmp_path / "outputs.txt", tmp_path / "gate-out"
    for stale in (summary, outputs):
        stale.unlink(missing_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "JOBS_CHECKS_"))}
    env.update(GIT_ENV)
    env.update({
        "GITHUB_EVENT_NAME": event_name,
        "GITHUB_EVENT_PATH": str(event_file),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "JOBS_CHECKS_OUTPUT_DIR": str(out_dir),
        "JOBS_CHECKS_CACHE_DIR": str(tmp_path / "cache"),
    })
    env.update({f"JOBS_CHECKS_{key.upper()}": value for key, value in settings.items()})
    completed = subprocess.run([sys.executable, str(GATE)], cwd=repo, env=env, capture_output=True, text=True, timeout=120)
    return Run(completed, summary, outputs, out_dir)


@pytest.fixture
def pull_request(docs_repo):
    """The base commit, then a pull request breaking a snippet (an error) and a mirror (a warning)."""
    base = git(docs_repo, "rev-parse", "HEAD")
    git(docs_repo, "checkout", "-q", "-b", "feature")
    snippet = docs_repo / "snippets/cloud/poll.mdx"
    snippet.write_text(snippet.read_text(encoding="utf-8") + "\n```python\nprint(undefined_thing)\n```\n", encoding="utf-8")
    mirror = docs_repo / "zh/development/cloud/other.mdx"
    mirror.write_text(mirror.read_text(encoding="utf-8").replace("output_type=video", "output_type=audio"), encoding="utf-8")
    commit_all(docs_repo, "pull request")
    return base


def test_a_pull_request_lints_its_changes_and_summarises_them(docs_repo, pull_request, tmp_path):
    run = run_gate(docs_repo, tmp_path, pull_request_event(pull_request))
    assert run.status == 0, run.stderr
    assert run.outputs["base"] == pull_request
    assert run.outputs["files"] == "4"  # the snippet, the page importing it, the mirror, its English page
    assert (run.outputs["findings"], run.outputs["errors"], run.outputs["warnings"]) == ("2", "1", "1")
    assert run.outputs["failed"] == "true" and run.outputs["upload-sarif"] == "true"
    summary = run.summary
    assert summary.startswith("## jobs-checks docs gate: ❌ 1 error, 1 warning\n")
    assert f"changed since `{pull_request[:12]}`" in summary
    assert "| `JC101` | undefined-name | error | 1 | 1 |" in summary
    assert "| `JC601` | mirror-drift | warning | 1 | 1 |" in summary
    assert "| `snippets/cloud/poll.mdx` | 1 | 0 | 0 |" in summary
    assert "| `zh/development/cloud/other.mdx` | 0 | 1 | 0 |" in summary
    assert summary.index("snippets/cloud/poll.mdx") < summary.index("zh/development/cloud/other.mdx")  # errors first
    sarif = json.loads(Path(run.outputs["sarif"]).read_text(encoding="utf-8"))
    assert sorted(r["ruleId"] for r in sarif["runs"][0]["results"]) == ["JC101", "JC601"]
    annotations = Path(run.outputs["annotations"]).read_text(encoding="utf-8").splitlines()
    assert [line.split(" ", 1)[0] for line in annotations] == ["::error", "::warning"]
    assert "::error" not in run.log  # SARIF goes to code scanning; annotations only if that fails
    assert "2 findings (1 error, 1 warning) in 2 of 4 files" in run.log


def test_a_pull_request_from_a_fork_gets_annotations_instead_of_sarif(docs_repo, pull_request, tmp_path):
    run = run_gate(docs_repo, tmp_path, pull_request_event(pull_request, head_repo="someone/site"), format="json")
    assert run.outputs["upload-sarif"] == "false" and run.outputs["annotations"] == ""
    report, _, commands = run.log.partition("\n}\n")
    assert json.loads(report + "\n}")["summary"]["findings"] == 2
    assert re.search(r"^::error file=snippets/cloud/poll\.mdx,line=\d+,col=\d+,title=JC101 undefined-name::", commands, re.M)


@pytest.mark.parametrize("fail_on, failed", [("never", "false"), ("error", "false"), ("warning", "true"), ("info", "true")])
def test_fail_on_decides_the_failed_output_for_a_warning(docs_repo, tmp_path, fail_on, failed):
    mirror = docs_repo / "zh/development/cloud/other.mdx"
    mirror.write_text(mirror.read_text(encoding="utf-8").replace("output_type=video", "output_type=audio"), encoding="utf-8")
    run = run_gate(docs_repo, tmp_path, {}, event_name="push", fail_on=fail_on)
    assert run.status == 0 and run.outputs["warnings"] == "1" and run.outputs["errors"] == "0"
    assert run.outputs["failed"] == failed


def test_other_events_and_changed_since_none_lint_every_page(docs_repo, pull_request, tmp_path):
    for event, name, settings in [({}, "push", {}), (pull_request_event(pull_request), "pull_request", {"changed_since": "none"})]:
        run = run_gate(docs_repo, tmp_path, event, event_name=name, **settings)
        assert run.outputs["files"] == "9" and run.outputs["base"] == ""
        assert "Linted all 9 pages under `.`" in run.summary


def test_a_base_that_cannot_be_fetched_falls_back_to_every_page_with_a_note(docs_repo, tmp_path):
    run = run_gate(docs_repo, tmp_path, pull_request_event("1" * 40))
    assert run.status == 0 and run.outputs["files"] == "9"
    assert f"> {'1' * 40} is not in this clone and could not be fetched; linting every page instead" in run.summary


def test_coverage_tables_join_the_summary_when_asked(docs_repo, tmp_path):
    run = run_gate(docs_repo, tmp_path, {}, event_name="push", coverage="true")
    assert run.summary.startswith("## jobs-checks docs gate: ✅ no findings")
    if importlib.util.find_spec("checks.coverage") is None:
        assert "coverage of `.` is not available" in run.summary
    else:
        assert "| `cloud` |" in run.summary


def test_a_bad_setting_is_one_line_exit_two_and_a_summary(docs_repo, tmp_path):
    run = run_gate(docs_repo, tmp_path, {}, event_name="push", fail_on="sometimes")
    assert run.status == 2
    assert run.stderr == "jobs-checks gate: error: fail-on: 'sometimes' is not one of error, warning, info, never\n"
    assert run.summary.startswith("## jobs-checks docs gate: ⚠️ not run") and run.outputs["failed"] == "true"


def test_base_ref_and_sarif_permission_rules(monkeypatch):
    gate = load_gate()
    event = pull_request_event("a" * 40)
    assert gate.base_ref("", "pull_request", event) == "a" * 40
    assert gate.base_ref("", "pull_request_target", event) == "a" * 40
    assert gate.base_ref("origin/main", "push", {}) == "origin/main"
    assert gate.base_ref("NONE", "pull_request", event) is None
    assert gate.base_ref("", "merge_group", {"merge_group": {"base_sha": "b" * 40}}) == "b" * 40
    assert gate.base_ref("", "push", {"before": "c" * 40}) is None
    monkeypatch.delenv("GITHUB_ACTOR", raising=False)
    assert gate.sarif_upload_allowed("auto", "pull_request", event)
    assert not gate.sarif_upload_allowed("auto", "pull_request", pull_request_event("a" * 40, "fork/site"))
    assert gate.sarif_upload_allowed("always", "pull_request", pull_request_event("a" * 40, "fork/site"))
    assert not gate.sarif_upload_allowed("never", "push", {})
    monkeypatch.setenv("GITHUB_ACTOR", "dependabot[bot]")
    assert not gate.sarif_upload_allowed("auto", "pull_request", event)


def test_the_by_page_table_is_capped(monkeypatch):
    from checks.docs.engine import LintResult
    from checks.docs.findings import Finding

    gate = load_gate()
    findings = [Finding(f"p{index:03}.mdx", 1, 1, "JC201", "m", "error", "enum-value") for index in range(gate.MAX_PAGES + 3)]
    text = gate.summary_markdown(LintResult(findings, 60), {}, base=None, paths=["."], fail_on="error", is_failed=True, notes=[])
    assert "| … and 3 more pages | | | |" in text and f"`p{gate.MAX_PAGES - 1:03}.mdx`" in text
    assert f"`p{gate.MAX_PAGES:03}.mdx`" not in text


# -- the action and workflow files ----------------------------------------------------------------


def test_the_action_is_composite_with_the_documented_inputs():
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {"paths", "changed-since", "format", "fail-on"} <= set(action["inputs"])
    assert action["inputs"]["changed-since"]["default"] == ""  # the pull request's base
    steps = action["runs"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "github/codeql-action/upload-sarif" in uses and "actions/cache" in uses
    gate_step = next(step for step in steps if step.get("id") == "gate")
    assert ".github/action/gate.py" in gate_step["run"] and GATE.is_file()
    gate = load_gate()
    mapped = {key.removeprefix("JOBS_CHECKS_") for key in gate_step["env"] if key.startswith("JOBS_CHECKS_")}
    read = set(re.findall(r'setting\("([A-Z_]+)"', GATE.read_text(encoding="utf-8"))) | {
        name for name in re.findall(r'choice\("([A-Z_]+)"', GATE.read_text(encoding="utf-8"))}
    assert read - {"OUTPUT_DIR"} == mapped
    assert gate.FAIL_ON == ("error", "warning", "info", "never")


def test_the_action_never_pastes_an_input_into_a_shell_script():
    """Inputs reach scripts through `env:` only, so a crafted input cannot run commands."""
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    declared = set(action["inputs"])
    text = ACTION.read_text(encoding="utf-8")
    assert set(re.findall(r"inputs\.([\w-]+)", text)) <= declared
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_the_example_workflow_uses_the_action_with_its_inputs():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["docs-gate"]["steps"]
    gate = next(step for step in steps if step.get("uses") == "./")
    assert set(gate["with"]) <= set(action["inputs"])
    assert (REPO / gate["with"]["paths"]).is_dir()


def test_the_pre_commit_hook_lints_md_and_mdx_with_the_real_command():
    from checks.cli import COMMANDS

    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "jobs-checks-lint" and hook["language"] == "python"
    program, command = hook["entry"].split()
    assert program == "jobs-checks" and command in COMMANDS
    files = re.compile(hook["files"])
    assert files.search("docs/zh/page.mdx") and files.search("README.md")
    assert not files.search("page.mdx.bak") and not files.search("notes.txt")
