"""Record the exchanges with a real ComfyUI server that the spec's facts rest on.

    python -m tests.real_server.record http://127.0.0.1:19100 tests/apispec/fixtures/real/comfyui-0.33.0

Run it against a server this script may use freely (one started for it by
`../shared/servers/comfyui/start.sh`): it submits small workflows, interrupts only the
prompt it submitted itself, and sends bodies that are not JSON to routes where that is
harmless. Each exchange becomes one JSON file: the request, the status, the content type
and the body (JSON parsed; a downloaded file as its size, type and first bytes).
`tests/apispec/test_real_recordings.py` checks the spec against these files.
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import requests

from checks.apispec.versions import available

TIMEOUT = 30
INSTALL_PATH = re.compile(r"/[^\"\s]*?/comfyui-fixture/[0-9][0-9.]*")


class Recorder:
    def __init__(self, base_url: str, folder: Path):
        self.base_url = base_url.rstrip("/")
        self.folder = folder
        self.session = requests.Session()
        self.rng = random.Random(16)
        folder.mkdir(parents=True, exist_ok=True)

    def exchange(self, name: str | None, method: str, path: str, *, body=None, data: bytes | None = None,
                 query: dict | None = None) -> requests.Response:
        """Send one request; keep it as `<name>.json` when a name is given."""
        target = path + (f"?{urlencode(query)}" if query else "")
        kwargs = {"json": body} if body is not None else ({"data": data, "headers": {"Content-Type":
                                                                                   "application/json"}} if data else {})
        response = self.session.request(method, self.base_url + target, timeout=TIMEOUT, allow_redirects=False, **kwargs)
        if name:
            content_type = response.headers.get("Content-Type")
            if content_type and "json" in content_type:
                shown = response.json()
            elif content_type and content_type.startswith(("image/", "application/octet-stream")):
                shown = {"bytes": len(response.content), "starts_with": response.content[:8].hex()}
            else:
                shown = response.text
            record = {"request": {"method": method, "path": target,
                                  "body": body if body is not None else (data.decode() if data else None)},
                      "status": response.status_code, "content_type": content_type, "body": shown}
            text = json.dumps(record, indent=2, ensure_ascii=False) + "\n"
            # This machine's install paths (in tracebacks) are nobody's business: one neutral root.
            text = INSTALL_PATH.sub("/opt/ComfyUI", text)
            (self.folder / f"{name}.json").write_text(text, encoding="utf-8")
        return response

    def submit(self, prompt: dict, **extra) -> str:
        response = self.exchange(None, "POST", "/prompt", body={"prompt": prompt, **extra})
        response.raise_for_status()
        return response.json()["prompt_id"]

    def wait(self, job_id: str, *statuses: str, seconds: float = 120) -> dict:
        deadline = time.monotonic() + seconds
        while True:
            job = self.exchange(None, "GET", f"/api/jobs/{job_id}").json()
            if job.get("status") in statuses or time.monotonic() > deadline:
                return job
            time.sleep(0.1)

    def tag(self) -> int:
        return self.rng.randrange(1, 0xFFFFFF)


def plain(color: int) -> dict:
    return {"1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": color}},
            "2": {"class_type": "SaveImage", "inputs": {"images": ["1", 0], "filename_prefix": f"rec_{color:06x}"}}}


def text(value: str) -> dict:
    return {"1": {"class_type": "PrimitiveString", "inputs": {"value": value}},
            "2": {"class_type": "PreviewAny", "inputs": {"source": ["1", 0]}}}


def preview(color: int) -> dict:
    return {"1": {"class_type": "EmptyImage", "inputs": {"width": 16, "height": 16, "batch_size": 2, "color": color}},
            "2": {"class_type": "PreviewImage", "inputs": {"images": ["1", 0]}}}


def failing(value: int) -> dict:
    return {"1": {"class_type": "ComfyMathExpression", "inputs": {"expression": "a / 0", "values.a": value}},
            "2": {"class_type": "PreviewAny", "inputs": {"source": ["1", 0]}}}


def slow(color: int) -> dict:
    scale = {"upscale_method": "lanczos", "crop": "disabled"}
    return {"1": {"class_type": "EmptyImage", "inputs": {"width": 2048, "height": 2048, "batch_size": 1, "color": color}},
            "2": {"class_type": "ImageScale", "inputs": {"image": ["1", 0], "width": 8192, "height": 8192, **scale}},
            "3": {"class_type": "ImageScale", "inputs": {"image": ["2", 0], "width": 2048, "height": 2048, **scale}},
            "4": {"class_type": "PreviewImage", "inputs": {"images": ["3", 0]}}}


def record(base_url: str, folder: Path) -> None:
    rec = Recorder(base_url, folder)
    version = rec.exchange("system_stats", "GET", "/system_stats").json()["system"]["comfyui_version"]
    has_cancel = available("0.26.0", version)

    done = rec.wait(rec.submit(plain(rec.tag())), "completed", "failed")
    rec.exchange("detail_completed_plain", "GET", f"/api/jobs/{done['id']}")
    item = done["outputs"]["2"]["images"][0]
    rec.exchange("view_output", "GET", "/view", query={"filename": item["filename"], "type": item["type"],
                                                        "subfolder": item["subfolder"]})
    rec.exchange("view_missing", "GET", "/view", query={"filename": "jobs-checks-missing.png"})
    rec.exchange("view_bad_name", "GET", "/view", query={"filename": "../secret.png"})
    rec.exchange("view_empty_name", "GET", "/view", query={"filename": ""})

    job = rec.wait(rec.submit(text(f"recorded text {rec.tag()}")), "completed")
    rec.exchange("detail_text_output", "GET", f"/api/jobs/{job['id']}")
    job = rec.wait(rec.submit(preview(rec.tag())), "completed")
    rec.exchange("detail_temp_preview", "GET", f"/api/jobs/{job['id']}")
    job = rec.wait(rec.submit(failing(rec.tag())), "failed", "completed")
    rec.exchange("detail_failed_math", "GET", f"/api/jobs/{job['id']}")
    job = rec.wait(rec.submit(plain(rec.tag()), number=12.5), "completed")
    rec.exchange("detail_float_priority", "GET", f"/api/jobs/{job['id']}")
    secrets = {"api_key_comfy_org": "recorded-not-a-key", "auth_token_comfy_org": "recorded-not-a-token", "keep": 1}
    job = rec.wait(rec.submit(plain(rec.tag()), extra_data=secrets), "completed")
    rec.exchange("detail_secrets_stripped", "GET", f"/api/jobs/{job['id']}")

    running = rec.submit(slow(rec.tag()))
    pending = rec.submit(plain(rec.tag()))
    rec.wait(running, "in_progress")
    rec.exchange("detail_in_progress", "GET", f"/api/jobs/{running}")
    rec.exchange("detail_pending", "GET", f"/api/jobs/{pending}")
    rec.exchange("queue_remaining", "GET", "/prompt")
    rec.exchange("list_status_only_commas", "GET", "/api/jobs", query={"status": ","})
    if has_cancel:
        rec.exchange("cancel_upper_case_id_noop", "POST", f"/api/jobs/{pending.upper()}/cancel")
        rec.exchange("error_batch_cancel_upper_case_id", "POST", "/api/jobs/cancel", body={"job_ids": [pending.upper()]})
    rec.exchange(None, "POST", "/interrupt", body={"prompt_id": running})  # only the prompt this script submitted
    rec.wait(running, "cancelled", "completed", "failed")
    rec.wait(pending, "completed")

    rec.exchange("list_status_upper_case", "GET", "/api/jobs", query={"status": "COMPLETED", "limit": 1})
    rec.exchange("list_status_padded", "GET", "/api/jobs", query={"status": " completed ", "limit": 1})
    rec.exchange("list_status_empty", "GET", "/api/jobs", query={"status": "", "limit": 1})
    rec.exchange("list_sort_by_upper_case", "GET", "/api/jobs", query={"sort_by": "EXECUTION_DURATION", "limit": 2})
    rec.exchange("error_sort_by_padded", "GET", "/api/jobs", query={"sort_by": " created_at"})
    rec.exchange("error_sort_order_padded", "GET", "/api/jobs", query={"sort_order": " desc"})
    rec.exchange("list_ids_ignored", "GET", "/api/jobs", query={"ids": "not-a-uuid", "limit": 1})
    rec.exchange("detail_upper_case_id", "GET", f"/api/jobs/{done['id'].upper()}")
    rec.exchange("history_max_items", "GET", "/history", query={"max_items": 1})
    rec.exchange("defect_history_max_items_not_a_number", "GET", "/history", query={"max_items": "abc"})
    rec.exchange("defect_prompt_malformed_json", "POST", "/prompt", data=b"jobs-checks: not json")
    rec.exchange("defect_history_malformed_json", "POST", "/history", data=b"jobs-checks: not json")
    rec.exchange("defect_queue_malformed_json", "POST", "/queue", data=b"jobs-checks: not json")
    rec.exchange("error_prompt_no_outputs", "POST", "/prompt", body={"prompt": {
        "1": {"class_type": "EmptyImage", "inputs": {"width": 8, "height": 8, "batch_size": 1, "color": 1}}}})
    rec.exchange("error_prompt_id_upper_case", "POST", "/prompt",
                 body={"prompt": plain(rec.tag()), "prompt_id": str(uuid.uuid4()).upper()})


if __name__ == "__main__":
    record(sys.argv[1], Path(sys.argv[2]))
