"""JC204 response-enum: fixture pages, what it follows and what it says."""

from __future__ import annotations

import pytest

from checks.docs.rules import response_enum
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC204"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, response_enum, "JC204")


def _page(profile, language, code):
    return f"---\njobs-checks-profile: {profile}\n---\n\n```{language}\n{code}\n```\n"


def test_a_value_the_legacy_route_never_answers_names_its_own_words(tmp_path):
    code = ("import requests\nr = requests.get(f'https://cloud.comfy.org/api/job/{job_id}/status')\n"
            "if r.json().get('status') == 'failed':\n    pass")
    [finding] = lint_text(tmp_path, _page("cloud", "python", code), response_enum)
    assert finding.line == 8 and finding.column == 30
    assert finding.message.endswith("; it says `error`, `non_retryable_error`, `erroring`, `lost` where "
                                    "`/api/jobs/{job_id}` says `failed`")


def test_another_dialects_word_is_mapped_by_its_role(tmp_path):
    code = ("const jobs = (await (await fetch('http://127.0.0.1:8188/api/jobs')).json()).jobs;\n"
            "for (const job of jobs) { if (job.status === 'running') console.log(job.id); }")
    [finding] = lint_text(tmp_path, _page("comfyui", "javascript", code), response_enum)
    assert finding.message == (
        "`running` is never the `jobs.status` of `GET /api/jobs` on ComfyUI local server (comfyui), which answers: "
        "pending, in_progress, completed, failed, cancelled; use `in_progress` (`running` is the word of Comfy API v2 (v2))")


@pytest.mark.parametrize("language, code", [
    ("python", "import requests\nstatus = requests.get('https://cloud.comfy.org/api/jobs/1').json()['status']\n"
               "if status in ('completed', 'failed', 'cancelled'):\n    pass"),
    ("python", "import requests\nstatus = compute()\nif status == 'success':\n    pass"),  # not an answer
    ("python", "import requests\nr = requests.get('https://cloud.comfy.org/api/jobs/1')\nif r.status_code == 'x':\n    pass"),
    ("javascript", "const { status } = await (await fetch('https://cloud.comfy.org/api/jobs/1')).json();\n"
                   "switch (status) { case 'pending': case 'in_progress': break; }"),
])  # fmt: skip
def test_quiet_when_the_endpoint_answers_the_value(tmp_path, language, code):
    assert lint_text(tmp_path, _page("cloud", language, code), response_enum) == []


def test_no_profile_a_value_is_wrong_only_when_no_dialect_answers_it(tmp_path):
    code = "import requests\nj = requests.get('http://127.0.0.1:8188/api/jobs/1').json()\nok = j['status'] == 'done'"
    page = f"```python\n{code}\n```\n"
    [finding] = lint_text(tmp_path, page, response_enum)
    assert finding.message.startswith("`done` is never the `status` of `GET /api/jobs/{job_id}`")
