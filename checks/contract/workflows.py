"""The workflows the lifecycle submits: tiny, model-free, built from nodes every ComfyUI has.

`plain` saves one 8x8 image (`EmptyImage` -> `SaveImage`), `slow` scales a large image up
and down for a few CPU seconds (`ImageScale`, so a job stays running long enough to be
cancelled), `failing` divides by zero in `ComfyMathExpression`. The reference server runs
the same node types. Every submission is varied (`vary`): a server caches node results and
answers an identical resubmission at once with empty outputs, which would hide a defect.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workflow:
    """A prompt in API format, what it should end as, and what it should leave behind."""

    prompt: dict
    outputs: int | None = None  # files saved when it completes, when known
    failing_node: str | None = None  # id of the node that raises, for failing workflows


def plain() -> Workflow:
    return Workflow({
        "1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 0}},
        "9": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": "jobs_checks"}},
    }, outputs=1)


def slow(side: int = 2048, upscaled: int = 8192) -> Workflow:
    """About 8 s of CPU on a small machine; the cancel scenario stops it long before."""
    scale = {"upscale_method": "lanczos", "crop": "disabled"}
    return Workflow({
        "1": {"class_type": "EmptyImage", "inputs": {"width": side, "height": side, "batch_size": 1, "color": 77}},
        "2": {"class_type": "ImageScale", "inputs": {"image": ["1", 0], "width": upscaled, "height": upscaled, **scale}},
        "3": {"class_type": "ImageScale", "inputs": {"image": ["2", 0], "width": side, "height": side, **scale}},
        "9": {"class_type": "PreviewImage", "inputs": {"images": ["3", 0]}},
    }, outputs=1)


def failing() -> Workflow:
    return Workflow({
        "1": {"class_type": "ComfyMathExpression", "inputs": {"expression": "a / 0", "values.a": 1}},
        "9": {"class_type": "PreviewAny", "inputs": {"source": ["1", 0]}},
    }, failing_node="1")


# Inputs a submission may change without changing what the workflow does.
_NUMBERS = {"seed": 2**32, "noise_seed": 2**32, "color": 0xFFFFFF}
_SUFFIXED = ("filename_prefix", "value")


def vary(prompt: dict, rng: random.Random) -> tuple[dict, bool]:
    """A copy of `prompt` with its seeds, colours, file name prefixes and texts made unique; (copy, changed anything)."""
    fresh = copy.deepcopy(prompt)
    tag = f"{rng.getrandbits(32):08x}"
    changed = False
    for node in fresh.values():
        inputs = node.get("inputs") if isinstance(node, dict) else None
        for name, value in list((inputs or {}).items()):
            if isinstance(value, bool) or isinstance(value, list):
                continue
            if name in _NUMBERS and isinstance(value, int):
                inputs[name] = rng.randrange(_NUMBERS[name])
            elif name.startswith("values.") and isinstance(value, (int, float)):
                inputs[name] = rng.randrange(1, 1000)
            elif name in _SUFFIXED and isinstance(value, str):
                inputs[name] = f"{value}_{tag}" if name == "filename_prefix" else f"{value} {tag}"
            else:
                continue
            changed = True
    return fresh, changed


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
