"""A code sample uses a name that nothing on the page defines.

Readers copy samples top to bottom. A helper such as `getHeaders()` or a variable such
as `promptId` that no block defines (in that block or an earlier one of the same
language family: Python, or JavaScript/TypeScript together) makes the sample fail at
its first run. Blocks rendered from imported snippets count where they render.
Shell variables are judged per page: a `$VAR` is fine when any block assigns or
exports it, the prose says `export VAR=...`, or it is a well-known shell variable.
Pages without a profile are only checked when their code calls a Jobs API route, so
quoted server source is not reported. Names every sample may use (a client object
the docs introduce elsewhere) go under `known-globals`, env vars under `env-vars`.
Placeholders for the reader's own code (`MyClass`, `my_handler`, `YOUR_TOKEN`,
`aNodeOfYourChoice`, `some_value`, `etc`) are not reported: the sample asks the reader to
supply them; nor is a name the prose right above or below the block explains in inline
code, or asks readers to define ("define a wrapper like `MakeSmartType`"). Excerpts (a
method without its class, lines lifted from a body, `self.` at the top) are parts of a
program whose context is elsewhere: their undefined names are not reported. On pages
that document extension internals (their code calls no Jobs API route) the host's
objects are known: `app`, `api`, `node`, `nodeType`, `PromptServer`, ... A shell
variable the page names in its prose is one the reader is told about; an environment
variable (upper case) it never mentions is a warning, a lower-case one an error.

Wrong:

    ```typescript
    const res = await fetch(`${BASE_URL}/api/jobs/${promptId}`, { headers: getHeaders() });
    ```

Right:

    ```typescript
    const BASE_URL = "https://cloud.comfy.org";
    const getHeaders = () => ({ "X-API-Key": process.env.COMFY_CLOUD_API_KEY! });
    const promptId = process.argv[2];  // the prompt_id POST /api/prompt returned
    const res = await fetch(`${BASE_URL}/api/jobs/${promptId}`, { headers: getHeaders() });
    ```
"""

from __future__ import annotations

import functools
import re

from checks.samples.globals import HOST_JS_GLOBALS, HOST_PYTHON_GLOBALS, SHELL_VARIABLES
from checks.samples.names import NameUse
from checks.samples.languages import family_of, is_python, is_session
from checks.samples.names_bash import DOTENV_LINE, exported_in_text, shell_names
from checks.samples.names_js import js_names
from checks.samples.names_python import python_names
from checks.samples.parsers import grammar_of
from checks.samples.parsing import js_grammar
from checks.docs.discover import find_root, relative_to_root
from checks.samples.requests_urls import uses_a_route
from checks.docs.codes import Message, Rule, messages
from checks.docs.programs import excerpt_reason, explained_names, page_mentions

RULE = Rule(
    code="JC101",
    name="undefined-name",
    severity="error",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        undefined="`{name}` is used but never defined on this page; define it in this block or an earlier one (e.g. `{example}`)",
        later="`{name}` is used before the block that defines it ({where}); move that definition into this block or an earlier one",
        shell="`${name}` is read but never set on this page; show readers how to set it (e.g. `{name}=...` in an "
              "earlier block) or list it under `env-vars` in the config",
        env=Message("`${name}` is read but the page never says where it comes from; tell readers to set it (e.g. "
                    "`export {name}=...`) or list it under `env-vars` in the config", "warning"),
    ),
)

# `MyClass`, `myHandler`, `my_function`, `YOUR_TOKEN`, `aNodeId`, `some_value`: names a sample
# leaves for the reader to supply.
_PLACEHOLDER = re.compile(r"^(?:(?:[Mm]y|[Yy]our|an?|[Ss]ome)(?=[A-Z_])|MY_|YOUR_|SOME_)")
_PLACEHOLDER_WORDS = frozenset({"etc", "foo", "bar", "baz", "qux", "xxx", "TODO", "placeholder"})
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$|^[A-Z]{2,}[0-9]*$")


def is_placeholder(name: str) -> bool:
    return name in _PLACEHOLDER_WORDS or _PLACEHOLDER.match(name) is not None


@functools.lru_cache(maxsize=None)
def _spec_fields(profiles: tuple[str, ...]) -> frozenset[str]:
    """Every property name of every schema: `promptId` -> `prompt_id` hints come from here."""
    from checks.apispec import spec_for

    fields = set()
    for profile in profiles:
        spec = spec_for(profile)
        for schema in spec.schema_names():
            fields.update(spec.properties(schema))
    return frozenset(fields)


def _profiles(ctx) -> tuple[str, ...]:
    return tuple(spec.profile for spec in ctx.specs)


