"""JC501 endpoint through fixture pages, plus where it must stay quiet."""

from __future__ import annotations

import pytest

from checks.docs.rules import endpoint
from tests.docs.expectations import FIXTURES, fixture_pages
from tests.docs.rules.helpers import check_fixture, lint, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC501"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, endpoint, "JC501")


def test_every_defect_page_has_a_fixed_twin():
    names = {p.name for p in fixture_pages("JC501")}
    defects = [n for n in names if n.startswith("defect_")]
    assert len(defects) >= 3 and all(n.replace("defect_", "fixed_") in names for n in defects)


def test_jobs_like_families_come_from_both_profiles():
    from checks.apispec.routes import jobs_like, route_families

    assert {"jobs", "job", "prompt", "history", "history_v2", "queue"} <= route_families()
    assert "system_stats" not in route_families()  # the local server's version route
    assert not jobs_like("/api/view") and not jobs_like("/api/userdata/x")


def test_missing_api_prefix_suggests_and_fixes_it():
    path = FIXTURES / "JC501" / "defect_comfyui.mdx"
    lines = path.read_text(encoding="utf-8").split("\n")
    _, findings = lint(path, endpoint)
    [curl] = [f for f in findings if lines[f.line - 1].startswith('curl "$COMFY/jobs')]
    assert curl.message == "`GET /jobs` is not served by ComfyUI local server (comfyui); use `/api/jobs`"
    assert curl.severity == "error" and lines[curl.line - 1][curl.column - 1 :].startswith("/jobs?")
    fix = curl.fix
    assert lines[fix.line - 1][fix.column - 1 : fix.end_column - 1] == "/jobs" and fix.replacement == "/api/jobs"
    [method] = [f for f in findings if "cancel`" in f.message and lines[f.line - 1].startswith("await")]
    assert method.message.endswith("the route takes POST") and method.fix is None


def test_deprecated_route_is_a_warning_naming_its_replacement():
    path = FIXTURES / "JC501" / "defect_cloud.mdx"
    _, findings = lint(path, endpoint)
    history = [f for f in findings if f.message.startswith("`GET /api/history_v2`")]
    assert [(f.severity, f.message) for f in history] == [
        ("warning", "`GET /api/history_v2` is deprecated in Comfy Cloud (cloud); use `/api/jobs`"),
    ]
    assert any(f.severity == "error" and f.message.startswith("`POST /prompt`") and "use `/api/prompt`" in f.message
               for f in findings)
    assert any(f.message == "`POST /api/jobs/cancel` is not served by Comfy Cloud (cloud) "
                            "(only by ComfyUI local server (comfyui))" for f in findings)


def test_a_computed_base_may_already_end_in_api(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n```python\n"
        "api = os.environ['COMFY_API']  # e.g. https://cloud.comfy.org/api\n"
        "jobs = requests.get(f'{api}/jobs').json()\n```\n"
    )
    assert lint_text(tmp_path, page, endpoint) == []
    page = page.replace("```\n", "requests.post(f'{api}/api/prompt')\n```\n", 1)
    [finding] = lint_text(tmp_path, page, endpoint)
    assert finding.message.startswith("`GET /jobs` is not served by Comfy Cloud (cloud)")


@pytest.mark.parametrize("profile, body", [
    pytest.param(
        "cloud",
        "The old `/api/history` route is mentioned here without a method.\n\n"
        "`GET /api/history` is deprecated: use `GET /api/jobs` instead.\n\n"
        "<Note>`/api/history_v2` is replaced by `/api/jobs`.</Note>\n",
        id="mentions-without-a-method-and-deprecation-notes",
    ),
    pytest.param(
        "comfyui",
        "```python\n"
        "@routes.get('/jobs/summary')\nasync def summary(request):\n    return web.json_response({})\n```\n\n"
        "```javascript\napp.get('/jobs', (req, res) => res.json([]));\n"
        "const r = await client.get('/jobs');  // a client whose base URL ends in /api\n"
        "await fetch('/api/prompt', { method: 'POST' });\n```\n",
        id="server-routes-and-client-relative-paths",
    ),
])  # fmt: skip
def test_stays_quiet_on(tmp_path, profile, body):
    page = f"---\njobs-checks-profile: {profile}\n---\n\n{body}"
    assert lint_text(tmp_path, page, endpoint) == []


