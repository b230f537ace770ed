"""Job status roles, output groups and preview groups come from the spec's vendor extensions."""

from __future__ import annotations

import pytest

from checks.apispec import PROFILES, resolved_document, spec_for
from checks.apispec.facts import Spec

ROLES = {"waiting": "pending", "running": "in_progress", "succeeded": "completed", "failed": "failed",
         "cancelled": "cancelled"}


@pytest.mark.parametrize("profile", PROFILES)
def test_terminal_statuses_are_the_three_endings(profile):
    assert spec_for(profile).terminal_statuses() == ("completed", "failed", "cancelled")


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("role", sorted(ROLES))
def test_every_role_names_a_value_of_the_status_enum(profile, role):
    spec = spec_for(profile)
    assert spec.status_role(role) == ROLES[role]
    assert spec.status_role(role) in spec.status_enum()


@pytest.mark.parametrize("profile", PROFILES)
def test_lifecycle_describes_each_status_once_with_a_distinct_role(profile):
    spec = spec_for(profile)
    assert list(spec.lifecycle) == spec.status_enum()
    roles = [facts["role"] for facts in spec.lifecycle.values()]
    assert len(roles) == len(set(roles))


def test_an_unknown_role_is_a_key_error():
    with pytest.raises(KeyError, match="paused"):
        spec_for("cloud").status_role("paused")


@pytest.mark.parametrize("profile", PROFILES)
def test_stages_only_grow_from_waiting_to_the_endings(profile):
    spec = spec_for(profile)
    assert spec.status_stage("pending") < spec.status_stage("in_progress") < spec.status_stage("completed")
    assert {spec.status_stage(status) for status in spec.terminal_statuses()} == {spec.status_stage("completed")}
    assert spec.status_stage("queued") is None
    assert spec.status_stage(None) is None


def test_roles_and_endings_follow_the_document_not_python():
    document = resolved_document("comfyui")
    lifecycle = document["components"]["schemas"]["JobStatus"]["x-lifecycle"]
    lifecycle["failed"]["terminal"] = False
    lifecycle["pending"]["role"] = "queued"
    spec = Spec("comfyui", document)
    assert spec.terminal_statuses() == ("completed", "cancelled")
    assert spec.status_role("queued") == "pending"
    with pytest.raises(KeyError):
        spec.status_role("waiting")


def test_cloud_output_groups_cover_every_output_type():
    spec = spec_for("cloud")
    assert spec.output_groups() == {"image": ("images",), "video": ("video",), "audio": ("audio",), "3d": ("3d",)}
    assert list(spec.output_groups()) == spec.parameter_enum("output_type")
    groups = [group for kinds in spec.output_groups().values() for group in kinds]
    assert len(groups) == len(set(groups)), "a group may count as one output type only"


def test_output_type_of_a_group():
    spec = spec_for("cloud")
    assert spec.output_type_of("images") == "image"
    assert spec.output_type_of("3d") == "3d"
    assert spec.output_type_of("text") is None
    assert spec_for("comfyui").output_type_of("images") is None  # the local server has no output_type


def test_comfyui_has_no_output_groups():
    assert spec_for("comfyui").output_groups() == {}


@pytest.mark.parametrize("profile", PROFILES)
def test_preview_groups_are_media_groups(profile):
    assert spec_for(profile).preview_groups() == ("images", "video", "audio", "3d", "text")
    # Every previewable group but text is also an output type a cloud list can filter by.
    unfiltered = {group for group in spec_for(profile).preview_groups() if not spec_for("cloud").output_type_of(group)}
    assert unfiltered == {"text"}
