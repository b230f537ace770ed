"""Samples are pointed at the server under test without moving a single line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.examples.substitute import DEFAULT_KEY_NAMES, Target, doc_urls_for, environment, substitute
from checks.apispec import spec_for

SERVER = "http://127.0.0.1:5555"


def target(profile: str = "cloud", **extra) -> Target:
    spec = spec_for(profile)
    return Target(SERVER, doc_urls_for([spec]), auth_header=spec.auth_header, **extra)


def test_doc_urls_come_from_the_spec_with_the_loopback_spellings():
    cloud, local = doc_urls_for([spec_for("cloud")]), doc_urls_for([spec_for("comfyui")])
    assert cloud == ("https://cloud.comfy.org",)
    assert "http://127.0.0.1:8188" in local and "http://localhost:8188" in local and "http://[::1]:8188" in local
    assert doc_urls_for([], ["https://docs.example/"]) == ("https://docs.example",)


@pytest.mark.parametrize("language, code, expected", [
    ("python", 'BASE_URL = "https://cloud.comfy.org"', f'BASE_URL = "{SERVER}"'),
    ("python", 'requests.get("https://cloud.comfy.org/api/jobs")', f'requests.get("{SERVER}/api/jobs")'),
    ("bash", 'curl "https://cloud.comfy.org/api/jobs?limit=1"', f'curl "{SERVER}/api/jobs?limit=1"'),
    ("javascript", "const BASE_URL = `https://staging.example.org`;", f"const BASE_URL = `{SERVER}`;"),
    ("typescript", 'const SERVER_URL: string = "https://x.example/api";', f'const SERVER_URL: string = "{SERVER}/api";'),
    ("bash", "SERVER=http://10.0.0.5:8188", f"SERVER={SERVER}"),
])  # fmt: skip
def test_server_urls_are_replaced(language, code, expected):
    assert substitute(code, language, target()) == expected


def test_a_bare_loopback_address_with_the_docs_port_is_replaced():
    code = 'server_address = "127.0.0.1:8188"\nurl = f"http://{server_address}/prompt"'
    assert substitute(code, "python", target("comfyui")).split("\n")[0] == 'server_address = "127.0.0.1:5555"'


@pytest.mark.parametrize("language, code, expected", [
    ("python", 'API_KEY = "paste-your-key-here"', 'API_KEY = __import__("os").environ["API_KEY"]'),
    ("bash", 'export COMFY_CLOUD_API_KEY="paste-your-key-here"',
     'export COMFY_CLOUD_API_KEY="${COMFY_CLOUD_API_KEY}"'),
    ("bash", "COMFY_API_KEY=abc123", 'COMFY_API_KEY="${COMFY_API_KEY}"'),
    ("javascript", 'const API_KEY = "sk-placeholder";', "const API_KEY = process.env.API_KEY;"),
    ("bash", 'curl -H "X-API-Key: YOUR_KEY" x', 'curl -H "X-API-Key: ${API_KEY}" x'),
    ("python", 'headers = {"X-API-Key": "YOUR_KEY"}', 'headers = {"X-API-Key": __import__("os").environ["API_KEY"]}'),
    ("typescript", "headers: { 'x-api-key': 'YOUR_KEY' }", "headers: { 'x-api-key': process.env.API_KEY }"),
])  # fmt: skip
def test_api_key_placeholders_read_the_environment(language, code, expected):
    assert substitute(code, language, target()) == expected


@pytest.mark.parametrize("language, code", [
    ("python", 'HEADERS = {"X-API-Key": os.environ["COMFY_CLOUD_API_KEY"]}'),
    ("python", 'API_KEY == "compare"'),
    ("python", 'headers = {"X-API-Key": f"{API_KEY}"}'),
    ("bash", 'export COMFY_CLOUD_API_KEY="$MY_SECRET"'),
    ("bash", 'curl -H "X-API-Key: $COMFY_CLOUD_API_KEY" "$BASE_URL/api/jobs"'),
    ("javascript", 'fetch(`${BASE_URL}/api/jobs`, {headers: {"X-API-Key": `${key}`}})'),
    ("python", 'MY_BASE_URL = "https://elsewhere.example"'),
    ("python", 'print("see https://cloud.comfy.org.example for more")'),
])  # fmt: skip
def test_code_that_already_reads_variables_is_left_alone(language, code):
    assert substitute(code, language, target()) == code


def test_a_local_page_has_no_auth_header_to_fill():
    code = 'curl -H "X-API-Key: YOUR_KEY" http://127.0.0.1:8188/api/jobs'
    assert substitute(code, "bash", target("comfyui")) == f'curl -H "X-API-Key: YOUR_KEY" {SERVER}/api/jobs'


def test_the_environment_holds_every_name():
    env = environment(target(), "secret-key")
    assert env["BASE_URL"] == SERVER and all(env[name] == "secret-key" for name in DEFAULT_KEY_NAMES)
    assert not set(DEFAULT_KEY_NAMES) & set(environment(target(), None))


_CODE = st.lists(st.sampled_from([
    'BASE_URL = "https://cloud.comfy.org"', 'API_KEY = "x"', "curl https://cloud.comfy.org/api/jobs",
    'export COMFY_CLOUD_API_KEY="k"', '-H "X-API-Key: k"', "plain line", "", "127.0.0.1:8188", "\t`API_KEY=`",
]), max_size=12)  # fmt: skip


@given(_CODE, st.sampled_from(["python", "bash", "javascript", "typescript"]))
def test_substitution_keeps_every_line(lines, language):
    code = "\n".join(lines)
    assert substitute(code, language, target()).count("\n") == code.count("\n")
