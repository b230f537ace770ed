"""Scenario checks judge collected data: each fires on a defect and passes its correct twin."""

from __future__ import annotations

import pytest

from checks.contract.catalogue import DEFECT, RESPONSE, SCENARIO, all_checks, all_scenarios
from checks.contract.scenarios.negative import bad_values
from checks.contract.scenarios.pages import page_sizes
from checks.contract.semantics import cancel, detail, errors, lifecycle, pagination
from checks.apispec import resolved_document, spec_for
from checks.apispec.facts import Spec


def fails(check, *args, **kwargs) -> str | None:
    try:
        check(*args, **kwargs)
    except AssertionError as exc:
        return str(exc)
    return None


def test_every_check_has_a_sentence_name_and_a_docstring():
    checks = all_checks()
    assert {check.kind for check in checks.values()} == {RESPONSE, SCENARIO, DEFECT}
    for name, check in checks.items():
        assert name == name.lower() and "_" in name
        assert check.summary.endswith("."), name


def test_scenarios_register_themselves_in_play_order():
    scenarios = all_scenarios()
    names = [found.name for found in scenarios]
    # Prove the gates first; judge whole histories, then cancel what is still queued, last.
    assert names[0] == "gates" and names[-2:] == ["histories", "cleanup"]
    assert {"lifecycle", "cancel", "auth", "downloads", "orderings", "filters", "pages", "consistency", "negative",
            "robustness"} <= set(names)
    assert names.index("lifecycle") < names.index("cancel") < names.index("consistency")
    assert all(found.summary for found in scenarios)


def test_pages_are_disjoint():
    assert fails(pagination.pages_are_disjoint, [["a", "b"], ["c"]], 2) is None
    assert "page 0 and again on page 1" in fails(pagination.pages_are_disjoint, [["a", "b"], ["b", "c"]], 2)


def test_pages_cover_the_list():
    assert fails(pagination.pages_cover_the_list, [["a", "b"], ["c"]], ["a", "b", "c"], 2) is None
    assert "missing ['c']" in fails(pagination.pages_cover_the_list, [["a", "b"]], ["a", "b", "c"], 2)
    assert "another order" in fails(pagination.pages_cover_the_list, [["b", "a"]], ["a", "b"], 2)


def test_page_sizes_include_an_exact_divisor_and_a_short_last_page():
    assert page_sizes(0) == [1, 2]
    sizes = page_sizes(6)
    assert 1 in sizes and 3 in sizes and 5 in sizes


def test_detail_matches_list():
    entry = {"id": "j", "status": "completed", "create_time": 1, "outputs_count": 1}
    assert fails(detail.detail_matches_list, entry, {**entry, "outputs": {}}) is None
    assert "outputs_count" in fails(detail.detail_matches_list, entry, {**entry, "outputs_count": 2})


STAGES = {"pending": 0, "in_progress": 1, "completed": 2, "failed": 2, "cancelled": 2}
TERMINAL = ("completed", "failed", "cancelled")


def test_job_states_move_forward():
    moves = lifecycle.job_states_move_forward
    assert fails(moves, "j", ["pending", "in_progress", "completed"], STAGES, TERMINAL) is None
    assert fails(moves, "j", ["in_progress", "pending"], STAGES, TERMINAL) is not None
    assert fails(moves, "j", ["completed", "failed"], STAGES, TERMINAL) is not None
    assert fails(moves, "j", ["pending", "mystery", "pending"], STAGES, TERMINAL) is None  # unknown statuses are not judged


def test_lifecycle_facts_handed_to_the_checks_come_from_the_spec():
    spec = spec_for("cloud")
    assert {status: spec.status_stage(status) for status in spec.status_enum()} == STAGES
    assert spec.terminal_statuses() == TERMINAL


def test_job_finishes_as_its_workflow_says():
    assert fails(lifecycle.job_finishes, "j", "failed", "failed", 1.0, TERMINAL) is None
    assert "still in_progress" in fails(lifecycle.job_finishes, "j", "in_progress", "completed", 60.0, TERMINAL)
    assert "ended failed" in fails(lifecycle.job_finishes, "j", "failed", "completed", 1.0, TERMINAL)


