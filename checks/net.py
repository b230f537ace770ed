"""Is an address this machine? One answer for every safety decision (writes, warnings)."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(url_or_host: str) -> bool:
    """True for loopback IPs (127.0.0.0/8, ::1) and the `localhost` names; never resolves DNS."""
    host = urlsplit(url_or_host).hostname if "//" in url_or_host else url_or_host.strip("[]")
    host = (host or "").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
