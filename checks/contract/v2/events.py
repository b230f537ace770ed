"""The event stream of a job: snapshot first, known events in lifecycle order, closed after the
terminal status, and a 429 (not a failure) when the server has too many streams open.

Streams are read with deadlines (`sse.read_stream`), so a stream that never ends is a
finding, not a hung run.
"""

from __future__ import annotations

import threading

from checks.apispec.validate import body_problems
from checks.contract.catalogue import scenario_check
from checks.contract.v2 import sse
from checks.contract.v2.jobs import V2Run, error_code

GRACE_SECONDS = 2.0  # how long a stream may stay open after its terminal status
STREAM_PROBE = 12  # streams opened at once to look for the server's limit


def events_url(run: V2Run, job_id: str) -> str:
    op = run.spec.operation("getJobEvents")
    name = next(n for n, p in run.spec.parameters("getJobEvents").items() if p.get("in") == "path")
    return run.target.base_url + op.path.replace("{" + name + "}", job_id)


def read(run: V2Run, job_id: str, seconds: float | None = None, on_open=None) -> sse.Stream:
    """Read a job's stream until it ends (or the grace period after its terminal status, or the deadline)."""
    run.target.requests_sent += 1
    return sse.read_stream(events_url(run, job_id), run.target.auth_headers(), seconds=seconds or run.job_timeout,
                           grace=GRACE_SECONDS, terminal=run.spec.terminal_statuses(),
                           ends_after=run.spec.sse_ends_after(), connect_timeout=run.target.timeout,
                           on_open=on_open)


def open_once(run: V2Run, job_id: str) -> tuple[int, object]:
    stream = read(run, job_id, seconds=2.0)
    return stream.status, stream.body


# -- checks ------------------------------------------------------------------------------
def _statuses(stream: sse.Stream, ends_after: str) -> list[str]:
    return [e.data.get("status") for e in stream.events if e.name == ends_after and isinstance(e.data, dict)]


@scenario_check
def event_stream_starts_with_a_snapshot(job_id: str, stream: sse.Stream, current: str | None, ends_after: str) -> None:
    """On connect the stream first sends a `status` event with the job's current status."""
    if stream.status != 200:
        raise AssertionError(f"the event stream of job {job_id} answered {stream.status}")
    first = stream.events[0] if stream.events else None
    if first is None or first.name != ends_after:
        raise AssertionError(f"the event stream of job {job_id} began with {first.name if first else 'nothing'}, "
                             f"not a {ends_after} snapshot")
    shown = first.data.get("status") if isinstance(first.data, dict) else None
    if current is not None and shown != current:
        raise AssertionError(f"the snapshot of job {job_id} says {shown!r}; the job is {current}")


@scenario_check
def event_stream_ends_after_terminal_status(job_id: str, stream: sse.Stream, grace: float) -> None:
    """The stream sends the terminal `status` and then closes (within a few seconds)."""
    if stream.status != 200:
        raise AssertionError(f"the event stream of job {job_id} answered {stream.status}")
    if stream.terminal_index is None:
        raise AssertionError(f"the event stream of job {job_id} sent no terminal status in {stream.seconds:.1f} s")
    if not stream.ended:
        raise AssertionError(f"the event stream of job {job_id} was still open {grace:.0f} s after its terminal status")


@scenario_check
def nothing_follows_the_terminal_status(job_id: str, stream: sse.Stream) -> None:
    """The terminal `status` is the stream's last event (the spec: the stream ends after it)."""
    after = stream.after_terminal
    if after:
        names = ", ".join(sorted({event.name for event in after}))
        raise AssertionError(f"the event stream of job {job_id} sent {len(after)} event(s) ({names}) after its "
                             "terminal status")


@scenario_check
def events_match_the_catalogue(job_id: str, stream: sse.Stream, catalogue: dict, spec) -> None:
    """Every event is a type the spec lists (and servers emit), with a payload of its schema and no `id:` line."""
    for event in stream.events:
        entry = catalogue.get(event.name)
        if entry is None or not entry.emitted:
            raise AssertionError(f"the event stream of job {job_id} sent a `{event.name}` event, which the "
                                 "catalogue " + ("reserves as not sent yet" if entry else "does not list"))
        if event.has_id:
            raise AssertionError(f"a `{event.name}` event of job {job_id} carries an id; v2 streams are not replayable")
        problems = body_problems(spec, entry.schema, event.data)
        if problems:
            raise AssertionError(f"a `{event.name}` event of job {job_id} breaks its schema: {problems[0]}")


