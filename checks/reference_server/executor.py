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

from checks.reference_server.files import FileKey, FileStore, placeholder, png
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
    """What a node may use while it runs: the clock, the output file counters and the file store."""

    def __init__(self, clock, interrupt: asyncio.Event, counters: dict[str, int], files: FileStore):
        self.clock, self.interrupt, self.counters, self.files = clock, interrupt, counters, files

    async def sleep(self, seconds: float) -> None:
        await self.clock.sleep(seconds, self.interrupt)

    def _name(self, prefix: str, extension: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}_{self.counters[prefix]:05d}_.{extension}"

    def save_images(self, batch, prefix: str | None) -> list[dict]:
        """One PNG per image of `batch`: saved outputs under `prefix`, or temp previews when it is None."""
        area = "output" if prefix is not None else "temp"
        if prefix is None:
            # ComfyUI names previews ComfyUI_temp_<5 random letters>_NNNNN_.png; a counter stands in here.
            self.counters["temp"] = self.counters.get("temp", 0) + 1
            prefix = "ComfyUI_temp_" + "".join(chr(97 + (self.counters["temp"] * 7 + i * 3) % 26) for i in range(5))
        data = png(batch.width, batch.height, batch.color)
        items = []
        for _ in range(batch.batch_size):
            item = {"filename": self._name(prefix, "png"), "subfolder": "", "type": area}
            self.files.put(FileKey(area, "", item["filename"]), data)
            items.append(item)
        return items

    def save_files(self, group: str, prefix: str, extension: str, count: int) -> list[dict]:
        items = []
        for _ in range(count):
            item = {"filename": self._name(prefix, extension), "subfolder": "", "type": "output"}
            self.files.put(FileKey("output", "", item["filename"]), placeholder(group, item["filename"]))
            items.append(item)
        return items


class Executor:
    """Runs the store's pending jobs in submission order, one at a time."""

    def __init__(self, store: JobStore, clock, on_error: Callable[[str], None] | None = None,
                 files: FileStore | None = None, bend=lambda point, value, **context: value):
        self.store = store
        self.clock = clock
        self.files = files if files is not None else FileStore()
        self.bend = bend  # the server's Faults.bend: lets a fault change how a job ends
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
                result = await NODE_TYPES[node["class_type"]].run(inputs, _Runtime(clock, job.interrupt, self.counters, self.files))
            except Interrupted:
                self._log(job, clock, "execution_interrupted", node_id=node_id, node_type=node["class_type"],
                          executed=list(executed))
                return self._finish(job, clock, job.states.cancelled)
            except Exception as exc:
                job.execution_error = _execution_error(job, node_id, node, inputs, executed, exc, clock)
                job.messages.append(["execution_error", job.execution_error])
                return self._finish(job, clock, self.bend("failed", job.states.failed, job=job))
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

    def _finish(self, job: Job, clock, status: str) -> None:
        job.status = status
        job.execution_end_time = clock.now_ms()
        self.store.retire(job)
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
