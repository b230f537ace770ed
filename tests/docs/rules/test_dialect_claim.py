"""JC502 dialect-claim: fixture pages, messages, and the sentences it leaves alone."""

from __future__ import annotations

import pytest

from checks.docs.rules import dialect_claim
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC502"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, dialect_claim, "JC502")


def test_compatibility_with_a_dialect_that_never_served_the_route(tmp_path):
    page = "---\njobs-checks-profile: cloud\n---\n\n`/api/job/{job_id}/status` mirrors the local server.\n"
    [finding] = lint_text(tmp_path, page, dialect_claim)
    assert finding.message == ("`/api/job/{job_id}/status` is not served by ComfyUI local server (comfyui), so it is not kept "
                               "for compatibility with it; say which dialect serves it (Comfy Cloud (cloud))")


@pytest.mark.parametrize("text", [
    "`POST /api/prompt` is kept for compatibility with the local server, which serves it too.",
    "Nothing on this page is deprecated.",  # no profile: no dialect to hold it to
    "We recommend `/api/jobs`; the legacy `/history` route is kept for old scripts.",
    "Local files are compatible with `/api/jobs`.",
])  # fmt: skip
def test_quiet_without_a_false_claim(tmp_path, text):
    profile = "" if text.startswith("Nothing") else "---\njobs-checks-profile: comfyui\n---\n\n"
    assert lint_text(tmp_path, profile + text + "\n", dialect_claim) == []


def test_nothing_deprecated_names_what_is(tmp_path):
    page = "---\njobs-checks-profile: comfyui\n---\n\nNo routes here are deprecated.\n"
    [finding] = lint_text(tmp_path, page, dialect_claim)
    assert finding.message.startswith("ComfyUI local server (comfyui) has deprecated routes (`GET /history`")
