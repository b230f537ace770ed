"""The lint engine: discovery, order, de-duplication, snippets in context, profiles, crashes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from checks.docs import engine
from checks.docs.config import Config
from checks.docs.engine import RuleCrash, lint_paths, rule_catalog
from checks.docs.findings import Finding
from checks.docs.codes import Rule, messages

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TREE = FIXTURES / "engine"
SNIPPET = TREE / "snippets" / "shared" / "fetch-job.mdx"


def lint(paths, **options):
    return lint_paths([str(p) for p in paths], Config(root=TREE), **options)


def located(result, name: str) -> list[Finding]:
    return [f for f in result.findings if Path(f.path).name == name]


def test_findings_are_sorted_deduplicated_and_stable():
    first, second = lint([TREE]), lint([TREE])
    assert first.findings == second.findings
    assert first.findings == sorted(first.findings, key=lambda f: f.sort_key)
    assert len({f.sort_key for f in first.findings}) == len(first.findings)
    assert first.files == 6 and first.errors == []


def test_a_snippet_rendered_by_two_pages_is_reported_once_with_their_profile():
    found = located(lint([TREE]), "fetch-job.mdx")
    assert [(f.line, f.code) for f in found] == [(4, "JC201"), (5, "JC101")]
    assert {f.profile for f in found} == {"cloud"}


def test_a_snippet_linted_alone_is_judged_as_its_importers_render_it():
    result = lint([SNIPPET])
    assert result.files == 1
    assert [(f.line, f.code) for f in result.findings] == [(4, "JC201"), (5, "JC101")]
    assert not any("get_headers" in f.message for f in result.findings)


def test_a_snippet_nobody_imports_is_judged_alone_against_every_dialect():
    found = located(lint([TREE / "snippets"]), "orphan.mdx")
    assert [(f.code, f.severity) for f in found] == [("JC003", "info")]  # created_at is a local value


def test_page_without_profile_gets_one_info_finding_at_its_first_jobs_call():
    found = located(lint([TREE / "guide"]), "no-profile.mdx")
    assert [(f.line, f.code, f.severity, f.profile) for f in found] == [(7, "JC003", "info", None)]
    assert "jobs-checks-profile" in found[0].message
    assert located(lint([TREE / "guide"]), "prose-only.mdx") == []


def test_forced_profile_applies_to_every_page_and_silences_the_notice():
    result = lint([TREE / "snippets" / "shared" / "orphan.mdx"], profile="cloud")
    assert [(f.code, f.profile) for f in result.findings] == [("JC201", "cloud")]


def test_config_selects_ignores_and_reweights_codes():
    config = Config(root=TREE, select={"JC2", "JC003"}, severity={"JC201": "warning"})
    result = lint_paths([str(TREE)], config)
    assert {(f.code, f.severity) for f in result.findings} == {("JC201", "warning"), ("JC003", "info")}
    config = Config(root=TREE, ignore={"JC003", "JC1"})
    assert {f.code for f in lint_paths([str(TREE)], config).findings} == {"JC201"}


def test_a_mirror_is_compared_with_its_english_page_even_when_only_the_mirror_is_linted():
    mirror = FIXTURES / "JC601" / "zh" / "development" / "cloud" / "poll.mdx"
    result = lint_paths([str(mirror)], Config(root=FIXTURES / "JC601", select={"JC601"}))
    assert result.files == 1 and len(result.findings) == 5


def test_unreadable_files_are_reported_and_the_rest_still_linted(tmp_path):
    shutil.copytree(TREE, tmp_path / "tree")
    (tmp_path / "tree" / "guide" / "latin1.mdx").write_bytes("caf\xe9\n".encode("latin-1"))
    result = lint_paths([str(tmp_path / "tree")], Config(root=tmp_path / "tree"))
    assert [e for e in result.errors if "latin1.mdx" in e and "not UTF-8" in e]
    assert [f.code for f in located(result, "latin1.mdx")] == ["JC001"]
    assert located(result, "fetch-job.mdx")


def test_a_missing_path_raises_file_not_found():
    with pytest.raises(FileNotFoundError):
        lint([TREE / "does-not-exist.mdx"])


def _explode(page, ctx):
    raise KeyError("boom")


def test_a_crashing_rule_names_itself_and_the_page(monkeypatch):
    broken = Rule("JC201", "enum-value", "error", "Stand-in.", messages(stand_in="stand-in"), check=_explode)
    monkeypatch.setattr(engine, "all_rules", lambda: [broken])
    with pytest.raises(RuleCrash, match=r"rule JC201 \(enum-value\) crashed on .*: KeyError") as caught:
        lint([TREE / "guide" / "no-profile.mdx"])
    assert isinstance(caught.value.__cause__, KeyError)
    collected = lint([TREE / "guide"], on_crash="collect")
    assert len(collected.errors) == 2 and all(e.startswith("internal error: rule JC201") for e in collected.errors)


def test_parallel_workers_give_the_same_findings_as_one_process(tmp_path):
    pages = sorted(p for p in TREE.rglob("*.mdx") if "snippets" not in p.parts)
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    shutil.copytree(TREE / "snippets", tmp_path / "snippets")
    for index in range(engine.PARALLEL_THRESHOLD // len(pages) + 2):
        for page in pages:
            target = tmp_path / page.relative_to(TREE).parent / f"{index:03d}-{page.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(page, target)
    config = Config(root=tmp_path)
    serial = lint_paths([str(tmp_path)], config, jobs=1)
    parallel = lint_paths([str(tmp_path)], config, jobs=2)
    assert serial.files > engine.PARALLEL_THRESHOLD
    assert parallel.findings == serial.findings and parallel.errors == serial.errors


def test_work_is_shared_out_by_cost_with_each_page_beside_its_mirrors(tmp_path):
    """One costly page among cheap ones gets a share of its own and goes first; a page and its
    mirrors are never split; every file is in exactly one share."""
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    for index in range(40):
        name = f"page-{index:02d}.mdx"
        body = "x" * (60_000 if index == 30 else 100)
        for locale in ("", "zh/"):
            path = tmp_path / locale / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(body, encoding="utf-8")
    order = sorted((str(p) for p in tmp_path.rglob("*.mdx")), key=lambda p: (engine._english_key(p, ("zh",)), p))
    chunks = engine._chunks(order, 8, ("zh",))
    assert sorted(path for chunk in chunks for path in chunk) == sorted(order)
    assert [os.path.basename(p) for p in chunks[0]].count("page-30.mdx") == 2  # the costly group, first
    costs = [sum(os.path.getsize(p) for p in chunk) for chunk in chunks]
    assert costs == sorted(costs, reverse=True)
    for chunk in chunks:
        groups = {engine._english_key(p, ("zh",)) for p in chunk}
        assert all(engine._english_key(p, ("zh",)) not in groups for other in chunks if other is not chunk for p in other)
    assert "page-31.mdx" not in [os.path.basename(p) for p in chunks[0]]  # the pages after it: another share


def test_the_catalog_documents_engine_codes_like_rules():
    catalog = {rule.code: rule for rule in rule_catalog()}
    for code in ("JC001", "JC002", "JC003", "JC004", "JC005"):
        assert set(catalog[code].examples()) == {"wrong", "right"}
    assert [r.code for r in rule_catalog()] == sorted(catalog)


def test_english_key_groups_a_page_with_its_mirrors():
    locales = ("zh", "ja")
    assert engine._english_key(os.path.join("docs", "zh", "a", "b.mdx"), locales) == os.path.join("docs", "a", "b.mdx")
    assert engine._english_key(os.path.join("docs", "a", "b.mdx"), locales) == os.path.join("docs", "a", "b.mdx")


def test_a_translated_snippet_is_compared_with_the_english_one_through_its_importers(tmp_path):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    files = {
        "snippets/call.mdx": '```python\nprint("/api/jobs")\n```\n',
        "snippets/zh/call.mdx": '```python\nprint("/api/history")\n```\n',
        "development/cloud/page.mdx": "import Call from '/snippets/call.mdx';\n\n<Call />\n",
        "zh/development/cloud/page.mdx": "import Call from '/snippets/zh/call.mdx';\n\n<Call />\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    config = Config(root=tmp_path, select={"JC601"})
    whole = lint_paths([str(tmp_path)], config)
    alone = lint_paths([str(tmp_path / "snippets" / "zh")], config)
    assert [(Path(f.path).relative_to(tmp_path).as_posix(), f.line) for f in whole.findings] == [("snippets/zh/call.mdx", 2)]
    assert alone.findings == whole.findings


def test_a_rule_that_reads_prose_runs_on_pages_without_code(tmp_path, monkeypatch):
    from checks.docs.codes import Rule, messages
    from checks.docs.config import Config

    def flag_every_page(page, ctx):
        return [RULE.finding("seen", page.path, 1, 1)]

    RULE = Rule("JC990", "probe", "info", "Probe.", messages(seen="seen"), check=flag_every_page)
    quiet = Rule("JC991", "quiet-probe", "info", "Probe.", messages(seen="seen"), check=flag_every_page)
    import dataclasses

    monkeypatch.setattr(engine, "all_rules", lambda: [dataclasses.replace(RULE, every_page=True), quiet])
    (tmp_path / "prose.mdx").write_text("# Just prose\n\nNothing to check here.\n", encoding="utf-8")
    codes = [f.code for f in lint_paths([str(tmp_path)], Config(root=tmp_path), jobs=1).findings]
    assert codes == ["JC990"]  # the code-only rule is skipped on a prose page, the prose rule is not
