"""Compare a published OpenAPI document with the canonical spec of a profile.

The canonical side is `jobs-checks spec show --profile NAME` (its pointers point into
that document); the other side is any OpenAPI 3.0/3.1 file (its pointers point into that
file, or `sibling.yaml#/pointer` for a referenced file). Operations are matched by
method and path template, ignoring path-parameter names, trailing slashes and a path
prefix in `servers`. Something missing on one side points at where it would go.

Each difference has a kind and a severity:

breaking: a client written from the other document would fail against the server.
  operation-missing   a profile operation is absent (cosmetic when the profile deprecates it)
  parameter-missing   a parameter the server reads is absent
  parameter-location  the parameter is sent elsewhere (query versus path or header)
  parameter-required  the profile requires a parameter the other calls optional (reverse: misleading)
  parameter-type      the types share no value (misleading when they overlap, e.g. list versus one value)
  parameter-style     a list parameter is serialised differently (`a,b` versus repeated `x=a&x=b`)
  enum-missing        a value the server accepts is not listed
  bounds-stricter     a minimum or maximum forbids values the server accepts (cosmetic when the
                      server clamps those values instead of rejecting them)
  status-missing      a status the server answers is not listed (misleading when only `default`
                      covers it, cosmetic when a range such as `4XX` does)
  field-type          a response field may hold a type the other forbids (misleading when the
                      other merely allows more)
  response-enum-missing  the server sends a value the other document does not list
  field-required      the other requires a field the server omits (reverse: cosmetic)
  field-missing       a field the server sends is absent and the other schema forbids extra
                      fields (misleading otherwise: readers do not learn about the field)
  field-extra         the other requires a field the server never sends (cosmetic otherwise)
  unit                a timestamp's stated unit (`x-unit`, `format: date-time` or words in its
                      description such as "Unix timestamp in seconds") differs from `x-unit`
  auth                the profile needs credentials the other does not ask for, or other ones
                      (misleading when only the other document asks for credentials)
  request-body        the profile requires a request body the other lacks (reverse: misleading)
misleading: a reader would expect something the server does not do.
  enum-extra          a listed value the server rejects (named with the profile's spelling when
                      the spec knows it as the other dialect's value)
  bounds-looser       the other allows values the server rejects
  default-differs     the defaults differ, or only one side states one
  deprecation         an operation, parameter or field is deprecated on one side only
  unit-ambiguous      a timestamp described as "Unix"/"epoch" without a unit (read as seconds)
  parameter-extra     a parameter the server ignores or does not know
  operation-extra     an operation under a Jobs path that the profile does not have
  response-enum-extra a listed value the server never sends
  media-type          the server answers a media type the other does not list (cosmetic reverse)
  header-missing      a response header the server sends (`Retry-After`) is not described
  header-extra        the other promises a response header the server does not send
  event-missing       an event stream sends an event type the other does not list (cosmetic
                      when the other lists no event types at all)
  event-extra         the other lists an event type the server never sends
cosmetic: incomplete wording, nothing a client or reader would get wrong.
  unit-unstated       a timestamp whose unit the other does not state
  enum-unlisted       the other document does not list the accepted values at all
  status-extra        a status the profile never answers
  body-unstated       the other document lists a status without describing its body
  parameter-renamed   a path parameter has another name (`{id}` versus `{job_id}`)

Prose is compared only for units: other wording differences would drown the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from checks.apispec.diff_load import HTTP_METHODS, Document, Node, as_list, load_document
from checks.apispec.diff_media import compare_events, compare_headers, compare_media_types
from checks.apispec.diff_params import compare_parameters
from checks.apispec.diff_schema import BodyComparison, view
from checks.apispec.facts import Operation, Spec, spec_for

SEVERITIES = ("breaking", "misleading", "cosmetic")
KINDS = (
    "operation-missing", "parameter-missing", "parameter-location", "parameter-required", "parameter-type",
    "parameter-style", "enum-missing", "bounds-stricter", "status-missing", "field-type", "response-enum-missing",
    "field-required", "field-missing", "field-extra", "unit", "auth", "request-body", "enum-extra", "bounds-looser",
    "default-differs", "deprecation", "unit-ambiguous", "parameter-extra", "operation-extra",
    "response-enum-extra", "unit-unstated", "enum-unlisted", "status-extra", "body-unstated", "parameter-renamed",
    "media-type", "header-missing", "header-extra", "event-missing", "event-extra",
)


@dataclass(frozen=True)
class Difference:
    """One way the other document disagrees with the profile, with a pointer on each side."""

    severity: str
    kind: str
    message: str
    canonical_pointer: str
    other_pointer: str

    def __post_init__(self):
        assert self.severity in SEVERITIES and self.kind in KINDS, (self.severity, self.kind)

    def as_dict(self) -> dict:
        return {"severity": self.severity, "kind": self.kind, "message": self.message,
                "canonical_pointer": self.canonical_pointer, "other_pointer": self.other_pointer}


@dataclass
class DiffReport:
    profile: str
    other: str
    differences: list[Difference] = field(default_factory=list)
    operations_compared: int = 0
    operations_matched: int = 0

    @property
    def summary(self) -> dict:
        counts = {severity: 0 for severity in SEVERITIES}
        for difference in self.differences:
            counts[difference.severity] += 1
        return {**counts, "total": len(self.differences), "operations_compared": self.operations_compared,
                "operations_matched": self.operations_matched}

    @property
    def breaking(self) -> bool:
        return any(d.severity == "breaking" for d in self.differences)

    def by_severity(self) -> dict[str, list[Difference]]:
        return {s: [d for d in self.differences if d.severity == s] for s in SEVERITIES}


class Found:
    """Collects differences, turning nodes of either document into pointers."""

    def __init__(self, spec: Spec, canonical: Document, other: Document):
        self.spec, self.canonical, self.other = spec, canonical, other
        self.profile = spec.profile
        self.differences: list[Difference] = []
        self.compared: set = set()  # schema pairs already walked: shared components are reported once
        self._keys: set = set()

    def add(self, severity: str, kind: str, message: str, canonical_node: Node, other_node: Node,
            key: str | None = None) -> None:
        """Record a difference; `key` (with kind and pointers) drops repeats of one defect seen from two routes."""
        difference = Difference(severity, kind, message, self.canonical.show(canonical_node),
                                self.other.show(other_node))
        identity = (kind, difference.canonical_pointer, difference.other_pointer, key) if key is not None else difference
        if identity not in self._keys:
            self._keys.add(identity)
            self.differences.append(difference)


@dataclass
class _OtherOperation:
    method: str
    path: str
    templates: tuple[str, ...]  # the path, then any `x-also-served-at` aliases
    node: Node
    item: Node


def normalise_path(path: str) -> str:
    """Compare templates, not spellings: `{id}` equals `{job_id}`, a trailing slash is dropped."""
    path = re.sub(r"/+", "/", re.sub(r"\{[^/}]*\}", "{}", path))
    return path.rstrip("/") or "/"


def _base_path(document: dict) -> str:
    servers = as_list(document.get("servers"))
    url = servers[0].get("url") if servers and isinstance(servers[0], dict) else None
    if not isinstance(url, str) or "{" in url:
        return ""
    return urlparse(url).path.rstrip("/")


def _families(spec: Spec, base: str) -> tuple[set[str], tuple[str, ...]]:
    """First path words of the profile's routes (after a shared prefix), to spot Jobs-like extra routes."""
    paths = [base + path for op in spec.operations for path in op.served_paths]
    segments = [[s for s in p.split("/") if s] for p in paths]
    common = []
    for column in zip(*segments):
        if len(set(column)) != 1 or column[0].startswith("{"):
            break
        common.append(column[0])
    prefixes = tuple(sorted({"/" + "/".join(common)} | set(spec.document.get("x-path-prefix-aliases", [])),
                            key=len, reverse=True))
    return {_first_word(p, prefixes) for p in paths} - {None}, prefixes


