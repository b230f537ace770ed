"""The local dialect answers like the recorded ComfyUI 0.25.0 and 0.33.0 servers."""

from __future__ import annotations

import pytest

from checks.reference_server.seed import image_workflow, saved
from tests.conftest import RECORDED, REPO, load_recording, recordings
from tests.reference_server.helpers import Client, blocker

RECORDED_FILES = recordings()
needs_recordings = pytest.mark.skipif(not RECORDED_FILES, reason=f"no recordings at {RECORDED}")


def _version(path) -> str:
    return path.parent.name.split("-", 1)[1]


def _replayable(path) -> bool:
    """Exchanges whose answer does not depend on which jobs the recorded server held."""
    exchange = load_recording(path)
    return exchange["status"] >= 400 or path.stem in {"cancel_unknown_noop"}


REPLAYABLE = [path for path in RECORDED_FILES if _replayable(path)]
# The project's own recordings of real servers (tests/apispec/fixtures/real): always present.
# Their 500s are real server bugs the reference server does not copy (a fault brings one back).
OWN = sorted((REPO / "tests" / "apispec" / "fixtures" / "real").glob("*/*.json"))
OWN_REPLAYABLE = [path for path in OWN if not path.stem.startswith("defect_") and (
    load_recording(path)["status"] >= 400 or path.stem in {"cancel_upper_case_id_noop", "list_status_only_commas"})]


def _replay(serve, path) -> None:
    exchange = load_recording(path)
    request = exchange["request"]
    client = Client(serve("comfyui", version=_version(path), seed_jobs=False))
    kwargs = {"json": request["body"]} if request["body"] is not None else {}
    response = client.request(request["method"], request["path"], **kwargs)
    assert response.status_code == exchange["status"]
    assert response.headers.get("Content-Type") == exchange["content_type"]
    content_type = exchange["content_type"] or ""
    body = response.json() if "json" in content_type else response.text
    assert body == exchange["body"]


