"""Every command speaks through one edge: the same exit codes and one `jobs-checks: error:` line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from checks.cli import main
from checks.cli.edge import EXIT_INTERNAL, EXIT_USAGE

# (arguments, what the error line must name): a user mistake in each command.
USER_MISTAKES = [
    (["lint", "no/such/dir"], "no/such/dir"),
    (["lint", "--select", "JC999", "."], "JC999"),
    (["rules", "JC999"], "JC999"),
    (["coverage", "no/such/dir"], "no/such/dir"),
    (["examples", "run", "no/such/dir"], "no/such/dir"),
    (["examples", "show", "no/such/page.mdx"], "no/such/page.mdx"),
    (["spec", "diff", "no/such.yaml", "--profile", "cloud"], "no/such.yaml"),
    (["contract", "--phases", "nonsense"], "nonsense"),
    (["contract", "--base-url", "ftp://example"], "ftp://example"),
    (["serve", "--profile", "cloud", "--fault", "no-such-fault"], "no-such-fault"),
]


@pytest.mark.parametrize("arguments, named", USER_MISTAKES, ids=[" ".join(a[:2]) for a, _ in USER_MISTAKES])
def test_a_user_mistake_is_exit_2_and_one_line(arguments, named):
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == EXIT_USAGE, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("jobs-checks: error: ") and named in lines[0], result.stderr
    assert "Traceback" not in result.output


def test_a_bug_is_exit_3_with_its_traceback():
    code = (
        "import sys, checks.cli, checks.cli.lint as lint\n"
        "def boom(*a, **k): raise RuntimeError('planted bug')\n"
        "lint.lint.callback = boom\n"
        "sys.argv = ['jobs-checks', 'lint', '.']\n"
        "checks.cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == EXIT_INTERNAL, done.stderr
    assert "Traceback" in done.stderr and "planted bug" in done.stderr
    assert done.stderr.rstrip().splitlines()[-1].startswith("jobs-checks: error: internal error")
