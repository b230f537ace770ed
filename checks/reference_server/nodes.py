"""Toy node types the reference server can execute, and workflow validation.

Real ComfyUI nodes compute tensors; these only move small descriptions around,
which is enough to give jobs genuine outputs, durations, failures and interrupts.
`RigSleep` and `RigFail` are accepted as aliases because the recordings used them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Awaitable, Callable

MAX_SLEEP_SECONDS = 3600.0
MAX_BATCH = 64


class Interrupted(Exception):
    """The running job was cancelled while a node was working."""


@dataclass(frozen=True)
class ImageBatch:
    width: int
    height: int
    batch_size: int
    color: int

    def __repr__(self) -> str:
        return f"image batch {self.batch_size}x{self.height}x{self.width} color={self.color}"


@dataclass(frozen=True)
class Input:
    kind: str  # "INT", "FLOAT", "STRING" (literal values) or "IMAGE" (a link to another node)
    required: bool = True
    default: object = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass
class NodeResult:
    value: object = None
    ui: dict[str, list[dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class NodeType:
    name: str
    inputs: dict[str, Input]
    run: Callable[[dict, object], Awaitable[NodeResult]]
    output: bool = False  # an output node: what the legacy queue lists as "outputs to execute"


async def _empty_image(inputs, runtime) -> NodeResult:
    return NodeResult(ImageBatch(inputs["width"], inputs["height"], inputs["batch_size"], inputs["color"]))


async def _save_image(inputs, runtime) -> NodeResult:
    images = inputs["images"]
    files = runtime.save(inputs["filename_prefix"], "png", images.batch_size)
    return NodeResult(None, {"images": files})


def _saver(group: str, extension: str):
    async def save(inputs, runtime) -> NodeResult:
        return NodeResult(None, {group: runtime.save(inputs["filename_prefix"], extension, inputs["count"])})

    return save


async def _sleep(inputs, runtime) -> NodeResult:
    await runtime.sleep(inputs["seconds"])
    return NodeResult(inputs.get("image"))


async def _fail(inputs, runtime) -> NodeResult:
    raise RuntimeError(inputs["message"])


_IMAGE = Input("IMAGE")
_OPTIONAL_IMAGE = Input("IMAGE", required=False)
_PREFIX = Input("STRING", default="ComfyUI")
_COUNT = Input("INT", default=1, minimum=1, maximum=MAX_BATCH)

_TYPES = [
    NodeType("EmptyImage", {
        "width": Input("INT", default=512, minimum=1, maximum=16384),
        "height": Input("INT", default=512, minimum=1, maximum=16384),
        "batch_size": Input("INT", default=1, minimum=1, maximum=MAX_BATCH),
        "color": Input("INT", default=0, minimum=0, maximum=0xFFFFFF),
    }, _empty_image),
    NodeType("SaveImage", {"images": _IMAGE, "filename_prefix": _PREFIX}, _save_image, output=True),
    NodeType("SaveVideo", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("video", "mp4"), output=True),
    NodeType("SaveAudio", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("audio", "flac"), output=True),
    NodeType("Save3D", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("3d", "glb"), output=True),
    NodeType("Sleep", {"seconds": Input("FLOAT", minimum=0, maximum=MAX_SLEEP_SECONDS), "image": _OPTIONAL_IMAGE}, _sleep),
    NodeType("Fail", {"message": Input("STRING", default="failure"), "image": _OPTIONAL_IMAGE}, _fail),
]
NODE_TYPES: dict[str, NodeType] = {node.name: node for node in _TYPES}
NODE_TYPES["RigSleep"] = NODE_TYPES["Sleep"]
NODE_TYPES["RigFail"] = NODE_TYPES["Fail"]


class PromptInvalid(Exception):
    """A submitted workflow ComfyUI would refuse; carries the PromptError body."""

    def __init__(self, kind: str, message: str, details: str = "", extra_info: dict | None = None,
                 node_errors: dict | None = None):
        super().__init__(message)
        self.body = {
            "error": {"type": kind, "message": message, "details": details, "extra_info": extra_info or {}},
            "node_errors": node_errors or {},
        }


def is_link(value) -> bool:
    return (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str)
            and isinstance(value[1], int) and not isinstance(value[1], bool))


def _literal_problem(spec: Input, value) -> str | None:
    if spec.kind == "STRING":
        return None if isinstance(value, str) else "must be a string"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"must be a number ({spec.kind})"
    if spec.kind == "INT" and not isinstance(value, int):
        return "must be an integer"
    if value != value or (spec.minimum is not None and value < spec.minimum) or (spec.maximum is not None and value > spec.maximum):
        return f"must be between {spec.minimum} and {spec.maximum}"
    return None


def validate_prompt(prompt) -> list[str]:
    """Check a workflow and return its node ids in execution order, or raise PromptInvalid."""
    if not isinstance(prompt, dict) or not prompt:
        raise PromptInvalid("invalid_prompt", "Prompt must be a non-empty object of nodes",
                            "Send {\"prompt\": {\"1\": {\"class_type\": ..., \"inputs\": {...}}}}")
    for node_id, node in prompt.items():
        if not isinstance(node, dict) or not isinstance(node.get("class_type"), str):
            raise PromptInvalid("invalid_prompt", f"Node '{node_id}' has no class_type",
                                f"Node ID '#{node_id}'", {"node_id": node_id})
        class_type = node["class_type"]
        if class_type not in NODE_TYPES:
            raise PromptInvalid("missing_node_type", f"Node '{class_type}' not found. The custom node may not be installed.",
                                f"Node ID '#{node_id}'",
                                {"node_id": node_id, "class_type": class_type, "node_title": class_type})
    node_errors = {}
    for node_id, node in prompt.items():
        problems = _input_problems(prompt, node)
        if problems:
            node_errors[node_id] = {
                "errors": [{"type": "value_not_valid", "message": problem, "details": problem, "extra_info": {}}
                           for problem in problems],
                "dependent_outputs": [],
                "class_type": node["class_type"],
            }
    if node_errors:
        raise PromptInvalid("prompt_outputs_failed_validation", "Prompt outputs failed validation",
                            node_errors=node_errors)
    return _execution_order(prompt)


def _input_problems(prompt: dict, node: dict) -> list[str]:
    inputs = node.get("inputs", {})
    if not isinstance(inputs, dict):
        return ["inputs must be an object"]
    problems = []
    for name, spec in NODE_TYPES[node["class_type"]].inputs.items():
        if name not in inputs:
            if spec.required and spec.default is None:
                problems.append(f"Required input is missing: {name}")
            continue
        value = inputs[name]
        if spec.kind == "IMAGE":
            if not is_link(value) or value[0] not in prompt:
                problems.append(f"{name}: must link to another node, like [\"1\", 0]")
        elif is_link(value):
            problems.append(f"{name}: links are only accepted for IMAGE inputs in this server")
        elif (problem := _literal_problem(spec, value)) is not None:
            problems.append(f"{name}: {problem}")
    return problems


def _execution_order(prompt: dict) -> list[str]:
    """Dependencies first, otherwise in id order; a cycle is a PromptInvalid."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(node_id: str):
        if state.get(node_id) == "done":
            return
        if state.get(node_id) == "visiting":
            raise PromptInvalid("invalid_prompt", "Workflow has a dependency cycle", f"Node ID '#{node_id}'")
        state[node_id] = "visiting"
        for value in prompt[node_id].get("inputs", {}).values():
            if is_link(value):
                visit(value[0])
        state[node_id] = "done"
        order.append(node_id)

    for node_id in sorted(prompt, key=_id_key):
        visit(node_id)
    return order


def _id_key(node_id: str):
    return (0, int(node_id), "") if node_id.isdigit() else (1, 0, node_id)


def node_inputs(node: dict, results: dict) -> dict:
    """The inputs a node runs with: defaults, literals, and linked results."""
    spec = NODE_TYPES[node["class_type"]].inputs
    values = {name: item.default for name, item in spec.items() if item.default is not None}
    for name, value in node.get("inputs", {}).items():
        if name in spec:
            values[name] = results.get(value[0]) if spec[name].kind == "IMAGE" else value
    return values


def output_nodes(prompt: dict) -> list[str]:
    return [node_id for node_id, node in prompt.items() if NODE_TYPES[node["class_type"]].output]
