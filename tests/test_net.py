"""The one loopback test every safety decision uses."""

import pytest

from checks.net import is_loopback


@pytest.mark.parametrize(
    "address, expected",
    [
        ("http://127.0.0.1:8188", True),
        ("http://127.5.6.7/api", True),
        ("http://[::1]:9000", True),
        ("http://localhost:8188", True),
        ("http://api.localhost", True),
        ("127.0.0.1", True),
        ("::1", True),
        ("localhost", True),
        ("https://cloud.comfy.org", False),
        ("http://10.0.0.5:8188", False),
        ("http://192.168.1.2", False),
        ("0.0.0.0", False),
        ("localhost.example.com", False),
        ("http://127.0.0.1.nip.io", False),
    ],
)
def test_is_loopback(address, expected):
    assert is_loopback(address) is expected