def test_a_tab_or_sentence_about_the_other_dialect_is_a_comparison(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n"
        "On the local server the route is `GET /jobs`... no: it is `GET /api/jobs` there too.\n\n"
        "```bash Local server\ncurl http://127.0.0.1:8188/prompt -d @workflow.json\n```\n"
    )
    assert lint_text(tmp_path, page, endpoint) == []
    assert len(lint_text(tmp_path, page.replace("Local server", "Cloud"), endpoint)) == 1


def test_other_methods_of_a_deprecated_legacy_path_are_not_judged(tmp_path):
    page = (
        "---\njobs-checks-profile: comfyui\n---\n\n```python\n"
        "requests.post('http://127.0.0.1:8188/queue', json={'clear': True})\n"
        "requests.post('http://127.0.0.1:8188/history', json={'delete': ['a']})\n"
        "requests.get('http://127.0.0.1:8188/queue')\n"
        "requests.delete('http://127.0.0.1:8188/api/jobs')\n```\n"
    )
    findings = lint_text(tmp_path, page, endpoint)
    assert [(f.line, f.severity, f.message) for f in findings] == [
        (8, "warning", "`GET /queue` is deprecated in ComfyUI local server (comfyui); "
                       "use `/api/jobs?status=pending,in_progress`"),
        (9, "error", "`DELETE /api/jobs` is not served by ComfyUI local server (comfyui): the route takes GET"),
    ]


def test_a_deprecated_route_whose_replacement_speaks_other_words_says_so(tmp_path):
    page = "---\njobs-checks-profile: cloud\n---\n\nPoll `/api/job/{job_id}/status` until the job is done.\n"
    [finding] = lint_text(tmp_path, page, endpoint)
    assert finding.message == (
        "`/api/job/{job_id}/status` is deprecated in Comfy Cloud (cloud); use `/api/jobs/{job_id}`, which answers in "
        "other words than this route's `status` (`success` -> `completed`, `error` -> `failed`, ...)")


def test_a_bare_path_is_judged_only_on_a_page_of_one_dialect(tmp_path):
    text = "Every job is listed by `/jobs`.\n\n| route | meaning |\n| --- | --- |\n| `/api/jobs` | jobs |\n"
    assert lint_text(tmp_path, text, endpoint) == []
    [finding] = lint_text(tmp_path, "---\njobs-checks-profile: cloud\n---\n\n" + text, endpoint)
    assert finding.message == "`/jobs` is not served by Comfy Cloud (cloud); use `/api/jobs`" and finding.fix.replacement == "/api/jobs"


def test_a_mirror_row_is_marked_when_its_english_row_is(tmp_path):
    from checks.docs.config import Config
    from checks.docs.engine import lint_paths

    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "zh").mkdir()
    english = "---\njobs-checks-profile: cloud\n---\n\n| route | meaning |\n| --- | --- |\n| `/api/history_v2` | {} |\n"
    (tmp_path / "page.mdx").write_text(english.format("finished jobs (legacy)"), encoding="utf-8")
    (tmp_path / "zh" / "page.mdx").write_text(english.format("已完成的任务"), encoding="utf-8")
    found = lint_paths([str(tmp_path)], Config(root=tmp_path), jobs=1).findings
    assert [f for f in found if f.code == "JC501"] == []
    (tmp_path / "page.mdx").write_text(english.format("finished jobs"), encoding="utf-8")
    found = lint_paths([str(tmp_path)], Config(root=tmp_path), jobs=1, ).findings
    assert sorted(f.path.split("/")[-2:][0] for f in found if f.code == "JC501") == [tmp_path.name, "zh"]