@scenario_check
def event_stream_statuses_move_forward(job_id: str, statuses: list[str], stages: dict) -> None:
    """The `status` events of one stream follow the lifecycle: never back to an earlier stage."""
    for earlier, later in zip(statuses, statuses[1:]):
        if stages.get(later) is None or stages.get(earlier) is None or stages[later] < stages[earlier]:
            raise AssertionError(f"the event stream of job {job_id} went from {earlier} to {later}")


@scenario_check
def too_many_streams_answer_429(job_id: str, answers: list[sse.Stream], code: str) -> None:
    """When the server limits concurrent streams, the stream past the limit answers 429 `too_many_streams` with `Retry-After`, never an error."""
    refused = answers[-1] if answers and answers[-1].status != 200 else None
    if refused is None:
        return
    if refused.status != 429 or error_code(refused.body) != code:
        raise AssertionError(f"stream #{len(answers)} of job {job_id} answered {refused.status} "
                             f"{error_code(refused.body) or ''}".rstrip() + f"; expected 429 {code}")
    retry_after = refused.headers.get("Retry-After")
    if retry_after is None or not str(retry_after).strip().isdigit():
        raise AssertionError(f"the 429 for stream #{len(answers)} of job {job_id} has no Retry-After in seconds")


# -- the scenario -------------------------------------------------------------------------
def judge_finished_stream(run: V2Run, job_id: str, current: str | None) -> None:
    """Read and judge the stream of a job that already ended."""
    stream = read(run, job_id, seconds=GRACE_SECONDS + 1)
    _judge(run, job_id, stream, current)


def _judge(run: V2Run, job_id: str, stream: sse.Stream, current: str | None) -> None:
    spec = run.spec
    ends_after = spec.sse_ends_after()
    run.verdict(event_stream_starts_with_a_snapshot, "getJobEvents", job_id, stream, current, ends_after)
    if stream.status != 200:
        return
    run.verdict(events_match_the_catalogue, "getJobEvents", job_id, stream, spec.sse_events(), spec)
    stages = {status: spec.status_stage(status) for status in spec.status_enum()}
    run.verdict(event_stream_statuses_move_forward, "getJobEvents", job_id, _statuses(stream, ends_after), stages)
    run.verdict(event_stream_ends_after_terminal_status, "getJobEvents", job_id, stream, GRACE_SECONDS)
    if stream.terminal_index is not None:
        run.verdict(nothing_follows_the_terminal_status, "getJobEvents", job_id, stream)


class LiveReader:
    """Reads a running job's stream in a thread while the scenario cancels the job."""

    def __init__(self, run: V2Run, job_id: str):
        self.run, self.job_id, self.stream = run, job_id, None
        self.opened = threading.Event()
        self.thread = threading.Thread(target=self._read, name="jobs-checks-sse", daemon=True)
        self.thread.start()

    def wait_open(self, seconds: float) -> bool:
        """Wait until the stream is open (or the reader gave up); True when it is open."""
        deadline = self.run.now() + seconds
        while not self.opened.is_set() and self.thread.is_alive() and self.run.now() < deadline:
            self.opened.wait(0.05)
        return self.opened.is_set()

    def _read(self) -> None:
        try:
            for _ in range(10):  # streams just closed may still count against the limit until the server notices
                self.stream = read(self.run, self.job_id, on_open=self.opened.set)
                if self.stream.status != 429:
                    return
                self.run.target.wait(0.5)
        except Exception as exc:  # noqa: BLE001 - reported as a failed verdict on the main thread
            self.stream = exc

    def judge(self, running: str) -> None:
        self.thread.join(self.run.job_timeout + GRACE_SECONDS + 5)
        stream = self.stream
        if isinstance(stream, Exception) or stream is None:
            self.run.outcomes.failed("event_stream_ends_after_terminal_status", self.run.target.label("getJobEvents"),
                                     f"reading the live stream of job {self.job_id} failed: {stream!r}")
            return
        _judge(self.run, self.job_id, stream, running)


def probe_stream_limit(run: V2Run, job_id: str) -> None:
    """Open streams on a live job until one is refused (or STREAM_PROBE are open), then close them all."""
    run.target.requests_sent += STREAM_PROBE
    answers = sse.hold_streams(events_url(run, job_id), run.target.auth_headers(), STREAM_PROBE, run.target.timeout)
    if all(answer.status == 200 for answer in answers):
        run.skip(too_many_streams_answer_429, "getJobEvents",
                 f"the server accepted {len(answers)} concurrent streams; no limit seen")
        run.outcomes.note(f"event streams: {len(answers)} concurrent streams accepted, no limit reached")
        return
    run.verdict(too_many_streams_answer_429, "getJobEvents", job_id, answers, run.spec.sse_stream_limit_error())
