"""Build the (ctx, response, case) a response check sees, without a server."""

from __future__ import annotations

import functools
import json

from tests.conftest import RECORDED, load_recording


@functools.lru_cache(maxsize=None)
def schema_of(profile: str):
    import schemathesis
    from schemathesis.config import SchemathesisConfig

    from checks.apispec import resolved_document

    schema = schemathesis.openapi.from_dict(resolved_document(profile), config=SchemathesisConfig.from_dict({"seed": 0}))
    schema.config.update(base_url="http://127.0.0.1:9")
    return schema


class FakeResponse:
    """The part of a schemathesis Response the contract checks read."""

    def __init__(self, status: int, body, content_type: str = "application/json; charset=utf-8"):
        self.status_code = status
        self.text = body if isinstance(body, str) else json.dumps(body)
        self.headers = {"Content-Type": content_type}

    def json(self):
        return json.loads(self.text)


def exchange(profile: str, operation_id: str, body, *, query=None, path_parameters=None, status: int = 200):
    """(response, case) for one imagined exchange."""
    operation = schema_of(profile).find_operation_by_id(operation_id)
    case = operation.Case(query=query or {}, path_parameters=path_parameters or {})
    return FakeResponse(status, body), case


def run_check(check, profile, operation_id, body, **kwargs):
    """Call a response check; the AssertionError message, or None when it passes or does not apply."""
    response, case = exchange(profile, operation_id, body, **kwargs)
    try:
        check(None, response, case)
    except AssertionError as exc:
        return str(exc)
    return None


def recorded(name: str, version: str = "comfyui-0.25.0"):
    """The body of a recorded exchange, or None when ../shared is absent."""
    path = RECORDED / version / f"{name}.json"
    return load_recording(path)["body"] if path.is_file() else None


def recorded_query(name: str, version: str = "comfyui-0.25.0") -> dict:
    """The query string of a recorded request, as a dict."""
    from urllib.parse import parse_qsl, urlsplit

    path = RECORDED / version / f"{name}.json"
    return dict(parse_qsl(urlsplit(load_recording(path)["request"]["path"]).query))
