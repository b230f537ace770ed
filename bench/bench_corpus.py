"""Time `jobs-checks lint` on the real docs corpus, beside markdownlint-cli2 (numbers, not a test).

    python bench/bench_corpus.py [--shared ../shared] [--repeat 5] [--changed 10] [--expect DUMP]
                                 [--no-markdownlint] [--markdownlint-repeat 1] [--json FILE]

The corpus (`../shared/corpus/*.tar.gz`) is unpacked into a temporary folder and linted from
its root by fresh child processes, as a user would run it (bytecode compiled, files in the
page cache: one untimed run first). Measured, each with the 1-minute load average beside it
(other programs share the CPUs; every wall time is the median of `--repeat` runs):

- cold: `lint . --no-cache`, with CPU seconds per stage (discover, read, parse, rules, report;
  summed over worker processes) from JOBS_CHECKS_TIMINGS;
- the same without the pre-scan (`--no-shortcut`): its findings must be identical;
- peak memory of one cold run: the largest process, and the whole process tree sampled from
  /proc (PSS, so memory the workers share with their parent counts once);
- warm: the same tree again with a filled result cache;
- changed files: `--changed` pages (code pages, English and translations) edited in a temporary
  git repository of the tree, linted with `--changed-since main` (no cache, and a warm cache);
- markdownlint-cli2 on the same tree (every .md/.mdx file), installed from the npm registry into
  bench/out/ when node and npm are on PATH (skipped with a note otherwise), and the ratio, taken
  against cold runs of jobs-checks right before and after it (the machine's speed drifts).

`--expect DUMP` compares the findings with a `bench/corpus.py --dump` file (e.g. made on main).
`--against REV` times the cold run of another revision too, its runs alternating with this
checkout's: a shared machine's speed drifts by a third within an hour, so only runs side by
side tell whether a change made jobs-checks faster.
Without the shared folder the script says so and exits 0. Targets (issue 14): cold <= 2 s,
warm <= 0.3 s, changed <= 0.5 s, peak <= 150 MB, >= 15x faster than markdownlint-cli2.
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
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from corpus import DEFAULT_SHARED, corpus_archives, unpack  # noqa: E402

MARKDOWNLINT = "markdownlint-cli2"
MARKDOWNLINT_VERSION = "0.22.0"  # the newest release that runs on Node 20 (0.23 needs Node 22)
GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "core.autocrlf=false"]
TARGETS = {"cold": 2.0, "warm": 0.3, "changed": 0.5, "peak": 150.0, "ratio": 15.0}


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def child_env(timings: Path | None = None, code: Path = REPO) -> dict:
    """The environment of a measured run: this checkout (or `code`) importable, bytecode cached as in an install."""
    env = {**os.environ, "PYTHONPATH": str(code) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("JOBS_CHECKS_TIMINGS", None)
    if timings is not None:
        env["JOBS_CHECKS_TIMINGS"] = str(timings)
    return env


def run(command: list[str], cwd: Path, env: dict, sample_memory: bool = False) -> dict:
    """One child process: wall and CPU seconds, its exit code, stdout, and (sampled) peak memory."""
    before = load()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _MemorySampler(process.pid) if sample_memory else None
    if sampler:
        sampler.start()
    out_chunks: list[str] = []
    reader = threading.Thread(target=lambda: out_chunks.append(process.stdout.read()))
    reader.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    reader.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if sampler:
        sampler.stop()
    result = {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "exit": process.returncode, "stdout": "".join(out_chunks),
              "stderr": stderr, "load": before, "largest_mb": usage.ru_maxrss / 1024}
    if sampler:
        result["tree_pss_mb"] = sampler.peak_pss / 1024
        result["tree_rss_mb"] = sampler.peak_rss / 1024
    return result


class _MemorySampler(threading.Thread):
    """Peak total PSS and RSS (kB) of a process and its descendants, read from /proc every 20 ms."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.root, self.peak_pss, self.peak_rss = pid, 0, 0
        self._done = threading.Event()

    def _tree(self) -> list[int]:
        parents = {}
        for name in os.listdir("/proc"):
            if name.isdigit():
                try:
                    with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as handle:
                        parents[int(name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
        tree, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += [child for child, parent in parents.items() if parent == pid]
        return tree

    def run(self) -> None:
        tree, rounds = [self.root], 0
        while not self._done.wait(0.02):
            if rounds % 5 == 0:
                tree = self._tree()
            rounds += 1
            pss = rss = 0
            for pid in tree:
                try:
                    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
                        for line in handle:
                            if line.startswith("Pss:"):
                                pss += int(line.split()[1])
                            elif line.startswith("Rss:"):
                                rss += int(line.split()[1])
                except OSError:
                    continue
            self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)

    def stop(self) -> None:
        self._done.set()
        self.join()


def lint_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "checks", "lint", "--format", "json", "--exit-zero", *arguments]


