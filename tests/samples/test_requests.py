"""find_requests on tricky samples: the method, path and query a reader would see, and where."""

from __future__ import annotations

import pytest

from checks.samples.requests import find_requests, page_requests
from checks.docs.page import Block, Page

LINE, COLUMN = 20, 3  # where the block's code starts in the file: positions must be shifted by it


def block(language: str, code: str, **extra) -> Block:
    return Block(language, "", code, LINE, COLUMN, "page.mdx", LINE + code.count("\n"), **extra)


def summary(requests):
    return [(r.method, r.path, [(q.name, q.value) for q in r.query]) for r in requests]


def where(code: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """File position of the n-th `needle` in the block's code."""
    index = -1
    for _ in range(occurrence + 1):
        index = code.index(needle, index + 1)
    line = code.count("\n", 0, index)
    column = index - (code.rfind("\n", 0, index) + 1)
    return LINE + line, COLUMN + column


def test_curl_continuations_quotes_and_get_data():
    code = (
        "export HOST=http://127.0.0.1:8188\n"
        'curl -s -G "$HOST/api/jobs" \\\n'
        '  --data-urlencode "sort_by=created_at" \\\n'
        "  -d 'status=pending,in_progress' -H \"X-API-Key: $KEY\" | jq '.jobs[]'\n"
        "curl -sXPOST $HOST/api/jobs/$JOB_ID/cancel\n"
        "curl 'http://localhost:8188/api/jobs?status=pending%2Cin_progress&limit=5'\n"
        'curl --request POST --url "$HOST/prompt" --data @workflow.json\n'
        'curl -X POST "$HOST/api/jobs/cancel" --json \'{"job_ids": []}\'\n'
    )
    found = find_requests(block("bash", code))
    assert summary(found) == [
        ("GET", "/api/jobs", [("sort_by", "created_at"), ("status", "pending,in_progress")]),
        ("POST", "/api/jobs/{JOB_ID}/cancel", []),
        ("GET", "/api/jobs", [("status", "pending,in_progress"), ("limit", "5")]),
        ("POST", "/prompt", []),
        ("POST", "/api/jobs/cancel", []),
    ]
    first = found[0]
    assert first.url == "http://127.0.0.1:8188/api/jobs" and first.base_known
    assert (first.query[0].line, first.query[0].column) == where(code, "created_at")
    assert (first.query[1].line, first.query[1].column) == where(code, "pending")
    # a percent-encoded comma: each decoded character keeps the position it was written at
    encoded = found[2].query[0]
    assert encoded.position_of(encoded.value.index("in_progress")) == where(code, "in_progress", 1)
    assert found[4].body is not None and found[4].body.text == '{"job_ids": []}'


def test_console_prompts_and_wget_and_httpie():
    code = (
        "$ curl http://127.0.0.1:8188/api/queue\n"
        '{"queue_running": []}\n'
        "$ wget -qO- https://cloud.comfy.org/api/jobs?limit=2\n"
        "$ http :8188/api/jobs status==failed sort_order==asc\n"
    )
    assert summary(find_requests(block("console", code))) == [
        ("GET", "/api/queue", []),
        ("GET", "/api/jobs", [("limit", "2")]),
        ("GET", "/api/jobs", [("status", "failed"), ("sort_order", "asc")]),
    ]


def test_python_params_fstrings_concatenation_and_format():
    code = (
        "import requests, httpx, urllib.request\n"
        'BASE = "http://127.0.0.1:8188"\n'
        'params = {"status": ["pending", "in_progress"], "sort_by": "created_at"}\n'
        'r = requests.get(f"{BASE}/api/jobs", params=params, timeout=5)\n'
        'r = requests.request("POST", BASE + "/api/jobs/" + job_id + "/cancel")\n'
        'r = httpx.get("{}/api/jobs?sort_order={}".format(BASE, "asc"))\n'
        'r = urllib.request.urlopen(f"{BASE}/api/jobs/{job_id}")\n'
        'status = job.get("status")  # a dict lookup, not a request\n'
        'url = f"{BASE}/api/history?max_items={n}"  # built, never sent\n'
    )
    found = find_requests(block("python", code))
    assert summary(found) == [
        ("GET", "/api/jobs", [("status", "pending,in_progress"), ("sort_by", "created_at")]),
        ("POST", "/api/jobs/{job_id}/cancel", []),
        ("GET", "/api/jobs", [("sort_order", "asc")]),
        ("GET", "/api/jobs/{job_id}", []),
        (None, "/api/history", [("max_items", "\ufffc")]),
    ]
    assert [r.kind for r in found] == ["call", "call", "call", "call", "url"]
    assert found[0].client == "requests.get" and found[0].url == "http://127.0.0.1:8188/api/jobs"
    sort = found[0].query[1]
    assert (sort.line, sort.column) == where(code, "created_at")
    assert found[4].query[0].dynamic


def test_python_repl_session_and_unparsable_lines():
    code = (
        ">>> import requests\n"
        '>>> jobs = requests.get("http://127.0.0.1:8188/api/jobs?limit=3").json()\n'
        "{'jobs': [...], 'pagination': {...}}\n"
        '>>> requests.post("http://127.0.0.1:8188/api/jobs/cancel", json={"job_ids": ids} \n'
    )
    found = find_requests(block("python", code))
    assert summary(found) == [("GET", "/api/jobs", [("limit", "3")])]
    assert (found[0].query[0].line, found[0].query[0].column) == where(code, "3\"")


def test_javascript_templates_search_params_and_options():
    code = (
        'const BASE = "https://cloud.comfy.org";\n'
        'const query = new URLSearchParams({ status: "completed", limit: String(limit) });\n'
        "const list = await fetch(`${BASE}/api/jobs?${query}`, { headers });\n"
        "const one = await fetch(`${BASE}/api/jobs/${jobId}`);\n"
        'await fetch(`${BASE}/api/jobs/${jobId}/cancel`, { method: "POST", headers });\n'
        "await fetch(url + \"?status=done\", options);\n"
        'const r = await axios.get("/api/jobs", { params: { sort_by: "create_time" } });\n'
    )
    found = find_requests(block("typescript", code))
    assert summary(found) == [
        ("GET", "/api/jobs", [("status", "completed"), ("limit", "\ufffc")]),
        ("GET", "/api/jobs/{jobId}", []),
        ("POST", "/api/jobs/{jobId}/cancel", []),
        (None, None, [("status", "done")]),
        ("GET", "/api/jobs", [("sort_by", "create_time")]),
    ]
    assert (found[0].query[0].line, found[0].query[0].column) == where(code, "completed")
    assert not found[4].base_known and found[4].base == "axios"  # relative to the client's own base


def test_unknown_base_is_labelled_and_a_host_port_is_known():
    code = 'await fetch(`${API_ROOT}/jobs`);\nawait fetch(`${host}:8188/api/jobs`);\n'
    found = find_requests(block("javascript", code))
    assert [(r.path, r.base_known, r.base) for r in found] == [("/jobs", False, "API_ROOT"), ("/api/jobs", True, "")]
    assert (found[0].path_line, found[0].path_column) == where(code, "/jobs")
    assert found[0].path_span == (*where(code, "/jobs"), where(code, "/jobs")[1] + len("/jobs"))


def test_names_flow_from_earlier_blocks_of_the_same_family():
    first = block("python", 'BASE_URL = "https://cloud.comfy.org/api"\n')
    second = Block("python", "", 'requests.get(f"{BASE_URL}/jobs")\n', 40, 1, "page.mdx", 41)
    shell = Block("bash", "", 'curl "$BASE_URL/jobs"\n', 50, 1, "page.mdx", 51)
    page = Page(path="page.mdx", text="", blocks=[first, second, shell])
    found = page_requests(page)
    assert [(r.path, r.base_known) for r in found] == [("/api/jobs", True), ("/jobs", False)]
    # the value came from another block: the request is reported where it is used
    assert (found[0].line, found[0].column) == (40, 14)


def test_blocks_nobody_reads_have_no_requests():
    assert find_requests(block("json", '{"url": "http://127.0.0.1:8188/api/jobs"}')) == []
    assert find_requests(block("text", "curl http://127.0.0.1:8188/api/jobs")) == []


# -- robustness: any text in any language reads without raising, positions stay in the block --
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    "curl ", '"', "'", "`", "${", "}", "{", "$", "\\", "\n", " ", "-G", "-d", "--data-urlencode", "-XPOST",
    "http://127.0.0.1:8188", "/api/jobs", "/jobs/", "?", "&", "=", "status", "sort_by", "created_at", 'f"',
    "requests.get(", ")", "(", "params=", ":", ",", "fetch(", "new URLSearchParams(", "|", "Literal[", "]", "[",
    "#", "//", "/*", "*/", '"""', "r'", "%2C", "%", "1717000000", ".", "x", "=>", "def f(", "await ", ">>> ",
    "$ ", "type T = ", '"a"', "\t", "é", "中", "export A=", "const a = ", "+", ".format(", ".set(", "urlopen(",
]


@settings(max_examples=150)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from(["bash", "python", "typescript", "javascript", "console"]))
def test_any_sample_reads_without_raising_and_positions_stay_inside(pieces, language):
    code = "".join(pieces)
    last_line = LINE + code.count("\n")
    for request in find_requests(block(language, code)):
        assert LINE <= request.line <= last_line and request.column >= 1
        for param in request.query:
            assert LINE <= param.line <= last_line and param.column >= 1


@pytest.mark.parametrize("text, uses", [
    ('curl "http://127.0.0.1:8188/api/jobs?limit=1"', True),
    ("curl $BASE/api/jobs", True),
    ('fetch(`${base}/prompt`, {method: "POST"})', True),
    ("curl cloud.comfy.org/api/jobs", True),
    ("curl localhost:8188/history", True),
    ("| `GET /api/jobs/{job_id}` | one job |", True),
    ("comfy jobs ls   # local submits plus the server queue/history", False),
    ("see docs/history for the changelog", False),
])  # fmt: skip
def test_a_route_is_used_only_where_a_path_goes(text, uses):
    from checks.samples.requests_urls import uses_a_route

    assert uses_a_route(text) is uses
