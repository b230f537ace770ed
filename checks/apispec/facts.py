"""Questions the rest of the suite asks the spec: enums, units, routes, statuses.

A `Spec` wraps one resolved profile document. It answers from the document only,
so adding an enum value or a route to `openapi/` changes every rule and check.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from checks.apispec.loader import PROFILES, shared_resolved
from checks.apispec.v2_facts import V2Facts

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True)
class Download:
    """How a download route hands out bytes (`x-download`): in its own answer, or by a redirect."""

    redirect: int | None = None  # the status of the redirect (302), None when the bytes come directly
    cross_origin: bool = False  # the redirect leads to another origin (a storage host)


@dataclass(frozen=True)
class Operation:
    """One route of a profile, with the vendor facts the rules and checks need."""

    method: str
    path: str
    operation_id: str
    summary: str = ""
    deprecated: bool = False
    replaced_by: str | None = None
    replaced_by_operation: str | None = None  # operationId of the replacement (`x-replaced-by`)
    since: str | None = None
    writes: bool = False
    jobs_api: bool = True  # False for server routes beside the Jobs API (`x-jobs-api: false`)
    destructive: str | None = None  # what it deletes or disturbs (`x-destructive`): never sent unasked
    probe_malformed_json: bool = False  # a body no JSON parser accepts is harmless here
    download: Download | None = None
    aliases: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    @property
    def served_paths(self) -> tuple[str, ...]:
        return (self.path, *self.aliases)


def _download(marker) -> Download | None:
    if not isinstance(marker, dict):
        return None
    redirect = marker.get("redirect")
    status = redirect if isinstance(redirect, int) and not isinstance(redirect, bool) else None
    return Download(redirect=status, cross_origin=status is not None and marker.get("to") == "another-origin")


def _template_regex(path: str) -> re.Pattern:
    pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(path))
    return re.compile(f"^{pattern}$")


class Spec(V2Facts):
    """Facts of one profile, read from its resolved document."""

    def __init__(self, profile: str, document: dict):
        self.profile = profile
        self.document = document

    # -- references -------------------------------------------------------
    def deref(self, node):
        """Follow local `$ref`s until a concrete node is reached."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                break
            seen.add(ref)
            target = self.document
            for part in ref.lstrip("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            node = {**target, **siblings} if siblings else target
        return node

    def schema(self, name: str) -> dict:
        return self.deref(self.document["components"]["schemas"][name])

    def schema_names(self) -> tuple[str, ...]:
        """Names of every component schema, in document order."""
        return tuple(self.document.get("components", {}).get("schemas", {}))

    @staticmethod
    def unit_in(schema: dict) -> str | None:
        """The `x-unit` a (dereferenced) schema node declares, None when it has none."""
        return schema.get("x-unit") if isinstance(schema, dict) else None

    @property
    def title(self) -> str:
        """The profile document's title ("Comfy Cloud — Jobs API")."""
        return self.document.get("info", {}).get("title", self.profile)

    def properties(self, schema: dict | str) -> dict[str, dict]:
        """All properties a schema declares, through `allOf` and refs, each dereferenced."""
        if isinstance(schema, str):
            schema = self.schema(schema)
        schema = self.deref(schema)
        merged: dict[str, dict] = {}
        for part in schema.get("allOf", []):
            for name, prop in self.properties(part).items():
                merged[name] = {**merged.get(name, {}), **prop}
        for name, prop in schema.get("properties", {}).items():
            merged[name] = {**merged.get(name, {}), **self.deref(prop)}
        return merged

    def required(self, schema: dict | str) -> set[str]:
        if isinstance(schema, str):
            schema = self.schema(schema)
        schema = self.deref(schema)
        names = set(schema.get("required", []))
        for part in schema.get("allOf", []):
            names |= self.required(part)
        return names

    # -- operations -------------------------------------------------------
    @functools.cached_property
    def operations(self) -> tuple[Operation, ...]:
        found = []
        for path, item in self.document.get("paths", {}).items():
            for method in HTTP_METHODS:
                op = item.get(method)
                if not op:
                    continue
                replaced = op.get("x-replaced-by") or {}
                found.append(
                    Operation(
                        method=method.upper(),
                        path=path,
                        operation_id=op.get("operationId", f"{method} {path}"),
                        summary=op.get("summary", ""),
                        deprecated=bool(op.get("deprecated")),
                        replaced_by=replaced.get("path"),
                        replaced_by_operation=replaced.get("operationId"),
                        since=op.get("x-since"),
                        writes=bool(op.get("x-writes")),
                        jobs_api=op.get("x-jobs-api", True) is not False,
                        destructive=op.get("x-destructive") or None,
                        probe_malformed_json=op.get("x-probe-malformed-json") is True,
                        download=_download(op.get("x-download")),
                        aliases=tuple(op.get("x-also-served-at", ())),
                        statuses=tuple(sorted(str(code) for code in op.get("responses", {}))),
                        raw=op,
                    )
                )
        return tuple(found)

    @functools.cached_property
    def jobs_operations(self) -> tuple[Operation, ...]:
        """The Jobs API operations: without the server routes beside it (downloads, interrupts,
        memory; `x-jobs-api: false`), whose parameters (`type`, `filename`) docs use as plain words."""
        return tuple(op for op in self.operations if op.jobs_api)

    def operation(self, operation_id: str) -> Operation | None:
        return next((op for op in self.operations if op.operation_id == operation_id), None)

    def match_path(self, path: str, method: str | None = None) -> list[Operation]:
        """Operations serving a concrete request path such as `/api/jobs/123` (query ignored)."""
        path = path.split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
        hits = []
        for op in self.operations:
            if method and op.method != method.upper():
                continue
            if any(_template_regex(p).match(path) for p in op.served_paths):
                hits.append(op)
        exact = [op for op in hits if path in op.served_paths]
        return exact or hits

    # -- parameters and enums --------------------------------------------
    def parameters(self, operation_id: str) -> dict[str, dict]:
        """Parameters of an operation by name, each with its schema dereferenced."""
        op = self.operation(operation_id)
        if op is None:
            return {}
        params = {}
        for raw in op.raw.get("parameters", []):
            param = dict(self.deref(raw))
            schema = dict(self.deref(param.get("schema", {})))
            if "items" in schema:
                schema["items"] = self.deref(schema["items"])
            param["schema"] = schema
            params[param["name"]] = param
        return params

    def parameter_enum(self, name: str, operation_id: str = "listJobs") -> list[str] | None:
        """Allowed values of an enum parameter (for array parameters, of their items)."""
        param = self.parameters(operation_id).get(name)
        if not param:
            return None
        schema = param["schema"]
        values = schema.get("enum") or schema.get("items", {}).get("enum")
        return list(values) if values else None

    def enum_parameters(self, operation_id: str = "listJobs") -> dict[str, list[str]]:
        return {
            name: values
            for name in self.parameters(operation_id)
            if (values := self.parameter_enum(name, operation_id))
        }

    def wrong_dialect(self, name: str, operation_id: str = "listJobs") -> dict[str, str]:
        """Known values from the other dialect, mapped to this dialect's right value."""
        param = self.parameters(operation_id).get(name)
        return dict(param["schema"].get("x-wrong-dialect", {})) if param else {}

    # -- fields and units -------------------------------------------------
    @functools.cached_property
    def timestamp_units(self) -> dict[str, str]:
        """Every field anywhere in the schemas that carries `x-unit`, mapped to that unit."""
        units: dict[str, str] = {}

        def walk(node, depth=0):
            if depth > 40 or not isinstance(node, (dict, list)):
                return
            if isinstance(node, list):
                for item in node:
                    walk(item, depth + 1)
                return
            for name, prop in (node.get("properties") or {}).items():
                unit = self.unit_in(self.deref(prop))
                if unit:
                    units[name] = unit
            for key, value in node.items():
                if key != "properties":
                    walk(value, depth + 1)
                else:
                    for prop in value.values():
                        walk(prop, depth + 1)

        walk(self.document.get("components", {}))
        walk(self.document.get("paths", {}))
        return units

    def unit_of(self, field_name: str) -> str | None:
        return self.timestamp_units.get(field_name)

    def job_fields(self, detail: bool = False) -> dict[str, dict]:
        """Fields of a listed job (or of its detail view); v2 has one `Job` for both."""
        schemas = self.document.get("components", {}).get("schemas", {})
        name = "JobDetail" if detail else "JobEntry"
        return self.properties(name if name in schemas or "Job" not in schemas else "Job")

    def status_enum(self) -> list[str]:
        return list(self.schema("JobStatus")["enum"])

    # -- job lifecycle and outputs ---------------------------------------
    @functools.cached_property
    def lifecycle(self) -> dict[str, dict]:
        """`x-lifecycle` of JobStatus: status -> {role, stage, terminal}."""
        return {status: dict(facts) for status, facts in (self.schema("JobStatus").get("x-lifecycle") or {}).items()}

    def status_role(self, role: str) -> str:
        """The status that plays `role` (waiting, running, succeeded, failed, cancelled; v2 also
        canceling and expired); KeyError if none does."""
        for status, facts in self.lifecycle.items():
            if facts.get("role") == role:
                return status
        raise KeyError(f"no JobStatus plays the role {role!r}")

    def has_role(self, role: str) -> bool:
        """Whether some status plays `role` (only v2 has `canceling` and `expired`)."""
        return any(facts.get("role") == role for facts in self.lifecycle.values())

    def role_of(self, status) -> str | None:
        """The role a status plays, or None for a value the lifecycle does not know."""
        facts = self.lifecycle.get(status) if isinstance(status, str) else None
        return facts.get("role") if facts else None

    def terminal_statuses(self) -> tuple[str, ...]:
        """Statuses a job never leaves, in enum order."""
        return tuple(status for status in self.status_enum() if self.lifecycle.get(status, {}).get("terminal"))

    def status_stage(self, status: str) -> int | None:
        """How far along a job in `status` is (it never goes back to a lower stage); None if unknown."""
        stage = self.lifecycle.get(status, {}).get("stage") if isinstance(status, str) else None
        return stage if isinstance(stage, int) else None

    def output_groups(self, operation_id: str = "listJobs") -> dict[str, tuple[str, ...]]:
        """`output_type` value -> the output groups (`images`, ...) that count as it; empty without the parameter."""
        param = self.parameters(operation_id).get("output_type")
        table = param["schema"].get("x-output-groups", {}) if param else {}
        return {str(kind): tuple(groups) for kind, groups in table.items()}

    def output_type_of(self, group: str, operation_id: str = "listJobs") -> str | None:
        """The `output_type` an output group counts as, or None when it counts as none."""
        return next((kind for kind, groups in self.output_groups(operation_id).items() if group in groups), None)

    def preview_groups(self) -> tuple[str, ...]:
        """Output groups a client can preview (`x-preview-groups` of PreviewOutput)."""
        return tuple(self.schema("PreviewOutput").get("x-preview-groups", ()))

    # -- security and versions -------------------------------------------
    @functools.cached_property
    def _auth_scheme(self) -> dict | None:
        for scheme in self.document.get("components", {}).get("securitySchemes", {}).values():
            if scheme.get("type") == "apiKey" and scheme.get("in") == "header":
                return scheme
            if scheme.get("type") == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
                return scheme
        return None

    @property
    def auth_header(self) -> str | None:
        """The header credentials travel in (`X-API-Key`, `Authorization` for bearer), None without auth."""
        scheme = self._auth_scheme
        if scheme is None:
            return None
        return scheme["name"] if scheme.get("type") == "apiKey" else "Authorization"

    @property
    def auth_scheme(self) -> str | None:
        """`bearer` when the key goes after `Bearer ` in `Authorization`, None for a plain key header."""
        scheme = self._auth_scheme
        return "bearer" if scheme is not None and scheme.get("type") == "http" else None

    @property
    def auth_required(self) -> bool:
        """Whether every request needs credentials (v2 also allows none: a self-hosted proxy is open)."""
        requirements = self.document.get("security") or []
        return self.auth_header is not None and bool(requirements) and all(requirements)

    def credentials(self, key: str | None) -> dict[str, str]:
        """The request headers that carry `key` in this profile ({} without a key or without auth)."""
        header = self.auth_header
        if not key or header is None:
            return {}
        return {header: f"Bearer {key}" if self.auth_scheme == "bearer" else key}

    def key_from(self, headers) -> str | None:
        """The key a request presents the way this profile expects it (None when it presents none)."""
        header = self.auth_header
        value = headers.get(header, "") if header else ""
        if self.auth_scheme == "bearer":
            scheme, _, value = value.partition(" ")
            value = value.strip() if scheme.lower() == "bearer" else ""
        return value or None

    @property
    def version_source(self) -> dict | None:
        return self.document.get("x-version-source")

    @property
    def version_source_operation(self) -> str | None:
        """operationId of the server route the profile reads its version from, if any."""
        return (self.version_source or {}).get("operationId")

    @property
    def path_prefix_aliases(self) -> tuple[str, ...]:
        """Prefixes under which the profile also serves its legacy routes (`x-path-prefix-aliases`)."""
        return tuple(self.document.get("x-path-prefix-aliases", ()))

    def doc_required(self) -> list[tuple[str, str]]:
        """(JSON pointer, reason) of every caveat the spec says docs must mention."""
        found = []

        def walk(node, pointer):
            if isinstance(node, dict):
                marker = node.get("x-doc-required")
                if marker:
                    found.append((pointer, marker.get("reason", "")))
                for key, value in node.items():
                    walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
            elif isinstance(node, list):
                for index, item in enumerate(node):
                    walk(item, f"{pointer}/{index}")

        walk(self.document, "")
        return found

    def doc_evidence(self, pointer: str) -> tuple[str, ...]:
        """Patterns whose presence in the docs covers the caveat at `pointer` (`x-doc-required.evidence`).

        Empty when the marker gives none: then the marked name itself must appear.
        """
        node = self.document
        for part in pointer.lstrip("/").split("/") if pointer else ():
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        marker = node.get("x-doc-required") if isinstance(node, dict) else None
        evidence = marker.get("evidence") if isinstance(marker, dict) else None
        if isinstance(evidence, str):
            evidence = [evidence]
        return tuple(evidence or ())


@functools.lru_cache(maxsize=None)
def spec_for(profile: str) -> Spec:
    """The cached `Spec` of a profile."""
    return Spec(profile, shared_resolved(profile))


def all_specs() -> list[Spec]:
    return [spec_for(name) for name in PROFILES]
