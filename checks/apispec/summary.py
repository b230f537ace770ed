"""A human summary of one profile: the facts a docs reviewer checks pages against."""

from __future__ import annotations

from checks.apispec.facts import Spec


def _bounds(schema: dict) -> str:
    parts = []
    if "minimum" in schema:
        parts.append(f"min {schema['minimum']}")
    if "maximum" in schema:
        parts.append(f"max {schema['maximum']}")
    if "x-clamped-minimum" in schema:
        parts.append(f"below {schema['x-clamped-minimum']} clamped")
    return ", ".join(parts)


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    line = lambda row: "  " + "  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
    return [line(header), line(tuple("-" * w for w in widths)), *(line(row) for row in rows)]


def facts_text(spec: Spec) -> str:
    info = spec.document.get("info", {})
    out = [f"Profile {spec.profile}: {info.get('title', '')}"]
    header = spec.auth_header
    auth = f"header {header}" + (" (Bearer <key>)" if spec.auth_scheme == "bearer" else "") if header else "none"
    if header and not spec.auth_required:
        auth += "; anonymous requests allowed too (self-hosted)"
    out.append(f"Auth: {auth}")
    out.append("")
    out.append("Operations")
    rows = []
    for op in spec.operations:
        notes = []
        if op.since:
            notes.append(f"since {op.since}")
        if op.deprecated:
            notes.append(f"deprecated -> {op.replaced_by}")
        if op.aliases:
            notes.append("also " + ", ".join(op.aliases))
        if op.destructive:
            notes.append("destructive: a contract run sends it " + ("only a body that is not JSON" if op.probe_malformed_json
                                                                     else "nothing"))
        if op.download is not None:
            notes.append(f"download by {op.download.redirect} to another origin" if op.download.cross_origin
                         else "download: the bytes in the answer" if op.download.redirect is None
                         else f"download by {op.download.redirect}")
        rows.append((op.method, op.path, " ".join(op.statuses), "; ".join(notes)))
    out += _table(rows, ("method", "path", "statuses", "notes"))
    if spec.operation("listJobs") is not None:
        out += _list_parameters(spec)
    out.append("")
    out.append("Job statuses")
    rows = [
        (status, facts.get("role", ""), "yes" if facts.get("terminal") else "")
        for status, facts in spec.lifecycle.items()
    ]
    out += _table(rows, ("status", "role", "terminal"))
    groups = spec.output_groups()
    if groups:
        out.append("")
        out.append("output_type counts these output groups")
        out += _table([(kind, ", ".join(names)) for kind, names in groups.items()], ("output_type", "groups"))
    out.append("")
    out.append("Timestamp fields")
    out += _table(sorted(spec.timestamp_units.items()), ("field", "unit"))
    out += _v2_tables(spec)
    out.append("")
    return "\n".join(out) + "\n"


def _list_parameters(spec: Spec) -> list[str]:
    out = ["", "GET /api/jobs parameters"]
    rows = []
    for name, param in spec.parameters("listJobs").items():
        schema = param["schema"]
        values = schema.get("enum") or schema.get("items", {}).get("enum")
        kind = "list of " + schema["items"].get("type", "") if schema.get("type") == "array" else schema.get("type", "")
        allowed = ", ".join(values) if values else _bounds(schema)
        wrong = schema.get("x-wrong-dialect")
        if wrong:
            allowed += "  (not: " + ", ".join(f"{k}->{v}" for k, v in wrong.items()) + ")"
        default = schema.get("default", "")
        rows.append((name, kind, allowed, str(default)))
    return out + _table(rows, ("parameter", "type", "allowed", "default"))


def _v2_tables(spec: Spec) -> list[str]:
    """Error codes, the event catalogue, idempotency and v1 replacements, for the profiles that state them."""
    out = []
    if spec.error_codes():
        out += ["", "Error codes (error.code -> HTTP status)"]
        out += _table([(code, str(status)) for code, status in spec.error_codes().items()], ("code", "status"))
    for op in spec.operations:
        events = spec.sse_events(op.operation_id)
        if events:
            out += ["", f"{op.method} {op.path} events (the stream ends after a terminal `{spec.sse_ends_after(op.operation_id)}`)"]
            out += _table([(e.name, e.on_connect or "", "" if e.emitted else "not sent yet") for e in events.values()],
                          ("event", "on connect", "note"))
        rules = spec.idempotency(op.operation_id)
        if rules:
            out += ["", f"{op.method} {op.path}: {rules.header} is single-use ({rules.reuse} a reuse with {rules.error}"
                    + (", given back when the submission is refused" if rules.released_when_refused else "")
                    + (f", kept {rules.expires_after_hours} h" if rules.expires_after_hours else "") + ")"]
    replaced = spec.replaces_operations()
    if replaced:
        out += ["", "v1 operation -> v2"]
        out += _table([(v1, r.target or "(none)", r.note) for v1, r in replaced.items()], ("v1", "v2", "note"))
        out += ["", "v1 field -> v2 field"]
        out += _table(sorted(spec.replaces_fields().items()), ("v1", "v2"))
    return out
