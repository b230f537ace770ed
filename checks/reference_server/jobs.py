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
    number: int
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
        """(node id, media group, file) for every output file, in node order."""
        return [(node_id, group, item)
                for node_id, groups in self.outputs.items()
                for group, items in groups.items()
                for item in items]


class JobStore:
    """All jobs of one server, in submission order, plus the wake-up signal of the queue."""

    def __init__(self, states: States):
        self.states = states
        self.jobs: dict[str, Job] = {}
        self.next_number = 0
        self.queued = asyncio.Event()

    def add(self, job: Job) -> None:
        self.jobs[job.id] = job
        self.next_number = max(self.next_number, job.number + 1)
        if job.status == self.states.waiting:
            self.queued.set()

    def get(self, job_id: str) -> Job | None:
        return self.jobs.get(job_id)

    def remove(self, job_id: str) -> None:
        self.jobs.pop(job_id, None)

    def visible_to(self, owner: str | None) -> list[Job]:
        """Jobs a caller may list: everyone's on the local server, only their own on cloud."""
        return [job for job in self.jobs.values() if owner is None or job.owner == owner]

    def by_state(self, state: str) -> list[Job]:
        return sorted((job for job in self.jobs.values() if job.status == state), key=lambda job: job.number)

    def next_pending(self) -> Job | None:
        pending = self.by_state(self.states.waiting)
        return pending[0] if pending else None
