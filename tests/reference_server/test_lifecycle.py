"""Jobs really run: submit, run, finish, fail and cancel, in both dialects; every answer fits the spec."""

from __future__ import annotations

import uuid

import pytest

from checks.reference_server.seed import image_workflow, saved
from tests.reference_server.helpers import Client, blocker

PROFILES = ["comfyui", "cloud"]


@pytest.mark.parametrize("profile", PROFILES)
def test_submitted_job_runs_to_completion_with_its_outputs(serve, profile):
    client = Client(serve(profile))
    running = client.submit(blocker())
    prompt_id = client.submit(image_workflow("life", batch=2, sleep=5), extra_data=saved("7f3c1a52-0000-4000-8000-0000000000cc"))
    assert client.job(prompt_id)["status"] == "pending"
    client.cancel(running)
    job = client.wait_for_status(prompt_id, "completed")
    assert job["id"] == prompt_id
    assert job["outputs_count"] == 2
    assert [item["filename"] for item in job["outputs"]["3"]["images"]] == ["life_00001_.png", "life_00002_.png"]
    assert job["preview_output"]["filename"] == "life_00001_.png"
    assert job["preview_output"]["nodeId"] == "3"
    assert job["workflow_id"] == "7f3c1a52-0000-4000-8000-0000000000cc"
    assert job["execution_start_time"] >= job["create_time"] > 10**12
    assert job["execution_end_time"] - job["execution_start_time"] >= 40  # 5 s of Sleep at time_scale 0.01
    assert client.jobs()["jobs"][0]["id"] == prompt_id


@pytest.mark.parametrize("profile", PROFILES)
def test_fail_node_ends_failed_with_execution_error(serve, profile):
    client = Client(serve(profile))
    prompt_id = client.submit(image_workflow("f", fail="broken on purpose"))
    job = client.wait_for_status(prompt_id, "failed")
    error = job["execution_error"]
    assert error["exception_type"] == "RuntimeError"
    assert error["exception_message"].strip() == "broken on purpose"
    assert error["node_id"] == "4" and error["node_type"] == "Fail"
    assert job["outputs_count"] == 0 and "preview_output" not in job
    listed = next(item for item in client.jobs(status="failed")["jobs"] if item["id"] == prompt_id)
    assert listed["execution_error"]["node_id"] == "4"


def test_local_execution_log_records_the_outcome(serve):
    client = Client(serve("comfyui"))
    ok = client.wait_for_status(client.submit(image_workflow("ok")), "completed")
    bad = client.wait_for_status(client.submit(image_workflow("bad", fail="x")), "failed")
    assert ok["execution_status"]["status_str"] == "success" and ok["execution_status"]["completed"] is True
    assert bad["execution_status"]["status_str"] == "error"
    assert [message[0] for message in bad["execution_status"]["messages"]][-1] == "execution_error"


def test_client_chosen_prompt_id_becomes_the_job_id(serve):
    handle = serve("comfyui")
    assert handle.version == "0.33.0"
    client = Client(handle)
    chosen = str(uuid.uuid4())
    answer = client.post("/prompt", json={"prompt": image_workflow("t"), "prompt_id": chosen}).json()
    assert answer == {"prompt_id": chosen, "number": answer["number"], "node_errors": {}}
    again = client.post("/api/prompt", json={"prompt": image_workflow("t"), "prompt_id": chosen})
    assert again.status_code == 400
    assert again.json()["error"]["type"] == "invalid_prompt_id"
    client.wait_for_status(chosen, "completed")


@pytest.mark.parametrize("profile", PROFILES)
def test_cancel_running_job_ends_cancelled(serve, profile):
    client = Client(serve(profile))
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    assert client.cancel(running).json() == {"cancelled": True}
    job = client.job(running)
    assert job["status"] == "cancelled"
    assert "execution_error" not in job
    assert client.cancel(running).json() == {"cancelled": False}
    assert [item["id"] for item in client.jobs(status="cancelled")["jobs"]] == [running]


@pytest.mark.parametrize("profile, later_status", [("comfyui", 404), ("cloud", 200)])
def test_cancel_pending_job(serve, profile, later_status):
    client = Client(serve(profile))
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    pending = client.submit(image_workflow("never"))
    assert client.job(pending)["status"] == "pending"
    assert client.cancel(pending).json() == {"cancelled": True}
    later = client.get(f"/api/jobs/{pending}")
    assert later.status_code == later_status
    if later_status == 200:
        assert later.json()["status"] == "cancelled"
    else:
        assert later.json() == {"error": "Job not found"}
    client.cancel(running)


