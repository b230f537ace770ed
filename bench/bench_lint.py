"""Time a cold `jobs-checks lint` over a large generated docs tree (numbers, not a test).

    python bench/bench_lint.py [--pages 5000] [--seed 1] [--tmp] [--repeat 3] [--jobs N]
    python bench/bench_lint.py --extract-only

The tree is generated once into bench/out/docs-PAGES-SEED/ and reused (or into a
temporary folder with --tmp). Each run is a fresh child process, so imports count;
peak RSS is the largest single process in that child's tree (getrusage of children).
Targets: 5,000 pages <= 3 s wall on 2 cores, peak RSS <= 200 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
STAMP = ".generated"

# Runs in the child for --extract-only: discovery + extraction, no rules.
EXTRACT_ONLY = """
import json, sys
from checks.docs.config import Config
from checks.docs.discover import discover
from checks.docs.extract import extract_page, worth_parsing
files = discover([sys.argv[1]], Config())
blocks = parsed = problems = 0
for path in files:
    page = extract_page(path)
    blocks += len(page.blocks)
    problems += len(page.problems)
    parsed += worth_parsing(page.text)
print(json.dumps({"files": len(files), "blocks": blocks, "fully_parsed": parsed, "problems": problems}))
"""


def tree_for(pages: int, seed: int, temporary: bool) -> Path:
    """A generated tree of `pages` pages, reusing bench/out/ when it is already there."""
    sys.path.insert(0, str(HERE))
    from gen_docs_tree import generate

    if temporary:
        out = Path(tempfile.mkdtemp(prefix="jobs-checks-bench-")) / "docs"
    else:
        out = HERE / "out" / f"docs-{pages}-{seed}"
        if (out / STAMP).is_file():
            return out
    started = time.perf_counter()
    stats = generate(str(out), pages, seed)
    (out / STAMP).write_text(json.dumps(stats), encoding="utf-8")
    print(f"generated {stats['pages']} pages, {stats['bytes'] / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s: {out}")
    return out


def run_child(command: list[str]) -> tuple[float, float, float, str]:
    """(wall seconds, CPU seconds, peak RSS MB of the child's process tree, stdout) of one cold run.

    CPU time is reported too because wall time on a busy machine says little.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(command[:4])} ... exited {result.returncode}:\n{result.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024, result.stdout  # ru_maxrss is in kB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tmp", action="store_true", help="generate into a temporary folder instead of bench/out/")
    parser.add_argument("--repeat", type=int, default=3, help="cold runs to time (default 3)")
    parser.add_argument("--jobs", "-j", type=int, help="passed to `lint --jobs`")
    parser.add_argument("--extract-only", action="store_true", help="time discovery + extraction only, no rules")
    args = parser.parse_args(argv)
    if args.pages < 1 or args.repeat < 1:
        parser.error("--pages and --repeat must be at least 1")

    tree = tree_for(args.pages, args.seed, args.tmp)
    if args.extract_only:
        command = [sys.executable, "-c", EXTRACT_ONLY, str(tree)]
        label = "extract-only"
    else:
        command = [sys.executable, "-m", "checks", "lint", "--no-cache", "--format", "json", "--exit-zero", str(tree)]
        if args.jobs:
            command += ["--jobs", str(args.jobs)]
        label = "lint"
    walls, cpus = [], []
    peak = 0.0
    summary = ""
    for _ in range(args.repeat):
        wall, cpu, peak, stdout = run_child(command)
        walls.append(wall)
        cpus.append(cpu)
        summary = describe(stdout, args.extract_only)
    files = sum(1 for _ in tree.rglob("*.md*"))
    best, median = min(walls), statistics.median(walls)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{label}: {files} files on {os.cpu_count()} CPUs (load {load:.1f}); wall best {best:.2f} s, "
          f"median {median:.2f} s ({files / best:,.0f} files/s); CPU best {min(cpus):.2f} s; "
          f"peak RSS {peak:.0f} MB; {summary}")
    return 0


def describe(stdout: str, extract_only: bool) -> str:
    """A short summary of what the child found, so a broken run is not mistaken for a fast one."""
    try:
        data = json.loads(stdout)
    except ValueError:
        return "output was not JSON"
    if extract_only:
        return f"{data['blocks']} blocks, {data['fully_parsed']} pages fully parsed, {data['problems']} problems"
    findings = data.get("findings", data) if isinstance(data, dict) else data
    return f"{len(findings)} findings" if isinstance(findings, list) else "report parsed"


if __name__ == "__main__":
    sys.exit(main())
