"""Jobs as the server keeps them, and the store that queues them.

The store lives on the server's event loop thread only, so it needs no locks.
Status names come from the spec's JobStatus `x-lifecycle`, looked up once per server.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from checks.apispec import Spec


@dataclass(frozen=True)
class States:
    """The status that plays each part of a job's life, read once from the spec."""

    waiting: str
    running: str
    succeeded: str
    failed: str
    cancelled: str
    finished: frozenset[str]

    @classmethod
    def of(cls, spec: Spec) -> "States":
        role = spec.status_role
        return cls(waiting=role("waiting"), running=role("running"), succeeded=role("succeeded"),
                   failed=role("failed"), cancelled=role("cancelled"), finished=frozenset(spec.terminal_statuses()))


@dataclass
class Job:
    """One submitted workflow and everything that happened to it."""

    id: str
    number: float  # the queue number: an int, or the float a submission chose (`number`)
    prompt: dict
    extra_data: dict  # as submitted, secrets included; views decide what leaves the server
    order: list[str]
    create_time: int
    states: States = field(repr=False, compare=False)
    owner: str | None = None
    status: str = ""  # the waiting status until the executor moves it on
    execution_start_time: int | None = None
    execution_end_time: int | None = None
    outputs: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)
    execution_error: dict | None = None
    interrupt: asyncio.Event | None = field(default=None, repr=False)
    done: asyncio.Event | None = field(default=None, repr=False)
    order_key: int = 0  # submission order, breaking ties between equal queue numbers
    fault_state: dict = field(default_factory=dict, repr=False)  # what an active fault remembers of the job

    def __post_init__(self):
        self.status = self.status or self.states.waiting

    @property
    def workflow_id(self) -> str | None:
        info = self.extra_data.get("extra_pnginfo")
        workflow = info.get("workflow") if isinstance(info, dict) else None
        value = workflow.get("id") if isinstance(workflow, dict) else None
        return value if isinstance(value, str) else None

    @property
    def finished(self) -> bool:
        return self.status in self.states.finished

    def output_files(self) -> list[tuple[str, str, dict]]:
        """(node id, media group, file) for every output file, in node order (`text` strings are no files)."""
        return [(node_id, group, item)
                for node_id, groups in self.outputs.items()
                for group, items in groups.items()
                for item in items if isinstance(item, dict)]


class JobStore:
    """All jobs of one server, in submission order, plus the wake-up signal of the queue."""

    def __init__(self, states: States, history_limit: int | None = None):
        self.states = states
        self.history_limit = history_limit
        self.jobs: dict[str, Job] = {}
        self.history: list[str] = []  # ids of finished jobs, oldest first
        self.next_number = 0
        self.queued = asyncio.Event()

    def add(self, job: Job) -> None:
        self.jobs[job.id] = job
        if isinstance(job.number, int):
            self.next_number = max(self.next_number, job.number + 1)
        if job.status == self.states.waiting:
            self.queued.set()

    def retire(self, job: Job) -> None:
        """A job finished: it joins the history, and the oldest entry goes when the history is full.

        Like ComfyUI, the check comes before the new entry is added, so the history holds
        at most one entry more than its limit.
        """
        if self.history_limit is not None and len(self.history) > self.history_limit:
            self.jobs.pop(self.history.pop(0), None)
        self.history.append(job.id)

    def forget(self, job_ids) -> None:
        """Remove finished jobs from the history (legacy `POST /history`)."""
        for job_id in list(job_ids):
            job = self.jobs.get(job_id)
            if job is not None and job.finished:
                del self.jobs[job_id]
                self.history.remove(job_id)

    def finished_in_order(self) -> list[Job]:
        """Finished jobs in the order they entered the history, oldest first."""
        return [self.jobs[job_id] for job_id in self.history if job_id in self.jobs]

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def remove(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)
        if job_id in self.history:
            self.history.remove(job_id)

    def visible_to(self, owner: str | None) -> list[Job]:
        """Jobs a caller may list: everyone's on the local server, only their own on cloud."""
        return [job for job in self.jobs.values() if owner is None or job.owner == owner]

    def by_state(self, state: str) -> list[Job]:
        """Jobs in `state` in queue order: lowest queue number first, then submission order."""
        return sorted((job for job in self.jobs.values() if job.status == state), key=lambda job: (job.number, job.order_key))

    def next_pending(self) -> Job | None:
        pending = self.by_state(self.states.waiting)
        return pending[0] if pending else None
