"""JC102 copy-paste-hazard: fixture pages and the cases it leaves alone."""

from __future__ import annotations

import pytest

from checks.docs.rules import copy_paste_hazard
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC102"), ids=lambda p: p.name)
def test_fixture_page(path):
    check_fixture(path, copy_paste_hazard, "JC102")


def test_blocks_redeclaring_a_name_are_judged_only_when_the_page_runs_them_together(tmp_path):
    blocks = "```javascript\nconst jobId = 1;\n```\n\nLater:\n\n```javascript\nconst jobId = 2;\n```\n"
    assert lint_text(tmp_path, blocks, copy_paste_hazard) == []
    [finding] = lint_text(tmp_path, "---\njobs-checks-run: true\n---\n\n" + blocks, copy_paste_hazard)
    assert finding.severity == "error" and finding.message.startswith("`jobId` is declared again here (first at line 6)")


@pytest.mark.parametrize("code", [
    'curl "http://127.0.0.1:8188/api/jobs/${PROMPT_ID}"',
    'curl -g "http://127.0.0.1:8188/api/jobs/{prompt_id}"',
    'curl "http://127.0.0.1:8188/api/jobs" -d \'{"a": 1}\'',
    "python - <<'EOF'\nprint({'a': 1})\nEOF",
])  # fmt: skip
def test_no_glob(tmp_path, code):
    assert lint_text(tmp_path, f"```bash\n{code}\n```\n", copy_paste_hazard) == []


def test_code_variables_in_urls_are_not_placeholders(tmp_path):
    page = ("```python\nrequests.get(f'http://127.0.0.1:8188/api/jobs/{job_id}')\n```\n\n"
            "```python\nrequests.post(f'http://127.0.0.1:8188/api/jobs/{prompt_id}/cancel')\n```\n")
    assert lint_text(tmp_path, page, copy_paste_hazard) == []