def _first_word(path: str, prefixes: tuple[str, ...]) -> str | None:
    for prefix in prefixes:
        if prefix != "/" and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix):]
            break
    word = next((s for s in path.split("/") if s), None)
    return None if word is None or word.startswith("{") else word


def _other_operations(other: Document) -> list[_OtherOperation]:
    base = _base_path(other.root.mapping)
    found = []
    paths = other.child(other.root, "paths")
    for path in paths.mapping:
        item = other.deref(other.child(paths, path))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                served = [str(path), *[a for a in as_list(operation.get("x-also-served-at")) if isinstance(a, str)]]
                templates = tuple(normalise_path(base + p) for p in served)
                found.append(_OtherOperation(method.upper(), str(path), templates, other.child(item, method), item))
    return found


def diff_document(profile: str, other_path: str | Path) -> DiffReport:
    """Every difference between the file at `other_path` and the canonical `profile` (may raise DiffInputError)."""
    return compare(profile, load_document(other_path), str(other_path))


def compare(profile: str, other: Document, name: str) -> DiffReport:
    """Every difference between a loaded document and the canonical `profile` (may raise DiffInputError)."""
    spec = spec_for(profile)
    canonical = Document(spec.document)
    found = Found(spec, canonical, other)
    report = DiffReport(profile, name)
    canon_base = _base_path(spec.document)
    other_ops = _other_operations(other)
    matched_other: set[int] = set()
    for op in spec.operations:
        report.operations_compared += 1
        templates = [normalise_path(canon_base + p) for p in op.served_paths]
        hits = [i for i, o in enumerate(other_ops) if o.method == op.method and set(o.templates) & set(templates)]
        hits.sort(key=lambda i: min(templates.index(t) for t in other_ops[i].templates if t in templates))
        matched_other.update(hits)
        op_node = canonical.child(canonical.root, "paths", op.path, op.method.lower())
        if not hits:
            severity = "cosmetic" if op.deprecated else "breaking"
            state = "deprecated operation" if op.deprecated else "operation"
            found.add(severity, "operation-missing", f"{op.method} {op.path}: the {profile} {state} "
                      f"{op.operation_id} is missing from the other document", op_node, other.child(other.root, "paths"))
            continue
        report.operations_matched += 1
        _compare_operation(found, op, op_node, other_ops[hits[0]])
    families, prefixes = _families(spec, canon_base)
    for index, other_op in enumerate(other_ops):
        if index in matched_other or _first_word(other_op.templates[0], prefixes) not in families:
            continue
        found.add("misleading", "operation-extra", f"{other_op.method} {other_op.path}: the other document lists "
                  f"an operation the {profile} profile does not have", canonical.child(canonical.root, "paths"),
                  other_op.node)
    report.differences = found.differences
    return report


