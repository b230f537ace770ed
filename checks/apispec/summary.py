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
    out.append(f"Auth: {'header ' + header if header else 'none'}")
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
    out.append("")
    out.append("GET /api/jobs parameters")
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
    out += _table(rows, ("parameter", "type", "allowed", "default"))
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
    out.append("")
    return "\n".join(out) + "\n"
