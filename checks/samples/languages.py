"""The one table of code-block languages: which info strings mean which language.

Every reader of code samples asks here: the literal readers and request finders
(`family`), the parsers (`grammar`), the syntax and undefined-name rules, mirror drift,
and the examples runner (`runs_as`). Two copies of this table once disagreed about
`mjs` and `pycon`, and a real drift went unseen; there is no other copy now.
Info strings are matched lower-cased; an unlisted one is a language no reader knows.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES = ("python", "js", "shell", "json", "env")


@dataclass(frozen=True)
class Language:
    """What an info string means to the readers of code samples."""

    family: str  # "python" | "js" | "shell" | "json" | "env": blocks of one family share names
    grammar: str | None  # parser: "python" (ast), "javascript" | "typescript" | "tsx" | "bash" (tree-sitter), "json"
    session: bool = False  # a terminal or REPL transcript: unprompted lines are output
    strict: bool = True  # JSON only: json/jsonc are checked by the JSON reader, json5 is not
    runs_as: str | None = None  # program language of `jobs-checks examples run`, None when it never runs


_PYTHON = Language("python", "python", runs_as="python")
_JAVASCRIPT = Language("js", "javascript", runs_as="javascript")
_TYPESCRIPT = Language("js", "typescript", runs_as="typescript")
_BASH = Language("shell", "bash", runs_as="bash")

TABLE: dict[str, Language] = {
    "python": _PYTHON, "py": _PYTHON, "python3": _PYTHON, "py3": Language("python", "python"),
    "pycon": Language("python", "python", session=True), "ipython": Language("python", "python"),
    "javascript": _JAVASCRIPT, "js": _JAVASCRIPT, "mjs": _JAVASCRIPT, "node": _JAVASCRIPT,
    "cjs": Language("js", "javascript"), "jsx": Language("js", "javascript"),
    "typescript": _TYPESCRIPT, "ts": _TYPESCRIPT, "mts": _TYPESCRIPT, "cts": Language("js", "typescript"),
    "tsx": Language("js", "tsx"),
    "bash": _BASH, "sh": _BASH, "shell": _BASH, "zsh": Language("shell", "bash"), "curl": Language("shell", "bash"),
    "console": Language("shell", "bash", session=True), "shell-session": Language("shell", "bash", session=True),
    "terminal": Language("shell", "bash", session=True),
    "json": Language("json", "json"), "jsonc": Language("json", "json"), "json5": Language("json", "json", strict=False),
    "env": Language("env", None), "dotenv": Language("env", None),
}  # fmt: skip


def language_of(info: str) -> Language | None:
    """The Language of a block's info-string language (`Python`, `ts`, ...), None when unknown."""
    return TABLE.get(info.lower()) if info else None


def family_of(info: str) -> str | None:
    """"python", "js", "shell", "json", "env" (dotenv files), or None for languages no reader understands."""
    language = language_of(info)
    return language.family if language else None


def grammar_of(info: str) -> str | None:
    """The parser of a block: "python", "javascript", "typescript", "tsx", "bash", "json" or None."""
    language = language_of(info)
    return language.grammar if language else None


def is_python(info: str) -> bool:
    return family_of(info) == "python"


def is_session(info: str) -> bool:
    """True for transcripts (`console`, `pycon`): prompted lines are code, the rest is output."""
    language = language_of(info)
    return bool(language and language.session)


def is_strict_json(info: str) -> bool:
    """True for `json` / `jsonc` blocks, which the JSON example reader understands."""
    language = language_of(info)
    return bool(language and language.family == "json" and language.strict)


def run_languages() -> dict[str, str]:
    """Info string -> the program language it runs as (`jobs-checks examples run`)."""
    return {info: language.runs_as for info, language in TABLE.items() if language.runs_as}
