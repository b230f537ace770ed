"""Code that breaks when a reader copies it as the page says (curl globs, redeclared names, renamed placeholders).

- curl treats `{...}` in a URL as a glob: `curl "$BASE/api/jobs/{prompt_id}"` requests
  `/api/jobs/prompt_id`. Write the placeholder as `$PROMPT_ID` or `<prompt_id>`, or pass `-g`.
- JS/TS blocks that each declare `const promptId` (or `let`, `class`) at top level are a
  SyntaxError once pasted into one file, as the page says to (it runs its samples, or its
  prose says "in one file", "together", "the same script"). Tabs of one code group are
  alternatives, not a sequence, and are left alone.
- A route's path parameter written as a placeholder under two names (`<job_id>` in one
  block, `<prompt_id>` in a later one): the reader fills in one and keeps the other. Names
  are compared loosely (`JOB_ID`, `jobId`, `{job_id}` are one name).

Wrong:

    ```bash
    curl "http://127.0.0.1:8188/api/jobs/{prompt_id}"
    ```

Right:

    ```bash
    curl "http://127.0.0.1:8188/api/jobs/$PROMPT_ID"
    ```
"""

from __future__ import annotations

import re

from checks.docs.codes import Message, Rule, messages
from checks.docs.prose import prose
from checks.samples.literals import HOLE, family_of, page_names, read_block
from checks.samples.parsers import grammar_of, parse
from checks.samples.requests import find_requests
from checks.apispec import PROFILES, spec_for

RULE = Rule(
    code="JC102",
    name="copy-paste-hazard",
    severity="warning",
    doc=__doc__,
    messages=messages(
        curl_glob="curl reads `{glob}` in this URL as a glob and requests `{requested}`; write the placeholder as "
                  "`${upper}` or `<{name}>`, or pass `-g`",
        redeclared=Message("`{name}` is declared again here (first at line {first}): pasted into one file as the page "
                           "says, the blocks stop with a SyntaxError; reuse the name or assign without `{keyword}`", "error"),
        renamed="this placeholder `{ours}` stands for what line {line_before} calls `{theirs}` (`{parameter}` of `{route}`); "
                "use one name",
    ),
)

_GLOB = re.compile(r"\{([A-Za-z_][\w-]*)\}")
_TOGETHER = re.compile(
    r"\b(?:one|a single|the same) (?:file|script|program|module)\b|\b(?:run|put|paste|combine|save) (?:them|these|all|the blocks)"
    r"[^.]{0,30}\btogether\b|\bin order\b.{0,40}\b(?:file|script)\b|\bcomplete (?:script|program|example)\b|同一个文件|同一文件|"
    r"一つのファイル|同じファイル|하나의 파일|같은 파일", re.I)
_PLACEHOLDER_HINT = re.compile(r"/(?:<[A-Za-z_][\w-]*>|\{[A-Za-z_][\w-]*\}|:[A-Za-z_]\w*|YOUR_[A-Z]|\$\{?[A-Z])")
_PLACEHOLDER = re.compile(r"^(?:<([A-Za-z_][\w-]*)>|\{([A-Za-z_][\w-]*)\}|:([A-Za-z_]\w*)|YOUR_([A-Z][A-Z0-9_]*))$")


def _loose(name: str) -> str:
    return re.sub(r"[_\-]", "", name).lower()


# -- curl globs -----------------------------------------------------------------------------
def _curl_globs(page, block):
    for name, words, _, _ in read_block(block, page_names(page, block)).commands:
        if name.rsplit("/", 1)[-1] != "curl" or any(w.text in ("-g", "--globoff") for w in words):
            continue
        for word in words[1:]:
            if "/" not in word.text or not ("://" in word.text or word.text.startswith((HOLE, "/"))):
                continue
            for match in _GLOB.finditer(word.text):
                line, column = block.position(*word.at(match.start()))
                yield RULE.finding("curl_glob", block.source, line, column, profile=page.profile, glob=match.group(0),
                                   requested=match.group(1), upper=match.group(1).upper(), name=match.group(1))


