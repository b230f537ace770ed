"""Profile `v2`: valid, standalone, and its vendor tables say what Comfy API v2 does.

The published contract (GPL test data in the docs corpus) is compared when it is present;
every difference the diff reports is one we chose on purpose, listed here with its reason.
"""

from __future__ import annotations

import json
import os
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from checks.apispec import ALL_PROFILES, PROFILES, resolved_document, spec_for
from checks.apispec.diff import diff_document
from checks.apispec.facts import Spec
from checks.apispec.validate import document_problems
from checks.cli import main

CORPUS_TARBALL = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
PUBLISHED_MEMBER = "comfy-docs/openapi-v2.yaml"


def test_v2_is_a_profile_of_the_spec_but_not_of_the_docs_tools():
    assert ALL_PROFILES == ("comfyui", "cloud", "v2")
    assert "v2" not in PROFILES  # pages without a profile are still judged by the two v1 dialects only


def test_v2_profile_is_valid_and_standalone():
    document = resolved_document("v2")
    assert document_problems(document) == []
    text = json.dumps(document)
    assert '"$ref": "#/' in text and "components.yaml" not in text


def test_v2_routes_live_under_api_v2():
    spec = spec_for("v2")
    assert {op.operation_id for op in spec.operations} >= {"createJob", "getJob", "getJobWorkflow", "getJobEvents",
                                                            "cancelJob", "getAsset", "getAssetContent"}
    assert all(op.path.startswith("/api/v2/") for op in spec.operations)
    assert spec.match_path("/api/v2/jobs/7f3d/events", "GET")[0].operation_id == "getJobEvents"
    assert spec.match_path("/api/jobs/7f3d", "GET") == []


def test_lifecycle_has_canceling_between_running_and_the_endings():
    spec = spec_for("v2")
    assert spec.terminal_statuses() == ("succeeded", "canceled", "failed", "expired")
    assert spec.status_role("canceling") == "canceling" and spec.status_role("cancelled") == "canceled"
    assert spec.status_stage("running") < spec.status_stage("canceling") < spec.status_stage("canceled")
    assert spec.has_role("expired") and not spec_for("cloud").has_role("canceling")
    assert spec.role_of("succeeded") == "succeeded" and spec.role_of("completed") is None


@pytest.mark.parametrize("v1, v2", [("pending", "queued"), ("in_progress", "running"), ("completed", "succeeded"),
                                    ("cancelled", "canceled"), ("failed", "failed")])
def test_each_v1_status_maps_to_the_v2_status_with_its_role(v1, v2):
    assert spec_for("v2").replacement_status(v1, spec_for("cloud")) == v2
    assert spec_for("v2").replacement_status(v1, spec_for("comfyui")) == v2


def test_timestamps_are_iso_date_time_strings():
    spec = spec_for("v2")
    assert spec.timestamp_units == {name: "date-time" for name in
                                    ("created_at", "started_at", "completed_at", "expires_at", "url_expires_at")}
    job = spec.job_fields()
    assert {"created_at", "started_at", "completed_at", "expires_at", "urls", "outputs"} <= set(job)
    assert spec.job_fields(detail=True) == job  # one Job schema for every view


def test_bearer_auth_is_optional_in_v2_and_required_on_cloud():
    v2, cloud, local = spec_for("v2"), spec_for("cloud"), spec_for("comfyui")
    assert (v2.auth_header, v2.auth_scheme, v2.auth_required) == ("Authorization", "bearer", False)
    assert v2.credentials("k-1") == {"Authorization": "Bearer k-1"} and v2.credentials(None) == {}
    assert v2.key_from({"Authorization": "Bearer k-1"}) == "k-1"
    assert v2.key_from({"Authorization": "k-1"}) is None and v2.key_from({"X-API-Key": "k-1"}) is None
    assert (cloud.auth_header, cloud.auth_scheme, cloud.auth_required) == ("X-API-Key", None, True)
    assert cloud.credentials("k-1") == {"X-API-Key": "k-1"} and cloud.key_from({"X-API-Key": "k-1"}) == "k-1"
    assert (local.auth_header, local.auth_required, local.credentials("k-1")) == (None, False, {})