def _compare_operation(found: Found, op: Operation, op_node: Node, other_op: _OtherOperation) -> None:
    label = f"{op.method} {op.path}"
    canonical = found.canonical
    other_value = other_op.node.mapping
    if op.deprecated != (other_value.get("deprecated") is True):
        states = ("deprecated", "current") if op.deprecated else ("current", "deprecated")
        found.add("misleading", "deprecation", f"{label} is {states[0]}; the other document calls it {states[1]}",
                  op_node, other_op.node)
    auth_headers = _compare_auth(found, label, op_node, other_op.node)
    compare_parameters(found, label, op, (op_node, canonical.deref(canonical.child(canonical.root, "paths", op.path))),
                       (other_op.node, other_op.item), other_op.path, auth_headers)
    _compare_request_body(found, label, op_node, other_op.node)
    _compare_responses(found, label, op_node, other_op.node)
    compare_events(found, label, op_node, other_op.node)


def _security(doc: Document, op_node: Node) -> tuple[dict[str, str], Node]:
    """Credentials an operation asks for: {normalised key: display name}, and the node stating them."""
    node = doc.child(op_node, "security") if "security" in op_node.mapping else doc.child(doc.root, "security")
    schemes = doc.child(doc.root, "components", "securitySchemes")
    needed = {}
    for requirement in as_list(node.value):
        for name in requirement if isinstance(requirement, dict) else ():
            scheme = doc.deref(doc.child(schemes, name)).mapping
            if not scheme:
                continue  # an undefined scheme names no credential we could compare
            if scheme.get("type") == "apiKey":
                key = f"{scheme.get('in')} {str(scheme.get('name')).lower()}"
                needed[key] = f"the {scheme.get('name')} {scheme.get('in')}"
            elif scheme.get("type") == "http":
                needed["header authorization"] = f"HTTP {scheme.get('scheme', '')} authorization".replace("  ", " ")
            else:
                needed[str(scheme.get("type"))] = f"{scheme.get('type')} credentials"
    return needed, (node if node.value is not None else op_node)


