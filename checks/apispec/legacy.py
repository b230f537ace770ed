"""Facts about the older ways of doing what the Jobs routes do, and about answers' fields.

Docs written before the Jobs API poll legacy status routes, cancel through the queue or an
interrupt, and download files that arrive through a redirect. The lint rules that judge such
samples ask these accessors: which words a legacy route's answer uses and what its
replacement says instead (`x-replaced-by.vocabulary`), which server routes a Jobs operation
replaces (`x-replaced-by.routes` at the document root), how downloads hand out bytes
(`x-download` on an operation, or a 3xx answer), and the enum of any field of an operation's
answer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from checks.apispec.facts import Spec

ANY_KEY = "*"  # a path segment standing for any key of an object or index of an array


@dataclass(frozen=True)
class VocabularyChange:
    """A deprecated route's answer speaks other words than its replacement's (`vocabulary`)."""

    field: tuple[str, ...]  # where this route's answer says it (`status`, `status.status_str`)
    values: dict  # this route's value -> the replacement's value

    @property
    def field_name(self) -> str:
        return ".".join(self.field)

    def spelled_as(self, replacement_value: str) -> tuple[str, ...]:
        """This route's words for a value of the replacement (`failed` -> `error`, `lost`, ...)."""
        return tuple(old for old, new in self.values.items() if new == replacement_value)


@dataclass(frozen=True)
class ReplacedRoute:
    """A server route outside the Jobs operations that a Jobs operation replaces."""

    method: str
    path: str
    served_paths: tuple[str, ...]
    operation_id: str  # the Jobs operation to use instead
    body_key: str | None  # the request-body key that makes the route do what is replaced
    stops: tuple[str, ...]  # the lifecycle roles of the jobs it can end (`waiting`, `running`)
    note: str


@dataclass(frozen=True)
class DownloadRoute:
    """A route that hands out files, and how: in its own answer, or by a redirect (to another origin)."""

    method: str
    path: str
    served_paths: tuple[str, ...]
    redirect: int | None  # the redirect status (302), None when the bytes come in the answer
    cross_origin: bool  # the redirect leads to another host (storage), which needs no credentials


def vocabulary_change(spec: Spec, operation_id: str) -> VocabularyChange | None:
    """How a deprecated operation's words differ from those of its replacement, if they do."""
    op = spec.operation(operation_id)
    table = ((op.raw.get("x-replaced-by") or {}).get("vocabulary") if op else None) or None
    if not table:
        return None
    field = table.get("field") or ()
    field = tuple(field.split(".")) if isinstance(field, str) else tuple(str(part) for part in field)
    return VocabularyChange(field, {str(old): str(new) for old, new in (table.get("values") or {}).items()})


@functools.lru_cache(maxsize=None)
def replaced_routes(spec: Spec) -> tuple[ReplacedRoute, ...]:
    """Server routes (`POST /queue` with `delete`, `POST /interrupt`) a Jobs operation replaces."""
    table = (spec.document.get("x-replaced-by") or {}).get("routes") or {}
    found = []
    for route, entry in table.items():
        method, _, path = str(route).partition(" ")
        if not path or not isinstance(entry, dict) or not entry.get("operationId"):
            continue
        if spec.operation(entry["operationId"]) is None:
            continue  # a v2 table names operations of this profile only when it has them
        found.append(ReplacedRoute(method.upper(), path, (path, *entry.get("also-at", ())), entry["operationId"],
                                   entry.get("body-key"), tuple(entry.get("stops", ())), entry.get("note", "")))
    return tuple(found)


@functools.lru_cache(maxsize=None)
def downloads(spec: Spec) -> tuple[DownloadRoute, ...]:
    """Every route the profile says hands out files, and whether it redirects to get them.

    Read from an operation's `x-download`, or from an operation that answers a 3xx with a
    `Location` (the target is then taken to be another origin: a signed storage link).
    """
    found = []
    for op in spec.operations:
        if op.download is not None:
            found.append(DownloadRoute(op.method, op.path, op.served_paths, op.download.redirect, op.download.cross_origin))
            continue
        for status, response in (op.raw.get("responses") or {}).items():
            if str(status).startswith("3") and "Location" in (spec.deref(response).get("headers") or {}):
                found.append(DownloadRoute(op.method, op.path, op.served_paths, int(status), True))
                break
    return tuple(found)


def _success_schema(spec: Spec, operation_id: str):
    op = spec.operation(operation_id)
    if op is None:
        return None
    for status, response in sorted((op.raw.get("responses") or {}).items()):
        if str(status).startswith("2"):
            media = (spec.deref(response).get("content") or {}).get("application/json")
            if media and media.get("schema"):
                return media["schema"]
    return None


def _child(spec: Spec, schema, key: str):
    """The schema of `schema[key]` (a property, any additional property, or an array item)."""
    schema = spec.deref(schema)
    if not isinstance(schema, dict):
        return None
    if schema.get("type") == "array" or "items" in schema:
        return schema.get("items") if key == ANY_KEY or key.isdigit() else None
    properties = spec.properties(schema)
    if key in properties:
        return properties[key]
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        return extra
    for part in schema.get("allOf", []):
        extra = spec.deref(part).get("additionalProperties")
        if isinstance(extra, dict):
            return extra
    return None


def answer_field_enum(spec: Spec, operation_id: str, field: tuple[str, ...]) -> tuple[str, ...] | None:
    """The values the field at `field` (keys from the root; `ANY_KEY` for any) of an operation's
    JSON success answer can take, or None when the spec gives no enum there."""
    schema = _success_schema(spec, operation_id)
    for key in field:
        if schema is None:
            return None
        schema = _child(spec, schema, key)
    schema = spec.deref(schema) if schema is not None else None
    values = schema.get("enum") if isinstance(schema, dict) else None
    return tuple(str(value) for value in values) if values else None


def download_at(spec: Spec, path: str, method: str | None = "GET") -> DownloadRoute | None:
    """The download route a request path (query ignored) reaches in this profile, if any."""
    import re

    bare = path.split("?", 1)[0].rstrip("/") or "/"
    for download in downloads(spec):
        if method not in (None, download.method):
            continue
        for served in download.served_paths:
            pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(served))
            if re.fullmatch(pattern, bare):
                return download
    return None


def download_prefixes(specs) -> tuple[str, ...]:
    """The literal start (before the first path parameter) of every download route of `specs`:
    a page holding none of them requests no download."""
    return tuple(sorted({served.split("{", 1)[0].rstrip("/") for spec in specs for d in downloads(spec) for served in d.served_paths}))
