"""Where each member of a JSON example sits in its code block, for findings that name a path."""

from __future__ import annotations


def locate(code: str) -> dict[tuple, tuple[int, int]]:
    """1-based (line, column) of every member key and array item of a (tolerant) JSON text.

    Comments and `...` placeholders are skipped the way the example loader skips them, so
    array indexes match the loaded value.
    """
    positions: dict[tuple, tuple[int, int]] = {}
    stack: list[list] = []  # [kind, path, index or key, expecting_key, item_is_placeholder]
    line, line_start, i, n = 1, 0, 0, len(code)

    def here(offset):
        return line, offset - line_start + 1

    def value_path():
        if not stack:
            return ()
        kind, path, slot, _, _ = stack[-1]
        return (*path, slot)

    def start_value(offset):
        if stack and stack[-1][0] == "arr":
            positions.setdefault(value_path(), here(offset))
            stack[-1][4] = False
        elif not stack:
            positions.setdefault((), here(offset))

    while i < n:
        char = code[i]
        if char == "\n":
            line, line_start = line + 1, i + 1
            i += 1
        elif char in " \t\r,:" or (char == "/" and code.startswith(("//", "/*"), i)):
            if char == "," and stack:
                top = stack[-1]
                if top[0] == "arr":
                    top[2] += 0 if top[4] else 1
                    top[4] = False
                else:
                    top[3] = True
                i += 1
            elif char == "/":
                end = code.find("\n", i) if code.startswith("//", i) else code.find("*/", i + 2) + 2
                end = n if end <= 1 or end == -1 else end
                for offset in range(i, end):
                    if code[offset] == "\n":
                        line, line_start = line + 1, offset + 1
                i = end
            else:
                i += 1
        elif char == '"':
            end = i + 1
            while end < n and code[end] != '"':
                end += 2 if code[end] == "\\" else 1
            text = code[i + 1 : end]
            if stack and stack[-1][0] == "obj" and stack[-1][3]:
                stack[-1][2], stack[-1][3] = text, False
                positions.setdefault(value_path(), here(i))
            else:
                start_value(i)
            i = end + 1
        elif char in "{[":
            start_value(i)
            path = value_path()
            positions.setdefault(path, here(i))
            stack.append(["obj" if char == "{" else "arr", path, 0 if char == "[" else None, char == "{", char == "["])
            i += 1
        elif char in "}]":
            if stack:
                stack.pop()
            i += 1
        elif code.startswith("...", i) or char == "\u2026":
            if stack and stack[-1][0] == "arr":
                stack[-1][4] = True
            i += 3 if char == "." else 1
        else:
            start_value(i)
            while i < n and code[i] not in ",}]\n":
                i += 1
    return positions
