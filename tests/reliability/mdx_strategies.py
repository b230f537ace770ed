"""Hypothesis strategies for pages a pull request could contain: MDX-ish text that reaches the rules.

Unlike the extractor's own property tests (positions), these pages are built from pieces
that wake the rules up — Jobs API URLs with dialect values, JSON examples, Python,
JavaScript and shell samples, tables of parameters — then mangled: cut anywhere,
unbalanced, sprinkled with control characters, odd Unicode and deep-ish nesting.
"""

from __future__ import annotations

from hypothesis import strategies as st

VALUES = ["created_at", "create_time", "execution_time", "execution_duration", "3d", "image", "video", "done",
          "in_progress", "pending", "1700000000", "1700000000000", "desc", "ascending", "${id}", "{job_id}", ""]
ROUTES = ["/api/jobs", "/api/jobs/{job_id}", "/api/jobs/123/cancel", "/jobs", "/prompt", "/history", "/api/queue"]
ODD = ["\x00", "\x1b[31m", "\u202e", "\ufeff", "\u200b", "\ud7ff", "\U0001f600", "é", "\t", "\\", "`", "$", "{", "}",
       "<", ">", "|", "*/}", "{/*", "---", "```", "~~~"]

value = st.sampled_from(VALUES)
route = st.sampled_from(ROUTES)
host = st.sampled_from(["https://cloud.comfy.org", "http://127.0.0.1:8188", "http://localhost:8188", "$BASE_URL", ""])
odd = st.sampled_from(ODD)
word = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@st.composite
def url(draw):
    query = "&".join(f"{name}={draw(value)}" for name in draw(st.lists(
        st.sampled_from(["sort_by", "status", "output_type", "sort_order", "limit", "offset"]), max_size=4)))
    return f"{draw(host)}{draw(route)}" + (f"?{query}" if query else "")


@st.composite
def python_code(draw):
    lines = draw(st.lists(st.sampled_from([
        "import requests", "BASE_URL = {host!r}", "params = {{'sort_by': {value!r}, 'limit': 20}}",
        "r = requests.get(f'{{BASE_URL}}{route}', params=params)", "job = r.json()['jobs'][0]",
        "while job['status'] != {value!r}:", "    job = requests.get({url!r}).json()",
        "def poll(job_id, status={value!r}):", "    return requests.post(f'{{BASE_URL}}/api/jobs/{{job_id}}/cancel')",
        "kind: Literal[{value!r}, {value!r}] = {value!r}", "print(promptId)", "x = (((((1", "...",
    ]), max_size=8))
    return "\n".join(line.format(host=draw(host), value=draw(value), route=draw(route), url=draw(url())) for line in lines)


@st.composite
def js_code(draw):
    lines = draw(st.lists(st.sampled_from([
        "const BASE_URL = \"{host}\";", "type Output = \"{value}\" | \"{value}\";",
        "const res = await fetch(`${{BASE_URL}}{route}?sort_by={value}`, {{ headers: getHeaders() }});",
        "const {{ jobs }} = await res.json();", "while (job.status !== \"{value}\") {{", "}}", "export default x;",
        "interface Job {{ create_time: number }}", "const t = {value};", "fetch(\"{url}\")", "[[[[", "`unclosed",
    ]), max_size=8))
    return "\n".join(line.format(host=draw(host), value=draw(value), route=draw(route), url=draw(url())) for line in lines)


@st.composite
def shell_code(draw):
    lines = draw(st.lists(st.sampled_from([
        'curl -H "X-API-Key: $COMFY_CLOUD_API_KEY" "{url}"', "export BASE_URL={host}", "curl -X POST {host}{route}",
        "curl -s -G {host}/api/jobs --data-urlencode 'status={value}'", "echo $UNDEFINED_VAR", "for i in 1 2; do",
        "done", "$(( 1 +", "jq '.jobs[] | .create_time'",
    ]), max_size=6))
    return "\n".join(line.format(host=draw(host), value=draw(value), route=draw(route), url=draw(url())) for line in lines)


