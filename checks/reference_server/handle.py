"""What a caller gets back from `running_server`: where the server is and how to call it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass
class ServerHandle:
    base_url: str
    profile: str
    api_keys: dict[str, str]  # key -> user (cloud); empty for the local server
    faults: frozenset[str]
    version: str | None
    auth_header: str | None = None
    # Tracebacks of unexpected exceptions inside the server; tests assert it stays empty.
    errors: list[str] = field(default_factory=list, repr=False)
    # The second loopback origin redirecting downloads lead to (cloud), and the paths on it
    # that were requested with the API key header (which a client must not send there).
    storage_url: str | None = None
    keys_sent_to_storage: list[str] = field(default_factory=list, repr=False)
    # (method, path, whether the body parses as JSON) of every request the server answered.
    requests_seen: list[tuple[str, str, bool]] = field(default_factory=list, repr=False)
    # (storage area, subfolder, filename) -> size in bytes of each output file, read live.
    file_sizes: Callable[[], dict[tuple[str, str, str], int]] = field(default=dict, repr=False)
    # Ids of the jobs not finished yet, read live (a run must leave none of its own behind).
    unfinished_jobs: Callable[[], list[str]] = field(default=list, repr=False)

    def headers(self, user: str | None = None) -> dict[str, str]:
        """Auth headers for `user` (default: the first user), or {} when the dialect has no auth."""
        if not self.auth_header or not self.api_keys:
            return {}
        for key, owner in self.api_keys.items():
            if user is None or owner == user:
                return {self.auth_header: key}
        raise KeyError(f"no API key for user {user!r}")
