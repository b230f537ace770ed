"""A list that enumerates a spec enum but leaves values out (or adds values the dialect lacks).

Checked: TypeScript unions of string literals, Python `Literal[...]`, and values listed in a
parameter table row, a docstring or a sentence naming the parameter. A list *enumerates* an
enum when at least two of its values belong to it and most of its members do. Subsets are
often on purpose ("a finished job is `completed`, `failed` or `cancelled`"), so only a
definition tied to the parameter by name (`outputType?: ...`, its table row) reports any
omission; a sentence, a docstring or a union named otherwise must miss at most one value,
or mix in values the dialect lacks. Sentences that only give examples ("e.g.", "such as")
are skipped. A list tied to a parameter reports only what it omits: wrong values there are
JC201's.

Wrong (a Comfy Cloud page):

    ```typescript
    type OutputType = "image" | "video" | "audio";
    ```

Right:

    ```typescript
    type OutputType = "image" | "video" | "audio" | "3d";
    ```
"""

from __future__ import annotations

import re

from checks.samples.literals import HOLE, family_of, page_names, read_block
from checks.docs.codes import Rule, messages
from checks.docs.findings import Fix
from checks.docs.prose import docstring_lists, parameter_lists
from checks.apispec.dialects import Dialects, dialect_name, dialects_for

RULE = Rule(
    code="JC202",
    name="enum-incomplete",
    severity="warning",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(incomplete="{what} of `{parameter}` values {difference}; {dialect} accepts: {values}"),
)

_EXAMPLES = re.compile(r"(?<!\w)(e\.g\.|eg\.|for example|for instance|such as|like|including|includes)(?!\w)", re.I)


def _candidates(dialects: Dialects, parameter: str | None):
    """(parameter, operation ids) to compare a list with: its own, or every enum parameter."""
    if parameter:
        return [(parameter, dialects.operations_with(parameter))]
    seen, found = set(), []
    for spec in dialects.specs:
        for op in spec.jobs_operations:
            for name in spec.enum_parameters(op.operation_id):
                if name not in seen:
                    seen.add(name)
                    found.append((name, dialects.operations_with(name)))
    return found


def judge(dialects: Dialects, members: list[str], parameter: str | None, definition: bool = True):
    """(parameter, spec, its values, missing, extra) when the list enumerates an enum incompletely, else None.

    `definition` is True for a type or a table row, False for a sentence or a docstring.
    """
    listed = list(dict.fromkeys(members))
    best = None
    for name, ops in _candidates(dialects, parameter):
        verdicts = []
        for spec in dialects.specs:
            values = dialects.enum(spec, name, ops)
            if not values:
                continue
            hits = [v for v in listed if v in values]
            enumerates = len(hits) >= 2 and len(hits) * 2 > len(listed)
            if not (parameter and definition):
                near_complete = len(hits) >= len(values) - 1
                mixed = parameter is None and len(hits) < len(listed) and len(hits) * 2 >= len(values)
                enumerates = enumerates and (near_complete or mixed)
            verdicts.append((spec, values, hits, enumerates))
        if not verdicts or any(set(listed) == set(values) for _, values, _, _ in verdicts):
            continue  # some dialect's enum, exactly
        for spec, values, hits, enumerates in verdicts:
            if not enumerates:
                continue
            missing = [v for v in values if v not in listed]
            extra = [] if parameter else [v for v in listed if v not in values]
            if (missing or extra) and (best is None or len(hits) > best[5]):
                best = (name, spec, values, missing, extra, len(hits))
    return best[:5] if best else None


def _arguments(what: str, name: str, spec, values, missing, extra) -> dict:
    parts = []
    if missing:
        parts.append("omits " + ", ".join(f"`{v}`" for v in missing))
    if extra:
        parts.append("adds " + ", ".join(f"`{v}`" for v in extra))
    return {"what": what, "parameter": name, "difference": " and ".join(parts), "dialect": dialect_name(spec),
            "values": ", ".join(values)}


def _union_fix(block, union, missing, extra) -> Fix | None:
    if not missing or extra:
        return None
    separator = " | " if union.kind == "union" else ", "
    text = "".join(f"{separator}{union.quote}{v}{union.quote}" for v in missing)
    line, column = block.position(*union.end)
    return Fix(block.source, line, column, line, column, text, "add " + ", ".join(missing))


def _may_name(code: str, spellings) -> bool:
    """Whether a docstring of `code` can name a parameter: only if the code spells one (or escapes a character)."""
    return "\\" in code or any(spelling in code for spelling in spellings)


def check(page, ctx):
    dialects = dialects_for(ctx.specs)
    for block in page.blocks:
        family = family_of(block.language)
        if family not in ("python", "js") or ("|" if family == "js" else "Literal") not in block.code \
                or dialects.mentions_other(block.title):
            continue
        for union in read_block(block, page_names(page, block)).unions:
            members = [m.text for m in union.members if HOLE not in m.text]
            parameter = dialects.parameter(union.owner) if union.owner else None
            verdict = judge(dialects, members, parameter)
            if verdict:
                name, spec, values, missing, extra = verdict
                line, column = block.position(*union.start)
                kind = "this union" if union.kind == "union" else "this Literal"
                yield RULE.finding("incomplete", block.source, line, column, profile=page.profile,
                                   fix=_union_fix(block, union, missing, extra),
                                   **_arguments(kind, name, spec, values, missing, extra))
    lists = list(parameter_lists(page, dialects.spellings))
    for block in page.blocks:
        if family_of(block.language) == "python" and not dialects.mentions_other(block.title) \
                and _may_name(block.code, dialects.spellings):
            for docstring in read_block(block, page_names(page, block)).docstrings:
                lists.extend(docstring_lists(block, docstring, dialects))
    for listed in lists:
        if listed.kind == "assignment" or _EXAMPLES.search(listed.text) or dialects.mentions_other(listed.text):
            continue
        parameter = dialects.spellings[listed.parameter]
        members = [spot.text for spot in listed.values if "," not in spot.text]
        verdict = judge(dialects, members, parameter, definition=listed.kind == "table")
        if verdict:
            name, spec, values, missing, extra = verdict
            first = listed.values[0]
            where = {"table": "this table row", "docstring": "this docstring"}.get(listed.kind, "this sentence")
            yield RULE.finding("incomplete", first.source, first.line, first.column, profile=page.profile,
                               **_arguments(where, name, spec, values, missing, extra))
