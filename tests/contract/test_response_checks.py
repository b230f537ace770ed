"""Each response check fires on a defective exchange and stays silent on its correct twin."""

from __future__ import annotations

import copy
import time

import pytest

from checks.contract.semantics.detail import outputs_count_matches_outputs
from checks.contract.semantics.filters import (
    output_type_filter_is_honoured,
    status_filter_is_honoured,
    workflow_filter_is_honoured,
)
from checks.contract.semantics.ordering import list_follows_sort_order
from checks.contract.semantics.pagination import has_more_matches_total, page_respects_limit, pagination_echoes_request
from checks.contract.context import RunContext, bind, unbind
from checks.contract.semantics.secrets import secrets_never_echoed
from checks.contract.semantics.timestamps import closest_unit, timestamps_are_milliseconds, timestamps_are_ordered
from tests.contract.helpers import schema_of, recorded, recorded_query, run_check

NOW = int(time.time() * 1000)


def job(number: int, status: str = "completed", *, duration: int | None = 100, outputs: int = 1, **extra) -> dict:
    created = NOW - 600_000 + number * 1000
    item = {"id": f"00000000-0000-4000-8000-{number:012d}", "status": status, "create_time": created,
            "outputs_count": outputs}
    if duration is not None:
        item["execution_start_time"] = created + 10
        item["execution_end_time"] = created + 10 + duration
    item.update(extra)
    return item


def page(jobs, *, offset=0, limit=None, total=None, has_more=None) -> dict:
    total = len(jobs) if total is None else total
    return {"jobs": jobs, "pagination": {"offset": offset, "limit": limit, "total": total,
                                         "has_more": offset + len(jobs) < total if has_more is None else has_more}}


def newest_first(count: int = 3) -> list[dict]:
    return [job(number, duration=100 * number) for number in range(count, 0, -1)]


# -- timestamps ------------------------------------------------------------------------------


def test_closest_unit_tells_seconds_from_milliseconds():
    now = time.time()
    assert closest_unit(now * 1000, now) == "ms"
    assert closest_unit(now, now) == "s"
    assert closest_unit(now * 1_000_000, now) == "us"
    assert closest_unit(42, now) is None


def test_milliseconds_pass_and_seconds_fail():
    body = page(newest_first())
    assert run_check(timestamps_are_milliseconds, "comfyui", "listJobs", body) is None
    broken = copy.deepcopy(body)
    broken["jobs"][1]["create_time"] //= 1000
    message = run_check(timestamps_are_milliseconds, "comfyui", "listJobs", broken)
    assert "/jobs/1/create_time" in message and "seconds" in message


def test_nested_timestamp_in_execution_error_is_checked():
    failed = job(1, "failed", outputs=0, execution_error={
        "node_id": "2", "node_type": "Fail", "exception_message": "x", "exception_type": "RuntimeError",
        "timestamp": NOW})
    assert run_check(timestamps_are_milliseconds, "cloud", "getJob", failed) is None
    failed["execution_error"]["timestamp"] = NOW * 1000
    assert "microseconds" in run_check(timestamps_are_milliseconds, "cloud", "getJob", failed)


def test_recorded_local_bodies_are_milliseconds():
    body = recorded("list_sort_execution_duration")
    if body is None:
        pytest.skip("recordings are not beside the checkout")
    assert run_check(timestamps_are_milliseconds, "comfyui", "listJobs", body) is None
    assert run_check(timestamps_are_ordered, "comfyui", "listJobs", body) is None


def test_times_must_run_forwards():
    body = job(1)
    assert run_check(timestamps_are_ordered, "comfyui", "getJob", body) is None
    body["execution_start_time"], body["execution_end_time"] = body["execution_end_time"], body["execution_start_time"]
    assert "execution_start_time" in run_check(timestamps_are_ordered, "comfyui", "getJob", body)


# -- ordering --------------------------------------------------------------------------------


def test_default_order_is_newest_first():
    assert run_check(list_follows_sort_order, "comfyui", "listJobs", page(newest_first())) is None
    oldest_first = page(list(reversed(newest_first())))
    assert "position 1" in run_check(list_follows_sort_order, "comfyui", "listJobs", oldest_first)


def test_sort_order_asc_is_honoured():
    ascending = page(list(reversed(newest_first())))
    assert run_check(list_follows_sort_order, "cloud", "listJobs", ascending, query={"sort_order": "asc"}) is None
    assert run_check(list_follows_sort_order, "cloud", "listJobs", page(newest_first()),
                     query={"sort_order": "asc"}) is not None


@pytest.mark.parametrize(("profile", "sort_by"), [("comfyui", "execution_duration"), ("cloud", "execution_time")])
def test_duration_sort_uses_the_dialects_key(profile, sort_by):
    jobs = [job(1, duration=50), job(2, duration=300), job(3, "pending", duration=None, outputs=0)]
    by_duration = page(sorted(jobs, key=lambda j: j.get("execution_end_time", 0) - j.get("execution_start_time", 0),
                              reverse=True))
    assert run_check(list_follows_sort_order, profile, "listJobs", by_duration, query={"sort_by": sort_by}) is None
    by_creation = page(sorted(jobs, key=lambda j: j["create_time"], reverse=True))
    message = run_check(list_follows_sort_order, profile, "listJobs", by_creation, query={"sort_by": sort_by})
    assert message and "execution_end_time - execution_start_time" in message


