"""Edit code text and keep the way back: offsets in the edited text map to the original.

Also a small scanner that hides string and comment contents, so rewrites only touch code.
"""

from __future__ import annotations

import bisect
import re


class Fragment:
    """Normalised code plus the way back to the block's own lines and columns."""

    def __init__(self, original: str, text: str | None = None, steps: tuple = ()):
        self.original = original
        self.text = original if text is None else text
        self._steps = steps  # newest last; each: (new_starts, new_ends, old_starts, old_ends)
        self._line_starts = None
        self._original_line_starts = None

    def edit(self, edits: list[tuple[int, int, str]]) -> "Fragment":
        """Apply non-overlapping (start, end, replacement) edits to `text`."""
        if not edits:
            return self
        edits = sorted(edits)
        parts, new_starts, new_ends, old_starts, old_ends = [], [], [], [], []
        cursor = written = 0
        for start, end, replacement in edits:
            if start < cursor:
                continue  # overlapping edit: the earlier one wins
            parts.append(self.text[cursor:start])
            written += start - cursor
            new_starts.append(written)
            old_starts.append(start)
            old_ends.append(end)
            parts.append(replacement)
            written += len(replacement)
            new_ends.append(written)
            cursor = end
        parts.append(self.text[cursor:])
        step = (new_starts, new_ends, old_starts, old_ends)
        return Fragment(self.original, "".join(parts), self._steps + (step,))

    def origin_offset(self, offset: int) -> int:
        """Offset in `original` of a character offset in `text`."""
        for new_starts, new_ends, old_starts, old_ends in reversed(self._steps):
            index = bisect.bisect_right(new_starts, offset) - 1
            if index < 0:
                continue
            if offset < new_ends[index]:
                # Inside a replacement: same-length replacements map one to one.
                span = max(old_ends[index] - old_starts[index] - 1, 0)
                offset = old_starts[index] + min(offset - new_starts[index], span)
            else:
                offset = old_ends[index] + offset - new_ends[index]
        return offset

    def offset(self, line: int, column: int) -> int:
        """Character offset in `text` of a 1-based line and column."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self.text)
        line = min(max(line, 1), len(self._line_starts))
        return min(self._line_starts[line - 1] + column - 1, len(self.text))

    def origin(self, line: int, column: int) -> tuple[int, int]:
        """1-based (line, column) in `original` of a 1-based position in `text`."""
        return self.origin_of_offset(self.offset(line, column))

    def origin_of_offset(self, offset: int) -> tuple[int, int]:
        offset = self.origin_offset(offset)
        if self._original_line_starts is None:
            self._original_line_starts = _line_starts(self.original)
        index = bisect.bisect_right(self._original_line_starts, offset) - 1
        return index + 1, offset - self._original_line_starts[index] + 1

    def origin_of_byte(self, byte_offset: int) -> tuple[int, int]:
        """Position in `original` of a UTF-8 byte offset in `text` (tree-sitter counts bytes)."""
        if self.text.isascii():
            return self.origin_of_offset(byte_offset)
        prefix = self.text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore")
        return self.origin_of_offset(len(prefix))


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for match in re.finditer("\n", text):
        starts.append(match.end())
    return starts


# --- masking: find code outside strings and comments ---------------------------------


def mask(text: str, language: str) -> str:
    """`text` with string contents replaced by `S` and comments by spaces; same length.

    `language` is "python", "js", "json" or "bash"; the scanner is deliberately small
    (no regex literals, no nested template expressions): it only has to keep
    placeholders inside strings and comments from being rewritten.
    """
    out = list(text)
    i, n = 0, len(text)
    hash_comments = language in ("python", "bash")
    slash_comments = language in ("js", "json")
    quotes = {"python": "'\"", "js": "'\"`", "json": '"', "bash": "'\""}[language]
    while i < n:
        char = text[i]
        if char == "#" and hash_comments and (language == "python" or i == 0 or text[i - 1] in " \t\n;"):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char == "/" and slash_comments and text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out[i:end] = " " * (end - i)
            i = end
        elif char == "/" and slash_comments and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out[i:end] = [c if c == "\n" else " " for c in text[i:end]]
            i = end
        elif char in quotes:
            delimiter = text[i : i + 3] if language == "python" and text.startswith(char * 3, i) else char
            j = i + len(delimiter)
            while j < n and not text.startswith(delimiter, j):
                if text[j] == "\\" and language != "bash" or (text[j] == "\\" and char == '"'):
                    j += 1
                elif text[j] == "\n" and len(delimiter) == 1 and char != "`" and language != "bash":
                    break  # unterminated single-line string: stop at the line end
                j += 1
            end = min(j + len(delimiter), n) if j < n and text.startswith(delimiter, j) else min(j, n)
            for k in range(i + len(delimiter), min(j, n)):
                if out[k] != "\n":
                    out[k] = "S"
            i = max(end, i + 1)
        else:
            i += 1
    return "".join(out)


def previous_significant(masked: str, index: int) -> tuple[str | None, int]:
    j = index - 1
    while j >= 0 and masked[j].isspace():
        j -= 1
    return (masked[j], j) if j >= 0 else (None, -1)


def next_significant(masked: str, index: int) -> tuple[str | None, int]:
    j = index
    while j < len(masked) and masked[j].isspace():
        j += 1
    return (masked[j], j) if j < len(masked) else (None, len(masked))


def word_before(masked: str, index: int) -> str:
    match = re.search(r"([A-Za-z_$][\w$]*)\s*$", masked[: index + 1])
    return match.group(1) if match else ""
