"""One languages table: every reader of code samples answers from `checks.samples.languages`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks.samples import languages
from checks.samples.languages import TABLE, family_of, grammar_of, is_python, is_session, is_strict_json, run_languages
from checks.samples.literals import read_code
from checks.samples.parsers import grammar_of as tree_sitter_grammar
from checks.docs.rules import mirror_drift

PACKAGE = Path(languages.__file__).resolve().parents[1]
# Info strings only a languages table spells: finding one elsewhere means a second table.
TELLTALES = ("pycon", "ipython", "jsonc", "json5", "mjs", "shell-session", "dotenv", "python3")


def test_no_other_module_spells_a_languages_table():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "languages.py" and path.parent.name == "samples":
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {word}" for word in TELLTALES if re.search(rf"[\"']{re.escape(word)}[\"']", text)]
    assert offenders == []


@pytest.mark.parametrize("info", sorted(TABLE))
def test_every_reader_agrees_with_the_table(info):
    language = TABLE[info]
    assert family_of(info) == family_of(info.upper()) == language.family
    assert is_python(info) == (language.family == "python")
    expected_tree_sitter = language.grammar if language.grammar in ("javascript", "typescript", "tsx", "bash") else None
    assert tree_sitter_grammar(info) == expected_tree_sitter
    compared = language.family if language.family in mirror_drift.COMPARED else None
    assert mirror_drift._family(info) == compared


def test_the_languages_that_once_disagreed():
    # `mjs` and `pycon` were missing from one of two copies: a drift went unseen.
    assert family_of("mjs") == "js" and grammar_of("mjs") == "javascript"
    assert family_of("pycon") == "python" and is_session("pycon")
    assert mirror_drift._family("mjs") == "js" and mirror_drift._family("ipython") == "python"
    assert read_code('const sort = "created_at";\n', "mjs").names  # the literal reader reads it too


def test_json_strictness_and_sessions():
    assert is_strict_json("json") and is_strict_json("JSONC") and not is_strict_json("json5")
    assert is_session("console") and is_session("terminal") and not is_session("bash")
    assert family_of("yaml") is None and grammar_of("") is None


def test_what_runs_in_examples():
    runs = run_languages()
    assert runs["py"] == "python" and runs["mjs"] == "javascript" and runs["mts"] == "typescript"
    assert "console" not in runs and "tsx" not in runs and "jsx" not in runs