def test_other_dialects_sort_value_is_not_judged():
    # An invalid sort_by is the negative-data checks' business, not the ordering check's.
    reversed_page = page(list(reversed(newest_first())))
    assert run_check(list_follows_sort_order, "comfyui", "listJobs", reversed_page, query={"sort_by": "create_time"}) is None


def test_recorded_duration_order_passes():
    body = recorded("list_sort_execution_duration")
    if body is None:
        pytest.skip("recordings are not beside the checkout")
    query = recorded_query("list_sort_execution_duration")
    assert run_check(list_follows_sort_order, "comfyui", "listJobs", body, query=query) is None
    query["sort_order"] = "asc"
    assert run_check(list_follows_sort_order, "comfyui", "listJobs", body, query=query) is not None


# -- filters ---------------------------------------------------------------------------------


def test_status_filter_with_several_values():
    kept = page([job(2, "pending", duration=None, outputs=0), job(1, "in_progress", duration=None, outputs=0)])
    assert run_check(status_filter_is_honoured, "comfyui", "listJobs", kept, query={"status": "pending,in_progress"}) is None
    leaked = page([job(2, "pending", duration=None, outputs=0), job(1, "completed")])
    message = run_check(status_filter_is_honoured, "comfyui", "listJobs", leaked, query={"status": "pending,in_progress"})
    assert "completed" in message


def test_status_filter_as_a_list_and_empty_value():
    leaked = page([job(1, "completed")])
    assert run_check(status_filter_is_honoured, "cloud", "listJobs", leaked, query={"status": ["failed"]}) is not None
    assert run_check(status_filter_is_honoured, "cloud", "listJobs", leaked, query={"status": ""}) is None


def test_workflow_filter():
    wanted = "7f3c1a52-1111-4a7e-9b1e-000000000001"
    assert run_check(workflow_filter_is_honoured, "comfyui", "listJobs", page([job(1, workflow_id=wanted)]),
                     query={"workflow_id": wanted}) is None
    assert run_check(workflow_filter_is_honoured, "comfyui", "listJobs", page([job(1)]),
                     query={"workflow_id": wanted}) is not None


def test_output_type_filter_drops_jobs_without_outputs():
    assert run_check(output_type_filter_is_honoured, "cloud", "listJobs", page([job(1, outputs=2)]),
                     query={"output_type": "video"}) is None
    assert run_check(output_type_filter_is_honoured, "cloud", "listJobs", page([job(1, "failed", outputs=0)]),
                     query={"output_type": "video"}) is not None


def preview(group: str) -> dict:
    return {"filename": "out_00001_.bin", "subfolder": "", "type": "output", "nodeId": "9", "mediaType": group}


def test_output_type_filter_catches_a_single_output_of_another_kind():
    # The spec maps the `images` group to output_type `image`, `video` to `video`.
    wrong = page([job(1, outputs=1, preview_output=preview("images"))])
    message = run_check(output_type_filter_is_honoured, "cloud", "listJobs", wrong, query={"output_type": "video"})
    assert "only output is of kind image" in message
    right = page([job(1, outputs=1, preview_output=preview("video"))])
    assert run_check(output_type_filter_is_honoured, "cloud", "listJobs", right, query={"output_type": "video"}) is None


def test_output_type_filter_does_not_judge_what_the_preview_cannot_prove():
    # Two outputs: the preview shows one, the other may be the video. An unmapped group proves nothing.
    several = page([job(1, outputs=2, preview_output=preview("images"))])
    assert run_check(output_type_filter_is_honoured, "cloud", "listJobs", several, query={"output_type": "video"}) is None
    custom = page([job(1, outputs=1, preview_output=preview("gifs"))])
    assert run_check(output_type_filter_is_honoured, "cloud", "listJobs", custom, query={"output_type": "video"}) is None


# -- pagination ------------------------------------------------------------------------------


def test_page_longer_than_limit_fails():
    jobs = newest_first(5)
    assert run_check(page_respects_limit, "comfyui", "listJobs", page(jobs[:2], limit=2, total=5),
                     query={"limit": 2}) is None
    assert "returned 3 jobs" in run_check(page_respects_limit, "comfyui", "listJobs", page(jobs[:3], limit=2, total=5),
                                          query={"limit": 2})


def test_short_page_while_jobs_remain_fails():
    jobs = newest_first(5)
    message = run_check(page_respects_limit, "cloud", "listJobs", page(jobs[:1], limit=100, total=5))
    assert "should return 5 jobs" in message


def test_has_more_at_the_boundary():
    jobs = newest_first(5)
    last = page(jobs[3:], offset=3, limit=2, total=5)
    assert run_check(has_more_matches_total, "comfyui", "listJobs", last, query={"limit": 2, "offset": 3}) is None
    last["pagination"]["has_more"] = True
    assert "expected False" in run_check(has_more_matches_total, "comfyui", "listJobs", last,
                                         query={"limit": 2, "offset": 3})


