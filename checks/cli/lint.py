"""`jobs-checks lint` and `jobs-checks rules`.

Exit codes (`checks.cli.edge`): 0 no error-level finding, 1 error-level findings, 2 a usage
error or unreadable input, 3 a crashing rule (everything else is still reported).
`--exit-zero` turns 1 into 0; it never hides a 2 or 3. Set JOBS_CHECKS_DEBUG=1 to get the
traceback of a crashing rule, JOBS_CHECKS_TIMINGS=FILE to get the CPU seconds each stage took
(discover, read, parse, rules, report ...) and each process's peak memory as JSON in FILE
(for `bench/`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from checks.cli.edge import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_USAGE, deliver, fail, say, write_out
from checks.docs.report import FORMATS
from checks.docs.stages import memory, stage, taken
from checks.apispec import LINT_PROFILES

# Profiles that replace the v1 Jobs API (the v2 spec's `x-replaced-by`), for `--suggest`.
SUCCESSORS = ("v2",)

def _catalog(rule_catalog):
    """{code: rule} of every code a run can report, read the first time someone asks (a warm run
    whose pages are all cached, reported as text or JSON, never does)."""
    import functools

    @functools.cache
    def catalog() -> dict:
        return {rule.code: rule for rule in rule_catalog()}

    return catalog


def _codes(option: str, value: str | None, catalog) -> set[str] | None:
    """`JC101,JC2` -> {"JC101", "JC2"}; every entry must be a code or a prefix of one."""
    if value is None:
        return None
    known = set(catalog())
    codes = {part.strip().upper() for part in value.replace(" ", ",").split(",") if part.strip()}
    for code in sorted(codes):
        if code != "ALL" and not any(known_code.startswith(code) for known_code in known):
            fail(f"{option}: {code} is not a rule code or prefix (see `jobs-checks rules`)")
    return {"JC"} if "ALL" in codes else codes


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--config", "config_path", type=click.Path(), help="jobs-checks.toml or pyproject.toml to use (default: nearest).")
@click.option("--select", help="Only these rule codes or prefixes, comma-separated (JC2 = JC201, JC202).")
@click.option("--ignore", help="Skip these rule codes or prefixes, comma-separated.")
@click.option("--profile", type=click.Choice(LINT_PROFILES), help="Judge every page as this dialect, whatever it says.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are error-level findings.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for large trees (default: CPUs).")
@click.option("--no-color", is_flag=True, help="Never colour the text report (it is only coloured on a terminal).")
@click.option("--changed-since", metavar="REF", help="Only pages changed since the git REF (its merge base), with their mirrors, English pages and importers.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where results are kept between runs (default: .jobs-checks-cache, or $JOBS_CHECKS_CACHE_DIR).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified diff and write nothing (exit 1 when there are some).")
@click.option("--no-shortcut", is_flag=True, help="Parse every page in full and run every rule on it, even pages the pre-scan skips (same findings, slower).")
@click.option("--suggest", type=click.Choice(SUCCESSORS), help="List what each v1 page must change to use this API "
              "(calls, key header, statuses, fields) instead of linting.")
def lint(**options):
    """Lint Mintlify docs pages (PATHS: files or folders, default `.`) against the spec of their dialect."""
    from checks.docs.discover import one_run

    with one_run():  # the change set and the lint walk each folder and read each file's imports once
        _lint(**options)


def _lint(paths, fmt, output, config_path, select, ignore, profile, exit_zero, jobs, no_color,
          changed_since, cache_dir, no_cache, fix, show_diff, no_shortcut, suggest):
    from checks.docs.config import ConfigError, config_for
    from checks.docs.engine import LintResult, lint_paths, rule_catalog
    from checks.docs.report import to_report

    if fix and show_diff:
        fail("--fix writes the fixes and --diff only shows them; choose one")
    paths = list(paths) or ["."]
    try:
        config = config_for(paths, config_path)
    except ConfigError as exc:
        fail(str(exc))
    if suggest:
        sys.exit(_suggest(paths, config, suggest, fmt, output))

    rules = _catalog(rule_catalog)  # imports every rule module: only when a code is checked or a report lists them
    selected = _codes("--select", select, rules)
    if selected is not None:
        config.select = selected
    ignored = _codes("--ignore", ignore, rules)
    if ignored:
        config.ignore = set(config.ignore) | ignored

    missing = [path for path in paths if not os.path.lexists(path)]  # a dangling link or a loop is read and reported
    present = [path for path in paths if path not in missing]
    # The first run's cache: a change set reads unchanged files through it too.
    caches = [None if no_cache else _result_cache(cache_dir, config, profile, not no_shortcut)]
    if changed_since is not None and present:
        present = _changed_pages(changed_since, present, config, caches[0])
    on_crash = "raise" if os.environ.get("JOBS_CHECKS_DEBUG") else "collect"

    def run():
        cache = caches.pop() if caches else None if no_cache else _result_cache(cache_dir, config, profile, not no_shortcut)
        try:
            found = lint_paths(present, config, jobs=jobs, profile=profile, on_crash=on_crash, cache=cache,
                               shortcut=not no_shortcut) if present else LintResult([], 0)
        except FileNotFoundError as exc:
            fail(f"no such file or directory: {exc.args[0] if exc.args else exc}")
        if cache is not None and cache.warning:
            say("warning", cache.warning)
        return found

    result = run()
    if show_diff:
        sys.exit(_show_diff(result))
    if fix:
        result = _fix(result, run)
    result.errors = [*(f"{path}: no such file or directory" for path in missing), *result.errors]

    with stage("report"):
        deliver(to_report(result, rules), fmt, output, no_color=no_color)
    _write_timings(result)

    for error in result.errors:
        say("error", error)
    if result.crashes:
        sys.exit(EXIT_INTERNAL)
    if result.errors:
        sys.exit(EXIT_USAGE)
    if not exit_zero and any(f.severity == "error" for f in result.findings):
        sys.exit(EXIT_FINDINGS)
    sys.exit(EXIT_CLEAN)


MAX_FIX_PASSES = 4  # a fix left out for overlapping another is applied by the next pass


def _suggest(paths, config, target, fmt, output) -> int:
    """`--suggest v2`: the migration list (text, or JSON with `--format json`); exit 0, or 2 for a missing path."""
    import json

    from checks.docs.migrate import render_text, suggest

    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        fail(f"no such file or directory: {missing[0]}")
    found, pages = suggest(paths, config, target)
    if fmt == "json":
        report = json.dumps({"target": target, "pages": pages, "suggestions": [s.as_dict() for s in found]}, indent=2) + "\n"
    else:
        report = render_text(found, pages, target)
    write_out(report, output)
    return EXIT_CLEAN


def _changed_pages(ref: str, paths: list[str], config, cache=None) -> list[str]:
    """The files `--changed-since REF` selects under `paths`; a note on stderr says how many."""
    from checks.docs.changed import ChangedError, select_changed

    try:
        selection = select_changed(ref, paths, config, cache.facts if cache is not None else None)
    except ChangedError as exc:
        fail(str(exc))
    for note in selection.notes:
        say("note", note)
    if selection.everything:
        why = f"{selection.everything}, so every page is linted"
    else:
        why = f"{len(selection.changed)} docs files changed since {selection.base[:12]}; linting {len(selection.files)} with their mirrors and importers"
    say("", why)
    return selection.files


def _result_cache(cache_dir, config, profile, shortcut=True):
    from checks.docs.cache import ResultCache, default_dir

    return ResultCache(cache_dir or default_dir(), config, profile, shortcut=shortcut)


def _write_timings(result) -> None:
    """CPU seconds per stage and peak memory per process to the file JOBS_CHECKS_TIMINGS names."""
    where = os.environ.get("JOBS_CHECKS_TIMINGS")
    if not where:
        return
    import json

    seconds = {**result.seconds}
    for name, value in taken().items():
        seconds[name] = seconds.get(name, 0.0) + value
    report = {"seconds": {name: round(value, 4) for name, value in sorted(seconds.items())}, "peak_mb": memory()}
    try:
        Path(where).write_text(json.dumps(report) + "\n", encoding="utf-8")
    except OSError as exc:
        say("warning", f"JOBS_CHECKS_TIMINGS: cannot write {where}: {exc.strerror}")


def _fix_problems(outcomes) -> None:
    for outcome in outcomes:
        if outcome.problem:
            say("warning", outcome.problem)
        for skipped, why in outcome.skipped:
            if "overlaps" not in why:
                say("warning", f"{outcome.path}:{skipped.line}:{skipped.column}: fix not applied: {why}")


def _show_diff(result) -> int:
    """`--diff`: print what `--fix` would change; exit 1 when it would change anything."""
    from checks.docs.fix import fix_files, unified_diff

    outcomes = fix_files(result.findings, write=False)
    _fix_problems(outcomes)
    changed = [o for o in outcomes if o.changed]
    click.echo("".join(unified_diff(o) for o in changed), nl=False)
    count = sum(len(o.applied) for o in changed)
    if changed:
        say("", f"{count} fixes would change {len(changed)} files; `--fix` writes them")
    else:
        say("", "nothing to fix")
    return EXIT_FINDINGS if changed else EXIT_CLEAN


def _fix(result, run):
    """`--fix`: apply, lint again, repeat while fixes still apply; the last run is what is reported."""
    from checks.docs.extract import clear_caches
    from checks.docs.fix import fix_files

    fixed, files = 0, set()
    for _ in range(MAX_FIX_PASSES):
        outcomes = fix_files(result.findings, write=True)
        _fix_problems(outcomes)
        changed = [o for o in outcomes if o.changed]
        if not changed:
            break
        fixed += sum(len(o.applied) for o in changed)
        files.update(o.path for o in changed)
        clear_caches()
        result = run()
    if fixed:
        say("", f"fixed {fixed} findings in {len(files)} files")
    return result


@click.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules(code, fmt):
    """List every rule (code, name, severities, summary), or print the doc of one (e.g. JC201)."""
    import json

    from checks.docs.engine import rule_catalog

    catalog = rule_catalog()
    if code is not None:
        wanted = code.strip().upper()
        rule = next((r for r in catalog if r.code == wanted or r.name == code.strip().lower()), None)
        if rule is None:
            fail(f"unknown rule {code!r}; `jobs-checks rules` lists them")
        if fmt == "json":
            click.echo(json.dumps(_rule_record(rule, full=True), indent=2))
        else:
            click.echo(_rule_text(rule))
        return
    if fmt == "json":
        click.echo(json.dumps([_rule_record(r) for r in catalog], indent=2))
        return
    name_width = max(len(r.name) for r in catalog)
    severity_width = max(len(", ".join(r.severities)) for r in catalog)
    for rule in catalog:
        click.echo(f"{rule.code}  {rule.name:<{name_width}}  {', '.join(rule.severities):<{severity_width}}  {rule.summary}")


def _rule_record(rule, full: bool = False) -> dict:
    record = {"code": rule.code, "name": rule.name, "severity": rule.severity,
              "severities": list(rule.severities), "summary": rule.summary}
    if full:
        record["doc"] = rule.doc
        record["messages"] = {key: {"severity": m.severity or rule.severity, "template": m.template}
                              for key, m in rule.messages.items()}
    return record


def _rule_text(rule) -> str:
    """What `jobs-checks rules CODE` prints: the doc, what it can say, how to turn it off."""
    lines = [f"{rule.code} {rule.name} ({rule.severity})", "", rule.doc, "", "Messages:"]
    for message in rule.messages.values():
        lines.append(f"  {message.severity or rule.severity:<8} {message.template}")
    family = rule.code[:3]
    lines += [
        "",
        "Select, ignore, re-grade:",
        f"  jobs-checks lint --select {rule.code}   (or its family: --select {family})",
        f"  jobs-checks lint --ignore {rule.code}",
        f"  [tool.jobs-checks] ignore = [\"{rule.code}\"]   severity = {{ {rule.code} = \"warning\" }}",
        f"  on a page: {{/* jobs-checks-disable-next-line {rule.code} */}} above the line, or "
        f"`jobs-checks-disable: [{rule.code}]` in the frontmatter",
    ]
    return "\n".join(lines)
