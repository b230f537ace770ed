"""Excerpts: samples that show part of a program, and the readings under which they parse.

Docs show a method without its class (`async nodeCreated(node) { ... }`), a signature
as pseudocode (`getSetting(id: string): any`, `{ icon?: string }`), a body that is only a
comment, an assignment whose value is a comment (`path = # your path`), a line lifted
from deep inside a function, a lone dict or object member (`"mode": (["a", "b"],)`). A
syntax error in such a block is not a defect. `excerpt_reading` names the reading under
which a broken block parses as a part of a program; `excerpt_signs` names what shows a
block is an excerpt even when no reading makes it parse. Neither maps positions back:
they only decide whether a finding is due, never where it goes.
"""

from __future__ import annotations

import ast
import re

from checks.samples.fragments import dedent, js_fragment, parse_json_example, python_fragment, python_placeholder_variant
from checks.samples.parsers import parse
from checks.samples.rewrite import mask

_PY_HEADER = re.compile(r"^([ \t]*)(?:async[ \t]+)?(?:def|class|if|elif|else|for|while|with|try|except|finally)\b[^\n]*:[ \t]*$")
_PY_MEMBER = re.compile(r"""^[ \t]*(?:"[^"\n]*"|'[^'\n]*'|\w+)[ \t]*:[ \t]*[^\s:]""")
_ASSIGNED_COMMENT = re.compile(r"=[ \t]*(?=#)")
# `async nodeCreated(node)`, `#invoke(...args) {`, `getItems(canvas) {`: a method, not a call.
_JS_METHOD = re.compile(
    r"^[ \t]*(?:(?:async|static|get|set)[ \t]+)+#?[A-Za-z_$][\w$]*[ \t]*\([^()\n]*\)[ \t]*(?::[^{\n]*)?\{?[ \t]*$|"
    r"^[ \t]*#?[A-Za-z_$][\w$]*[ \t]*\([^()\n]*\)[ \t]*(?::[^{\n]*)?\{[ \t]*$")
_JS_TYPE_HINT = re.compile(r"\b[A-Za-z_$][\w$]*\??:[ \t]*(?:string|number|boolean|any|void|unknown|object|null)\b|\w\?:")
_RECEIVER = re.compile(r"^([ \t]*)(?:[A-Za-z_$][\w$]*\.)+(?=[A-Za-z_$][\w$]*[ \t]*\()", re.M)


# -- Python ---------------------------------------------------------------------------


