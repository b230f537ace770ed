"""Published OpenAPI documents nobody should write, for `jobs-checks spec diff` and `spec validate`.

`hostile_specs(folder, outside)` writes each document into `folder` (the folder a command
is given) and a file with a canary into `outside`, which a document must never get to
read. Every document is otherwise plausible: it says `openapi: 3.1.0` and lists the
Jobs API route the diff looks for, so the trouble is what a reader meets.
"""

from __future__ import annotations

import os
from pathlib import Path

OUTSIDE_CANARY = "outside-canary-7f3a"
HEAD = "openapi: 3.1.0\ninfo: {title: hostile, version: '1'}\n"
PATHS = ("paths:\n  /api/jobs:\n    get:\n      operationId: listJobs\n      responses:\n        '200':\n"
         "          description: ok\n          content:\n            application/json:\n              schema: {schema}\n")


def _document(schema: str, components: str = "") -> str:
    """Components first: a YAML anchor must come before the aliases that use it."""
    return HEAD + (f"components:\n  schemas:\n{components}" if components else "") + PATHS.replace("{schema}", schema)


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["    L0: &l0 {type: string}"]
    for level in range(1, levels):
        members = ", ".join(f"p{index}: *l{level - 1}" for index in range(width))
        lines.append(f"    L{level}: &l{level} {{type: object, properties: {{{members}}}}}")
    return "\n".join(lines) + "\n"


def hostile_specs(folder: Path, outside: Path, remote_url: str = "http://127.0.0.1:9/schema.yaml") -> dict[str, str]:
    """Write the hostile documents; {file name in `folder`: what it is}."""
    folder.mkdir(parents=True, exist_ok=True)
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text(f"components:\n  schemas:\n    Secret: {{type: string, description: {OUTSIDE_CANARY}}}\n",
                      encoding="utf-8")
    documents = {
        "malformed.yaml": ("openapi: 3.1.0\npaths: {\n  /api/jobs: [get, {\n", "malformed YAML"),
        "not-utf8.yaml": (b"openapi: 3.1.0\ninfo: {title: \xff\xfe}\n", "invalid UTF-8"),
        "alias-bomb.yaml": (_document("*l8", _alias_bomb()), "a YAML alias bomb (9^9 schemas)"),
        "alias-loop.yaml": (_document("*a", "    A: &a {type: object, properties: {self: *a}}\n"),
                            "a YAML alias that contains itself"),
        "deep.json": ('{"openapi": "3.1.0", "paths": {}, "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
                      "100,000-deep JSON"),
        "ref-loop.yaml": (_document("{$ref: '#/components/schemas/A'}",
                                    "    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"),
                          "a $ref cycle A -> B -> A"),
        "ref-cycle-properties.yaml": (_document("{$ref: '#/components/schemas/A'}",
                                                "    A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}\n"
                                                "    B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}\n"),
                                      "schemas that refer to each other through properties"),
        "ref-self-file.yaml": (_document("{$ref: 'ref-self-file.yaml#/paths/~1api~1jobs/get/responses/200/content/"
                                         "application~1json/schema'}"), "a $ref to itself through its own file"),
        "ref-parent.yaml": (_document("{$ref: '../outside/secret.yaml#/components/schemas/Secret'}"),
                            "a $ref to a file in the parent folder"),
        "ref-absolute.yaml": (_document(f"{{$ref: '{secret}#/components/schemas/Secret'}}"),
                              "a $ref to an absolute path outside the folder"),
        "ref-symlink.yaml": (_document("{$ref: 'linked.yaml#/components/schemas/Secret'}"),
                             "a $ref to a symlink pointing outside the folder"),
        "ref-remote.yaml": (_document(f"{{$ref: '{remote_url}#/components/schemas/X'}}"), "a $ref to a URL"),
        "ref-file-url.yaml": (_document(f"{{$ref: 'file://{secret}#/components/schemas/Secret'}}"),
                              "a $ref to a file:// URL"),
        "huge.yaml": (_document("{type: string}") + "x-padding: '" + "x" * (40 << 20) + "'\n", "a 40 MB document"),
    }
    files = {}
    for name, (content, what) in documents.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        files[name] = what
    os.symlink(secret, folder / "linked.yaml")
    os.mkfifo(folder / "fifo.yaml")
    files["fifo.yaml"] = "a named pipe"
    return files
