"""Each fault changes exactly the behaviour it names: a probe holds without it and breaks with it."""

from __future__ import annotations

import uuid

import pytest

from checks.reference_server import FAULTS, running_server
from checks.reference_server.faults import Faults, UnknownFault
from tests.reference_server.helpers import Client

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
}


def test_every_fault_has_a_probe():
    assert set(PROBES) == set(FAULTS)


@pytest.mark.parametrize("name", sorted(PROBES))
def test_fault_bends_its_behaviour(serve, name):
    profile, probe = PROBES[name]
    assert probe(Client(serve(profile), validate=False)), f"{probe.__name__} fails without {name}"
    assert not probe(Client(serve(profile, faults=[name]), validate=False)), f"{probe.__name__} still holds with {name}"


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
