"""Run the contract against a reference server started (and stopped) by the test itself."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def quiet_probe_errors():
    # aiohttp logs schemathesis' deliberate malformed probes (NUL byte in a header) with a traceback.
    logger = logging.getLogger("aiohttp.server")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


def contract_run(profile: str, *, faults=(), version=None, seed: int = 1, time_scale: float = 1.0, **options):
    """A full run of `run_contract` against a fresh reference server on loopback."""
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server

    with running_server(profile, faults=faults, version=version, time_scale=time_scale) as server:
        keys = list(server.api_keys)
        return run_contract(RunOptions(
            base_url=server.base_url, profile=profile, seed=seed,
            api_key=keys[0] if keys else None, other_api_key=keys[1] if len(keys) > 1 else None, **options,
        ))


def failed_checks(report) -> set[str]:
    return {row.name for row in report.rows if row.status == "failed"}
