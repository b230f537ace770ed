"""`jobs-checks contract`: check a live server against the contract of its dialect.

Exit codes: 0 conforming (server defects outside the contract are listed, and count only
with --fail-on-defects), 1 violations, 2 unreachable server or bad arguments.
Schemathesis, requests and the reference server are imported inside the command.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from checks.cli.edge import deliver, fail
from checks.report import FORMATS

from checks.apispec import ALL_PROFILES

PHASE_NAMES = ("examples", "coverage", "fuzzing", "stateful", "scenarios")
DEFAULT_PHASES = "examples,coverage,fuzzing,scenarios"
DEFAULT_KEY_ENV = "COMFY_API_KEY"



def _phases(text: str) -> tuple[str, ...]:
    phases = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [phase for phase in phases if phase not in PHASE_NAMES]
    if unknown or not phases:
        fail(f"unknown phase(s) {', '.join(unknown) or '(none given)'}; choose from: {', '.join(PHASE_NAMES)}")
    return phases


def _key(variable: str | None, required_for: str | None) -> str | None:
    if not variable:
        return None
    value = os.environ.get(variable)
    if not value and required_for:
        fail(f"{required_for} needs an API key: set the environment variable {variable} (or pass --api-key-env NAME)")
    return value or None


def check_list() -> str:
    from checks.contract.catalogue import all_checks

    lines = ["Contract checks (response checks run on every fuzzed and scripted response):", ""]
    for check in all_checks().values():
        lines.append(f"  {check.name:34} [{check.kind}] {check.summary}")
    lines += ["", "Plus schemathesis' built-in checks: not_a_server_error, status_code_conformance,",
              "content_type_conformance, response_schema_conformance, and the others it runs by default.",
              "A [defect] check reports a server bug outside the contract; it never makes a run non-conforming."]
    return "\n".join(lines)


@click.command("contract")
@click.option("--base-url", help="Server to check. Without it, an embedded reference server is started on loopback.")
@click.option("--profile", type=click.Choice(ALL_PROFILES), default="comfyui", show_default=True, help="Dialect of the server.")
@click.option("--api-key-env", default=DEFAULT_KEY_ENV, show_default=True, metavar="VAR",
              help="Environment variable holding the API key (cloud; v2 when the server wants one).")
@click.option("--other-api-key-env", metavar="VAR", help="Environment variable holding a second user's key (cloud: 403 checks).")
@click.option("--max-examples", type=click.IntRange(min=1), default=None, help="Generated examples per operation and phase [default: 25].")
@click.option("--seed", type=int, help="Seed for a reproducible request sequence.")
@click.option("--phases", default=DEFAULT_PHASES, show_default=True, help=f"Comma-separated: {', '.join(PHASE_NAMES)}.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format on stdout (or in --output).")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the report to this file instead of stdout.")
@click.option("--junit-xml", type=click.Path(dir_okay=False, path_type=Path), help="Also write a JUnit XML report.")
@click.option("--report-json", type=click.Path(dir_okay=False, path_type=Path), help="Also write a JSON report.")
@click.option("--allow-writes", is_flag=True, help="Allow POST /prompt and cancel against a non-loopback server.")
@click.option("--probe-undeclared-methods", is_flag=True,
              help="Let schemathesis send methods the spec does not declare (off: they may reach real routes).")
@click.option("--fail-on-defects", is_flag=True, help="Exit 1 when server defects (bugs outside the contract) are found.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=None, help="Seconds per request [default: 10].")
@click.option("--job-timeout", type=click.FloatRange(min=1), default=None, help="Seconds to wait for a job to finish [default: 60].")
@click.option("--workflow", type=click.Path(dir_okay=False, path_type=Path), help="API-format workflow JSON for the lifecycle.")
@click.option("--slow-workflow", type=click.Path(dir_okay=False, path_type=Path), help="Workflow that runs long (cancel checks).")
@click.option("--failing-workflow", type=click.Path(dir_okay=False, path_type=Path), help="Workflow that fails.")
@click.option("--server-fault", "server_faults", multiple=True, metavar="NAME",
              help="Embedded server only: switch on a fault (see `jobs-checks serve --list-faults`).")
@click.option("--server-version", help="Embedded server only: the version it reports.")
@click.option("--list-checks", is_flag=True, help="List the contract checks and exit.")
@click.option("-v", "--verbose", is_flag=True, help="Show failure messages in full.")
def contract(base_url, profile, api_key_env, other_api_key_env, max_examples, seed, phases, fmt, output, junit_xml, report_json,
             allow_writes, probe_undeclared_methods, fail_on_defects, timeout, job_timeout, workflow, slow_workflow, failing_workflow, server_faults,
             server_version, list_checks, verbose):
    """Check a live Jobs API server against the contract of its dialect.

    Fuzzes every read-only operation with schemathesis (response validation plus the
    contract's semantic checks) and runs deterministic scenarios: pagination walk,
    filters and orderings, lifecycle of its own jobs, cancel, secret canary, bad input.
    """
    if list_checks:
        click.echo(check_list())
        return
    from checks.contract import runner, workflows as builtin_workflows

    options = dict(profile=profile, phases=_phases(phases), allow_writes=allow_writes, seed=seed,
                   probe_methods=probe_undeclared_methods, fail_on_defects=fail_on_defects)
    if max_examples is not None:
        options["max_examples"] = max_examples
    if timeout is not None:
        options["timeout"] = timeout
    if job_timeout is not None:
        options["job_timeout"] = job_timeout
    try:
        chosen = {}
        if workflow:
            chosen["plain"] = builtin_workflows.load(workflow)
        if slow_workflow:
            chosen["slow"] = builtin_workflows.load(slow_workflow)
        if failing_workflow:
            chosen["failing"] = builtin_workflows.load(failing_workflow)
    except builtin_workflows.WorkflowError as exc:
        fail(str(exc))
    options["workflows"] = chosen
    if base_url and (server_faults or server_version):
        fail("--server-fault and --server-version apply to the embedded server only (drop --base-url)")

    with _server(base_url, profile, server_faults, server_version) as (url, keys):
        from checks.apispec import spec_for

        needs_key = f"the {profile} profile" if spec_for(profile).auth_required else None
        if keys:
            api_key, other_key = keys[0], (keys[1] if len(keys) > 1 else None)
        else:
            api_key, other_key = _key(api_key_env, needs_key), _key(other_api_key_env, None)
        from checks.masking import process_masker

        for key in (api_key, other_key):
            process_masker().add(key)
        try:
            variables = {} if keys else {api_key: api_key_env, other_key: other_api_key_env}
            report = runner.run_contract(runner.RunOptions(base_url=url, api_key=api_key, other_api_key=other_key,
                                                           key_variables=variables, **options))
        except runner.RunError as exc:
            fail(str(exc))
    from checks.contract.report import to_report
    from checks.report import write

    unified = to_report(report, verbose=verbose)
    deliver(unified, fmt, output, no_color=True)
    for path, kind in ((junit_xml, "junit"), (report_json, "json")):
        if path:
            try:
                write(path, kind, unified)
            except OSError as exc:
                fail(f"cannot write {path}: {exc.strerror}")
    sys.exit(report.exit_code)


@contextlib.contextmanager
def _server(base_url, profile, faults, version):
    """(URL, API keys of the embedded server): the given URL, or a reference server started for this run."""
    if base_url:
        if not base_url.startswith(("http://", "https://")):
            fail(f"--base-url must start with http:// or https://, got {base_url!r}")
        yield base_url, []
        return
    import logging

    from checks.reference_server import running_server

    # aiohttp logs schemathesis' deliberate malformed probes (a NUL byte in a header) as
    # errors with tracebacks; they are expected here and only bury the report.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(running_server(profile, faults=faults, version=version))
        except ValueError as exc:
            fail(str(exc))
        click.echo(f"started the reference {profile} server at {handle.base_url}"
                   + (f" with faults: {', '.join(sorted(faults))}" if faults else ""), err=True)
        yield handle.base_url, list(handle.api_keys)