def _python_parses(text: str) -> bool:
    try:
        compile(text, "<excerpt>", "exec", ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False
    return True


def _comment_bodies(text: str) -> str:
    """`def f():` / `class A:` whose body is only comments (or nothing) gets a `...` body."""
    lines = text.split("\n")
    out = list(lines)
    for index, line in enumerate(lines):
        header = _PY_HEADER.match(line.split("#", 1)[0].rstrip() if "#" in line and not _quoted_hash(line) else line)
        if not header:
            continue
        indent = len(header.group(1).expandtabs())
        body = []
        for following in lines[index + 1:]:
            if not following.strip():
                continue
            if len(following) - len(following.lstrip()) <= indent and not following.lstrip().startswith("#"):
                break
            body.append(following)
        if all(part.lstrip().startswith("#") for part in body):
            out[index] = line.rstrip() + " ..."
    return "\n".join(out)


def _quoted_hash(line: str) -> bool:
    return "'" in line.split("#", 1)[0] or '"' in line.split("#", 1)[0]


def _lifted_lines(text: str) -> str:
    """Lines indented deeper than any open block (lifted from inside a function) are brought back."""
    lines = text.split("\n")
    out, expected = [], 0  # the indentation a new line may have
    for line in lines:
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            out.append(stripped if stripped.startswith("#") else line)
            continue
        indent = len(line) - len(stripped)
        if indent > expected:
            line, indent = " " * expected + stripped, expected
        out.append(line)
        code = stripped.split("#", 1)[0].rstrip()
        expected = indent + 4 if code.endswith((":", "(", "[", "{", ",", "\\")) else indent
    return "\n".join(out)


def _python_readings(code: str):
    fragment = python_fragment(code)
    base = python_placeholder_variant(fragment).text
    masked_value = _ASSIGNED_COMMENT.sub("= ... ", base)  # `path = # your path`
    bodies = _comment_bodies(masked_value)
    yield "comment-as-body", bodies
    lifted = _lifted_lines(bodies)
    yield "lifted-lines", _comment_bodies(lifted)
    for name, text in (("member", bodies), ("member", _comment_bodies(lifted))):
        yield name, "_ = {\n" + text + "\n}"
        yield name, "_ = (\n" + text + "\n)"
        yield name, "_ = dict(\n" + text + "\n)"


def python_excerpt_reading(code: str) -> str | None:
    """The name of the excerpt reading under which a Python block parses, None when none does."""
    for name, text in _python_readings(code):
        if _python_parses(text):
            return name
    return None


# -- JavaScript / TypeScript ----------------------------------------------------------


def _types_as_values(text: str) -> str:
    """Type pseudocode written where values go: `icon?: string` -> `icon : string`, `string[]`, `=> void`."""
    text = re.sub(r"(\w)\?:", r"\1 :", text)
    text = re.sub(r"\b([A-Za-z_$][\w$]*)\[\]", r"\1", text)
    return re.sub(r"=>[ \t]*void\b(?![ \t]*[\w(])", "=> undefined", text)


def _js_parses(text: str, grammars=("typescript", "tsx")) -> bool:
    return any(not parse(text, grammar).root_node.has_error for grammar in grammars)


def _js_readings(code: str):
    text = dedent(js_fragment(code)).text
    yield "class-body", "class _ {\n" + text + "\n}"
    yield "signature", "declare class _ {\n" + _RECEIVER.sub(r"\1", text) + "\n}"
    yield "type", "type _ = " + text
    yield "type", "type _ = {\n" + text + "\n}"
    values = _types_as_values(text)
    yield "types-as-values", values
    yield "member", "_ = {\n" + text + "\n}"
    yield "member", "_ = {\n" + values + "\n}"


def js_excerpt_reading(code: str) -> str | None:
    """The name of the excerpt reading under which a JS/TS block parses, None when none does."""
    for name, text in _js_readings(code):
        if _js_parses(text):
            return name
    return None


# -- JSON -----------------------------------------------------------------------------


def json_excerpt_reading(code: str) -> str | None:
    """`"key": [...]` (a member of a larger document) parses when wrapped in an object."""
    text = code.strip().rstrip(",")
    if text.startswith(("{", "[")):
        return None
    return "member" if parse_json_example("{\n" + text + "\n}").error is None else None


def excerpt_reading(code: str, family: str, grammar: str | None = None) -> str | None:
    """Why a block that does not parse as a whole still parses as part of a program, or None."""
    if family == "python":
        return python_excerpt_reading(code)
    if family == "js":
        return js_excerpt_reading(code)
    if family == "json":
        return json_excerpt_reading(code)
    return None


# -- signs -----------------------------------------------------------------------------


def excerpt_signs(code: str, family: str) -> tuple[str, ...]:
    """What shows a block is part of a program rather than one to run as it stands."""
    signs = []
    lines = [line for line in code.split("\n") if line.strip()]
    code_lines = [line for line in lines if not line.lstrip().startswith(("#", "//", "/*", "*"))]
    if not code_lines:
        return ()
    first = code_lines[0]
    if first[:1] in (" ", "\t"):
        signs.append("indented")
    masked = mask(code, "python" if family == "python" else "js" if family in ("js", "json") else "bash")
    if re.search(r"(?m)^[ \t]*(?:\.\.\.|\u2026)[ \t]*$", masked) or re.search(r"(?m)(?:#|//)[ \t]*(?:\.\.\.|\u2026)", code):
        signs.append("elision")
    if family == "python":
        if re.search(r"(?m)^(?:self|cls)\.", masked) or re.search(r"(?m)^@classmethod", masked):
            signs.append("method")
        if _PY_MEMBER.match(first) and not re.match(r"^[ \t]*(?:lambda|else|try|finally)\b", first):
            signs.append("member")
    elif family == "js":
        if _JS_METHOD.match(first) and not re.match(r"^[ \t]*(?:if|for|while|switch|function|catch|return)\b", first):
            signs.append("method")
        if _JS_TYPE_HINT.search(masked):
            signs.append("type-pseudocode")
    elif family == "json" and not code.strip().startswith(("{", "[")):
        signs.append("member")
    return tuple(signs)


__all__ = ["excerpt_reading", "excerpt_signs", "js_excerpt_reading", "json_excerpt_reading",
           "python_excerpt_reading"]
