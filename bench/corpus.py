"""Lint the real docs corpus in `../shared/corpus/` and print what a reviewer would face (numbers, not a test).

    python bench/corpus.py [--shared ../shared] [--dump findings.json] [--jobs N] [ARGS...]

Each `*.tar.gz` of the corpus folder is unpacked into a temporary folder (the shared copy
is read-only) and linted cold by a child `jobs-checks lint . --no-cache --format json`
run from the unpacked root, so paths are relative to it and imports count. Printed:
findings per code and per severity, files linted, crashes (exit 3 or internal errors),
messages that leak an absolute path, wall and CPU time and the peak RSS of the child.
`--dump FILE` writes every finding (with the source line it points at) as JSON, for
reading them one by one. Extra ARGS go to `jobs-checks lint` (e.g. `--select JC6`).
Without the shared folder the script says so and exits 0: the project works without it.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SHARED = REPO.parent / "shared"
EXIT_INTERNAL = 3


def corpus_archives(shared: Path) -> list[Path]:
    return sorted((shared / "corpus").glob("*.tar.gz"))


def unpack(archive: Path, into: Path) -> Path:
    """The docs root inside the unpacked archive (the folder holding docs.json, else the top folder)."""
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    roots = sorted(p.parent for p in into.rglob("docs.json") if "node_modules" not in p.parts)
    if roots:
        return min(roots, key=lambda p: len(p.parts))
    tops = [p for p in into.iterdir() if p.is_dir()]
    return tops[0] if len(tops) == 1 else into


def lint_cold(root: Path, extra: list[str], jobs: int | None) -> dict:
    """One cold lint of `root` in a child process: its report, exit code and resource use."""
    command = [sys.executable, "-c", "from checks.cli import run; run()", "lint", ".", "--no-cache", "--format", "json", *extra]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = {"findings": [], "summary": {}}
    return {
        "report": report,
        "exit": result.returncode,
        "stderr": result.stderr,
        "wall": wall,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        "peak_mb": after.ru_maxrss / 1024,  # kB on Linux: the largest process of the child's tree
    }


def leaked_paths(findings: list[dict], root: Path) -> list[dict]:
    """Findings whose message or path names a folder of this machine (the temp dir, the home, the repo)."""
    markers = {str(root), str(root.resolve()), tempfile.gettempdir() + os.sep, str(Path.home()) + os.sep, str(REPO)}
    return [f for f in findings if any(m in f.get("message", "") or m in f.get("path", "") for m in markers)]


def with_source_lines(findings: list[dict], root: Path) -> list[dict]:
    """Each finding plus the line it points at, so a dump can be read without the tree."""
    cache: dict[str, list[str]] = {}
    out = []
    for finding in findings:
        path = finding.get("path", "")
        if path not in cache:
            try:
                cache[path] = (root / path).read_text(encoding="utf-8", errors="replace").split("\n")
            except OSError:
                cache[path] = []
        lines = cache[path]
        line = finding.get("line", 0)
        out.append({**finding, "source": lines[line - 1] if 0 < line <= len(lines) else ""})
    return out


def crash_lines(run: dict) -> list[str]:
    errors = run["report"].get("summary", {}).get("errors", [])
    crashes = [e for e in errors if "internal error" in e]
    if run["exit"] == EXIT_INTERNAL and not crashes:
        crashes = [line for line in run["stderr"].splitlines() if "internal error" in line] or ["exit code 3"]
    if run["exit"] not in (0, 1, 2, EXIT_INTERNAL):
        crashes.append(f"exit code {run['exit']}: {run['stderr'].strip().splitlines()[-1:]}")
    return crashes


def print_run(archive: Path, run: dict, leaks: list[dict]) -> None:
    findings = run["report"].get("findings", [])
    summary = run["report"].get("summary", {})
    by_code = collections.Counter(f["code"] for f in findings)
    by_severity = collections.Counter(f["severity"] for f in findings)
    by_code_severity = collections.Counter((f["code"], f["severity"]) for f in findings)
    print(f"corpus {archive.name}: {summary.get('files', '?')} files linted, {len(findings)} findings "
          f"in {summary.get('files_with_findings', '?')} files (exit {run['exit']})")
    print("  by severity: " + (", ".join(f"{s} {by_severity[s]}" for s in ("error", "warning", "info") if by_severity[s]) or "none"))
    for code in sorted(by_code):
        split = ", ".join(f"{s} {by_code_severity[(code, s)]}" for s in ("error", "warning", "info") if by_code_severity[(code, s)])
        print(f"  {code}  {by_code[code]:>4}  ({split})")
    crashes = crash_lines(run)
    print(f"  crashes: {len(crashes)}")
    for line in crashes:
        print(f"    {line}")
    other = [e for e in summary.get("errors", []) if "internal error" not in e]
    if other:
        print(f"  input errors: {len(other)} (e.g. {other[0]})")
    print(f"  messages naming a machine path: {len(leaks)}")
    for leak in leaks[:5]:
        print(f"    {leak['path']}:{leak['line']}: {leak['code']} {leak['message'][:100]}")
    print(f"  wall {run['wall']:.2f} s, CPU {run['cpu']:.2f} s, peak RSS {run['peak_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared material folder (default: ../shared)")
    parser.add_argument("--dump", type=Path, help="write every finding, with its source line, to this JSON file")
    parser.add_argument("--jobs", type=int, help="worker processes for the lint (default: CPUs)")
    parser.add_argument("lint_args", nargs=argparse.REMAINDER, help="extra arguments for `jobs-checks lint`")
    args = parser.parse_args(argv)

    archives = corpus_archives(args.shared) if args.shared.is_dir() else []
    if not archives:
        print(f"corpus: skipped: no corpus archive under {args.shared / 'corpus'} (the shared material is absent)")
        return 0
    extra = [a for a in args.lint_args if a != "--"]
    dumped, worst = [], 0
    for archive in archives:
        scratch = Path(tempfile.mkdtemp(prefix="jobs-checks-corpus-"))
        try:
            root = unpack(archive, scratch)
            run = lint_cold(root, extra, args.jobs)
            findings = run["report"].get("findings", [])
            leaks = leaked_paths(findings, root)
            print_run(archive, run, leaks)
            if args.dump:
                dumped += [{"corpus": archive.name, **f} for f in with_source_lines(findings, root)]
            if crash_lines(run) or leaks:
                worst = 1
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.dump:
        args.dump.write_text(json.dumps(dumped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {len(dumped)} findings to {args.dump}")
    return worst


if __name__ == "__main__":
    sys.exit(main())
