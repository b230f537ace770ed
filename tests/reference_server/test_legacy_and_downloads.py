"""The local server's routes beside the Jobs API, downloads (bytes or a redirect to a second origin), history size."""

from __future__ import annotations

import asyncio
import uuid

import requests

from checks.reference_server.dialect import Dialect
from checks.reference_server.executor import Executor, VirtualClock
from checks.reference_server.jobs import Job, JobStore
from checks.reference_server.nodes import validate_prompt
from checks.reference_server.seed import image_workflow, text_workflow
from tests.reference_server.helpers import Client, blocker

SEEDED_TEXT = "5eed0000-0000-4000-8000-00000000000a"
SEEDED_BATCH = "5eed0000-0000-4000-8000-000000000005"


def test_a_text_output_previews_its_text_and_counts_by_version(serve):
    new = Client(serve("comfyui", version="0.33.0")).job(SEEDED_TEXT)
    assert new["preview_output"] == {"content": "seeded text output", "nodeId": "3", "mediaType": "text"}
    assert new["outputs_count"] == 0 and new["previewable_outputs_count"] == 0  # like ComfyUI 0.33.0
    old = Client(serve("comfyui", version="0.25.0")).job(SEEDED_TEXT)
    assert old["outputs_count"] == 1 and "previewable_outputs_count" not in old  # like 0.25.0


def test_saved_outputs_outrank_temp_previews_and_long_text_is_cut(serve):
    client = Client(serve("comfyui"))
    job_id = client.submit({**text_workflow("x" * 1500, 0), "9": {"class_type": "PreviewImage", "inputs": {"images": ["8", 0]}},
                            "8": {"class_type": "EmptyImage", "inputs": {"width": 4, "height": 4, "batch_size": 1, "color": 1}}})
    job = client.wait_for_status(job_id, "completed")
    assert job["preview_output"]["type"] == "temp"  # a visual preview wins over the text
    only_text = client.wait_for_status(client.submit(text_workflow("y" * 1500, 0)), "completed")
    assert len(only_text["preview_output"]["content"]) == 1024 and only_text["preview_output"]["truncated"] is True


def test_view_serves_the_png_an_output_names(serve):
    client = Client(serve("comfyui"))
    item = client.job(SEEDED_BATCH)["outputs"]["3"]["images"][1]
    response = client.get("/view", params={"filename": item["filename"], "type": item["type"], "subfolder": ""})
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n") and len(response.content) > 50
    assert (("output", "", item["filename"]), len(response.content)) in client.handle.file_sizes().items()
    for params, status in (({"filename": "nope.png"}, 404), ({"filename": "../x.png"}, 400), ({"filename": ""}, 400),
                           ({"filename": "x.png", "type": "elsewhere"}, 400),
                           ({"filename": "x.png", "subfolder": "../.."}, 403)):
        assert client.get("/view", params=params).status_code == status, params
    assert client.get("/api/view", params={"filename": "nope.png"}).status_code == 404


def test_cloud_downloads_redirect_to_a_second_origin_that_needs_no_key(serve):
    handle = serve("cloud")
    client = Client(handle)
    job = client.wait_for_status(client.submit(image_workflow("dl")), "completed")
    item = job["outputs"]["3"]["images"][0]
    response = client.get("/api/view", params={"filename": item["filename"]}, allow_redirects=False)
    assert response.status_code == 302
    location = response.headers["Location"]
    assert handle.storage_url and location.startswith(handle.storage_url) and not location.startswith(handle.base_url)
    fetched = requests.get(location, timeout=10)  # no API key: the link is the credential
    assert fetched.status_code == 200 and fetched.content.startswith(b"\x89PNG")
    assert handle.keys_sent_to_storage == []
    requests.get(location, headers=handle.headers(), timeout=10)  # a client that forwards its key
    assert handle.keys_sent_to_storage == [location.split(handle.storage_url, 1)[1]]
    assert client.get("/api/view", params={"filename": "nope.png"}).status_code == 404


def test_history_clearing_and_deleting(serve):
    client = Client(serve("comfyui"))
    history = client.get("/history").json()
    first, second = list(history)[:2]
    assert client.post("/history", json={"delete": [first]}).status_code == 200
    assert first not in client.get("/history").json() and client.get(f"/api/jobs/{first}").status_code == 404
    assert client.post("/api/history", json={"clear": True}).status_code == 200
    assert client.get("/history").json() == {} and client.jobs()["pagination"]["total"] == 0
    assert second not in client.get("/history").json()
    assert client.post("/history", data=b"not json").status_code == 400  # ComfyUI answers 500: a defect


