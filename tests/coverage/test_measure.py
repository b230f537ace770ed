"""Measuring small docs trees: what counts, where it counts, and where a gap belongs."""

from __future__ import annotations

import textwrap
from pathlib import Path

from checks.coverage import measure


def tree(root: Path, pages: dict[str, str]) -> Path:
    (root / "docs.json").write_text("{}", encoding="utf-8")
    for relative, text in pages.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def cloud(root: Path, pages: dict[str, str]):
    report = measure([str(tree(root, pages))], profiles=("cloud",))
    return report, report.profiles[0]


def results(coverage) -> dict:
    return {r.item.key: r for r in coverage.results}


LIST_PAGE = """
    ---
    title: Jobs
    ---

    ## List jobs

    `GET /api/jobs` answers `401` without a key.

    ```python
    requests.get(f"{BASE_URL}/api/jobs", params={"output_type": "3d"})
    ```

    ## Get a job

    `GET /api/jobs/{job_id}` answers `404` for an unknown id.
"""


def test_a_status_counts_next_to_its_operation_only(tmp_path):
    _, coverage = cloud(tmp_path, {"development/cloud/jobs.mdx": LIST_PAGE})
    found = results(coverage)
    assert found["status:listJobs:401"].covered
    assert found["status:getJob:404"].covered
    assert not found["status:getJob:401"].covered  # 401 is said in another section
    assert found["status:getJob:401"].belongs.section == "Get a job"


def test_a_request_in_code_is_an_example_and_its_query_names_count(tmp_path):
    _, coverage = cloud(tmp_path, {"development/cloud/jobs.mdx": LIST_PAGE})
    found = results(coverage)
    assert found["example:listJobs"].covered
    assert found["parameter:listJobs:output_type"].covered
    assert found["value:listJobs:output_type=3d"].covered
    assert not found["value:listJobs:output_type=image"].covered
    assert not found["example:getJob"].covered  # named in prose only
    assert found["example:getJob"].belongs.section == "Get a job"


def test_parameters_count_only_on_pages_naming_their_operation(tmp_path):
    pages = {
        "development/cloud/jobs.mdx": "## Get a job\n\n`GET /api/jobs/{job_id}`\n",
        "development/cloud/filters.mdx": "Filter with `sort_order`: `asc` or `desc`.\n",
    }
    _, coverage = cloud(tmp_path, pages)
    found = results(coverage)
    assert not found["operation:listJobs"].covered
    assert not found["parameter:listJobs:sort_order"].covered
    pages["development/cloud/filters.mdx"] = "`GET /api/jobs`: order with `sort_order`: `asc` or `desc`.\n"
    _, coverage = cloud(tmp_path, pages)
    found = results(coverage)
    assert found["parameter:listJobs:sort_order"].covered and found["value:listJobs:sort_order=asc"].covered


def test_only_english_pages_of_the_profile_count(tmp_path):
    pages = {
        "development/cloud/jobs.mdx": "`GET /api/jobs/{job_id}`\n",
        "zh/development/cloud/jobs.mdx": "`GET /api/jobs/{job_id}` 和 `POST /api/jobs/{job_id}/cancel`\n",
        "tutorials/anything.mdx": "`POST /api/jobs/{job_id}/cancel`\n",
        "tutorials/marked.mdx": "---\njobs-checks-profile: cloud\n---\n\n`GET /api/jobs`\n",
    }
    report, coverage = cloud(tmp_path, pages)
    assert coverage.documented == ("listJobs", "getJob")
    assert [Path(p).name for p in report.unprofiled] == ["anything.mdx"]
    assert [Path(p).parts[-4] for p in report.translations] == ["zh"]


def test_a_snippet_example_counts_in_the_section_that_renders_it(tmp_path):
    pages = {
        "development/cloud/guide.mdx": """
            import Poll from '/snippets/cloud/poll.mdx';

            ## Setup

            Nothing yet.

            ## Wait for the job

            <Poll />
        """,
        "snippets/cloud/poll.mdx": """
            ```python
            job = requests.get(f"{BASE_URL}/api/jobs/{job_id}").json()
            ```

            ```json 403
            {"error": "not yours"}
            ```
        """,
    }
    _, coverage = cloud(tmp_path, pages)
    found = results(coverage)
    assert found["example:getJob"].covered
    assert found["status:getJob:403"].covered
    guide = next(r for r in coverage.results if r.item.key == "status:getJob:401")
    assert guide.belongs.section == "Wait for the job"


def test_scope_is_the_documented_operations(tmp_path):
    _, coverage = cloud(tmp_path, {"development/cloud/jobs.mdx": "## Get a job\n\n`GET /api/jobs/{job_id}`\n"})
    scoped = {r.item.key for r in coverage.results if r.in_scope}
    assert "status:getJob:404" in scoped and "field:JobDetail.workflow" in scoped
    assert "parameter:listJobs:status" not in scoped and "operation:cancelJob" not in scoped
    assert "caveat:/components/schemas/Workflow/properties/extra_data/properties/api_key_comfy_org" in scoped
    assert coverage.scoped_total < coverage.total and coverage.scoped_percent > coverage.percent


def test_an_undocumented_route_belongs_beside_its_nearest_relative(tmp_path):
    _, coverage = cloud(tmp_path, {"development/cloud/jobs.mdx": LIST_PAGE})
    found = results(coverage)
    assert found["operation:cancelJob"].belongs.section == "Get a job"  # /api/jobs/{job_id}/cancel
    assert found["operation:getQueue"].belongs.section == "List jobs"  # replaced by GET /api/jobs


def test_a_tree_with_no_page_of_a_profile_covers_nothing(tmp_path):
    report, coverage = cloud(tmp_path, {"tutorials/anything.mdx": "`GET /api/jobs`\n"})
    assert coverage.pages == [] and coverage.covered == 0 and coverage.percent == 0.0
    assert coverage.scoped_percent is None
    assert all(r.belongs is None for r in coverage.results)
    assert report.below(1) == [coverage]
