"""The reliability table (`make reliability`): every hostile input, what happened, how long, how much memory.

    python bench/reliability.py [--quick] [--examples N]

Each row runs `jobs-checks` as a user would (its real entry point, a fresh process; peak
RSS is that process's own VmHWM, a sample's for sandbox rows) against one hostile input
from `tests/reliability` and says
PASS when the outcome is the one the reliability tests demand. Exit 1 when a row fails.
`--quick` skips the two slow servers (10 s each) and uses fewer hypothesis examples.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.reliability.cli import jobs_checks  # noqa: E402
from tests.reliability.hostile_inputs import GOOD_LINE, GOOD_PAGE, hostile_tree  # noqa: E402


@dataclass
class Row:
    area: str
    case: str
    observed: str
    ok: bool
    seconds: float | None = None
    rss_mb: float | None = None


ROWS: list[Row] = []


def row(area, case, observed, ok, seconds=None, rss_mb=None) -> None:
    ROWS.append(Row(area, case, observed, bool(ok), seconds, rss_mb))
    print(f"  {'PASS' if ok else 'FAIL'}  {area}: {case}", file=sys.stderr, flush=True)


def _clean(ran) -> bool:
    return "Traceback" not in ran.output and "internal error" not in ran.output


# -- lint ---------------------------------------------------------------------------------------

LINT_CASES = [  # (label, files of the hostile tree, code and words the finding must have)
    ("binary .mdx", ["binary.mdx"], "JC001", "not UTF-8"),
    ("invalid UTF-8", ["invalid-utf8.mdx"], "JC001", "not UTF-8"),
    ("BOM + CRLF line ends", ["development/cloud/bom-crlf.mdx"], "JC201", "sort_by=created_at"),
    ("50 MB page", ["development/cloud/big.mdx"], "JC001", "more than a docs page may hold"),
    ("10,000-deep nesting (9 constructs)", ["deep"], "JC001", "nested too deeply"),
    ("symlink loops (self, a<->b, folder)", ["links/self.mdx", "links/a.mdx", "links/b.mdx", "links/up"], "JC001",
     "symbolic links"),
    ("named pipe as a page", ["fifo.mdx"], "JC001", "named pipe"),
    ("unreadable file (mode 000)" + ("" if os.geteuid() else "; root reads it anyway"), ["locked.mdx"],
     "JC001" if os.geteuid() else "JC201",
     "Permission denied" if os.geteuid() else "sort_by=created_at"),
    ("malformed docs.json", ["docs.json"], None, None),
]


def lint_rows(work: Path) -> None:
    source = work / "hostile-source"
    hostile_tree(source)
    for label, members, code, words in LINT_CASES:
        root = work / f"lint-{len(ROWS)}" / "docs"
        (root / GOOD_PAGE).parent.mkdir(parents=True)
        shutil.copy(source / GOOD_PAGE, root / GOOD_PAGE)
        (root / "docs.json").write_text("{}", encoding="utf-8")
        for member in members:
            target = root / member
            target.parent.mkdir(parents=True, exist_ok=True)
            if (source / member).is_symlink():
                os.symlink(os.readlink(source / member), target)
            elif member == "fifo.mdx":
                os.mkfifo(target)
            elif (source / member).is_dir():
                shutil.copytree(source / member, target, symlinks=True)
            else:
                shutil.copy2(source / member, target)
        ran = jobs_checks("lint", "docs", "--format", "json", "--no-cache", cwd=root.parent)
        (root / "locked.mdx").exists() and (root / "locked.mdx").chmod(0o644)
        findings = json.loads(ran.stdout)["findings"] if ran.stdout.strip().startswith("{") else []
        good = [f["line"] for f in findings if f["path"] == f"docs/{GOOD_PAGE}" and f["code"] == "JC201"] == [GOOD_LINE]
        hit = [f for f in findings if f["path"] != f"docs/{GOOD_PAGE}" and (code is None or f["code"] == code)
               and (words is None or words in f["message"])]
        expected_hit = code is None or hit
        observed = (f"exit {ran.code}; " + (f"{len(hit)}× {code} “{hit[0]['message'][:60]}”" if code and hit else
                                           "no finding for it" if code is None else "NO finding") +
                    ("; plain page's defect found" if good else "; plain page's defect MISSED"))
        row("lint", label, observed, _clean(ran) and good and expected_hit, ran.seconds, ran.max_rss_mb)
    whole = work / "lint-whole" / "docs"
    hostile_tree(whole)
    ran = jobs_checks("lint", "docs", "--format", "json", "--no-cache", "-j", "2", cwd=whole.parent)
    (whole / "locked.mdx").chmod(0o644)
    report = json.loads(ran.stdout)
    read_errors = sum(1 for f in report["findings"] if f["code"] == "JC001")
    row("lint", f"the whole hostile tree at once ({report['summary']['files']} files, 2 workers)",
        f"exit {ran.code}; {read_errors} JC001, {len(report['findings'])} findings in all", _clean(ran) and ran.code == 2,
        ran.seconds, ran.max_rss_mb)


def fuzz_row(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings

    from tests.reliability.mdx_strategies import hostile_page
    from tests.reliability.test_extractor_fuzz import PATHS, lint_text

    counts = {"pages": 0, "findings": 0, "exceptions": 0}

    @settings(max_examples=examples, suppress_health_check=list(HealthCheck), deadline=None, database=None)
    @given(hostile_page())
    def property_(text):
        counts["pages"] += 1
        for path in PATHS:
            try:
                counts["findings"] += len(lint_text(text, path))
            except Exception:  # noqa: BLE001 - counted: this is what the row is about
                counts["exceptions"] += 1

    started = time.monotonic()
    property_()
    row("extractor", f"hypothesis-made hostile MDX, {counts['pages']} pages × {len(PATHS)} paths, every rule",
        f"{counts['exceptions']} exceptions, {counts['findings']} findings", counts["exceptions"] == 0,
        time.monotonic() - started)


# -- spec -----------------------------------------------------------------------------------------


def spec_rows(work: Path) -> None:
    from tests.reliability.hostile_servers import HostileServer
    from tests.reliability.hostile_specs import OUTSIDE_CANARY, hostile_specs
    from tests.reliability.test_spec_hostile import BAD_REFS, UNREADABLE, Watch

    with HostileServer("echo") as capture:
        files = hostile_specs(work / "spec" / "spec", work / "spec" / "outside", remote_url=f"{capture.url}/x.yaml")
        for name, what in files.items():
            if name not in UNREADABLE and name not in BAD_REFS:
                continue
            words = {**UNREADABLE, **BAD_REFS}[name]
            diff = jobs_checks("spec", "diff", f"spec/{name}", "--profile", "cloud", cwd=work / "spec")
            validate = jobs_checks("spec", "validate", f"spec/{name}", cwd=work / "spec")
            expected_validate = 1 if name in BAD_REFS else 2
            ok = (diff.code == 2 and validate.code == expected_validate and words in diff.stderr
                  and words in validate.output and _clean(diff) and _clean(validate)
                  and OUTSIDE_CANARY not in diff.output + validate.output)
            row("spec", what, f"diff exit {diff.code}, validate exit {validate.code}: “{words}”", ok,
                max(diff.seconds, validate.seconds), max(diff.max_rss_mb, validate.max_rss_mb))
        from checks.apispec.diff import diff_document
        from checks.apispec.diff_load import DiffInputError
        from checks.apispec.validate_file import file_problems

        folder, outside = work / "spec" / "spec", work / "spec" / "outside"
        with Watch() as watch:
            for name in files:
                for run in (lambda: diff_document("cloud", str(folder / name)), lambda: file_problems(folder / name)):
                    try:
                        run()
                    except DiffInputError:
                        pass
        outside_reads = [p for p in watch.opened if Path(p).resolve().is_relative_to(outside)]
        row("spec", f"all {len(files)} documents, diff and validate, watched by an audit hook",
            f"{len(outside_reads)} reads outside the folder, {len(watch.connected)} connections, "
            f"{len(capture.requests)} requests to the $ref URL",
            not outside_reads and not watch.connected and not capture.requests)


# -- contract --------------------------------------------------------------------------------------


def contract_rows(quick: bool) -> None:
    from tests.reliability.hostile_servers import HostileServer

    key = "sk-reliability-key-2718"
    cases = [("silent", None, None, "never answers", 2), ("slow", None, None, "answers after 30 s", 2),
             ("closes-mid-body", None, None, "closes mid-body", 2), ("invalid-json", None, None, "invalid JSON", 1),
             ("endless-body", None, None, "endless body", 2), ("endless-body", "/api/jobs/", "examples,coverage,fuzzing",
                                                                "endless body on /api/jobs/{id}, fuzzing", 1),
             ("redirect-other-host", None, None, "redirect to another host", 2),
             ("redirect-other-scheme", None, None, "redirect to another scheme (ftp://)", 2),
             ("redirect-loop", None, None, "redirect loop", 2),
             ("redirect-other-host", "/api/jobs/", None, "redirect to another host on /api/jobs/{id}", 1)]
    with HostileServer("echo", host="127.0.0.2") as other_host:
        for behaviour, under, phases, label, code in cases:
            if quick and behaviour in ("silent", "slow"):
                continue
            other_host.requests.clear()
            redirect = {"redirect-other-host": other_host.url, "redirect-other-scheme": "ftp://127.0.0.2:21"}.get(behaviour, "")
            with HostileServer(behaviour, redirect_to=redirect, only_under=under) as server:
                ran = jobs_checks("contract", "--base-url", server.url, "--profile", "cloud", "--api-key-env", "MYCRED",
                                  "--seed", "1", "--max-examples", "3", *(("--phases", phases) if phases else ()),
                                  env={"MYCRED": key}, timeout=300)
            said = ran.stderr.strip().splitlines()[-1].removeprefix("jobs-checks: error: ") if ran.code == 2 else \
                ran.stdout.strip().splitlines()[-1]
            leaked = any(headers.get("x-api-key") for _, headers in other_host.requests)
            row("contract", f"server: {label}", f"exit {ran.code}: {said[:120]}; key sent elsewhere: "
                f"{'YES' if leaked else 'no'}", ran.code == code and not leaked and key not in ran.output and _clean(ran),
                ran.seconds, ran.max_rss_mb)


# -- cache ------------------------------------------------------------------------------------------


def cache_rows(work: Path) -> None:
    from tests.reliability.test_cache_hostile import CORRUPTIONS, _corrupt, _lint, _many_at_once, _results_file, _tree

    docs = _tree(work / "cache" / "docs")
    expected = _lint(docs, None)[1]
    started, right = time.monotonic(), 0
    for number, kind in enumerate(CORRUPTIONS):
        cache = work / "cache" / f"c{number}"
        _lint(docs, cache)
        _corrupt(kind, _results_file(cache))
        right += _lint(docs, cache)[1] == expected and _lint(docs, cache)[1] == expected
    row("cache", f"results file corrupted {len(CORRUPTIONS)} ways (truncated, random, pipe, deep JSON, wrong types…)",
        f"{right}/{len(CORRUPTIONS)} runs gave the findings of an uncached run", right == len(CORRUPTIONS),
        time.monotonic() - started)
    started = time.monotonic()
    rounds = [_many_at_once(docs, work / "cache" / "shared") for _ in range(3)]
    same = sum(found == expected for results in rounds for _, found in results)
    row("cache", "4 runs writing one cache at once, 3 rounds", f"{same}/12 runs right; cache file whole: "
        f"{_whole(_results_file(work / 'cache' / 'shared'))}", same == 12, time.monotonic() - started)


def _whole(file: Path) -> str:
    try:
        json.loads(file.read_text(encoding="utf-8"))
        return "yes"
    except ValueError:
        return "NO"


# -- examples sandbox and masking -------------------------------------------------------------------


def sandbox_rows(work: Path) -> None:
    from checks.examples.sandbox import Limits, isolation, run_sandboxed
    from tests.reliability.processes import running

    fences = isolation()
    page = REPO / "tests" / "reliability" / "fixtures" / "hostile-sample.mdx"
    docs = work / "examples"
    docs.mkdir()
    shutil.copy(page, docs / page.name)
    escape = Path("/tmp/jobs-checks-hostile-sample.txt")
    escape.unlink(missing_ok=True)
    before = set(running(["sleep", "300"]))
    ran = jobs_checks("examples", "run", page.name, "--format", "json", env={"MY_SECRET_TOKEN": "sk-canary-123"},
                      cwd=docs)
    program = json.loads(ran.stdout)["programs"][0]
    left = set(running(["sleep", "300"])) - before
    wrote = escape.exists()
    escape.unlink(missing_ok=True)
    leaked = "sk-canary-123" in ran.output or "MY_SECRET_TOKEN" in ran.output
    row("examples", "the issue's page: dumps env, writes /tmp, lists $HOME, leaves sleep 300",
        f"{program['verdict']}; leaked: {'YES' if leaked else 'no'}; wrote outside: {'YES' if wrote else 'no'}; "
        f"processes left: {len(left)}", program["verdict"] == "passed" and not leaked and not wrote and not left,
        ran.seconds, ran.max_rss_mb)
    cases = [("spins forever (CPU limit 2 s)", "while True:\n    pass", Limits(cpu_seconds=2), "CPU time limit"),
             ("allocates 3 GB (memory limit 2 GB)", "x = bytearray(3 << 30)", Limits(), "memory limit"),
             ("starts 500 processes (limit 128)", "import subprocess\nfor _ in range(500):\n"
              "    subprocess.Popen(['sleep', '316'])", Limits(), "process limit"),
             ("prints without end (file limit 64 MB)", "import sys\nwhile True:\n    sys.stdout.write('z' * 65536)",
              Limits(), "output size limit")]
    for label, code, limits, limit in cases:
        result = run_sandboxed([sys.executable, "p.py"], env={}, timeout=30, files={"p.py": code.encode()}, limits=limits)
        row("examples", f"a sample that {label}", f"stopped by: {result.limit or 'nothing'}; exit {result.exit_code}",
            result.limit == limit and not running(["sleep", "316"]), result.seconds, result.max_rss_kb / 1024)
    result = run_sandboxed([sys.executable, "p.py"], env={}, timeout=1, files={"p.py": b"import subprocess, time\n"
                           b"subprocess.Popen(['setsid', 'sleep', '317'])\ntime.sleep(60)"})
    row("examples", "a sample that outlives its 1 s timeout with a setsid child",
        f"timed out: {result.timed_out}; processes left: {len(running(['sleep', '317']))}",
        result.timed_out and not running(["sleep", "317"]), result.seconds)
    observed = ("user, mount, network and PID namespaces (network: the proxy's port only; filesystem: read-only)"
                if fences.namespaces else f"NO namespaces ({fences.why_not}): network and filesystem NOT isolated")
    row("examples", "the fences this machine puts up", f"{observed}; process count capped by: {fences.process_limit}",
        True)


def masking_rows(work: Path) -> None:
    from tests.reliability.hostile_servers import HostileServer
    from tests.reliability.test_canary import ENV, EXAMPLE_PAGE, LINT_PAGE, SECRETS

    docs = work / "canary" / "docs"
    (docs / "development" / "cloud").mkdir(parents=True)
    (docs / "docs.json").write_text("{}", encoding="utf-8")
    (docs / "development" / "cloud" / "list.mdx").write_text(LINT_PAGE, encoding="utf-8")
    outputs, started = [], time.monotonic()
    for fmt in ("text", "json", "sarif", "github"):
        report = work / "canary" / f"lint.{fmt}"
        ran = jobs_checks("lint", str(docs), "--format", fmt, "--cache-dir", str(work / "canary" / "cache"),
                          "-o", str(report), env=ENV)
        outputs += [ran.output, report.read_text(encoding="utf-8"), jobs_checks("lint", str(docs), "--format", fmt,
                    "--cache-dir", str(work / "canary" / "cache"), env=ENV).output]
    outputs += [p.read_text(encoding="utf-8", errors="replace") for p in (work / "canary" / "cache").rglob("*") if p.is_file()]
    with HostileServer("echo", body={"error": f"token {SECRETS[0]}"}) as server:
        junit, report = work / "canary" / "junit.xml", work / "canary" / "report.json"
        ran = jobs_checks("contract", "--base-url", server.url, "--profile", "cloud", "--api-key-env", "MYCRED", "--seed",
                          "1", "--max-examples", "2", "-v", "--junit-xml", str(junit), "--report-json", str(report), env=ENV)
        outputs += [ran.output, junit.read_text(encoding="utf-8"), report.read_text(encoding="utf-8")]
        (work / "canary" / "check.mdx").write_text(EXAMPLE_PAGE, encoding="utf-8")
        for fmt in ("text", "json", "github", "junit"):
            out = work / "canary" / f"examples.{fmt}"
            ran = jobs_checks("examples", "run", "check.mdx", "--base-url", server.url, "--api-key-env", "MYCRED",
                              "--format", fmt, "-o", str(out), env=ENV, cwd=work / "canary")
            outputs += [ran.output, out.read_text(encoding="utf-8")]
    leaks = sum(text.count(secret) for text in outputs for secret in SECRETS)
    row("masking", f"planted secrets (env, page, server answers, key) through lint ×4 formats + cache, contract ×3, "
        f"examples ×4 ({len(outputs)} outputs)", f"{leaks} occurrences", leaks == 0, time.monotonic() - started)


# -- the table --------------------------------------------------------------------------------------


def table() -> str:
    lines = ["| area | hostile input | observed | time | peak RSS | verdict |", "|---|---|---|---:|---:|---|"]
    for r in ROWS:
        seconds = f"{r.seconds:.2f} s" if r.seconds is not None else "–"
        rss = f"{r.rss_mb:.0f} MB" if r.rss_mb else "–"
        lines.append(f"| {r.area} | {r.case} | {r.observed.replace('|', '/')} | {seconds} | {rss} | "
                     f"{'PASS' if r.ok else '**FAIL**'} |")
    passed = sum(r.ok for r in ROWS)
    lines.append(f"\n{passed}/{len(ROWS)} rows pass")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the slow servers, fewer hypothesis examples")
    parser.add_argument("--examples", type=int, default=None, help="hypothesis examples (default 2000, quick 200)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobs-checks-reliability-") as folder:
        work = Path(folder)
        lint_rows(work)
        fuzz_row(options.examples or (200 if options.quick else 2000))
        spec_rows(work)
        contract_rows(options.quick)
        cache_rows(work)
        sandbox_rows(work)
        masking_rows(work)
    print(table())
    return 0 if all(r.ok for r in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
