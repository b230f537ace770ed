"""A sample compares a field of an answer with a value the endpoint it called never answers.

The value is judged by the endpoint, not by the word: `status == "failed"` is right after
`GET /api/jobs/{job_id}` and never true after the legacy `GET /api/job/{job_id}/status`,
whose `status` is the job's raw state (`error`, `lost`, ...). The sample is followed from the
request to the comparison (`checks.samples.answers`: the response, its JSON, subscripts,
`.get()`, member access, loops, helper functions), and the value is compared with the enum
of that field in that operation's answer in the spec. A loop waiting for such a value never
ends. The message names what the endpoint answers and, when the spec knows, the word it uses
instead (`x-replaced-by` vocabulary, or the status with the same lifecycle role).

Wrong (a Comfy Cloud page):

    ```python
    state = requests.get(f"{BASE}/api/job/{job_id}/status", headers=HEADERS).json()["status"]
    if state == "completed":
        print("done")
    ```

Right:

    ```python
    state = requests.get(f"{BASE}/api/jobs/{job_id}", headers=HEADERS).json()["status"]
    if state == "completed":
        print("done")
    ```
"""

from __future__ import annotations

from checks.docs.codes import Rule, messages
from checks.samples.answers import answer_comparisons
from checks.samples.literals import family_of, page_names
from checks.samples.requests import find_requests
from checks.apispec import ALL_PROFILES, spec_for
from checks.apispec.dialects import dialect_name
from checks.apispec.legacy import answer_field_enum, vocabulary_change

RULE = Rule(
    code="JC204",
    name="response-enum",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        never="`{value}` is never the `{field}` of `{route}` on {dialect}, which answers: {values}{hint}",
    ),
)

_SHOWN = 8  # values listed in a message before "..."


def _field_name(field) -> str:
    return ".".join(part for part in field if part != "*") or "value"


def _hint(spec, op, value: str, enum) -> str:
    """What the endpoint says instead of `value`, or which endpoint says `value`, when the spec knows."""
    change = vocabulary_change(spec, op.operation_id)
    if change is not None and change.spelled_as(value):
        words = ", ".join(f"`{word}`" for word in change.spelled_as(value))
        return f"; it says {words} where `{op.replaced_by}` says `{value}`"
    for other in spec.operations:
        other_change = vocabulary_change(spec, other.operation_id) if other.deprecated else None
        if other_change is not None and other_change.values.get(value) in enum:
            return f"; use `{other_change.values[value]}` (`{value}` is what `{other.method} {other.path}` says)"
    for profile in ALL_PROFILES:
        role = spec_for(profile).role_of(value)
        if role and spec.has_role(role) and spec.status_role(role) in enum and profile != spec.profile:
            return f"; use `{spec.status_role(role)}` (`{value}` is the word of {dialect_name(spec_for(profile))})"
    return ""


def _judged(specs, request, field):
    """[(spec, operation, enum)] for every judging dialect whose answer to the request has an enum at `field`."""
    found = []
    for spec in specs:
        for op in spec.match_path(request.path, request.method):
            enum = answer_field_enum(spec, op.operation_id, field)
            if enum:
                found.append((spec, op, enum))
                break
    return found


def check(page, ctx):
    for block in page.blocks:
        if family_of(block.language) not in ("python", "js") or "json" not in block.code:
            continue
        requests = [r for r in find_requests(block, page_names(page, block)) if r.path and r.kind == "call"]
        for use in answer_comparisons(block, requests):
            judged = _judged(ctx.specs, use.request, use.field)
            if not judged:
                continue
            for value in use.values:
                if any(value.text in enum for _, _, enum in judged):
                    continue
                spec, op, enum = judged[0]
                shown = ", ".join(enum[:_SHOWN]) + (", ..." if len(enum) > _SHOWN else "")
                line, column = block.position(value.line, value.column)
                yield RULE.finding("never", block.source, line, column, profile=page.profile, value=value.text,
                                   field=_field_name(use.field), route=f"{op.method} {op.path}", dialect=dialect_name(spec),
                                   values=shown, hint=_hint(spec, op, value.text, enum))
