"""Time the pre-merge gate on the benchmark tree: cold, warm (cached) and a 10-page change.

    python bench/bench_gate.py [--pages 5000] [--seed 1] [--repeat 3] [--changed 10]

The tree is bench_lint.py's (bench/out/docs-PAGES-SEED/), copied into a temporary git
repository so `--changed-since` has history; every run is a fresh child process. Numbers,
not a test. Target: a warm re-run of the whole tree <= 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_lint import tree_for  # noqa: E402

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "core.autocrlf=false"]
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def lint(args: list[str], cwd: Path) -> tuple[float, dict]:
    """(wall seconds, JSON report) of one `jobs-checks lint --format json` child process."""
    command = [sys.executable, "-m", "checks", "lint", "--format", "json", "--exit-zero", *args]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, **GIT_ENV})
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"bench: lint {' '.join(args)} exited {result.returncode}:\n{result.stderr[-2000:]}")
    return wall, json.loads(result.stdout)


def timed(label: str, args: list[str], cwd: Path, repeat: int, before=None) -> dict:
    """Best and median wall of `repeat` runs (`before` runs ahead of each, untimed)."""
    walls, report = [], {}
    for _ in range(repeat):
        if before:
            before()
        wall, report = lint(args, cwd)
        walls.append(wall)
    summary = report["summary"]
    print(f"{label:<48} best {min(walls):6.2f} s  median {statistics.median(walls):6.2f} s  "
          f"({summary['files']} files, {summary['findings']} findings)")
    return {"best": min(walls), "median": statistics.median(walls), "files": summary["files"]}


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changed", type=int, default=10, help="pages edited for the change timings")
    args = parser.parse_args(argv)

    source = tree_for(args.pages, args.seed, temporary=False)
    work = Path(tempfile.mkdtemp(prefix="jobs-checks-gate-bench-"))
    try:
        tree = work / "docs"
        shutil.copytree(source, tree, ignore=shutil.ignore_patterns(".generated"))
        git(tree, "init", "-q", "-b", "main")
        git(tree, "add", "-A")
        git(tree, "commit", "-q", "-m", "base")
        cache = work / "cache"
        pages = sorted(str(p.relative_to(tree)) for p in tree.rglob("*.md*"))
        edited = random.Random(args.seed).sample(pages, args.changed)
        print(f"tree: {len(pages)} files, {os.cpu_count()} CPUs; edited: {', '.join(edited[:3])}, ...")

        whole = [str(tree)]
        results = {
            "cold, no cache": timed("cold, no cache", ["--no-cache", *whole], work, args.repeat),
            "cold, filling the cache": timed("cold, filling the cache", ["--cache-dir", str(cache), *whole], work,
                                             args.repeat, before=lambda: shutil.rmtree(cache, ignore_errors=True)),
            "warm, whole tree": timed("warm, whole tree (all cached)", ["--cache-dir", str(cache), *whole], work, args.repeat),
        }

        def edit() -> None:
            """A fresh edit of the same pages each time, so the cache misses exactly them."""
            stamp = time.perf_counter_ns()
            for relative in edited:
                with open(tree / relative, "a", encoding="utf-8") as handle:
                    handle.write(f"\nAn edit made at {stamp}.\n")

        changed = ["--changed-since", "main", *whole]
        results[f"{args.changed}-page change, whole tree, warm cache"] = timed(
            f"{args.changed}-page change, whole tree, warm cache", ["--cache-dir", str(cache), *whole], work, args.repeat, before=edit)
        results[f"{args.changed}-page change, --changed-since, no cache"] = timed(
            f"{args.changed}-page change, --changed-since, no cache", ["--no-cache", *changed], work, args.repeat)
        results[f"{args.changed}-page change, --changed-since, warm cache"] = timed(
            f"{args.changed}-page change, --changed-since, warm cache", ["--cache-dir", str(cache), *changed], work, args.repeat,
            before=edit)
        warm = results["warm, whole tree"]["best"]
        print(f"warm re-run target <= 0.5 s: {'met' if warm <= 0.5 else 'MISSED'} ({warm:.2f} s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
