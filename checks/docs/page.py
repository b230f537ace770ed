"""The page model every lint rule reads. Extraction fills it; rules never parse MDX.

Positions are 1-based lines and columns in the file a thing physically lives in
(`source`), so a block rendered from an imported snippet reports in the snippet.

A page with no fence and no import is extracted lazily: its tables and prose are parsed
the first time something reads them (`Page.later`), so a page no rule reads costs no parse.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Block:
    """A fenced code block, in render order on its page."""

    language: str  # first word of the info string, lowercased; "" when untagged
    title: str  # the rest of the info string (Mintlify tab title), may be ""
    code: str  # the block's content, fence indentation removed, "\n" line ends
    line: int  # line of the first content line (the line after the opening fence)
    column: int  # column where content lines start (fence indentation + 1)
    source: str  # path of the file holding the block (the page, or an imported snippet)
    end_line: int  # line of the closing fence (or the last line when unclosed)
    unclosed: bool = False
    via_import: str | None = None  # component name when rendered from a snippet import

    def position(self, code_line: int, code_column: int = 1) -> tuple[int, int]:
        """Source (line, column) of a 1-based line/column inside `code`."""
        return self.line + code_line - 1, self.column + code_column - 1


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]  # cell text, `\|` unescaped, surrounding spaces stripped
    line: int
    columns: tuple[int, ...]  # 1-based column where each cell's text starts


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[TableRow, ...]
    line: int  # line of the header row
    source: str


@dataclass(frozen=True)
class Import:
    """An ESM import of an MDX snippet: `import Name from '/snippets/x.mdx'`."""

    name: str
    target: str  # as written, e.g. "/snippets/cloud/poll.mdx"
    line: int
    resolved: str | None  # path of the snippet file when found


@dataclass(frozen=True)
class Text:
    """A run of prose (paragraph, heading, list item, table-free text) with its position."""

    text: str
    line: int
    column: int
    kind: str  # "heading" | "paragraph" | "list_item" | "blockquote" | "jsx"
    level: int = 0  # heading level for headings


@dataclass(frozen=True)
class Comment:
    """A JSX comment `{/* ... */}`: blanked before parsing, kept for suppressions."""

    text: str  # inner text, stripped
    line: int
    end_line: int


PARSED_LATER = ("tables", "texts")  # what a lazily extracted page parses on first read


@dataclass
class Page:
    path: str  # as given / relative to the current directory
    text: str  # the file's text, newlines normalised to "\n"
    frontmatter: dict = field(default_factory=dict)
    locale: str | None = None  # None for English; "zh", "ja", "ko", ...
    mirror_of: str | None = None  # for a mirror: path of its English page
    profile: str | None = None  # "comfyui" | "cloud" | None
    profile_reason: str = ""  # how the profile was chosen (frontmatter, config glob, layout, ...)
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    importers: list[str] = field(default_factory=list)  # for a snippet: pages that import it
    is_snippet: bool = False
    problems: list = field(default_factory=list)  # Findings raised by extraction itself

    @classmethod
    def later(cls, fill, **known) -> "Page":
        """A page whose `tables` and `texts` are parsed by `fill(page)` when first read.

        Only for pages whose parse can add no block, import or problem (no fence, no import).
        """
        page = cls(**known)
        for name in PARSED_LATER:
            del page.__dict__[name]
        page.__dict__["_fill"] = fill
        return page

    @property
    def parsed(self) -> bool:
        """False while a lazily extracted page has not been parsed yet."""
        return "_fill" not in self.__dict__

    def __getattr__(self, name: str):
        # Only reached for attributes not set: the parts of a lazy page still to parse.
        fill = self.__dict__.get("_fill")
        if fill is None or name not in PARSED_LATER:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        del self.__dict__["_fill"]
        fill(self)
        return self.__dict__[name]

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def source_line(self, line: int, source: str | None = None) -> str:
        """Text of a line in this page (or in a snippet it renders), '' when out of range."""
        if source and source != self.path:
            try:
                text = Path(source).read_text(encoding="utf-8").replace("\r\n", "\n")
            except OSError:
                return ""
            lines = text.split("\n")
        else:
            lines = self.lines
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def blocks_in(self, *languages: str) -> list[Block]:
        return [b for b in self.blocks if b.language in languages]

    def block_groups(self) -> dict[int, int]:
        """Index of each block -> index of the first block of its group of alternatives.

        Consecutive fences of one file with no prose between them (the tabs of a
        `<CodeGroup>` or `<Tabs>`) show the same thing in several languages.
        """
        groups: dict[int, int] = {}
        prose = sorted(t.line for t in self.texts if t.kind != "jsx")
        for index, block in enumerate(self.blocks):
            previous = self.blocks[index - 1] if index else None
            joined = previous is not None and previous.source == block.source and previous.end_line < block.line and not (
                _any_between(prose, previous.end_line, block.line))
            if joined and block.source == self.path:
                groups[index] = groups[index - 1]
            elif joined:  # a snippet's blocks: its prose is not on this page, only adjacency counts
                groups[index] = groups[index - 1] if block.line - previous.end_line <= 4 else index
            else:
                groups[index] = index
        return groups


def _any_between(ordered: list[int], low: int, high: int) -> bool:
    """Whether a number of the sorted list lies strictly between `low` and `high`."""
    index = bisect.bisect_right(ordered, low)
    return index < len(ordered) and ordered[index] < high
