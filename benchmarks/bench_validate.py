"""How long `outline-export validate` takes on a generated 8,000-point outline, as a ratio.

Baseline, in the same invocation: a fresh Python process that only runs PyYAML's C loader
(`yaml.load(..., Loader=yaml.CSafeLoader)`) on the same file. Target: validate at most 4x that.
Each side runs in fresh processes, alternating, several times; medians are compared.

    python benchmarks/bench_validate.py [--points 8000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import outline_text  # noqa: E402


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=8000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "generated.yaml"
        f.write_text(outline_text(args.points), encoding="utf-8")
        baseline_cmd = [sys.executable, "-c",
                        "import sys, yaml; yaml.load(open(sys.argv[1], encoding='utf-8'), Loader=yaml.CSafeLoader)",
                        str(f)]
        validate_cmd = [sys.executable, "-m", "outline_export", "validate", str(f)]
        timed(baseline_cmd), timed(validate_cmd)  # warm the OS file cache and .pyc files
        base, ours = [], []
        for _ in range(args.runs):
            base.append(timed(baseline_cmd))
            ours.append(timed(validate_cmd))
        b, o = statistics.median(base), statistics.median(ours)
        print(f"file: {args.points} points, {f.stat().st_size / 1024:.0f} KiB")
        print(f"baseline (fresh process, yaml.load with CSafeLoader): median {b * 1000:.0f} ms")
        print(f"outline-export validate (fresh process):              median {o * 1000:.0f} ms")
        print(f"ratio validate / baseline: {o / b:.2f}  (target <= 4.00)")


if __name__ == "__main__":
    main()
