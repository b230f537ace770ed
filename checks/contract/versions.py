"""Which server version is this, and which routes does it predate?

The spec says where the version lives (`x-version-source`: an operation and a JSON
pointer into its body) and since when a route exists (`x-since`); a route newer than
the server is reported as "not available in X", never as a failure.
"""

from __future__ import annotations

from checks.apispec.versions import available, version_tuple


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


def unavailable_operations(spec, version: str | None) -> list:
    """Operations the server predates, by their `x-since`."""
    return [op for op in spec.operations if not available(op.since, version)]
