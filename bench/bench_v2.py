"""Comfy API v2 contract numbers: run time against the native v2 reference server and against
comfy-api-proxy in front of the v1 reference server, and the v2 fault score.

    python bench/bench_v2.py            # native (3 runs) and proxy (3 runs, when installed)
    python bench/bench_v2.py --faults   # every v2 fault: caught? by the check it declares? which failed first?

Numbers, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _run(base_url: str, seed: int, keys: list[str], **options):
    from checks.contract.runner import RunOptions, run_contract

    started = time.perf_counter()
    report = run_contract(RunOptions(base_url=base_url, profile="v2", seed=seed, api_key=keys[0] if keys else None,
                                     other_api_key=keys[1] if len(keys) > 1 else None, **options))
    return report, time.perf_counter() - started


def native(seed: int, repeat: int) -> None:
    from checks.reference_server import running_server

    walls = []
    for number in range(repeat):
        with running_server("v2") as server:
            report, wall = _run(server.base_url, seed + number, list(server.api_keys))
        walls.append(wall)
        print(f"native  seed {seed + number}: {wall:5.2f} s, {report.requests} requests, "
              f"{report.count('passed')} passed, {report.count('failed')} failed, {report.count('skipped')} skipped")
    print(f"native  median {statistics.median(walls):.2f} s")


def proxy(seed: int, repeat: int) -> None:
    from checks.reference_server import running_server
    from tests.v2.conftest import proxy_command, running_proxy

    if proxy_command() is None:
        print("proxy   comfy-api-proxy is not installed; skipped")
        return
    walls = []
    for number in range(repeat):
        with running_server("comfyui") as backend, running_proxy(backend.base_url) as url:
            report, wall = _run(url, seed + number, [])
        walls.append(wall)
        failed = sorted({row.name for row in report.rows if row.status == "failed"})
        print(f"proxy   seed {seed + number}: {wall:5.2f} s, {report.requests} requests, "
              f"{report.count('passed')} passed, {report.count('failed')} failed (check x operation); failing checks: {', '.join(failed)}")
    print(f"proxy   median {statistics.median(walls):.2f} s")


def fault_score(seed: int) -> int:
    from checks.reference_server import running_server
    from checks.reference_server.v2.faults import all_v2_faults

    faults = all_v2_faults()
    caught = by_own_check = 0
    print(f"{'fault':32} {'detected':8} {'by its check':12} {'first check to fail':40} {'at s':>5} {'run s':>6}")
    for fault, found in faults.items():
        started = time.perf_counter()
        with running_server("v2", faults=[fault]) as server:
            report, _ = _run(server.base_url, seed, list(server.api_keys), job_timeout=10)
        wall = time.perf_counter() - started
        failed = sorted((row for row in report.rows if row.status == "failed"), key=lambda row: row.first_failure_at)
        own = found.caught_by in {row.name for row in failed}
        caught += bool(failed)
        by_own_check += own
        first = failed[0] if failed else None
        print(f"{fault:32} {'yes' if failed else 'no':8} {'yes' if own else 'NO':12} {first.name if first else '-':40} "
              f"{first.first_failure_at if first else 0:5.2f} {wall:6.2f}")
    print(f"v2 fault score: {caught}/{len(faults)} faults detected, "
          f"{by_own_check}/{len(faults)} by the check they declare")
    return 0 if by_own_check == len(faults) else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--faults", action="store_true", help="the v2 fault score instead of run times")
    args = parser.parse_args(argv)
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    if args.faults:
        return fault_score(args.seed)
    native(args.seed, args.repeat)
    proxy(args.seed, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
