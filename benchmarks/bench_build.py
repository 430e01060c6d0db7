"""Building a library: incremental, parallel, memory, and the warm re-render of `watch`.

Every figure is the median of runs in fresh processes, with min-max, and where two things are
compared their runs are interleaved (A, B, A, B, ...) so the machine's moods fall on both alike.
Every process is the console script's own (``outline_export.cli.run``), which ends the same way
(``os._exit``) on both sides of a comparison.

(a) no-op: `build` of the sample library with nothing changed, against `validate` of it.
                                                                        target: at most 2x validate
(b) one changed: of 30 generated outlines (3 editions each), one is edited; `build` against
    `build --force` of that one outline alone (the same editions and files).   target: at most 1.5x
(c) size: a cold `build` (empty output folder) of 5, 30 and 120 generated outlines: time, and peak
    memory of the whole process tree (the sum of every process's resident memory, sampled every
    20 ms from /proc; and the largest single process, from wait4's ru_maxrss).
                                                     target: 120 outlines at most 1.5x the peak of 5
(d) jobs: the cold `build` of 30 outlines with --jobs 2 against --jobs 1.    target: at most 0.65x
(e) watch: one sample outline (3 kinds x Word and PDF: 6 documents) edited while `watch` runs (a
    point's words, so all 6 documents change), from the save to the summary printed, and the time
    `watch` reports for the build; against a cold `render` of the same outline to the same 6
    documents in a fresh process. Both with watch's helper process (the default with 2 cores) and
    with --jobs 1 (no helper), the two watches' saves interleaved.          target: at most 0.3x
(f) a cold `render` of one sample to 6 documents: its three kinds drawn over 2 processes (--jobs 2)
    against one process (--jobs 1), and with --before SRC against the code in SRC (another
    checkout's src/; before issue 14: a second process drew about half of the PDFs).

    python benchmarks/bench_build.py [--runs 5] [--parts abcdef] [--before /path/to/src]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import outline_text  # noqa: E402

SRC = ROOT / "src"
SETTINGS = """\
[church]
name = "Grace Chapel"

[defaults]
kinds = ["handout", "notes", "worksheet"]
formats = ["docx", "pdf"]
audiences = ["youth", "seniors"]

[audiences.youth]
label = "Youth Group"

