"""The workflows the lifecycle submits: tiny, model-free, each with a known ending.

`plain` uses only ComfyUI's built-in `EmptyImage` and `SaveImage` and saves one file.
`slow` and `failing` add a `Sleep` or `Fail` node (the reference server has them; a
real server needs a small custom node, or `--slow-workflow` / `--failing-workflow`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workflow:
    """A prompt in API format, what it should end as, and what it should leave behind."""

    prompt: dict
    outputs: int | None = None  # files saved when it completes, when known
    failing_node: str | None = None  # id of the node that raises, for failing workflows


def _image(prefix: str) -> dict:
    return {
        "1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": prefix}},
    }


def plain() -> Workflow:
    return Workflow(_image("jobs_checks"), outputs=1)


def slow(seconds: float = 30.0) -> Workflow:
    prompt = _image("jobs_checks_slow")
    prompt["2"] = {"class_type": "Sleep", "inputs": {"seconds": seconds, "image": ["1", 0]}}
    prompt["9"]["inputs"]["images"] = ["2", 0]
    return Workflow(prompt, outputs=1)


def failing() -> Workflow:
    prompt = _image("jobs_checks_fail")
    prompt["4"] = {"class_type": "Fail", "inputs": {"message": "jobs-checks failure on purpose", "image": ["1", 0]}}
    prompt["9"]["inputs"]["images"] = ["4", 0]
    return Workflow(prompt, failing_node="4")


class WorkflowError(Exception):
    """A workflow file that cannot be read or is not an API-format prompt."""


def load(path: str | Path, failing_node: str | None = None) -> Workflow:
    """A workflow from a JSON file: either the prompt itself or a /prompt body holding it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise WorkflowError(f"cannot read workflow {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise WorkflowError(f"workflow {path} is not JSON: {exc.msg} at line {exc.lineno}") from None
    prompt = data.get("prompt", data) if isinstance(data, dict) else None
    if not isinstance(prompt, dict) or not prompt or not all(
        isinstance(node, dict) and "class_type" in node for node in prompt.values()
    ):
        raise WorkflowError(f"workflow {path} is not an API-format prompt (node id -> {{class_type, inputs}})")
    return Workflow(prompt, failing_node=failing_node)