def test_history_window_follows_max_items_and_offset(serve):
    client = Client(serve("comfyui"))
    everything = list(client.get("/history").json())
    assert list(client.get("/history", params={"max_items": 2}).json()) == everything[-2:]
    assert list(client.get("/history", params={"max_items": 2, "offset": 1}).json()) == everything[1:3]
    assert client.get("/history", params={"max_items": -1}).json() == {}
    assert client.get("/history", params={"max_items": "abc"}).status_code == 400


def test_queue_clearing_interrupt_and_the_remaining_count(serve):
    client = Client(serve("comfyui"))
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    kept, dropped = client.submit(image_workflow("k")), client.submit(image_workflow("d"))
    assert client.get("/prompt").json() == {"exec_info": {"queue_remaining": 3}}
    assert client.post("/queue", json={"delete": [dropped]}).status_code == 200
    assert client.get(f"/api/jobs/{dropped}").status_code == 404 and client.job(kept)["status"] == "pending"
    assert client.post("/interrupt", json={"prompt_id": str(uuid.uuid4())}).status_code == 200  # not the running one
    assert client.job(running)["status"] == "in_progress"
    assert client.post("/interrupt", data=b"not json").status_code == 200  # like ComfyUI: stops whatever runs
    assert client.wait_for_status(running, "cancelled")["status"] == "cancelled"
    client.wait_for_status(kept, "completed")
    assert client.post("/queue", json={"clear": True}).status_code == 200
    assert client.post("/free", json={"unload_models": True}).status_code == 200


def test_the_history_keeps_one_more_than_its_limit_like_comfyui():
    dialect = Dialect.for_profile("comfyui")
    store = JobStore(dialect.states, history_limit=3)
    executor = Executor(store, VirtualClock(0))
    ids = []
    for number in range(6):
        prompt = image_workflow(f"h{number}")
        job = Job(id=str(uuid.uuid4()), number=number, prompt=prompt, extra_data={}, order=validate_prompt(prompt),
                  create_time=1_700_000_000_000 + number, states=dialect.states)
        store.jobs[job.id] = job
        asyncio.run(executor.execute(job, VirtualClock(0)))
        ids.append(job.id)
    assert store.history == ids[-4:] and set(store.jobs) == set(ids[-4:])


def test_status_is_read_like_comfyui_reads_it(serve):
    client = Client(serve("comfyui"))
    completed = client.jobs(status="completed")
    assert client.jobs(status=" COMPLETED ") == completed
    assert client.jobs(status="")["pagination"]["total"] == client.jobs()["pagination"]["total"]
    assert client.jobs(status=",")["pagination"]["total"] == 0
    assert client.jobs(sort_by="EXECUTION_DURATION") == client.jobs(sort_by="execution_duration")
    assert client.get("/api/jobs", params={"sort_by": " created_at"}).status_code == 400


def test_ids_filter_exists_from_its_version_on(serve):
    new = Client(serve("comfyui", version="0.34.0"))
    wanted = [job["id"] for job in new.jobs()["jobs"][:2]]
    assert {job["id"] for job in new.jobs(ids=",".join([*wanted, str(uuid.uuid4())]))["jobs"]} == set(wanted)
    assert new.jobs(ids="")["pagination"]["total"] == 0
    refused = new.get("/api/jobs", params={"ids": f"{wanted[0]},not-an-id"})
    assert refused.status_code == 400 and refused.json()["invalid_ids"] == ["not-an-id"]
    assert new.get("/api/jobs", params={"ids": ",".join(str(uuid.uuid4()) for _ in range(101))}).status_code == 400
    old = Client(serve("comfyui", version="0.33.0"))
    assert old.jobs(ids="not-an-id") == old.jobs()  # an older server ignores the parameter


def test_a_chosen_queue_number_becomes_a_float_priority_and_front_jumps_the_queue(serve):
    client = Client(serve("comfyui"))
    running = client.submit(blocker())
    client.wait_for_status(running, "in_progress")
    later = client.submit(image_workflow("l"))
    chosen = client.submit(image_workflow("c"), number=2.5)
    front = client.submit(image_workflow("f"), front=True)
    assert client.job(chosen)["priority"] == 2.5 and client.job(front)["priority"] < 0
    pending = [entry[1] for entry in client.get("/queue").json()["queue_pending"]]
    assert pending[0] == front and pending.index(chosen) < pending.index(later)
    client.cancel(running)
