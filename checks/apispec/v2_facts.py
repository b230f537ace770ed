"""Facts only Comfy API v2 states: error codes, the event catalogue, idempotency, links, and
what replaces each v1 route and field.

`Spec` inherits these accessors, so checks ask any profile; a v1 profile simply answers
with empty tables.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    """One event type of a server-sent event stream (`x-sse-events`)."""

    name: str
    schema: dict
    on_connect: str | None = None  # "always", "when-running", "when-any"; None: not part of the snapshot
    emitted: bool = True  # False for event types reserved but not sent yet


@dataclass(frozen=True)
class Idempotency:
    """How an operation treats a repeated idempotency key (`x-idempotency`)."""

    header: str
    reuse: str  # "reject": any later request with a used key is refused
    error: str  # the error code of that refusal
    released_when_refused: bool
    expires_after_hours: int | None


@dataclass(frozen=True)
class Replacement:
    """What replaces a v1 operation, route or field in v2 (`x-replaced-by`); `target` None: nothing does."""

    v1: str
    target: str | None
    note: str = ""


class V2Facts:
    """Accessors mixed into `Spec`; they read `self.document`, `self.schema` and `self.operation`."""

    def error_codes_of(self, operation_id: str, status: int | str) -> tuple[str, ...]:
        """The `error.code` values a response of an operation carries (`x-error-codes` on the response)."""
        op = self.operation(operation_id)
        response = (op.raw.get("responses") or {}).get(str(status)) if op else None
        return tuple(self.deref(response).get("x-error-codes") or ()) if response else ()

    def error_codes(self) -> dict[str, int]:
        """Every documented `error.code` and the HTTP status it comes with, gathered from the responses."""
        found: dict[str, int] = {}
        for op in self.operations:
            for status in op.statuses:
                for code in self.error_codes_of(op.operation_id, status):
                    found.setdefault(str(code), int(status))
        return found

    def refusal_code(self, operation_id: str, kind: str) -> str | None:
        """The error code a refused request of `kind` answers (`x-refusals`: `ui-export` -> `workflow_format_ui`)."""
        op = self.operation(operation_id)
        return ((op.raw.get("x-refusals") if op else None) or {}).get(kind)

    def sse_stream_limit_error(self, operation_id: str = "getJobEvents") -> str | None:
        """The error code of a stream refused for too many open streams (`x-sse-stream-limit`)."""
        op = self.operation(operation_id)
        return op.raw.get("x-sse-stream-limit") if op else None

    def job_operations(self) -> tuple[str, ...]:
        """Operations whose success answer is a whole job (the `Job` schema)."""
        wanted = "#/components/schemas/Job"
        found = []
        for op in self.operations:
            for status, response in (op.raw.get("responses") or {}).items():
                content = self.deref(response).get("content") or {} if str(status).startswith("2") else {}
                if any((media.get("schema") or {}).get("$ref") == wanted for media in content.values()):
                    found.append(op.operation_id)
                    break
        return tuple(found)

    def sse_events(self, operation_id: str = "getJobEvents") -> dict[str, SseEvent]:
        """The event catalogue of a stream operation, in document order ({} for other operations)."""
        op = self.operation(operation_id)
        table = (op.raw.get("x-sse-events") if op else None) or {}
        return {name: SseEvent(name, self.deref(entry.get("schema") or {}), entry.get("on-connect"),
                               entry.get("emitted", True) is not False)
                for name, entry in table.items()}

    def sse_ends_after(self, operation_id: str = "getJobEvents") -> str | None:
        """The event type whose terminal status ends the stream (`x-sse-ends-after`)."""
        op = self.operation(operation_id)
        return op.raw.get("x-sse-ends-after") if op else None

    def idempotency(self, operation_id: str) -> Idempotency | None:
        """The idempotency rules of an operation, or None when it takes no key."""
        op = self.operation(operation_id)
        rules = (op.raw.get("x-idempotency") if op else None) or None
        if rules is None:
            return None
        return Idempotency(header=rules["header"], reuse=rules["reuse"], error=rules["error"],
                           released_when_refused=bool(rules.get("released-when-refused")),
                           expires_after_hours=rules.get("expires-after-hours"))

    def output_kind(self, group: str) -> str | None:
        """The `OutputType` of a file from the ComfyUI output group `group` (`images` -> `image`, `3d` -> `file`)."""
        schemas = self.document.get("components", {}).get("schemas", {})
        if "OutputType" not in schemas:
            return None
        schema = self.schema("OutputType")
        for kind, groups in (schema.get("x-output-groups") or {}).items():
            if group in groups:
                return str(kind)
        return schema.get("x-other-groups")

    def path_of(self, operation_id: str, **parameters: str) -> str:
        """The concrete path of an operation (`path_of("getJob", id="7f3d")` -> `/api/v2/jobs/7f3d`)."""
        path = self.operation(operation_id).path
        for name, value in parameters.items():
            path = path.replace("{" + name + "}", str(value))
        return path

    def extra_data_keys(self, operation_id: str = "createJob") -> tuple[str, ...]:
        """The `extra_data` keys a submission may carry (v2 closes the object; the first is the partner key)."""
        op = self.operation(operation_id)
        body = self.deref((op.raw.get("requestBody") if op else None) or {})
        schema = ((body.get("content") or {}).get("application/json") or {}).get("schema")
        extra = self.properties(schema).get("extra_data") if schema else None
        return tuple(self.properties(extra)) if extra else ()

    def workflow_format_of_created_jobs(self, operation_id: str = "getJobWorkflow") -> str | None:
        """The workflow `format` a job created through the API answers (`x-format-of-created-jobs`)."""
        op = self.operation(operation_id)
        return op.raw.get("x-format-of-created-jobs") if op else None

    def link_operations(self) -> dict[str, str]:
        """Link name in a job's `urls` -> the operation it leads to (`x-link-operations`)."""
        schemas = self.document.get("components", {}).get("schemas", {})
        if "JobUrls" not in schemas:
            return {}
        return dict(self.schema("JobUrls").get("x-link-operations") or {})

    # -- migration from v1 -------------------------------------------------------------
    def _replacements(self, section: str) -> dict:
        return (self.document.get("x-replaced-by") or {}).get(section) or {}

    def replaces_operations(self) -> dict[str, Replacement]:
        """v1 operationId -> what replaces it here."""
        return {v1: Replacement(v1, entry.get("operationId"), entry.get("note", ""))
                for v1, entry in self._replacements("operations").items()}

    def replaces_routes(self) -> dict[str, Replacement]:
        """`METHOD /path` of a v1 route no profile models -> the operation or field that replaces it."""
        return {route: Replacement(route, entry.get("operationId") or entry.get("field"), entry.get("note", ""))
                for route, entry in self._replacements("routes").items()}

    def replaces_fields(self) -> dict[str, str]:
        """v1 job field -> the v2 job field that carries its information."""
        return {str(v1): str(v2) for v1, v2 in self._replacements("fields").items()}

    def replacement_status(self, status: str, v1_spec) -> str | None:
        """The status here that plays the role `status` plays in `v1_spec` (`completed` -> `succeeded`)."""
        role = v1_spec.role_of(status)
        return self.status_role(role) if role and self.has_role(role) else None
