"""Docs coverage: which parts of each profile's contract the docs pages of that profile mention.

    from checks.coverage import measure
    report = measure(["docs/"])                 # CoverageReport
    for profile in report.profiles:             # ProfileCoverage
        profile.percent, profile.scoped_percent, [r.item.key for r in profile.missing]
"""

from checks.coverage.contract import KINDS, Item, contract_items
from checks.coverage.measure import CoverageReport, ProfileCoverage, Result, Where, measure, measure_pages, profile_coverage

__all__ = [
    "KINDS", "CoverageReport", "Item", "ProfileCoverage", "Result", "Where", "contract_items", "measure",
    "measure_pages", "profile_coverage",
]
