"""Deterministic scenarios: fixed sequences of requests, driven by the spec.

Random fuzzing misses boundaries such as `offset + limit == total` and never owns a
job; these scenarios walk pages, submit and cancel their own jobs and send the
known-bad values, then hand what they saw to the named checks.
"""

from checks.contract.scenarios.base import ScenarioRun, Skip

__all__ = ["ScenarioRun", "Skip"]
