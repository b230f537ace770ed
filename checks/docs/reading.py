"""Reading a docs file without trusting it: no named pipe blocks a run, no giant page fills memory.

Every place that reads a docs file (linting, hashing for the cache, the import index)
goes through `read_docs_file`, which opens without blocking, insists on a regular file and
refuses one larger than MAX_PAGE_BYTES (a real Mintlify page is a few KB; the extractor
needs about a hundred times a page's size in memory). The reason it gives is one line
for a JC001 finding.
"""

from __future__ import annotations

import os
import stat

MAX_PAGE_BYTES = int(float(os.environ.get("JOBS_CHECKS_MAX_PAGE_MB") or 4) * (1 << 20))
_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFDIR: "a folder"}


class Unreadable(OSError):
    """A docs file that is not read: the message says why, in one line."""


def read_docs_file(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most `limit` (MAX_PAGE_BYTES) bytes; Unreadable otherwise."""
    return read_docs_file_and_status(path, limit)[0]


def read_docs_file_and_status(path: str | os.PathLike, limit: int | None = None) -> tuple[bytes, os.stat_result]:
    """`read_docs_file`, with the file's status as it was opened (one stat fewer for a caller that needs it)."""
    limit = MAX_PAGE_BYTES if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"not a regular file but {_KINDS.get(stat.S_IFMT(info.st_mode), 'a special file')}")
        if info.st_size > limit:
            raise Unreadable(f"{info.st_size / (1 << 20):.1f} MB is more than a docs page may hold "
                             f"({limit / (1 << 20):g} MB; JOBS_CHECKS_MAX_PAGE_MB raises it)")
        chunks, size = [], 0
        while chunk := os.read(fd, want := max(info.st_size + 1 - size, 65536)):  # the size it has, not the limit
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise Unreadable(f"more than a docs page may hold ({limit / (1 << 20):g} MB)")
            if len(chunk) < want and size == info.st_size:
                break  # a short read of all the size it has is the end: no second read to learn so
        return (b"".join(chunks) if len(chunks) != 1 else chunks[0]), info
    except Unreadable:
        raise
    except OSError as exc:
        raise Unreadable(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
