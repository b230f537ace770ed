"""The docs gate of `action.yml`: lint, then a log report, SARIF, annotations, a step summary, outputs.

Settings come from JOBS_CHECKS_* variables (action.yml maps its inputs to them, so no input
is ever pasted into a shell script); GitHub's context from GITHUB_EVENT_NAME,
GITHUB_EVENT_PATH, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT. Nothing here needs GitHub: with a
fake event payload and temporary files for the summary and outputs it runs anywhere.

Exit status: 0 when the lint ran (findings or not: the `failed` output tells, and the
action fails its last step on it, after SARIF is uploaded); 2 when it could not run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

FAIL_ON = ("error", "warning", "info", "never")
FORMATS = ("text", "github", "json", "sarif")
SARIF_MODES = ("auto", "always", "never")
FULL_RUN = ("none", "all", "-")  # `changed-since` values that lint every page
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
MAX_PAGES = 50  # rows of the by-page table before "and N more"
ZERO_SHA = "0" * 40


class GateError(Exception):
    """A setting or the environment is unusable: one line, exit 2."""


# -- settings -------------------------------------------------------------------------------


def setting(name: str, default: str = "") -> str:
    return os.environ.get(f"JOBS_CHECKS_{name}", "").strip() or default


def choice(name: str, default: str, allowed) -> str:
    value = setting(name, default).lower()
    if value not in allowed:
        raise GateError(f"{name.lower().replace('_', '-')}: {value!r} is not one of {', '.join(allowed)}")
    return value


def load_event() -> tuple[str, dict]:
    """(event name, payload) of the workflow run; ("", {}) outside GitHub."""
    name = os.environ.get("GITHUB_EVENT_NAME", "")
    path = os.environ.get("GITHUB_EVENT_PATH", "")
    if not path or not os.path.isfile(path):
        return name, {}
    try:
        with open(path, encoding="utf-8") as handle:
            payload = json.load(handle)
    except (OSError, ValueError) as exc:
        raise GateError(f"cannot read the event payload {path}: {exc}") from None
    return name, payload if isinstance(payload, dict) else {}


def base_ref(requested: str, event_name: str, event: dict) -> str | None:
    """The ref to lint changes since: the input, else a pull request's (or merge queue's) base; None = every page."""
    if requested.lower() in FULL_RUN:
        return None
    if requested:
        return requested
    pull = event.get("pull_request") or {}
    sha = (pull.get("base") or {}).get("sha")
    if event_name.startswith("pull_request") and sha:
        return sha
    group = event.get("merge_group") or {}
    if event_name == "merge_group" and group.get("base_sha"):
        return group["base_sha"]
    return None


def sarif_upload_allowed(mode: str, event_name: str, event: dict) -> bool:
    """Whether the token may upload to code scanning: not for forks' or Dependabot's pull requests."""
    if mode != "auto":
        return mode == "always"
    if event_name.startswith("pull_request"):
        pull = event.get("pull_request") or {}
        head = ((pull.get("head") or {}).get("repo") or {}).get("full_name")
        base = ((pull.get("base") or {}).get("repo") or {}).get("full_name")
        if head and base and head != base:
            return False
    return os.environ.get("GITHUB_ACTOR", "") != "dependabot[bot]"


# -- git ------------------------------------------------------------------------------------


def ensure_commit(ref: str) -> str | None:
    """None when `ref` is in the clone (fetching a missing commit by SHA once); else why not."""
    def present() -> bool:
        return subprocess.run(["git", "cat-file", "-e", f"{ref}^{{commit}}"], capture_output=True).returncode == 0

    try:
        if present():
            return None
        if re.fullmatch(r"[0-9a-f]{40}", ref) and ref != ZERO_SHA:
            subprocess.run(["git", "fetch", "--no-tags", "--quiet", "--depth=1", "origin", ref], capture_output=True)
            if present():
                return None
    except FileNotFoundError:
        return "git is not installed"
    return f"{ref} is not in this clone and could not be fetched"


# -- the lint run ---------------------------------------------------------------------------


def run_lint(paths: list[str], base: str | None, config: str, report: Path) -> tuple[int, str]:
    """(exit status, stderr) of `jobs-checks lint --format json` writing `report`."""
    command = [sys.executable, "-m", "checks", "lint", "--format", "json", "--output", str(report), "--exit-zero"]
    if base:
        command += ["--changed-since", base]
    if config:
        command += ["--config", config]
    completed = subprocess.run([*command, "--", *paths], capture_output=True, text=True)
    return completed.returncode, completed.stderr


def load_result(report: Path):
    """The LintResult a JSON report describes (paths as the report wrote them)."""
    from checks.docs.engine import LintResult
    from checks.docs.findings import Finding, Fix

    data = json.loads(report.read_text(encoding="utf-8"))
    findings = []
    for record in data["findings"]:
        fix = record.get("fix")
        findings.append(Finding(
            record["path"], record["line"], record["column"], record["code"], record["message"],
            record["severity"], record["rule"], record.get("end_line"), record.get("profile"),
            Fix(**fix) if fix else None,
        ))
    summary = data["summary"]
    return LintResult(findings, summary["files"], list(summary["errors"]))


def failed(result, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    worst = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK.get(f.severity, 0) <= worst for f in result.findings)


# -- the step summary -----------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _count(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 or word == "info" else f"{count} {word}s"


def summary_markdown(result, rules: dict, *, base: str | None, paths: list[str], fail_on: str,
                     is_failed: bool, notes: list[str]) -> str:
    """Counts by severity, by rule and by page, as GitHub renders them in the job summary."""
    by_severity = Counter(f.severity for f in result.findings)
    if result.errors:
        verdict = "⚠️ the lint could not check everything"
    elif not result.findings:
        verdict = "✅ no findings"
    else:
        parts = ", ".join(_count(by_severity[s], s) for s in SEVERITY_RANK if by_severity[s])
        verdict = f"{'❌' if is_failed else '✅'} {parts}"
    scope = ", ".join(f"`{p}`" for p in paths)
    if base:
        what = f"{_count(result.files, 'page')} under {scope} changed since `{base[:12]}`, with their mirrors, English pages and importers"
    else:
        what = f"all {_count(result.files, 'page')} under {scope}"
    lines = [f"## jobs-checks docs gate: {verdict}", "", f"Linted {what}; fails on: `{fail_on}`.", ""]
    lines += [f"> {_cell(note)}" for note in notes]
    lines += [f"- **error:** {_cell(error)}" for error in result.errors]
    if notes or result.errors:
        lines.append("")
    if not result.findings:
        return "\n".join(lines) + "\n"

    lines += ["### By rule", "", "| Rule | Name | Severity | Findings | Pages |", "| --- | --- | --- | ---: | ---: |"]
    per_rule = defaultdict(list)
    for finding in result.findings:
        per_rule[finding.code].append(finding)
    for code in sorted(per_rule):
        found = per_rule[code]
        rule = rules.get(code)
        name = found[0].rule or (rule.name if rule else "")
        severities = "/".join(sorted({f.severity for f in found}, key=SEVERITY_RANK.get))
        lines.append(f"| `{code}` | {name} | {severities} | {len(found)} | {len({f.path for f in found})} |")

    lines += ["", "### By page", "", "| Page | Errors | Warnings | Info |", "| --- | ---: | ---: | ---: |"]
    per_page = defaultdict(Counter)
    for finding in result.findings:
        per_page[finding.path][finding.severity] += 1
    ordered = sorted(per_page.items(), key=lambda item: (-item[1]["error"], -item[1]["warning"], item[0]))
    for path, counts in ordered[:MAX_PAGES]:
        lines.append(f"| `{_cell(path)}` | {counts['error']} | {counts['warning']} | {counts['info']} |")
    if len(ordered) > MAX_PAGES:
        lines.append(f"| … and {len(ordered) - MAX_PAGES} more pages | | | |")
    fixable = sum(1 for f in result.findings if f.fix is not None)
    if fixable:
        lines += ["", f"{_count(fixable, 'finding')} can be fixed with `jobs-checks lint --fix` (preview with `--diff`)."]
    return "\n".join(lines) + "\n"


def coverage_markdown(paths: list[str], config: str) -> str:
    """The coverage tables of `jobs-checks coverage --format markdown` for each docs folder."""
    parts = []
    for path in paths:
        if not os.path.isdir(path):
            continue
        command = [sys.executable, "-m", "checks", "coverage", "--format", "markdown", path]
        if config:
            command += ["--config", config]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode == 0:
            parts.append(completed.stdout.rstrip() + "\n")
        else:
            why = (completed.stderr.strip().splitlines() or [f"exit {completed.returncode}"])[-1]
            parts.append(f"> coverage of `{path}` is not available: {_cell(why)}\n")
    return "\n".join(parts)


# -- outputs --------------------------------------------------------------------------------


def append(variable: str, text: str) -> None:
    """Append to the file a GITHUB_* variable names (the summary, the outputs); skipped when unset."""
    target = os.environ.get(variable)
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(text)


def set_outputs(values: dict[str, str]) -> None:
    append("GITHUB_OUTPUT", "".join(f"{key}={value}\n" for key, value in values.items()))


def main() -> int:
    try:
        return gate()
    except GateError as exc:
        print(f"jobs-checks gate: error: {exc}", file=sys.stderr)
        append("GITHUB_STEP_SUMMARY", f"## jobs-checks docs gate: ⚠️ not run\n\n{_cell(str(exc))}\n")
        set_outputs({"failed": "true"})
        return 2


def gate() -> int:
    paths = setting("PATHS", ".").split()
    fail_on = choice("FAIL_ON", "error", FAIL_ON)
    fmt = choice("FORMAT", "text", FORMATS)
    sarif_mode = choice("SARIF", "auto", SARIF_MODES)
    config = setting("CONFIG")
    with_coverage = setting("COVERAGE", "false").lower() in ("true", "yes", "1")
    out = Path(setting("OUTPUT_DIR", os.path.join(os.environ.get("RUNNER_TEMP", "."), "jobs-checks")))
    out.mkdir(parents=True, exist_ok=True)
    event_name, event = load_event()

    notes = []
    base = base_ref(setting("CHANGED_SINCE"), event_name, event)
    if base:
        problem = ensure_commit(base)
        if problem:
            notes.append(f"{problem}; linting every page instead")
            base = None

    report = out / "jobs-checks.json"
    status, stderr = run_lint(paths, base, config, report)
    sys.stderr.write(stderr)
    if status not in (0, 1) and not report.is_file():
        raise GateError((stderr.strip().splitlines() or [f"jobs-checks lint exited {status}"])[-1].removeprefix("jobs-checks: error: "))
    notes += [line.removeprefix("jobs-checks: ") for line in stderr.splitlines()
              if line.startswith("jobs-checks: note: ") or line.startswith("jobs-checks: warning: ")]

    from checks.docs.engine import rule_catalog
    from checks.docs.report import render

    result = load_result(report)
    rules = {rule.code: rule for rule in rule_catalog()}
    sarif = out / "jobs-checks.sarif"
    sarif.write_text(render("sarif", result, rules), encoding="utf-8")
    annotations = out / "annotations.txt"
    commands = [line for line in render("github", result, rules).splitlines() if line.startswith("::")]
    annotations.write_text("".join(line + "\n" for line in commands), encoding="utf-8")
    upload = sarif_upload_allowed(sarif_mode, event_name, event)

    sys.stdout.write(render(fmt, result, rules))
    if not upload and fmt != "github":
        sys.stdout.write(annotations.read_text(encoding="utf-8"))  # the runner turns these into annotations

    is_failed = failed(result, fail_on) or bool(result.errors)
    summary = summary_markdown(result, rules, base=base, paths=paths, fail_on=fail_on, is_failed=is_failed, notes=notes)
    if with_coverage:
        summary += "\n" + coverage_markdown(paths, config)
    append("GITHUB_STEP_SUMMARY", summary)

    by_severity = Counter(f.severity for f in result.findings)
    set_outputs({
        "findings": str(len(result.findings)),
        "errors": str(by_severity["error"]),
        "warnings": str(by_severity["warning"]),
        "files": str(result.files),
        "sarif": str(sarif),
        "annotations": str(annotations) if upload and fmt != "github" else "",
        "upload-sarif": "true" if upload else "false",
        "base": base or "",
        "failed": "true" if is_failed else "false",
    })
    return 0


if __name__ == "__main__":
    sys.exit(main())
