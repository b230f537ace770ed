"""What one dialect does, read from its spec wherever the spec says it.

Status codes an operation may answer, id formats, version gates, the fields a job
view carries and how secrets are hidden all come from `checks.apispec`. The few
behaviours the spec only describes in prose are named flags in `_BEHAVIOUR`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checks.apispec import Spec, spec_for
from checks.apispec.jobs import (
    absent_while, field_since, secret_rules, storage_areas, text_group, text_items_counted_before,
)
from checks.apispec.query import ParameterRule, parameter_rules
from checks.apispec.versions import available
from checks.reference_server.jobs import States

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)

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
        return _BEHAVIOUR.get(self.profile, {}).get("removes_cancelled_pending", False)

    def available(self, since: str | None) -> bool:
        """Whether something marked `x-since: since` exists in the server's version."""
        return available(since, self.version)

    def declares(self, operation_id: str, status: int) -> bool:
        op = self.spec.operation(operation_id)
        return op is not None and str(status) in op.statuses

    def id_must_be_uuid(self, operation_id: str, name: str = "job_id") -> bool:
        param = self.spec.parameters(operation_id).get(name)
        return bool(param) and param["schema"].get("format") == "uuid"

    @functools.cached_property
    def _canonical_id(self) -> re.Pattern:
        schema = self.spec.document.get("components", {}).get("schemas", {}).get("CanonicalUuid") or {}
        return re.compile(schema.get("pattern") or UUID_PATTERN.pattern)

    def is_canonical_id(self, value) -> bool:
        """Whether `value` is spelled the one way the server accepts ids (CanonicalUuid)."""
        return isinstance(value, str) and bool(self._canonical_id.match(value))

    def is_retired(self, operation_id: str) -> bool:
        """Deprecated routes the spec lets answer 404 are served as retired."""
        op = self.spec.operation(operation_id)
        return op is not None and op.deprecated and "404" in op.statuses

    def query_rules(self, operation_id: str = "listJobs") -> dict[str, ParameterRule]:
        """The query parameters this version of the server reads (newer ones are ignored)."""
        return {name: rule for name, rule in parameter_rules(self.spec, operation_id).items()
                if self.available(rule.since)}

    def job_fields(self, detail: bool) -> frozenset[str]:
        """Fields a job view may carry in this dialect and version."""
        return self._job_fields[detail]

    @functools.cached_property
    def _job_fields(self) -> dict[bool, frozenset[str]]:
        return {detail: frozenset(name for name in self.spec.job_fields(detail)
                                  if self.available(field_since(self.spec, name, detail))) for detail in (False, True)}

    @functools.cached_property
    def _absent(self) -> dict[tuple[str, bool], frozenset[str]]:
        return {(name, detail): absent_while(self.spec, name, detail)
                for detail in (False, True) for name in self.spec.job_fields(detail)}

    def shows(self, name: str, status: str, detail: bool) -> bool:
        """Whether a job in `status` carries the field `name` (the spec's `x-absent-while`)."""
        return status not in self._absent.get((name, detail), frozenset())

    @functools.cached_property
    def storage_areas(self) -> tuple[tuple[str, ...], str | None]:
        """(areas a download may name, the area of saved outputs), from the spec's download route."""
        return storage_areas(self.spec)

    @functools.cached_property
    def text_group(self) -> str | None:
        return text_group(self.spec)

    @functools.cached_property
    def text_limit(self) -> int | None:
        """How much of a text output its preview shows (TextPreview `content` maxLength)."""
        return (self.spec.properties("TextPreview").get("content") or {}).get("maxLength")

    @functools.cached_property
    def counts_text_items(self) -> bool:
        """Whether `outputs_count` also counts the strings of `text` groups in this version."""
        before = text_items_counted_before(self.spec)
        return before is not None and not self.available(before)

    def hide_secrets(self, extra_data: dict) -> dict:
        """extra_data as it may leave the server: secrets removed, or replaced by the placeholder."""
        rules = secret_rules(self.spec)
        shown = {}
        for key, value in extra_data.items():
            if key in rules.removed:
                continue
            shown[key] = rules.constants.get(key, value) if key in rules.constants else value
        return shown
