"""A finished history for a fresh server, shaped like the recorded ComfyUI sessions.

The seeded jobs run through the real executor on a virtual clock that starts an
hour ago, so their timestamps, durations, outputs and errors are genuine. They
cover: a failure, one and two outputs, saved-workflow ids, a submitted secret, a text
output, temp previews, distinct durations (so sort_by changes the order) and, on cloud,
every media type.
"""

from __future__ import annotations

from checks.reference_server.executor import Executor, VirtualClock
from checks.reference_server.jobs import Job, JobStore
from checks.reference_server.nodes import validate_prompt

SEEDED_SECRET = "seeded-secret-not-a-real-key"
WORKFLOW_IDS = ("7f3c1a52-5eed-4a7e-9b1e-000000000001", "7f3c1a52-5eed-4a7e-9b1e-000000000002")


def image_workflow(prefix: str, batch: int = 1, sleep: float | None = None, fail: str | None = None) -> dict:
    """Empty images saved under `prefix`, after a `Sleep` of `sleep` seconds and through a `Fail` node if asked."""
    prompt = {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": batch, "color": 0}}}
    source = "1"
    if sleep is not None:
        prompt["2"] = {"class_type": "Sleep", "inputs": {"seconds": sleep, "image": [source, 0]}}
        source = "2"
    if fail is not None:
        prompt["4"] = {"class_type": "Fail", "inputs": {"message": fail, "image": [source, 0]}}
        source = "4"
    prompt["3"] = {"class_type": "SaveImage", "inputs": {"images": [source, 0], "filename_prefix": prefix}}
    return prompt


def text_workflow(text: str, sleep: float) -> dict:
    """A text output (`PreviewAny` of a string): its preview is the text itself, with no file."""
    return {"1": {"class_type": "Sleep", "inputs": {"seconds": sleep}},
            "2": {"class_type": "PrimitiveString", "inputs": {"value": text}},
            "3": {"class_type": "PreviewAny", "inputs": {"source": ["2", 0]}}}


def preview_workflow(sleep: float) -> dict:
    """Images previewed, not saved: outputs of type `temp`."""
    return {"1": {"class_type": "EmptyImage", "inputs": {"width": 16, "height": 16, "batch_size": 2, "color": 255}},
            "2": {"class_type": "Sleep", "inputs": {"seconds": sleep, "image": ["1", 0]}},
            "3": {"class_type": "PreviewImage", "inputs": {"images": ["2", 0]}}}


def media_workflow(class_type: str, prefix: str, sleep: float) -> dict:
    """One file of another kind (`SaveVideo`, `SaveAudio`, `Save3D`) after a `Sleep`."""
    return {"1": {"class_type": "Sleep", "inputs": {"seconds": sleep}},
            "2": {"class_type": class_type, "inputs": {"filename_prefix": prefix, "count": 1}}}


def saved(workflow_id: str, **extra) -> dict:
    """extra_data of a prompt sent from the saved workflow `workflow_id`."""
    return {"extra_pnginfo": {"workflow": {"id": workflow_id}}, **extra}


# (job id, workflow, extra_data, which user owns it on cloud: 0 = first, 1 = second)
_LOCAL_HISTORY = [
    ("5eed0000-0000-4000-8000-000000000001", image_workflow("failed", sleep=0.08, fail="seeded failure"), {}, 0),
    ("5eed0000-0000-4000-8000-000000000002", image_workflow("slow", sleep=30.0), {}, 0),
    ("5eed0000-0000-4000-8000-000000000003", image_workflow("quick", sleep=1.0), {}, 0),
    ("5eed0000-0000-4000-8000-000000000004", image_workflow("run", sleep=25.0),
     saved(WORKFLOW_IDS[0], api_key_comfy_org=SEEDED_SECRET), 0),
    ("5eed0000-0000-4000-8000-000000000005", image_workflow("batch", batch=2), saved(WORKFLOW_IDS[1]), 0),
    ("5eed0000-0000-4000-8000-00000000000a", text_workflow("seeded text output", 0.5), {}, 0),
    ("5eed0000-0000-4000-8000-00000000000b", preview_workflow(2.0), {}, 0),
]
_CLOUD_EXTRA = [
    ("5eed0000-0000-4000-8000-000000000006", media_workflow("SaveVideo", "clip", 12.0), {}, 0),
    ("5eed0000-0000-4000-8000-000000000007", media_workflow("SaveAudio", "voice", 4.0), {}, 0),
    ("5eed0000-0000-4000-8000-000000000008", media_workflow("Save3D", "mesh", 8.0), {}, 0),
    ("5eed0000-0000-4000-8000-0000000000b1", image_workflow("other", sleep=2.0), {}, 1),
    ("5eed0000-0000-4000-8000-0000000000b2", media_workflow("SaveVideo", "other_clip", 3.0), {}, 1),
]


def seeded_workflows(profile: str) -> list[tuple[str, dict, dict, int]]:
    return _LOCAL_HISTORY + (_CLOUD_EXTRA if profile == "cloud" else [])


async def seed(store: JobStore, executor: Executor, profile: str, owners: list[str], now_ms: int) -> None:
    """Add the seeded history to `store`, as if it had run over the last hour."""
    clock = VirtualClock(now_ms - 3_600_000)
    for index, (job_id, prompt, extra_data, owner_index) in enumerate(seeded_workflows(profile)):
        clock.now += 60_000
        owner = owners[min(owner_index, len(owners) - 1)] if owners else None
        job = Job(id=job_id, number=store.next_number, prompt=prompt,
                  extra_data={**extra_data, "create_time": clock.now}, order=validate_prompt(prompt),
                  create_time=clock.now, states=store.states, owner=owner, order_key=index - 1000)  # before every live job
        store.jobs[job.id] = job
        store.next_number += 1
        await executor.execute(job, clock)
