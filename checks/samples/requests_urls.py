"""URL pieces for the request finder: what looks like a URL, and query strings with positions."""

from __future__ import annotations

import re
from urllib.parse import unquote_plus

from checks.apispec.routes import has_api_root

from checks.samples.literals import HOLE, Str, concat

HTTP_METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
VERBS = {m.lower() for m in HTTP_METHODS}
SPACE = re.compile(r"\s")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*")
HOST_PORT = re.compile(r"^(localhost|[\w.-]+\.[\w-]+|\[[0-9a-fA-F:]+\]|[\w.-]*" + HOLE + r")?:\d+(?=/|$)")


def is_url(value) -> bool:
    """A string a client could send: absolute, `host:port/...`, `/path`, or `{base}/path`."""
    if not isinstance(value, Str):
        return False
    text = value.text.strip()
    if not text or len(text) > 2000 or SPACE.search(text):
        return False
    if SCHEME.match(text) or HOST_PORT.match(text):
        return True
    if text.startswith("/") and not text.startswith("//"):
        return True
    return text.startswith(HOLE) and text.lstrip(HOLE)[:1] in ("/", "?", ":")


_GLUE = re.compile(r"[\s\"'`(=,\[<>|;]")
_HOST = re.compile(r"(?:[\w-]+\.)+[A-Za-z][\w-]*(?::\d+)?|localhost(?::\d+)?|[\d.]+:\d+")


def route_uses(text: str, profiles: tuple[str, ...] | None = None):
    """Matches of a served route in `text` that are used as a path: after a host, a base
    variable or a quote, not glued to a word (`queue/history` in a comment is no route)."""
    from checks.apispec.loader import PROFILES
    from checks.apispec.routes import route_pattern

    for match in route_pattern(profiles or PROFILES).finditer(text):
        glued = _GLUE.split(text[max(0, match.start() - 200):match.start()])[-1]
        if not glued or "://" in glued or glued.endswith(("}", ")")) or glued.startswith(("$", "{")) \
                or _HOST.fullmatch(glued):
            yield match


def uses_a_route(text: str, profiles: tuple[str, ...] | None = None) -> bool:
    return next(route_uses(text, profiles), None) is not None


def free_url(value: Str) -> bool:
    """A string worth reporting although no known client sends it: absolute, or based on a variable."""
    text = value.text.strip()
    if not is_url(value):
        return False
    return bool(SCHEME.match(text)) or has_api_root(text) or (
        text.startswith(HOLE) and text.lstrip(HOLE)[:1] == "/")


def split_query(query: Str):
    """(name, value Str) for each `name=value` of a query string, percent-decoded."""
    offset = 0
    for piece in query.text.split("&"):
        if piece:
            name, eq, _ = piece.partition("=")
            value = query.slice(offset + len(name) + len(eq), offset + len(piece)) if eq else Str("", (), query.at(offset))
            yield unquote(name), percent_decoded(value)
        offset += len(piece) + 1


def unquote(text: str) -> str:
    return unquote_plus(text) if HOLE not in text else text


def percent_decoded(value: Str) -> Str:
    if "%" not in value.text and "+" not in value.text:
        return value
    pieces, i, text = [], 0, value.text
    while i < len(text):
        if text[i] == "%" and re.fullmatch(r"[0-9A-Fa-f]{2}", text[i + 1 : i + 3] or ""):
            pieces.append(Str(chr(int(text[i + 1 : i + 3], 16)), (value.at(i),), value.at(i), value.at(i)))
            i += 3
        else:
            piece = value.slice(i, i + 1)
            if piece.text == "+":
                piece = Str(" ", piece.positions, piece.start, piece.end)
            pieces.append(piece)
            i += 1
    return concat(pieces, value.start, value.end)


