"""JC503 legacy-cancel: fixture pages and what it says."""

from __future__ import annotations

import pytest

from checks.docs.rules import legacy_cancel
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC503"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, legacy_cancel, "JC503")


def test_the_message_says_what_the_old_route_stops_and_since_when_the_job_route_exists(tmp_path):
    page = "---\njobs-checks-profile: comfyui\n---\n\n```bash\ncurl -X POST http://127.0.0.1:8188/api/interrupt\n```\n"
    [finding] = lint_text(tmp_path, page, legacy_cancel)
    assert finding.message == (
        "`POST /api/interrupt` cancels the old way on ComfyUI local server (comfyui): it stops whatever runs now, not a job "
        "you name, and leaves pending ones queued; cancel each job with `POST /api/jobs/{job_id}/cancel` (servers 0.26.0 and later)")


@pytest.mark.parametrize("code", [
    "requests.post('http://127.0.0.1:8188/queue', json={'clear': True})",
    "requests.get('http://127.0.0.1:8188/queue')",
    "requests.post('http://127.0.0.1:8188/queue', json=body)",  # what it sends is not shown
])  # fmt: skip
def test_quiet_on_what_has_no_one_job_equivalent(tmp_path, code):
    page = f"---\njobs-checks-profile: comfyui\n---\n\n```python\nimport requests\n{code}\n```\n"
    assert lint_text(tmp_path, page, legacy_cancel) == []
