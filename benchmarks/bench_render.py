"""How fast rendering is, as ratios against baselines measured in the same run.

(a) one sample outline -> all three kinds in both formats, in a fresh process, against the floor:
    a fresh process that imports click, python-docx and reportlab and saves one trivial .docx and
    one trivial .pdf (with an embedded TTF font).                              target: at most 2.0
(b) a generated outline of 8,000 points, in this process:
    .docx: our backend vs a plain python-docx loop of add_paragraph(text, style=...) over the same
    points                                                        target: at least 5 times faster
    .pdf: our backend vs a bare platypus build of the same paragraphs with the same TTF fonts
                                                                           target: at most 1.5
(c) growth: time above the floor for 8,000 points vs 800 points (fresh processes rendering every
    kind and format)                                                       target: at most 12
(d) peak memory (max RSS) of the 8,000-point fresh-process render.
(e) each speed trick against its plain fallback (OUTLINE_EXPORT_PLAIN=TRICK), interleaved fresh
    processes, same teardown: median and min-max of each side. PDF tricks on the 8,000-point
    handout PDF; gc and exit on one sample to every kind and format.

    python benchmarks/bench_render.py [--runs 3] [--tricks] [--only-tricks]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import outline_text  # noqa: E402

FLOOR = r"""
import sys, io
import click, docx, reportlab
from docx import Document
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.pagesizes import letter
from reportlab.platypus import SimpleDocTemplate, Paragraph
from reportlab.lib.styles import ParagraphStyle
out = sys.argv[1]
d = Document(); d.add_paragraph("Hello"); d.save(out + "/floor.docx")
pdfmetrics.registerFont(TTFont("F", sys.argv[2]))
SimpleDocTemplate(out + "/floor.pdf", pagesize=letter, initialFontName="F").build(
    [Paragraph("Hello", ParagraphStyle("b", fontName="F"))])
"""


def run_process(cmd: list[str], env=None) -> tuple[float, int]:
    """Wall time and max RSS (KiB) of a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{cmd} failed with status {status}")
    return elapsed, usage.ru_maxrss


PEAK = r"""
import sys
from outline_export import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
finally:
    # VmHWM belongs to this process's own memory map: unlike ru_maxrss it does not count the
    # parent's pages from before exec (this script's parent is large after part (b)).
    with open("/proc/self/status") as f:
        peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
    sys.stderr.write(f"PEAK {peak}\n")
"""


def peak_memory(args: list[str]) -> int:
    """Peak resident memory (KiB) of one render in a fresh single process (OUTLINE_EXPORT_JOBS=1)."""
    env = dict(os.environ, OUTLINE_EXPORT_JOBS="1")
    out = subprocess.run([sys.executable, "-c", PEAK, *args], env=env, capture_output=True, text=True, check=True)
    return int(next(line.split()[1] for line in out.stderr.splitlines() if line.startswith("PEAK ")))


def ab(cmd: list[str], trick: str, runs: int) -> tuple[list[float], list[float]]:
    """Interleaved fresh-process runs of ``cmd`` with every trick, and with ``trick`` left out."""
    plain = dict(os.environ, OUTLINE_EXPORT_PLAIN=trick)
    run_process(cmd), run_process(cmd, env=plain)  # warm caches
    on, off = [], []
    for _ in range(runs):
        on.append(run_process(cmd)[0])
        off.append(run_process(cmd, env=plain)[0])
    return on, off


def tricks(tmp: Path, runs: int) -> None:
    exe = sys.executable
    big = tmp / "tricks8000.yaml"
    big.write_text(outline_text(8000), encoding="utf-8")
    pdf = [exe, "-m", "outline_export", "render", str(big), "-k", "handout", "-f", "pdf", "-o", str(tmp / "t")]
    sample = [exe, "-m", "outline_export", "render", str(ROOT / "outlines" / "two-cycles.yaml"), "-o", str(tmp / "s")]
    print("(e) speed tricks: fresh processes, interleaved, median (min-max) with / without the trick")
    for trick, cmd, what in (("fragments", pdf, "8,000-point handout PDF"), ("tail", pdf, "8,000-point handout PDF"),
                             ("labels", pdf, "8,000-point handout PDF"), ("gc", sample, "two-cycles, 6 documents"),
                             ("exit", sample, "two-cycles, 6 documents"), ("all", sample, "two-cycles, 6 documents")):
        on, off = ab(cmd, trick, runs)
        m_on, m_off = statistics.median(on), statistics.median(off)
        print(f"    {trick:9} {what}: with {m_on * 1000:.0f} ms ({min(on) * 1000:.0f}-{max(on) * 1000:.0f}), "
              f"without {m_off * 1000:.0f} ms ({min(off) * 1000:.0f}-{max(off) * 1000:.0f}): "
              f"saves {(m_off - m_on) * 1000:.0f} ms ({(1 - m_on / m_off) * 100:.0f}%)")


