"""A reference Jobs API server for both dialects, with switchable faults.

It answers like the local ComfyUI server (profile `comfyui`) or Comfy Cloud
(profile `cloud`), driven by the canonical spec, and runs a real queue of toy
workflows. Faults bend one behaviour each so the contract checks can be shown
to catch them. Importing this package is cheap: aiohttp loads only when a
server starts.

Node types: ComfyUI's own `EmptyImage`, `SaveImage`, `PreviewImage` (temp files),
`ImageScale` (takes CPU-like time, reacts to cancel), `PrimitiveString`, `PreviewAny` (a
text output) and `ComfyMathExpression` (raises on a division by zero), so the contract's
workflows run here as on a real server; plus toys: `SaveVideo`, `SaveAudio`, `Save3D`
(filename_prefix, count), `Sleep` (seconds, times `time_scale`) and `Fail` (raises
RuntimeError); `RigSleep`/`RigFail` are aliases. Saved and previewed images are real PNG
files behind `/view`; on cloud `/api/view` redirects to a second loopback origin.

A fresh server holds a finished history (ids `5eed0000-0000-4000-8000-00000000000N`):
a failure, jobs with one and two outputs, a text output, temp previews, two
saved-workflow ids, one submitted with `extra_data.api_key_comfy_org`, and on cloud video,
audio and 3d outputs plus two jobs of the second user.

Cloud API keys default to two fake users: `test-key-alice` -> alice and
`test-key-bob` -> bob. `ServerHandle.headers(user)` gives the header to send.
"""

from __future__ import annotations

import contextlib
from typing import Iterable, Iterator

from checks.reference_server.faults import FAULTS, UnknownFault
from checks.reference_server.handle import ServerHandle

__all__ = ["FAULTS", "ServerHandle", "UnknownFault", "running_server"]


@contextlib.contextmanager
def running_server(profile: str, *, faults: Iterable[str] = (), api_keys: dict[str, str] | None = None,
                   version: str | None = None, seed_jobs: bool = True,
                   time_scale: float = 1.0) -> Iterator[ServerHandle]:
    """Serve `profile` on 127.0.0.1 and a free port until the `with` block ends.

    `version` (local server; default 0.33.0) gates routes and fields marked `x-since`;
    `time_scale` multiplies Sleep node durations; unknown profiles or faults raise ValueError.
    """
    from checks.reference_server.runner import running_server as run

    with run(profile, faults=faults, api_keys=api_keys, version=version, seed_jobs=seed_jobs,
             time_scale=time_scale) as handle:
        yield handle
