"""The `serve` fixture: reference servers that live as long as one test."""

from __future__ import annotations

import contextlib

import pytest

from checks.reference_server import running_server
from tests.reference_server.helpers import TIME_SCALE


@pytest.fixture
def serve():
    """Start servers for one test; each stops when the test ends and must not have hit a server bug."""
    handles = []
    with contextlib.ExitStack() as stack:

        def start(profile: str, **options):
            options.setdefault("time_scale", TIME_SCALE)
            handle = stack.enter_context(running_server(profile, **options))
            handles.append(handle)
            return handle

        yield start
    for handle in handles:
        assert handle.errors == [], handle.errors[0]
