"""Keep API keys out of every byte the runner writes.

One `Masker` per run knows the secrets (API keys read from the environment); every
output path (console, JUnit, JSON, curl reproducers, quoted response bodies) passes its
text through `mask()` before it leaves the process.
"""

from __future__ import annotations

MASK = "***"


class Masker:
    """Replaces every known secret with `***` in strings and nested JSON-like values."""

    def __init__(self, secrets=()):
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        # Very short values would mask ordinary words; real keys are long.
        if secret and len(secret) >= 4:
            self._secrets.add(secret)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def __call__(self, value):
        return mask(value, self._secrets)


def mask(value, secrets):
    """`value` with each secret replaced by `***`, walking dicts, lists and tuples."""
    if isinstance(value, str):
        # Longest first, so a key that contains another key is masked whole.
        for secret in sorted(secrets, key=len, reverse=True):
            value = value.replace(secret, MASK)
        return value
    if isinstance(value, dict):
        return {mask(key, secrets): mask(item, secrets) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask(item, secrets) for item in value)
    return value
