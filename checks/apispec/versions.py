"""Server versions against the spec's `x-since`, shared by the runner and the reference server."""

from __future__ import annotations

import re


def version_tuple(text: str | None) -> tuple[int, ...] | None:
    """`"0.33.0"` -> (0, 33, 0); only the leading numeric parts, so `"0.26.0rc1"` still compares."""
    if not text:
        return None
    parts = []
    for piece in str(text).lstrip("v").split("."):
        digits = re.match(r"\d+", piece)
        if not digits:
            break
        parts.append(int(digits.group()))
    return tuple(parts) or None


def available(since: str | None, version: str | None) -> bool:
    """Whether something marked `x-since: since` exists on a server of `version` (unknown: assume yes)."""
    have, need = version_tuple(version), version_tuple(since)
    return have is None or need is None or have >= need


def document_for_version(profile: str, version: str | None) -> dict:
    """The resolved document of `profile` without the operations and parameters newer than `version`.

    Fuzzing a server with a parameter it predates would report its (correct) silence as a
    failure; this is the document a server of that version really implements.
    """
    from checks.apispec.facts import HTTP_METHODS, Spec
    from checks.apispec.loader import resolved_document

    document = resolved_document(profile)
    spec = Spec(profile, document)
    for path, item in list(document.get("paths", {}).items()):
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            if not available(op.get("x-since"), version):
                del item[method]
            elif "parameters" in op:
                op["parameters"] = [param for param in op["parameters"]
                                    if available(spec.deref(param).get("x-since"), version)]
        if not any(method in item for method in HTTP_METHODS):
            del document["paths"][path]
    kept = {op.operation_id for op in Spec(profile, document).operations}
    for op in Spec(profile, document).operations:  # links must not lead to a removed operation
        for response in op.raw.get("responses", {}).values():
            links = response.get("links") if isinstance(response, dict) else None
            for name in [name for name, link in (links or {}).items() if link.get("operationId") not in kept]:
                del links[name]
    return document


def newer_parameters(spec, version: str | None) -> list[tuple[str, str, str]]:
    """(operationId, parameter, x-since) of every parameter the server predates."""
    found = []
    for op in spec.operations:
        for param in op.raw.get("parameters", []):
            param = spec.deref(param)
            if not available(param.get("x-since"), version):
                found.append((op.operation_id, param.get("name", ""), str(param.get("x-since"))))
    return found
