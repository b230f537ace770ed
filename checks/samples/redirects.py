"""How a sample's HTTP client treats redirects: does it follow, which headers it sends, does
it save the body, does it read the redirect itself.

    for sent in sent_requests(block, names):
        sent.request.path, sent.client, sent.follows, sent.headers, sent.saves, sent.reads_redirect

What each client does is the client's behaviour, not an API fact, so it is written here:
curl follows only with `-L` (`--location-trusted` also sends credentials to every host) and
on a redirect to another host drops an `Authorization` header it was given, not a custom one;
`requests` and `urllib` follow by default (`requests.head` does not), `httpx` only with
`follow_redirects=True`; `requests`, `httpx`, `fetch` and axios drop `Authorization` on a
cross-host redirect and keep every other header; `urllib` keeps them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.samples.literals import Obj, Other, Str, family_of, read_block
from checks.samples.requests import _call_request, _finish
from checks.samples.requests_shell import _CURL_VALUE, shell_request

_AUTHORIZATION = "authorization"


@dataclass(frozen=True)
class SentRequest:
    request: object  # `checks.samples.requests.Request`
    client: str  # "curl", "requests", "httpx", "urllib", "fetch", "axios", "wget", ...
    follows: bool  # follows redirects
    trusted: bool  # sends credentials to every host it is redirected to (`curl --location-trusted`)
    headers: frozenset  # lower-case names of the headers it sends
    saves: bool  # writes the answer's body to a file (curl `-o`/`-O`)
    reads_redirect: bool  # looks at the redirect itself (`Location`, `-w %{redirect_url}`, `-I`)

    def keeps_on_other_host(self, header: str) -> bool:
        """Whether `header` still goes out after a redirect to another host."""
        if not self.follows:
            return False
        if self.trusted or self.client == "urllib":
            return True
        return header.lower() != _AUTHORIZATION


_READS_REDIRECT = re.compile(r"""["']location["']|\.headers\.get\(\s*["']location|\bis_redirect\b|\bnext\b\s*\(|
                             redirect_url|\.redirected\b|\bLocation\b""", re.I | re.X)


def _header_names(value, names: dict) -> set[str]:
    if isinstance(value, Obj):
        return {entry.key.lower() for entry in value.entries}
    if isinstance(value, Other):
        found = set()
        for word in re.findall(r"[A-Za-z_$][\w$]*", value.text):
            if isinstance(names.get(word), Obj):
                found |= {entry.key.lower() for entry in names[word].entries}
        return found
    return set()


def _spread_headers(source: str, names: dict) -> set[str]:
    """Headers a dict or object gets from `**HEADERS` / `...HEADERS` spreads in the call's text."""
    found = set()
    for name in re.findall(r"(?:\*\*|\.\.\.)([A-Za-z_$][\w$]*)", source):
        value = names.get(name)
        if isinstance(value, Obj):
            found |= {entry.key.lower() for entry in value.entries}
    return found


def _source(code: str, start, end) -> str:
    lines = code.split("\n")
    (l1, c1), (l2, c2) = start, end
    if l1 == l2:
        return lines[l1 - 1][c1 - 1:c2 - 1] if 0 < l1 <= len(lines) else ""
    return "\n".join([lines[l1 - 1][c1 - 1:], *lines[l1:l2 - 1], lines[l2 - 1][:c2 - 1]]) if 0 < l1 <= l2 <= len(lines) else ""


def _curl(block, words, request) -> SentRequest:
    follows = trusted = saves = reads = False
    headers = set()
    index = 1
    while index < len(words):
        text = words[index].text
        value = words[index + 1].text if index + 1 < len(words) else ""
        if text in ("-L", "--location"):
            follows = True
        elif text == "--location-trusted":
            follows = trusted = True
        elif text in ("-H", "--header"):
            headers.add(value.split(":", 1)[0].strip().lower())
        elif text.startswith("-H") and len(text) > 2:
            headers.add(text[2:].split(":", 1)[0].strip().lower())
        elif text in ("-o", "--output") or text.startswith("--output-dir"):
            saves = saves or value != "/dev/null"
        elif text in ("-O", "--remote-name", "-J", "--remote-header-name", "--remote-name-all"):
            saves = True
        elif text in ("-w", "--write-out") and "redirect_url" in value:
            reads = True
        elif text in ("-I", "--head", "-D", "--dump-header", "-i", "--include"):
            reads = True
        elif text.startswith("-") and not text.startswith("--") and len(text) > 2:
            flags = text[1:]
            for position, flag in enumerate(flags):
                if flag == "L":
                    follows = True
                elif flag == "O":
                    saves = True
                elif flag in ("I", "i"):
                    reads = True
                elif flag == "o":
                    rest = flags[position + 1:] or value
                    saves = saves or rest != "/dev/null"
                    break
                elif flag in "HdXwuAeFTbc":
                    break
        if text in _CURL_VALUE or text in ("-H", "-o", "-w"):
            index += 2
        else:
            index += 1
    return SentRequest(request, "curl", follows, trusted, frozenset(headers), saves, reads)


def _python_client(callee: str) -> str:
    head = callee.split(".", 1)[0]
    if "urlopen" in callee or callee.endswith("Request"):
        return "urllib"
    return "httpx" if head == "httpx" else "requests" if head == "requests" else head or "requests"


def _python(block, call, request, names, code) -> SentRequest:
    client = _python_client(call.callee)
    kwargs = {entry.key: entry.value for entry in call.kwargs.entries} if call.kwargs else {}
    verb = call.callee.rsplit(".", 1)[-1]
    if client == "httpx" or verb == "stream":
        follows = _truthy(kwargs.get("follow_redirects"), False)
    else:
        follows = _truthy(kwargs.get("allow_redirects"), verb != "head")
    headers = _header_names(kwargs.get("headers"), names) | _spread_headers(_source(code, call.start, call.end), names)
    if client == "urllib" and len(call.args) > 2:
        headers |= _header_names(call.args[2], names)
    return SentRequest(request, client, follows, False, frozenset(headers), False, bool(_READS_REDIRECT.search(code)))


def _truthy(value, default: bool) -> bool:
    if isinstance(value, Other):
        return value.text not in ("False", "false", "0", "None")
    return default if value is None else True


def _js(block, call, request, names, code) -> SentRequest:
    options = call.args[1] if len(call.args) > 1 else None
    if isinstance(call.args[0], Obj) if call.args else False:
        options = call.args[0]
    client = "fetch" if call.callee.endswith("fetch") else "axios"
    follows = True
    headers: set = set()
    if isinstance(options, Obj):
        redirect = options.get("redirect")
        if isinstance(redirect, Str) and redirect.text in ("manual", "error"):
            follows = False
        limit = options.get("maxRedirects")
        if limit is not None and getattr(limit, "text", "") == "0":
            follows = False
        headers = _header_names(options.get("headers"), names)
    headers |= _spread_headers(_source(code, call.start, call.end), names)
    return SentRequest(request, client, follows, False, frozenset(headers), False, bool(_READS_REDIRECT.search(code)))


def sent_requests(block, names: tuple = ()) -> list[SentRequest]:
    """Every request a block sends, with what its client does about redirects."""
    family = family_of(block.language)
    if family not in ("python", "js", "shell"):
        return []
    values = read_block(block, names)
    known = {**dict(names), **values.names}
    found = []
    if family == "shell":
        for name, words, _, _ in values.commands:
            sent = shell_request(name, words)
            if sent is None:
                continue
            request = _finish(block, *sent)
            if sent[1] == "curl":
                found.append(_curl(block, words, request))
            else:
                found.append(SentRequest(request, sent[1], True, False, frozenset(), True, False))
        return found
    for call in values.calls:
        sent = _call_request(call, family)
        if sent is None:
            continue
        request = _finish(block, *sent)
        found.append((_python if family == "python" else _js)(block, call, request, known, block.code))
    return found
