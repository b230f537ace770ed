"""Running one rule over a fixture page or a page written in a test."""

from __future__ import annotations

from pathlib import Path

from checks.docs.config import Config
from checks.docs.context import LintContext
from checks.docs.extract import extract_page
from tests.docs.expectations import as_set, expected_findings


def lint(path: Path, rule, config: Config | None = None):
    """(page, findings of `rule`) for the page at `path`; a page the extractor cannot read fails the test."""
    page = extract_page(str(path), root=path.parent, config=config)
    assert not [p for p in page.problems if p.severity == "error"], page.problems
    return page, list(rule.check(page, LintContext.for_page(page, config)))


def lint_text(tmp_path: Path, text: str, rule, name: str = "page.mdx"):
    (tmp_path / "docs.json").write_text("{}", encoding="utf-8")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint(path, rule)[1]


def check_fixture(path: Path, rule, code: str):
    """The findings equal the page's markers; a fixed twin is silent and a defect page is not."""
    page, findings = lint(path, rule)
    assert as_set(findings) == expected_findings(page, code)
    if path.name.startswith("fixed_"):
        assert findings == []
    else:
        assert findings, "a defect page must have findings"
    assert all(f.code == code and f.rule == rule.RULE.name for f in findings)
    return findings
