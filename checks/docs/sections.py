"""A page's sections (a heading and the code blocks under it), and how a translation's align.

Headings are translated, so they cannot be compared by text; the code under them is not. Two
pages' sections pair up by heading level and by the code blocks they share (compared by a
signature the caller gives), the way a reviewer lines up a translation with its original:
`align` tells which English section the translation lacks and which of its own headings
stands where the English one preceding it does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    """A heading of the page itself (None for the part before the first) and its own blocks."""

    heading: object | None  # a `Text` of kind "heading"
    blocks: tuple = field(default=())  # indices into `page.blocks`

    @property
    def level(self) -> int:
        return self.heading.level if self.heading is not None else 0

    @property
    def line(self) -> int:
        return self.heading.line if self.heading is not None else 1


def sections(page) -> list[Section]:
    """The page's sections in order, each holding the page's own blocks written under it."""
    headings = sorted((t for t in page.texts if t.kind == "heading"), key=lambda t: t.line)
    found = [Section(None)] + [Section(heading) for heading in headings]
    owned: list[list[int]] = [[] for _ in found]
    starts = [s.line if s.heading is not None else 0 for s in found]
    for index, block in enumerate(page.blocks):
        if block.source != page.path:
            continue  # a snippet's block: where it renders is not a line of this page
        place = max(i for i, start in enumerate(starts) if start < block.line)
        owned[place].append(index)
    return [Section(s.heading, tuple(blocks)) for s, blocks in zip(found, owned)]


def _likeness(english: Section, mirror: Section, english_keys, mirror_keys) -> float:
    """How well two sections pair: same level, then the share of code they have in common."""
    if english.level != mirror.level:
        return -1.0
    theirs = [english_keys[i] for i in english.blocks]
    ours = [mirror_keys[i] for i in mirror.blocks]
    if not theirs and not ours:
        return 1.0
    shared = sum(min(theirs.count(key), ours.count(key)) for key in set(theirs))
    return 1.0 + 2.0 * shared / max(len(theirs), len(ours))


def align(english_sections, mirror_sections, english_keys, mirror_keys) -> dict[int, int]:
    """English section index -> mirror section index, for the best order-keeping pairing."""
    n, m = len(english_sections), len(mirror_sections)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            likeness = _likeness(english_sections[i - 1], mirror_sections[j - 1], english_keys, mirror_keys)
            best = max(score[i - 1][j], score[i][j - 1])
            score[i][j] = max(best, score[i - 1][j - 1] + likeness) if likeness > 0 else best
    pairs, i, j = {}, n, m
    while i and j:
        likeness = _likeness(english_sections[i - 1], mirror_sections[j - 1], english_keys, mirror_keys)
        if likeness > 0 and score[i][j] == score[i - 1][j - 1] + likeness:
            pairs[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif score[i][j] == score[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return pairs


def section_of(sections_list, block_index: int) -> int | None:
    """Index of the section holding the page's block `block_index`, None for a snippet's block."""
    return next((i for i, s in enumerate(sections_list) if block_index in s.blocks), None)


def missing_section(english, mirror, blocks, signature):
    """(English heading of a section the translation lacks, the translation's heading standing
    where the English one before it does), when the English `blocks` fill one whole missing
    section; None when they sit in a section the translation has (or in no heading's).

    `signature(block)` says when two blocks hold the same code.
    """
    if any(b.source != english.path for b in blocks):
        return None
    theirs, ours = sections(english), sections(mirror)
    pairs = align(theirs, ours, [signature(b) for b in english.blocks], [signature(b) for b in mirror.blocks])
    indices = [next(i for i, b in enumerate(english.blocks) if b is block) for block in blocks]
    owners = {section_of(theirs, i) for i in indices}
    if len(owners) != 1 or None in owners:
        return None
    owner = owners.pop()
    if owner in pairs or theirs[owner].heading is None:
        return None  # the section is there: the block is missing inside it
    before = next((pairs[i] for i in range(owner - 1, -1, -1) if i in pairs and ours[pairs[i]].heading is not None), None)
    return None if before is None else (theirs[owner].heading, ours[before].heading)
