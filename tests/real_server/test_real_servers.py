"""`contract` against real ComfyUI releases: CONFORMING, harmless to data it did not create, defects apart.

Each shipped release is started once per session (`conftest.real_server`). The comfyui
profile must conform for several seeds, leave every job that existed before the run as it
was, really run its jobs (cancel included where the release has the routes) and report the
release's known bugs as server defects with reproducers. The cloud profile against the
same server must read as the short list of differences between the two dialects.
"""

from __future__ import annotations

import time

import pytest
import requests

from checks.apispec import spec_for
from checks.apispec.versions import available
from checks.contract.report import console
from checks.contract.report.problems import NOT_SERVED, problems
from checks.contract.runner import RunOptions, run_contract
from checks.contract.workflows import failing, plain, slow, vary
from tests.real_server.conftest import shipped_versions
from tests.real_server.record import text

pytestmark = [pytest.mark.real_server, pytest.mark.slow]
VERSIONS = shipped_versions() or ["0.33.0"]  # without the servers the tests are skipped, not dropped
CANCEL_CHECKS = {"cancel_is_idempotent", "cancel_of_unknown_job_is_harmless", "cancel_stops_pending_job",
                 "cancel_stops_running_job", "batch_cancel_is_idempotent", "batch_cancel_rejects_bad_ids"}


def _submit(base_url: str, prompt: dict, seed: int) -> str:
    import random

    varied, _ = vary(prompt, random.Random(seed))
    response = requests.post(f"{base_url}/prompt", json={"prompt": varied}, timeout=30)
    response.raise_for_status()
    return response.json()["prompt_id"]


def _wait(base_url: str, job_id: str, seconds: float = 180) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = requests.get(f"{base_url}/api/jobs/{job_id}", timeout=30).json()
        if job.get("status") in ("completed", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def _history_of(base_url: str, job_id: str) -> dict:
    return requests.get(f"{base_url}/history/{job_id}", timeout=30).json()


def _run(server, profile: str = "comfyui", seed: int = 1, **options):
    return run_contract(RunOptions(base_url=server.base_url, profile=profile, seed=seed, job_timeout=180, **options))


def _failures(report) -> dict:
    return {(row.name, row.operation): [failure.message[:300] for failure in row.failures[:2]]
            for row in report.rows if row.status == "failed"}


@pytest.mark.parametrize("version", VERSIONS)
def test_comfyui_profile_conforms_and_leaves_other_jobs_alone(real_server, version):
    server = real_server(version)
    url = server.base_url
    # Somebody else's data: finished jobs (one with a text output), one running, one queued behind it.
    finished = [_submit(url, text("somebody else's text"), 1), _submit(url, plain().prompt, 2),
                _submit(url, failing().prompt, 3)]
    for job_id in finished:
        _wait(url, job_id)
    before = {job_id: _history_of(url, job_id) for job_id in finished}
    running, queued = _submit(url, slow().prompt, 4), _submit(url, plain().prompt, 5)

    report = _run(server, seed=1)

    assert report.conforming, _failures(report)
    assert report.version == version
    # Nothing that existed before the run was cancelled, dropped or changed.
    assert {job_id: _history_of(url, job_id) for job_id in finished} == before
    assert _wait(url, running)["status"] == "completed" and _wait(url, queued)["status"] == "completed"
    passed = {row.name for row in report.rows if row.status == "passed"}
    assert {"job_finishes", "failed_job_explains_why", "completed_job_has_outputs", "outputs_are_downloadable",
            "secrets_never_echoed", "pages_cover_the_list", "detail_matches_list"} <= passed
    skipped = {row.name: row.skip_reason for row in report.rows if row.status == "skipped"}
    if available(spec_for("comfyui").operation("cancelJob").since, version):
        assert CANCEL_CHECKS <= passed and not skipped  # the slow workflow really ran and was cancelled
    else:
        assert set(skipped) == CANCEL_CHECKS
        assert sum("confirmed: POST /api/jobs/" in note and "answered 405" in note for note in report.notes) == 2


@pytest.mark.parametrize("version", VERSIONS)
def test_the_releases_bugs_are_server_defects_with_reproducers(real_server, version):
    report = _run(real_server(version), seed=3)
    assert report.conforming and report.exit_code == 0, _failures(report)
    defects = {(defect.operation, defect.status) for defect in report.defects}
    assert {("POST /prompt", 500), ("POST /history", 500), ("GET /history", 500)} <= defects
    assert all(defect.curl and defect.curl.startswith("curl ") for defect in report.defects)
    text = console.render(report)
    assert "Server defects (" in text and "CONFORMING:" in text
    assert "--data 'jobs-checks: this body is not JSON'" in text


@pytest.mark.parametrize("seed", [2, 4, 5])
@pytest.mark.parametrize("version", VERSIONS)
def test_comfyui_profile_conforms_for_other_seeds(real_server, version, seed):
    report = _run(real_server(version), seed=seed)
    assert report.conforming, _failures(report)


# The differences between the dialects a cloud run against a local server must show, and
# nothing else: authentication, the other sort_by spelling, output_type, pagination.limit,
# non-UUID ids, download by redirect, cancel of unknown ids, and routes cloud-only.
CORE_DIFFERENCES = {"requests_without_key_are_401", "bad_parameters_are_400", "pagination_echoes_request",
                    "unknown_job_is_404", "outputs_are_downloadable", "output_type_filter_is_honoured",
                    "response_schema_conformance"}
ALLOWED = CORE_DIFFERENCES | {"positive_data_acceptance",
                              "content_type_conformance", "status_code_conformance",
                              "cancel_of_unknown_job_is_harmless"}
CLOUD_ONLY_ROUTES = {"GET /api/history_v2", "GET /api/history_v2/{prompt_id}", "GET /api/job/{job_id}/status"}


@pytest.mark.parametrize("version", VERSIONS)
def test_cloud_profile_against_a_local_server_reads_as_the_dialect_differences(real_server, version):
    report = _run(real_server(version), profile="cloud", seed=1, api_key="jobs-checks-not-a-real-key")
    assert not report.conforming
    assert report.dialect_hint and "comfyui dialect" in report.dialect_hint and version in report.dialect_hint
    found = problems(report)
    unserved = set(CLOUD_ONLY_ROUTES)
    if not available(spec_for("comfyui").operation("cancelJob").since, version):
        unserved.add("POST /api/jobs/{job_id}/cancel")  # a release before the local cancel routes
    assert {problem.where for problem in found if problem.kind == NOT_SERVED} == unserved
    checks = {problem.check for problem in found if problem.kind != NOT_SERVED}
    assert CORE_DIFFERENCES <= checks <= ALLOWED, checks
    assert len(found) <= 25
