"""The runner end to end on small pages: dialects, keys, safety, skips and trouble."""

from __future__ import annotations

import pytest

from checks.examples.outcomes import FAILED, PASSED, SKIPPED
from checks.examples.runner import RunError, RunOptions, is_loopback, run_examples
from checks.reference_server import running_server
from tests.examples.helpers import page_text, write_tree

LOCAL_PAGE = page_text("""
    {/* jobs-checks-run: setup
    ~~~python
    import requests
    BASE_URL = "http://127.0.0.1:8188"
    job_id = requests.post(f"{BASE_URL}/prompt", json={"prompt": __import__("json").load(open("workflow_api.json"))}).json()["prompt_id"]
    ~~~
    */}
""", """
    ~~~python
    job = requests.get(f"{BASE_URL}/api/jobs/{job_id}").json()
    print("job", job["id"] == job_id)
    ~~~
""", """
    ~~~bash
    curl --fail --silent "http://localhost:8188/api/jobs?limit=1" > /dev/null && echo listed
    ~~~
""", profile="comfyui")


def run(tmp_path, files: dict[str, str], **options):
    write_tree(tmp_path, files)
    options.setdefault("timeout", 20.0)
    return run_examples(RunOptions(paths=[str(tmp_path)], **options))


def only(result, language: str = "python"):
    (outcome,) = [o for o in result.outcomes if o.language == language]
    return outcome


def test_a_local_server_page_with_hidden_setup_passes(tmp_path):
    result = run(tmp_path, {"local.mdx": LOCAL_PAGE})
    assert [(o.language, o.verdict) for o in result.outcomes] == [("python", PASSED), ("bash", PASSED)]
    assert "job True" in only(result).output and only(result).profile == "comfyui"
    assert set(result.base_urls) == {"comfyui"} and result.exit_code == 0


def test_the_key_a_program_prints_is_masked(tmp_path):
    page = page_text("""
        ~~~python
        import os
        print("my key is", os.environ["COMFY_CLOUD_API_KEY"])
        raise SystemExit("failing with " + os.environ["API_KEY"])
        ~~~
    """)
    outcome = only(run(tmp_path, {"leak.mdx": page}))
    shown = "\n".join(outcome.output) + outcome.reason
    assert outcome.verdict == FAILED and "test-key-alice" not in shown
    assert "my key is ***" in shown and "failing with ***" in outcome.reason


def test_a_host_nobody_substituted_is_refused_not_contacted(tmp_path):
    page = page_text("""
        ~~~python
        import requests
        requests.get("https://api.example.invalid/api/jobs", timeout=5)
        ~~~
    """)
    outcome = only(run(tmp_path, {"elsewhere.mdx": page}))
    assert outcome.verdict == FAILED
    assert outcome.hint.startswith("it called https://api.example.invalid:443 directly")
    assert outcome.last_exchange.blocked


def test_pages_that_cannot_run_are_skipped_with_the_reason(tmp_path):
    result = run(tmp_path, {
        "no-profile.mdx": page_text("~~~python\nprint(1)\n~~~", profile=None),
        "no-code.mdx": page_text("~~~json\n{}\n~~~"),
        "not-opted-in.mdx": page_text("~~~python\nraise SystemExit(1)\n~~~", run=None),
    })
    reasons = {o.page.rsplit("/", 1)[1]: (o.verdict, o.reason) for o in result.outcomes}
    assert reasons == {
        "no-profile.mdx": (SKIPPED, "the page has no profile: set jobs-checks-profile or pass --profile"),
        "no-code.mdx": (SKIPPED, "no python, bash, javascript, typescript block to run"),
    }
    assert (result.pages, result.runnable_pages, result.exit_code) == (3, 2, 0)


def test_profile_option_overrides_the_page(tmp_path):
    result = run(tmp_path, {"p.mdx": page_text("~~~python\nprint(1)\n~~~", profile=None)}, profile="comfyui")
    assert only(result).verdict == PASSED and only(result).profile == "comfyui"


def test_a_bad_frontmatter_value_is_trouble_not_a_failure(tmp_path):
    result = run(tmp_path, {"bad.mdx": page_text("~~~python\nprint(1)\n~~~", run="[cobol]")})
    assert result.outcomes == [] and result.exit_code == 2 and "cobol" in result.errors[0]


def test_a_given_server_is_used_with_the_given_key(tmp_path):
    page = page_text("""
        ~~~bash
        curl --fail --silent -H "X-API-Key: $COMFY_CLOUD_API_KEY" "https://cloud.comfy.org/api/jobs?limit=1"
        ~~~
    """)
    with running_server("cloud", api_keys={"given-key-123": "carol"}) as server:
        passed = run(tmp_path, {"p.mdx": page}, base_url=server.base_url, api_key="given-key-123")
        refused = run(tmp_path, {"p.mdx": page}, base_url=server.base_url, api_key="wrong-key-456")
        with pytest.raises(RunError, match="needs an API key: set the variable X"):
            run(tmp_path, {"p.mdx": page}, base_url=server.base_url, api_key_source="the variable X")
    assert only(passed, "bash").verdict == PASSED and passed.base_urls == {"cloud": server.base_url}
    assert only(refused, "bash").verdict == FAILED and "-> 401" in only(refused, "bash").hint


def test_a_non_loopback_server_needs_allow_writes(tmp_path):
    with pytest.raises(RunError, match="--allow-writes"):
        run(tmp_path, {"p.mdx": page_text("~~~python\nprint(1)\n~~~")}, base_url="https://cloud.comfy.org")


@pytest.mark.parametrize("url, expected", [
    ("http://127.0.0.1:8188", True), ("http://localhost", True), ("http://[::1]:80/x", True),
    ("http://127.3.0.1", True), ("https://cloud.comfy.org", False), ("http://192.168.1.5:8188", False),
])  # fmt: skip
def test_loopback_detection(url, expected):
    assert is_loopback(url) is expected