def test_error_codes_come_with_the_statuses_the_operations_declare():
    spec = spec_for("v2")
    codes = spec.error_codes()
    assert codes["idempotency_key_reuse"] == 422 and codes["too_many_streams"] == 429 and codes["not_found"] == 404
    assert spec.error_codes_of("getJob", 404) == ("not_found",) and spec.error_codes_of("getJob", 200) == ()
    assert spec.error_codes_of("getJobEvents", 429) == ("too_many_streams", "rate_limited")
    assert spec.sse_stream_limit_error() == "too_many_streams"
    assert spec.refusal_code("createJob", "ui-export") == "workflow_format_ui"
    assert spec.refusal_code("createJob", "invalid-graph") == "invalid_workflow"
    assert spec.job_operations() == ("createJob", "getJob", "cancelJob")
    assert spec_for("cloud").error_codes() == {} and spec_for("cloud").job_operations() == ()


def test_event_catalogue_and_where_the_stream_ends():
    spec = spec_for("v2")
    events = spec.sse_events()
    assert list(events) == ["status", "progress", "preview", "output", "log"]
    assert events["status"].on_connect == "always" and not events["log"].emitted
    assert events["status"].schema["required"] == ["status"]
    assert spec.sse_ends_after() == "status"
    assert spec.sse_events("getJob") == {} and spec_for("comfyui").sse_events() == {}


def test_idempotency_keys_are_single_use():
    rules = spec_for("v2").idempotency("createJob")
    assert (rules.header, rules.reuse, rules.error, rules.released_when_refused) == (
        "Idempotency-Key", "reject", "idempotency_key_reuse", True)
    assert spec_for("v2").idempotency("getJob") is None


def test_links_and_output_kinds():
    spec = spec_for("v2")
    assert spec.link_operations() == {"self": "getJob", "events": "getJobEvents", "cancel": "cancelJob"}
    assert [spec.output_kind(group) for group in ("images", "video", "audio", "3d")] == ["image", "video", "audio", "file"]


def test_every_v1_operation_has_a_v2_replacement_or_says_why_not():
    spec = spec_for("v2")
    replaced = spec.replaces_operations()
    v1_ids = {op.operation_id for name in PROFILES for op in spec_for(name).operations}
    assert set(replaced) == v1_ids
    assert replaced["submitPrompt"].target == "createJob" and replaced["listJobs"].target is None
    assert all(r.note for r in replaced.values() if r.target is None)
    assert spec.replaces_fields()["create_time"] == "created_at"
    assert spec.replaces_routes()["GET /ws"].target == "getJobEvents"
    assert spec_for("cloud").replaces_operations() == {}


def _broken(mutate) -> list[str]:
    document = resolved_document("v2")
    mutate(document)
    return document_problems(document)


@pytest.mark.parametrize("mutate, problem", [
    (lambda d: d["paths"]["/api/v2/jobs"]["post"]["responses"]["402"].update({"x-error-codes": ["not_found"]}),
     "not_found several statuses"),
    (lambda d: d["paths"]["/api/v2/jobs"]["post"]["responses"]["201"].update({"x-error-codes": ["created"]}),
     "not an error"),
    (lambda d: d["paths"]["/api/v2/jobs"]["post"]["x-refusals"].update({"ui-export": "ui_refused"}), "x-refusals"),
    (lambda d: d["paths"]["/api/v2/jobs/{id}/events"]["get"].update({"x-sse-stream-limit": "queue_full"}),
     "x-sse-stream-limit"),
    (lambda d: d["paths"]["/api/v2/jobs/{id}/events"]["get"].update({"x-sse-ends-after": "done"}), "x-sse-ends-after"),
    (lambda d: d["paths"]["/api/v2/jobs/{id}/events"]["get"]["x-sse-events"]["status"].update({"on-connect": "x"}),
     "on-connect"),
    (lambda d: d["paths"]["/api/v2/jobs"]["post"]["x-idempotency"].update(error="key_used"), "x-idempotency error"),
    (lambda d: d["paths"]["/api/v2/jobs"]["post"]["x-idempotency"].update(header="X-Key"), "x-idempotency header"),
    (lambda d: d["components"]["schemas"]["JobUrls"]["x-link-operations"].update(self="getJobs"), "x-link-operations"),
    (lambda d: d["x-replaced-by"]["operations"].update(listPrompts={"operationId": "getJob"}), "listPrompts"),
    (lambda d: d["x-replaced-by"]["operations"]["getJob"].update(operationId="readJob"), "readJob"),
    (lambda d: d["x-replaced-by"]["fields"].update(priority="rank"), "rank"),
    (lambda d: d["components"]["schemas"]["OutputType"]["x-output-groups"].update({"3d": ["3d"]}), "x-output-groups"),
    (lambda d: d["components"]["schemas"]["JobStatus"]["x-lifecycle"].pop("canceling"), "x-lifecycle"),
])
def test_validation_catches_v2_tables_that_name_nothing(mutate, problem):
    problems = _broken(mutate)
    assert any(problem in p for p in problems), problems


