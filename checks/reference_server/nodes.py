"""Node types the reference server can execute, and workflow validation.

Real ComfyUI nodes compute tensors; these only move small descriptions around, which is
enough to give jobs genuine outputs (real PNG files, text), durations, failures and
interrupts. The built-in types the contract's own workflows use on a real server
(`EmptyImage`, `SaveImage`, `PreviewImage`, `ImageScale`, `PrimitiveString`, `PreviewAny`,
`ComfyMathExpression`) behave like ComfyUI's; `Sleep`, `Fail`, `SaveVideo`, `SaveAudio`
and `Save3D` are toys of this server (`RigSleep`/`RigFail` are aliases the recordings used).
"""

from __future__ import annotations

import ast
import operator
from dataclasses import dataclass, field
from typing import Awaitable, Callable

MAX_SLEEP_SECONDS = 3600.0
MAX_BATCH = 64
MAX_SIDE = 16384
# ImageScale takes about this long per output pixel on a small CPU (lanczos, 2048 -> 8192 -> 2048
# took 8 s on the machine the contract's slow workflow was measured on).
SECONDS_PER_PIXEL = 1.1e-7


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
    kind: str  # "INT", "FLOAT", "STRING" (literal values), "IMAGE" or "ANY" (a link to another node)
    required: bool = True
    default: object = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    links: bool = False  # a literal input that may also be fed by a link

    @property
    def is_link(self) -> bool:
        return self.kind in ("IMAGE", "ANY")


@dataclass
class NodeResult:
    value: object = None
    ui: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class NodeType:
    name: str
    inputs: dict[str, Input]
    run: Callable[[dict, object], Awaitable[NodeResult]]
    output: bool = False  # an output node: what the legacy queue lists as "outputs to execute"
    variadic: str | None = None  # inputs named `<variadic><letter>` (`values.a`) are numbers or links


async def _empty_image(inputs, runtime) -> NodeResult:
    return NodeResult(ImageBatch(inputs["width"], inputs["height"], inputs["batch_size"], inputs["color"]))


async def _save_image(inputs, runtime) -> NodeResult:
    return NodeResult(None, {"images": runtime.save_images(inputs["images"], inputs["filename_prefix"])})


async def _preview_image(inputs, runtime) -> NodeResult:
    return NodeResult(None, {"images": runtime.save_images(inputs["images"], None)})


async def _image_scale(inputs, runtime) -> NodeResult:
    image = inputs["image"]
    width = inputs["width"] or image.width
    height = inputs["height"] or image.height
    await runtime.sleep(width * height * image.batch_size * SECONDS_PER_PIXEL)
    return NodeResult(ImageBatch(width, height, image.batch_size, image.color))


def _saver(group: str, extension: str):
    async def save(inputs, runtime) -> NodeResult:
        return NodeResult(None, {group: runtime.save_files(group, inputs["filename_prefix"], extension, inputs["count"])})

    return save


async def _sleep(inputs, runtime) -> NodeResult:
    await runtime.sleep(inputs["seconds"])
    return NodeResult(inputs.get("image"))


async def _fail(inputs, runtime) -> NodeResult:
    raise RuntimeError(inputs["message"])


async def _primitive_string(inputs, runtime) -> NodeResult:
    return NodeResult(inputs["value"])


async def _preview_any(inputs, runtime) -> NodeResult:
    value = inputs["source"]
    return NodeResult(None, {"text": [value if isinstance(value, str) else repr(value)]})


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
              ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.USub: operator.neg, ast.UAdd: operator.pos}


def evaluate(expression: str, names: dict[str, float]) -> float:
    """A small arithmetic expression over named numbers (`a / b`); ZeroDivisionError like Python's."""

    def value(node):
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return node.value
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.operand))
        raise ValueError(f"unsupported expression: {expression!r}")

    return value(ast.parse(expression, mode="eval"))


async def _math_expression(inputs, runtime) -> NodeResult:
    names = {name.rsplit(".", 1)[-1]: number for name, number in inputs.items() if name.startswith("values.")}
    return NodeResult(float(evaluate(inputs["expression"], names)))


