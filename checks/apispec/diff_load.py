"""Read a published OpenAPI document and follow its `$ref`s, in the file or in sibling files.

Every node the diff looks at is a `Node`: the value plus the file and JSON pointer it
came from, so each difference can name where to look on both sides. Nothing here
touches the network: a `$ref` to a URL is refused as bad input. Nothing outside the
document's folder is read: a `$ref` leading out of it (`../x`, an absolute path, a symlink)
is refused too. A file is read only when it is a regular file of at most 16 MB that
does not expand past two million values through YAML aliases.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SUPPORTED_VERSIONS = ("3.0", "3.1")
MAX_DOCUMENT_BYTES = 16 << 20  # the largest published API descriptions are a few MB
MAX_EXPANDED_VALUES = 2_000_000  # values a document may hold once YAML aliases are expanded


class DiffInputError(Exception):
    """The other document cannot be read or is not an OpenAPI 3.0/3.1 document (one-line message)."""


def escape(key) -> str:
    """One JSON-pointer token (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


@dataclass(frozen=True)
class Node:
    """A value of a document and where it lives; `target` is set when `$ref` siblings were merged in."""

    value: Any
    file: Path | None
    pointer: str
    target: "Node | None" = field(default=None, compare=False, repr=False)
    site_keys: frozenset = field(default=frozenset(), compare=False, repr=False)

    @property
    def mapping(self) -> dict:
        return self.value if isinstance(self.value, dict) else {}

    def get(self, key, default=None):
        return self.mapping.get(key, default)


def as_list(value) -> list:
    return value if isinstance(value, list) else []


def _parse(text: str, path: Path):
    try:
        if text.lstrip().startswith(("{", "[")):
            try:
                return _bounded(json.loads(text), path)
            except ValueError:
                pass  # flow-style YAML also starts with a brace
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return _bounded(yaml.load(text, Loader=loader), path)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            problem = getattr(exc, "problem", None) or "syntax error"
            raise DiffInputError(f"{path} is not YAML or JSON: {problem}{where}") from None
    except RecursionError:
        raise DiffInputError(f"{path} is nested too deeply to read") from None


def _bounded(data, path: Path):
    """`data`, unless YAML aliases make it a cycle or expand it past MAX_EXPANDED_VALUES (an alias bomb)."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(data, False)]
    while stack:
        node, children_done = stack.pop()
        if not isinstance(node, (dict, list)) or (id(node) in sizes and not children_done):
            continue
        children = list(node.values()) if isinstance(node, dict) else node
        if children_done:
            open_nodes.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes.get(id(child), 1) for child in children)
            if sizes[id(node)] > MAX_EXPANDED_VALUES:
                raise DiffInputError(f"{path} expands to more than {MAX_EXPANDED_VALUES:,} values through YAML "
                                     "aliases (an alias bomb?)")
            continue
        if id(node) in open_nodes:
            raise DiffInputError(f"{path} holds a YAML alias that contains itself")
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if isinstance(child, (dict, list)):
                if id(child) in open_nodes:
                    raise DiffInputError(f"{path} holds a YAML alias that contains itself")
                stack.append((child, False))
    return data


def _read(path: Path):
    """Parse a document file: a regular file of at most MAX_DOCUMENT_BYTES, opened without blocking."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DiffInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DiffInputError(f"{path} is a directory, not an OpenAPI file") from None
    except OSError as exc:
        raise DiffInputError(f"cannot read {path}: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise DiffInputError(f"{path} is a directory, not an OpenAPI file")
        if not stat.S_ISREG(info.st_mode):
            raise DiffInputError(f"{path} is not a regular file (a pipe or a device); it is not read")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DiffInputError(f"{path} is {info.st_size / (1 << 20):.1f} MB; documents over "
                                 f"{MAX_DOCUMENT_BYTES >> 20} MB are not read")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise DiffInputError(f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DiffInputError(f"{path} is not a UTF-8 text file") from None
    return _parse(text, path)


class Document:
    """An OpenAPI document, its sibling files, and `$ref` resolution between them."""

    def __init__(self, data: dict, path: Path | None = None):
        self.label = str(path) if path is not None else "document"
        self.path = path.resolve() if path is not None else None
        self.folder = self.path.parent if self.path is not None else None  # no $ref leads out of it
        self._files: dict[Path | None, Any] = {self.path: data}

    @property
    def root(self) -> Node:
        return Node(self._files[self.path], self.path, "")

    def child(self, node: Node, *keys) -> Node:
        """The node at `keys` below `node` (value None when absent), keeping pointers exact."""
        for key in keys:
            if node.target is not None and key not in node.site_keys:
                node = self.child(node.target, key)
                continue
            value = node.value
            if isinstance(value, dict):
                value = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                value = value[key]
            else:
                value = None
            node = Node(value, node.file, f"{node.pointer}/{escape(key)}")
        return node

    def deref(self, node: Node) -> Node:
        """Follow `$ref`s; keys written beside a `$ref` override the target's (as OpenAPI 3.1 allows)."""
        seen = set()
        while isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str):
            ref = node.value["$ref"]
            if (node.file, ref) in seen:
                raise DiffInputError(f"$ref {ref!r} at {self._where(node)} is part of a $ref loop")
            seen.add((node.file, ref))
            target = self._target(node, ref)
            siblings = {k: v for k, v in node.value.items() if k != "$ref"}
            if siblings and isinstance(target.value, dict):
                node = Node({**target.value, **siblings}, node.file, node.pointer, target, frozenset(siblings))
            else:
                node = target
        return node

    def _target(self, node: Node, ref: str) -> Node:
        file_part, _, fragment = ref.partition("#")
        if "://" in file_part or file_part.startswith("//"):
            raise DiffInputError(f"$ref {ref!r} at {self._where(node)} is remote; only local files are followed")
        file = node.file
        if file_part:
            if node.file is None:
                raise DiffInputError(f"$ref {ref!r} at {self._where(node)} needs a file beside the document")
            file = (node.file.parent / file_part).resolve()  # symlinks followed, so they cannot lead out either
            if not file.is_relative_to(self.folder):
                raise DiffInputError(f"$ref {ref!r} at {self._where(node)} leads out of {self.folder}; only files "
                                     "in the document's folder are followed")
            if file not in self._files:
                try:
                    self._files[file] = _read(file)
                except DiffInputError as exc:
                    raise DiffInputError(f"$ref {ref!r} at {self._where(node)}: {exc}") from None
        if fragment and not fragment.startswith("/"):
            raise DiffInputError(f"$ref {ref!r} at {self._where(node)}: only JSON-pointer fragments are supported")
        target = Node(self._files[file], file, "")
        for token in fragment.split("/")[1:]:
            token = _unescape(token)
            value = target.value
            if isinstance(value, list) and token.isdigit():
                found = int(token) < len(value)
                key = int(token)
            else:
                found = isinstance(value, dict) and token in value
                key = token
            if not found:
                raise DiffInputError(f"$ref {ref!r} at {self._where(node)} points at nothing")
            target = self.child(target, key)
        return target

    def _where(self, node: Node) -> str:
        """File and pointer of `node`, for error messages."""
        shown = self.show(node)
        return shown if "#" in shown else f"{self.label}#{shown}"

    def show(self, node: Node) -> str:
        """The pointer of `node`, prefixed with its file when that is not the document itself."""
        pointer = node.pointer or "/"
        if node.file == self.path or node.file is None or self.path is None:
            return pointer
        return f"{os.path.relpath(node.file, self.path.parent)}#{pointer}"


def load_document(path: str | Path) -> Document:
    """Read an OpenAPI 3.0/3.1 document from YAML or JSON, or raise `DiffInputError`."""
    path = Path(path)
    data = _read(path)
    check_openapi(data, path)
    return Document(data, path)


def check_openapi(data, path) -> None:
    """Raise `DiffInputError` unless `data` looks like an OpenAPI 3.0/3.1 document."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}, not a mapping"
        raise DiffInputError(f"{path} is not an OpenAPI document (the file is {kind})")
    if "swagger" in data and "openapi" not in data:
        raise DiffInputError(f"{path} is Swagger/OpenAPI 2.0; only OpenAPI 3.0 and 3.1 are supported")
    version = data.get("openapi")
    if version is None:
        raise DiffInputError(f"{path} is not an OpenAPI document (no top-level `openapi` field)")
    if not str(version).startswith(SUPPORTED_VERSIONS):
        raise DiffInputError(f"{path} declares OpenAPI {version}; only 3.0 and 3.1 are supported")
    if not isinstance(data.get("paths", {}), dict):
        raise DiffInputError(f"{path} is not an OpenAPI document (`paths` is not a mapping)")