def findings_of(result: dict) -> list[tuple]:
    try:
        report = json.loads(result["stdout"])
    except ValueError:
        sys.exit(f"bench: lint printed no JSON (exit {result['exit']}):\n{result['stderr'][-2000:]}")
    return sorted((f["path"], f["line"], f["column"], f["code"], f["severity"], f["message"]) for f in report["findings"])


def timed(label: str, command: list[str], cwd: Path, repeat: int, before=None, timings: bool = False) -> dict:
    """Median wall of `repeat` runs (`before` runs ahead of each, untimed), with loads, CPU and stage seconds."""
    runs = []
    for _ in range(repeat):
        if before:
            before()
        stage_file = Path(tempfile.mkstemp(prefix="jobs-checks-timings-")[1]) if timings else None
        result = run(command, cwd, child_env(stage_file))
        if result["exit"] not in (0, 1):
            sys.exit(f"bench: {label} exited {result['exit']}:\n{result['stderr'][-2000:]}")
        if stage_file:
            try:
                result["stages"] = json.loads(stage_file.read_text(encoding="utf-8") or "{}")
            finally:
                stage_file.unlink(missing_ok=True)
        runs.append(result)
    walls = [r["wall"] for r in runs]
    summary = {
        "label": label, "median": statistics.median(walls), "best": min(walls), "walls": walls,
        "cpu": statistics.median(r["cpu"] for r in runs), "loads": [r["load"] for r in runs],
        "findings": findings_of(runs[-1]), "stderr": runs[-1]["stderr"],
    }
    if timings:
        names = sorted({name for r in runs for name in r.get("stages", {}).get("seconds", {})})
        summary["stages"] = {name: statistics.median(r["stages"]["seconds"].get(name, 0.0) for r in runs) for name in names}
    loads = ", ".join(f"{value:.1f}" for value in summary["loads"])
    print(f"  {label:<44} median {summary['median']:6.2f} s  best {summary['best']:6.2f} s  CPU {summary['cpu']:5.2f} s  "
          f"(load {loads})", flush=True)
    return summary


# -- markdownlint-cli2 --------------------------------------------------------------------------


