"""Canaries: planted secrets never reach any output of `lint`, `contract` or `examples`, in any format.

Each command runs through its real entry point with secrets planted where they really
turn up: in the environment (`MY_SECRET_TOKEN`, a key in a variable whose name does not
look secret), in a docs page's text, and in a server's answers. Then every stream, every
report file and every cache file is searched for them, and the run must still have
found what it was there to find (so the secret was really in its way).
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from tests.reliability.cli import files_under, jobs_checks
from tests.reliability.hostile_servers import HostileServer

CANARY = "sk-canary-123"
KEY = "sk-canary-key-456"  # an API key, in a variable whose name does not look secret
ENV = {"MY_SECRET_TOKEN": CANARY, "MYCRED": KEY}
SECRETS = (CANARY, KEY)

LINT_PAGE = textwrap.dedent(f"""\
    ---
    title: "List jobs"
    jobs-checks-profile: cloud
    ---

    Someone pasted a real token into the sample:

    ```bash
    curl -H "X-API-Key: {CANARY}" "https://cloud.comfy.org/api/jobs?status=completed&sort_by=created_at&limit=20"
    curl "https://cloud.comfy.org/api/jobs?sort_by={CANARY}"
    ```

    ```json
    {{"jobs": [{{"id": "{CANARY}", "status": "done", "create_time": 1700000000}}]}}
    ```
""")


def assert_no_secret(outputs: dict[str, str | bytes]) -> None:
    leaks = [(where, secret) for where, text in outputs.items() for secret in SECRETS
             if (secret.encode() if isinstance(text, bytes) else secret) in text]
    assert not leaks, f"secrets leaked: {leaks}"


@pytest.fixture
def docs(tmp_path) -> Path:
    root = tmp_path / "docs"
    (root / "development" / "cloud").mkdir(parents=True)
    (root / "docs.json").write_text("{}", encoding="utf-8")
    (root / "development" / "cloud" / "list.mdx").write_text(LINT_PAGE, encoding="utf-8")
    return root


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_lint_masks_a_secret_quoted_by_a_page_in_every_format_and_keeps_none_in_its_cache(tmp_path, docs, fmt):
    cache = tmp_path / "cache"
    outputs = {}
    for attempt in ("cold", "warm"):
        report = tmp_path / f"report-{attempt}.{fmt}"
        to_stdout = jobs_checks("lint", str(docs), "--format", fmt, "--cache-dir", str(cache), env=ENV)
        to_file = jobs_checks("lint", str(docs), "--format", fmt, "--cache-dir", str(cache), "-o", str(report), env=ENV)
        assert to_stdout.code == to_file.code == 1, to_stdout.output
        assert "JC201" in to_stdout.stdout and "JC201" in report.read_text(encoding="utf-8")
        assert "***" in to_stdout.stdout  # the finding quoting the secret is there, with the secret masked
        outputs.update({f"{attempt} stdout": to_stdout.stdout, f"{attempt} stderr": to_stdout.stderr + to_file.output,
                        f"{attempt} report": report.read_bytes()})
    outputs.update({str(path): data for path, data in files_under(cache).items()})
    assert_no_secret(outputs)


def test_lint_diff_and_fix_mask_their_output_but_leave_the_users_file_as_it_was(tmp_path, docs):
    page = docs / "development" / "cloud" / "list.mdx"
    diff = jobs_checks("lint", str(docs), "--diff", env=ENV)
    fixed = jobs_checks("lint", str(docs), "--fix", "--no-cache", env=ENV)
    assert diff.code == 1 and "create_time" in diff.stdout
    assert_no_secret({"diff": diff.output, "fix": fixed.output})
    text = page.read_text(encoding="utf-8")
    assert CANARY in text and "sort_by=create_time" in text  # fixed, and nothing of the user's lost


def test_contract_masks_the_key_and_environment_secrets_echoed_by_a_server_in_every_format(tmp_path):
    with HostileServer("echo", body={"error": f"internal failure, token {CANARY}"}) as server:
        junit, report = tmp_path / "junit.xml", tmp_path / "report.json"
        ran = jobs_checks("contract", "--base-url", server.url, "--profile", "cloud", "--api-key-env", "MYCRED",
                          "--seed", "1", "--max-examples", "2", "--timeout", "5", "-v", "--junit-xml", str(junit),
                          "--report-json", str(report), env=ENV)
        sent_keys = {headers.get("x-api-key") for _, headers in server.requests}
    assert ran.code == 1, ran.output
    assert KEY in sent_keys  # the key really went to the server, and it answered with it
    assert "***" in ran.stdout and "***" in report.read_text(encoding="utf-8")
    json.loads(report.read_text(encoding="utf-8"))
    assert_no_secret({"stdout": ran.stdout, "stderr": ran.stderr, "junit": junit.read_bytes(),
                      "json": report.read_bytes()})


EXAMPLE_PAGE = textwrap.dedent(f"""\
    ---
    title: "Check a job"
    jobs-checks-run: true
    jobs-checks-profile: cloud
    ---

    ```python
    import requests

    BASE_URL = "https://cloud.comfy.org"
    API_KEY = "paste-your-key-here"
    print("the page's own token:", "{CANARY}")
    response = requests.get(f"{{BASE_URL}}/api/jobs", headers={{"X-API-Key": API_KEY}})
    print(response.text)
    response.raise_for_status()
    ```
""")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit"])
def test_examples_mask_secrets_from_the_page_and_the_server_in_every_format(tmp_path, fmt):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "check.mdx").write_text(EXAMPLE_PAGE, encoding="utf-8")
    report = tmp_path / f"report.{fmt}"
    with HostileServer("echo", body={"error": f"token {CANARY}"}) as server:
        common = ("examples", "run", "check.mdx", "--base-url", server.url, "--api-key-env", "MYCRED", "--format", fmt,
                  "--timeout", "30")
        to_stdout = jobs_checks(*common, env=ENV, cwd=tmp_path)
        to_file = jobs_checks(*common, "-o", str(report), env=ENV, cwd=tmp_path)
        sent_keys = {headers.get("x-api-key") for _, headers in server.requests}
    assert to_stdout.code == to_file.code == 1, to_stdout.output
    assert KEY in sent_keys  # the sample sent the key; the server echoed it and the canary back
    assert "***" in to_stdout.stdout and "***" in report.read_text(encoding="utf-8")
    assert_no_secret({"stdout": to_stdout.stdout, "stderr": to_stdout.stderr + to_file.output,
                      "report": report.read_bytes()})