def in_scope(page, ctx) -> bool:
    """A page with a profile, or whose code calls a Jobs API route."""
    if page.profile:
        return True
    return any(uses_a_route(block.code, _profiles(ctx)) for block in page.blocks)


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _example(use: NameUse, family: str, fields: frozenset[str]) -> str:
    field_name = _snake(use.name)
    if family == "python":
        if field_name in fields and not use.called:
            return f'{use.name} = data["{field_name}"]'
        return f"def {use.name}(): ..." if use.called else f"{use.name} = ..."
    if field_name in fields and not use.called:
        return f"const {use.name} = data.{field_name}"
    if use.called:
        return f"function {use.name}() {{ … }}` or `import {{ {use.name} }} from …"
    return f"const {use.name} = …"


def _shown(path: str, ctx) -> str:
    """A docs file as the docs tree names it (`snippets/cloud/poll.mdx`)."""
    return relative_to_root(path, find_root(path, ctx.config)) or path


def _finding(page, block, use: NameUse, message: str, **arguments):
    line, column = block.position(use.line, use.column)
    return RULE.finding(message, block.source, line, column, profile=page.profile, name=use.name, **arguments)


def documents_extension_internals(page, ctx) -> bool:
    """A page whose code calls no Jobs API route: it documents code the host runs (extensions, nodes)."""
    return not any(uses_a_route(block.code, _profiles(ctx)) for block in page.blocks)


def _code_findings(page, ctx, family: str, blocks: list) -> list:
    """Python or JS/TS: names defined in this block or an earlier one of the family."""
    known = frozenset(ctx.config.known_globals)
    if documents_extension_internals(page, ctx):
        known |= HOST_PYTHON_GLOBALS if family == "python" else HOST_JS_GLOBALS
    defined: set[str] = set()
    results = []
    for block in blocks:
        if family == "python":
            names = python_names(block.code, frozenset(defined | known))
        else:
            names = js_names(block.code, js_grammar(block.language), frozenset(defined), known)
        results.append((block, names))
        defined |= names.defined
    fields = _spec_fields(_profiles(ctx))
    findings = []
    for index, (block, names) in enumerate(results):
        if not names.undefined or excerpt_reason(page, block, parses=True) is not None:
            continue  # an excerpt's context is elsewhere: its definitions count, its gaps do not
        explained = explained_names(page, block)
        for use in names.undefined:
            if is_placeholder(use.name) or use.name in explained:
                continue
            later = next((b for b, n in results[index + 1 :] if use.name in n.defined), None)
            where = None
            if later is not None:
                where = (f"line {later.line}" if later.source == block.source
                         else f"line {later.line} of {_shown(later.source, ctx)}")
            if where is not None:
                findings.append(_finding(page, block, use, "later", where=where))
            else:
                findings.append(_finding(page, block, use, "undefined", example=_example(use, family, fields)))
    return findings


def _shell_findings(page, ctx) -> list:
    """`$VAR` read somewhere on the page but assigned or exported nowhere on it."""
    blocks = [b for b in page.blocks if grammar_of(b.language) == "bash"]
    if not blocks:
        return []
    defined = set(SHELL_VARIABLES) | set(ctx.config.env_vars)
    for block in page.blocks:
        defined |= exported_in_text(block.code)
        if family_of(block.language) == "env":
            defined.update(DOTENV_LINE.findall(block.code))
    for text in page.texts:
        defined |= exported_in_text(text.text)
    names = [(block, shell_names(block.code, is_session(block.language))) for block in blocks]
    for _, shell in names:
        defined |= shell.assigned
    findings, reported = [], set()
    for block, shell in names:
        for use in shell.reads:
            if use.name in defined or use.name in reported or is_placeholder(use.name):
                continue
            reported.add(use.name)
            if page_mentions(page, use.name):
                continue  # the prose tells readers about it
            findings.append(_finding(page, block, use, "env" if _ENV_NAME.match(use.name) else "shell"))
    return findings


def check(page, ctx):
    # A snippet that pages import is judged where it renders, with their earlier blocks.
    if page.is_snippet and page.importers:
        return []
    if not in_scope(page, ctx):
        return []
    python_blocks = [b for b in page.blocks if is_python(b.language) and not b.unclosed]
    js_blocks = [b for b in page.blocks if js_grammar(b.language) and not b.unclosed]
    findings = []
    if python_blocks:
        findings += _code_findings(page, ctx, "python", python_blocks)
    if js_blocks:
        findings += _code_findings(page, ctx, "js", js_blocks)
    findings += _shell_findings(page, ctx)
    return findings
