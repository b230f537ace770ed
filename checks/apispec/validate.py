"""Is the spec itself valid, and does a response body match it?

Document validation uses the OpenAPI 3.1 meta-schema shipped with
openapi-spec-validator (read as data, so the slow package is never imported),
every schema object is checked against JSON Schema 2020-12, and a few
cross-references the meta-schema cannot see (operationIds, links, replacements).
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from checks.apispec.facts import HTTP_METHODS, Spec


@functools.lru_cache(maxsize=1)
def _openapi_meta_schema() -> dict:
    found = importlib.util.find_spec("openapi_spec_validator")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed; it ships the OpenAPI 3.1 meta-schema")
    path = Path(found.submodule_search_locations[0]) / "resources" / "schemas" / "v3.1" / "schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _schema_objects(document: dict):
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        yield f"/components/schemas/{name}", schema
    for path, item in document.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method) or {}
            for index, param in enumerate(op.get("parameters", [])):
                if "schema" in param:
                    yield f"/paths/{path}/{method}/parameters/{index}", param["schema"]


def document_problems(document: dict) -> list[str]:
    """Every reason `document` is not a valid, self-consistent OpenAPI 3.1 document."""
    import jsonschema

    problems = []
    meta = jsonschema.Draft202012Validator(_openapi_meta_schema())
    for error in sorted(meta.iter_errors(document), key=lambda e: list(e.absolute_path)):
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{where}: {error.message}")
    for where, schema in _schema_objects(document):
        for error in jsonschema.Draft202012Validator(jsonschema.Draft202012Validator.META_SCHEMA).iter_errors(schema):
            problems.append(f"{where}: {error.message}")

    spec = Spec("check", document)
    ids = [op.operation_id for op in spec.operations]
    problems += [f"operationId {i!r} is used twice" for i in sorted({i for i in ids if ids.count(i) > 1})]
    problems += _dangling_refs(document)
    problems += _fact_table_problems(spec)
    problems += _v2_table_problems(spec, set(ids))
    for op in spec.operations:
        for status, response in op.raw.get("responses", {}).items():
            for link_name, link in (spec.deref(response).get("links") or {}).items():
                if link.get("operationId") not in ids:
                    problems.append(f"{op.operation_id} {status} link {link_name} targets unknown operation {link.get('operationId')!r}")
        if op.deprecated:
            target = (op.raw.get("x-replaced-by") or {}).get("operationId")
            if target not in ids:
                problems.append(f"deprecated {op.method} {op.path} has no x-replaced-by pointing at a known operation")
    return problems


def _fact_table_problems(spec: Spec) -> list[str]:
    """The vendor tables other code relies on must agree with the enums they describe."""
    problems = []
    try:
        statuses = spec.status_enum()
        lifecycle = spec.lifecycle
    except (KeyError, TypeError):
        return ["components/schemas/JobStatus with an enum is missing"]
    if set(lifecycle) != set(statuses):
        problems.append(f"JobStatus x-lifecycle lists {sorted(lifecycle)}, the enum is {sorted(statuses)}")
    roles = [facts.get("role") for facts in lifecycle.values()]
    if len(set(roles)) != len(roles):
        problems.append("JobStatus x-lifecycle gives two statuses the same role")
    output_types = spec.parameter_enum("output_type") or []
    groups = spec.output_groups()
    if groups and set(groups) != set(output_types):
        problems.append(f"output_type x-output-groups covers {sorted(groups)}, the enum is {sorted(output_types)}")
    for name, value in (spec.wrong_dialect("sort_by") or {}).items():
        if value not in (spec.parameter_enum("sort_by") or []):
            problems.append(f"sort_by x-wrong-dialect maps {name!r} to {value!r}, which sort_by does not accept")
    return problems


ON_CONNECT = ("always", "when-running", "when-any")


def _v2_table_problems(spec: Spec, ids: set[str]) -> list[str]:
    """v2's tables (error codes, events, idempotency, links, v1 replacements) must name real things."""
    from checks.apispec.facts import spec_for
    from checks.apispec.loader import PROFILES

    problems = []
    statuses: dict[str, set[str]] = {}
    for op in spec.operations:
        for status in op.statuses:
            for code in spec.error_codes_of(op.operation_id, status):
                statuses.setdefault(code, set()).add(status)
    for code, found in sorted(statuses.items()):
        if len(found) > 1:
            problems.append(f"x-error-codes gives {code} several statuses: {', '.join(sorted(found))}")
        if any(not status.startswith(("4", "5")) for status in found):
            problems.append(f"x-error-codes puts {code} on a response that is not an error")
    for op in spec.operations:
        for kind, code in (op.raw.get("x-refusals") or {}).items():
            if code not in spec.error_codes():
                problems.append(f"{op.operation_id} x-refusals {kind}: {code} is not an error code of any response")
        limit = spec.sse_stream_limit_error(op.operation_id)
        if limit is not None and limit not in spec.error_codes_of(op.operation_id, 429):
            problems.append(f"{op.operation_id} x-sse-stream-limit {limit} is not a code of its 429 answer")
        events = spec.sse_events(op.operation_id)
        for event in events.values():
            if event.on_connect is not None and event.on_connect not in ON_CONNECT:
                problems.append(f"{op.operation_id} x-sse-events {event.name}: on-connect must be one of {ON_CONNECT}")
        ends_after = spec.sse_ends_after(op.operation_id)
        if ends_after is not None and ends_after not in events:
            problems.append(f"{op.operation_id} x-sse-ends-after names {ends_after!r}, which x-sse-events lacks")
        rules = spec.idempotency(op.operation_id)
        if rules is not None:
            headers = {name.lower() for name, param in spec.parameters(op.operation_id).items() if param.get("in") == "header"}
            if rules.header.lower() not in headers:
                problems.append(f"{op.operation_id} x-idempotency header {rules.header} is not one of its parameters")
            if rules.error not in spec.error_codes():
                problems.append(f"{op.operation_id} x-idempotency error {rules.error} is not in x-error-codes")
    if "OutputType" in spec.document.get("components", {}).get("schemas", {}):
        output_type = spec.schema("OutputType")
        kinds = set(output_type.get("x-output-groups") or {}) | {output_type.get("x-other-groups")} - {None}
        if not kinds <= set(output_type.get("enum") or []):
            problems.append(f"OutputType x-output-groups names {sorted(kinds)}, the enum is {output_type.get('enum')}")
    for link, target in spec.link_operations().items():
        if target not in ids:
            problems.append(f"JobUrls x-link-operations {link} leads to unknown operation {target!r}")
    v1_ids = {op.operation_id for name in PROFILES if name != spec.profile for op in spec_for(name).operations}
    for v1, replacement in spec.replaces_operations().items():
        if v1 not in v1_ids:
            problems.append(f"x-replaced-by names v1 operation {v1!r}, which no v1 profile has")
        if replacement.target is not None and replacement.target not in ids:
            problems.append(f"x-replaced-by maps {v1} to unknown operation {replacement.target!r}")
    for route, replacement in spec.replaces_routes().items():
        if replacement.target is None:
            problems.append(f"x-replaced-by route {route} names no operationId or field")
    fields = set(spec.job_fields()) if spec.replaces_fields() else set()
    for v1, v2 in spec.replaces_fields().items():
        if v2 not in fields:
            problems.append(f"x-replaced-by maps the v1 field {v1} to {v2!r}, which a job does not have")
    return problems


