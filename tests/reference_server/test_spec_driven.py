"""The server takes its facts from the spec: change the spec and the server follows."""

from __future__ import annotations

import asyncio
import copy
import threading
import uuid

import pytest

from checks.reference_server.dialect import Dialect
from checks.reference_server.executor import Executor, VirtualClock
from checks.reference_server.faults import Faults
from checks.reference_server.jobs import Job, JobStore, States
from checks.reference_server.listing import QueryError, matches, parse_query
from checks.reference_server.nodes import validate_prompt
from checks.reference_server.seed import media_workflow
from checks.reference_server.views import list_item
from checks.apispec import PROFILES, Spec, spec_for
from checks.apispec.versions import version_tuple
from tests.reference_server.helpers import Client, blocker


@pytest.mark.parametrize("profile", PROFILES)
def test_job_states_are_the_spec_roles(profile):
    spec, states = spec_for(profile), Dialect.for_profile(profile).states
    named = {states.waiting, states.running, states.succeeded, states.failed, states.cancelled}
    assert named == set(spec.status_enum())
    assert states.finished == set(spec.terminal_statuses()) == {states.succeeded, states.failed, states.cancelled}


def _renamed_statuses() -> Spec:
    """The comfyui spec with `in_progress` called `running` and `completed` called `done`."""
    document = copy.deepcopy(spec_for("comfyui").document)
    status = document["components"]["schemas"]["JobStatus"]
    renames = {"in_progress": "running", "completed": "done"}
    status["enum"] = [renames.get(value, value) for value in status["enum"]]
    status["x-lifecycle"] = {renames.get(name, name): facts for name, facts in status["x-lifecycle"].items()}
    return Spec("comfyui", document)


def _job(states: States, prompt: dict) -> Job:
    return Job(id=str(uuid.uuid4()), number=0, prompt=prompt, extra_data={}, order=validate_prompt(prompt),
               create_time=1_700_000_000_000, states=states)


def test_the_executor_uses_the_status_names_the_spec_gives():
    states = States.of(_renamed_statuses())
    assert (states.running, states.succeeded) == ("running", "done")
    store = JobStore(states)
    job = _job(states, media_workflow("SaveVideo", "clip", 1))
    store.add(job)
    assert job.status == "pending" and store.next_pending() is job
    asyncio.run(Executor(store, VirtualClock(0)).execute(job, VirtualClock(0)))
    assert job.status == "done" and job.finished
    assert store.next_pending() is None


def test_output_type_filter_follows_the_output_groups_of_the_spec():
    spec = spec_for("cloud")
    states = Dialect.for_profile("cloud").states
    video = _job(states, media_workflow("SaveVideo", "clip", 1))
    asyncio.run(Executor(JobStore(states), VirtualClock(0)).execute(video, VirtualClock(0)))
    assert parse_query(Dialect(spec), {"output_type": "video"}).output_groups == {"video"}
    assert matches(video, parse_query(Dialect(spec), {"output_type": "video"}))
    assert not matches(video, parse_query(Dialect(spec), {"output_type": "image"}))
    document = copy.deepcopy(spec.document)
    for param in document["paths"]["/api/jobs"]["get"]["parameters"]:
        if param.get("name") == "output_type":
            param["schema"]["x-output-groups"]["image"].append("video")  # a spec that counts video as image
    assert matches(video, parse_query(Dialect(Spec("cloud", document)), {"output_type": "image"}))


def test_previewable_outputs_follow_the_preview_groups_of_the_spec():
    dialect = Dialect.for_profile("comfyui")
    audio = _job(dialect.states, media_workflow("SaveAudio", "clip", 1))
    asyncio.run(Executor(JobStore(dialect.states), VirtualClock(0)).execute(audio, VirtualClock(0)))
    item = list_item(audio, dialect, Faults())
    assert item["previewable_outputs_count"] == 1 and item["preview_output"]["mediaType"] == "audio"
    document = copy.deepcopy(dialect.spec.document)
    document["components"]["schemas"]["PreviewOutput"]["x-preview-groups"].remove("audio")
    assert list_item(audio, Dialect(Spec("comfyui", document)), Faults())["previewable_outputs_count"] == 0


