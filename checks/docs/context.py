"""What a rule may know beyond its page: the spec(s) to judge by, config, and other pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from checks.docs.config import Config
from checks.docs.page import Page
from checks.apispec import PROFILES, Spec, spec_for


@dataclass
class LintContext:
    """Built by the engine once per page.

    `specs` holds the page profile's Spec, or every profile's when the page has none
    (a value is then wrong only if no dialect accepts it).
    """

    specs: list[Spec]
    config: Config = field(default_factory=Config)
    load_page: Callable[[str], Page | None] = lambda path: None  # extract another page on demand

    @classmethod
    def for_page(cls, page: Page, config: Config | None = None, load_page=None) -> "LintContext":
        names = [page.profile] if page.profile else list(PROFILES)
        return cls([spec_for(name) for name in names], config or Config(), load_page or (lambda path: None))

    @property
    def union(self) -> bool:
        return len(self.specs) > 1

    @property
    def profile(self) -> str | None:
        return None if self.union else self.specs[0].profile

    def english_page(self, page: Page) -> Page | None:
        return self.load_page(page.mirror_of) if page.mirror_of else None