def test_failed_job_explains_why():
    error = {"node_id": "4", "node_type": "Fail", "exception_message": "x", "exception_type": "RuntimeError"}
    explains = lifecycle.failed_job_explains_why
    assert fails(explains, "j", {"status": "failed", "execution_error": error}, "4", "failed") is None
    assert "no execution_error" in fails(explains, "j", {"status": "failed"}, "4", "failed")
    assert "blames node" in fails(explains, "j", {"status": "failed", "execution_error": error}, "2", "failed")
    assert fails(explains, "j", {"status": "completed", "execution_error": error}, None, "failed")


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_the_spec_names_every_role_the_scenarios_need(profile):
    lifecycle.check_roles(spec_for(profile))  # raises UnknownRoles otherwise


def test_a_spec_without_a_running_status_is_refused():
    document = resolved_document("comfyui")
    del document["components"]["schemas"]["JobStatus"]["x-lifecycle"]["in_progress"]
    with pytest.raises(lifecycle.UnknownRoles, match="running"):
        lifecycle.check_roles(Spec("comfyui", document))


def test_a_role_naming_no_enum_value_is_refused():
    document = resolved_document("comfyui")
    status = document["components"]["schemas"]["JobStatus"]
    status["enum"].remove("cancelled")
    with pytest.raises(lifecycle.UnknownRoles, match="cancelled"):
        lifecycle.check_roles(Spec("comfyui", document))


def test_prompt_id_is_the_job_id():
    assert fails(lifecycle.prompt_id_is_the_job_id, "p", 200, {"id": "p"}, ["p"]) is None
    assert "answered 404" in fails(lifecycle.prompt_id_is_the_job_id, "p", 404, None, ["p"])
    assert "not in GET /api/jobs" in fails(lifecycle.prompt_id_is_the_job_id, "p", 200, {"id": "p"}, [])


def test_cancel_is_idempotent():
    twice_false = [(200, {"cancelled": False}), (200, {"cancelled": False})]
    assert fails(cancel.cancel_is_idempotent, "j", "completed", twice_false, 200, "completed", "completed") is None
    conflict = [(409, {"error": "Job has already finished"})]
    assert "answered 409" in fails(cancel.cancel_is_idempotent, "j", "completed", conflict, 200, "completed", "completed")
    assert "changed its status" in fails(cancel.cancel_is_idempotent, "j", "completed", twice_false, 200,
                                         "completed", "cancelled")


def test_cancel_stops_pending_job_either_documented_way():
    ok = (200, {"cancelled": True}, 200)
    assert fails(cancel.cancel_stops_pending_job, "j", *ok, 404, None, 404, "cancelled") is None
    assert fails(cancel.cancel_stops_pending_job, "j", *ok, 200, {"status": "cancelled"}, 404, "cancelled") is None
    assert fails(cancel.cancel_stops_pending_job, "j", *ok, 200, {"status": "completed"}, 404, "cancelled")
    assert fails(cancel.cancel_stops_pending_job, "j", 200, {"cancelled": False}, 200, 404, None, 404, "cancelled")


def test_cancel_stops_running_job():
    assert fails(cancel.cancel_stops_running_job, "j", 200, {"cancelled": True}, 200, "cancelled", ("cancelled",)) is None
    assert "ended completed" in fails(cancel.cancel_stops_running_job, "j", 200, {"cancelled": True}, 200,
                                      "completed", ("cancelled",))


def test_cancel_of_unknown_job():
    assert fails(cancel.cancel_of_unknown_job_is_harmless, "u", 200, {"cancelled": False}, 200, 200) is None
    assert fails(cancel.cancel_of_unknown_job_is_harmless, "u", 404, {"error": "x"}, 404, 200) is None
    assert fails(cancel.cancel_of_unknown_job_is_harmless, "u", 200, {"cancelled": True}, 200, 200)
    assert fails(cancel.cancel_of_unknown_job_is_harmless, "u", 200, {"cancelled": False}, 404, 200)


