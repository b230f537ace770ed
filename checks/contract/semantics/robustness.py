"""Server defects outside the contract: how a route copes with a body no JSON parser accepts."""

from __future__ import annotations

from checks.contract.catalogue import defect_check


@defect_check
def malformed_json_is_a_client_error(request: str, status: int, body: str) -> None:
    """A body that is not JSON answers a 4xx client error: never a 5xx (a crash) and never a success."""
    if status >= 500:
        raise AssertionError(f"{request} with a body that is not JSON answered {status}: the server crashed on bad input")
    if status < 400:
        raise AssertionError(f"{request} with a body that is not JSON answered {status}: the server accepted garbage")