def _with_extra_sort_value(profile: str) -> Spec:
    document = copy.deepcopy(spec_for(profile).document)
    for param in document["paths"]["/api/jobs"]["get"]["parameters"]:
        if param.get("name") == "sort_by":
            param["schema"]["enum"].append("priority_order")
    return Spec(profile, document)


@pytest.mark.parametrize("profile", PROFILES)
def test_enum_checks_and_messages_follow_the_spec(profile):
    spec = spec_for(profile)
    with pytest.raises(QueryError) as refused:
        parse_query(Dialect(spec), {"sort_by": "priority_order"})
    assert refused.value.enum
    for value in spec.parameter_enum("sort_by"):
        assert f"'{value}'" in str(refused.value)
    assert parse_query(Dialect(_with_extra_sort_value(profile)), {"sort_by": "priority_order"}).sort_by == "priority_order"


@pytest.mark.parametrize("profile", PROFILES)
def test_defaults_come_from_the_parameter_schemas(profile):
    spec = spec_for(profile)
    query = parse_query(Dialect(spec), {})
    params = spec.parameters("listJobs")
    assert query.sort_by == params["sort_by"]["schema"]["default"]
    assert query.sort_order == params["sort_order"]["schema"]["default"]
    assert query.limit == params["limit"]["schema"].get("default")


def test_recorded_comfyui_messages_come_out_of_the_schemas():
    spec = spec_for("comfyui")
    cases = {"limit": ("abc", "limit must be an integer"), "offset": ("x", "offset must be an integer")}
    for name, (raw, message) in cases.items():
        with pytest.raises(QueryError, match=f"^{message}$"):
            parse_query(Dialect(spec), {name: raw})
    assert parse_query(Dialect(spec), {"offset": "-5"}).offset == 0


def test_secrets_are_removed_locally_and_redacted_on_cloud():
    extra = {"api_key_comfy_org": "s", "auth_token_comfy_org": "u", "api_key_other": "t", "keep": 1}
    # Like ComfyUI: exactly the keys the spec names are secret, not every key that looks like one.
    assert Dialect.for_profile("comfyui").hide_secrets(extra) == {"api_key_other": "t", "keep": 1}
    assert Dialect.for_profile("cloud").hide_secrets(extra) == {"api_key_comfy_org": "[REDACTED]",
                                                               "auth_token_comfy_org": "u", "api_key_other": "t",
                                                               "keep": 1}


def test_version_gates():
    assert version_tuple("0.33.0") == (0, 33, 0) and version_tuple("v0.26.0-dev") == (0, 26, 0)
    assert version_tuple("") is None
    old, new = Dialect.for_profile("comfyui", "0.25.0"), Dialect.for_profile("comfyui", "0.33.0")
    since = spec_for("comfyui").operation("cancelJob").since
    assert not old.available(since) and new.available(since)
    assert "previewable_outputs_count" in new.job_fields(detail=False)
    assert "previewable_outputs_count" not in old.job_fields(detail=False)
    assert "priority" not in Dialect.for_profile("cloud").job_fields(detail=True)


@pytest.mark.parametrize("profile", PROFILES)
def test_every_spec_route_is_served(serve, profile):
    client = Client(serve(profile, version="0.33.0" if profile == "comfyui" else None))
    for op in client.spec.operations:
        for template in op.served_paths:
            path = template.replace("{job_id}", str(uuid.uuid4())).replace("{prompt_id}", str(uuid.uuid4()))
            response = client.request(op.method, path, json={"prompt": {}, "job_ids": []})
            assert response.text != '{"error": "Not Found"}', (op.method, path)  # the router's own answer
            assert response.status_code != 405, (op.method, path)


def test_stopping_leaves_no_server_thread():
    from checks.reference_server import running_server

    with running_server("comfyui", time_scale=0.01) as handle:
        Client(handle).submit(blocker())
    assert not [thread for thread in threading.enumerate() if thread.name.startswith("reference-server-")]
