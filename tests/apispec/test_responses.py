"""Real recorded responses validate against the comfyui profile; wrong ones do not."""

from __future__ import annotations

import copy

import pytest

from checks.apispec import PROFILES, spec_for
from checks.apispec.validate import body_problems, response_schema
from tests.conftest import RECORDED, load_recording, recordings

RECORDED_FILES = recordings()
needs_recordings = pytest.mark.skipif(not RECORDED_FILES, reason=f"no recordings at {RECORDED} (../shared is not beside this checkout)")


def _operation_for(exchange):
    request = exchange["request"]
    matches = spec_for("comfyui").match_path(request["path"], request["method"])
    assert matches, f"no comfyui operation serves {request['method']} {request['path']}"
    return matches[0]


@needs_recordings
@pytest.mark.parametrize("path", RECORDED_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_recorded_exchange_matches_comfyui_profile(path):
    exchange = load_recording(path)
    operation = _operation_for(exchange)
    status = str(exchange["status"])
    assert status in operation.statuses, f"{status} not declared for {operation.operation_id}"
    schema = response_schema(spec_for("comfyui"), operation.operation_id, status, exchange["content_type"])
    assert schema is not None
    assert body_problems(spec_for("comfyui"), schema, exchange["body"]) == []


def _sample_list():
    return {
        "jobs": [
            {"id": "a1", "status": "completed", "create_time": 1795406244011, "execution_start_time": 1795406244100,
             "execution_end_time": 1795406245000, "outputs_count": 1},
            {"id": "a2", "status": "pending", "create_time": 1795406243576, "outputs_count": 0},
        ],
        "pagination": {"offset": 0, "limit": 10, "total": 2, "has_more": False},
    }


def _break(kind, body):
    body = copy.deepcopy(body)
    if kind == "seconds-timestamp":
        body["jobs"][0]["create_time"] = 1795406244
    elif kind == "unknown-status":
        body["jobs"][1]["status"] = "queued"
    elif kind == "missing-jobs":
        del body["jobs"]
    elif kind == "null-field":
        body["jobs"][1]["execution_start_time"] = None
    return body


@pytest.mark.parametrize("profile", PROFILES)
def test_well_formed_list_validates(profile):
    spec = spec_for(profile)
    assert body_problems(spec, response_schema(spec, "listJobs", 200), _sample_list()) == []


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", ["seconds-timestamp", "unknown-status", "missing-jobs", "null-field"])
def test_wrong_list_fails_validation(profile, kind):
    spec = spec_for(profile)
    problems = body_problems(spec, response_schema(spec, "listJobs", 200), _break(kind, _sample_list()))
    assert problems, kind


def test_cloud_workflow_must_carry_redacted_key_and_comfyui_none():
    detail = {"id": "a1", "status": "completed", "create_time": 1795406244011, "outputs_count": 0,
              "workflow": {"prompt": {}, "extra_data": {"api_key_comfy_org": "[REDACTED]"}}}
    cloud, local = spec_for("cloud"), spec_for("comfyui")
    assert body_problems(cloud, response_schema(cloud, "getJob", 200), detail) == []
    leaked = copy.deepcopy(detail)
    leaked["workflow"]["extra_data"]["api_key_comfy_org"] = "comfyui-abc123"
    assert body_problems(cloud, response_schema(cloud, "getJob", 200), leaked)
    assert body_problems(local, response_schema(local, "getJob", 200), detail)


def test_cloud_page_limit_above_1000_fails_but_local_allows_null():
    body = _sample_list()
    body["pagination"]["limit"] = None
    local, cloud = spec_for("comfyui"), spec_for("cloud")
    assert body_problems(local, response_schema(local, "listJobs", 200), body) == []
    assert body_problems(cloud, response_schema(cloud, "listJobs", 200), body)
