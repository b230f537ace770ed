"""`jobs-checks spec`: validate, show and summarise the canonical spec."""

from __future__ import annotations

import json
import sys

import click

from checks.cli.edge import EXIT_CLEAN, EXIT_FINDINGS, EXIT_INTERNAL, fail

from checks.apispec.loader import ALL_PROFILES, SpecError, resolved_document

profile_option = click.option(
    "--profile", type=click.Choice(ALL_PROFILES), required=True,
    help="Dialect: local ComfyUI server, Comfy Cloud, or Comfy API v2."
)


@click.group()
def spec():
    """Validate, show and summarise the canonical Jobs API spec."""


@spec.command()
@click.argument("documents", nargs=-1, type=click.Path(), metavar="[DOCUMENT.yaml]...")
@click.option("--profile", "profiles", type=click.Choice(ALL_PROFILES), multiple=True, help="Only these profiles (default: all).")
def validate(documents, profiles):
    """Check each resolved profile against the OpenAPI 3.1 meta-schema (exit 1 on problems).

    Given DOCUMENT files, check those instead: published OpenAPI 3.0/3.1 documents, read
    like `spec diff` reads them ($refs only inside the document's folder, never a URL).
    """
    from checks.apispec.validate import document_problems

    if documents:
        _validate_files(documents)
    failed = False
    for profile in profiles or ALL_PROFILES:
        try:
            problems = document_problems(resolved_document(profile))
        except SpecError as exc:
            fail(f"the shipped spec is broken: {exc}", EXIT_INTERNAL)
        if problems:
            failed = True
            click.echo(f"{profile}: {len(problems)} problem(s)")
            for problem in problems:
                click.echo(f"  {problem}")
        else:
            click.echo(f"{profile}: valid OpenAPI 3.1, standalone")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@spec.command()
@profile_option
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
def show(profile, fmt):
    """Print the resolved standalone document (what schemathesis and users consume)."""
    document = resolved_document(profile)
    if fmt == "json":
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        import yaml

        click.echo(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), nl=False)


@spec.command()
@profile_option
def facts(profile):
    """A short table of what a docs reviewer needs: routes, enums, bounds, units, auth."""
    from checks.apispec.facts import spec_for
    from checks.apispec.summary import facts_text

    click.echo(facts_text(spec_for(profile)), nl=False)


from checks.cli.spec_diff import diff  # noqa: E402  (cheap: click and the spec loader only)

spec.add_command(diff)


def _validate_files(documents) -> None:
    """`spec validate FILE...`: problems per file; exit 2 when a file cannot be read, else 1 on problems."""
    from checks.apispec.diff_load import DiffInputError
    from checks.apispec.validate_file import file_problems
    from checks.cli.edge import EXIT_USAGE, say

    failed = unreadable = False
    for document in documents:
        try:
            problems = file_problems(document)
        except DiffInputError as exc:
            say("error", " ".join(str(exc).split()))
            unreadable = True
            continue
        if problems:
            failed = True
            click.echo(f"{document}: {len(problems)} problem(s)")
            for problem in problems:
                click.echo(f"  {problem}")
        else:
            click.echo(f"{document}: valid OpenAPI, every $ref resolves")
    sys.exit(EXIT_USAGE if unreadable else EXIT_FINDINGS if failed else EXIT_CLEAN)
