"""The bytes behind output items: every saved or previewed file really exists, with a real size.

Nodes put files here when they run; `/view` (and, on a dialect that downloads by redirect,
the storage origin) reads them back. Images are genuine PNGs of the node's size and colour,
so a client that downloads an output gets a file an image viewer opens.
"""

from __future__ import annotations

import mimetypes
import struct
import zlib
from dataclasses import dataclass


def png(width: int, height: int, color: int) -> bytes:
    """A `width` x `height` PNG filled with the RGB colour `color` (0xRRGGBB)."""
    pixel = bytes(((color >> 16) & 0xFF, (color >> 8) & 0xFF, color & 0xFF))
    row = b"\x00" + pixel * width
    raw = zlib.compress(row * height, 6)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def placeholder(kind: str, name: str, size: int = 256) -> bytes:
    """Some bytes for a non-image output (video, audio, 3d): a labelled, deterministic payload."""
    label = f"jobs-checks reference {kind} output {name}\n".encode()
    return (label * (size // len(label) + 1))[:size]


@dataclass(frozen=True)
class FileKey:
    """Where an output item lives: its storage area (`type`), subfolder and name."""

    area: str
    subfolder: str
    filename: str


class FileStore:
    """Files by storage area; lives on the server's event loop thread only."""

    def __init__(self):
        self._files: dict[FileKey, bytes] = {}

    def put(self, key: FileKey, data: bytes) -> None:
        self._files[key] = data

    def get(self, key: FileKey) -> bytes | None:
        return self._files.get(key)

    def size(self, key: FileKey) -> int | None:
        data = self._files.get(key)
        return None if data is None else len(data)

    def __len__(self) -> int:
        return len(self._files)

    def sizes(self) -> dict[tuple[str, str, str], int]:
        """(area, subfolder, filename) -> size in bytes, for every file held."""
        return {(key.area, key.subfolder, key.filename): len(data) for key, data in list(self._files.items())}


def content_type(filename: str) -> str:
    """The Content-Type a server guesses from a file name, like ComfyUI's `/view` does."""
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or "application/octet-stream"
