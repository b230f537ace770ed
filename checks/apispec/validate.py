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