@pytest.mark.parametrize("path", OWN_REPLAYABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_recorded_real_answer_is_given_the_same(serve, path):
    _replay(serve, path)


@needs_recordings
@pytest.mark.parametrize("path", REPLAYABLE, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_recorded_error_is_answered_the_same(serve, path):
    _replay(serve, path)


def _recorded_keysets(version: str, detail: bool) -> dict[str, set[frozenset]]:
    """Field names by job status, from the recorded list (or detail) answers of one version."""
    found: dict[str, set[frozenset]] = {}
    for path in RECORDED_FILES:
        exchange = load_recording(path)
        if _version(path) != version or exchange["status"] != 200 or exchange["request"]["method"] != "GET":
            continue
        body = exchange["body"]
        if detail and path.stem.startswith("detail_"):
            items = [body]
        elif not detail and isinstance(body, dict) and "jobs" in body:
            items = body["jobs"]
        else:
            continue
        for item in items:
            found.setdefault(item["status"], set()).add(frozenset(item) - {"workflow_id"})
    return found


def _mixed_states(client: Client) -> list[str]:
    """Seeded history plus one running and two pending jobs (one from a saved workflow)."""
    running = client.submit(blocker(), extra_data=saved("7f3c1a52-0000-4000-8000-00000000aaaa"))
    client.wait_for_status(running, "in_progress")
    waiting = [client.submit(image_workflow("w1"), extra_data=saved("7f3c1a52-0000-4000-8000-00000000bbbb")),
               client.submit(image_workflow("w2"))]
    return [running, *waiting]


@needs_recordings
@pytest.mark.parametrize("version", ["0.25.0", "0.33.0"])
@pytest.mark.parametrize("detail", [False, True], ids=["list", "detail"])
def test_fields_present_by_state_match_recordings(serve, version, detail):
    recorded = _recorded_keysets(version, detail)
    client = Client(serve("comfyui", version=version))
    live = _mixed_states(client)
    items = client.jobs()["jobs"]
    if detail:
        items = [client.job(item["id"]) for item in items]
    compared = 0
    for item in items:
        if item["status"] in recorded:
            assert frozenset(item) - {"workflow_id"} in recorded[item["status"]], (item["status"], sorted(item))
            compared += 1
    assert compared >= 3
    assert None not in [value for item in items for value in item.values()]
    client.cancel(live[0])


def test_pending_and_running_carry_only_queue_fields(serve):
    client = Client(serve("comfyui"))
    running, pending_saved, pending_plain = _mixed_states(client)
    by_id = {item["id"]: item for item in client.jobs(status="pending,in_progress")["jobs"]}
    assert by_id[running]["status"] == "in_progress"
    assert by_id[pending_saved] == {"id": pending_saved, "status": "pending", "priority": by_id[pending_saved]["priority"],
                                    "create_time": by_id[pending_saved]["create_time"], "outputs_count": 0,
                                    "previewable_outputs_count": 0, "workflow_id": "7f3c1a52-0000-4000-8000-00000000bbbb"}
    assert "workflow_id" not in by_id[pending_plain]
    assert client.job(pending_plain).keys() == by_id[pending_plain].keys()
    client.cancel(running)


def test_list_defaults_sorting_and_paging_follow_the_recorded_rules(serve):
    client = Client(serve("comfyui", version="0.25.0"))
    everything = client.jobs()
    assert everything["pagination"] == {"offset": 0, "limit": None, "total": 7, "has_more": False}
    created = [job["create_time"] for job in everything["jobs"]]
    assert created == sorted(created, reverse=True)

    ascending = client.jobs(sort_order="asc")["jobs"]
    page = client.jobs(sort_order="asc", limit=2, offset=1)
    assert [job["id"] for job in page["jobs"]] == [job["id"] for job in ascending[1:3]]
    assert page["pagination"] == {"offset": 1, "limit": 2, "total": 7, "has_more": True}

    clamped = client.jobs(offset=-5, limit=1)
    assert clamped["pagination"] == {"offset": 0, "limit": 1, "total": 7, "has_more": True}
    assert clamped["jobs"][0]["id"] == everything["jobs"][0]["id"]

    by_duration = client.jobs(sort_by="execution_duration", sort_order="desc")["jobs"]
    durations = [job["execution_end_time"] - job["execution_start_time"] for job in by_duration]
    assert durations == sorted(durations, reverse=True)
    assert [job["id"] for job in by_duration] != [job["id"] for job in everything["jobs"]]

    assert client.jobs(output_type="3d") == everything


def test_status_and_workflow_filters(serve):
    client = Client(serve("comfyui", version="0.25.0"))
    failed = client.jobs(status="failed")
    assert [job["status"] for job in failed["jobs"]] == ["failed"]
    assert failed["pagination"]["total"] == 1
    assert "execution_error" in failed["jobs"][0]
    assert client.jobs(status="cancelled")["jobs"] == []
    workflow_id = next(job["workflow_id"] for job in client.jobs()["jobs"] if "workflow_id" in job)
    matching = client.jobs(workflow_id=workflow_id)["jobs"]
    assert len(matching) == 1 and matching[0]["workflow_id"] == workflow_id


def test_legacy_queue_and_history_shapes(serve):
    client = Client(serve("comfyui"))
    running, pending, _ = _mixed_states(client)
    queue = client.get("/queue").json()
    assert [entry[1] for entry in queue["queue_running"]] == [running]
    assert pending in [entry[1] for entry in queue["queue_pending"]]
    number, job_id, prompt, extra_data, outputs_to_execute = queue["queue_pending"][0]
    assert isinstance(number, int) and isinstance(prompt, dict) and "create_time" in extra_data
    assert isinstance(outputs_to_execute, list)
    assert client.get("/api/queue").json() == queue

    history = client.get("/history").json()
    one_id = next(iter(history))
    entry = client.get(f"/history/{one_id}").json()[one_id]
    assert set(entry) == {"prompt", "outputs", "status", "meta"}
    assert entry["prompt"][1] == one_id
    assert client.get(f"/history/{running}").json() == {}
    client.cancel(running)


@pytest.mark.parametrize("version, present", [("0.25.0", False), ("0.33.0", True)])
def test_previewable_outputs_count_arrives_in_0_33(serve, version, present):
    client = Client(serve("comfyui", version=version))
    assert all(("previewable_outputs_count" in job) is present for job in client.jobs()["jobs"])
    stats = client.get("/system_stats").json()
    assert stats["system"]["comfyui_version"] == version
    assert client.get("/api/system_stats").json()["system"]["comfyui_version"] == version


def test_cancel_routes_answer_405_before_0_26(serve):
    client = Client(serve("comfyui", version="0.25.0"))
    job_id = client.jobs()["jobs"][0]["id"]
    for response in (client.cancel(job_id), client.post("/api/jobs/cancel", json={"job_ids": [job_id]})):
        assert response.status_code == 405
        assert response.headers["Content-Type"].startswith("text/plain")
    newer = Client(serve("comfyui", version="0.26.0"))
    assert newer.cancel(job_id).json() == {"cancelled": False}
