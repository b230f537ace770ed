"""The v2 run's own jobs: create them, follow them to their ending, and check what the API shows.

`V2Run` is the v1 `ScenarioRun` (send, judge, verdict) plus the v2 ways to create, poll and
cancel a job. The lifecycle scenario submits a plain and a failing workflow (the plain one
with a canary partner key), follows both, reads the workflow route, and sends bad input.
"""

from __future__ import annotations

import uuid
from urllib.parse import urljoin, urlsplit

from checks.contract.catalogue import scenario_check
from checks.contract.scenarios.base import OwnJob, ScenarioRun, Skip
from checks.contract.target import Exchange
from checks.contract.v2 import responses


class V2Run(ScenarioRun):
    """Shared state of the scripted v2 part of one run."""

    def watch(self, value: str, what: str) -> None:
        responses.watch(value, what)
        self.watched.append(value)

    def forget_watched(self) -> None:
        for value in self.watched:
            responses.forget(value)
        self.watched.clear()

    # -- requests ------------------------------------------------------------------------
    def on_job(self, operation_id: str, job_id: str, **kwargs) -> Exchange:
        names = [name for name, param in self.spec.parameters(operation_id).items() if param.get("in") == "path"]
        return self.send(operation_id, path_parameters={names[0]: job_id}, **kwargs)

    def create(self, workflow: dict, *, extra_data: dict | None = None, key: str | None = None,
               body: object = None) -> Exchange:
        payload = body if body is not None else {"workflow": workflow, **({"extra_data": extra_data} if extra_data else {})}
        headers = {self.spec.idempotency("createJob").header: key} if key is not None else None
        exchange = self.send("createJob", body=payload, headers=headers)
        if exchange.status == 201 and isinstance(exchange.body, dict) and isinstance(exchange.body.get("id"), str):
            self.target.own(exchange.body["id"])
        return exchange

    def created(self, exchange: Exchange, kind: str, expected: str | None) -> OwnJob:
        """The job a 201 created, or Skip explaining why the server refused the workflow."""
        body = exchange.body if isinstance(exchange.body, dict) else {}
        if exchange.status != 201 or not isinstance(body.get("id"), str):
            error = body.get("error")
            reason = error.get("message") if isinstance(error, dict) else error
            raise Skip(f"the server refused the {kind} workflow ({exchange.status}: {reason or 'no reason given'})")
        job = OwnJob(body["id"], kind, expected, observed=[body.get("status")])
        self.jobs.append(job)
        return job

    def follow(self, job: OwnJob, until=None) -> Exchange:
        """Poll the job until `until(status)` (default: terminal) or the job timeout; the last exchange."""
        terminal = set(self.spec.terminal_statuses())
        until = until or (lambda status: status in terminal)
        deadline, delay = self.now() + self.job_timeout, self.poll_interval
        while True:
            exchange = self.on_job("getJob", job.job_id)
            body = exchange.body if isinstance(exchange.body, dict) else None
            status = body.get("status") if body else None
            if exchange.status == 200 and status and job.observed[-1:] != [status]:
                job.observed.append(status)
            if exchange.status != 200 or until(status) or self.now() >= deadline:
                job.final = body
                return exchange
            self.target.wait(delay)
            delay = min(delay * 1.5, 0.5)

    def absolute(self, link: str) -> str:
        """A link resolved the way the spec says: against the origin, never against a base URL with a path."""
        parts = urlsplit(self.target.base_url)
        return urljoin(f"{parts.scheme}://{parts.netloc}/", link)

    def status_of(self, job_id: str) -> tuple[int, dict | None]:
        exchange = self.on_job("getJob", job_id)
        return exchange.status, exchange.body if isinstance(exchange.body, dict) else None


def error_code(body) -> str | None:
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("code") if isinstance(error, dict) else None


