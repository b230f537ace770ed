"""`jobs-checks contract` against servers that misbehave: classified failures, bounded time and memory,
and the API key never sent to another host.

Each server is one of `hostile_servers.BEHAVIOURS`, misbehaving on every route (the run
stops at its first request, one line, exit 2) or only under `/api/jobs/` (the run gets
going: scripted scenarios stop on the broken answer, fuzzing records it as a failed check).
A capture server on 127.0.0.2, another host, is where the redirecting servers point.
"""

from __future__ import annotations

import pytest

from tests.reliability.cli import in_process
from tests.reliability.hostile_servers import HostileServer

KEY = "sk-contract-key-31337"
TIMEOUT = "2"
TIME_CAP = 60.0
FUZZ_ONLY = "examples,coverage,fuzzing"

CASES = [
    # behaviour, misbehaves under, phases, exit code, words of the report
    ("silent", None, None, 2, f"no answer within {TIMEOUT} s (--timeout)"),
    ("slow", None, None, 2, f"no answer within {TIMEOUT} s (--timeout)"),
    ("closes-mid-body", None, None, 2, "closed the connection in the middle of the response body"),
    ("endless-body", None, None, 2, "the response body passed 32 MiB"),
    ("invalid-json", None, None, 1, "JSON"),
    ("redirect-other-host", None, None, 2, "redirects are not followed (the API key would go along)"),
    ("redirect-other-scheme", None, None, 2, "redirects are not followed (the API key would go along)"),
    ("redirect-loop", None, None, 2, "redirects are not followed (the API key would go along)"),
    ("silent", "/api/jobs/", None, 2, "lost the server during the run"),
    ("endless-body", "/api/jobs/", None, 2, "the run stopped on a broken answer"),
    ("endless-body", "/api/jobs/", FUZZ_ONLY, 1, "the response body passed 32 MiB"),
    ("closes-mid-body", "/api/jobs/", FUZZ_ONLY, 1, "schemathesis_runs_cleanly"),
    ("invalid-json", "/api/jobs/", None, 1, "JSON"),
    ("redirect-other-host", "/api/jobs/", None, 1, "answered 302"),
    ("redirect-other-host", "/api/jobs/", FUZZ_ONLY, 1, "VIOLATIONS FOUND"),
]


@pytest.fixture(scope="module")
def other_host():
    with HostileServer("echo", host="127.0.0.2") as server:
        yield server


@pytest.mark.parametrize("behaviour, under, phases, code, words", CASES,
                         ids=[f"{b}{'-under-jobs' if u else ''}{'-fuzz' if p else ''}" for b, u, p, _, _ in CASES])
def test_a_hostile_server_is_a_classified_failure_within_bounds(other_host, monkeypatch, behaviour, under, phases, code,
                                                                words):
    monkeypatch.setenv("MYCRED", KEY)
    other_host.requests.clear()
    redirect = {"redirect-other-host": other_host.url, "redirect-other-scheme": "ftp://127.0.0.2:21"}.get(behaviour, "")
    with HostileServer(behaviour, redirect_to=redirect, only_under=under) as server:
        ran = in_process("contract", "--base-url", server.url, "--profile", "cloud", "--api-key-env", "MYCRED",
                         "--timeout", TIMEOUT, "--seed", "1", "--max-examples", "2", *(("--phases", phases) if phases else ()))
    assert ran.code == code, ran.output[-2000:]
    assert words in ran.output, ran.output[-2000:]
    assert "Traceback" not in ran.output and KEY not in ran.output
    if code == 2:
        assert len(ran.stderr.strip().splitlines()) == 1 and ran.stderr.startswith("jobs-checks: error: ")
    assert ran.seconds < TIME_CAP  # peak memory: `make reliability` runs each in its own process and measures it
    assert not [headers for _, headers in other_host.requests if headers.get("x-api-key")], "the key went to another host"
    assert other_host.requests == []  # nothing went there at all
