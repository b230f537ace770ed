"""JC202 enum-incomplete through fixture pages, and the fix that completes a union."""

from __future__ import annotations

import pytest

from checks.docs.rules import enum_incomplete
from tests.docs.expectations import FIXTURES, fixture_pages
from tests.docs.rules.helpers import check_fixture, lint, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC202"), ids=lambda p: p.name)
def test_fixture_page(path):
    findings = check_fixture(path, enum_incomplete, "JC202")
    assert all(f.severity == "warning" for f in findings)


def test_every_defect_page_has_a_fixed_twin():
    names = {p.name for p in fixture_pages("JC202")}
    defects = [n for n in names if n.startswith("defect_")]
    assert len(defects) >= 2 and all(n.replace("defect_", "fixed_") in names for n in defects)


def apply(text: str, fix) -> str:
    lines = text.split("\n")
    line = lines[fix.line - 1]
    lines[fix.line - 1] = line[: fix.column - 1] + fix.replacement + line[fix.end_column - 1 :]
    return "\n".join(lines)


def test_the_union_fix_inserts_the_missing_member_at_the_end():
    path = FIXTURES / "JC202" / "defect_cloud.mdx"
    text = path.read_text(encoding="utf-8")
    _, findings = lint(path, enum_incomplete)
    union = next(f for f in findings if "export type OutputType" in text.split("\n")[f.line - 1])
    assert union.message == (
        "this union of `output_type` values omits `3d`; Comfy Cloud (cloud) accepts: image, video, audio, 3d"
    )
    assert apply(text, union.fix).split("\n")[union.line - 1] == 'export type OutputType = "image" | "video" | "audio" | "3d";'
    status = next(f for f in findings if "type JobStatus" in text.split("\n")[f.line - 1])
    assert "omits `in_progress`, `cancelled` and adds `running`" in status.message
    assert status.fix is None  # an extra member needs a human


def test_python_literal_fix_keeps_the_quote_style(tmp_path):
    page = "---\njobs-checks-profile: cloud\n---\n\n```python\nKind = Literal['image', 'video', 'audio']\n```\n"
    [finding] = lint_text(tmp_path, page, enum_incomplete)
    assert apply(page, finding.fix).split("\n")[finding.line - 1] == "Kind = Literal['image', 'video', 'audio', '3d']"


def test_exactly_one_dialects_enum_is_complete_on_a_page_without_profile(tmp_path):
    page = '---\ntitle: x\n---\n\n```ts\ntype S = "created_at" | "execution_duration";\n```\n'
    assert lint_text(tmp_path, page, enum_incomplete) == []
    page = page.replace("---\ntitle: x", "---\njobs-checks-profile: cloud")
    assert lint_text(tmp_path, page, enum_incomplete) == []  # no cloud value in it: JC201's business, not ours


def test_deliberate_subsets_stay_quiet_unless_they_define_the_parameter(tmp_path):
    page = (
        "---\njobs-checks-profile: cloud\n---\n\n"
        "A finished job's `status` is `completed`, `failed` or `cancelled`.\n\n"
        '```python\ndef wait(job_id):\n    """Poll until status is "completed", "failed" or "cancelled"."""\n```\n\n'
        '```ts\ntype Finished = "completed" | "failed" | "cancelled";\n```\n'
    )
    assert lint_text(tmp_path, page, enum_incomplete) == []
    page = page.replace("type Finished =", "interface Query { status?:").replace('"cancelled";', '"cancelled" }')
    [finding] = lint_text(tmp_path, page, enum_incomplete)
    assert "omits `pending`, `in_progress`" in finding.message


def test_a_parameter_table_a_snippet_gives_is_judged_on_a_page_that_never_names_the_parameter(tmp_path):
    """The prose readers skip a page naming no parameter, but not the tables its snippets render."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "filters.mdx").write_text(
        "| Parameter | Values |\n| --- | --- |\n| `status` | `pending`, `in_progress`, `completed` |\n", encoding="utf-8")
    page = ("---\njobs-checks-profile: comfyui\n---\n\nimport Filters from '/snippets/filters.mdx'\n\n"
            "# Listing\n\n<Filters />\n\n```bash\ncurl http://127.0.0.1:8188/api/jobs\n```\n")
    [finding] = lint_text(tmp_path, page, enum_incomplete)
    assert finding.path.endswith("filters.mdx") and "omits `failed`, `cancelled`" in finding.message
    assert "status" not in page  # the page itself never names it
