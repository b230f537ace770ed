"""Every registered code is declared once and complete: docs with Wrong/Right examples that behave,
a fixture page where it fires and a twin where it stays silent (`tests/docs/fixtures/<CODE>/`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from checks.docs import rules as rules_package
from checks.docs.config import Config
from checks.docs.engine import lint_paths, rule_catalog
from checks.docs.engine_codes import ENGINE_RULES
from checks.docs.extract import clear_caches
from tests.docs.expectations import FIXTURES, as_set, expectations

CATALOG = rule_catalog()
RULE_MODULES = sorted(p.stem for p in Path(rules_package.__file__).parent.glob("*.py") if not p.stem.startswith("_"))


def _codes(findings, code):
    return [f for f in findings if f.code == code]


def test_every_module_under_rules_is_a_registered_rule():
    registered = {rule.module.__name__.rsplit(".", 1)[1] for rule in rules_package.all_rules()}
    assert registered == set(RULE_MODULES)


def test_a_module_without_a_declaration_is_an_error_not_skipped(tmp_path, monkeypatch):
    (tmp_path / "half_written.py").write_text('"""A rule someone forgot to declare."""\n\ndef check(page, ctx):\n    return []\n')
    monkeypatch.setattr(rules_package, "__path__", [*rules_package.__path__, str(tmp_path)])
    rules_package._registered.cache_clear()
    try:
        with pytest.raises(rules_package.RegistryError, match="half_written.py must declare RULE"):
            rules_package.all_rules()
    finally:
        sys.modules.pop("checks.docs.rules.half_written", None)
        monkeypatch.undo()
        rules_package._registered.cache_clear()


def test_codes_and_names_are_unique_and_engine_codes_are_listed():
    assert len({r.code for r in CATALOG}) == len(CATALOG) and len({r.name for r in CATALOG}) == len(CATALOG)
    assert {r.code for r in ENGINE_RULES} == {"JC001", "JC002", "JC003", "JC004", "JC005"}
    assert [r.code for r in CATALOG] == sorted(r.code for r in CATALOG)


@pytest.mark.parametrize("rule", CATALOG, ids=lambda r: r.code)
def test_the_declaration_is_complete(rule):
    assert rule.summary and rule.summary[0].isupper()
    assert set(rule.examples()) == {"wrong", "right"}, "the doc needs a Wrong: and a Right: example"
    assert rule.messages and all(message.template for message in rule.messages.values())
    assert rule.severity in rule.severities


def _lint_example(root: Path, rule, text: str, english: str | None):
    root.mkdir(parents=True, exist_ok=True)
    (root / "docs.json").write_text("{}", encoding="utf-8")
    page = root / rule.example_path
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    if rule.example_english:
        twin = root / rule.example_english
        twin.parent.mkdir(parents=True, exist_ok=True)
        twin.write_text(english, encoding="utf-8")
    clear_caches()
    result = lint_paths([str(page)], Config(root=root), jobs=1)
    clear_caches()
    return result


@pytest.mark.parametrize("rule", CATALOG, ids=lambda r: r.code)
def test_the_doc_examples_behave(rule, tmp_path):
    """`jobs-checks rules CODE` shows a Wrong example that fires and a Right one that does not."""
    examples = rule.examples()
    wrong = _lint_example(tmp_path / "wrong", rule, examples["wrong"], examples["right"])
    right = _lint_example(tmp_path / "right", rule, examples["right"], examples["right"])
    assert _codes(wrong.findings, rule.code), f"the Wrong example of {rule.code} does not fire:\n{examples['wrong']}"
    assert not _codes(right.findings, rule.code), f"the Right example of {rule.code} fires: {_codes(right.findings, rule.code)}"


@pytest.mark.parametrize("rule", CATALOG, ids=lambda r: r.code)
def test_fixture_pages_fire_and_their_twins_stay_silent(rule):
    folder = FIXTURES / rule.code
    assert folder.is_dir(), f"{rule.code} has no fixture folder tests/docs/fixtures/{rule.code}/"
    clear_caches()
    result = lint_paths([str(folder)], Config(root=folder) if not (folder / "docs.json").exists() else Config(), jobs=1)
    clear_caches()
    found = as_set(_codes(result.findings, rule.code))
    expected = {e for e in expectations(folder) if e[2] == rule.code}
    assert expected, f"no fixture page of {rule.code} carries an `expect: {rule.code}` marker"
    assert found == expected
    pages = {os.path.realpath(p) for p in folder.rglob("*.md*")}
    silent = pages - {path for path, _, _ in expected} - {path for path, _, _ in found}
    assert silent, f"{rule.code} needs a twin page where it stays silent"
