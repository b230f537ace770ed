"""A server-sent event consumer that does not stop on the job's terminal status.

Comfy API v2 ends a job's event stream after the `status` event that carries a terminal status
(`x-sse-ends-after`), and keeps no history: a new connection starts with a fresh snapshot. A
browser or Node `EventSource` reconnects by itself whenever a stream ends, so one that is not
`close()`d on a terminal status reconnects forever, receiving the last snapshot again each time.
A sample that re-opens the stream in a `while True` loop does the same unless it breaks out on
a terminal status. Terminal statuses come from the spec's lifecycle.

Wrong (a v2 page):

    ```javascript
    const events = new EventSource(`${BASE}/api/v2/jobs/${jobId}/events`);
    events.addEventListener("status", (event) => console.log(JSON.parse(event.data).status));
    ```

Right:

    ```javascript
    const events = new EventSource(`${BASE}/api/v2/jobs/${jobId}/events`);
    events.addEventListener("status", (event) => {
      const { status } = JSON.parse(event.data);
      if (["succeeded", "failed", "canceled", "expired"].includes(status)) events.close();
    });
    ```
"""

from __future__ import annotations

import re

from checks.docs.codes import Rule, messages
from checks.samples.literals import family_of, page_names
from checks.samples.requests import find_requests

RULE = Rule(
    code="JC903",
    name="sse-terminal",
    severity="error",
    doc=__doc__,
    example_path="guide/example.mdx",
    messages=messages(
        event_source="this EventSource is never closed on a terminal status: when the stream ends after the `{event}` "
                     "event it reconnects and repeats the snapshot forever; call `.close()` when `status` is one of {terminal}",
        reconnects="this loop opens the event stream again after it ends and never stops on a terminal status; "
                   "break out when `status` is one of {terminal}",
    ),
)

_EVENT_SOURCE = re.compile(r"new\s+EventSource\s*\(")
_FOREVER = re.compile(r"^([ \t]*)(?:while\s*\(?\s*(?:True|true|1)\s*\)?\s*[:{]|for\s*\(\s*;\s*;\s*\))")
_STOPS = {"python": re.compile(r"\b(?:break|return|sys\.exit)\b"), "js": re.compile(r"\bbreak\b|\breturn\b")}


def _events_operations(spec):
    return [op for op in spec.operations if spec.sse_events(op.operation_id)]


def _terminal_checked(code: str, terminal) -> bool:
    return any(re.search(rf"[\"'`]{re.escape(status)}[\"'`]", code) for status in terminal)


def _inside_forever_loop(code: str, line: int) -> bool:
    lines = code.split("\n")
    own = len(lines[line - 1]) - len(lines[line - 1].lstrip()) if 0 < line <= len(lines) else 0
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if not text.strip():
            continue
        indent = len(text) - len(text.lstrip())
        match = _FOREVER.match(text)
        if match and indent < own:
            return True
        if indent < own:
            own = indent  # an enclosing block that is not the loop: keep looking outwards
    return False


def check(page, ctx):
    if ctx.union or "event" not in page.text.lower():
        return
    spec = ctx.specs[0]
    streams = _events_operations(spec)
    if not streams:
        return
    terminal = spec.terminal_statuses()
    shown = ", ".join(f"`{status}`" for status in terminal)
    event = spec.sse_ends_after(streams[0].operation_id) or "status"
    for block in page.blocks:
        family = family_of(block.language)
        if family not in ("python", "js"):
            continue
        checked = _terminal_checked(block.code, terminal)
        if family == "js":
            for match in _EVENT_SOURCE.finditer(block.code):
                if not (checked and ".close()" in block.code):
                    line = block.code.count("\n", 0, match.start()) + 1
                    column = match.start() - (block.code.rfind("\n", 0, match.start()) + 1) + 1
                    yield RULE.finding("event_source", block.source, *block.position(line, column), profile=page.profile,
                                       event=event, terminal=shown)
        for request in find_requests(block, page_names(page, block)):
            if not request.path or not any(op in spec.match_path(request.path, request.method) for op in streams):
                continue
            code_line = request.line - block.line + 1
            if _inside_forever_loop(block.code, code_line) and not (checked and _STOPS[family].search(block.code)):
                yield RULE.finding("reconnects", request.source, request.path_line, request.path_column,
                                   profile=page.profile, terminal=shown)
