"""Find the HTTP requests a code sample makes: method, URL, path and query, with positions.

    from checks.samples.requests import find_requests, page_requests
    for request in page_requests(page):          # every block, names threaded between blocks
        request.method, request.path, request.query[0].name, request.line

Understood: curl / wget / httpie commands (quotes, `\\` continuations, `-G -d` /
`--data-urlencode` as query), Python `requests`/`httpx`/`aiohttp` style `X.get(url, params=...)`,
`urllib.request`, JS `fetch(url, {method})`, axios-style `X.get(url, {params})`, URLs built
with f-strings, template literals, `+` and `URLSearchParams`. A URL string that no call
sends (`const url = ...` never passed on) is still reported, with `kind="url"`.

Every position is in the file the block lives in (`block.source`), 1-based. Parts of a
URL that are computed at run time are written `{name}` in `url` and `path`
(`/api/jobs/{job_id}` for `f"/api/jobs/{job_id}"`), so they match path templates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from checks.apispec.routes import api_roots
from checks.samples.literals import (
    HOLE, Arr, Obj, Other, Str, as_str, concat, family_of, page_names, read_block,
)
from checks.samples.requests_shell import shell_request
from checks.samples.requests_urls import HOST_PORT, HTTP_METHODS, SCHEME, VERBS, free_url, is_url, split_query

__all__ = ["HTTP_METHODS", "QueryParam", "Request", "find_requests", "page_requests"]


@dataclass(frozen=True)
class QueryParam:
    """One `name=value` of a query string; the position is the value's first character."""

    name: str
    value: str  # decoded; a computed part is the HOLE character
    line: int
    column: int
    end_column: int = 0
    value_str: Str = field(default=None, compare=False, repr=False)  # positions inside the block's code
    block: object = field(default=None, compare=False, repr=False)

    @property
    def dynamic(self) -> bool:
        return HOLE in self.value

    def position_of(self, offset: int) -> tuple[int, int]:
        """File (line, column) of `value[offset]`."""
        if self.value_str is None or self.block is None:
            return self.line, self.column + offset
        return self.block.position(*self.value_str.at(offset))


@dataclass(frozen=True)
class Request:
    method: str | None  # upper case; None when the sample does not say (or computes it)
    url: str  # as the code builds it, computed parts written `{name}`
    path: str | None  # host and query stripped; None when the URL has no knowable path
    query: tuple  # QueryParam
    line: int  # where the URL expression starts in the file
    column: int
    end_column: int
    source: str = ""  # file of the block
    kind: str = "call"  # "call" (sent by a known client) or "url" (a URL string nothing visibly sends)
    client: str = ""  # "curl", "requests.get", "fetch", ...
    base_known: bool = True  # False when the path follows a computed base, which may itself end in /api
    base: str = ""  # label of that computed base (variable name), "" for a relative path
    path_line: int = 0
    path_column: int = 0
    path_span: tuple | None = None  # (line, column, end_column) when the path is written as-is, for fixes
    body: object = field(default=None, compare=False, repr=False)  # Obj/Str/Arr body when literal
    end_line: int = 0


def page_requests(page) -> list[Request]:
    """Requests of every block on a page; names flow from earlier blocks (any block for shell)."""
    found = []
    for block in page.blocks:
        if family_of(block.language) in ("python", "js", "shell"):
            found.extend(find_requests(block, page_names(page, block)))
    return found


def find_requests(block, names: tuple = ()) -> list[Request]:
    """Requests made in one block; `names` are (name, value) pairs from earlier blocks."""
    if family_of(block.language) not in ("python", "js", "shell"):
        return []
    return list(_requests(block, names))


@functools.lru_cache(maxsize=2048)
def _requests(block, names: tuple) -> tuple:
    """Cached: several rules (and JC401 for every JSON example after a block) ask in turn."""
    family = family_of(block.language)
    values = read_block(block, names)
    found: list[Request] = []
    used: set = set()
    if family == "shell":
        for name, words, start, end in values.commands:
            request = shell_request(name, words)
            if request:
                found.append(_finish(block, *request))
        return tuple(found)
    for call in values.calls:
        request = _call_request(call, family)
        if request:
            url = request[2]
            used.add(url.start)
            found.append(_finish(block, *request))
    for string in values.strings:
        if string.start in used or not free_url(string):
            continue
        used.add(string.start)
        request = _finish(block, None, "url", string, (), None)
        if request.path and request.path.rstrip("/") not in ("", *api_roots()):  # a base URL, not a request
            found.append(request)
    return tuple(found)


