"""Finding docs files, their docs root, and the pages importing a snippet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.docs.config import Config
from checks.docs.discover import discover, find_root, glob_match, importers_of, resolve_import, split_locale


def touch(root: Path, *relatives: str, text: str = "x\n") -> None:
    for relative in relatives:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_folders_expand_to_sorted_docs_files(tmp_path):
    touch(tmp_path, "b.mdx", "a.md", "sub/c.mdx", "notes.txt", "image.png",
          "node_modules/pkg/readme.md", ".git/x.md", "sub/.hidden/y.mdx")
    found = discover([str(tmp_path)])
    assert found == [str(tmp_path / "a.md"), str(tmp_path / "b.mdx"), str(tmp_path / "sub/c.mdx")]


def test_explicit_files_and_duplicates(tmp_path):
    touch(tmp_path, "a.mdx", "b.txt")
    found = discover([str(tmp_path / "b.txt"), str(tmp_path), str(tmp_path / "a.mdx")])
    assert found == [str(tmp_path / "a.mdx"), str(tmp_path / "b.txt")]


def test_relative_paths_stay_relative(tmp_path, monkeypatch):
    touch(tmp_path, "docs/a.mdx", "docs/sub/b.mdx")
    monkeypatch.chdir(tmp_path)
    assert discover(["docs"]) == [os.path.join("docs", "a.mdx"), os.path.join("docs", "sub", "b.mdx")]
    assert discover(["./docs/a.mdx"]) == [os.path.join("docs", "a.mdx")]


def test_missing_path_raises_with_the_path(tmp_path):
    missing = str(tmp_path / "nope")
    with pytest.raises(FileNotFoundError, match="nope"):
        discover([missing])


def test_exclude_globs_are_relative_to_the_docs_root(tmp_path):
    touch(tmp_path, "docs.json", "keep.mdx", "drafts/a.mdx", "drafts/deep/b.mdx", "zh/drafts/c.mdx", "x/old.md")
    config = Config(exclude=("drafts/**", "**/old.md"))
    assert discover([str(tmp_path)], config) == [str(tmp_path / "keep.mdx"), str(tmp_path / "zh/drafts/c.mdx")]


@pytest.mark.parametrize(
    ("relative", "glob", "matches"),
    [
        ("development/cloud/a.mdx", "development/cloud/**", True),
        ("development/cloud/x/y/a.mdx", "development/cloud/**", True),
        ("development/cloudy/a.mdx", "development/cloud/**", False),
        ("a.mdx", "**/a.mdx", True),
        ("x/y/a.mdx", "**/a.mdx", True),
        ("x/a.mdx", "*.mdx", False),
        ("a.mdx", "*.mdx", True),
        ("x/a.mdx", "x/?.mdx", True),
        ("x/ab.mdx", "x/?.mdx", False),
        ("x/a.mdx", "/x/*.mdx", True),
    ],
)
def test_glob_match(relative, glob, matches):
    assert (glob_match(relative, [glob]) == glob) is matches


def test_root_is_the_nearest_folder_with_docs_json_or_mint_json(tmp_path):
    touch(tmp_path, "site/docs.json", "site/a/b/page.mdx", "old/mint.json", "old/page.mdx")
    assert find_root(tmp_path / "site/a/b/page.mdx") == tmp_path / "site"
    assert find_root(tmp_path / "old/page.mdx") == tmp_path / "old"


def test_root_from_config_wins(tmp_path):
    touch(tmp_path, "site/docs.json", "site/page.mdx")
    assert find_root(tmp_path / "site/page.mdx", Config(root=tmp_path)) == tmp_path


def test_root_without_markers(tmp_path, monkeypatch):
    touch(tmp_path, "tree/snippets/cloud/s.mdx", "tree/pages/p.mdx", "elsewhere/q.mdx")
    assert find_root(tmp_path / "tree/snippets/cloud/s.mdx") == tmp_path / "tree"
    monkeypatch.chdir(tmp_path / "tree")
    assert find_root("pages/p.mdx") == tmp_path / "tree"  # beneath the current directory
    assert find_root(tmp_path / "elsewhere/q.mdx") == tmp_path / "elsewhere"  # else the file's folder


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("zh/a/b.mdx", ("zh", "a/b.mdx")),
        ("snippets/ko/x.mdx", ("ko", "snippets/x.mdx")),
        ("zh.mdx", (None, None)),
        ("docs/zh/a.mdx", (None, None)),
        ("snippets/zh.mdx", (None, None)),
    ],
)
def test_split_locale(relative, expected):
    assert split_locale(relative, ("zh", "ja", "ko")) == expected


def test_importers_of_a_snippet(tmp_path):
    touch(tmp_path, "docs.json")
    touch(tmp_path, "a.mdx", text="import Poll from '/snippets/poll.mdx'\n\n<Poll />\n")
    touch(tmp_path, "sub/b.mdx", text='import Poll from "../snippets/poll.mdx"\n')
    touch(tmp_path, "c.mdx", text="import {\n  Poll,\n  Other,\n} from '/snippets/poll.mdx'\n")
    touch(tmp_path, "d.mdx", text="import Other from '/snippets/other.mdx'\n")
    touch(tmp_path, "e.mdx", text="Mentions snippets/poll.mdx without importing it.\n")
    touch(tmp_path, "snippets/poll.mdx", "snippets/other.mdx")
    snippet = tmp_path / "snippets/poll.mdx"
    assert importers_of(str(snippet), tmp_path) == [str(tmp_path / name) for name in ("a.mdx", "c.mdx", "sub/b.mdx")]
    assert importers_of(str(tmp_path / "snippets/other.mdx"), tmp_path) == [str(tmp_path / "d.mdx")]


def test_importers_keep_the_callers_path_style(tmp_path, monkeypatch):
    touch(tmp_path, "docs.json", "snippets/s.mdx")
    touch(tmp_path, "p.mdx", text="import S from '/snippets/s.mdx'\n")
    monkeypatch.chdir(tmp_path)
    assert importers_of("snippets/s.mdx", Path(".")) == ["p.mdx"]


def test_snippet_targets_resolve_from_the_root_or_the_page(tmp_path):
    touch(tmp_path, "snippets/a.mdx", "pages/b.mdx", "pages/local.mdx")
    page = str(tmp_path / "pages/b.mdx")
    assert resolve_import("/snippets/a.mdx", page, tmp_path) == str(tmp_path / "snippets/a.mdx")
    assert resolve_import("snippets/a.mdx", page, tmp_path) == str(tmp_path / "snippets/a.mdx")
    assert resolve_import("/snippets/a", page, tmp_path) == str(tmp_path / "snippets/a.mdx")
    assert resolve_import("./local.mdx", page, tmp_path) == str(tmp_path / "pages/local.mdx")
    assert resolve_import("../snippets/a.mdx", page, tmp_path) == str(tmp_path / "snippets/a.mdx")
    assert resolve_import("react", page, tmp_path) is None
    assert resolve_import("/snippets/missing.mdx", page, tmp_path) is None


def test_a_walk_answers_isfile_for_docs_files_as_the_file_system_does(tmp_path):
    """Discovery asks the walk instead of stat-ing each navigation page: the answers must agree."""
    from checks.docs.discover import walk_of

    touch(tmp_path, "a.mdx", "sub/b.md", ".hidden/c.mdx", "node_modules/d.mdx", "elsewhere/e.mdx")
    (tmp_path / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "dangling.mdx").symlink_to(tmp_path / "gone.mdx")
    (tmp_path / "to-file.mdx").symlink_to(tmp_path / "a.mdx")
    (tmp_path / "folder.mdx").mkdir()
    os.mkfifo(tmp_path / "pipe.mdx")
    walk = walk_of(str(tmp_path))
    assert sorted(walk.files) == sorted(os.path.join(*p.split("/")) for p in
                                        ("a.mdx", "sub/b.md", "elsewhere/e.mdx", "dangling.mdx", "to-file.mdx", "pipe.mdx"))
    for inside in ("a.mdx", "sub/b.md", ".hidden/c.mdx", "node_modules/d.mdx", "linked/e.mdx", "dangling.mdx",
                   "to-file.mdx", "folder.mdx", "pipe.mdx", "missing.mdx", "sub/missing.md", "elsewhere/e.mdx"):
        assert walk.is_file(inside) == os.path.isfile(tmp_path / inside), inside
    everything = ["a.mdx", "sub/b.md", ".hidden/c.mdx", "node_modules/d.mdx", "linked/e.mdx", "dangling.mdx", "pipe.mdx",
                  "folder.mdx", "missing.mdx"]
    assert walk.existing(everything) == {p for p in everything if os.path.isfile(tmp_path / p)}


_PIECES = ["import", "import ", "from", " from ", "'", '"', ";", "\n", "\r\n", "/snippets/a.mdx", "./b", "{ A,\n B }",
           "x", " ", "\u00a0", "é", "\ufffd", "importer"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.binary(max_size=3))
def test_import_targets_are_what_the_import_pattern_finds(pieces, junk):
    """The line-start scan gives exactly `findall` of the import pattern (overlaps, invalid UTF-8, CRLF)."""
    from checks.docs.discover import _IMPORT_TARGET, import_targets_in

    data = "".join(pieces).encode("utf-8") + junk
    expected = tuple(_IMPORT_TARGET.findall(data.decode("utf-8", errors="replace")))
    assert import_targets_in(data) == expected


def test_import_targets_of_a_page():
    from checks.docs.discover import import_targets_in

    page = b"import A from '/snippets/a.mdx'\n\n# Title\nimport {\n  B,\n} from \"./b.mdx\"\nimporting is prose\n"
    assert import_targets_in(page) == ("/snippets/a.mdx", "./b.mdx")
    assert import_targets_in(b"# no imports\n") == ()
    assert import_targets_in(b"import {\nimport A from '/a.mdx'\n") == ("/a.mdx",)  # one statement over both lines