def _dangling_refs(document: dict) -> list[str]:
    problems = []

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                if not ref.startswith("#/"):
                    problems.append(f"external $ref left in resolved document: {ref}")
                else:
                    target = document
                    try:
                        for part in ref[2:].split("/"):
                            target = target[part.replace("~1", "/").replace("~0", "~")]
                    except (KeyError, TypeError):
                        problems.append(f"$ref points nowhere: {ref}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    return problems


def response_schema(spec: Spec, operation_id: str, status: int | str, content_type: str = "application/json") -> dict | None:
    """The schema declared for one response of an operation, or None when none is declared."""
    op = spec.operation(operation_id)
    if op is None:
        return None
    responses = op.raw.get("responses", {})
    response = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
    if response is None:
        return None
    content = spec.deref(response).get("content") or {}
    media = content.get(content_type.split(";")[0].strip()) or next(iter(content.values()), None)
    return None if media is None else media.get("schema")


def declares_json(spec: Spec, operation_id: str, status: int | str) -> bool:
    """Whether the spec gives the operation a JSON body for `status` (so a server answering that status sends JSON)."""
    op = spec.operation(operation_id)
    responses = op.raw.get("responses", {}) if op else {}
    response = responses.get(str(status))
    content = spec.deref(response).get("content") or {} if response is not None else {}
    return any("json" in media for media in content)


def body_problems(spec: Spec, schema: dict, body) -> list[str]:
    """Messages for every way `body` breaks `schema` (refs resolved against the profile)."""
    import jsonschema

    root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [schema], "components": spec.document.get("components", {})}
    validator = jsonschema.Draft202012Validator(root, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        where = "/" + "/".join(str(p) for p in error.absolute_path)
        problems.append(f"{where}: {error.message}")
    return problems
