"""Hypothesis-made hostile pages through the extractor and every rule: not one exception.

`make reliability` runs the same property over many more examples and prints the count.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings

from checks.docs.config import Config
from checks.docs.engine import PageLoader, lint_page
from checks.docs.extract import extract_page
from tests.reliability.mdx_strategies import hostile_page

EXAMPLES = int(os.environ.get("JOBS_CHECKS_FUZZ_EXAMPLES") or 150)
PATHS = ("docs/development/cloud/page.mdx", "docs/development/comfyui-server/page.mdx", "docs/zh/page.mdx",
         "docs/snippets/cloud/part.mdx", "docs/page.mdx")


def lint_text(text: str, path: str) -> list:
    """Every finding of `text` as the page at `path`: extraction, all rules, suppressions. Raises on any bug."""
    config = Config(root=None)
    loader = PageLoader(config)
    return lint_page(loader.extract(path, text), config, loader)


@settings(max_examples=EXAMPLES, suppress_health_check=list(HealthCheck), deadline=None)
@given(text=hostile_page())
def test_no_hostile_page_makes_the_extractor_or_a_rule_raise(text):
    for path in PATHS[:2]:
        page = extract_page(path, text, config=Config())
        assert all(1 <= block.line for block in page.blocks)
        for finding in lint_text(text, path):
            assert finding.line >= 1 and finding.column >= 1 and finding.code.startswith("JC")
