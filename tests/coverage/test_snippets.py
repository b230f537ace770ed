"""Coverage of the seeded sample tree: exactly the gaps left on purpose, and none in `fixed/`
for the operations it documents (the twin names no `history_v2/{prompt_id}`, `job/{id}/status`,
`/history/{prompt_id}` or `/queue` route, so only the full figure misses those)."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.coverage import measure

SNIPPETS = Path(__file__).resolve().parents[2] / "docs_snippets"
FIXED = SNIPPETS / "fixed"

UNDOCUMENTED = {
    "comfyui": {"operation:getHistoryItem", "operation:getQueue"},
    "cloud": {
        "operation:getHistoryV2Item",
        "operation:getJobStatus",
        "caveat:/paths/~1api~1history_v2~1{prompt_id}/get",
        "caveat:/paths/~1api~1job~1{job_id}~1status/get",
    },
}

SEEDED_GAPS = {
    "comfyui": {
        "parameter:listJobs:ids",
        "status:getJob:200",
        "status:cancelJob:200",
        "status:cancelJobs:400",
        "status:submitPrompt:200",
        "status:submitPrompt:400",
        "example:getSystemStats",
        "status:getSystemStats:200",
        "field:JobEntry.execution_start_time",
        "field:JobEntry.execution_end_time",
        "field:JobEntry.preview_output",
        "field:JobEntry.execution_error",
        "field:JobEntry.previewable_outputs_count",
        "field:JobDetail.outputs",
        "field:JobDetail.workflow",
    },
    "cloud": {
        "status:listJobs:400",
        "status:listJobs:401",
        "status:getJob:400",
        "status:getJob:401",
        "status:cancelJob:400",
        "status:cancelJob:401",
        "status:cancelJob:404",
        "status:submitPrompt:400",
        "status:submitPrompt:401",
        "field:JobEntry.execution_error",
        "caveat:/components/schemas/Workflow/properties/extra_data/properties/api_key_comfy_org",
    },
}

DOCUMENTED = {
    "comfyui": ("listJobs", "getJob", "cancelJob", "cancelJobs", "submitPrompt", "getSystemStats", "getHistory"),
    "cloud": ("listJobs", "getJob", "cancelJob", "submitPrompt", "getHistory", "getHistoryV2", "getQueue"),
}


@pytest.fixture(scope="module")
def seeded():
    return {p.profile: p for p in measure([str(SNIPPETS)]).profiles}


@pytest.fixture(scope="module")
def fixed():
    return {p.profile: p for p in measure([str(FIXED)]).profiles}


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_seeded_tree_misses_exactly_the_seeded_gaps(seeded, profile):
    coverage = seeded[profile]
    missing = {r.item.key for r in coverage.missing}
    assert missing == SEEDED_GAPS[profile] | UNDOCUMENTED[profile]
    assert {r.item.key for r in coverage.missing if r.in_scope} == SEEDED_GAPS[profile]
    assert coverage.documented == DOCUMENTED[profile]


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_fixed_twin_covers_every_documented_operation(fixed, profile):
    coverage = fixed[profile]
    assert coverage.documented == DOCUMENTED[profile]
    assert coverage.scoped_percent == 100.0
    assert {r.item.key for r in coverage.missing} == UNDOCUMENTED[profile]
    assert coverage.percent < 100.0  # the undocumented routes still count in the full figure


def test_seeded_tree_counts_english_pages_of_a_profile_only():
    report = measure([str(SNIPPETS)])
    assert [Path(p).name for p in report.unprofiled] == ["queue-from-script.mdx"]
    assert len(report.translations) == 5  # the zh v2 page included
    cloud = next(p for p in report.profiles if p.profile == "cloud")
    assert {Path(p).name for p in cloud.pages} >= {"api-reference.mdx", "complete-example.mdx", "poll-job-completion.mdx"}
    assert not any("/zh/" in p or "/ja/" in p for p in cloud.pages)


def test_missing_items_name_the_section_where_they_belong(seeded):
    belongs = {r.item.key: r.belongs for r in seeded["cloud"].missing}
    assert belongs["status:cancelJob:404"].section == "Cancel a job"
    assert belongs["status:listJobs:401"].section == "List jobs"
    assert belongs["operation:getJobStatus"].section == "Deprecated routes"  # beside the other deprecated routes
    assert belongs["caveat:/components/schemas/Workflow/properties/extra_data/properties/api_key_comfy_org"].section == "Get a job"
    assert Path(belongs["field:JobEntry.execution_error"].path).name == "api-reference.mdx"
    comfyui = {r.item.key: r.belongs for r in seeded["comfyui"].missing}
    assert Path(comfyui["status:cancelJobs:400"].path).name == "cancel-jobs.mdx"
    assert comfyui["field:JobDetail.workflow"].section == "Get a job"
