"""The `jobs-checks` command line: the one edge between users and the suite.

Each subcommand is a module here (`checks/cli/<command>.py`) imported only when invoked,
so `jobs-checks lint` never pays for schemathesis. Exit codes and error lines are the same
for every command (`checks.cli.edge`).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from checks import __version__

# name -> (module, attribute, one-line help shown by --help without importing it)
COMMANDS = {
    "spec": ("checks.cli.spec", "spec", "Validate, show and summarise the canonical spec."),
    "lint": ("checks.cli.lint", "lint", "Lint Mintlify docs pages against the spec of their dialect."),
    "rules": ("checks.cli.lint", "rules", "List the lint rules, or explain one."),
    "contract": ("checks.cli.contract", "contract", "Check a live server against the contract of its dialect."),
    "serve": ("checks.cli.serve", "serve", "Run the reference Jobs API server."),
    "examples": ("checks.cli.examples", "examples", "Run the docs' own code samples against a live server."),
    "coverage": ("checks.cli.coverage", "coverage", "Report which parts of the contract the docs pages leave out."),
}


def _installed(module_name: str) -> bool:
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(name for name, (module, _, _) in COMMANDS.items() if _installed(module))

    def get_command(self, ctx, name):
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        module_name, attribute, _ = entry
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        return getattr(module, attribute)

    def format_commands(self, ctx, formatter):
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jobs-checks")
def main():
    """Contract tests and docs lint for the ComfyUI Jobs API (local server and Comfy Cloud)."""


def run():
    """Console entry point: user errors exit 2 with one line; a bug exits 3 with its traceback."""
    from checks.cli.edge import EXIT_INTERNAL, say
    from checks.masking import guard_streams

    guard_streams()  # no secret of the environment reaches the terminal or a CI log, whatever prints it
    try:
        main(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception:  # noqa: BLE001 - a bug in jobs-checks: keep the traceback, exit 3
        import traceback

        traceback.print_exc()
        say("error", "internal error (a bug in jobs-checks; the traceback above says where)")
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    run()
