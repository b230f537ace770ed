"""Prose that claims something about dialects and routes that the spec contradicts.

Three claims are checked, in every locale: a route "kept for compatibility with" (or
"the same as on") a dialect that never served it; "nothing is deprecated" on a page of a
dialect whose spec marks routes deprecated, or "`/x` is not deprecated" said of a deprecated
route; and a sentence that recommends a route while calling it legacy (a route recommended
without any marker is JC501's). A dialect is named the way the spec titles it ("local
server", "Comfy Cloud") or the way translations do ("本地", "クラウド").

Wrong (a Comfy Cloud page):

    `GET /api/history_v2` is kept for compatibility with the local ComfyUI server.

Right:

    `GET /api/history_v2` is deprecated; use `GET /api/jobs`.
"""

from __future__ import annotations

import functools
import re

from checks.docs.codes import Rule, messages
from checks.docs.prose_routes import sentences
from checks.docs.words import (
    COMPATIBILITY, NOT_DEPRECATED, NOTHING_DEPRECATED, PLACE_WORDS, RECOMMENDS, marks_legacy, may_claim,
)
from checks.apispec import PROFILES, spec_for
from checks.apispec.dialects import dialect_name, short_title
from checks.apispec.routes import jobs_like, twin_path

RULE = Rule(
    code="JC502",
    name="dialect-claim",
    severity="warning",
    doc=__doc__,
    example_path="development/cloud/example.mdx",
    messages=messages(
        compatibility="`{route}` is not served by {other}, so it is not kept for compatibility with it; "
                      "say which dialect serves it ({served})",
        nothing_deprecated="{dialect} has deprecated routes ({routes}); say which ones and what replaces them",
        not_deprecated="`{route}` is deprecated in {dialect}{hint}",
        recommends_legacy="this sentence recommends `{route}` while calling it legacy: {dialect} deprecates it{hint}",
    ),
)


@functools.lru_cache(maxsize=None)
def _names() -> dict[str, re.Pattern]:
    """Profile -> how prose names it: its title, and the place word (local, cloud) in every language."""
    found = {}
    for profile in PROFILES:
        words = short_title(spec_for(profile)).lower().split()
        alternatives = [re.escape(" ".join(words))]
        for place, translations in PLACE_WORDS.items():
            if place in words:
                alternatives += [rf"\b{place}\b", *map(re.escape, translations)]
        found[profile] = re.compile("|".join(alternatives), re.I)
    return found


def _served(spec, method, path) -> bool:
    bare = path.split("?", 1)[0]
    return bool(spec.match_path(bare, method) or spec.match_path(twin_path(bare), method))


def _deprecated_in(specs, method, path):
    """(spec, operation) when every judging dialect that serves the route deprecates it."""
    bare = path.split("?", 1)[0]
    hits = [(spec, op) for spec in specs for op in spec.match_path(bare, method)]
    if hits and all(op.deprecated for _, op in hits):
        return hits[0]
    return None


def _hint(op) -> str:
    return f"; use `{op.replaced_by}`" if op.replaced_by else ""


def _shown(method, path) -> str:
    return f"{method} {path}" if method else path


def _compatibility(page, sentence, own):
    if not COMPATIBILITY.search(sentence.text):
        return
    named = [profile for profile, pattern in _names().items() if profile not in own and pattern.search(sentence.text)]
    for method, path, line, column in sentence.routes:
        if not jobs_like(path):
            continue
        for profile in named:
            spec = spec_for(profile)
            if not _served(spec, method, path):
                served = [dialect_name(spec_for(p)) for p in PROFILES if _served(spec_for(p), method, path)] or ["no dialect"]
                yield RULE.finding("compatibility", sentence.source, line, column, profile=page.profile,
                                   route=_shown(method, path), other=dialect_name(spec), served=", ".join(served))


def _deprecation_claims(page, sentence, specs):
    if page.profile is not None and NOTHING_DEPRECATED.search(sentence.text):
        spec = specs[0]
        deprecated = [f"`{op.method} {op.path}`" for op in spec.operations if op.deprecated]
        if deprecated:
            shown = ", ".join(deprecated[:3]) + (", ..." if len(deprecated) > 3 else "")
            yield RULE.finding("nothing_deprecated", sentence.source, sentence.line, sentence.column, profile=page.profile,
                               dialect=dialect_name(spec), routes=shown)
    claims_current = NOT_DEPRECATED.search(sentence.text) is not None
    recommends = RECOMMENDS.search(sentence.text) is not None and marks_legacy(sentence.text)
    if not (claims_current or recommends):
        return
    for method, path, line, column in sentence.routes:
        found = _deprecated_in(specs, method, path) if jobs_like(path) else None
        if found is None:
            continue
        spec, op = found
        replacement = op.replaced_by.split("?", 1)[0] if op.replaced_by else None
        if claims_current:
            yield RULE.finding("not_deprecated", sentence.source, line, column, profile=page.profile,
                               route=_shown(method, path), dialect=dialect_name(spec), hint=_hint(op))
        elif replacement is None or replacement not in sentence.text:
            yield RULE.finding("recommends_legacy", sentence.source, line, column, profile=page.profile,
                               route=_shown(method, path), dialect=dialect_name(spec), hint=_hint(op))


_CLAIMS = re.compile("|".join(f"(?:{p.pattern})" for p in (COMPATIBILITY, NOTHING_DEPRECATED, NOT_DEPRECATED, RECOMMENDS)), re.I)


_ROUTE_HINTS = ("`/", "GET /", "POST /", "PUT /", "DELETE /", "PATCH /")


def check(page, ctx):
    if page.profile is None and not any(hint in page.text for hint in _ROUTE_HINTS) or not may_claim(page.text):
        return  # no route named, and no dialect to hold "nothing is deprecated" to
    own = {spec.profile for spec in ctx.specs} if not ctx.union else set()
    for sentence in sentences(page, _CLAIMS, may_claim):
        yield from _compatibility(page, sentence, own)
        yield from _deprecation_claims(page, sentence, ctx.specs)
