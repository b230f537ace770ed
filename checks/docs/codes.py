"""How a lint code is declared: once, with everything a user and a report need to know.

A `Rule` holds the code (`JC101`), its kebab name, the default severity, every message it
can say as a template with named arguments (a message may carry its own severity), and
its documentation with a Wrong and a Right example. Rules under `checks/docs/rules/` and
the engine's own codes (`checks.docs.engine_codes`) are declared this way; `jobs-checks
rules`, the reports and the cache read the declaration, and findings are made from it
(`RULE.finding("undefined", path, line, column, name=...)`), so no code, name or severity
is ever spelled a second time. Like pyflakes' message classes, but data.
"""

from __future__ import annotations

import dataclasses
import re
import string
import textwrap
from dataclasses import dataclass, field
from types import MappingProxyType, ModuleType
from typing import Callable, Mapping

from checks.docs.findings import SEVERITIES, Finding, Fix

_CODE = re.compile(r"^JC\d{3}$")
_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
_RESERVED = frozenset({"message", "path", "line", "column", "severity", "profile", "fix", "end_line"})
_EXAMPLE_HEADING = re.compile(r"^(Wrong|Right)\b[^\n]*:\s*$")


@dataclass(frozen=True)
class Message:
    """One thing a code says: a `str.format` template with named arguments."""

    template: str
    severity: str | None = None  # None: the code's default severity

    @property
    def arguments(self) -> tuple[str, ...]:
        """The named arguments the template needs, in order of first use."""
        names = [name for _, name, _, _ in string.Formatter().parse(self.template) if name]
        return tuple(dict.fromkeys(names))

    def text(self, **arguments) -> str:
        missing = [name for name in self.arguments if name not in arguments]
        if missing:
            raise TypeError(f"message {self.template[:40]!r}... needs {', '.join(missing)}")
        return self.template.format(**arguments)


@dataclass(frozen=True)
class Rule:
    """A lint code: what it is called, how severe it is, what it says and why.

    `example_path` is where the doc's Wrong and Right examples are written (relative to a
    docs root) when the registry test runs them; for a rule about translations,
    `example_english` is the English page the Right example is also written to.
    `snippets` says how a snippet that pages import is judged: where it renders (with its
    importers' profile and earlier blocks) or on its own (a translated snippet against the
    English one). A rule with `every_page` also reads pages without code or Jobs API words,
    which the engine otherwise skips to stay fast.
    """

    code: str
    name: str
    severity: str
    doc: str
    messages: Mapping[str, Message]
    example_path: str = "guide/example.mdx"
    example_english: str | None = None
    snippets: str = "where-rendered"  # a snippet pages import is judged "where-rendered" or "on-their-own"
    every_page: bool = False  # reads prose: runs on pages the engine skips as having no code or Jobs API words
    check: Callable | None = field(default=None, compare=False)  # (page, ctx) -> findings; None for engine codes
    module: ModuleType | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if not _CODE.match(self.code):
            raise ValueError(f"{self.code!r} is not a lint code (JC and three digits)")
        if not _NAME.match(self.name):
            raise ValueError(f"{self.code}: rule name {self.name!r} is not kebab-case")
        severities = {self.severity, *(m.severity for m in self.messages.values() if m.severity)}
        if not severities <= set(SEVERITIES):
            raise ValueError(f"{self.code}: severities must be among {', '.join(SEVERITIES)}")
        if not self.messages:
            raise ValueError(f"{self.code}: declare at least one message")
        if self.snippets not in ("where-rendered", "on-their-own"):
            raise ValueError(f"{self.code}: snippets must be judged where-rendered or on-their-own")
        for key, message in self.messages.items():
            clash = set(message.arguments) & _RESERVED
            if clash:
                raise ValueError(f"{self.code} message {key!r}: argument names {sorted(clash)} are finding fields")
        object.__setattr__(self, "doc", textwrap.dedent(self.doc).strip())
        object.__setattr__(self, "messages", MappingProxyType(dict(self.messages)))

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def severities(self) -> tuple[str, ...]:
        """Every severity the code reports with, the default first."""
        found = [self.severity] + [m.severity for m in self.messages.values() if m.severity]
        return tuple(dict.fromkeys(found))

    def examples(self) -> dict[str, str]:
        """{"wrong": MDX text, "right": MDX text} from the doc's `Wrong:` / `Right:` sections."""
        found: dict[str, list[str]] = {}
        current = None
        for line in self.doc.split("\n"):
            heading = _EXAMPLE_HEADING.match(line)
            if heading:
                current = heading.group(1).lower()
                found[current] = []
            elif current is not None:
                if line.strip() and not line.startswith((" ", "\t")):
                    current = None  # prose after the example ends it
                else:
                    found[current].append(line)
        return {kind: textwrap.dedent("\n".join(lines)).strip("\n") + "\n" for kind, lines in found.items()}

    def finding(self, message: str, path: str, line: int, column: int, *, severity: str | None = None,
                profile: str | None = None, fix: Fix | None = None, end_line: int | None = None, **arguments) -> Finding:
        """A finding of this code saying the declared `message` with its named `arguments`."""
        declared = self.messages[message]
        level = severity or declared.severity or self.severity
        return Finding(path, line, column, self.code, declared.text(**arguments), level, self.name,
                       end_line=end_line, profile=profile, fix=fix)

    def bound(self, module: ModuleType) -> "Rule":
        """This declaration with the module that implements it (its `check`)."""
        return dataclasses.replace(self, messages=dict(self.messages), check=getattr(module, "check", None), module=module)


def messages(**declared) -> dict[str, Message]:
    """`messages(undefined="...", later=Message("...", "warning"))`: plain strings get the default severity."""
    return {key: value if isinstance(value, Message) else Message(value) for key, value in declared.items()}