# -- checks ------------------------------------------------------------------------------
@scenario_check
def created_job_is_queued(job_id: str, status: int, state: str | None, queued: str) -> None:
    """Creating a job answers 201 with the new job `queued`."""
    if status != 201 or state != queued:
        raise AssertionError(f"creating job {job_id} answered {status} with status {state!r}; expected 201 {queued}")


@scenario_check
def job_statuses_only_move_forward(job_id: str, observed: list[str], stages: dict[str, int | None]) -> None:
    """Polling a job shows its statuses in lifecycle order (queued, running, then an ending); never back, never unknown."""
    unknown = [state for state in observed if stages.get(state) is None]
    if unknown:
        raise AssertionError(f"job {job_id} showed {unknown[0]!r}, which the lifecycle does not know")
    for earlier, later in zip(observed, observed[1:]):
        if stages[later] < stages[earlier]:
            raise AssertionError(f"job {job_id} went back from {earlier} to {later} ({' -> '.join(observed)})")


@scenario_check
def job_reaches_its_ending(job_id: str, kind: str, final: str | None, expected: str) -> None:
    """A plain workflow ends `succeeded`, a failing one `failed`, within the job timeout."""
    if final != expected:
        raise AssertionError(f"the {kind} job {job_id} ended as {final!r}; expected {expected}")


@scenario_check
def failed_job_says_what_failed(job_id: str, error, failing_node: str | None) -> None:
    """A failed job carries `error.code` and `error.message`, naming the node that failed when it knows."""
    if not isinstance(error, dict) or not error.get("code") or not error.get("message"):
        raise AssertionError(f"the failed job {job_id} has error {error!r}; expected a code and a message")
    if failing_node is not None and error.get("node_id") not in (None, failing_node):
        raise AssertionError(f"the failed job {job_id} blames node {error.get('node_id')!r}, not {failing_node}")


@scenario_check
def succeeded_job_lists_its_outputs(job_id: str, outputs, expected: int | None) -> None:
    """A succeeded job lists every file it saved in `outputs`."""
    count = len(outputs) if isinstance(outputs, list) else None
    if count is None or (expected is not None and count != expected) or (expected is None and count == 0):
        raise AssertionError(f"the succeeded job {job_id} lists {count} outputs; expected {expected or 'some'}")


@scenario_check
def workflow_route_returns_what_ran(job_id: str, status: int, body, submitted: dict, expected_format: str | None) -> None:
    """`GET /api/v2/jobs/{id}/workflow` of a job created through the API answers `format: api` and the graph as sent."""
    if status != 200 or not isinstance(body, dict):
        raise AssertionError(f"the workflow of job {job_id} answered {status}")
    if (expected_format and body.get("format") != expected_format) or body.get("workflow") != submitted:
        raise AssertionError(f"the workflow of job {job_id} is format {body.get('format')!r}"
                             + ("" if body.get("workflow") == submitted else " and not the graph that was sent"))


@scenario_check
def unknown_job_answers_404(what: str, status: int, code: str | None, expected_codes: tuple[str, ...]) -> None:
    """Every job route answers an id that matches no job with 404 and its documented code (`not_found`)."""
    if status != 404 or (expected_codes and code not in expected_codes):
        raise AssertionError(f"{what} answered {status} {code or ''}".rstrip()
                             + f"; expected 404 {' or '.join(expected_codes)}".rstrip())


@scenario_check
def invalid_submissions_are_422(what: str, status: int, code: str | None, expected_code: str | None) -> None:
    """A submission the contract refuses (not JSON, no workflow, a UI export, unknown node, extra `extra_data` keys) answers 422 with its code."""
    if status != 422 or (expected_code is not None and code != expected_code):
        want = f"422 {expected_code}" if expected_code else "422"
        raise AssertionError(f"{what} answered {status} {code or ''}".rstrip() + f"; expected {want}")