# -- calls ------------------------------------------------------------------
def _call_request(call, family):
    """(method, client, url Str, extra query entries, body) for a call that sends a request."""
    callee = call.callee
    receiver, _, verb = callee.rpartition(".")
    kwargs = {e.key: e.value for e in call.kwargs.entries} if call.kwargs else {}
    args = list(call.args)
    if family == "python":
        if verb in VERBS and receiver:
            url = args[0] if args else kwargs.get("url")
            if is_url(url):
                return verb.upper(), callee, url, _entries(kwargs.get("params")), kwargs.get("json", kwargs.get("data"))
        if verb == "request" and receiver or callee == "request":
            method = args[0] if args else kwargs.get("method")
            url = args[1] if len(args) > 1 else kwargs.get("url")
            if is_url(url):
                return _method(method), callee, url, _entries(kwargs.get("params")), kwargs.get("json", kwargs.get("data"))
        if callee.rsplit(".", 1)[-1] in ("urlopen", "Request") and args and is_url(args[0]):
            method = kwargs.get("method")
            data = kwargs.get("data", args[1] if len(args) > 1 else None)
            return (_method(method) if method else ("POST" if data is not None else "GET")), callee, args[0], (), data
        return None
    # JavaScript / TypeScript
    if callee in ("fetch", "window.fetch", "globalThis.fetch", "self.fetch") and args and is_url(args[0]):
        options = args[1] if len(args) > 1 else None
        method = "GET" if options is None else None
        body = None
        if isinstance(options, Obj):
            method = _method(options.get("method")) if options.get("method") is not None else "GET"
            body = options.get("body")
        return method, callee, args[0], (), body
    if verb in VERBS and receiver and args and is_url(args[0]) and not _registers_handler(args):
        config = args[1] if verb in ("get", "delete", "head", "options") and len(args) > 1 else (
            args[2] if len(args) > 2 else None)
        body = args[1] if verb in ("post", "put", "patch") and len(args) > 1 else None
        params = config.get("params") if isinstance(config, Obj) else None
        return verb.upper(), callee, args[0], _entries(params), body
    if (callee == "axios" or verb == "request") and args and isinstance(args[0], Obj) and is_url(args[0].get("url")):
        config = args[0]
        method = _method(config.get("method")) if config.get("method") is not None else "GET"
        return method, callee, config.get("url"), _entries(config.get("params")), config.get("data")
    return None


def _registers_handler(args) -> bool:
    """`app.get("/jobs", (req, res) => ...)` declares a server route; it sends nothing."""
    return any(isinstance(a, Other) and ("=>" in a.text or a.text.startswith(("function", "async"))) for a in args[1:])


def _method(value) -> str | None:
    if isinstance(value, Str) and not value.dynamic and value.text.upper() in HTTP_METHODS:
        return value.text.upper()
    return None


def _entries(params) -> tuple:
    """Query entries (name, value Str, name position) from a params object, list of pairs, or string."""
    if isinstance(params, Obj):
        return tuple((e.key, _as_str(e.value), e.key_start) for e in params.entries)
    if isinstance(params, Arr):
        found = []
        for item in params.items:
            if isinstance(item, Arr) and len(item.items) == 2 and isinstance(item.items[0], Str):
                found.append((item.items[0].text, _as_str(item.items[1]), item.items[0].start))
        return tuple(found)
    if isinstance(params, Str):
        return tuple((name, value, value.start) for name, value in split_query(params))
    return ()


def _as_str(value) -> Str:
    """A query value as a string; a list is its items joined by commas."""
    if not isinstance(value, Arr):
        return as_str(value)
    pieces = []
    for index, item in enumerate(value.items):
        if index:
            pieces.append(Str(",", (None,), item.start, item.start))
        pieces.append(_as_str(item))
    return concat(pieces, value.start, value.end) if pieces else Str("", (), value.start, value.end)


def _finish(block, method, client, url: Str, extra, body) -> Request:
    """Split a URL into path and query and map everything to file positions."""
    text = url.text.split("#", 1)[0]
    path_part, question, query_part = text.partition("?")
    base_known, base, path_start = True, "", 0
    scheme = SCHEME.match(path_part) or HOST_PORT.match(path_part)
    if scheme:
        path_start = scheme.end()
    elif path_part.startswith(HOLE):
        base_known = False
        base = url.holes[0] if url.holes else ""
        rest = path_part.lstrip(HOLE)
        path_start = len(path_part) - len(rest)
        port = re.match(r"^:\d+", rest)
        if port:
            path_start += port.end()
            base_known = True
    elif path_part.startswith("/"):
        base_known = False  # relative to whatever the client was configured with
        base = client.rpartition(".")[0] or client
    path_text = path_part[path_start:]
    path = None
    if path_text.startswith("/") or (not path_text and scheme):
        path = url.slice(path_start, len(path_part)).rendered() or "/"
    elif path_text and not path_text.startswith(HOLE):
        path = None
    query = []
    if question:
        query_str = url.slice(len(path_part) + 1, len(text))
        query.extend((name, value, value.start) for name, value in split_query(query_str))
    query.extend(extra)
    params = tuple(_param(block, name, value) for name, value, _ in query)
    line, column = block.position(*url.start)
    end_line, end_column = block.position(*url.end)
    path_line, path_column = block.position(*url.at(path_start)) if path else (line, column)
    span = None
    if path and url.contiguous(path_start, len(path_part)):
        span = (path_line, path_column, path_column + len(path_part) - path_start)
    return Request(method, url.rendered(), path, params, line, column, end_column if end_line == line else column,
                   block.source, "url" if client == "url" else "call", "" if client == "url" else client,
                   base_known, base, path_line, path_column, span, body, end_line)


def _param(block, name: str, value: Str) -> QueryParam:
    line, column = block.position(*value.at(0)) if value.text else block.position(*value.start)
    return QueryParam(name, value.text, line, column, column + len(value.text), value, block)
