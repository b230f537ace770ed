"""JC203 enum-list: fixture pages, the list forms it reads and those it leaves alone."""

from __future__ import annotations

import pytest

from checks.docs.prose import bare_lists
from checks.docs.rules import enum_list
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text

NAMES = {"status": "status", "output_type": "output_type", "outputType": "output_type", "sort_order": "sort_order"}


@pytest.mark.parametrize("path", fixture_pages("JC203"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, enum_list, "JC203")


@pytest.mark.parametrize("text, values", [
    ("# status: pending | running | done", ["pending", "running", "done"]),
    ("output_type: one of (image, video, audio, 3d)", ["image", "video", "audio", "3d"]),
    ("// outputType - image/video", ["image", "video"]),
    ("`sort_order` is asc or desc.", ["asc", "desc"]),
    ("# status: pending, running and done", ["pending", "running", "done"]),
    ("`status` 参数是 pending 或 completed。", ["pending", "completed"]),
    ("status is pending and then it ends", None),  # prose goes on after "and"
    ("the status, pending", None),
    ('status: one of "pending", "completed"', None),  # quoted: JC201/JC202 read those
])  # fmt: skip
def test_the_list_forms_read(text, values):
    found = bare_lists(text, NAMES)
    assert ([v for v, _ in found[0][1]] if found else None) == values


def _page(code: str, profile: str = "cloud") -> str:
    return f"---\njobs-checks-profile: {profile}\n---\n\n```python\n{code}\n```\n"


@pytest.mark.parametrize("code", [
    "# status: a | b | c",  # not this enum's values
    "# status: pending | in_progress",  # a subset, on purpose
    "# output: image | video | audio | 3d",  # not a parameter name
    "# Comfy Cloud: status is pending or in_progress while it runs",
])  # fmt: skip
def test_quiet(tmp_path, code):
    assert lint_text(tmp_path, _page(code), enum_list) == []


def test_without_a_profile_only_blocks_calling_jobs_routes_are_read(tmp_path):
    assert lint_text(tmp_path, "```python\n# status: pending | running\n```\n", enum_list) == []
    code = "```python\nrequests.get('http://127.0.0.1:8188/api/jobs')  # status: pending | running\n```\n"
    [finding] = lint_text(tmp_path, code, enum_list)
    assert finding.message.startswith("this comment lists `status` values no dialect has: `running`")
