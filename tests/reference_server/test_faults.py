"""Each fault changes exactly the behaviour it names: a probe holds without it and breaks with it."""

from __future__ import annotations

import uuid

import pytest

from checks.reference_server import FAULTS, running_server
from checks.reference_server.faults import Faults, UnknownFault, all_faults
from checks.reference_server.seed import image_workflow
from tests.reference_server.helpers import Client, blocker

SEEDED_WITH_SECRET = "5eed0000-0000-4000-8000-000000000004"
BOBS_SEEDED_JOB = "5eed0000-0000-4000-8000-0000000000b1"


def _listed(client: Client, **params) -> dict:
    return client.get("/api/jobs", params=params).json()


def timestamps_are_milliseconds(client):
    return all(job["create_time"] >= 10**12 for job in _listed(client)["jobs"])


def sort_order_is_followed(client):
    created = [job["create_time"] for job in _listed(client, sort_order="asc")["jobs"]]
    return created == sorted(created)


def sort_field_is_followed(client):
    jobs = _listed(client, sort_by="execution_duration")["jobs"]
    durations = [job.get("execution_end_time", 0) - job.get("execution_start_time", 0) for job in jobs]
    return durations == sorted(durations, reverse=True)


def status_filter_is_applied(client):
    jobs = _listed(client, status="failed")["jobs"]
    return bool(jobs) and all(job["status"] == "failed" for job in jobs)


def output_type_keeps_only_its_kind(client):
    # The seeded cloud history holds one video job of the caller's: a single `video` output.
    jobs = _listed(client, output_type="video")["jobs"]
    return bool(jobs) and all(job.get("preview_output", {}).get("mediaType") == "video" for job in jobs)


def has_more_is_false_on_the_last_page(client):
    total = _listed(client)["pagination"]["total"]
    return _listed(client, offset=total - 2, limit=2)["pagination"]["has_more"] is False


def limit_is_enforced(client):
    return len(_listed(client, limit=2)["jobs"]) == 2


def unknown_id_is_404(client):
    return client.get(f"/api/jobs/{uuid.uuid4()}").status_code == 404


def bad_enum_is_400(client):
    return client.get("/api/jobs", params={"sort_order": "up"}).status_code == 400


def secret_is_not_returned(client):
    return "api_key_comfy_org" not in client.get(f"/api/jobs/{SEEDED_WITH_SECRET}").json()["workflow"]["extra_data"]


def list_items_have_outputs_count(client):
    return all("outputs_count" in job for job in _listed(client)["jobs"])


def absent_fields_are_omitted(client):
    return all(value is not None for job in _listed(client)["jobs"] for value in job.values())


def detail_agrees_with_list(client):
    return all(client.get(f"/api/jobs/{job['id']}").json()["outputs_count"] == job["outputs_count"]
               for job in _listed(client)["jobs"])


def cancel_of_finished_job_is_a_noop(client):
    job = _listed(client, status="completed")["jobs"][0]
    response = client.post(f"/api/jobs/{job['id']}/cancel")
    return response.status_code == 200 and response.json() == {"cancelled": False}


def foreign_job_is_forbidden(client):
    return client.get(f"/api/jobs/{BOBS_SEEDED_JOB}").status_code == 403


def workflow_filter_is_applied(client):
    workflow_id = next(job["workflow_id"] for job in _listed(client)["jobs"] if "workflow_id" in job)
    jobs = _listed(client, workflow_id=workflow_id)["jobs"]
    return bool(jobs) and all(job.get("workflow_id") == workflow_id for job in jobs)


def ids_filter_is_applied(client):
    wanted = [job["id"] for job in _listed(client)["jobs"][:2]]
    return {job["id"] for job in _listed(client, ids=",".join(wanted))["jobs"]} == set(wanted)


def _pages(client, size: int) -> list[str]:
    total = _listed(client)["pagination"]["total"]
    return [job["id"] for offset in range(0, total, size) for job in _listed(client, limit=size, offset=offset)["jobs"]]


def pages_do_not_overlap(client):
    walked = _pages(client, 2)
    return len(walked) == len(set(walked))


def pages_cover_every_job(client):
    return set(_pages(client, 2)) == {job["id"] for job in _listed(client)["jobs"]}


def pagination_limit_is_the_limit(client):
    total = _listed(client)["pagination"]["total"]
    return _listed(client, limit=5, offset=total - 1)["pagination"]["limit"] == 5


def end_follows_start(client):
    return all(job["execution_end_time"] >= job["execution_start_time"]
               for job in _listed(client, status="completed")["jobs"])


def outputs_count_counts_outputs(client):
    job = client.get("/api/jobs/5eed0000-0000-4000-8000-000000000005").json()
    return job["outputs_count"] == sum(len(items) for groups in job["outputs"].values() for items in groups.values())


def completed_jobs_keep_outputs(client):
    job = client.get("/api/jobs/5eed0000-0000-4000-8000-000000000005").json()
    return job["outputs_count"] == 2 and job["outputs"] != {}


def finished_jobs_stay_finished(client):
    return all(client.get(f"/api/jobs/{SEEDED_WITH_SECRET}").json()["status"] == "completed" for _ in range(4))


def failing_node_fails_the_job(client):
    job_id = client.submit(image_workflow("f", fail="on purpose"))
    return client.wait_for_status(job_id, "completed", "failed")["status"] == "failed"


def failed_jobs_say_why(client):
    return all("execution_error" in job for job in _listed(client, status="failed")["jobs"])


def prompt_id_names_the_job(client):
    job_id = client.submit(image_workflow("p"))
    return client.get(f"/api/jobs/{job_id}").status_code == 200


def missing_key_is_401(client):
    return client.session.get(client.handle.base_url + "/api/jobs", headers={client.handle.auth_header: ""},
                              timeout=10).status_code == 401


