"""What running a page's samples found: one outcome per (page, language) program.

Every report format reads these and nothing else, so a format never knows how a
program ran. All text here has already been masked (API keys) by the runner.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PASSED, FAILED, TIMED_OUT, SKIPPED = "passed", "failed", "timed out", "skipped"
VERDICTS = (PASSED, FAILED, TIMED_OUT, SKIPPED)


@dataclass(frozen=True)
class Exchange:
    """One request a program made through the recording proxy, and what came back."""

    method: str
    path: str  # path and query as the program sent them
    status: int  # 0 when the server could not be reached
    body: str  # the response body, shortened
    blocked: bool = False  # a request to another host, refused by the proxy

    def line(self) -> str:
        return f"{self.method} {self.path} -> {self.status or 'no answer'}"


@dataclass(frozen=True)
class Outcome:
    """The verdict on one program: the blocks of one language on one page, run together."""

    page: str  # path of the page, as the user named it
    language: str  # "python" | "bash" | "javascript" | "typescript"
    verdict: str  # one of VERDICTS
    line: int = 1  # where to point: the failing source line, else the first block's
    source: str = ""  # file holding `line` (a snippet when the failing block was imported)
    profile: str | None = None
    blocks: int = 0
    reason: str = ""  # one line: why it failed, timed out or was skipped
    exit_code: int | None = None
    output: tuple[str, ...] = ()  # the last lines the program printed (stdout and stderr)
    hint: str = ""  # the likely culprit, from the requests the program made
    last_exchange: Exchange | None = None
    requests: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.verdict in (PASSED, SKIPPED)

    @property
    def name(self) -> str:
        return f"{self.page} [{self.language}]"


@dataclass
class ExamplesResult:
    """Everything one `examples run` produced."""

    outcomes: list[Outcome] = field(default_factory=list)
    pages: int = 0  # pages read
    runnable_pages: int = 0  # pages that opted in
    errors: list[str] = field(default_factory=list)  # trouble that is not a program's fault
    base_urls: dict[str, str] = field(default_factory=dict)  # profile -> server the programs ran against
    sandbox: dict | None = None  # the fences programs ran behind (`Isolation.record()`), once one ran
    notes: list[str] = field(default_factory=list)  # trouble with the sandbox that did not stop the run

    def count(self, verdict: str) -> int:
        return sum(outcome.verdict == verdict for outcome in self.outcomes)

    @property
    def exit_code(self) -> int:
        """Like `lint`: 2 for trouble, 1 when a program failed or timed out, else 0."""
        if self.errors:
            return 2
        return 0 if all(outcome.ok for outcome in self.outcomes) else 1
