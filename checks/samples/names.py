"""What a code block says about names: which it defines for later blocks, which it uses undefined."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NameUse:
    """A use of a name nothing defines; position is 1-based in the block's own code."""

    name: str
    line: int
    column: int
    called: bool = False  # used as a function/constructor: `getHeaders()`, `new Client()`


@dataclass(frozen=True)
class BlockNames:
    undefined: tuple[NameUse, ...]  # first use of each undefined name, in source order
    defined: frozenset[str]  # names this block defines at its top level (for later blocks)
    parsed: bool  # False when the block does not parse (then `undefined` is empty)


def first_uses(uses) -> tuple[NameUse, ...]:
    """One use per name (its first), in source order: the fix is one definition."""
    seen, kept = set(), []
    for use in sorted(uses, key=lambda u: (u.line, u.column)):
        if use.name not in seen:
            seen.add(use.name)
            kept.append(use)
    return tuple(kept)
