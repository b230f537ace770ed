"""`jobs-checks examples run` and `jobs-checks examples show`: the docs' own samples, executed.

Exit codes of `run`, like `lint`: 0 every program passed (or was skipped), 1 a program
failed or timed out, 2 a usage error, unreadable input or a run that could not start.
`--exit-zero` turns 1 into 0; it never hides a 2. API keys never appear in any output.
"""

from __future__ import annotations

import json
import os
import sys

import click

from checks.cli.edge import EXIT_CLEAN, EXIT_FINDINGS, deliver, fail, say

from checks.examples.plan import RUN_LANGUAGES
from checks.examples.report import FORMATS
from checks.apispec import PROFILES

DEFAULT_KEY_ENV = "COMFY_API_KEY"
OPT_IN = """\b
Pages opt in with frontmatter:
  jobs-checks-run: true             every python, bash, javascript, typescript block
  jobs-checks-run: [python, bash]   only these languages
A JSX comment above a fence changes one block:
  {/* jobs-checks-run: skip */}     leave it out
  {/* jobs-checks-run: setup */}    run it first
A `jobs-checks-run: setup` comment holding fences is setup readers never see.
Each language's blocks run as one program, in page order, in a temp folder
holding workflow_api.json (--workflow). Server URLs the docs use (the spec's
servers, BASE_URL = "...", --doc-url) and API keys (API_KEY, X-API-Key
values, --key-var) are pointed at the server under test."""



def _languages(text: str) -> tuple[str, ...]:
    from checks.examples.plan import LANGUAGES

    chosen = []
    for part in (part.strip().lower() for part in text.split(",")):
        if not part:
            continue
        if part not in LANGUAGES:
            fail(f"--lang: {part!r} does not run; choose from: {', '.join(RUN_LANGUAGES)}")
        chosen.append(LANGUAGES[part])
    if not chosen:
        fail(f"--lang: name at least one of: {', '.join(RUN_LANGUAGES)}")
    return tuple(dict.fromkeys(chosen))


def _config(config_path: str | None, paths: list[str]):
    from checks.docs.config import ConfigError, config_for

    try:
        return config_for(paths, config_path)
    except ConfigError as exc:
        fail(str(exc))


def _workflow(path: str | None) -> dict | None:
    if path is None:
        return None
    from checks.contract.workflows import WorkflowError, load

    try:
        return load(path).prompt
    except WorkflowError as exc:
        fail(f"--workflow: {exc}")


@click.group("examples")
def examples():
    """Run the docs' own code samples against a live server (the embedded reference server by default)."""


@examples.command("run", epilog=OPT_IN)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--base-url", help="Server to run against. Without it, a reference server per profile starts on loopback.")
@click.option("--profile", type=click.Choice(PROFILES), help="Run every page as this dialect (default: each page's own).")
@click.option("--api-key-env", default=DEFAULT_KEY_ENV, show_default=True, metavar="VAR",
              help="Environment variable holding the API key for --base-url (cloud).")
@click.option("--timeout", type=click.FloatRange(min=0.5), default=60.0, show_default=True, help="Seconds per program.")
@click.option("--lang", "lang", default=",".join(RUN_LANGUAGES), show_default=True,
              help="Comma-separated languages to run.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--allow-writes", is_flag=True, help="Allow a non-loopback --base-url (samples submit jobs there).")
@click.option("--workflow", type=click.Path(dir_okay=False), help="API-format workflow the samples read as workflow_api.json.")
@click.option("--url-var", "url_vars", multiple=True, metavar="NAME", help="Another variable holding the server URL.")
@click.option("--key-var", "key_vars", multiple=True, metavar="NAME", help="Another variable holding the API key.")
@click.option("--doc-url", "doc_urls", multiple=True, metavar="URL", help="Another URL the docs use for the server.")
@click.option("--config", "config_path", type=click.Path(), help="jobs-checks.toml or pyproject.toml (profiles, locales).")
@click.option("--pass-env", "pass_env", multiple=True, metavar="NAME",
              help="Hand this variable of yours to the samples (none is, by default; key variables get the test key).")
@click.option("--sandbox", "sandbox_mode", type=click.Choice(["auto", "require"]), default="auto", show_default=True,
              help="require: refuse to run unless the network and filesystem can be isolated (use it for pull requests).")
