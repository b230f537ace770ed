"""Submit tiny workflows, follow them to the end, and check what the Jobs API shows.

The plain job carries a random canary where a partner-node API key would go and a
saved-workflow id; `secrets_never_echoed` (a response check) then watches every later
response for the canary.
"""

from __future__ import annotations

import uuid

from checks.apispec.jobs import secret_rules
from checks.contract.catalogue import scenario
from checks.contract.scenarios.base import OwnJob, ScenarioRun, Skip
from checks.contract.semantics import lifecycle as checks
from checks.contract.semantics.detail import count_output_items
from checks.contract.target import Exchange
from checks.contract.workflows import vary

LIFECYCLE_CHECKS = (checks.prompt_id_is_the_job_id, checks.job_finishes, checks.failed_job_explains_why,
                    checks.completed_job_has_outputs)


def saved_workflow_extra(workflow_id: str) -> dict:
    """extra_data that marks a job as run from a saved workflow (how ComfyUI learns `workflow_id`)."""
    return {"extra_pnginfo": {"workflow": {"id": workflow_id}}}


def submit(run: ScenarioRun, prompt: dict, extra_data: dict | None = None) -> Exchange:
    """POST the workflow, varied so that no server cache can answer it with the outputs of an earlier run."""
    prompt, changed = vary(prompt, run.random)
    if not changed:
        run.outcomes.note("a workflow has no seed, colour, prefix or text input to vary: a server cache may answer "
                          "its resubmission with empty outputs")
    body = {"prompt": prompt, "client_id": "jobs-checks"}
    if extra_data:
        body["extra_data"] = extra_data
    return run.send("submitPrompt", body=body)


def submitted_id(run: ScenarioRun, exchange: Exchange, what: str) -> str:
    """The prompt_id of an accepted submission, or Skip/AssertionError explaining the refusal."""
    body = exchange.body if isinstance(exchange.body, dict) else {}
    if exchange.status == 200 and isinstance(body.get("prompt_id"), str):
        run.target.own(body["prompt_id"])
        return body["prompt_id"]
    error = body.get("error")
    reason = error.get("message") if isinstance(error, dict) else error
    raise Skip(f"the server refused the {what} workflow ({exchange.status}: {reason or 'no reason given'})")


def follow(run: ScenarioRun, job: OwnJob, until=None) -> Exchange:
    """Poll a job's detail until `until(status)` (default: a terminal status) or the job timeout; returns the last exchange."""
    until = until or (lambda status: checks.is_terminal(run.spec, status))
    deadline = run.now() + run.job_timeout
    delay = run.poll_interval
    while True:
        exchange = run.send("getJob", path_parameters={"job_id": job.job_id})
        body = exchange.body if isinstance(exchange.body, dict) else None
        status = body.get("status") if body else None
        if exchange.status == 200 and status and (not job.observed or job.observed[-1] != status):
            job.observed.append(status)
        if exchange.status != 200 or until(status) or run.now() >= deadline:
            job.final = body
            return exchange
        run.target.wait(delay)
        delay = min(delay * 1.5, 0.5)


def listed_ids(run: ScenarioRun) -> list[str]:
    exchange = run.send("listJobs")
    jobs = exchange.body.get("jobs") if isinstance(exchange.body, dict) else None
    return [job.get("id") for job in jobs or [] if isinstance(job, dict)]


@scenario(order=10)
def run_lifecycle(run: ScenarioRun) -> None:
    """Plain (with canaries) and failing workflows: submitted, listed, followed, finished."""
    checks.check_roles(run.spec)
    succeeded, failed = run.spec.status_role("succeeded"), run.spec.status_role("failed")
    terminal = run.spec.terminal_statuses()
    names = [check.__name__ for check in LIFECYCLE_CHECKS]
    if not run.target.writes_allowed:
        for name in names:
            run.skip(name, "submitPrompt", "writes need --allow-writes against a non-loopback server")
        return
    run.workflow_id = str(uuid.UUID(int=run.random.getrandbits(128), version=4))
    extra_data = saved_workflow_extra(run.workflow_id)
    secret_keys = secret_rules(run.spec).keys
    for key in secret_keys:  # one canary per secret key the spec names
        canary = f"jobs-checks-canary-{run.random.getrandbits(64):016x}"
        run.watch(canary, f"the canary the run sent as extra_data.{key}")
        extra_data[key] = canary
    if not secret_keys:
        run.outcomes.note("the spec names no secret extra_data key; no canary was sent")

    plain = run.workflows["plain"]
    exchange = submit(run, plain.prompt, extra_data)
    try:
        job = OwnJob(submitted_id(run, exchange, "plain"), "plain", succeeded)
    except Skip as exc:
        run.outcomes.failed("prompt_id_is_the_job_id", exchange.operation, str(exc), run.target.curl(exchange))
        return
    run.jobs.append(job)
    failing = run.workflows.get("failing")
    failed_job = None
    if failing is not None:
        try:
            failed_job = OwnJob(submitted_id(run, submit(run, failing.prompt), "failing"), "failing", failed)
            run.jobs.append(failed_job)
        except Skip as exc:
            run.skip(checks.failed_job_explains_why, "getJob", str(exc))

    first = run.send("getJob", path_parameters={"job_id": job.job_id})
    run.verdict(checks.prompt_id_is_the_job_id, "submitPrompt", job.job_id, first.status,
                first.body if isinstance(first.body, dict) else None, listed_ids(run), exchange=first)
    for own in [job] + ([failed_job] if failed_job else []):
        started = run.now()
        last = follow(run, own)
        body = own.final if last.status == 200 else None
        final = body.get("status") if body else None
        if final == run.spec.status_role("waiting"):
            # Still queued behind other people's work: a busy server, not a broken one.
            run.skip(checks.job_finishes, "getJob", f"job {own.job_id} was still {final} after {run.job_timeout:.0f} s "
                     f"(the server's queue is busy; raise --job-timeout)")
            continue
        run.verdict(checks.job_finishes, "getJob", own.job_id, final, own.expected, run.now() - started, terminal,
                    exchange=last)
        if body:
            node = failing.failing_node if own is failed_job else None
            run.verdict(checks.failed_job_explains_why, "getJob", own.job_id, body, node, failed, exchange=last)
        if own is job and final == succeeded:
            expected = plain.outputs
            if expected is None and isinstance(body.get("outputs"), dict):
                expected = count_output_items(body["outputs"])
            if expected is not None:
                run.verdict(checks.completed_job_has_outputs, "getJob", job.job_id, body, expected, exchange=last)


@scenario(order=100)
def run_histories(run: ScenarioRun) -> None:
    """Last: every status the run saw of each of its jobs, from any request, moved only forward."""
    stages = {status: run.spec.status_stage(status) for status in run.spec.status_enum()}
    terminal = run.spec.terminal_statuses()
    for job in run.jobs:
        seen = run.histories.get(job.job_id) or job.observed
        if seen:
            run.verdict(checks.job_states_move_forward, "getJob", job.job_id, seen, stages, terminal)
