"""A Python, JavaScript/TypeScript or JSON sample does not parse.

Docs show programs and excerpts. Fragments are accepted everywhere: `>>>` REPL sessions,
top-level `await` and `return`, `...` / `…` for elided code or parameters (`def f(self,
...)`), and in JSON `//` comments and trailing commas. A block the page presents as a
*program* (it sends a request, the page opts in to running its samples, the sentence
above says to copy or run it, its title is a file name) must parse as it stands: a syntax
error there is an error, since a reader copying it gets one too. Any other block may be an
*excerpt*: a method without its class, a signature or type written as pseudocode, a body
that is only a comment, lines lifted from inside a function, a lone dict or object member.
An excerpt that parses as such a part of a program is fine; one that shows it is an
excerpt (indented, elided, a method, type pseudocode) but parses under no reading gets an
info note; everything else that does not parse is an error. Reported once per block, at
the parser's first error. A `javascript` block that only parses as TypeScript gets an info
finding asking for the right tag.

Wrong:

    ```json
    {
      "id": "4f1c…",
      "status": "completed"
      "outputs": {}
    }
    ```

Right:

    ```json
    {
      "id": "4f1c…",
      "status": "completed",
      "outputs": {}
    }
    ```
"""

from __future__ import annotations

from checks.samples.fragments import parse_json_example
from checks.samples.parsers import parse
from checks.samples.languages import is_python, is_strict_json
from checks.docs.programs import excerpt_reason
from checks.samples.parsing import first_error_node, js_grammar, parse_js, parse_python
from checks.docs.codes import Message, Rule, messages

RULE = Rule(
    code="JC701",
    name="syntax",
    severity="error",
    doc=__doc__,
    messages=messages(
        does_not_parse="{language} sample does not parse: {problem} (line {at} of the block); fix it, or mark elided code with `...`",
        json="JSON example does not parse: {problem}; fix it (comments, trailing commas and `...` placeholders are already tolerated)",
        excerpt=Message("{language} excerpt does not parse even as part of a program: {problem} (line {at} of the block); "
                        "fix it if readers are meant to copy it", "info"),
        tag=Message("this block is {kind}; tag it `{tag}`", "info"),
    ),
)

_GRAMMAR_NAMES = {"javascript": "JavaScript", "typescript": "TypeScript", "tsx": "TSX"}
_TAG_FOR = {"typescript": "typescript", "tsx": "tsx"}


def _finding(page, block, line: int, column: int, message: str, **arguments):
    line = min(max(line, 1), max(block.code.count("\n") + 1, 1))
    at_line, at_column = block.position(line, max(column, 1))
    return RULE.finding(message, block.source, at_line, at_column, profile=page.profile, **arguments)


def _does_not_parse(page, block, language: str, problem: str, line: int, column: int, message: str = "does_not_parse"):
    """Code that stays broken after the fragment allowances: an error in a program, a note (or
    nothing) in an excerpt."""
    reason = excerpt_reason(page, block, parses=False)
    if reason is not None and reason.startswith("it parses as"):
        return None  # a part of a program, and a well-formed one
    if reason is not None:
        return _finding(page, block, line, column, "excerpt", language=language, problem=problem, at=line)
    return _finding(page, block, line, column, message, language=language, problem=problem, at=line)


def _python(page, block):
    parsed = parse_python(block.code)
    if parsed.error is None:
        return None
    error = parsed.error
    line, column = parsed.fragment.origin(error.lineno or 1, error.offset or 1)
    return _does_not_parse(page, block, "Python", (error.msg or "invalid syntax").rstrip("."), line, column)


def _describe(node, source: bytes) -> str:
    if node.is_missing:
        return f"missing `{node.type}`"
    leaf = node
    while leaf.child_count:
        leaf = leaf.children[0]
    token = source[leaf.start_byte : leaf.end_byte].decode("utf-8", errors="replace").split("\n")[0][:24]
    return f"unexpected `{token}`" if token.strip() else "unexpected input"


def _js(page, block, grammar: str):
    parsed = parse_js(block.code, grammar)
    if parsed.ok and parsed.grammar == grammar:
        return None
    if parsed.ok:
        tag = _TAG_FOR[parsed.grammar]
        kind = "TypeScript (type annotations)" if parsed.grammar == "typescript" else "TSX (JSX with types)"
        if grammar == "typescript":
            kind = "TSX (it holds JSX)"
        # Point at the place the declared grammar gave up: usually the first annotation.
        node = first_error_node(parse(parsed.fragment.text, grammar))
        line, column = parsed.fragment.origin_of_byte(node.start_byte) if node is not None else (1, 1)
        return _finding(page, block, line, column, "tag", kind=kind, tag=tag)
    node = first_error_node(parsed.tree)
    if node is None:
        line, column = 1, 1
    else:
        line, column = parsed.fragment.origin_of_byte(node.start_byte)
    problem = _describe(node, parsed.source) if node is not None else "syntax error"
    return _does_not_parse(page, block, _GRAMMAR_NAMES[grammar], problem, line, column)


def _json(page, block):
    example = parse_json_example(block.code)
    if example.error is None:
        return None
    return _does_not_parse(page, block, "JSON", example.error, example.line, example.column, "json")


def check(page, ctx):
    findings = []
    for block in page.blocks:
        if block.unclosed or not block.code.strip():
            continue  # an unclosed fence is JC002's finding
        grammar = js_grammar(block.language)
        if is_python(block.language):
            finding = _python(page, block)
        elif grammar is not None:
            finding = _js(page, block, grammar)
        elif is_strict_json(block.language):
            finding = _json(page, block)
        else:
            continue
        if finding is not None:
            findings.append(finding)
    return findings
