"""JC801 key-on-redirect and JC802 redirect-not-followed: fixture pages, clients, messages."""

from __future__ import annotations

import pytest

from checks.docs.page import Block
from checks.docs.rules import key_on_redirect, redirect_not_followed
from checks.samples.redirects import sent_requests
from tests.docs.expectations import fixture_pages
from tests.docs.rules.helpers import check_fixture, lint_text


@pytest.mark.parametrize("path", fixture_pages("JC801"), ids=lambda p: p.name)
def test_key_on_redirect_fixture(path):
    check_fixture(path, key_on_redirect, "JC801")


@pytest.mark.parametrize("path", fixture_pages("JC802"), ids=lambda p: p.name)
def test_redirect_not_followed_fixture(path):
    check_fixture(path, redirect_not_followed, "JC802")


@pytest.mark.parametrize("language, code, follows, headers, saves", [
    ("bash", 'curl -fsSLo out.png -H "X-API-Key: $K" "https://h.example/api/view?filename=a"', True, {"x-api-key"}, True),
    ("bash", 'curl -s -o /dev/null -w "%{redirect_url}" "https://h.example/api/view"', False, set(), False),
    ("python", 'import requests\nrequests.head("https://h.example/api/view", headers={"A": "1"})', False, {"a"}, False),
    ("python", 'import httpx\nhttpx.get("https://h.example/api/view", follow_redirects=True)', True, set(), False),
    ("python", 'import urllib.request\nurllib.request.urlopen("https://h.example/api/view")', True, set(), False),
    ("javascript", 'const H = {"X-API-Key": k};\nawait fetch("https://h.example/api/view", {headers: {...H}});', True, {"x-api-key"}, False),
    ("javascript", 'await fetch("https://h.example/api/view", {redirect: "manual"});', False, set(), False),
])  # fmt: skip
def test_what_each_client_does(language, code, follows, headers, saves):
    [sent] = sent_requests(Block(language, "", code + "\n", 1, 1, "page.mdx", 3))
    assert (sent.follows, set(sent.headers), sent.saves) == (follows, headers, saves)


def test_only_urllib_and_trusted_curl_keep_authorization_on_another_host():
    def sent(language, code):
        return sent_requests(Block(language, "", code + "\n", 1, 1, "page.mdx", 3))[0]

    assert not sent("bash", 'curl -L -H "Authorization: Bearer $K" https://h.example/api/view').keeps_on_other_host("Authorization")
    assert sent("bash", 'curl --location-trusted https://h.example/api/view').keeps_on_other_host("Authorization")
    assert sent("python", 'urllib.request.urlopen("https://h.example/api/view")').keeps_on_other_host("Authorization")
    assert sent("bash", 'curl -L https://h.example/api/view').keeps_on_other_host("X-API-Key")


def test_the_local_server_serves_files_itself(tmp_path):
    page = "---\njobs-checks-profile: comfyui\n---\n\n```bash\ncurl -o out.png 'http://127.0.0.1:8188/view?filename=a.png'\n```\n"
    assert lint_text(tmp_path, page, redirect_not_followed) == []
    assert lint_text(tmp_path, page.replace("curl ", "curl -L -H 'X-API-Key: k' "), key_on_redirect) == []