def markdownlint(version: str) -> list[str] | None:
    """The command running markdownlint-cli2 VERSION, installed into bench/out/ from the npm registry if needed."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        print(f"  {MARKDOWNLINT}: skipped: node and npm are needed (found node={node}, npm={npm})")
        return None
    prefix = HERE / "out" / f"{MARKDOWNLINT}-{version}"
    entry = prefix / "node_modules" / MARKDOWNLINT / "markdownlint-cli2-bin.mjs"
    if not entry.is_file():
        prefix.mkdir(parents=True, exist_ok=True)
        print(f"  installing {MARKDOWNLINT}@{version} into {prefix.relative_to(REPO)} (npm registry) ...", flush=True)
        installed = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(prefix),
                                    f"{MARKDOWNLINT}@{version}"], capture_output=True, text=True)
        if installed.returncode != 0 or not entry.is_file():
            print(f"  {MARKDOWNLINT}: skipped: npm install failed: {installed.stderr.strip().splitlines()[-1:]}")
            return None
    return [node, str(entry), "**/*.md", "**/*.mdx", "#node_modules"]


def time_markdownlint(command: list[str], root: Path, repeat: int) -> dict | None:
    walls, cpus, loads, problems = [], [], [], 0
    for _ in range(repeat):
        result = run(command, root, child_env())
        if result["exit"] not in (0, 1):
            print(f"  {MARKDOWNLINT}: failed (exit {result['exit']}): {result['stderr'][-300:]}")
            return None
        walls.append(result["wall"])
        cpus.append(result["cpu"])
        loads.append(result["load"])
        summary = [line for line in (result["stdout"] + result["stderr"]).splitlines() if line.startswith(("Summary:", "Linting:"))]
        problems = " / ".join(summary)
    median = statistics.median(walls)
    print(f"  {MARKDOWNLINT + ' ' + MARKDOWNLINT_VERSION:<44} median {median:6.2f} s  best {min(walls):6.2f} s  "
          f"CPU {statistics.median(cpus):5.2f} s  (load {', '.join(f'{v:.1f}' for v in loads)}); {problems}", flush=True)
    return {"median": median, "best": min(walls), "cpu": statistics.median(cpus), "loads": loads, "summary": problems}


# -- changed files ------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True, env=child_env())


def pages_to_edit(root: Path, count: int, seed: int) -> list[str]:
    """`count` published pages with code, about half of them translations, chosen with `seed`."""
    from checks.docs.config import config_for
    from checks.docs.discover import discover

    previous = os.getcwd()
    os.chdir(root)
    try:
        files = [os.path.normpath(path) for path in discover(["."], config_for(["."]), published_only=True)]
    finally:
        os.chdir(previous)
    with_code = [path for path in files if "```" in (root / path).read_text(encoding="utf-8", errors="replace")]
    mirrors = [path for path in with_code if path.split("/")[0] in ("zh", "ja", "ko")]
    english = [path for path in with_code if path not in set(mirrors)]
    rng = random.Random(seed)
    chosen = rng.sample(english, min(len(english), count - count // 2)) + rng.sample(mirrors, min(len(mirrors), count // 2))
    return sorted(chosen)


def changed_runs(root: Path, args) -> list[dict]:
    """The changed-files timings, in a git repository holding a copy of the tree."""
    work = Path(tempfile.mkdtemp(prefix="jobs-checks-corpus-git-"))
    try:
        tree = work / "docs"
        shutil.copytree(root, tree)
        git(tree, "init", "-q", "-b", "main")
        git(tree, "add", "-A")
        git(tree, "commit", "-q", "-m", "base")
        edited = pages_to_edit(tree, args.changed, args.seed)
        cache = work / "cache"

        def edit() -> None:
            """A fresh edit of the same pages each time (a sentence added), so a cache misses exactly them."""
            stamp = time.perf_counter_ns()
            for relative in edited:
                with open(tree / relative, "a", encoding="utf-8") as handle:
                    handle.write(f"\nAn edit made at {stamp}.\n")

        edit()
        changed = ["--changed-since", "main", "."]
        cold = timed(f"{len(edited)} pages changed, --changed-since, no cache", lint_command("--no-cache", *changed), tree,
                     args.repeat, before=edit)
        linted = cold["stderr"].strip().splitlines()[-1] if cold["stderr"].strip() else ""
        print(f"    edited: {', '.join(edited[:4])}, ... ({linted})")
        subprocess.run(lint_command("--cache-dir", str(cache), "."), cwd=tree, env=child_env(), capture_output=True)
        warm = timed(f"{len(edited)} pages changed, --changed-since, warm cache", lint_command("--cache-dir", str(cache), *changed),
                     tree, args.repeat, before=edit)
        return [cold, warm]
    finally:
        shutil.rmtree(work, ignore_errors=True)


# -- the whole benchmark ------------------------------------------------------------------------


def expected_findings(dump: Path) -> list[tuple]:
    return sorted((f["path"], f["line"], f["column"], f["code"], f["severity"], f["message"])
                  for f in json.loads(dump.read_text(encoding="utf-8")))


def verdict(name: str, value: float, target: float, higher_is_better: bool = False) -> str:
    met = value >= target if higher_is_better else value <= target
    return f"{name}: {'met' if met else 'MISSED'} ({value:.2f} {'>=' if higher_is_better else '<='} {target:g})"


def export_revision(revision: str, into: Path) -> Path:
    """The tree of `revision` of this checkout, unpacked into `into` (its code is what a run imports)."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=REPO, capture_output=True)
    if archive.returncode != 0:
        sys.exit(f"bench: --against {revision}: {archive.stderr.decode(errors='replace').strip()}")
    import io
    import tarfile

    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        try:
            tar.extractall(into, filter="data")
        except TypeError:  # Python before 3.11.4 has no filters; the archive is this repository's own
            tar.extractall(into)
    return into


