"""Docs trees nobody should write, but a pull request can: the linter's hostile input.

`hostile_tree(root)` writes one file per kind of trouble beside a plain page with one known
defect (`GOOD_PAGE`, a JC201 on line `GOOD_LINE`) that must still be linted whatever its
neighbours do. Each entry of the returned map is (relative path, what it is).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

BIG_BYTES = 50 << 20
DEPTH = 10_000
GOOD_PAGE = "development/cloud/good.mdx"
GOOD_LINE = 9

_FRONT = "---\ntitle: \"{title}\"\njobs-checks-profile: cloud\n---\n\n"
_DEFECT = 'curl "https://cloud.comfy.org/api/jobs?sort_by=created_at"'


def _page(title: str, body: str) -> str:
    return _FRONT.format(title=title) + body


def good_page() -> str:
    return _page("Good", f"List jobs:\n\n```bash\n{_DEFECT}\n```\n")  # the defect sits on GOOD_LINE


def big_page(size: int = BIG_BYTES) -> str:
    """About `size` bytes of prose, tables and code blocks, one defect near the end."""
    section = ("## Section\n\nSome prose about jobs, with `inline code` and a [link](/x).\n\n"
               "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hello')\n```\n\n")
    count = max(1, size // len(section))
    return _page("Big", section * count + f"```bash\n{_DEFECT}\n```\n")


def deep_pages(depth: int = DEPTH) -> dict[str, str]:
    """Pages nesting one construct `depth` levels deep."""
    return {
        "deep/blockquotes.mdx": _page("Quotes", "> " * depth + "deep\n"),
        "deep/lists.mdx": _page("Lists", "- " * depth + "item\n"),
        "deep/ordered.mdx": _page("Ordered", "1. " * depth + "item\n"),
        "deep/jsx.mdx": _page("JSX", "<div>" * depth + "deep" + "</div>" * depth + "\n"),
        "deep/json.mdx": _page("JSON", "```json\n" + "[" * depth + "]" * depth + "\n```\n"),
        "deep/python.mdx": _page("Python", "```python\nx = " + "(" * depth + "1" + ")" * depth + "\n```\n"),
        "deep/javascript.mdx": _page("JS", "```javascript\nconst x = " + "[" * depth + "]" * depth + ";\n```\n"),
        "deep/fences.mdx": _page("Fences", "".join("`" * (3 + level) + "\n" for level in range(depth // 10))),
        "deep/comments.mdx": _page("Comments", "{/* " * depth + "*/}" * depth + "\n"),
    }


def hostile_tree(root: Path, *, big: bool = True, depth: int = DEPTH) -> dict[str, str]:
    """Write the hostile files under `root` (a docs root); returns {relative path: what it is}."""
    rng = random.Random(15)
    files: dict[str, str] = {}

    def write(relative: str, data: bytes | str, what: str) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        files[relative] = what

    root.mkdir(parents=True, exist_ok=True)
    (root / "docs.json").write_text('{"navigation": [{"group": "x", "pages": [', encoding="utf-8")  # malformed
    write(GOOD_PAGE, good_page(), "a plain page with one defect")
    write("binary.mdx", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(4096)), "binary bytes")
    write("nul.mdx", b"---\ntitle: x\n---\n\n```bash\ncurl \x00\x00 x\n```\n", "NUL bytes in a code block")
    write("invalid-utf8.mdx", _page("Bad bytes", "Caf\xe9 ").encode("utf-8") + b"\xff\xfe\xc3\x28 text\n" +
          f"```bash\n{_DEFECT}\n```\n".encode(), "invalid UTF-8")
    write("utf16.mdx", _page("UTF-16", "hello\n").encode("utf-16"), "UTF-16 with its BOM")
    write("development/cloud/bom-crlf.mdx", ("\ufeff" + good_page()).replace("\n", "\r\n"), "BOM and CRLF line ends")
    write("cr-only.mdx", good_page().replace("\n", "\r"), "old Mac CR line ends")
    write("unclosed-frontmatter.mdx", "---\ntitle: x\n\nno end", "frontmatter never closed")
    write("yaml-bomb.mdx", "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
          "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
          "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\n\ntext\n", "a YAML alias bomb in frontmatter")
    write("empty.mdx", b"", "an empty file")
    write("long-line.mdx", _page("Long line", "x" * (3 << 20) + "\n"), "one 3 MB line")
    if big:
        write("development/cloud/big.mdx", big_page(), "a 50 MB page")
    for relative, text in deep_pages(depth).items():
        write(relative, text, f"{depth}-deep nesting")
    links = root / "links"
    links.mkdir(exist_ok=True)
    os.symlink("self.mdx", links / "self.mdx")
    files["links/self.mdx"] = "a symlink to itself"
    os.symlink("b.mdx", links / "a.mdx")
    os.symlink("a.mdx", links / "b.mdx")
    files["links/a.mdx"] = files["links/b.mdx"] = "a symlink loop"
    os.symlink("missing.mdx", links / "dangling.mdx")
    files["links/dangling.mdx"] = "a dangling symlink"
    os.symlink("..", links / "up")  # a folder loop: links/up/links/up/...
    os.mkfifo(root / "fifo.mdx")
    files["fifo.mdx"] = "a named pipe (opening it for reading would block)"
    (root / "folder.mdx").mkdir()
    locked = root / "locked.mdx"
    locked.write_text(good_page(), encoding="utf-8")
    locked.chmod(0)
    files["locked.mdx"] = "a file without read permission"
    return files
