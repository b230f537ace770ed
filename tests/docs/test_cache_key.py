"""The cache key covers what a lint run executes: each rule's own code and the spec's content."""

from __future__ import annotations

import importlib.util
import shutil

from checks.apispec import loader
from checks.docs import cache, engine
from checks.docs.codes import Rule, messages
from checks.docs.config import Config


def _rule_from_file(path, code="JC990"):
    spec = importlib.util.spec_from_file_location(f"probe_rule_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return Rule(code, "probe", "error", "Probe.", messages(probe="probe")).bound(module)


def test_editing_a_rule_module_changes_the_key(tmp_path, monkeypatch):
    source = tmp_path / "probe.py"
    source.write_text("def check(page, ctx):\n    return []\n", encoding="utf-8")
    monkeypatch.setattr(engine, "all_rules", lambda: [_rule_from_file(source)])
    before = cache.run_key(Config())
    assert cache.run_key(Config()) == before  # stable while nothing changes
    source.write_text("def check(page, ctx):\n    return ()  # edited\n", encoding="utf-8")
    assert cache.run_key(Config()) != before


def test_every_registered_rule_is_fingerprinted_by_its_own_module(monkeypatch):
    rules = engine.all_rules()
    sources = [cache._source_of(rule) for rule in rules]
    assert len(set(sources)) == len(rules)  # not one shared method for every rule
    before = cache.run_key(Config())
    monkeypatch.setattr(engine, "all_rules", lambda: rules[1:])
    assert cache.run_key(Config()) != before


def test_editing_the_spec_changes_the_key(tmp_path, monkeypatch):
    before = cache.run_key(Config())
    copy = tmp_path / "openapi"
    shutil.copytree(loader.spec_dir(), copy)
    monkeypatch.setattr(loader, "spec_dir", lambda: copy)
    assert cache.run_key(Config()) == before  # the same bytes: the same key
    profile = copy / "cloud.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Comfy Cloud", "Comfy  Cloud", 1), encoding="utf-8")
    assert cache.run_key(Config()) != before


def test_editing_the_sample_readers_changes_the_key():
    assert "samples" in cache.LINT_PACKAGES and "apispec" in cache.LINT_PACKAGES