# -- names declared twice across blocks ------------------------------------------------------
def _run_together(page) -> bool:
    run = page.frontmatter.get("jobs-checks-run") if isinstance(page.frontmatter, dict) else None
    return bool(run) or any(_TOGETHER.search(text.text) for text in prose(page))


def _top_level_names(block):
    """(name, keyword, line, column) of each `const`/`let`/`class` declared at the top level of a JS block."""
    tree = parse(block.code, grammar_of(block.language) or "javascript")
    for node in tree.root_node.named_children:
        if node.type == "export_statement" and node.named_children:
            node = node.named_children[-1]
        if node.type == "lexical_declaration":
            keyword = node.children[0].text.decode() if node.children else "const"
            for declarator in node.named_children:
                name = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                if name is not None and name.type == "identifier":
                    yield name.text.decode(), keyword, name.start_point[0] + 1, name.start_point[1] + 1
        elif node.type == "class_declaration":
            name = node.child_by_field_name("name")
            if name is not None:
                yield name.text.decode(), "class", name.start_point[0] + 1, name.start_point[1] + 1


def _redeclared(page):
    if not _run_together(page):
        return
    groups = page.block_groups()
    first: dict[str, tuple] = {}
    for index, block in enumerate(page.blocks):
        if family_of(block.language) != "js":
            continue
        for name, keyword, line, column in _top_level_names(block):
            at = block.position(line, column)
            earlier = first.get(name)
            if earlier is None:
                first[name] = (*at, groups[index], block.source)
            elif earlier[2] != groups[index] and earlier[3] == block.source:
                yield RULE.finding("redeclared", block.source, at[0], at[1], profile=page.profile, name=name,
                                   first=earlier[0], keyword=keyword)


# -- placeholders renamed --------------------------------------------------------------------
def _placeholders(page, ctx):
    """(parameter, route, loose name, as written, line, column, source) for each path parameter
    a request writes as a placeholder: `<job_id>`, `YOUR_JOB_ID`, `:job_id`, and in shell also
    `$JOB_ID` or `{job_id}` (in Python and JS `{job_id}` is a variable of the code)."""
    specs = ctx.specs if not ctx.union else [spec_for(name) for name in PROFILES]
    for block in page.blocks:
        shell = family_of(block.language) == "shell"
        for request in find_requests(block, page_names(page, block)):
            if not request.path:
                continue
            for spec in specs:
                ops = spec.match_path(request.path, request.method)
                if not ops:
                    continue
                template, written = ops[0].path.split("/"), request.path.split("/")
                if len(template) == len(written):
                    offset = 0
                    for part, value in zip(template, written):
                        match = _PLACEHOLDER.match(value) if part.startswith("{") else None
                        if match is not None and (shell or not match.group(2)):
                            name = next(g for g in match.groups() if g)
                            yield (part.strip("{}"), ops[0].path, _loose(name), value, request.path_line,
                                   request.path_column + offset, request.source)
                        offset += len(value) + 1
                break


def _renamed(page, ctx):
    seen: dict[str, tuple] = {}
    for parameter, route, name, written, line, column, source in _placeholders(page, ctx):
        earlier = seen.get(parameter)
        if earlier is None:
            seen[parameter] = (name, written, line)
        elif earlier[0] != name:
            yield RULE.finding("renamed", source, line, column, profile=page.profile, ours=written, theirs=earlier[1],
                               line_before=earlier[2], parameter=parameter, route=route)


def check(page, ctx):
    for block in page.blocks:
        if family_of(block.language) == "shell" and "curl" in block.code and "{" in block.code:
            yield from _curl_globs(page, block)
    if any(family_of(b.language) == "js" for b in page.blocks):
        yield from _redeclared(page)
    if len(_PLACEHOLDER_HINT.findall(page.text)) >= 2:  # two placeholders at least, or nothing can be renamed
        yield from _renamed(page, ctx)