def test_queue_runs_one_job_at_a_time_in_order(serve):
    client = Client(serve("comfyui"))
    first = client.submit(blocker())
    second = client.submit(image_workflow("second"))
    third = client.submit(image_workflow("third"))
    client.wait_for_status(first, "in_progress")
    assert [client.job(job)["status"] for job in (second, third)] == ["pending", "pending"]
    assert [item["priority"] for item in client.jobs(status="pending")["jobs"]] == sorted(
        [client.job(second)["priority"], client.job(third)["priority"]], reverse=True)
    client.cancel(first)
    client.wait_for_status(third, "completed")
    assert client.job(second)["execution_end_time"] <= client.job(third)["execution_start_time"]


def test_batch_cancel_stops_listed_jobs(serve):
    client = Client(serve("comfyui"))
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    pending = client.submit(image_workflow("p"))
    response = client.post("/api/jobs/cancel", json={"job_ids": [running, pending, str(uuid.uuid4())]})
    assert response.json() == {"cancelled": True}
    assert client.job(running)["status"] == "cancelled"
    assert client.get(f"/api/jobs/{pending}").status_code == 404
    assert client.post("/api/jobs/cancel", json={"job_ids": [running]}).json() == {"cancelled": False}
    assert client.post("/api/jobs/cancel", data=b"not json").status_code == 400


PREVIEW = {"2": {"class_type": "PreviewImage", "inputs": {"images": ["1", 0]}}}


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("body, kind", [
    ({"prompt": {"1": {"class_type": "NoSuchNode", "inputs": {}}}}, "missing_node_type"),
    ({"prompt": image_workflow("t"), "prompt_id": "NOT-A-UUID"}, "invalid_prompt_id"),
    ({"prompt": {"1": {"class_type": "EmptyImage", "inputs": {"width": "wide"}}, **PREVIEW}}, "prompt_outputs_failed_validation"),
    ({"prompt": {"1": {"class_type": "Sleep", "inputs": {"seconds": 1, "image": ["9", 0]}}, **PREVIEW}},
     "prompt_outputs_failed_validation"),
    ({"prompt": {"1": {"class_type": "Sleep", "inputs": {"seconds": 1, "image": ["1", 0]}}, **PREVIEW}}, "invalid_prompt"),
    ({"prompt": {"1": {"class_type": "EmptyImage", "inputs": {}}}}, "prompt_no_outputs"),
    ({"prompt": []}, "invalid_prompt"),
    ({"no": "prompt"}, "no_prompt"),
    ([1, 2], "invalid_prompt"),
])
def test_invalid_workflows_answer_400_prompt_error(serve, profile, body, kind):
    client = Client(serve(profile, seed_jobs=False))
    response = client.post(client.prompt_path, json=body)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == kind
    assert client.jobs()["pagination"]["total"] == 0


def test_media_nodes_feed_the_cloud_output_type_filter(serve):
    client = Client(serve("cloud", seed_jobs=False))
    video = client.submit({"1": {"class_type": "SaveVideo", "inputs": {"filename_prefix": "v"}}})
    image = client.submit(image_workflow("i"))
    client.wait_for_status(image, "completed")
    assert [job["id"] for job in client.jobs(output_type="video")["jobs"]] == [video]
    assert [job["id"] for job in client.jobs(output_type="image")["jobs"]] == [image]
    assert client.jobs(output_type="3d")["jobs"] == []
    assert client.job(video)["preview_output"]["mediaType"] == "video"


def test_every_route_of_a_full_session_fits_the_spec(serve):
    """Walk every operation of both dialects through a lifecycle; Client checks each answer."""
    for profile in PROFILES:
        client = Client(serve(profile))
        running = client.submit(blocker(), extra_data={"api_key_comfy_org": "sk-session-secret"})
        client.wait_for_status(running, "in_progress")
        pending = client.submit(image_workflow("s"))
        client.jobs(status="pending,in_progress", sort_by=client.spec.parameter_enum("sort_by")[-1], limit=1)
        client.cancel(running)
        done = client.wait_for_status(pending, "completed")
        client.cancel(done["id"])
        client.get("/api/jobs", params={"limit": "x"})
        client.get(f"/api/jobs/{uuid.uuid4()}")
        for op in client.spec.operations:
            if op.method == "GET" and "{" not in op.path:
                for path in op.served_paths:
                    client.get(path)
        assert {status for _, _, status in client.seen} >= {200, 400, 404}