@st.composite
def json_code(draw):
    fields = draw(st.lists(st.sampled_from([
        '"id": "{value}"', '"status": "{value}"', '"create_time": {number}', '"outputs_count": {number}',
        '"jobs": [', '"pagination": {{"offset": 0, "limit": 20, "total": 1, "has_more": false}}', '"x": ]',
    ]), max_size=6))
    body = ", ".join(f.format(value=draw(value), number=draw(st.sampled_from(["1700000000", "1700000000000", "-1", "1e99"])))
                     for f in fields)
    return "{" + body + draw(st.sampled_from(["}", "", "}}", "]}"]))


@st.composite
def fence(draw):
    language, code = draw(st.one_of(
        st.tuples(st.sampled_from(["python", "py", "python Python"]), python_code()),
        st.tuples(st.sampled_from(["javascript", "js", "typescript", "ts TypeScript", "tsx"]), js_code()),
        st.tuples(st.sampled_from(["bash", "sh", "shell", "bash curl"]), shell_code()),
        st.tuples(st.sampled_from(["json", "jsonc", "json Response"]), json_code()),
        st.tuples(st.sampled_from(["", "text", "yaml", "mermaid"]), word),
    ))
    marker = draw(st.sampled_from(["```", "````", "~~~"]))
    closed = draw(st.booleans()) or draw(st.booleans())
    indent = draw(st.sampled_from(["", "  ", "   ", "> ", "- "]))
    lines = [marker + language, *code.split("\n")] + ([marker] if closed else [])
    return "\n".join(indent + line if line else line for line in lines)


table = st.builds(
    lambda rows: "| Parameter | Values |\n|---|---|\n" + "\n".join(f"| `{name}` | `{a}`, `{b}` |" for name, a, b in rows),
    st.lists(st.tuples(st.sampled_from(["sort_by", "status", "output_type", "x"]), value, value), max_size=4))
prose = st.builds(lambda a, b, u: f"Pass `sort_by={a}` or {b} to {u}; times are in seconds.", value, value, url())
jsx = st.sampled_from(["<CodeGroup>", "</CodeGroup>", '<Tab title="Python">', "</Tab>", "<Steps>", "<Step>",
                       "</Step>", "</Steps>", "<Note>", "</Note>", "{/* jobs-checks-disable JC201 */}",
                       "{/* jobs-checks-enable */}", "{/* jobs-checks-disable-next-line JC101 */}", "{/* unclosed",
                       "import Poll from '/snippets/cloud/poll.mdx'", "<Poll />", "export const x = 1;"])
nested = st.builds(lambda piece, depth: piece * depth, st.sampled_from(["> ", "- ", "<div>", "[", "(", "{/* "]),
                   st.integers(0, 300))
chunk = st.one_of(fence(), table, prose, jsx, nested, word, odd, st.builds(lambda h, w: "#" * h + " " + w, st.integers(1, 6), word))
frontmatter = st.sampled_from(["", "---\ntitle: x\njobs-checks-profile: cloud\n---\n",
                               "---\ntitle: x\njobs-checks-profile: comfyui\n---\n", "---\ntitle: [x\n---\n",
                               "---\njobs-checks-run: true\njobs-checks-profile: cloud\n---\n", "---\nopen\n",
                               "---\na: &a [1]\nb: [*a, *a]\n---\n"])


@st.composite
def hostile_page(draw) -> str:
    """One page: frontmatter, pieces joined by blank lines, maybe cut short, with some line ending."""
    text = draw(frontmatter) + draw(st.sampled_from(["\n", "\n\n"])).join(draw(st.lists(chunk, max_size=14)))
    if draw(st.booleans()) and text:
        text = text[:draw(st.integers(0, len(text)))]  # cut anywhere
    ending = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return text.replace("\n", ending)
