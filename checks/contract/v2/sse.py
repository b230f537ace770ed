"""Read a server-sent event stream with deadlines, the way a careful v2 client would.

A stream that never ends must not hang the run: reading stops at a deadline, or a grace
period after the terminal status, and the result says which happened. aiohttp reads the
stream (requests cannot bound a read that keeps receiving keep-alive comments).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Event:
    name: str
    data: Any  # parsed JSON, or the raw text when it is not JSON
    text: str
    at: float  # seconds after the stream opened
    has_id: bool = False


@dataclass
class Stream:
    """What one connection to an event stream showed."""

    status: int
    content_type: str = ""
    headers: dict = field(default_factory=dict)
    body: Any = None  # the (JSON) body of a non-200 answer
    events: list[Event] = field(default_factory=list)
    ended: bool = False  # the server closed the stream
    terminal_index: int | None = None  # index of the first event carrying a terminal status
    seconds: float = 0.0

    @property
    def after_terminal(self) -> list[Event]:
        return [] if self.terminal_index is None else self.events[self.terminal_index + 1:]


def _parse_data(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


async def _read(url: str, headers: dict, *, seconds: float, grace: float, terminal: set[str], ends_after: str,
                connect_timeout: float, on_open=None) -> Stream:
    import aiohttp

    loop = asyncio.get_running_loop()
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=None)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(url, headers=headers) as response:
            stream = Stream(response.status, response.headers.get("Content-Type", ""), dict(response.headers))
            if response.status != 200:
                text = await response.text()
                stream.body = _parse_data(text) if text else None
                return stream
            if on_open is not None:
                on_open()
            started = loop.time()
            name, data, has_id = "message", [], False
            while True:
                limit = started + seconds
                if stream.terminal_index is not None:
                    limit = min(limit, started + stream.events[stream.terminal_index].at + grace)
                remaining = limit - loop.time()
                if remaining <= 0:
                    break
                try:
                    raw = await asyncio.wait_for(response.content.readline(), remaining)
                except asyncio.TimeoutError:
                    break
                if not raw:
                    stream.ended = True
                    break
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line.startswith(":"):
                    continue
                if line:
                    key, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if key == "event":
                        name = value
                    elif key == "data":
                        data.append(value)
                    elif key == "id":
                        has_id = True
                    continue
                if data:
                    text = "\n".join(data)
                    event = Event(name, _parse_data(text), text, loop.time() - started, has_id)
                    stream.events.append(event)
                    status = event.data.get("status") if isinstance(event.data, dict) else None
                    if stream.terminal_index is None and name == ends_after and status in terminal:
                        stream.terminal_index = len(stream.events) - 1
                name, data, has_id = "message", [], False
            stream.seconds = loop.time() - started
            return stream


def read_stream(url: str, headers: dict, *, seconds: float, grace: float, terminal, ends_after: str,
                connect_timeout: float = 10.0, on_open=None) -> Stream:
    """Read the stream at `url` until the server closes it, `grace` seconds after a terminal
    status, or `seconds` after it opened, whichever comes first; `on_open()` runs once it is open."""
    return asyncio.run(_read(url, headers, seconds=seconds, grace=grace, terminal=set(terminal),
                             ends_after=ends_after, connect_timeout=connect_timeout, on_open=on_open))


async def _hold(url: str, headers: dict, count: int, connect_timeout: float) -> list[Stream]:
    """Open up to `count` streams one after another, keeping each open, until one is refused."""
    import aiohttp

    answers: list[Stream] = []
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=connect_timeout, sock_read=None)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=0)) as session:
        held = []
        try:
            for _ in range(count):
                response = await session.get(url, headers=headers)
                stream = Stream(response.status, response.headers.get("Content-Type", ""), dict(response.headers))
                answers.append(stream)
                if response.status != 200:
                    text = await response.text()
                    stream.body = _parse_data(text) if text else None
                    response.release()
                    break
                held.append(response)
        finally:
            for response in held:
                response.close()
    return answers


def hold_streams(url: str, headers: dict, count: int, connect_timeout: float = 10.0) -> list[Stream]:
    """The answers to opening `count` concurrent streams (stops at the first refusal)."""
    return asyncio.run(_hold(url, headers, count, connect_timeout))
