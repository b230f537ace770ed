"""Which field of which request's answer a code sample compares with a literal value.

    for use in answer_comparisons(block, requests):
        use.request.path, use.field, [value.text for value in use.values]

A sample polls `GET /api/job/{id}/status` and then tests `status == "failed"`: whether that
can ever be true depends on the endpoint it called, not on the value alone. The readers here
follow the answer from the request to the comparison: the response object, its `.json()` (or
`await res.json()`, `json.load(urlopen(...))`), subscripts and `.get("key")` (member access
and destructuring in JS), loops over a list, and functions that return one of those. A
comparison is `==`/`!=`/`===`/`!==`, `in`/`not in` a literal collection (or a name bound to
one), `[...].includes(x)`, a `match`/`switch` case. Python is read with `ast`, JS/TS with
tree-sitter; other languages give nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from checks.samples.languages import family_of


@dataclass(frozen=True)
class Value:
    """A literal a sample compares an answer's field with; the position is in the block's code."""

    text: str
    line: int
    column: int


@dataclass(frozen=True)
class AnswerComparison:
    """`field` of `request`'s JSON answer compared with literal `values`."""

    request: object  # a `checks.samples.requests.Request`
    field: tuple  # keys from the answer's root; `checks.apispec.legacy.ANY_KEY` for any key or index
    values: tuple  # Value


def answer_comparisons(block, requests) -> list[AnswerComparison]:
    """Comparisons of answer fields with literals in one block; `requests` are the block's own."""
    if not requests:
        return []
    family = family_of(block.language)
    if family == "python":
        from checks.samples import answers_python

        return answers_python.comparisons(block, requests)
    if family == "js":
        from checks.samples import answers_js

        return answers_js.comparisons(block, requests)
    return []


def request_at(requests, block, line: int, column: int):
    """The request whose URL starts at (line, column) of the block's code, if any."""
    file_line, file_column = block.position(line, column)
    return next((r for r in requests if (r.line, r.column) == (file_line, file_column)), None)