def test_batch_cancel_checks():
    assert fails(cancel.batch_cancel_is_idempotent, ["a"], 200, {"cancelled": False}, 200) is None
    assert fails(cancel.batch_cancel_is_idempotent, ["a"], 200, {"cancelled": True}, 200)
    assert fails(cancel.batch_cancel_rejects_bad_ids, ["x"], 400, 400, []) is None
    assert "answered 200" in fails(cancel.batch_cancel_rejects_bad_ids, ["x"], 200, 400, [])


def test_error_checks():
    assert fails(errors.unknown_job_is_404, "u", 404, 404, []) is None
    assert fails(errors.unknown_job_is_404, "u", 200, 404, [])
    assert "error schema" in fails(errors.unknown_job_is_404, "u", 404, 404, ["/: 'error' is a required property"])
    assert fails(errors.bad_parameters_are_400, "sort_by", "x", 400, 400, []) is None
    assert "answered 500" in fails(errors.bad_parameters_are_400, "sort_by", "x", 500, 400, [])
    assert fails(errors.requests_without_key_are_401, "GET /api/jobs with no API key", 401, 401) is None
    assert fails(errors.requests_without_key_are_401, "GET /api/jobs with no API key", 200, 401)


def test_other_users_jobs_are_hidden():
    assert fails(errors.other_users_jobs_are_hidden, "GET", 403, (403,)) is None
    assert fails(errors.other_users_jobs_are_hidden, "GET", 200, (403,))
    assert fails(errors.other_users_jobs_are_hidden, "list", 200, (200,), {"jobs": [{"id": "mine"}]}, "mine")
    assert fails(errors.other_users_jobs_are_hidden, "list", 200, (200,), {"jobs": [{"id": "theirs"}]}, "mine") is None


@pytest.mark.parametrize("profile", ["comfyui", "cloud"])
def test_bad_values_come_from_the_spec(profile):
    spec = spec_for(profile)
    params = spec.parameters("listJobs")
    sort_values = bad_values(spec, "sort_by", params["sort_by"]["schema"])
    # The other dialect's sort values are among the rejected ones, never this dialect's own.
    assert set(spec.wrong_dialect("sort_by")) <= set(sort_values)
    assert not set(sort_values) & set(spec.parameter_enum("sort_by"))
    offsets = bad_values(spec, "offset", params["offset"]["schema"])
    clamped = "x-clamped-minimum" in params["offset"]["schema"]
    assert (-1 in offsets) is (not clamped)
    limits = bad_values(spec, "limit", params["limit"]["schema"])
    assert 0 in limits
    assert (1001 in limits) is ("maximum" in params["limit"]["schema"])


def test_outputs_are_downloadable():
    from checks.contract.semantics.downloads import outputs_are_downloadable as check

    assert fails(check, "a.png", 200, None, None, None, None, 304) is None  # the bytes come directly
    assert "expected 200 with the file" in fails(check, "a.png", 404, None, None, None, None, 0)
    assert fails(check, "a.png", 302, 302, "http://storage/x", False, 200, 304) is None  # a redirect elsewhere
    assert "same origin" in fails(check, "a.png", 302, 302, "http://server/x", True, 200, 304)
    assert "expected 302 with a Location" in fails(check, "a.png", 200, 302, None, None, None, 304)
    assert "expected the file" in fails(check, "a.png", 302, 302, "http://storage/x", False, 403, 0)


def test_malformed_json_is_a_client_error():
    from checks.contract.semantics.robustness import malformed_json_is_a_client_error as check

    assert fails(check, "POST /prompt", 400, '{"error": ...}') is None
    assert "crashed" in fails(check, "POST /prompt", 500, "500 Internal Server Error")
    assert "accepted garbage" in fails(check, "POST /history", 200, "")