def side_by_side(root: Path, args) -> dict:
    """Cold runs of this checkout and of `--against REV`, alternating, `--repeat` each."""
    other = Path(tempfile.mkdtemp(prefix="jobs-checks-against-"))
    try:
        code = export_revision(args.against, other)
        command = lint_command("--no-cache", ".")
        subprocess.run(command, cwd=root, env=child_env(code=code), capture_output=True)  # its bytecode
        here, there = [], []
        for _ in range(args.repeat):
            here.append(run(command, root, child_env()))
            there.append(run(command, root, child_env(code=code)))
        if findings_of(here[-1]) != findings_of(there[-1]):
            print(f"    note: {args.against} finds something else ({len(findings_of(there[-1]))} findings, "
                  f"this checkout {len(findings_of(here[-1]))})")
    finally:
        shutil.rmtree(other, ignore_errors=True)
    numbers = {}
    for name, runs in (("checkout", here), (args.against, there)):
        numbers[name] = {"median": statistics.median(r["wall"] for r in runs), "best": min(r["wall"] for r in runs),
                         "cpu": statistics.median(r["cpu"] for r in runs)}
    mine, theirs = numbers["checkout"], numbers[args.against]
    print(f"  side by side, cold, alternating runs:  this checkout median {mine['median']:.2f} s (best {mine['best']:.2f}, "
          f"CPU {mine['cpu']:.2f}); {args.against} median {theirs['median']:.2f} s (best {theirs['best']:.2f}, "
          f"CPU {theirs['cpu']:.2f}): {theirs['median'] / mine['median']:.2f}x", flush=True)
    return numbers