[audiences.seniors]
label = "Large Print"
font_size = 16
"""
RUN = "from outline_export.cli import run; run()"


def tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and every process below it, in KiB (0 once it is gone)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS")), 0)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total


def run(args: list[str], cwd: Path, src: Path = SRC, env: dict | None = None, check: bool = True) -> dict:
    """One fresh process of the tool: wall time, peak of the tree's summed memory, largest process."""
    environment = dict(os.environ, PYTHONPATH=str(src))
    environment.pop("OUTLINE_EXPORT_JOBS", None)
    environment.update(env or {})
    start = time.perf_counter()
    p = subprocess.Popen([sys.executable, "-c", RUN, *args], cwd=cwd, env=environment,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(p.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if check and os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed: {err.decode(errors='replace')}")
    return {"s": elapsed, "tree_mib": peak[0] / 1024, "max_mib": usage.ru_maxrss / 1024}


def library(folder: Path, n: int, points: int = 40) -> Path:
    """``n`` generated outlines of ``points`` points, with the settings above (18 documents each)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    (folder / "outlines").mkdir(exist_ok=True)
    for i in range(n):
        text = outline_text(points, seed=i).replace("title: Generated Outline", f"title: Generated Outline {i}")
        (folder / "outlines" / f"gen-{i:03d}.yaml").write_text(text, encoding="utf-8")
    return folder


def samples(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "outlines", folder / "outlines", dirs_exist_ok=True)
    shutil.copytree(ROOT / "assets", folder / "assets", dirs_exist_ok=True)
    shutil.copy(ROOT / "outline-export.toml", folder / "outline-export.toml")
    return folder


def show(name: str, values: list[float], unit: str = "s", scale: float = 1.0) -> float:
    m = statistics.median(values)
    fmt = (lambda v: f"{v * scale:,.0f}") if scale != 1.0 or unit in ("MiB", "ms") else (lambda v: f"{v:.2f}")
    print(f"  {name:58} {fmt(m)} {unit} ({fmt(min(values))}-{fmt(max(values))}), n={len(values)}")
    return m


def ratio(name: str, a: float, b: float, target: str = "") -> None:
    print(f"  {name:58} {a / b:.2f}{'   target: ' + target if target else ''}")


def part_a(work: Path, runs: int) -> None:
    print("(a) no-op build of the sample library vs validate")
    lib = samples(work / "a")
    run(["build", "-q"], lib)
    noop, valid = [], []
    for _ in range(runs):
        noop.append(run(["build", "-q"], lib)["s"])
        valid.append(run(["validate"], lib)["s"])
    ratio("no-op build / validate", show("build, nothing changed", noop), show("validate", valid), "at most 2")


def part_b(work: Path, runs: int) -> None:
    print("(b) one outline of 30 changed: build vs rendering that outline alone")
    lib = library(work / "b", 30)
    run(["build", "-q"], lib)
    target = lib / "outlines" / "gen-007.yaml"
    changed, alone = [], []
    for i in range(runs):
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"# edit {i}\n")
        changed.append(run(["build", "-q"], lib)["s"])
        alone.append(run(["build", "-q", "--force", str(target.relative_to(lib)), "-o", str(work / "b-alone")],
                         lib)["s"])
    ratio("build after one changed / that outline alone", show("build, one of 30 changed", changed),
          show("build --force of that outline alone", alone), "at most 1.5")


def cold(lib: Path, args: list[str]) -> dict:
    shutil.rmtree(lib / "output", ignore_errors=True)
    return run(["build", "-q", *args], lib)


def part_c(work: Path, runs: int) -> None:
    print("(c) cold build of 5, 30 and 120 generated outlines (18 documents each), default --jobs")
    libs = {n: library(work / f"c{n}", n) for n in (5, 30, 120)}
    got: dict[int, list[dict]] = {n: [] for n in libs}
    for _ in range(runs):
        for n, lib in libs.items():
            got[n].append(cold(lib, []))
    peaks = {}
    for n in libs:
        show(f"{n} outlines: time", [r["s"] for r in got[n]])
        peaks[n] = show(f"{n} outlines: peak of the process tree (sum)", [r["tree_mib"] for r in got[n]], "MiB")
        show(f"{n} outlines: largest single process", [r["max_mib"] for r in got[n]], "MiB")
    ratio("peak 120 / peak 5", peaks[120], peaks[5], "at most 1.5")


def part_d(work: Path, runs: int) -> None:
    print("(d) cold build of 30 outlines: --jobs 2 vs --jobs 1")
    lib = library(work / "d", 30)
    two, one = [], []
    for _ in range(runs):
        two.append(cold(lib, ["--jobs", "2"]))
        one.append(cold(lib, ["--jobs", "1"]))
    ratio("--jobs 2 / --jobs 1", show("--jobs 2", [r["s"] for r in two]), show("--jobs 1", [r["s"] for r in one]),
          "at most 0.65")
    show("--jobs 2: peak of the process tree", [r["tree_mib"] for r in two], "MiB")
    show("--jobs 1: peak of the process tree", [r["tree_mib"] for r in one], "MiB")


class Watcher:
    """A `watch` of its own copy of one sample outline (general edition only: 6 documents)."""

    def __init__(self, folder: Path, args: list[str], plain: str = ""):
        self.lib = folder
        (folder / "outlines").mkdir(parents=True)
        shutil.copy(ROOT / "outlines" / "two-cycles.yaml", folder / "outlines" / "two-cycles.yaml")
        shutil.copytree(ROOT / "assets", folder / "assets")
        settings = (ROOT / "outline-export.toml").read_text(encoding="utf-8")
        (folder / "outline-export.toml").write_text(
            settings.replace('audiences = ["youth", "seniors"]', "audiences = []"), encoding="utf-8")
        self.outline = folder / "outlines" / "two-cycles.yaml"
        self.text = self.outline.read_text(encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(SRC), OUTLINE_EXPORT_PLAIN=plain)
        env.pop("OUTLINE_EXPORT_JOBS", None)
        self.process = subprocess.Popen([sys.executable, "-c", RUN, "watch", "-q", *args], cwd=folder, env=env,
                                        text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.lines: list[str] = []
        threading.Thread(target=lambda: [self.lines.append(x.rstrip("\n")) for x in self.process.stderr],
                         daemon=True).start()
        self.saves = 0
        self.wait_for(1)

    def wait_for(self, count: int) -> None:
        while sum(1 for x in self.lines if x.startswith(("Watching", "("))) < count:
            if self.process.poll() is not None:
                raise SystemExit(f"watch ended: {self.lines}")
            time.sleep(0.002)

    def documents(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in (self.lib / "output").iterdir() if p.suffix in (".pdf", ".docx")}

    def save(self) -> tuple[float, float]:
        """A real edit (a point's words, printed in every kind): seconds from the save to the summary,
        and the build time `watch` printed. Every one of the 6 documents must have changed."""
        before = self.documents()
        self.saves += 1
        start = time.perf_counter()
        self.outline.write_text(self.text.replace("deserves judgment", f"deserves judgment ({self.saves})"),
                                encoding="utf-8")
        self.wait_for(1 + self.saves)
        elapsed = time.perf_counter() - start
        after = self.documents()
        if len(after) != 6 or any(after[name] == before.get(name) for name in after):
            raise SystemExit(f"watch: a save did not change all 6 documents: {sorted(after)}")
        return elapsed, float(self.lines[-1].strip("(").split()[0])

    def stop(self) -> None:
        self.process.send_signal(2)
        self.process.wait(timeout=60)


def part_e(work: Path, runs: int, plain: str = "") -> None:
    print(f"(e) watch: a save re-rendered warm vs a cold render (one sample, 6 documents); watch with its "
          f"helper (the default here) and with --jobs 1{'; OUTLINE_EXPORT_PLAIN=' + plain if plain else ''}")
    helped = Watcher(work / ("e" + plain), [], plain)
    alone = Watcher(work / ("e1" + plain), ["--jobs", "1"], plain)
    time.sleep(1.0)
    saved, reported, saved_alone, reported_alone, cold_render = [], [], [], [], []
    try:
        for _ in range(runs):
            for w, s, r in ((helped, saved, reported), (alone, saved_alone, reported_alone)):
                a, b = w.save()
                s.append(a)
                r.append(b)
                time.sleep(0.3)
            cold_render.append(run(["render", "-q", "outlines/two-cycles.yaml", "-o", str(work / f"e-cold{plain}")],
                                   helped.lib)["s"])
            time.sleep(0.3)
    finally:
        helped.stop()
        alone.stop()
    ms = dict(unit="ms", scale=1000)
    c = show("cold render, fresh process", cold_render, **ms)
    ratio("watch: save to summary / cold render", show("watch: from the save to its summary", saved, **ms), c,
          "at most 0.3")
    ratio("watch: build time it reports / cold render", show("watch: the build time it reports", reported, **ms), c)
    ratio("watch --jobs 1: save to summary / cold render",
          show("watch --jobs 1: from the save to its summary", saved_alone, **ms), c)
    ratio("watch --jobs 1: build time it reports / cold render",
          show("watch --jobs 1: the build time it reports", reported_alone, **ms), c)


def part_f(work: Path, runs: int, before: Path | None) -> None:
    print("(f) cold render of one sample to 6 documents: --jobs 2 (the default here; a cold process draws one "
          "edition itself) vs --jobs 1" + (f" vs the code in {before}" if before else ""))
    lib = samples(work / "f")
    args = ["render", "-q", "outlines/two-cycles.yaml", "-k", "all", "-f", "docx", "-f", "pdf", "-o", "f-out"]
    two, one, then = [], [], []
    for _ in range(runs):
        two.append(run(args + ["--jobs", "2"], lib)["s"])
        one.append(run(args + ["--jobs", "1"], lib)["s"])
        if before is not None:
            then.append(run([a for a in args[:-2] if a != "-q"] + ["-o", "f-before"], lib, src=before)["s"])
    a, b = show("--jobs 2", two), show("--jobs 1", one)
    ratio("--jobs 2 / --jobs 1", a, b)
    if before is not None:
        ratio("--jobs 2 / before", a, show(f"before ({before})", then))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--parts", default="abcdef")
    parser.add_argument("--before", type=Path, default=None)
    opts = parser.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {opts.runs} runs, "
          f"{time.strftime('%Y-%m-%d')}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for part in opts.parts:
            {"a": part_a, "b": part_b, "c": part_c, "d": part_d, "e": part_e}.get(
                part, lambda w, r: part_f(w, r, opts.before))(work, opts.runs)


if __name__ == "__main__":
    main()
