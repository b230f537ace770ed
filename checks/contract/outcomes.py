"""What a run found: one row per (check, operation), each passed, failed or skipped.

Schemathesis phases and the deterministic scenarios both record here, so every
report format reads one structure and never knows where a failure came from.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

PASSED, FAILED, SKIPPED = "passed", "failed", "skipped"
# Enough to see a pattern; a broken server would otherwise repeat one failure hundreds of times.
MAX_FAILURES_PER_ROW = 5


@dataclass(frozen=True)
class Failure:
    """One violation: what was wrong and a curl command that shows it again."""

    message: str
    curl: str | None = None


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


class Outcomes:
    """Thread-safe collector of check verdicts; every string goes through `mask` on entry."""

    def __init__(self, mask=lambda text: text):
        self._rows: dict[tuple[str, str], CheckRow] = {}
        self._lock = threading.Lock()
        self._mask = mask
        self.started = time.monotonic()
        self.notes: list[str] = []

    def _row(self, name: str, operation: str) -> CheckRow:
        key = (name, operation)
        if key not in self._rows:
            self._rows[key] = CheckRow(name, operation)
        return self._rows[key]

    def passed(self, name: str, operation: str) -> None:
        with self._lock:
            self._row(name, operation).passes += 1

    def failed(self, name: str, operation: str, message: str, curl: str | None = None) -> None:
        failure = Failure(self._mask(message.strip()), self._mask(curl) if curl else None)
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