_IMAGE = Input("IMAGE")
_OPTIONAL_IMAGE = Input("IMAGE", required=False)
_PREFIX = Input("STRING", default="ComfyUI")
_COUNT = Input("INT", default=1, minimum=1, maximum=MAX_BATCH)
_SIDE = Input("INT", default=512, minimum=0, maximum=MAX_SIDE)

_TYPES = [
    NodeType("EmptyImage", {
        "width": Input("INT", default=512, minimum=1, maximum=MAX_SIDE),
        "height": Input("INT", default=512, minimum=1, maximum=MAX_SIDE),
        "batch_size": Input("INT", default=1, minimum=1, maximum=MAX_BATCH),
        "color": Input("INT", default=0, minimum=0, maximum=0xFFFFFF),
    }, _empty_image),
    NodeType("SaveImage", {"images": _IMAGE, "filename_prefix": _PREFIX}, _save_image, output=True),
    NodeType("PreviewImage", {"images": _IMAGE}, _preview_image, output=True),
    NodeType("ImageScale", {
        "image": _IMAGE, "width": _SIDE, "height": _SIDE,
        "upscale_method": Input("STRING", default="nearest-exact",
                                choices=("nearest-exact", "bilinear", "area", "bicubic", "lanczos")),
        "crop": Input("STRING", default="disabled", choices=("disabled", "center")),
    }, _image_scale),
    NodeType("PrimitiveString", {"value": Input("STRING", default="")}, _primitive_string),
    NodeType("PreviewAny", {"source": Input("ANY")}, _preview_any, output=True),
    NodeType("ComfyMathExpression", {"expression": Input("STRING", default="a + b")}, _math_expression,
             variadic="values."),
    NodeType("SaveVideo", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("video", "mp4"), output=True),
    NodeType("SaveAudio", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("audio", "flac"), output=True),
    NodeType("Save3D", {"filename_prefix": _PREFIX, "count": _COUNT}, _saver("3d", "glb"), output=True),
    NodeType("Sleep", {"seconds": Input("FLOAT", minimum=0, maximum=MAX_SLEEP_SECONDS), "image": _OPTIONAL_IMAGE}, _sleep),
    NodeType("Fail", {"message": Input("STRING", default="failure"), "image": _OPTIONAL_IMAGE}, _fail),
]
NODE_TYPES: dict[str, NodeType] = {node.name: node for node in _TYPES}
NODE_TYPES["RigSleep"] = NODE_TYPES["Sleep"]
NODE_TYPES["RigFail"] = NODE_TYPES["Fail"]
_VARIADIC_INPUT = Input("FLOAT", links=True)


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


def declared_inputs(node: dict) -> dict[str, Input]:
    """The inputs a node may take: its type's, plus the variadic ones the node names."""
    node_type = NODE_TYPES[node["class_type"]]
    found = dict(node_type.inputs)
    if node_type.variadic:
        for name in node.get("inputs", {}) if isinstance(node.get("inputs"), dict) else ():
            if name.startswith(node_type.variadic):
                found[name] = _VARIADIC_INPUT
    return found


def _literal_problem(spec: Input, value) -> str | None:
    if spec.kind == "STRING":
        if not isinstance(value, str):
            return "must be a string"
        return None if not spec.choices or value in spec.choices else f"must be one of {', '.join(spec.choices)}"
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
    if not output_nodes(prompt):
        raise PromptInvalid("prompt_no_outputs", "Prompt has no outputs", "")
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
    for name, spec in declared_inputs(node).items():
        if name not in inputs:
            if spec.required and spec.default is None:
                problems.append(f"Required input is missing: {name}")
            continue
        value = inputs[name]
        if spec.is_link or (spec.links and is_link(value)):
            if not is_link(value) or value[0] not in prompt:
                problems.append(f"{name}: must link to another node, like [\"1\", 0]")
        elif is_link(value):
            problems.append(f"{name}: links are only accepted for IMAGE or ANY inputs in this server")
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
    spec = declared_inputs(node)
    values = {name: item.default for name, item in spec.items() if item.default is not None}
    for name, value in node.get("inputs", {}).items():
        if name in spec:
            values[name] = results.get(value[0]) if is_link(value) and (spec[name].is_link or spec[name].links) else value
    return values


def output_nodes(prompt: dict) -> list[str]:
    return [node_id for node_id, node in prompt.items() if NODE_TYPES[node["class_type"]].output]