def bench(root: Path, args) -> dict:
    files = sum(1 for p in root.rglob("*") if p.suffix in (".md", ".mdx") and "node_modules" not in p.parts)
    print(f"tree: {files} .md/.mdx files, {os.cpu_count()} CPUs, load {load():.1f}", flush=True)
    subprocess.run(lint_command("--no-cache", "."), cwd=root, env=child_env(), capture_output=True)  # bytecode, page cache
    results: dict = {"files": files, "cpus": os.cpu_count()}

    cold = timed("cold (lint . --no-cache)", lint_command("--no-cache", "."), root, args.repeat, timings=True)
    results["cold"] = cold
    stages = cold["stages"]
    print("    CPU seconds per stage (summed over workers): "
          + ", ".join(f"{name} {value:.2f}" for name, value in sorted(stages.items(), key=lambda item: -item[1]) if value >= 0.005))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "checks", "--version"], cwd=root, env=child_env(), capture_output=True)
    results["startup"] = time.perf_counter() - started
    print(f"    start-up (`jobs-checks --version`): {results['startup']:.2f} s")

    full = timed("without the pre-scan (--no-shortcut)", lint_command("--no-cache", "--no-shortcut", "."), root, 1)
    results["same_without_shortcut"] = full["findings"] == cold["findings"]
    print(f"    findings with and without the pre-scan: {'identical' if results['same_without_shortcut'] else 'DIFFERENT'} "
          f"({len(cold['findings'])} / {len(full['findings'])})")
    if args.against:
        results["against"] = side_by_side(root, args)
    if args.expect:
        results["same_as_expected"] = cold["findings"] == expected_findings(args.expect)
        print(f"    findings against {args.expect}: {'identical' if results['same_as_expected'] else 'DIFFERENT'}")

    memory = run(lint_command("--no-cache", "."), root, child_env(), sample_memory=True)
    results["memory"] = {key: memory[key] for key in ("largest_mb", "tree_pss_mb", "tree_rss_mb", "load")}
    print(f"  {'peak memory of a cold run':<44} largest process {memory['largest_mb']:.0f} MB, process tree "
          f"{memory['tree_pss_mb']:.0f} MB PSS ({memory['tree_rss_mb']:.0f} MB RSS; load {memory['load']:.1f})", flush=True)

    cache = Path(tempfile.mkdtemp(prefix="jobs-checks-corpus-cache-"))
    try:
        subprocess.run(lint_command("--cache-dir", str(cache), "."), cwd=root, env=child_env(), capture_output=True)
        results["warm"] = timed("warm (every page cached)", lint_command("--cache-dir", str(cache), "."), root, args.repeat)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if args.changed:
        results["changed"], results["changed_warm"] = changed_runs(root, args)

    command = None if args.no_markdownlint else markdownlint(args.markdownlint_version)
    other = None
    if command:
        # The machine's speed drifts: the ratio is taken against cold runs right before and right after.
        beside = [run(lint_command("--no-cache", "."), root, child_env())]
        other = time_markdownlint(command, root, args.markdownlint_repeat)
        beside.append(run(lint_command("--no-cache", "."), root, child_env()))
        if other:
            ours = statistics.mean(r["wall"] for r in beside)
            ours_cpu = statistics.mean(r["cpu"] for r in beside)
            results["markdownlint"] = other
            results["beside_markdownlint"] = {"walls": [r["wall"] for r in beside], "cpus": [r["cpu"] for r in beside]}
            results["ratio"] = other["median"] / ours
            print(f"    jobs-checks cold right before and after it: {beside[0]['wall']:.2f} s, {beside[1]['wall']:.2f} s")
            print(f"    {MARKDOWNLINT} / jobs-checks: {results['ratio']:.1f}x wall, {other['cpu'] / ours_cpu:.1f}x CPU "
                  f"(against the cold median above: {other['median'] / cold['median']:.1f}x)")

    print("targets:")
    print("  " + verdict("cold", cold["median"], TARGETS["cold"]))
    print("  " + verdict("warm", results["warm"]["median"], TARGETS["warm"]))
    if args.changed:
        print("  " + verdict("changed (no cache)", results["changed"]["median"], TARGETS["changed"]))
    print("  " + verdict("peak memory (process tree, PSS)", memory["tree_pss_mb"], TARGETS["peak"]))
    if other:
        print("  " + verdict(f"x faster than {MARKDOWNLINT}", results["ratio"], TARGETS["ratio"], higher_is_better=True))
    print(f"  identical findings with and without the pre-scan: {'yes' if results['same_without_shortcut'] else 'NO'}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared material folder (default: ../shared)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing (median; default 5)")
    parser.add_argument("--changed", type=int, default=10, help="pages edited for the changed-files timing (0: skip)")
    parser.add_argument("--seed", type=int, default=1, help="which pages are edited")
    parser.add_argument("--expect", type=Path, help="a `bench/corpus.py --dump` file the findings must equal")
    parser.add_argument("--no-markdownlint", action="store_true", help=f"do not run {MARKDOWNLINT}")
    parser.add_argument("--markdownlint-repeat", type=int, default=1, help=f"{MARKDOWNLINT} runs (default 1: it is slow)")
    parser.add_argument("--markdownlint-version", default=MARKDOWNLINT_VERSION)
    parser.add_argument("--against", metavar="REV", help="also time the cold run of git revision REV, alternating "
                        "with this checkout's runs (the machine's speed drifts: only runs side by side compare)")
    parser.add_argument("--json", type=Path, help="write every number to this file")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.markdownlint_repeat < 1 or args.changed < 0:
        parser.error("--repeat and --markdownlint-repeat must be at least 1, --changed at least 0")

    archives = corpus_archives(args.shared) if args.shared.is_dir() else []
    if not archives:
        print(f"bench_corpus: skipped: no corpus archive under {args.shared / 'corpus'} (the shared material is absent)")
        return 0
    everything = {}
    for archive in archives:
        scratch = Path(tempfile.mkdtemp(prefix="jobs-checks-corpus-"))
        try:
            print(f"corpus {archive.name}")
            everything[archive.name] = bench(unpack(archive, scratch), args)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        for result in everything.values():
            for value in result.values():
                if isinstance(value, dict):
                    value.pop("findings", None)
                    value.pop("stderr", None)
        args.json.write_text(json.dumps(everything, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
