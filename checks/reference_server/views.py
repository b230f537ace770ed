"""How a job leaves the server: list item, detail, and the legacy history/queue shapes.

Field presence follows the spec (`x-absent-while`: a field that does not apply is omitted,
never null), then the dialect's spec decides which fields exist at all and which exist in
the server's version (`x-since`). Counting and previews follow ComfyUI 0.33.0: file items
count, `text` strings count only on servers that did (before 0.33.0), and the preview is a
saved visual output, else any visual one, else a text file, else the text itself.
"""

from __future__ import annotations

from checks.reference_server.dialect import Dialect
from checks.reference_server.faults import Faults
from checks.reference_server.jobs import Job
from checks.reference_server.nodes import output_nodes

TEXT_EXTENSIONS = (".txt", ".md", ".json")


def text_preview(node_id: str, value: str, limit: int | None, group: str) -> dict:
    preview = {"content": value if limit is None else value[:limit]}
    if limit is not None and len(value) > limit:
        preview["truncated"] = True
    return {**preview, "nodeId": node_id, "mediaType": group}


def _preview(job: Job, dialect: Dialect) -> dict | None:
    previewable = dialect.spec.preview_groups()
    _, saved_area = dialect.storage_areas  # saved outputs outrank temp previews
    texts = dialect.text_group
    saved = other = text_file = text = None
    for node_id, groups in job.outputs.items():
        for group, items in groups.items():
            for item in items:
                if isinstance(item, str):
                    if group == texts and text is None:
                        text = text_preview(node_id, item, dialect.text_limit, texts)
                    continue
                if group not in previewable:
                    continue
                shown = {**item, "nodeId": node_id, "mediaType": item.get("mediaType", group)}
                if group == texts or str(item.get("filename", "")).lower().endswith(TEXT_EXTENSIONS):
                    text_file = text_file or shown
                elif item.get("type") == saved_area:
                    saved = saved or shown
                else:
                    other = other or shown
    return saved or other or text_file or text


def outputs_count(job: Job, dialect: Dialect) -> int:
    files = len(job.output_files())
    if dialect.counts_text_items:
        texts = dialect.text_group
        files += sum(1 for groups in job.outputs.values() for item in groups.get(texts, []) if isinstance(item, str))
    return files


def execution_status(job: Job) -> dict:
    succeeded = job.status == job.states.succeeded
    return {"status_str": "success" if succeeded else "error", "completed": succeeded, "messages": job.messages}


def workflow(job: Job, dialect: Dialect, faults: Faults) -> dict:
    shown = {"prompt": job.prompt, "extra_data": dialect.hide_secrets(job.extra_data)}
    return faults.bend("workflow", shown, job=job)


def _fields(job: Job, dialect: Dialect, faults: Faults, detail: bool) -> dict:
    fields: dict = {"id": job.id, "status": job.status, "priority": job.number, "create_time": job.create_time,
                    "execution_start_time": job.execution_start_time, "execution_end_time": job.execution_end_time,
                    "execution_error": job.execution_error if job.status == job.states.failed else None}
    files = job.output_files()
    fields["outputs_count"] = outputs_count(job, dialect)
    previewable = dialect.spec.preview_groups()
    fields["previewable_outputs_count"] = sum(1 for _, group, _ in files if group in previewable)
    fields["preview_output"] = _preview(job, dialect)
    fields["workflow_id"] = job.workflow_id
    if detail:
        fields["outputs"] = job.outputs
        fields["execution_status"] = execution_status(job)
        fields["workflow"] = workflow(job, dialect, faults)
    allowed = dialect.job_fields(detail)
    fields = {name: value for name, value in fields.items()
              if name in allowed and value is not None and dialect.shows(name, job.status, detail)}
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