def test_the_shipped_tables_validate_through_the_cli():
    result = CliRunner().invoke(main, ["spec", "validate", "--profile", "v2"])
    assert result.exit_code == 0 and "v2: valid OpenAPI 3.1, standalone" in result.output
    facts = CliRunner().invoke(main, ["spec", "facts", "--profile", "v2"])
    assert facts.exit_code == 0
    assert "Bearer <key>" in facts.output and "canceling  canceling" in facts.output
    assert "idempotency_key_reuse  422" in facts.output and "submitPrompt" in facts.output


def test_roles_follow_the_document_in_v2_too():
    document = resolved_document("v2")
    document["components"]["schemas"]["JobStatus"]["x-lifecycle"]["expired"]["terminal"] = False
    assert Spec("v2", document).terminal_statuses() == ("succeeded", "canceled", "failed")


# -- the published contract -------------------------------------------------------------
def _published(tmp_path: Path) -> Path:
    """The published openapi-v2.yaml: unpacked copy, or extracted from the corpus tarball; skip without either."""
    unpacked = Path(os.environ.get("JOBS_CHECKS_CORPUS", "/tmp/corpus")) / PUBLISHED_MEMBER
    if unpacked.is_file():
        return unpacked
    for tarball in sorted(CORPUS_TARBALL.glob("*.tar.gz")) if CORPUS_TARBALL.is_dir() else []:
        with tarfile.open(tarball) as archive:
            try:
                member = archive.getmember(PUBLISHED_MEMBER)
            except KeyError:
                continue
            target = tmp_path / "openapi-v2.yaml"
            target.write_bytes(archive.extractfile(member).read())
            return target
    pytest.skip("the docs corpus (../shared/corpus) is not here; the published v2 contract cannot be compared")


# Every difference between the published contract and our profile, and why it is there.
PUBLISHED_DIFFERENCES = {
    # Our choice: a hash mismatch is not transient, retrying the same bytes never succeeds.
    ("misleading", "header-extra", "/paths/~1api~1v2~1assets/post/responses/409",
     "/paths/~1api~1v2~1assets/post/responses/409/headers/Retry-After"),
    # Finding about the published contract: content comes with the asset's own media type
    # (image/png...), not only application/octet-stream.
    ("misleading", "media-type", "/paths/~1api~1v2~1assets~1{id}~1content/get/responses/200/content/*~1*",
     "/paths/~1api~1v2~1assets~1{id}~1content/get/responses/200/content"),
    ("misleading", "media-type", "/paths/~1api~1v2~1assets~1{id}~1content/get/responses/206/content/*~1*",
     "/paths/~1api~1v2~1assets~1{id}~1content/get/responses/206/content"),
}


def test_published_contract_differs_only_where_we_chose_to(tmp_path):
    report = diff_document("v2", _published(tmp_path))
    found = {(d.severity, d.kind, d.canonical_pointer, d.other_pointer) for d in report.differences}
    assert found == PUBLISHED_DIFFERENCES
    assert report.summary["operations_matched"] == report.summary["operations_compared"] == 11
    assert not report.breaking


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_v2_diffs_clean_against_itself(fmt, tmp_path):
    shown = CliRunner().invoke(main, ["spec", "show", "--profile", "v2", "--format", fmt])
    path = tmp_path / f"v2.{fmt}"
    path.write_text(shown.output, encoding="utf-8")
    result = CliRunner().invoke(main, ["spec", "diff", str(path), "--profile", "v2"])
    assert result.exit_code == 0 and result.output.endswith("no differences\n"), result.output