@click.option("--memory-mb", type=click.IntRange(min=64), default=2048, show_default=True, help="Address-space limit per process.")
@click.option("--max-processes", type=click.IntRange(min=4), default=128, show_default=True, help="Processes and threads a sample may run at once.")
@click.option("--max-file-mb", type=click.IntRange(min=1), default=64, show_default=True, help="Largest file (and output) a sample may write; also each temp folder's size.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when programs failed.")
@click.option("--no-color", is_flag=True, help="Never colour the text report.")
def run(paths, base_url, profile, api_key_env, timeout, lang, fmt, output, allow_writes, workflow, url_vars, key_vars,
        doc_urls, config_path, pass_env, sandbox_mode, memory_mb, max_processes, max_file_mb, exit_zero, no_color):
    """Run the samples of opted-in pages (PATHS: files or folders, default `.`) and report each program."""
    from checks.examples.report import to_report
    from checks.examples.runner import RunError, RunOptions, run_examples
    from checks.examples.sandbox import Limits
    from checks.examples.substitute import DEFAULT_KEY_NAMES, DEFAULT_URL_NAMES
    from checks.masking import process_masker

    paths = list(paths) or ["."]
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        fail(f"no such file or directory: {missing[0]}")
    if base_url and not base_url.startswith(("http://", "https://")):
        fail(f"--base-url must start with http:// or https://, got {base_url!r}")
    for url in doc_urls:
        if not url.startswith(("http://", "https://")):
            fail(f"--doc-url must start with http:// or https://, got {url!r}")
    api_key = os.environ.get(api_key_env) or None if base_url else None
    masker = process_masker()
    masker.add(api_key)
    for name in (api_key_env, *key_vars):
        masker.add(os.environ.get(name))
    options = RunOptions(
        paths=paths, base_url=base_url, profile=profile, timeout=timeout, languages=_languages(lang),
        api_key=api_key, api_key_source=f"the variable {api_key_env}",
        allow_writes=allow_writes, workflow=_workflow(workflow), config=_config(config_path, paths),
        url_names=tuple(dict.fromkeys((*DEFAULT_URL_NAMES, *url_vars))),
        key_names=tuple(dict.fromkeys((*DEFAULT_KEY_NAMES, *key_vars))), doc_urls=tuple(doc_urls),
        pass_env=tuple(pass_env), require_isolation=sandbox_mode == "require",
        limits=Limits(memory_bytes=memory_mb << 20, processes=max_processes, file_bytes=max_file_mb << 20),
    )
    try:
        result = run_examples(options)
    except RunError as exc:
        fail(str(exc))
    deliver(to_report(result), fmt, output, no_color=no_color)
    for error in result.errors:
        say("error", error)
    code = result.exit_code
    sys.exit(EXIT_CLEAN if code == EXIT_FINDINGS and exit_zero else code)


@examples.command("show", epilog=OPT_IN)
@click.argument("page", type=click.Path(dir_okay=False))
@click.option("--lang", "lang", default=",".join(RUN_LANGUAGES), show_default=True, help="Comma-separated languages.")
@click.option("--profile", type=click.Choice(PROFILES), help="Dialect whose server URLs are substituted.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(page, lang, profile, fmt):
    """Print the programs PAGE would run, as assembled and substituted (the server shown as SERVER_URL)."""
    from checks.docs.extract import extract_page
    from checks.examples.assemble import assemble
    from checks.examples.plan import PlanError, opted_in, plan_page
    from checks.examples.substitute import Target, doc_urls_for
    from checks.apispec import spec_for

    if not os.path.isfile(page):
        fail(f"no such file: {page}")
    extracted = extract_page(page, config=_config(None, [page]))
    if not opted_in(extracted):
        fail(f"{page} does not opt in: add `jobs-checks-run: true` to its frontmatter")
    try:
        plan = plan_page(extracted, _languages(lang))
    except PlanError as exc:
        fail(str(exc))
    profile = profile or extracted.profile
    specs = [spec_for(profile)] if profile else [spec_for(name) for name in PROFILES]
    target = Target("http://SERVER_URL", doc_urls_for(specs), auth_header=specs[0].auth_header if profile else None)
    programs = {language: assemble(page, language, pieces, target).code for language, pieces in plan.programs.items()}
    if fmt == "json":
        click.echo(json.dumps({"page": page, "profile": profile, "programs": programs}, indent=2))
        return
    for language, code in programs.items():
        click.echo(click.style(f"==> {language}", bold=True))
        click.echo(code)
