"""Keep secrets out of every byte the suite writes: reports in every format, logs, caches.

A secret is an API key a command was given (`--api-key-env`, `--key-var` values) and the
value of every environment variable whose name looks secret (`*KEY*`, `*TOKEN*`,
`*SECRET*`, `*PASSWORD*`, any case), so a `GITHUB_TOKEN` that a docs page happens to
quote, or that a server echoes back, never reaches a report. Each secret is also masked
as the report formats escape it (JSON, XML, GitHub workflow commands, shell quoting, URL
encoding), so escaping cannot smuggle it past.

    masker = Masker.for_run(keys=[api_key])     # the keys plus the environment's secrets
    text = masker(text)                         # strings, and dicts/lists/tuples of them
    guard_streams()                             # stdout/stderr of the whole command, line by line,
                                                # through process_masker(), which commands add keys to

Very short values would mask ordinary words and numbers: explicit keys need 4 characters,
environment values 6.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import sys
from urllib.parse import quote

MASK = "***"
SECRET_NAME = re.compile(r"KEY|TOKEN|SECRET|PASSWORD", re.I)
MIN_KEY = 4
MIN_ENV_SECRET = 6


def looks_secret(name: str) -> bool:
    """True for `GITHUB_TOKEN`, `COMFY_API_KEY`, `db_password`, `MY_SECRET`."""
    return bool(SECRET_NAME.search(name))


def environment_secrets(env=None, extra_names=()) -> set[str]:
    """Values of the variables whose names look secret, and of `extra_names`, long enough to mask safely."""
    env = os.environ if env is None else env
    names = [name for name in env if looks_secret(name)] + [name for name in extra_names if name and name in env]
    return {env[name] for name in names if len(env[name]) >= MIN_ENV_SECRET}


def _spellings(secret: str) -> set[str]:
    """The secret as each output format would escape it (JSON, HTML/XML text and attributes, URL, shell, GitHub)."""
    spellings = {secret, json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1],
                 html.escape(secret, quote=True), html.escape(secret, quote=False), quote(secret, safe=""),
                 secret.replace("'", "'\"'\"'")}
    xml = secret.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    spellings |= {xml, xml.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#09;")}
    github = secret.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    spellings |= {github, github.replace(":", "%3A").replace(",", "%2C")}
    return {spelling for spelling in spellings if spelling}


class Masker:
    """Replaces every known secret with `***` in strings and nested JSON-like values."""

    def __init__(self, secrets=()):
        self._secrets: set[str] = set()
        self._patterns: list[str] = []
        for secret in secrets:
            self.add(secret)

    @classmethod
    def for_run(cls, keys=(), variables=(), env=None) -> "Masker":
        """The keys a command was given, the values of `variables`, and the environment's secrets."""
        masker = cls(keys)
        for secret in environment_secrets(env, variables):
            masker.add(secret, minimum=MIN_ENV_SECRET)
        return masker

    def add(self, secret: str | None, minimum: int = MIN_KEY) -> None:
        if secret and len(secret) >= minimum and secret not in self._secrets:
            self._secrets.add(secret)
            # Longest first, so a key that contains another key is masked whole.
            spellings = {spelling for known in self._secrets for spelling in _spellings(known)}
            self._patterns = sorted(spellings, key=len, reverse=True)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def __bool__(self) -> bool:
        return bool(self._secrets)

    def __call__(self, value):
        return _mask(value, self._patterns)

    def contains_secret(self, value) -> bool:
        """True when masking would change `value` (for caches, which keep nothing masked)."""
        return self(value) != value


def mask(value, secrets):
    """`value` with each of `secrets` (in every escaped spelling) replaced by `***`."""
    return Masker(secrets)(value)


def _mask(value, patterns):
    if isinstance(value, str):
        if not patterns:
            return value
        for pattern in patterns:
            if pattern in value:
                value = value.replace(pattern, MASK)
        return value
    if isinstance(value, dict):
        return {_mask(key, patterns): _mask(item, patterns) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mask(item, patterns) for item in value)
    return value


_PROCESS_MASKER: Masker | None = None


def process_masker() -> Masker:
    """The masker of this command: the environment's secrets, plus the keys commands `add` to it."""
    global _PROCESS_MASKER
    if _PROCESS_MASKER is None:
        _PROCESS_MASKER = Masker.for_run()
    return _PROCESS_MASKER


class MaskedStream(io.TextIOBase):
    """A text stream that masks each line before it reaches the real one (secrets never span lines)."""

    def __init__(self, stream, masker: Masker):
        self._stream, self._masker, self._pending = stream, masker, ""

    @property
    def encoding(self):
        return getattr(self._stream, "encoding", "utf-8")

    @property
    def errors(self):
        return getattr(self._stream, "errors", "strict")

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            complete, self._pending = self._pending.rsplit("\n", 1)
            self._stream.write(self._masker(complete + "\n"))
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._masker(self._pending))
            self._pending = ""
        self._stream.flush()


def guard_streams(masker: Masker | None = None) -> None:
    """Route sys.stdout and sys.stderr through `masker` (the process masker) for the rest of the process."""
    masker = masker if masker is not None else process_masker()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, MaskedStream):
            setattr(sys, name, MaskedStream(stream, masker))