def malformed_json_is_400(client):
    return client.post("/history", data=b"not json").status_code == 400


def outputs_download(client):
    job = client.get("/api/jobs/5eed0000-0000-4000-8000-000000000005").json()
    item = job["outputs"]["3"]["images"][0]
    response = client.get("/view", params={"filename": item["filename"], "type": item["type"]})
    return response.status_code == 200 and response.content.startswith(b"\x89PNG")


def unknown_cancel_is_false(client):
    return client.cancel(str(uuid.uuid4())).json() == {"cancelled": False}


def _running_and_pending(client) -> tuple[str, str]:
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    return running, client.submit(image_workflow("w"))


def pending_cancel_removes_the_job(client):
    running, pending = _running_and_pending(client)
    answered = client.cancel(pending).json()
    client.cancel(running)
    return answered == {"cancelled": True} and client.get(f"/api/jobs/{pending}").status_code == 404


def running_cancel_stops_the_job(client):
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    answered = client.cancel(running).json()
    stopped = client.wait_for_status(running, "in_progress", "cancelled", "completed")["status"] == "cancelled"
    if not stopped:
        client.post("/interrupt", json={})
    return answered == {"cancelled": True} and stopped


def batch_cancel_of_finished_is_false(client):
    return client.post("/api/jobs/cancel", json={"job_ids": [SEEDED_WITH_SECRET]}).json() == {"cancelled": False}


def batch_cancel_refuses_bad_ids(client):
    return client.post("/api/jobs/cancel", json={"job_ids": ["not-an-id"]}).status_code == 400


PROBES = {
    "seconds-timestamps": ("comfyui", timestamps_are_milliseconds),
    "ignore-sort-order": ("comfyui", sort_order_is_followed),
    "wrong-sort-field": ("comfyui", sort_field_is_followed),
    "status-filter-ignored": ("cloud", status_filter_is_applied),
    "output-type-mixed-up": ("cloud", output_type_keeps_only_its_kind),
    "has-more-off-by-one": ("comfyui", has_more_is_false_on_the_last_page),
    "limit-not-enforced": ("cloud", limit_is_enforced),
    "unknown-id-200": ("comfyui", unknown_id_is_404),
    "server-error-on-bad-enum": ("cloud", bad_enum_is_400),
    "leak-api-key": ("comfyui", secret_is_not_returned),
    "missing-required-field": ("comfyui", list_items_have_outputs_count),
    "null-fields": ("comfyui", absent_fields_are_omitted),
    "detail-list-mismatch": ("cloud", detail_agrees_with_list),
    "cancel-not-idempotent": ("comfyui", cancel_of_finished_job_is_a_noop),
    "foreign-job-visible": ("cloud", foreign_job_is_forbidden),
    "workflow-filter-ignored": ("comfyui", workflow_filter_is_applied),
    "ids-filter-ignored": ("comfyui", ids_filter_is_applied),
    "pages-overlap": ("comfyui", pages_do_not_overlap),
    "pages-skip-a-job": ("comfyui", pages_cover_every_job),
    "pagination-limit-is-count": ("comfyui", pagination_limit_is_the_limit),
    "end-before-start": ("comfyui", end_follows_start),
    "outputs-count-inflated": ("comfyui", outputs_count_counts_outputs),
    "outputs-dropped": ("comfyui", completed_jobs_keep_outputs),
    "job-status-regresses": ("comfyui", finished_jobs_stay_finished),
    "failure-reported-as-success": ("comfyui", failing_node_fails_the_job),
    "failure-without-error": ("comfyui", failed_jobs_say_why),
    "prompt-id-differs": ("comfyui", prompt_id_names_the_job),
    "missing-key-accepted": ("cloud", missing_key_is_401),
    "server-error-on-malformed-json": ("comfyui", malformed_json_is_400),
    "downloads-missing": ("comfyui", outputs_download),
    "unknown-cancel-claims-success": ("comfyui", unknown_cancel_is_false),
    "pending-cancel-ignored": ("comfyui", pending_cancel_removes_the_job),
    "running-cancel-ignored": ("comfyui", running_cancel_stops_the_job),
    "batch-cancel-claims-finished": ("comfyui", batch_cancel_of_finished_is_false),
    "batch-cancel-accepts-bad-ids": ("comfyui", batch_cancel_refuses_bad_ids),
}
# Faults whose behaviour a server only has from some version on.
VERSIONS = {name: found.version for name, found in all_faults().items() if found.version}


def test_every_fault_has_a_probe():
    assert set(PROBES) == set(FAULTS)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_fault_bends_its_behaviour(serve, name):
    profile, probe = PROBES[name]
    version = VERSIONS.get(name)
    assert probe(Client(serve(profile, version=version), validate=False)), f"{probe.__name__} fails without {name}"
    assert not probe(Client(serve(profile, faults=[name], version=version), validate=False)), (
        f"{probe.__name__} still holds with {name}")


@pytest.mark.parametrize("name", ["seconds-timestamps", "missing-required-field", "leak-api-key", "null-fields"])
def test_schema_faults_make_answers_break_the_spec(serve, name):
    profile, probe = PROBES[name]
    client = Client(serve(profile, faults=[name]))
    with pytest.raises(AssertionError):
        probe(client)


def test_unknown_fault_is_refused():
    with pytest.raises(UnknownFault, match="valid faults: "):
        Faults(["no-such-fault"])
    with pytest.raises(ValueError):
        with running_server("comfyui", faults=["no-such-fault"]):
            pass


def test_faults_are_off_by_default(serve):
    handle = serve("comfyui")
    assert handle.faults == frozenset()
    assert serve("comfyui", faults=["null-fields"]).faults == frozenset({"null-fields"})
