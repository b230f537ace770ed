"""`spec validate FILE`: is a published OpenAPI document valid, and does every `$ref` in it resolve?

The file is read as `spec diff` reads it (`diff_load`: a regular file of bounded size,
no alias bombs, no `$ref` out of its folder, never the network), checked against the
meta-schema of its OpenAPI version (3.0 or 3.1, shipped with openapi-spec-validator and
resolved offline), and every `$ref` is followed. A file that cannot be read raises
`DiffInputError`; what is wrong inside it comes back as problem lines.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

from checks.apispec.diff_load import DiffInputError, Node, load_document

MAX_PROBLEMS = 200


@functools.lru_cache(maxsize=None)
def _meta_schema(version: str) -> dict:
    found = importlib.util.find_spec("openapi_spec_validator")
    if found is None or not found.submodule_search_locations:
        raise RuntimeError("openapi-spec-validator is not installed; it ships the OpenAPI meta-schemas")
    folder = "v3.1" if version.startswith("3.1") else "v3.0"
    path = Path(found.submodule_search_locations[0]) / "resources" / "schemas" / folder / "schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _references(document) -> list[Node]:
    """Every `$ref` node of the document's own file, found without recursion (the file may be deep)."""
    found, stack = [], [document.root]
    while stack:
        node = stack.pop()
        value = node.value
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                found.append(node)
            stack += [document.child(node, key) for key in value if key != "$ref"]
        elif isinstance(value, list):
            stack += [document.child(node, index) for index in range(len(value))]
    return found


def file_problems(path: str | Path) -> list[str]:
    """Why the document at `path` is not a valid OpenAPI 3.0/3.1 document ([] when it is); DiffInputError if unreadable."""
    import jsonschema
    from referencing import Registry

    document = load_document(path)
    data = document.root.value
    meta = _meta_schema(str(data.get("openapi")))
    # An explicit registry has no retrieval: the draft meta-schemas are known, nothing is fetched.
    validator = jsonschema.validators.validator_for(meta)(meta, registry=Registry())
    problems = []
    try:
        for error in validator.iter_errors(data):
            problems.append("/" + "/".join(str(part) for part in error.absolute_path) + f": {error.message}")
            if len(problems) >= MAX_PROBLEMS:
                break
    except RecursionError:
        problems.append("/: nested too deeply to check against the meta-schema")
    for node in _references(document):
        try:
            document.deref(node)
        except DiffInputError as exc:
            problems.append(str(exc))  # it names the $ref and where it is
    return problems[:MAX_PROBLEMS]
