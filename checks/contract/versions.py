"""Which server version is this, and which dialect does it really speak?

The spec says where the version lives (`x-version-source`: an operation and a JSON
pointer into its body). A run that finds problems also asks the other dialects' version
routes once (a plain GET): a Comfy Cloud run against a local server then reads as the
list of differences between the two dialects, not as a broken server.
"""

from __future__ import annotations

from checks.apispec.versions import version_tuple


def pointer_get(document, pointer: str):
    node = document
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def read_server_version(target) -> tuple[str | None, str | None]:
    """(version, why it is unknown) read where the profile's spec says it lives."""
    source = target.spec.version_source
    if not source:
        return None, f"the {target.profile} profile publishes no version"
    exchange = target.call(source["operationId"])
    if exchange.status != 200:
        return None, f"{exchange.operation} answered {exchange.status}"
    value = pointer_get(exchange.body, source.get("pointer", ""))
    if not isinstance(value, str) or not version_tuple(value):
        return None, f"{exchange.operation} has no version at {source.get('pointer')}"
    return value, None


def other_dialect(target) -> str | None:
    """A sentence naming the dialect the server answers like, when it is not the run's own."""
    import requests

    from checks.apispec import PROFILES, spec_for

    for profile in PROFILES:
        if profile == target.profile:
            continue
        other = spec_for(profile)
        source = other.version_source or {}
        op = other.operation(source.get("operationId", ""))
        if op is None or op.method != "GET" or target.spec.match_path(op.path, "GET"):
            continue
        try:
            response = target.session.get(target.base_url + op.path, timeout=target.timeout,
                                          headers=target.auth_headers(), allow_redirects=False)
            body = response.json() if response.status_code == 200 else None
        except (requests.RequestException, ValueError):
            continue
        finally:
            target.requests_sent += 1
        version = pointer_get(body, source.get("pointer", "")) if body is not None else None
        if isinstance(version, str) and version_tuple(version):
            return (f"the server answers like the {profile} dialect (GET {op.path} reports version {version}): "
                    f"the problems below are what the {target.profile} dialect does differently")
    return None
