"""What a run found: one row per (check, operation), server defects, and how each route answered.

Schemathesis phases and the deterministic scenarios both record here, so every report
format reads one structure and never knows where a failure came from. A failure keeps
what a person needs to act on it: the request, the server's status and the start of its
body, what the spec expected, and a curl line that repeats it.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
# Enough to see a pattern; a broken server would otherwise repeat one failure hundreds of times.
MAX_FAILURES_PER_ROW = 5
BODY_EXCERPT = 200
# What a router (not the route) answers for a path or method it does not know.
ROUTER_PHRASES = {404: "not found", 405: "method not allowed"}


@dataclass(frozen=True)
class Failure:
    """One violation: what was wrong, the exchange that showed it, and a curl command that repeats it."""

    message: str
    curl: str | None = None
    request: str | None = None  # "GET /api/jobs?limit=abc"
    status: int | None = None  # the server's answer
    body: str | None = None  # the start of the server's body
    expected: str | None = None  # what the spec says should have come back


@dataclass(frozen=True)
class Defect:
    """A server bug outside the contract (a 500 for input the spec rejects), with its reproducer."""

    check: str
    operation: str
    message: str
    curl: str | None = None
    request: str | None = None
    status: int | None = None
    body: str | None = None


@dataclass
class CheckRow:
    """The verdict of one check on one operation."""

    name: str
    operation: str
    passes: int = 0
    failures: list[Failure] = field(default_factory=list)
    failure_count: int = 0
    skip_reason: str | None = None
    first_failure_at: float | None = None

    @property
    def status(self) -> str:
        if self.failure_count:
            return FAILED
        if self.passes:
            return PASSED
        return SKIPPED


_SCHEMA_AT = re.compile(r"^Schema at (\S+):\s*$", re.MULTILINE)
_DOCUMENTED = re.compile(r"^Documented: (.+)$", re.MULTILINE)
_EXPECTED = re.compile(r"(?:;|,)?\s*expected (.+)$", re.IGNORECASE)


def expected_of(message: str) -> str | None:
    """What the spec expected, read out of a failure message (schemathesis' or a check's own)."""
    if found := _DOCUMENTED.search(message):
        kind = "status" if "status code" in message.lower() else "media type"
        return f"a documented {kind}: {found.group(1).strip()}"
    if found := _SCHEMA_AT.search(message):
        return f"the response schema at {found.group(1)}"
    first = message.strip().splitlines()[0] if message.strip() else ""
    found = _EXPECTED.search(first)
    return found.group(1).strip().rstrip(".") if found else None


def excerpt(text: str | None, limit: int = BODY_EXCERPT) -> str | None:
    if text is None:
        return None
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def is_router_answer(status: int, content_type: str, text: str, declared_json: bool = False) -> bool:
    """Whether an answer came from a router ("no such route"), not from the route the spec describes.

    A 404/405 whose body is only the status phrase is a router's; so is one without a JSON
    body where the spec declares a JSON body for that status (the route would have sent it).
    """
    phrase = ROUTER_PHRASES.get(status)
    if phrase is None or "json" in (content_type or ""):
        return False
    if declared_json:
        return True
    words = " ".join(word for word in (text or "").lower().replace(":", " ").split() if not word.isdigit())
    return words in ("", phrase) and (text or "").strip() != ""


class Outcomes:
    """Thread-safe collector of verdicts; every string goes through `mask` on entry."""

    def __init__(self, mask=lambda text: text):
        self._rows: dict[tuple[str, str], CheckRow] = {}
        self._lock = threading.Lock()
        self._mask = mask
        self.started = time.monotonic()
        self.notes: list[str] = []
        self.defects: list[Defect] = []
        self._answers: dict[str, list[int]] = {}  # operation -> [responses, router answers]
        self._router_example: dict[str, str] = {}

    def _row(self, name: str, operation: str) -> CheckRow:
        key = (name, operation)
        if key not in self._rows:
            self._rows[key] = CheckRow(name, operation)
        return self._rows[key]

    def passed(self, name: str, operation: str) -> None:
        with self._lock:
            self._row(name, operation).passes += 1

    def failed(self, name: str, operation: str, message: str, curl: str | None = None, *, request: str | None = None,
               status: int | None = None, body: str | None = None, expected: str | None = None) -> None:
        expected = expected or expected_of(message)
        failure = Failure(self._mask(message.strip()), self._mask(curl) if curl else None,
                          self._mask(request) if request else None, status,
                          self._mask(excerpt(body)) if body else None, self._mask(expected) if expected else None)
        with self._lock:
            row = self._row(name, operation)
            row.failure_count += 1
            if row.first_failure_at is None:
                row.first_failure_at = time.monotonic() - self.started
            # One reproducer per distinct message: the same violation on 20 queries is one finding.
            known = {item.message for item in row.failures}
            if failure.message not in known and len(row.failures) < MAX_FAILURES_PER_ROW:
                row.failures.append(failure)

    def skipped(self, name: str, operation: str, reason: str) -> None:
        with self._lock:
            row = self._row(name, operation)
            if row.skip_reason is None:
                row.skip_reason = self._mask(reason)

    def defect(self, check: str, operation: str, message: str, curl: str | None = None, *, request: str | None = None,
               status: int | None = None, body: str | None = None) -> None:
        """A server bug; the same one (check, operation, status, message) is kept once, with its shortest reproducer."""
        found = Defect(check, operation, self._mask(message.strip()), self._mask(curl) if curl else None,
                       self._mask(request) if request else None, status, self._mask(excerpt(body)) if body else None)
        with self._lock:
            for index, known in enumerate(self.defects):
                if (known.check, known.operation, known.status, known.message) == (found.check, found.operation,
                                                                                  found.status, found.message):
                    if len(found.curl or "") < len(known.curl or ""):
                        self.defects[index] = found  # the same bug: keep the shortest reproducer
                    return
            self.defects.append(found)

    def answered(self, operation: str, status: int, content_type: str, text: str, declared_json: bool = False) -> None:
        """Count one answer of `operation`, noting whether a router rather than the route gave it."""
        router = is_router_answer(status, content_type, text, declared_json)
        with self._lock:
            counts = self._answers.setdefault(operation, [0, 0])
            counts[0] += 1
            counts[1] += router
            if router:
                self._router_example.setdefault(operation, f"{status} {excerpt(text, 60) or '(no body)'}".strip())

    def unserved(self) -> dict[str, str]:
        """Operations every answer of which came from a router: not served by this server (-> example answer)."""
        with self._lock:
            return {operation: self._router_example[operation] for operation, (seen, router) in self._answers.items()
                    if seen and seen == router}

    def note(self, text: str) -> None:
        with self._lock:
            if text not in self.notes:
                self.notes.append(self._mask(text))

    @property
    def rows(self) -> list[CheckRow]:
        with self._lock:
            return sorted(self._rows.values(), key=lambda row: (row.name, row.operation))

    def failed_names(self) -> set[str]:
        return {row.name for row in self.rows if row.status == FAILED}
