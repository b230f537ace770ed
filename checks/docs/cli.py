"""`jobs-checks lint` and `jobs-checks rules`.

Exit codes of `lint`: 0 no error-level finding, 1 error-level findings, 2 a usage error,
unreadable input or a crashing rule (everything else is still reported). `--exit-zero`
turns 1 into 0; it never hides a 2. User mistakes are one line on stderr, never a traceback;
set JOBS_CHECKS_DEBUG=1 to get the traceback of a crashing rule.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checks.docs.report import FORMATS
from checks.spec import PROFILES

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE = 0, 1, 2


def _fail(message: str) -> None:
    click.echo(f"jobs-checks: error: {message}", err=True)
    sys.exit(EXIT_TROUBLE)


def _codes(option: str, value: str | None, known: set[str]) -> set[str] | None:
    """`JC101,JC2` -> {"JC101", "JC2"}; every entry must be a code or a prefix of one."""
    if value is None:
        return None
    codes = {part.strip().upper() for part in value.replace(" ", ",").split(",") if part.strip()}
    for code in sorted(codes):
        if code != "ALL" and not any(known_code.startswith(code) for known_code in known):
            _fail(f"{option}: {code} is not a rule code or prefix (see `jobs-checks rules`)")
    return {"JC"} if "ALL" in codes else codes


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--config", "config_path", type=click.Path(), help="jobs-checks.toml or pyproject.toml to use (default: nearest).")
@click.option("--select", help="Only these rule codes or prefixes, comma-separated (JC2 = JC201, JC202).")
@click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated.")
@click.option("--profile", type=click.Choice(PROFILES), help="Judge every page as this dialect, whatever it says.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are error-level findings.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for large trees (default: CPUs).")
@click.option("--no-color", is_flag=True, help="Never colour the text report (it is only coloured on a terminal).")
def lint(paths, fmt, output, config_path, select, ignore, profile, exit_zero, jobs, no_color):
    """Lint Mintlify docs pages (PATHS: files or folders, default `.`) against the spec of their dialect."""
    from checks.docs.config import ConfigError, load_config
    from checks.docs.engine import LintResult, lint_paths, rule_catalog
    from checks.docs.report import render

    paths = list(paths) or ["."]
    try:
        if config_path is not None:
            if not os.path.isfile(config_path):
                _fail(f"--config: no such file: {config_path}")
            config = load_config(explicit=Path(config_path))
        else:
            first = Path(paths[0])
            config = load_config(first if first.is_dir() else first.parent)
    except ConfigError as exc:
        _fail(str(exc))

    rules = {rule.code: rule for rule in rule_catalog()}
    selected = _codes("--select", select, set(rules))
    if selected is not None:
        config.select = selected
    ignored = _codes("--ignore", ignore, set(rules))
    if ignored:
        config.ignore = set(config.ignore) | ignored

    missing = [path for path in paths if not os.path.exists(path)]
    present = [path for path in paths if path not in missing]
    on_crash = "raise" if os.environ.get("JOBS_CHECKS_DEBUG") else "collect"
    try:
        result = lint_paths(present, config, jobs=jobs, profile=profile, on_crash=on_crash) if present else LintResult([], 0)
    except FileNotFoundError as exc:
        _fail(f"no such file or directory: {exc.args[0] if exc.args else exc}")
    result.errors = [*(f"{path}: no such file or directory" for path in missing), *result.errors]

    color = fmt == "text" and output is None and not no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    report = render(fmt, result, rules, color=color)
    if output is not None:
        try:
            Path(output).write_text(report, encoding="utf-8")
        except OSError as exc:
            _fail(f"--output: cannot write {output}: {exc.strerror}")
        if fmt != "text":
            from checks.docs.report import summary_line

            click.echo(summary_line(result), err=True)
    else:
        click.echo(report, nl=False)

    for error in result.errors:
        click.echo(f"jobs-checks: error: {error}", err=True)
    if result.errors:
        sys.exit(EXIT_TROUBLE)
    if not exit_zero and any(f.severity == "error" for f in result.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


@click.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code, fmt):
    """List every rule (code, name, severity, summary), or print the doc of one (e.g. JC201)."""
    import json

    from checks.docs.engine import rule_catalog

    catalog = rule_catalog()
    if code is not None:
        wanted = code.strip().upper()
        rule = next((r for r in catalog if r.code == wanted or r.name == code.strip().lower()), None)
        if rule is None:
            _fail(f"unknown rule {code!r}; `jobs-checks rules` lists them")
        if fmt == "json":
            click.echo(json.dumps({"code": rule.code, "name": rule.name, "severity": rule.severity, "summary": rule.summary, "doc": rule.doc}, indent=2))
        else:
            click.echo(f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.doc}")
        return
    if fmt == "json":
        records = [{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary} for r in catalog]
        click.echo(json.dumps(records, indent=2))
        return
    name_width = max(len(r.name) for r in catalog)
    for rule in catalog:
        click.echo(f"{rule.code}  {rule.name:<{name_width}}  {rule.severity:<7}  {rule.summary}")
