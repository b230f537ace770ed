"""Requests made by shell commands: curl (with `-G`/`--data-urlencode`), wget and httpie."""

from __future__ import annotations

import re

from checks.samples.literals import HOLE, Str
from checks.samples.requests_urls import HTTP_METHODS, is_url, split_query

# curl options that take a value (curl's own syntax; not an API fact).
_CURL_VALUE = {
    "-X", "--request", "-H", "--header", "-d", "--data", "--data-raw", "--data-binary", "--data-ascii",
    "--data-urlencode", "--json", "-F", "--form", "--form-string", "-u", "--user", "-o", "--output", "-A",
    "--user-agent", "-e", "--referer", "-b", "--cookie", "-c", "--cookie-jar", "-w", "--write-out", "-m",
    "--max-time", "--connect-timeout", "--retry", "--retry-delay", "--retry-max-time", "-x", "--proxy", "-T",
    "--upload-file", "--url", "-K", "--config", "-r", "--range", "-z", "--time-cond", "-C", "--continue-at",
    "--cacert", "--capath", "--cert", "-E", "--key", "--resolve", "--connect-to", "--limit-rate", "-Y",
    "--speed-limit", "-y", "--speed-time", "--max-redirs", "--interface", "-U", "--proxy-user", "--noproxy",
    "--oauth2-bearer", "--variable", "--aws-sigv4", "--unix-socket", "--abstract-unix-socket", "-D",
    "--dump-header", "--trace", "--trace-ascii", "--stderr", "-Q", "--quote", "--local-port",
    "--parallel-max", "--proto", "--proto-redir", "--ciphers", "--user-agent", "--request-target", "-P",
    "--ftp-port", "--create-file-mode", "--output-dir", "--dns-servers", "--expect100-timeout",
}
_CURL_SHORT_VALUE = {opt[1] for opt in _CURL_VALUE if len(opt) == 2}
_CURL_DATA = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode", "--json"}



def shell_request(name: str, words: list[Str]):
    program = name.rsplit("/", 1)[-1]
    if program == "curl":
        return _curl(words)
    if program == "wget":
        return _wget(words)
    if program in ("http", "https", "xh"):
        return _httpie(words)
    return None


def _curl(words: list[Str]):
    method, get, url, data, body = None, False, None, [], None
    i = 1
    while i < len(words):
        text = words[i].text
        if text.startswith("--") and len(text) > 2:
            value = words[i + 1] if i + 1 < len(words) and text in _CURL_VALUE else None
            if text in ("--get",):
                get = True
            elif text == "--head":
                method = method or "HEAD"
            elif text == "--request" and value is not None:
                method = value.text.upper()
            elif text == "--url" and value is not None:
                url = url or value
            elif text in _CURL_DATA and value is not None:
                data.append((text, value))
            elif text in ("--form", "--form-string") and value is not None:
                body = body or value
            elif text == "--upload-file":
                method = method or "PUT"
            i += 2 if text in _CURL_VALUE else 1
            continue
        if text.startswith("-") and len(text) > 1 and not text.startswith(HOLE):
            consumed = 1
            for index, flag in enumerate(text[1:], start=1):
                if flag in _CURL_SHORT_VALUE:
                    rest = words[i].slice(index + 1)
                    value = rest if rest.text else (words[i + 1] if i + 1 < len(words) else None)
                    consumed = 1 if rest.text else 2
                    if value is not None:
                        if flag == "X":
                            method = value.text.upper()
                        elif flag == "d":
                            data.append(("-d", value))
                        elif flag == "F":
                            body = body or value
                        elif flag == "T":
                            method = method or "PUT"
                    break
                if flag == "G":
                    get = True
                elif flag == "I":
                    method = method or "HEAD"
            i += consumed
            continue
        if url is None and is_url(words[i]):
            url = words[i]
        i += 1
    if url is None:
        return None
    query = []
    if get:
        for option, value in data:
            if option == "--data-urlencode":
                name, _, rest = value.text.partition("=")
                if "=" in value.text and name and HOLE not in name:
                    query.append((name, value.slice(len(name) + 1), value.start))
            else:
                query.extend((n, v, v.start) for n, v in split_query(value))
    elif data:
        body = data[0][1]
    if method is None:
        method = "GET" if get or not data and body is None else "POST"
    if method and (method.startswith(HOLE) or method not in HTTP_METHODS):
        method = None
    return method, "curl", url, tuple(query), body


def _wget(words: list[Str]):
    method, url, body = "GET", None, None
    for word in words[1:]:
        text = word.text
        if text.startswith("--method="):
            method = text.split("=", 1)[1].upper() or None
        elif text.startswith(("--post-data=", "--post-file=", "--body-data=")):
            method = method if method != "GET" else "POST"
            body = word.slice(text.index("=") + 1)
        elif not text.startswith("-") and url is None and is_url(word):
            url = word
    return (method, "wget", url, (), body) if url else None


def _httpie(words: list[Str]):
    method, url, query, body = None, None, [], None
    for word in words[1:]:
        text = word.text
        if url is None:
            if text.startswith("-"):
                continue
            if text.upper() in HTTP_METHODS and text.isupper():
                method = text
                continue
            if is_url(word):
                url = word
            continue
        match = re.match(r"^([\w.\[\]-]+)(==|:=|=)", text)
        if match and match.group(2) == "==":
            query.append((match.group(1), word.slice(match.end()), word.start))
        elif match:
            body = body or word
    if url is None:
        return None
    return method or ("POST" if body is not None else "GET"), words[0].text, url, tuple(query), body


