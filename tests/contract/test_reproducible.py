"""The same seed sends the same requests; no state is carried between runs."""

from __future__ import annotations

import pytest
import requests

from tests.contract.conftest import contract_run

pytestmark = pytest.mark.slow
FUZZ_ONLY = ("examples", "coverage", "fuzzing")


def _requests_of(monkeypatch, **run) -> list[str]:
    sent: list[str] = []
    original = requests.Session.send

    def recording_send(self, request, **kwargs):
        sent.append(f"{request.method} {request.path_url} {request.body!r}")
        return original(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    contract_run("comfyui", phases=FUZZ_ONLY, max_examples=8, **run)
    monkeypatch.setattr(requests.Session, "send", original)
    return sent


def test_same_seed_same_request_sequence(monkeypatch):
    first = _requests_of(monkeypatch, seed=11)
    second = _requests_of(monkeypatch, seed=11)
    other = _requests_of(monkeypatch, seed=12)
    assert len(first) > 50
    assert first == second
    assert first != other
