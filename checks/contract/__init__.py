"""The conformance runner: does a live Jobs API server honour its dialect's contract?

    from checks.contract import RunOptions, run_contract
    report = run_contract(RunOptions(base_url="http://127.0.0.1:8188", profile="comfyui", seed=1))
    report.exit_code, report.rows   # 0 conforming / 1 violations; one row per (check, operation)

Flow: spec -> Target (schemathesis schema + session) -> scripted scenarios and
schemathesis phases -> Outcomes -> RunReport -> console / JUnit / JSON.
Exports are lazy so `jobs-checks contract --list-checks` stays light.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "RunOptions": "checks.contract.runner",
    "RunReport": "checks.contract.runner",
    "RunError": "checks.contract.runner",
    "run_contract": "checks.contract.runner",
    "all_checks": "checks.contract.catalogue",
    "Masker": "checks.contract.masking",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'checks.contract' has no attribute {name!r}")
