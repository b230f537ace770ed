"""The canonical Jobs API spec: load a profile and ask it for facts.

Every other part of the suite gets enums, units, status codes and routes from here,
never from lists of its own.
"""

from checks.apispec.loader import ALL_PROFILES, LINT_PROFILES, PROFILES, SpecError, resolved_document, spec_dir
from checks.apispec.facts import Operation, Spec, spec_for

__all__ = ["ALL_PROFILES", "LINT_PROFILES", "PROFILES", "Operation", "Spec", "SpecError", "resolved_document", "spec_dir", "spec_for"]
