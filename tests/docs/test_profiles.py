"""Profile resolution: frontmatter, config globs, docs layout, mirrors and snippet importers."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.docs.config import Config
from checks.docs.extract import extract_page
from checks.docs.profiles import resolve_profile


def write(root: Path, relative: str, text: str = "Prose.\n") -> str:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def docs(tmp_path) -> Path:
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    return tmp_path


def profile_of(docs: Path, relative: str, text: str = "Prose.\n", config: Config | None = None):
    page = extract_page(write(docs, relative, text), config=config)
    return page.profile, page.profile_reason


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("development/cloud/jobs.mdx", "cloud"),
        ("development/cloud/deep/er/jobs.md", "cloud"),
        ("api-reference/cloud/list.mdx", "cloud"),
        ("snippets/cloud/poll.mdx", "cloud"),
        ("development/comfyui-server/jobs.mdx", "comfyui"),
        ("development/cloudy.mdx", None),
        ("guides/jobs.mdx", None),
        ("cloud/jobs.mdx", None),
    ],
)
def test_docs_layout(docs, relative, expected):
    profile, reason = profile_of(docs, relative)
    assert profile == expected
    assert reason.startswith("docs layout") if expected else "no frontmatter profile" in reason


def test_frontmatter_beats_layout(docs):
    text = "---\njobs-checks-profile: comfyui\n---\n\nProse.\n"
    assert profile_of(docs, "development/cloud/local.mdx", text) == ("comfyui", "frontmatter jobs-checks-profile")


def test_config_glob_beats_layout(docs):
    config = Config(profiles={"development/cloud/legacy/**": "comfyui"})
    profile, reason = profile_of(docs, "development/cloud/legacy/old.mdx", config=config)
    assert profile == "comfyui" and "development/cloud/legacy/**" in reason
    assert profile_of(docs, "development/cloud/new.mdx", config=config)[0] == "cloud"


def test_unknown_frontmatter_profile_warns_and_falls_back_to_layout(docs):
    page = extract_page(write(docs, "development/cloud/x.mdx", "---\njobs-checks-profile: local\n---\n\nProse.\n"))
    assert (page.profile, page.profile_reason) == ("cloud", "docs layout development/cloud/**")
    assert [(p.code, p.severity, p.line) for p in page.problems] == [("JC003", "warning", 2)]


def test_mirror_takes_its_english_pages_profile(docs):
    write(docs, "guides/local.mdx", "---\njobs-checks-profile: comfyui\n---\n\nProse.\n")
    profile, reason = profile_of(docs, "zh/guides/local.mdx")
    assert profile == "comfyui" and reason == "English page guides/local.mdx: frontmatter jobs-checks-profile"
    profile, reason = profile_of(docs, "ja/development/cloud/jobs.mdx")
    assert profile == "cloud" and reason.startswith("English page development/cloud/jobs.mdx")


def test_mirror_of_a_page_that_does_not_exist_uses_the_layout_of_its_path(docs):
    assert profile_of(docs, "ko/development/comfyui-server/new.mdx")[0] == "comfyui"
    assert profile_of(docs, "ko/guides/new.mdx")[0] is None


def test_mirror_frontmatter_beats_the_english_page(docs):
    text = "---\njobs-checks-profile: comfyui\n---\n\nProse.\n"
    assert profile_of(docs, "zh/development/cloud/x.mdx", text)[0] == "comfyui"


def test_locales_come_from_the_config(docs):
    config = Config(locales=("fr",))
    page = extract_page(write(docs, "fr/development/cloud/x.mdx"), config=config)
    assert (page.locale, page.profile) == ("fr", "cloud")
    page = extract_page(write(docs, "zh/development/cloud/x.mdx"), config=config)
    assert (page.locale, page.mirror_of, page.profile) == (None, None, None)


def test_mirror_facts(docs):
    page = extract_page(write(docs, "zh/development/cloud/jobs.mdx"))
    assert (page.locale, page.mirror_of, page.is_snippet) == ("zh", str(docs / "development/cloud/jobs.mdx"), False)
    snippet = extract_page(write(docs, "snippets/ja/cloud/poll.mdx"))
    assert (snippet.locale, snippet.mirror_of, snippet.is_snippet) == ("ja", str(docs / "snippets/cloud/poll.mdx"), True)
    assert snippet.profile == "cloud"


def test_mirror_of_keeps_a_relative_path_relative(docs, monkeypatch):
    write(docs, "zh/a.mdx")
    monkeypatch.chdir(docs)
    assert extract_page("zh/a.mdx").mirror_of == "a.mdx"


def test_snippet_takes_the_profile_its_importers_agree_on(docs):
    write(docs, "development/cloud/a.mdx", "import S from '/snippets/shared.mdx'\n\n<S />\n")
    write(docs, "guides/b.mdx", "---\njobs-checks-profile: cloud\n---\nimport S from '../snippets/shared.mdx'\n\n<S />\n")
    page = extract_page(write(docs, "snippets/shared.mdx", "```bash\necho\n```\n"))
    assert page.is_snippet
    assert page.importers == [str(docs / "development/cloud/a.mdx"), str(docs / "guides/b.mdx")]
    assert (page.profile, page.profile_reason) == ("cloud", "imported only by cloud pages (2)")


@pytest.mark.parametrize("other", ["development/comfyui-server/c.mdx", "guides/plain.mdx"])
def test_snippet_importers_that_disagree_give_no_profile(docs, other):
    write(docs, "development/cloud/a.mdx", "import S from '/snippets/shared.mdx'\n\n<S />\n")
    write(docs, other, "import S from '/snippets/shared.mdx'\n\n<S />\n")
    page = extract_page(write(docs, "snippets/shared.mdx"))
    assert len(page.importers) == 2 and page.profile is None


def test_snippet_nobody_imports_has_no_profile(docs):
    page = extract_page(write(docs, "snippets/lonely.mdx"))
    assert (page.is_snippet, page.importers, page.profile) == (True, [], None)


def test_snippet_imported_through_another_snippet(docs):
    write(docs, "development/cloud/a.mdx", "import Outer from '/snippets/outer.mdx'\n\n<Outer />\n")
    write(docs, "snippets/outer.mdx", "import Inner from './inner.mdx'\n\n<Inner />\n")
    assert profile_of(docs, "snippets/inner.mdx")[0] == "cloud"


def test_page_outside_the_root_has_no_layout_profile(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    outside = write(tmp_path, "development/cloud/x.mdx")
    assert resolve_profile(outside, {}, Config(), root)[0] is None
    assert resolve_profile(outside, {"jobs-checks-profile": "cloud"}, Config(), root)[0] == "cloud"