def test_negative_offset_is_echoed_clamped_on_the_local_server():
    body = page(newest_first(2), offset=0)
    assert run_check(pagination_echoes_request, "comfyui", "listJobs", body, query={"offset": -5}) is None
    body["pagination"]["offset"] = -5
    assert run_check(pagination_echoes_request, "comfyui", "listJobs", body, query={"offset": -5}) is not None


def test_cloud_default_limit_is_echoed():
    body = page(newest_first(2), limit=100)
    assert run_check(pagination_echoes_request, "cloud", "listJobs", body) is None
    body["pagination"]["limit"] = None
    assert "expected 100" in run_check(pagination_echoes_request, "cloud", "listJobs", body)


def test_recorded_clamped_offset_passes():
    body = recorded("offset_negative_clamped")
    if body is None:
        pytest.skip("recordings are not beside the checkout")
    query = recorded_query("offset_negative_clamped")
    assert int(query["offset"]) < 0
    assert run_check(pagination_echoes_request, "comfyui", "listJobs", body, query=query) is None
    assert run_check(page_respects_limit, "comfyui", "listJobs", body, query=query) is None
    assert run_check(has_more_matches_total, "comfyui", "listJobs", body, query=query) is None


# -- detail and secrets ----------------------------------------------------------------------


def detail(count: int, files: int) -> dict:
    items = [{"filename": f"x_{n:05d}_.png", "subfolder": "", "type": "output"} for n in range(files)]
    return {**job(1, outputs=count), "outputs": {"9": {"images": items}}}


def test_outputs_count_counts_files():
    assert run_check(outputs_count_matches_outputs, "comfyui", "getJob", detail(2, 2)) is None
    assert "hold 2 files" in run_check(outputs_count_matches_outputs, "comfyui", "getJob", detail(3, 2))


def text_detail(count: int) -> dict:
    """A recorded shape: a PreviewAny job holds one string under `text` and no file."""
    return {**job(1, outputs=count), "outputs": {"2": {"text": ["hello from the fixture"]}}}


@pytest.mark.parametrize(("version", "count", "fine"), [
    ("0.33.0", 0, True), ("0.33.0", 1, False),  # 0.33.0 counts files only
    ("0.25.0", 1, True), ("0.25.0", 0, True),  # older servers may count the text string too
    (None, 1, True),  # unknown version: either count
])
def test_text_strings_count_only_on_older_servers(version, count, fine):
    context = RunContext(version=version)
    bind(schema_of("comfyui"), context)
    try:
        found = run_check(outputs_count_matches_outputs, "comfyui", "getJob", text_detail(count))
    finally:
        unbind(schema_of("comfyui"))
    assert (found is None) is fine, found


def test_canary_in_any_response_fails():
    canary = "jobs-checks-canary-test-0001"
    context = RunContext()
    context.watch(canary, "the test canary")
    bind(schema_of("comfyui"), context)
    try:
        assert run_check(secrets_never_echoed, "comfyui", "listJobs", page([job(1)])) is None
        leaked = {**job(1), "workflow": {"extra_data": {"note": canary}}}
        assert "the test canary" in run_check(secrets_never_echoed, "comfyui", "getJob", leaked)
    finally:
        unbind(schema_of("comfyui"))
    assert run_check(secrets_never_echoed, "comfyui", "getJob", leaked) is None  # no run owns the exchange now


def test_a_canary_belongs_to_its_own_run():
    canary = "jobs-checks-canary-test-0002"
    leaked = {**job(1), "workflow": {"extra_data": {"note": canary}}}
    mine, other = RunContext(), RunContext()
    mine.watch(canary, "my canary")
    bind(schema_of("comfyui"), other)  # the exchange belongs to the other run, which never sent it
    try:
        assert run_check(secrets_never_echoed, "comfyui", "getJob", leaked) is None
    finally:
        unbind(schema_of("comfyui"))


@pytest.mark.parametrize("key", ["api_key_comfy_org", "auth_token_comfy_org"])
def test_local_workflow_must_drop_the_secret_keys(key):
    kept = {**job(1), "workflow": {"prompt": {}, "extra_data": {"extra_pnginfo": {}}}}
    assert run_check(secrets_never_echoed, "comfyui", "getJob", kept) is None
    kept["workflow"]["extra_data"][key] = "anything"
    assert f"{key} is returned" in run_check(secrets_never_echoed, "comfyui", "getJob", kept)


def test_cloud_workflow_must_redact_the_secret_key():
    redacted = {**job(1), "workflow": {"prompt": {}, "extra_data": {"api_key_comfy_org": "[REDACTED]"}}}
    assert run_check(secrets_never_echoed, "cloud", "getJob", redacted) is None
    redacted["workflow"]["extra_data"]["api_key_comfy_org"] = "sk-live-123"
    assert "[REDACTED]" in run_check(secrets_never_echoed, "cloud", "getJob", redacted)
