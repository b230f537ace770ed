"""Helpers for the reference server tests: a spec-checking client, workflows, polling."""

from __future__ import annotations

import time

import requests

from checks.apispec import spec_for
from checks.apispec.validate import body_problems, response_schema

# Sleep seconds are multiplied by this, so "Sleep 100" takes about one real second.
TIME_SCALE = 0.01


class Client:
    """requests against one reference server; every answer is checked against the spec unless told not to."""

    def __init__(self, handle, user: str | None = None, validate: bool = True):
        self.handle = handle
        self.spec = spec_for(handle.profile)
        self.session = requests.Session()
        self.session.headers.update(handle.headers(user))
        self.validate = validate
        self.seen: list[tuple[str, str, int]] = []

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        response = self.session.request(method, self.handle.base_url + path, timeout=10, **kwargs)
        self.seen.append((method, path, response.status_code))
        if self.validate:
            self.check(method, path, response)
        return response

    def check(self, method: str, path: str, response: requests.Response) -> None:
        operations = self.spec.match_path(path, method)
        if not operations:
            return
        op = operations[0]
        assert str(response.status_code) in op.statuses, (
            f"{method} {path} answered {response.status_code}, not declared for {op.operation_id}: {response.text[:300]}")
        content_type = response.headers.get("Content-Type", "")
        schema = response_schema(self.spec, op.operation_id, response.status_code, content_type)
        if schema is None and not response.content:
            return  # a declared status that carries no body, like ComfyUI's empty 200 and 404 answers
        assert schema is not None, f"no schema for {op.operation_id} {response.status_code} {content_type}"
        if "json" not in content_type:
            return  # bytes (a downloaded file): only JSON bodies have a schema to check
        body = response.json() if "json" in content_type else response.text
        problems = body_problems(self.spec, schema, body)
        assert problems == [], f"{method} {path} {response.status_code}: {problems}"

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs) -> requests.Response:
        return self.request("POST", path, **kwargs)

    # -- conveniences -----------------------------------------------------------------
    @property
    def prompt_path(self) -> str:
        return self.spec.operation("submitPrompt").path

    def submit(self, prompt: dict, **body) -> str:
        response = self.post(self.prompt_path, json={"prompt": prompt, **body})
        assert response.status_code == 200, response.text
        return response.json()["prompt_id"]

    def job(self, job_id: str) -> dict:
        response = self.get(f"/api/jobs/{job_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def jobs(self, **params) -> dict:
        response = self.get("/api/jobs", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    def cancel(self, job_id: str) -> requests.Response:
        return self.post(f"/api/jobs/{job_id}/cancel")

    def wait_for_status(self, job_id: str, *statuses: str, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            job = self.job(job_id)
            if job["status"] in statuses:
                return job
            assert time.monotonic() < deadline, f"job {job_id} stayed {job['status']}, wanted {statuses}"
            time.sleep(0.02)


def blocker() -> dict:
    """A job that keeps the queue busy for ~30 s (tests cancel it long before)."""
    return {"1": {"class_type": "Sleep", "inputs": {"seconds": 3000}},
            "2": {"class_type": "PreviewAny", "inputs": {"source": ["1", 0]}}}