def _compare_auth(found: Found, label: str, op_node: Node, other_node: Node) -> set[str]:
    """Compare credentials; returns the header names that are credentials, not parameters."""
    canon_needs, canon_at = _security(found.canonical, op_node)
    other_needs, other_at = _security(found.other, other_node)
    headers = {key.split(" ", 1)[1] for key in canon_needs if key.startswith("header ")}
    for index, param in enumerate(as_list(other_node.get("parameters"))):
        param_node = found.other.deref(found.other.child(other_node, "parameters", index))
        name = str(param_node.get("name", "")).lower()
        if param_node.get("in") == "header" and name in headers:
            other_needs[f"header {name}"] = f"the {param_node.get('name')} header"
    wanted = " or ".join(canon_needs.values()) or "no credentials"
    said = " or ".join(other_needs.values()) or "no credentials"
    if not set(canon_needs) <= set(other_needs):
        found.add("breaking", "auth", f"{label} needs {wanted}; the other document asks for {said}",
                  canon_at, other_at)
    elif set(other_needs) - set(canon_needs):
        found.add("misleading", "auth", f"{label} needs {wanted}; the other document asks for {said}",
                  canon_at, other_at)
    return headers


def _compare_request_body(found: Found, label: str, op_node: Node, other_node: Node) -> None:
    canon_body = found.canonical.deref(found.canonical.child(op_node, "requestBody"))
    other_body = found.other.deref(found.other.child(other_node, "requestBody"))
    if canon_body.get("required") is True and other_body.value is None:
        found.add("breaking", "request-body", f"{label} needs a request body; the other document describes none",
                  canon_body, other_node)
    elif other_body.get("required") is True and canon_body.value is None:
        found.add("misleading", "request-body", f"{label} takes no request body; the other document requires one",
                  op_node, other_body)


def _json_schema(doc: Document, response: Node) -> Node | None:
    content = doc.child(doc.deref(response), "content")
    types = [t for t in content.mapping if "json" in str(t).lower()]
    if not types:
        return None
    media = "application/json" if "application/json" in types else types[0]
    schema = doc.child(content, media, "schema")
    return schema if schema.value is not None else None


def _compare_responses(found: Found, label: str, op_node: Node, other_node: Node) -> None:
    canonical, other = found.canonical, found.other
    canon_responses, other_responses = canonical.child(op_node, "responses"), other.child(other_node, "responses")
    other_by_status = {str(status): status for status in other_responses.mapping}
    for raw_status in canon_responses.mapping:
        status = str(raw_status)
        canon_response = canonical.child(canon_responses, raw_status)
        if status not in other_by_status and status[:1].isdigit():
            covering = next((r for r in (f"{status[0]}XX", f"{status[0]}xx") if r in other_by_status), None)
            if covering:
                found.add("cosmetic", "status-missing", f"{label} answers {status}; the other document lists only "
                          f"the range {covering}", canon_response, other.child(other_responses, other_by_status[covering]))
            elif "default" in other_by_status:
                found.add("misleading", "status-missing", f"{label} answers {status}; the other document covers it "
                          "only with `default`", canon_response, other.child(other_responses, "default"))
            else:
                found.add("breaking", "status-missing", f"{label} answers {status}, which the other document does "
                          "not list", canon_response, other_responses)
            continue
        if status not in other_by_status:
            continue
        other_response = other.child(other_responses, other_by_status[status])
        compare_media_types(found, f"{label} → {status}", canon_response, other_response)
        compare_headers(found, f"{label} → {status}", canon_response, other_response)
        canon_schema = _json_schema(canonical, canon_response)
        if canon_schema is None:
            continue
        other_schema = _json_schema(other, other_response)
        if other_schema is None:
            found.add("cosmetic", "body-unstated", f"{label} → {status}: the other document does not describe the "
                      "JSON body", canon_schema, other_response)
            continue
        BodyComparison(found, f"{label} → {status}").compare(view(canonical, canon_schema), view(other, other_schema))
    canon_statuses = {str(s) for s in canon_responses.mapping}
    for status, raw_status in other_by_status.items():
        if status in canon_statuses or status == "default" or status[1:].upper() == "XX":
            continue
        found.add("cosmetic", "status-extra", f"{label}: the other document lists status {status}, which the "
                  f"{found.profile} profile never answers", canon_responses, other.child(other_responses, raw_status))