# -- the scenario -------------------------------------------------------------------------
def run_lifecycle(run: V2Run) -> None:
    spec = run.spec
    canary = f"jobs-checks-canary-{uuid.UUID(int=run.random.getrandbits(128), version=4)}"
    secret_keys = spec.extra_data_keys("createJob")
    extra = {secret_keys[0]: canary} if secret_keys else None
    if extra:
        run.watch(canary, f"the canary the run sent as extra_data.{secret_keys[0]}")
    queued = spec.status_role("waiting")
    plain = run.workflows["plain"]
    exchange = run.create(plain.prompt, extra_data=extra)
    job = run.created(exchange, "plain", spec.status_role("succeeded"))
    run.verdict(created_job_is_queued, "createJob", job.job_id, exchange.status, exchange.body.get("status"), queued,
                exchange=exchange)
    jobs = [(job, plain)]
    failing = run.workflows.get("failing")
    if failing is not None:
        exchange = run.create(failing.prompt)
        try:
            jobs.append((run.created(exchange, "failing", spec.status_role("failed")), failing))
        except Skip as exc:
            run.skip(failed_job_says_what_failed, "getJob", str(exc))
    stages = {status: spec.status_stage(status) for status in spec.status_enum()}
    for own, workflow in jobs:
        last = run.follow(own)
        final = own.final.get("status") if own.final else None
        run.verdict(job_statuses_only_move_forward, "getJob", own.job_id, [s for s in own.observed if s], stages,
                    exchange=last)
        run.verdict(job_reaches_its_ending, "getJob", own.job_id, own.kind, final, own.expected, exchange=last)
        if own.kind == "failing" and final == own.expected:
            run.verdict(failed_job_says_what_failed, "getJob", own.job_id, own.final.get("error"), workflow.failing_node,
                        exchange=last)
        if own.kind == "plain" and final == own.expected:
            run.verdict(succeeded_job_lists_its_outputs, "getJob", own.job_id, own.final.get("outputs"),
                        workflow.outputs, exchange=last)
        shown = run.on_job("getJobWorkflow", own.job_id)
        run.verdict(workflow_route_returns_what_ran, "getJobWorkflow", own.job_id, shown.status, shown.body,
                    workflow.prompt, spec.workflow_format_of_created_jobs(), exchange=shown)
    _unknown_ids(run)
    _invalid_submissions(run, plain.prompt, extra or {})


def _unknown_ids(run: V2Run) -> None:
    unknown = run.unknown_id()
    for operation_id in ("getJob", "getJobWorkflow", "cancelJob", "getJobEvents"):
        if run.spec.operation(operation_id) is None:
            continue
        if operation_id == "getJobEvents":
            from checks.contract.v2.events import open_once

            status, body = open_once(run, unknown)
        else:
            exchange = run.on_job(operation_id, unknown)
            status, body = exchange.status, exchange.body
        run.verdict(unknown_job_answers_404, operation_id, f"{run.target.label(operation_id)} of unknown id {unknown}",
                    status, error_code(body), run.spec.error_codes_of(operation_id, 404))


def _invalid_submissions(run: V2Run, prompt: dict, extra: dict) -> None:
    refusal = lambda kind: run.spec.refusal_code("createJob", kind)  # noqa: E731
    cases = [
        ("a JSON string instead of an object", {"body": "{not an object"}, None),
        ("a body without workflow", {"body": {"prompt": prompt}}, None),
        ("a UI-format export", {"body": {"workflow": {"nodes": [], "links": []}}}, refusal("ui-export")),
        ("an unknown node class", {"body": {"workflow": {"1": {"class_type": "JobsChecksNoSuchNode", "inputs": {}}}}},
         refusal("invalid-graph")),
        ("extra_data with a key the contract does not list",
         {"body": {"workflow": prompt, "extra_data": {**extra, "jobs_checks_extra": 1}}}, None),
    ]
    for what, kwargs, expected_code in cases:
        exchange = run.create(prompt, **kwargs)
        run.verdict(invalid_submissions_are_422, "createJob", f"creating a job with {what}", exchange.status,
                    error_code(exchange.body), expected_code, exchange=exchange)
        if exchange.status == 201:
            run.jobs.append(OwnJob(exchange.body["id"], "refused", None))