def median_process(cmd, runs) -> tuple[float, int]:
    results = [run_process(cmd) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def best(fn, runs) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--tricks", action="store_true", help="also measure each speed trick (e)")
    ap.add_argument("--only-tricks", action="store_true", help="measure only the speed tricks (e)")
    args = ap.parse_args()
    runs = args.runs
    if args.only_tricks:
        with tempfile.TemporaryDirectory() as tmp:
            tricks(Path(tmp), max(runs, 5))
        return

    from outline_export import backends, views
    from outline_export.document import List, Paragraph, plain, walk
    from outline_export.loader import load_text
    from outline_export.theme import load_theme

    theme = load_theme("default")
    serif = str(theme.fonts["serif"]["regular"])
    exe = sys.executable

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # ---------------------------------------------------------------- (a)
        floor_cmd = [exe, "-c", FLOOR, str(tmp), serif]
        sample_cmd = [exe, "-m", "outline_export", "render", str(ROOT / "outlines" / "two-cycles.yaml"),
                      "-o", str(tmp / "a")]
        run_process(floor_cmd), run_process(sample_cmd)  # warm caches
        floors, samples = [], []
        for _ in range(max(runs, 5)):  # alternate, so a busy moment hits both sides alike
            floors.append(run_process(floor_cmd))
            samples.append(run_process(sample_cmd))
        floor = statistics.median(t for t, _ in floors)
        sample = statistics.median(t for t, _ in samples)
        print(f"(a) floor (fresh process: import click, docx, reportlab; save trivial .docx + .pdf): {floor * 1000:.0f} ms")
        print(f"    two-cycles.yaml -> 3 kinds x 2 formats, fresh process: {sample * 1000:.0f} ms")
        print(f"    ratio: {sample / floor:.2f}  (target <= 2.0)")
        one = dict(os.environ, OUTLINE_EXPORT_JOBS="1")
        singles = [run_process(sample_cmd, env=one)[0] for _ in range(max(runs, 5))]
        print(f"    the same in one process (OUTLINE_EXPORT_JOBS=1, for a one-core machine): "
              f"{statistics.median(singles) * 1000:.0f} ms, ratio {statistics.median(singles) / floor:.2f}")

        # ---------------------------------------------------------------- (b)
        text8000 = outline_text(8000)
        outline = load_text(text8000, "generated.yaml")
        doc = views.build(outline, "handout")
        opts = views.writer_options("handout", views.ViewOptions())
        items = [(it, depth) for b, depth in walk(doc.blocks) if isinstance(b, List) for it in b.items]
        texts = [plain(it.blocks[0].runs) for it, _ in items if isinstance(it.blocks[0], Paragraph)]
        levels = [min(depth, 2) for _, depth in items]

        def plain_docx():
            import docx

            document = docx.Document()
            names = ["List Number", "List Number 2", "List Number 3"]
            for t, lvl in zip(texts, levels):
                document.add_paragraph(t, style=names[lvl])
            document.save(str(tmp / "plain.docx"))

        def ours_docx():
            (tmp / "ours.docx").write_bytes(backends.write("docx", doc, opts))

        def bare_pdf():
            from reportlab.lib.pagesizes import letter
            from reportlab.lib.styles import ParagraphStyle
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont
            from reportlab.platypus import Paragraph, SimpleDocTemplate
            from xml.sax.saxutils import escape

            if "BenchSerif" not in pdfmetrics.getRegisteredFontNames():
                pdfmetrics.registerFont(TTFont("BenchSerif", serif))
            styles = [ParagraphStyle(f"l{i}", fontName="BenchSerif", fontSize=11, leading=15,
                                     leftIndent=22 * (i + 1), spaceAfter=4) for i in range(3)]
            story = [Paragraph(escape(t), styles[lvl]) for t, lvl in zip(texts, levels)]
            SimpleDocTemplate(str(tmp / "bare.pdf"), pagesize=letter, initialFontName="BenchSerif").build(story)

        def ours_pdf():
            (tmp / "ours.pdf").write_bytes(backends.write("pdf", doc, opts))

        ours_docx(), ours_pdf()  # warm up: font registration, style caches
        t_plain_docx, t_ours_docx = best(plain_docx, runs), best(ours_docx, runs)
        t_bare_pdf, t_ours_pdf = best(bare_pdf, runs), best(ours_pdf, runs)
        print(f"(b) 8,000 points ({len(items)} list items in the handout)")
        print(f"    .docx: plain python-docx add_paragraph loop {t_plain_docx * 1000:.0f} ms, ours {t_ours_docx * 1000:.0f} ms"
              f" -> ours is {t_plain_docx / t_ours_docx:.1f}x faster  (target >= 5)")
        print(f"    .pdf:  bare platypus build {t_bare_pdf * 1000:.0f} ms, ours {t_ours_pdf * 1000:.0f} ms"
              f" -> ratio {t_ours_pdf / t_bare_pdf:.2f}  (target <= 1.5)")

        # ---------------------------------------------------------------- (c), (d)
        timings = {}
        for n in (800, 8000):
            f = tmp / f"gen{n}.yaml"
            f.write_text(outline_text(n), encoding="utf-8")
            cmd = [exe, "-m", "outline_export", "render", str(f), "-o", str(tmp / f"out{n}")]
            timings[n] = median_process(cmd, runs)
        above = {n: timings[n][0] - floor for n in timings}
        print(f"(c) fresh-process render, every kind and format: 800 points {timings[800][0] * 1000:.0f} ms, "
              f"8,000 points {timings[8000][0] * 1000:.0f} ms")
        print(f"    above the floor: {above[800] * 1000:.0f} ms vs {above[8000] * 1000:.0f} ms -> "
              f"growth {above[8000] / above[800]:.1f}x for 10x the points  (target <= 12)")
        peaks = {name: peak_memory(["render", str(path), "-o", str(tmp / "peak")])
                 for name, path in (("two-cycles", ROOT / "outlines" / "two-cycles.yaml"),
                                    ("800 points", tmp / "gen800.yaml"), ("8,000 points", tmp / "gen8000.yaml"))}
        print("(d) peak memory (resident, one process, every kind and format): "
              + ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in peaks.items()))
        if args.tricks:
            tricks(tmp, max(runs, 5))


if __name__ == "__main__":
    main()
