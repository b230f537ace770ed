"""Run every benchmark and print its numbers (on demand: `make bench`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["bench_lint.py", "bench_contract.py", "bench_v2.py"]


def main() -> int:
    worst = 0
    for name in BENCHES:
        script = HERE / name
        if not script.exists():
            continue
        print(f"== {name}", flush=True)
        worst = max(worst, subprocess.call([sys.executable, str(script)]))
    return worst


if __name__ == "__main__":
    sys.exit(main())
