"""Time a default `jobs-checks contract` run against the reference server (numbers, not a test).

    python bench/bench_contract.py [--profile comfyui|cloud|both] [--seed 1] [--repeat 3] [--max-examples N]
    python bench/bench_contract.py --faults [--profile ...]     # mutation score: each fault caught by the check it names
    python bench/bench_contract.py --base-url http://127.0.0.1:8188 --profile comfyui --seeds 1-5   # a live server

The server runs in a child process (so client and server do not share a GIL) with a
timing middleware in front of its handlers; the report shows client requests/s, wall
time, and the server's own time per request, so it is visible who is the bottleneck.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The child: a reference server whose every request is timed; prints its URL and keys,
# serves until stdin closes, then prints the per-request durations as JSON.
SERVER_CHILD = r"""
import asyncio, json, sys, threading, time
from aiohttp import web
from checks.reference_server.app import build_app
from checks.reference_server.runner import make_server, start_site

durations = []

@web.middleware
async def timed(request, handler):
    started = time.perf_counter()
    try:
        return await handler(request)
    finally:
        durations.append(time.perf_counter() - started)

async def main():
    server = make_server(sys.argv[1], faults=[f for f in sys.argv[2].split(",") if f])
    app = build_app(server)
    app.middlewares.insert(0, timed)
    runner, url = await start_site(server, "127.0.0.1", 0, app=app)
    print(json.dumps({"base_url": url, "api_keys": list(server.api_keys)}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    threading.Thread(target=lambda: (sys.stdin.read(), loop.call_soon_threadsafe(stop.set)), daemon=True).start()
    await stop.wait()
    await runner.cleanup()
    print(json.dumps(durations), flush=True)

asyncio.run(main())
"""


def timed_server(profile: str, faults=()):
    child = subprocess.Popen([sys.executable, "-c", SERVER_CHILD, profile, ",".join(faults)], cwd=REPO,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    info = json.loads(child.stdout.readline())
    return child, info


def stop_server(child) -> list[float]:
    child.stdin.close()
    durations = json.loads(child.stdout.readline() or "[]")
    child.wait(timeout=30)
    return durations


def one_run(profile: str, seed: int, max_examples: int | None) -> dict:
    from checks.contract.runner import RunOptions, run_contract

    child, info = timed_server(profile)
    keys = info["api_keys"]
    options = RunOptions(base_url=info["base_url"], profile=profile, seed=seed,
                         api_key=keys[0] if keys else None, other_api_key=keys[1] if len(keys) > 1 else None)
    if max_examples:
        options.max_examples = max_examples
    try:
        started = time.perf_counter()
        report = run_contract(options)
        wall = time.perf_counter() - started
    finally:
        durations = stop_server(child)
    server_total = sum(durations)
    return {
        "profile": profile, "wall_s": wall, "requests": report.requests, "requests_per_s": report.requests / wall,
        "server_requests": len(durations), "server_ms_per_request": 1000 * server_total / max(len(durations), 1),
        "server_p95_ms": 1000 * (statistics.quantiles(durations, n=20)[-1] if len(durations) >= 20 else max(durations, default=0)),
        "server_busy_share": server_total / wall, "failed": report.count("failed"),
    }


def bench(profiles, seed: int, repeat: int, max_examples: int | None) -> None:
    print(f"{'profile':8} {'wall s':>7} {'requests':>8} {'req/s':>7} {'server ms/req':>13} {'p95 ms':>7} {'server busy':>11} failed")
    for profile in profiles:
        runs = [one_run(profile, seed + number, max_examples) for number in range(repeat)]
        for run in runs:
            print(f"{run['profile']:8} {run['wall_s']:7.2f} {run['requests']:8d} {run['requests_per_s']:7.1f} "
                  f"{run['server_ms_per_request']:13.2f} {run['server_p95_ms']:7.2f} {run['server_busy_share']:10.0%} {run['failed']:6d}")
        print(f"{profile:8} median: {statistics.median(r['wall_s'] for r in runs):.2f} s wall, "
              f"{statistics.median(r['requests_per_s'] for r in runs):.1f} req/s, "
              f"server {statistics.median(r['server_ms_per_request'] for r in runs):.2f} ms/request "
              f"({statistics.median(r['server_busy_share'] for r in runs):.0%} of the wall time)")


def mutation_score(profiles, seed: int) -> int:
    """Run the default budget against each fault; print whether the check it names caught it, and when."""
    from checks.contract.catalogue import all_checks
    from checks.contract.runner import RunOptions, run_contract
    from checks.reference_server import running_server
    from checks.reference_server.faults import all_faults

    checks = all_checks()
    caught = total = 0
    print(f"{'profile':8} {'fault':30} {'caught':6} {'by (the check it names)':34} {'first to fail':34} {'at s':>5} "
          f"{'run s':>6}")
    for profile in profiles:
        for fault in all_faults().values():
            if fault.profile not in (None, profile):
                continue  # bends something only the other dialect has
            started = time.perf_counter()
            with running_server(profile, faults=[fault.name], version=fault.version) as server:
                keys = list(server.api_keys)
                report = run_contract(RunOptions(base_url=server.base_url, profile=profile, seed=seed,
                                                 api_key=keys[0] if keys else None,
                                                 other_api_key=keys[1] if len(keys) > 1 else None))
            wall = time.perf_counter() - started
            failed = sorted((row for row in report.rows if row.status == "failed"), key=lambda row: row.first_failure_at)
            is_defect = fault.caught_by in checks and checks[fault.caught_by].defect
            found = ({defect.check for defect in report.defects} if is_defect else {row.name for row in failed})
            total += 1
            caught += fault.caught_by in found
            first = failed[0] if failed else None
            print(f"{profile:8} {fault.name:30} {'yes' if fault.caught_by in found else 'NO':6} {fault.caught_by:34} "
                  f"{(first.name if first else ('(defect)' if is_defect else '-')):34} "
                  f"{first.first_failure_at if first else 0:5.2f} {wall:6.2f}")
    print(f"mutation score: {caught}/{total} faults caught by the check they name")
    return 0 if caught == total else 1


def live(base_url: str, profile: str, seeds: list[int], api_key: str | None) -> int:
    """A run per seed against a live server (a real ComfyUI, say): verdict, counts, requests, time."""
    from checks.contract.runner import RunOptions, run_contract

    print(f"{'seed':>4} {'verdict':16} {'passed':>6} {'failed':>6} {'skipped':>7} {'defects':>7} {'requests':>8} {'wall s':>7}")
    bad = 0
    for seed in seeds:
        started = time.perf_counter()
        report = run_contract(RunOptions(base_url=base_url, profile=profile, seed=seed, api_key=api_key, job_timeout=180))
        wall = time.perf_counter() - started
        summary = report.summary
        bad += not report.conforming
        print(f"{seed:4d} {'CONFORMING' if report.conforming else 'VIOLATIONS FOUND':16} {summary['passed']:6d} "
              f"{summary['failed']:6d} {summary['skipped']:7d} {summary['defects']:7d} {summary['requests']:8d} {wall:7.2f}"
              f"   (server {report.version})")
    return 1 if bad else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profile", choices=("comfyui", "cloud", "both"), default="both")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-examples", type=int, help="override the default budget")
    parser.add_argument("--faults", action="store_true", help="mutation score instead of throughput")
    parser.add_argument("--base-url", help="time runs against this live server instead (e.g. a real ComfyUI)")
    parser.add_argument("--seeds", default="1-5", help="with --base-url: seeds to run, like 1-5 or 1,3")
    parser.add_argument("--api-key-env", default="COMFY_API_KEY", help="with --base-url and a keyed profile")
    args = parser.parse_args(argv)
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    profiles = ("comfyui", "cloud") if args.profile == "both" else (args.profile,)
    if args.base_url:
        import os

        first, _, last = args.seeds.partition("-")
        seeds = list(range(int(first), int(last) + 1)) if last else [int(part) for part in args.seeds.split(",")]
        return live(args.base_url, profiles[0], seeds, os.environ.get(args.api_key_env))
    if args.faults:
        return mutation_score(profiles, args.seed)
    bench(profiles, args.seed, args.repeat, args.max_examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
