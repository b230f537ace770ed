"""An enum's values listed in a comment, a docstring or a sentence, wrong or incomplete.

Readers copy what the code's comments say: `# status: pending | running | done` teaches two
values the Jobs API never answers (`running` is `in_progress`; `done` is nothing), and
`output_type: one of (image, video, audio)` forgets Comfy Cloud's `3d`. Read: code comments
(Python, JS/TS, shell), Python docstrings, sentences and table rows that name an enum
parameter and then list unquoted values (`:`, `one of`, `is a or b`, `a | b`, `a/b`, `(a, b)`).
Quoted lists are JC201's and JC202's. A list is judged when it is about the enum (one of its
values is the dialect's, or two are some dialect's words for it): a value the dialect lacks
is reported with its right spelling when the spec knows it (`x-wrong-dialect`, or the status
with the same lifecycle role); a list missing exactly one value is reported as incomplete.
Comments and docstrings are read on pages with a profile or in blocks that call a Jobs route.

Wrong (a Comfy Cloud page):

    ```python
    # status: pending | running | done
    ```

Right:

    ```python
    # status: pending | in_progress | completed | failed | cancelled
    ```
"""

from __future__ import annotations

from checks.docs.codes import Rule, messages
from checks.docs.prose import bare_lists, cell_position, prose, text_position
from checks.samples.comments import comments_of
from checks.samples.literals import family_of, page_names, read_block
from checks.samples.requests_urls import uses_a_route
from checks.apispec import ALL_PROFILES, spec_for
from checks.apispec.dialects import dialect_name, dialects_for

RULE = Rule(
    code="JC203",
    name="enum-list",
    severity="warning",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        wrong="{what} lists `{parameter}` values {who}: {wrong}{hints}; valid: {values}",
        incomplete="{what} lists `{parameter}` values without `{missing}`; {dialect} has: {values}",
    ),
)


def _same_role(spec, value: str, enum) -> str | None:
    """The dialect's status playing the role `value` plays in some profile (`running` -> `in_progress`)."""
    if set(enum) != set(spec.status_enum()):
        return None
    for profile in ALL_PROFILES:
        role = spec_for(profile).role_of(value)
        if role and spec.has_role(role) and spec.status_role(role) != value:
            return spec.status_role(role)
    return None


def _right_value(dialects, spec, parameter: str, value: str, enum) -> str | None:
    for op_id in dialects.operations_with(parameter):
        right = spec.wrong_dialect(parameter, op_id).get(value)
        if right:
            return right
    return _same_role(spec, value, enum)


def _known(parameter: str, value: str, dialects) -> bool:
    """Some dialect's word for this enum (a v1 value, or a status of any lifecycle)."""
    if dialects.known(parameter, value):
        return True
    return parameter == "status" and any(spec_for(p).role_of(value) for p in ALL_PROFILES)


def judge(dialects, spelled: str, values, what: str):
    """(message key, arguments) for one listed set of values, or None when it is right or not about the enum."""
    parameter = dialects.spellings.get(spelled) or dialects.parameter(spelled)
    if parameter is None:
        return None
    ops = dialects.operations_with(parameter)
    judged = [(spec, dialects.enum(spec, parameter, ops)) for spec in dialects.specs]
    judged = [(spec, enum) for spec, enum in judged if enum]
    if not judged:
        return None
    listed = list(dict.fromkeys(values))
    hits = [v for v in listed if any(v in enum for _, enum in judged)]
    if not hits and sum(_known(parameter, v, dialects) for v in listed) < 2:
        return None  # not a list of this enum's values
    spec, enum = judged[0]
    wrong = [v for v in listed if v not in hits]
    arguments = {"what": what, "parameter": spelled, "dialect": dialect_name(spec) if len(judged) == 1 else "any dialect",
                 "values": ", ".join(enum)}
    if wrong:
        rights = [(v, _right_value(dialects, spec, parameter, v, enum)) for v in wrong] if len(judged) == 1 else []
        hints = ", ".join(f"`{v}` is its `{right}`" for v, right in rights if right)
        who = f"{dialect_name(spec)} does not have" if len(judged) == 1 else "no dialect has"
        arguments.pop("dialect")
        return "wrong", {**arguments, "who": who, "wrong": ", ".join(f"`{v}`" for v in wrong), "hints": f" ({hints})" if hints else ""}
    if len(judged) == 1:
        missing = [v for v in enum if v not in listed]
        if len(missing) == 1 and len(hits) >= 2:
            return "incomplete", {**arguments, "missing": missing[0]}
    return None


def _in_code(page, dialects):
    """(text, offset -> file position, what) of each comment and docstring worth reading."""
    for block in page.blocks:
        family = family_of(block.language)
        if family not in ("python", "js", "shell") or dialects.mentions_other(block.title):
            continue
        if page.profile is None and not uses_a_route(block.code):
            continue
        for comment in comments_of(block.code, block.language):
            yield comment.text, (lambda offset, c=comment, b=block: b.position(*c.at(offset))), block.source, "this comment"
        if family == "python":
            for docstring in read_block(block, page_names(page, block)).docstrings:
                yield docstring.text, (lambda offset, d=docstring, b=block: b.position(*d.at(offset))), block.source, "this docstring"


def _in_prose(page):
    if page.profile is None:
        return
    for text in prose(page):
        yield text.text, (lambda offset, t=text: text_position(t, offset)), page.path, "this sentence"
    for table in page.tables:
        for row in table.rows:
            if len(row.cells) < 2:
                continue
            starts, line = [], f"{row.cells[0].strip('`*')}: "
            for index in range(1, len(row.cells)):
                starts.append((len(line), index))
                line += row.cells[index] + "; "

            def position(offset, table=table, row=row, starts=starts):
                begin, index = max(s for s in starts if s[0] <= offset)
                return cell_position(page, table, row, index, offset - begin)

            yield line, position, table.source, "this table row"


def check(page, ctx):
    dialects = dialects_for(ctx.specs)
    names = dict(dialects.spellings)
    for text, position, source, what in (*_in_code(page, dialects), *_in_prose(page)):
        for spelled, values, sentence in bare_lists(text, names):
            if dialects.mentions_other(sentence):
                continue
            verdict = judge(dialects, spelled, [v for v, _ in values], what)
            if verdict is None:
                continue
            key, arguments = verdict
            line, column = position(values[0][1])
            yield RULE.finding(key, source, line, column, profile=page.profile, **arguments)

