"""`outline-export validate` on the worst inputs up to the size limit (issue 9): time and peak memory.

Each case is a generated outline just under the 5 MB limit (or a small bomb). Each run is a fresh
process; the cases are interleaved run by run, and each is compared with a fair baseline in the
same rotation: a fresh Python process that only reads the same file with PyYAML's C loader
(what any YAML tool pays). Reported: median wall time with min-max, and the largest peak RSS
(GNU time's %M; Debian package `time`).

    python benchmarks/bench_hostile.py [--runs 5] [--only NAME]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT = 5 * 1024 * 1024 - 4096  # just under the file-size limit (loader_source.MAX_FILE_BYTES)
HEAD = "title: T\npassage: Exodus 32:30-32\nsections:\n  - heading: One\n    points:\n"


def _fill(unit: str) -> str:
    return unit * ((LIMIT - 200) // len(unit))


def cases() -> dict[str, str]:
    def block(unit: str) -> str:
        line = "          " + unit * (60 // len(unit) + 1) + "\n"
        return "      - text: |\n" + line * ((LIMIT - 200) // len(line))

    bomb = "title: T\npassage: Exodus 32:30-32\nsections:\n  - heading: One\n    points:\n      - text: &a0 [x]\n"
    for k in range(1, 9):
        bomb += f"      - text: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]\n"
    return {
        "unclosed italic '*a ', one line": HEAD + '      - "' + _fill("*a ") + '"\n',
        "unclosed '**a *b ', one line": HEAD + '      - "' + _fill("**a *b ") + '"\n',
        "unclosed blanks '___a ', one line": HEAD + '      - "' + _fill("___a ") + '"\n',
        "mixed markup, in a block": HEAD + block("**x ___ ${v} \\_ *y "),
        "plain text, one paragraph": HEAD + '      - "' + _fill("and grace upon grace ") + '"\n',
        "20,000 points (the parts limit)": HEAD + "".join(f"      - Point {k} of the sermon\n" for k in range(19999)),
        "19,998 blanks, one paragraph": HEAD + '      - "' + "a ___word___ " * 19998 + '"\n',
        "20,001 points (refused)": HEAD + "".join(f"      - Point {k} of the sermon\n" for k in range(20001)),
        "blanks closed, 5 MB (refused)": HEAD + '      - "' + _fill("a ___word___ ") + '"\n',
        "ampersands in text (anchor check)": HEAD + "".join(f"      - Grace & peace, {k} & more\n"
                                                              for k in range(LIMIT // 40)),
        "nine levels of aliases (566-byte bomb)": bomb,
        "200-deep brackets then text": "title: T\nx: " + "[" * 199 + "]" * 199 + "\n" + "#" * (LIMIT - 900) + "\n",
    }


def run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB, as GNU time reports it) of one fresh process."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seconds = time.perf_counter() - start
    return seconds, int(done.stderr.decode(errors="replace").strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for i, (name, text) in enumerate(cases().items()):
            if not args.only or args.only in name:
                f = Path(tmp) / f"case{i}.yaml"
                f.write_text(text, encoding="utf-8")
                files[name] = f
        commands = {}
        for name, f in files.items():
            commands[(name, "validate")] = [sys.executable, "-m", "outline_export", "validate", str(f)]
            commands[(name, "yaml")] = [sys.executable, "-c", "import sys, yaml\ntry: yaml.load(open(sys.argv[1], "
                                        "encoding='utf-8'), Loader=yaml.CSafeLoader)\nexcept Exception: pass", str(f)]
        for cmd in commands.values():
            run(cmd)  # warm the file cache and .pyc files
        times = {k: [] for k in commands}
        peaks = {k: 0 for k in commands}
        for _ in range(args.runs):
            for k, cmd in commands.items():  # interleaved: every case and its baseline, each round
                t, rss = run(cmd)
                times[k].append(t)
                peaks[k] = max(peaks[k], rss)
        print(f"{'case':42} {'size':>8}  {'validate: median (min-max)':>28} {'peak':>8}  "
              f"{'yaml.load: median':>18} {'peak':>8}")
        for name, f in files.items():
            v, y = times[(name, "validate")], times[(name, "yaml")]
            print(f"{name:42} {f.stat().st_size / 1048576:6.2f}MB  {statistics.median(v):8.2f} s "
                  f"({min(v):.2f}-{max(v):.2f}) {peaks[(name, 'validate')] / 1024:6.0f}MB  "
                  f"{statistics.median(y):12.2f} s {peaks[(name, 'yaml')] / 1024:6.0f}MB")


if __name__ == "__main__":
    main()
