"""What one dialect does, read from its spec wherever the spec says it.

Status codes an operation may answer, id formats, version gates, the fields a job
view carries and how secrets are hidden all come from `checks.apispec`. The few
behaviours the spec only describes in prose are named flags in `_BEHAVIOUR`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checks.reference_server.jobs import States
from checks.apispec import Spec, spec_for
from checks.apispec.versions import available

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
CANONICAL_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# Any extra_data key with this prefix is treated as a secret, like api_key_comfy_org.
SECRET_PREFIX = "api_key"

_BEHAVIOUR = {
    # Cancelling a pending job: the local server drops it from the queue (later GET -> 404);
    # Comfy Cloud keeps it as a cancelled job.
    "comfyui": {"removes_cancelled_pending": True},
    "cloud": {"removes_cancelled_pending": False},
}


@dataclass(frozen=True)
class Dialect:
    spec: Spec
    version: str | None = None

    @classmethod
    def for_profile(cls, profile: str, version: str | None = None) -> "Dialect":
        return cls(spec_for(profile), version)

    @property
    def profile(self) -> str:
        return self.spec.profile

    @functools.cached_property
    def states(self) -> States:
        """Status names by role, looked up once per dialect."""
        return States.of(self.spec)

    @property
    def auth_header(self) -> str | None:
        return self.spec.auth_header

    @property
    def removes_cancelled_pending(self) -> bool:
        return _BEHAVIOUR[self.profile]["removes_cancelled_pending"]

    def available(self, since: str | None) -> bool:
        """Whether something marked `x-since: since` exists in the server's version."""
        return available(since, self.version)

    def declares(self, operation_id: str, status: int) -> bool:
        op = self.spec.operation(operation_id)
        return op is not None and str(status) in op.statuses

    def id_must_be_uuid(self, operation_id: str, name: str = "job_id") -> bool:
        param = self.spec.parameters(operation_id).get(name)
        return bool(param) and param["schema"].get("format") == "uuid"

    def is_retired(self, operation_id: str) -> bool:
        """Deprecated routes the spec lets answer 404 are served as retired."""
        op = self.spec.operation(operation_id)
        return op is not None and op.deprecated and "404" in op.statuses

    def job_fields(self, detail: bool) -> set[str]:
        """Fields a job view may carry in this dialect and version."""
        return {name for name, prop in self.spec.job_fields(detail).items() if self.available(prop.get("x-since"))}

    @property
    def redacted_value(self) -> str | None:
        """The placeholder cloud returns for secrets, or None when secrets are removed."""
        workflow = self.spec.properties("Workflow")
        extra = self.spec.properties(workflow.get("extra_data", {})) if "extra_data" in workflow else {}
        for prop in extra.values():
            if "const" in prop:
                return prop["const"]
        return None

    def hide_secrets(self, extra_data: dict) -> dict:
        """extra_data as it may leave the server: secrets removed, or replaced by the placeholder."""
        placeholder = self.redacted_value
        shown = {}
        for key, value in extra_data.items():
            if key.startswith(SECRET_PREFIX):
                if placeholder is not None:
                    shown[key] = placeholder
                continue
            shown[key] = value
        return shown
