"""Building small docs trees for the examples tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from checks.docs.config import Config
from checks.docs.extract import clear_caches, extract_page

FENCE = "```"


def page_text(*parts: str, run="true", profile: str | None = "cloud") -> str:
    """A page whose frontmatter opts in (`run`) and names `profile`; parts are dedented and joined."""
    front = ["---", 'title: "A page"']
    if run is not None:
        front.append(f"jobs-checks-run: {run}")
    if profile is not None:
        front.append(f"jobs-checks-profile: {profile}")
    front.append("---")
    body = "\n\n".join(textwrap.dedent(part).strip("\n") for part in parts)
    return "\n".join(front) + "\n\n" + body.replace("~~~", FENCE) + "\n"


def write_tree(root: Path, files: dict[str, str]) -> Path:
    """Files under `root` (with a docs.json so `/snippets/...` imports resolve); returns root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs.json").write_text("{}", encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    clear_caches()
    return root


def extract(path: Path):
    return extract_page(str(path), config=Config())
