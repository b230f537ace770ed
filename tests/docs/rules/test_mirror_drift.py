"""JC601 mirror-drift through a small docs tree: English pages and their zh/ja/ko mirrors."""

from __future__ import annotations

from pathlib import Path

import pytest

from checks.docs.config import Config
from checks.docs.context import LintContext
from checks.docs.engine import PageLoader
from checks.docs.rules import mirror_drift
from tests.docs import expectations
from tests.docs.expectations import as_set, expectations_in

FIXTURES = expectations.FIXTURES / "JC601"
MIRRORS = sorted(p for locale in ("zh", "ja", "ko") for p in (FIXTURES / locale).rglob("*.mdx"))


def run(path: Path, config: Config | None = None):
    config = config or Config(root=FIXTURES)
    loader = PageLoader(config)
    page = loader.extract(str(path))
    return list(mirror_drift.check(page, LintContext.for_page(page, config, loader)))


@pytest.mark.parametrize("path", MIRRORS, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_mirror_page(path):
    findings = run(path)
    assert as_set(findings) == {e for e in expectations_in(path) if e[2] == "JC601"}
    assert all(f.severity == "warning" and f.rule == "mirror-drift" for f in findings)


def test_fixture_tree_has_a_faithful_translation_and_drifting_ones():
    silent = [p for p in MIRRORS if not expectations_in(p)]
    drifting = [p for p in MIRRORS if expectations_in(p)]
    assert silent and drifting


def test_english_pages_and_orphan_mirrors_are_not_checked(tmp_path):
    assert run(FIXTURES / "development" / "cloud" / "poll.mdx") == []
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    orphan = tmp_path / "zh" / "nowhere.mdx"
    orphan.parent.mkdir()
    orphan.write_text("```python\nprint('x')\n```\n", encoding="utf-8")
    assert run(orphan, Config(root=tmp_path)) == []


def test_message_quotes_both_sides_and_the_english_location():
    messages = [f.message for f in run(FIXTURES / "zh" / "development" / "cloud" / "poll.mdx")]
    assert any("`\"created_at\"` here where English has `\"create_time\"`" in m and "poll.mdx:41" in m for m in messages)


def keys(code: str, family: str) -> list[str]:
    from checks.samples.comparable import tokens

    return [t.key for t in tokens(code, family, mirror_drift.vocabulary())]


@pytest.mark.parametrize("english, mirror, family", [
    ('print("Job finished")  # done', 'print("任务完成")  # 完成', "python"),
    ('console.log(`Finished: ${n}`); // log', 'console.log(`完成：${n}`); // 日志', "js"),
    ('echo "waiting"  # note', 'echo "等待中"  # 说明', "shell"),
    ('print("cancelled" if ok else "nothing")', 'print("已取消" if ok else "无")', "python"),
    ('{"error": "Job not found"}', '{"error": "未找到任务"}', "json"),
])  # fmt: skip
def test_translated_comments_and_messages_are_not_drift(english, mirror, family):
    assert keys(english, family) == keys(mirror, family)


@pytest.mark.parametrize("english, mirror, family", [
    ('get(f"{BASE}/api/jobs/{id}")', 'get(f"{BASE}/api/history_v2/{id}")', "python"),
    ('params = {"sort_by": "create_time"}', 'params = {"sort_by": "created_at"}', "python"),
    ('type T = "image" | "video" | "audio" | "3d";', 'type T = "image" | "video" | "audio";', "js"),
    ('curl "$BASE/api/jobs?status=completed"', 'curl "$BASE/api/jobs?status=failed"', "shell"),
    ('{"status": "completed"}', '{"state": "completed"}', "json"),
])  # fmt: skip
def test_routes_enum_values_and_keys_must_match(english, mirror, family):
    assert keys(english, family) != keys(mirror, family)


def test_the_rule_doc_examples_hold():
    wrong, right = mirror_drift.__doc__.split("Wrong")[1].split("Right")
    english = right.split("```python")[1].split("```")[0]
    drifted = wrong.split("```python")[1].split("```")[0]
    assert keys(english, "python") != keys(drifted, "python")
    assert keys(english, "python") == keys(english.replace("查询任务状态", "Check the job"), "python")


def _drift(english: str, mirror: str, family: str) -> list:
    from checks.samples.comparable import is_translation, tokens
    from difflib import SequenceMatcher

    theirs, ours = tokens(english, family, mirror_drift.vocabulary()), tokens(mirror, family, mirror_drift.vocabulary())
    opcodes = SequenceMatcher(None, [t.key for t in theirs], [t.key for t in ours], autojunk=False).get_opcodes()
    return [op for op in opcodes if op[0] != "equal" and not is_translation(theirs, ours, op)]


@pytest.mark.parametrize("english, mirror, family", [
    ("git clone <repo-url> nodes", "git clone <仓库地址> nodes", "shell"),  # a translated placeholder
    ("comfy node [OPTIONS] COMMAND [ARGS]...", "comfy node [옵션] 명령어 [인자]...", "shell"),  # a synopsis
    ("upload <FILE_OR_URL> [--json]", "upload <파일 또는 URL> [--json]", "shell"),
    ("<h3>Blend settings</h3>\n<p>Count: {count}</p>", "<h3>混合设置</h3>\n<p>数量：{count}</p>", "js"),  # JSX text
    ('log(ok ? "Saved" : "Not saved")', 'log(ok ? "已保存" : "未保存")', "js"),  # messages around a ternary `:`
    ('"""tool.py: watch /history."""\nimport x', '"""tool.py：通过 /history 监视。"""\nimport x', "python"),  # a docstring
    ("name: Publish the pack\non: push", "name: 发布节点包\non: push", "shell"),  # YAML in a bash block
    ("Published 1.2.0. See it here: https://x.example", "1.2.0 を公開しました。確認：https://x.example", "shell"),  # output
])  # fmt: skip
def test_translation_is_not_drift(english, mirror, family):
    assert _drift(english, mirror, family) == []


@pytest.mark.parametrize("english, mirror, family", [
    ("pip install -r requirements.txt", "pip install requirements.txt", "shell"),  # a dropped flag
    ("curl -X POST $BASE/api/jobs/$ID/cancel", "curl -X GET $BASE/api/jobs/$ID/cancel", "shell"),  # a method is no placeholder
    ('<Button onClick={submit}>Save</Button>', '<Button onClick={save}>保存</Button>', "js"),  # code beside translated text
    ('{"Node name for S&R": {"type": "string"}}', '{"S&R 노드 이름": {"type": "string"}}', "json"),  # a translated key
])  # fmt: skip
def test_code_that_behaves_differently_is_drift(english, mirror, family):
    assert _drift(english, mirror, family)


def test_a_session_compares_commands_not_output():
    from checks.docs.page import Block

    english = Block("console", "", "$ comfy node show x\nInstalled: yes\n", 2, 1, "a.mdx", 4)
    mirror = Block("console", "", "$ comfy node show x\n已安装：是\n", 2, 1, "zh/a.mdx", 4)
    assert [t.key for t in mirror_drift.block_tokens(english)] == [t.key for t in mirror_drift.block_tokens(mirror)]


def test_a_broken_english_block_is_not_copied_into_its_translation():
    from checks.docs.page import Block

    english = Block("python", "", "def run(self, image, factr):\n    return image * factor\n", 2, 1, "a.mdx", 4)
    mirror = Block("python", "", "def run(self, image, factor):\n    return image * factor\n", 2, 1, "ko/a.mdx", 4)
    assert mirror_drift.english_defect(english, mirror) == "factor"
    assert mirror_drift.english_defect(mirror, english) is None
    broken = Block("python", "", "x = {'a': 1 'b': 2}\n", 2, 1, "a.mdx", 4)
    fixed = Block("python", "", "x = {'a': 1, 'b': 2}\n", 2, 1, "zh/a.mdx", 4)
    assert mirror_drift.english_defect(broken, fixed) == "syntax"
