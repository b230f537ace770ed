"""The queue worker: runs pending jobs one at a time through the toy nodes.

State moves only forward (waiting -> running -> succeeded | failed | cancelled, named by the spec)
and every transition is stamped from a clock. The wall clock serves live jobs;
a virtual clock lets the seeded history "run" instantly with realistic durations.
"""

from __future__ import annotations

import asyncio
import time
import traceback
from pathlib import Path
from typing import Callable

from checks.reference_server.jobs import Job, JobStore
from checks.reference_server.nodes import NODE_TYPES, Interrupted, node_inputs


class WallClock:
    """Real time; sleeps are multiplied by `time_scale` and end early on interrupt."""

    def __init__(self, time_scale: float = 1.0):
        self.time_scale = time_scale

    def now_ms(self) -> int:
        return time.time_ns() // 1_000_000

    async def sleep(self, seconds: float, interrupt: asyncio.Event) -> None:
        if interrupt.is_set():
            raise Interrupted
        try:
            await asyncio.wait_for(interrupt.wait(), max(seconds * self.time_scale, 0.0))
        except asyncio.TimeoutError:
            return
        raise Interrupted

    def tick(self) -> None:
        """Real nodes take real (tiny) time; nothing to add."""


class VirtualClock:
    """A clock that only moves when told to: sleeps advance it instantly, each node costs 1 ms."""

    def __init__(self, now_ms: int):
        self.now = now_ms

    def now_ms(self) -> int:
        return self.now

    async def sleep(self, seconds: float, interrupt: asyncio.Event) -> None:
        self.now += round(seconds * 1000)

    def tick(self) -> None:
        self.now += 1


class _Runtime:
    """What a node may use while it runs: the clock and the output file counters."""

    def __init__(self, clock, interrupt: asyncio.Event, counters: dict[str, int]):
        self.clock, self.interrupt, self.counters = clock, interrupt, counters

    async def sleep(self, seconds: float) -> None:
        await self.clock.sleep(seconds, self.interrupt)

    def save(self, prefix: str, extension: str, count: int) -> list[dict]:
        files = []
        for _ in range(count):
            self.counters[prefix] = self.counters.get(prefix, 0) + 1
            files.append({"filename": f"{prefix}_{self.counters[prefix]:05d}_.{extension}", "subfolder": "", "type": "output"})
        return files


class Executor:
    """Runs the store's pending jobs in submission order, one at a time."""

    def __init__(self, store: JobStore, clock, on_error: Callable[[str], None] | None = None):
        self.store = store
        self.clock = clock
        self.counters: dict[str, int] = {}
        self.on_error = on_error or (lambda text: None)

    async def serve(self) -> None:
        while True:
            job = self.store.next_pending()
            if job is None:
                self.store.queued.clear()
                await self.store.queued.wait()
                continue
            try:
                await self.execute(job)
            except Exception:  # a bug in the server itself: keep serving, but let tests see it
                self.on_error(traceback.format_exc())
                job.status = job.states.failed
                job.execution_end_time = self.clock.now_ms()
                job.done.set()

    async def execute(self, job: Job, clock=None) -> None:
        clock = clock or self.clock
        job.interrupt = job.interrupt or asyncio.Event()
        job.done = job.done or asyncio.Event()
        job.status = job.states.running
        job.execution_start_time = clock.now_ms()
        self._log(job, clock, "execution_start")
        self._log(job, clock, "execution_cached", nodes=[])
        results: dict[str, object] = {}
        executed: list[str] = []
        for node_id in job.order:
            node = job.prompt[node_id]
            inputs = node_inputs(node, results)
            try:
                if job.interrupt.is_set():
                    raise Interrupted
                result = await NODE_TYPES[node["class_type"]].run(inputs, _Runtime(clock, job.interrupt, self.counters))
            except Interrupted:
                self._log(job, clock, "execution_interrupted", node_id=node_id, node_type=node["class_type"],
                          executed=list(executed))
                return self._finish(job, clock, job.states.cancelled)
            except Exception as exc:
                job.execution_error = _execution_error(job, node_id, node, inputs, executed, exc, clock)
                job.messages.append(["execution_error", job.execution_error])
                return self._finish(job, clock, job.states.failed)
            clock.tick()
            results[node_id] = result.value
            if result.ui:
                job.outputs[node_id] = result.ui
            executed.append(node_id)
            await asyncio.sleep(0)
        self._log(job, clock, "execution_success")
        self._finish(job, clock, job.states.succeeded)

    @staticmethod
    def _log(job: Job, clock, event: str, **details) -> None:
        job.messages.append([event, {**details, "prompt_id": job.id, "timestamp": clock.now_ms()}])

    @staticmethod
    def _finish(job: Job, clock, status: str) -> None:
        job.status = status
        job.execution_end_time = clock.now_ms()
        job.done.set()


def _execution_error(job: Job, node_id: str, node: dict, inputs: dict, executed: list[str], exc: Exception, clock) -> dict:
    kind = type(exc)
    name = kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
    # Only file names, never this machine's paths.
    frames = [f'  File "reference_server/{Path(frame.filename).name}", line {frame.lineno}, in {frame.name}\n'
              for frame in traceback.extract_tb(exc.__traceback__)]
    return {
        "prompt_id": job.id,
        "node_id": node_id,
        "node_type": node["class_type"],
        "executed": list(executed),
        "exception_message": f"{exc}\n",
        "exception_type": name,
        "traceback": frames,
        "current_inputs": {key: [value if isinstance(value, str) else repr(value)] for key, value in inputs.items()},
        "current_outputs": list(executed),
        "timestamp": clock.now_ms(),
    }
