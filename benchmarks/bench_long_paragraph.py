"""How long `render` takes for an outline whose one point is a single very long paragraph.

For each size (100 KB, 400 KB, 1.6 MB of text by default) and each format (pdf, docx, md), the
handout of a one-point outline is rendered in fresh processes (`OUTLINE_EXPORT_JOBS=1`), code A
and code B interleaved: A is this checkout, B the code under ``--before`` (a source folder put on
PYTHONPATH, e.g. /work/main/src). Printed: median and min-max wall time and the peak resident
memory of each side. Runs of B that would take longer than ``--before-limit`` seconds are made
once only (``--before-runs``).

The paragraph is sentences of the generator's words with a bold word now and then (so reportlab
lays it out on its general, several-fragment path, as most real paragraphs are) and a reference.

    python benchmarks/bench_long_paragraph.py [--runs 3] [--sizes 100000,400000,1600000]
        [--formats pdf,docx,md] [--before /work/main/src] [--before-runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("grace mercy covenant intercession mediator atonement people glory prayer faithful promise "
         "heart judgment calf mountain tablets Israel Moses LORD").split()


def paragraph(chars: int, seed: int = 1) -> str:
    """About ``chars`` characters of sentences, every 40th word bold."""
    rnd = random.Random(seed)
    out: list[str] = []
    n = total = 0
    while total < chars:
        n += 1
        w = rnd.choice(WORDS)
        if n % 40 == 0:
            w = f"**{w}**"
        if n % 13 == 0:
            w += "."
        out.append(w)
        total += len(w) + 1
    return " ".join(out)


def outline(chars: int) -> str:
    text = json.dumps(paragraph(chars), ensure_ascii=False)
    return (f"title: One long paragraph\nsections:\n  - heading: The point\n    points:\n"
            f"      - text: {text}\n        ref: Exodus 32:7\n")


def run(src: Path, yaml: Path, fmt: str, out: Path) -> tuple[float, int]:
    """Wall time (s) and max RSS (KiB) of one fresh-process render with the code in ``src``."""
    env = dict(os.environ, PYTHONPATH=str(src), OUTLINE_EXPORT_JOBS="1")
    cmd = [sys.executable, "-m", "outline_export", "render", str(yaml), "-k", "handout", "-f", fmt,
           "-o", str(out)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} (PYTHONPATH={src}) failed:\n{err}")
    return elapsed, usage.ru_maxrss


def show(times: list[float], rss: list[int]) -> str:
    if not times:
        return "-"
    med = statistics.median(times)
    span = f" ({min(times):.2f}-{max(times):.2f})" if len(times) > 1 else " (1 run)"
    return f"{med:.2f} s{span}, {max(rss) / 1024:.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="100000,400000,1600000")
    ap.add_argument("--formats", default="pdf,docx,md")
    ap.add_argument("--before", type=Path, help="source folder of the code to compare with")
    ap.add_argument("--before-runs", type=int, default=1,
                    help="runs of the before side when one takes longer than --before-limit")
    ap.add_argument("--before-limit", type=float, default=30.0)
    args = ap.parse_args()
    here = ROOT / "src"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            yaml = tmp / f"long{size}.yaml"
            yaml.write_text(outline(size), encoding="utf-8")
            for fmt in args.formats.split(","):
                a: tuple[list, list] = ([], [])
                b: tuple[list, list] = ([], [])
                for i in range(args.runs):
                    t, m = run(here, yaml, fmt, tmp / "a")
                    a[0].append(t)
                    a[1].append(m)
                    if args.before and (i < args.before_runs or max(b[0], default=0) < args.before_limit):
                        t, m = run(args.before, yaml, fmt, tmp / "b")
                        b[0].append(t)
                        b[1].append(m)
                line = f"{size / 1000:>6.0f} KB {fmt:4}  now: {show(*a)}"
                if args.before:
                    line += f"   before: {show(*b)}"
                print(line, flush=True)


if __name__ == "__main__":
    main()
