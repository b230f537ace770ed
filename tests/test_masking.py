"""The one masking every command's output goes through (`checks.masking`)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest

from checks.report.github import escape_data, escape_property
from checks.masking import MASK, MaskedStream, Masker, environment_secrets, looks_secret

CANARY = "sk-canary-123"


@pytest.mark.parametrize("name", ["GITHUB_TOKEN", "COMFY_API_KEY", "db_password", "MY_SECRET", "aws_secret_access_key",
                                  "npm_config__authToken", "KEY"])
def test_names_that_look_secret(name):
    assert looks_secret(name)


@pytest.mark.parametrize("name", ["PATH", "HOME", "LANG", "COMFY_URL", "PYTHONPATH"])
def test_names_that_do_not(name):
    assert not looks_secret(name)


def test_environment_secrets_are_the_long_values_of_secret_looking_names_and_of_named_variables():
    env = {"MY_SECRET_TOKEN": CANARY, "SHORT_KEY": "abc", "PATH": "/usr/bin", "MYCRED": "hunter2-long"}
    assert environment_secrets(env) == {CANARY}
    assert environment_secrets(env, extra_names=["MYCRED", "MISSING"]) == {CANARY, "hunter2-long"}


def test_for_run_masks_given_keys_and_environment_secrets_but_not_ordinary_values():
    masker = Masker.for_run(["test-key-alice"], env={"MY_SECRET_TOKEN": CANARY, "HOME": "/home/ci"})
    assert masker(f"key test-key-alice, token {CANARY}, home /home/ci") == f"key {MASK}, token {MASK}, home /home/ci"


SECRET = 'pa"ss\\w<o>rd&\'%:,é'


@pytest.mark.parametrize("spell", [
    lambda s: json.dumps({"x": s}),
    lambda s: json.dumps({"x": s}, ensure_ascii=False),
    lambda s: ET.tostring(ET.Element("failure", message=s), encoding="unicode"),
    lambda s: ET.tostring(_text_element(s), encoding="unicode"),
    lambda s: escape_data(s),
    lambda s: escape_property(s),
    lambda s: f"curl -H 'X-API-Key: {s}'".replace("'", "'\"'\"'"),
], ids=["json", "json-unicode", "xml-attribute", "xml-text", "github-data", "github-property", "shell"])
def test_a_secret_is_masked_however_a_format_escapes_it(spell):
    masker = Masker([SECRET])
    written = spell(SECRET)
    assert SECRET not in written or spell is None  # the format did change it
    assert MASK in masker(written)
    for part in ('pa"ss', "pa\\\"ss", "pa&quot;ss", "ss\\w", "w<o>", "w&lt;o&gt;"):
        assert part not in masker(written)


def _text_element(text):
    element = ET.Element("system-out")
    element.text = text
    return element


def test_longer_secrets_are_masked_whole():
    masker = Masker(["abcd", "abcdef-long"])
    assert masker("abcdef-long abcd") == f"{MASK} {MASK}"


def test_contains_secret_says_whether_masking_would_change_a_value():
    masker = Masker([CANARY])
    assert masker.contains_secret([{"message": f"uses {CANARY}"}])
    assert not masker.contains_secret([{"message": "clean"}])


def test_the_stream_guard_masks_lines_even_when_a_secret_is_written_in_pieces():
    sink = io.StringIO()
    stream = MaskedStream(sink, Masker([CANARY]))
    stream.write("token sk-can")
    stream.write("ary-123 here\nnext ")
    stream.write(CANARY)
    stream.flush()
    assert sink.getvalue() == f"token {MASK} here\nnext {MASK}"


def test_the_old_contract_import_still_works():
    from checks.contract.masking import Masker as ContractMasker, mask

    assert ContractMasker is Masker
    assert mask("a secret-value", {"secret-value"}) == f"a {MASK}"
