"""Legacy routes' words, the routes a Jobs operation replaces, downloads, and answer field enums."""

from __future__ import annotations

import pytest

from checks.apispec import LINT_PROFILES, PROFILES, spec_for
from checks.apispec.legacy import ANY_KEY, answer_field_enum, downloads, replaced_routes, vocabulary_change


def test_the_legacy_cloud_status_route_speaks_raw_states_and_its_replacement_says_how_they_map():
    cloud = spec_for("cloud")
    change = vocabulary_change(cloud, "getJobStatus")
    assert change.field == ("status",)
    assert change.values["success"] == "completed"
    assert change.spelled_as("failed") == ("error", "non_retryable_error", "erroring", "lost")
    assert set(change.values.values()) == set(cloud.status_enum())
    assert set(change.values) == set(answer_field_enum(cloud, "getJobStatus", ("status",)))


def test_the_local_history_says_status_str_where_the_job_route_says_status():
    local = spec_for("comfyui")
    change = vocabulary_change(local, "getHistoryItem")
    assert change.field_name == "status.status_str"
    assert change.values == {"success": "completed", "error": "failed"}
    assert answer_field_enum(local, "getHistoryItem", (ANY_KEY, "status", "status_str")) == ("success", "error")
    assert vocabulary_change(local, "getJob") is None


@pytest.mark.parametrize("profile", PROFILES)
def test_field_enums_follow_properties_items_and_any_key(profile):
    spec = spec_for(profile)
    statuses = tuple(spec.status_enum())
    assert answer_field_enum(spec, "getJob", ("status",)) == statuses
    assert answer_field_enum(spec, "listJobs", ("jobs", ANY_KEY, "status")) == statuses
    assert answer_field_enum(spec, "listJobs", ("jobs", "0", "status")) == statuses
    assert answer_field_enum(spec, "getJob", ("id",)) is None
    assert answer_field_enum(spec, "getJob", ("no_such_field", "status")) is None
    assert answer_field_enum(spec, "noSuchOperation", ("status",)) is None


def test_queue_deletes_and_interrupts_are_replaced_by_the_job_cancel_route_with_what_they_stop():
    for profile in PROFILES:
        routes = {(r.method, r.path): r for r in replaced_routes(spec_for(profile))}
        queue = next(r for (method, path), r in routes.items() if method == "POST" and path.endswith("/queue"))
        interrupt = next(r for (method, path), r in routes.items() if method == "POST" and path.endswith("/interrupt"))
        assert queue.operation_id == interrupt.operation_id == "cancelJob"
        assert queue.body_key == "delete" and queue.stops == ("waiting",)
        assert interrupt.body_key is None and interrupt.stops == ("running",)
        assert queue.note and interrupt.note
    local = {r.path: r for r in replaced_routes(spec_for("comfyui"))}
    assert local["/queue"].served_paths == ("/queue", "/api/queue")


def test_downloads_say_which_routes_redirect_to_another_origin():
    cloud = {d.path: d for d in downloads(spec_for("cloud"))}
    assert cloud["/api/view"].redirect == 302 and cloud["/api/view"].cross_origin
    assert not any(d.redirect for d in downloads(spec_for("comfyui")))
    v2 = {d.path: d for d in downloads(spec_for("v2"))}
    assert v2["/api/v2/assets/{id}/content"].redirect == 302  # read from its 302 answer with a Location


def test_a_page_may_name_every_profile_but_the_union_stays_v1():
    assert "v2" in LINT_PROFILES and "v2" not in PROFILES


def test_a_request_path_finds_its_download_route():
    from checks.apispec.legacy import download_at

    assert download_at(spec_for("cloud"), "/api/view?filename=a.png").redirect == 302
    assert download_at(spec_for("cloud"), "/api/view", "POST") is None
    assert download_at(spec_for("v2"), "/api/v2/assets/7f3d/content").path == "/api/v2/assets/{id}/content"
    assert download_at(spec_for("comfyui"), "/view?filename=a.png").redirect is None  # the bytes come in the answer
