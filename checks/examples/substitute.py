"""Point a sample at the server under test: its base URL and its API key, per language.

Samples are written for readers (`BASE_URL = "https://cloud.comfy.org"`, `export
COMFY_CLOUD_API_KEY="paste-your-key-here"`). The runner rewrites, without changing the
number of lines (so errors still point at the right page line):

- every URL the docs use for the server (the spec's `servers`, their loopback spellings,
  `--doc-url`), and a URL assigned to a base-URL variable (`BASE_URL`, ...), to the server;
- a string assigned to an API-key variable (`API_KEY`, ...), or written as the value of the
  spec's auth header, to a read of that variable from the environment;

and the program's environment holds every base-URL and API-key variable name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_URL_NAMES = ("BASE_URL", "SERVER_URL", "COMFY_URL", "COMFYUI_URL", "API_URL", "SERVER")
DEFAULT_KEY_NAMES = ("API_KEY", "COMFY_API_KEY", "COMFY_CLOUD_API_KEY")
_LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "[::1]")


@dataclass(frozen=True)
class Target:
    """What programs should call, and how the docs spell what they call."""

    base_url: str  # where programs send requests (the recording proxy)
    doc_urls: tuple[str, ...] = ()
    url_names: tuple[str, ...] = DEFAULT_URL_NAMES
    key_names: tuple[str, ...] = DEFAULT_KEY_NAMES
    auth_header: str | None = None  # from the spec; None when the dialect has no auth


def doc_urls_for(specs, extra=()) -> tuple[str, ...]:
    """Server URLs of the given specs and `extra`, with the other spellings of a loopback host."""
    urls: list[str] = []
    for url in [*(server.get("url", "") for spec in specs for server in spec.document.get("servers", [])), *extra]:
        url = url.rstrip("/")
        if not url:
            continue
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.port and (host in _LOOPBACK_HOSTS or f"[{host}]" in _LOOPBACK_HOSTS):
            urls += [f"{parts.scheme}://{spelling}:{parts.port}{parts.path}" for spelling in _LOOPBACK_HOSTS]
        else:
            urls.append(url)
    return tuple(dict.fromkeys(urls))


def environment(target: Target, api_key: str | None) -> dict[str, str]:
    """Variables a program needs: every base-URL name, and every API-key name when there is a key."""
    env = {name: target.base_url for name in target.url_names}
    if api_key:
        env.update({name: api_key for name in target.key_names})
    return env


def env_reference(language: str, name: str) -> str:
    """An expression reading environment variable `name` in `language`."""
    if language == "python":
        return f'__import__("os").environ["{name}"]'
    if language == "bash":
        return f'"${{{name}}}"'
    return f"process.env.{name}"


def _names(names) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _replace_doc_urls(code: str, target: Target) -> str:
    base = target.base_url.rstrip("/")
    for url in sorted(target.doc_urls, key=len, reverse=True):
        code = re.sub(re.escape(url) + r"(?![\w.-])", lambda _: base, code)
    netloc = urlsplit(base).netloc
    for url in target.doc_urls:
        parts = urlsplit(url)
        if parts.port:  # `server_address = "127.0.0.1:8188"`, then `f"http://{server_address}/prompt"`
            code = re.sub(r"(?<![\w.:/-])" + re.escape(parts.netloc) + r"(?!\d)", lambda _: netloc, code)
    return code


def _replace_url_assignments(code: str, target: Target) -> str:
    if not target.url_names:
        return code
    base = target.base_url.rstrip("/")
    pattern = re.compile(
        r"(?<![\w.$])(?P<head>(?:" + _names(target.url_names) + r")(?:\s*:\s*[\w.]+)?\s*=\s*(?P<q>[\"'`]?))"
        r"(?P<origin>https?://[^/\s\"'`]*)"
    )
    return pattern.sub(lambda m: m.group("head") + base, code)


def _replace_key_literals(code: str, language: str, target: Target) -> str:
    if not target.key_names:
        return code
    first = target.key_names[0]
    quoted = r"(?P<q>[\"'`])(?P<value>[^\"'`\n]*)(?P=q)"
    unquoted = r"(?P<bare>[^\s\"'`;$][^\s\"'`;]*)" if language == "bash" else r"(?!)"
    assignment = re.compile(
        r"(?<![\w.$])(?P<head>(?P<name>" + _names(target.key_names) + r")(?:\s*:\s*[\w.]+)?" +
        (r"=" if language == "bash" else r"\s*=\s*") + r")(?:" + quoted + "|" + unquoted + ")"
    )

    def keyed(match: re.Match) -> str:
        if (match.group("value") or "").startswith("$"):
            return match.group(0)  # already reads a variable
        return match.group("head") + env_reference(language, match.group("name"))

    code = assignment.sub(keyed, code)
    if target.auth_header is None:
        return code
    header = re.escape(target.auth_header)
    if language == "bash":
        pattern = re.compile(r"(?P<q>[\"'])(?P<name>" + header + r")\s*:\s*(?P<value>[^\s\"'$][^\"'\n]*)(?P=q)", re.I)
        return pattern.sub(lambda m: f'"{m.group("name")}: ${{{first}}}"', code)
    pattern = re.compile(r"(?P<key>(?P<q>[\"'])" + header + r"(?P=q)\s*:\s*)(?P<q2>[\"'`])(?P<value>[^\"'`\n]*)(?P=q2)", re.I)

    def literal(match: re.Match) -> str:
        if "$" in match.group("value") or "{" in match.group("value"):
            return match.group(0)  # a template or f-string already builds it from a variable
        return match.group("key") + env_reference(language, first)

    return pattern.sub(literal, code)


def substitute(code: str, language: str, target: Target) -> str:
    """`code` calling `target.base_url` with the key from the environment; same number of lines."""
    code = _replace_doc_urls(code, target)
    code = _replace_url_assignments(code, target)
    return _replace_key_literals(code, language, target)
