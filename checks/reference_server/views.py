"""How a job leaves the server: list item, detail, and the legacy history/queue shapes.

Field presence follows the recordings (a field that does not apply is omitted,
never null), then the dialect's spec decides which fields exist at all, and
which exist in the server's version (`x-since`).
"""

from __future__ import annotations

from checks.reference_server.dialect import Dialect
from checks.reference_server.faults import Faults
from checks.reference_server.jobs import Job
from checks.reference_server.nodes import output_nodes


def _preview(job: Job, previewable: tuple[str, ...]) -> dict | None:
    files = job.output_files()
    preferred = [entry for entry in files if entry[1] in previewable] or files
    if not preferred:
        return None
    node_id, group, item = preferred[0]
    return {**item, "nodeId": node_id, "mediaType": group}


def execution_status(job: Job) -> dict:
    succeeded = job.status == job.states.succeeded
    return {"status_str": "success" if succeeded else "error", "completed": succeeded, "messages": job.messages}


def workflow(job: Job, dialect: Dialect, faults: Faults) -> dict:
    shown = {"prompt": job.prompt, "extra_data": dialect.hide_secrets(job.extra_data)}
    return faults.bend("workflow", shown, job=job)


def _fields(job: Job, dialect: Dialect, faults: Faults, detail: bool) -> dict:
    fields: dict = {"id": job.id, "status": job.status, "priority": job.number, "create_time": job.create_time}
    if job.finished:
        if job.execution_start_time is not None:
            fields["execution_start_time"] = job.execution_start_time
        if job.execution_end_time is not None:
            fields["execution_end_time"] = job.execution_end_time
        if job.status == job.states.failed and job.execution_error:
            fields["execution_error"] = job.execution_error
    files = job.output_files() if job.finished else []
    fields["outputs_count"] = len(files)
    previewable = dialect.spec.preview_groups()
    fields["previewable_outputs_count"] = sum(1 for _, group, _ in files if group in previewable)
    preview = _preview(job, previewable) if job.finished else None
    if preview:
        fields["preview_output"] = preview
    if job.workflow_id:
        fields["workflow_id"] = job.workflow_id
    if detail and job.finished:
        fields["outputs"] = job.outputs
        fields["execution_status"] = execution_status(job)
        fields["workflow"] = workflow(job, dialect, faults)
    allowed = dialect.job_fields(detail)
    fields = {name: value for name, value in fields.items() if name in allowed}
    return faults.bend("job_fields", fields, spec=dialect.spec, job=job)


def list_item(job: Job, dialect: Dialect, faults: Faults) -> dict:
    return faults.bend("list_item", _fields(job, dialect, faults, detail=False), spec=dialect.spec, job=job)


def detail(job: Job, dialect: Dialect, faults: Faults) -> dict:
    return faults.bend("detail", _fields(job, dialect, faults, detail=True), spec=dialect.spec, job=job)


def legacy_prompt(job: Job, dialect: Dialect) -> list:
    """The `[number, id, prompt, extra_data, outputs_to_execute]` tuple of /queue and /history."""
    return [job.number, job.id, job.prompt, dialect.hide_secrets(job.extra_data), output_nodes(job.prompt)]


def legacy_history_entry(job: Job, dialect: Dialect) -> dict:
    return {
        "prompt": legacy_prompt(job, dialect),
        "outputs": job.outputs,
        "status": execution_status(job),
        "meta": {node_id: {"node_id": node_id, "display_node": node_id, "parent_node": None, "real_node_id": node_id}
                 for node_id in job.outputs},
    }
