"""`jobs-checks lint --suggest v2`: each v1 call of a v1 page with what replaces it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from checks.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


PAGE = """---
title: Run a job
jobs-checks-profile: cloud
---

```python
import os
import requests

HEADERS = {"X-API-Key": os.environ["COMFY_CLOUD_API_KEY"]}
prompt_id = requests.post("https://cloud.comfy.org/api/prompt", headers=HEADERS, json={"prompt": {}}).json()["prompt_id"]
job = requests.get(f"https://cloud.comfy.org/api/jobs/{prompt_id}", headers=HEADERS).json()
if job["status"] == "completed":
    print("done")
```

List them with `GET /api/jobs`.
"""


def _tree(tmp_path, v2_page=False):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    (tmp_path / "run.mdx").write_text(PAGE, encoding="utf-8")
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "run.mdx").write_text(PAGE, encoding="utf-8")
    if v2_page:
        (tmp_path / "v2.mdx").write_text(PAGE.replace("cloud\n", "v2\n", 1), encoding="utf-8")
    return tmp_path


def test_every_v1_call_header_status_and_field_with_its_v2_spelling(tmp_path):
    result = run("lint", str(_tree(tmp_path, v2_page=True)), "--suggest", "v2", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["target"] == "v2" and report["pages"] == 1  # the translation follows its page; the v2 page is linted
    found = [(s["line"], s["kind"], s["was"], s["becomes"]) for s in report["suggestions"]]
    assert found == [
        (10, "header", "X-API-Key", "Authorization: Bearer <key>"),
        (11, "call", "POST /api/prompt", "POST /api/v2/jobs"),
        (11, "field", "prompt_id", "id"),
        (12, "call", "GET /api/jobs/{prompt_id}", "GET /api/v2/jobs/{id}"),
        (13, "status", "completed", "succeeded"),
        (17, "mention", "GET /api/jobs", None),
    ]
    assert "v2 lists no jobs" in report["suggestions"][-1]["note"]


def test_text_report_and_a_missing_path(tmp_path):
    result = run("lint", str(_tree(tmp_path)), "--suggest", "v2")
    assert result.exit_code == 0
    assert "`POST /api/prompt` -> `POST /api/v2/jobs`" in result.stdout
    assert result.stdout.strip().endswith("6 changes in 1 files to move 1 v1 pages to v2")
    missing = run("lint", str(tmp_path / "nope"), "--suggest", "v2")
    assert missing.exit_code == 2 and "no such file or directory" in missing.output
