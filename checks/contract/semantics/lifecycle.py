"""A submitted job is the job the Jobs API shows, moves only forward and finishes as its workflow says."""

from __future__ import annotations

from checks.contract.catalogue import scenario_check

# The parts of a job's life the lifecycle and cancel scenarios rely on; the spec's
# JobStatus `x-lifecycle` says which status plays each one.
ROLES = ("waiting", "running", "succeeded", "failed", "cancelled")


class UnknownRoles(Exception):
    """The spec's status enum lacks a status the lifecycle checks rely on."""


def check_roles(spec) -> None:
    """Every role in ROLES is played by a value of the spec's JobStatus enum."""
    missing = []
    for role in ROLES:
        try:
            status = spec.status_role(role)
        except KeyError:
            status = None
        if status not in spec.status_enum():
            missing.append(role)
    if missing:
        raise UnknownRoles(f"the spec's JobStatus has no status playing {', '.join(missing)}")


def is_terminal(spec, status) -> bool:
    return status in spec.terminal_statuses()


@scenario_check
def prompt_id_is_the_job_id(prompt_id: str, detail_status: int, detail: dict | None, listed_ids: list[str]) -> None:
    """The `prompt_id` returned by POST /prompt is the `job_id`: its detail answers with that id, and the list shows it."""
    if detail_status != 200 or not isinstance(detail, dict):
        raise AssertionError(f"GET job {prompt_id} (the prompt_id just returned) answered {detail_status}")
    if detail.get("id") != prompt_id:
        raise AssertionError(f"GET job {prompt_id} answered a job with id {detail.get('id')!r}")
    if prompt_id not in listed_ids:
        raise AssertionError(f"job {prompt_id} is not in GET /api/jobs")


@scenario_check
def job_states_move_forward(job_id: str, observed: list[str], stages: dict[str, int], terminal: tuple[str, ...]) -> None:
    """A job's status only moves forward: pending → in_progress → completed / failed / cancelled, and stays there."""
    for before, after in zip(observed, observed[1:]):
        first, second = stages.get(before), stages.get(after)
        if first is None or second is None:
            continue
        if second < first or (before in terminal and before != after):
            raise AssertionError(f"job {job_id} went from {before} to {after} (observed {' → '.join(observed)})")


@scenario_check
def job_finishes(job_id: str, final: str | None, expected: str, waited: float, terminal: tuple[str, ...]) -> None:
    """A submitted job reaches the terminal status its workflow leads to (a plain workflow completes, a failing one fails)."""
    if final is None or final not in terminal:
        raise AssertionError(f"job {job_id} is still {final} after {waited:.0f} s; expected it to end {expected}")
    if final != expected:
        raise AssertionError(f"job {job_id} ended {final}; its workflow should end {expected}")


@scenario_check
def failed_job_explains_why(job_id: str, detail: dict, failing_node: str, failed: str) -> None:
    """A failed job carries `execution_error` naming the node that failed; a completed one has none."""
    error = detail.get("execution_error")
    if detail.get("status") == failed:
        if not isinstance(error, dict):
            raise AssertionError(f"failed job {job_id} has no execution_error")
        if failing_node and error.get("node_id") != failing_node:
            raise AssertionError(f"failed job {job_id} blames node {error.get('node_id')!r}, the failing node is {failing_node!r}")
    elif error is not None:
        raise AssertionError(f"job {job_id} is {detail.get('status')} but carries execution_error")


@scenario_check
def completed_job_has_outputs(job_id: str, detail: dict, expected_outputs: int) -> None:
    """A completed job lists the files its output nodes saved (`outputs`, `outputs_count`)."""
    count = detail.get("outputs_count")
    if count != expected_outputs:
        raise AssertionError(f"job {job_id} saved {expected_outputs} file(s) but reports outputs_count {count!r}")
