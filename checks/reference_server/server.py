"""The state of one running reference server and the operations on it.

HTTP handlers translate requests into these calls; nothing here knows about
aiohttp, so the queue and cancel semantics can be read on their own.
"""

from __future__ import annotations

import asyncio
import hmac
import uuid
from dataclasses import dataclass, field

from checks.apispec.jobs import history_limit
from checks.reference_server.dialect import Dialect
from checks.reference_server.executor import Executor, WallClock
from checks.reference_server.faults import Faults
from checks.reference_server.files import FileStore
from checks.reference_server.jobs import Job, JobStore
from checks.reference_server.nodes import PromptInvalid, validate_prompt
from checks.reference_server.seed import seed

# How long a cancel call waits for an interrupted node to stop, so the answer is settled.
CANCEL_SETTLE_SECONDS = 1.0
DEFAULT_CLOUD_KEYS = {"test-key-alice": "alice", "test-key-bob": "bob"}


@dataclass
class Server:
    dialect: Dialect
    faults: Faults
    api_keys: dict[str, str] = field(default_factory=dict)
    seed_jobs: bool = True
    time_scale: float = 1.0
    errors: list[str] = field(default_factory=list)
    history_limit: int | None = None  # default: the spec's `x-history-limit`

    def __post_init__(self):
        self.clock = WallClock(self.time_scale)
        limit = self.history_limit if self.history_limit is not None else history_limit(self.dialect.spec)
        self.store = JobStore(self.dialect.states, history_limit=limit)
        self.files = FileStore()
        self.executor = Executor(self.store, self.clock, on_error=self.errors.append, files=self.files,
                                 bend=self.faults.bend)
        self.next_order = 0
        self.storage_url: str | None = None  # the second origin redirecting downloads lead to
        self.download_links: dict[str, object] = {}  # token of a download link -> FileKey
        self.keys_sent_to_storage: list[str] = []  # storage paths requested with the API key header
        self.requests_seen: list[tuple[str, str, bool]] = []  # (method, path, body parses as JSON)
        self._worker: asyncio.Task | None = None

    @property
    def spec(self):
        return self.dialect.spec

    @property
    def states(self):
        return self.dialect.states

    # -- lifecycle ----------------------------------------------------------------------
    async def start(self) -> None:
        if self.seed_jobs:
            owners = list(dict.fromkeys(self.api_keys.values())) if self.dialect.auth_header else []
            await seed(self.store, self.executor, self.dialect.profile, owners, self.clock.now_ms())
        self._worker = asyncio.get_running_loop().create_task(self.executor.serve(), name="reference-server-queue")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass
            self._worker = None

    # -- callers ------------------------------------------------------------------------
    def user_for(self, key: str) -> str | None:
        """The user an API key belongs to, compared in constant time."""
        found = None
        for known, user in self.api_keys.items():
            if hmac.compare_digest(known.encode("utf-8", "surrogatepass"), key.encode("utf-8", "surrogatepass")):
                found = user
        return found

    def may_see(self, user: str | None, job: Job) -> bool:
        return user is None or job.owner == user or self.faults.bend("foreign_job", False, job=job)

    # -- operations ---------------------------------------------------------------------
    def submit(self, body, user: str | None) -> Job:
        """Queue a workflow from a /prompt body, or raise PromptInvalid."""
        if not isinstance(body, dict):
            raise PromptInvalid("invalid_prompt", "Request body must be a JSON object")
        prompt_id = body.get("prompt_id")
        if prompt_id is not None:
            if not isinstance(prompt_id, str) or not self.dialect.is_canonical_id(prompt_id):
                raise PromptInvalid(
                    "invalid_prompt_id", "prompt_id must be a valid UUID",
                    "prompt_id must be a UUID string in canonical lowercase hyphenated form; "
                    "omit it to let the server generate one")
            if prompt_id in self.store.jobs:
                raise PromptInvalid("invalid_prompt_id", "prompt_id is already used by another job",
                                    "choose a new UUID or omit prompt_id")
        if "prompt" not in body:
            raise PromptInvalid("no_prompt", "No prompt provided", "The body needs a \"prompt\" object")
        order = validate_prompt(body["prompt"])
        extra_data = body.get("extra_data", {})
        if not isinstance(extra_data, dict):
            raise PromptInvalid("invalid_prompt", "extra_data must be an object")
        extra_data = dict(extra_data)
        if isinstance(body.get("client_id"), str):
            extra_data["client_id"] = body["client_id"]
        now = self.clock.now_ms()
        extra_data["create_time"] = now
        job = Job(id=prompt_id or str(uuid.uuid4()), number=self._queue_number(body), prompt=body["prompt"],
                  extra_data=extra_data, order=order, create_time=now, states=self.states, owner=user,
                  interrupt=asyncio.Event(), done=asyncio.Event(), order_key=self._next_order())
        self.store.add(job)
        return job

    def _queue_number(self, body: dict) -> float:
        """ComfyUI's queue number: the float a submission chose (`number`), else the next one (negated for `front`)."""
        if "number" in body:
            chosen = body["number"]
            if isinstance(chosen, bool) or not isinstance(chosen, (int, float)) or chosen != chosen:
                raise PromptInvalid("invalid_prompt", "number must be a number")
            return float(chosen)
        number = self.store.next_number
        self.store.next_number += 1
        return -number if body.get("front") else number

    def _next_order(self) -> int:
        self.next_order += 1
        return self.next_order

    async def cancel(self, job: Job) -> bool:
        """Stop or dequeue a job; False when it had already finished."""
        if job.status == self.states.waiting:
            if self.dialect.removes_cancelled_pending:
                self.store.remove(job.id)
            else:
                job.status = self.states.cancelled
            job.done.set()
            return True
        if job.status == self.states.running:
            job.interrupt.set()
            try:
                await asyncio.wait_for(asyncio.shield(job.done.wait()), CANCEL_SETTLE_SECONDS)
            except asyncio.TimeoutError:
                pass
            return True
        return False

    # -- legacy routes of the local server -------------------------------------------------
    def clear_history(self, job_ids=None) -> None:
        """Drop the whole history, or the named finished jobs."""
        self.store.forget(list(self.store.history) if job_ids is None else job_ids)

    def clear_queue(self, job_ids=None) -> None:
        """Drop every pending job, or the named pending ones (running jobs are left alone)."""
        for job in self.store.by_state(self.states.waiting):
            if job_ids is None or job.id in job_ids:
                self.store.remove(job.id)
                job.done.set()

    def interrupt(self, prompt_id: str | None = None) -> None:
        """Stop the running job (only when it is `prompt_id`, if given)."""
        for job in self.store.by_state(self.states.running):
            if prompt_id is None or job.id == prompt_id:
                job.interrupt.set()
