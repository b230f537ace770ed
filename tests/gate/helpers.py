"""Helpers of the gate tests: a small docs tree (pages, mirrors, snippets importing snippets), git, the CLI."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from click.testing import CliRunner

from checks.cli import main
from checks.docs.extract import clear_caches

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Docs Writer",
    "GIT_AUTHOR_EMAIL": "writer@example.invalid",
    "GIT_COMMITTER_NAME": "Docs Writer",
    "GIT_COMMITTER_EMAIL": "writer@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,  # never read or touch the user's git settings
    "GIT_CONFIG_NOSYSTEM": "1",
}

SETUP_SNIPPET = '''```python
import requests

BASE_URL = "https://cloud.comfy.org"
HEADERS = {"X-API-Key": "your-key"}
```
'''

LIST_PAGE = '''---
title: List jobs
---
import Setup from '/snippets/cloud/setup.mdx'

<Setup />

```python
listing = requests.get(f"{BASE_URL}/api/jobs", params={"sort_by": "create_time"}, headers=HEADERS).json()
print(listing["jobs"])
```
'''

LIST_MIRROR = '''---
title: 列出任务
---
import Setup from '/snippets/zh/cloud/setup.mdx'

<Setup />

```python
listing = requests.get(f"{BASE_URL}/api/jobs", params={"sort_by": "create_time"}, headers=HEADERS).json()
print(listing["jobs"])
```
'''

POLL_SNIPPET = '''import Setup from './setup.mdx'

<Setup />

```python
job = requests.get(f"{BASE_URL}/api/jobs/abc", headers=HEADERS).json()
```
'''

POLL_PAGE = '''---
title: Poll a job
---
import Poll from '/snippets/cloud/poll.mdx'

<Poll />
'''

OTHER_PAGE = '''---
title: Filter by output
---

```bash
export COMFY_CLOUD_API_KEY="your-key"
curl "https://cloud.comfy.org/api/jobs?output_type=video" -H "X-API-Key: $COMFY_CLOUD_API_KEY"
```
'''

OTHER_MIRROR = OTHER_PAGE.replace("Filter by output", "按输出筛选")

TREE = {
    "docs.json": "{}\n",
    "development/cloud/list.mdx": LIST_PAGE,
    "development/cloud/poll.mdx": POLL_PAGE,
    "development/cloud/other.mdx": OTHER_PAGE,
    "snippets/cloud/setup.mdx": SETUP_SNIPPET,
    "snippets/cloud/poll.mdx": POLL_SNIPPET,
    "snippets/zh/cloud/setup.mdx": SETUP_SNIPPET,
    "zh/development/cloud/list.mdx": LIST_MIRROR,
    "zh/development/cloud/other.mdx": OTHER_MIRROR,
    "guide/intro.md": "# Welcome\n\nNothing about the Jobs API here.\n",
}


def write_tree(root: Path, files: dict[str, str] = TREE) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def git(root: Path, *args: str) -> str:
    completed = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def commit_all(root: Path, message: str = "docs") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def run_cli(*args: str):
    """`jobs-checks ARGS` in this process; returns click's Result (stdout, stderr, exit_code)."""
    clear_caches()  # each CLI run is a fresh process in real life
    return CliRunner().invoke(main, list(args), catch_exceptions=False)
