"""How fast rendering is, against baselines measured in the same run, every figure the same way.

Method (every part): each side runs in its own fresh process; the sides of a comparison take turns
run by run (A B, then B A, ...), after two warm-up runs each; a figure is the median of the runs,
printed with the min-max. Every process runs with OUTLINE_EXPORT_JOBS=1 (one process, no drawing
worker), with bytecode caching on (PYTHONDONTWRITEBYTECODE is dropped and the .pyc files go to a
temporary PYTHONPYCACHEPREFIX, as an installed package has them) and with the font cache in a
temporary folder (OUTLINE_EXPORT_CACHE; warm after the warm-up runs, as on a user's machine after
the first two renders: fonts and logos are kept by the first, compiled code once a second process
compiles it too). Whole-process figures are wall time from start to exit; where only the drawing
is compared, the process times its drawing itself and prints it. Parts (a) and (e) also print
the processes' CPU time (user + system, from wait4), which other work on a shared machine moves less.

(a) two-cycles.yaml -> 3 kinds x 2 formats (`render -k all -f docx -f pdf`, 6 documents) against the
    fair floor: a fresh process that imports click, python-docx and reportlab, saves a trivial .docx
    and a trivial .pdf with an embedded TTF, flushes and ends with os._exit, as the tool does.
                                                                           target: at most 1.8
(b) a generated outline of 8,000 points (handout), drawing only:
    .docx: ours vs a plain python-docx loop of add_paragraph(text, style=...)   target: >= 5x faster
    .pdf:  ours vs a bare platypus build of the same paragraphs, same TTF font    target: at most 1.5
(c) growth: whole-process `render FILE` (every kind, the settings' formats), 800 vs 8,000 points, time above the
    floor of (a)                                                               target: at most 12x
(d) peak memory (VmHWM) of fresh-process renders, every kind and format.
(e) each speed trick against its plain fallback (OUTLINE_EXPORT_PLAIN=TRICK): PDF tricks on the
    8,000-point handout PDF, the others on (a)'s render.
(f) .docx against a raw-XML floor, drawing only, generated outline (--docx-points, 8,000): the
    floor parses python-docx's default template, appends the same list paragraphs (text and list
    style) as raw XML through lxml in one parse, and saves.
(g) with --before: the pieces a plain change touched (the glyph check; the .docx writing),
    timed inside fresh processes, this code against the code in --before.

    python benchmarks/bench_render.py [--runs 7] [--parts abcdefg] [--tricks T,T] [--docx-points 8000]
                                      [--before OTHER/src]   (a, f, g: the code in OTHER/src as another side)
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

SAMPLE = ROOT / "outlines" / "two-cycles.yaml"

FLOOR = r"""
import os, sys
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
sys.stdout.flush(); sys.stderr.flush()
os._exit(0)  # the tool's own teardown (cli.run)
"""

# One side of a drawing-only comparison: everything is imported and the outline loaded and
# viewed first; only the drawing is timed, and printed as "TIME seconds".
DRAW = r"""
import io, sys, time
side, yaml_path, out, serif = sys.argv[1:5]
from outline_export import backends, views
from outline_export.document import List, Paragraph, plain, walk
from outline_export.loader import load_file
import docx, lxml.etree
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph as RLParagraph, SimpleDocTemplate
from xml.sax.saxutils import escape
import outline_export.backends.docx, outline_export.backends.pdf

doc = views.build(load_file(yaml_path), "handout")
opts = views.writer_options("handout", views.ViewOptions())
items = [(it, depth) for b, depth in walk(doc.blocks) if isinstance(b, List) for it in b.items]
texts = [plain(it.blocks[0].runs) for it, _ in items if isinstance(it.blocks[0], Paragraph)]
levels = [min(depth, 2) for _, depth in items]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

def ours_docx():
    return backends.write("docx", doc, opts)

def ours_pdf():
    return backends.write("pdf", doc, opts)

def plain_docx():
    document = docx.Document()
    names = ["List Number", "List Number 2", "List Number 3"]
    for t, lvl in zip(texts, levels):
        document.add_paragraph(t, style=names[lvl])
    buf = io.BytesIO(); document.save(buf); return buf.getvalue()

def raw_docx():
    document = docx.Document()
    ids = ["ListNumber", "ListNumber2", "ListNumber3"]
    xml = "".join(f'<w:p><w:pPr><w:pStyle w:val="{ids[lvl]}"/></w:pPr><w:r><w:t xml:space="preserve">'
                  f"{escape(t)}</w:t></w:r></w:p>" for t, lvl in zip(texts, levels))
    body = document.element.body
    sect = body[-1]
    for p in lxml.etree.fromstring(f'<w:body xmlns:w="{W}">{xml}</w:body>'):
        sect.addprevious(p)
    buf = io.BytesIO(); document.save(buf); return buf.getvalue()

def bare_pdf():
    pdfmetrics.registerFont(TTFont("BenchSerif", serif))
    styles = [ParagraphStyle(f"l{i}", fontName="BenchSerif", fontSize=11, leading=15,
                             leftIndent=22 * (i + 1), spaceAfter=4) for i in range(3)]
    story = [RLParagraph(escape(t), styles[lvl]) for t, lvl in zip(texts, levels)]
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=letter, initialFontName="BenchSerif").build(story)
    return buf.getvalue()

fn = {"ours_docx": ours_docx, "ours_pdf": ours_pdf, "plain_docx": plain_docx, "raw_docx": raw_docx,
      "bare_pdf": bare_pdf}[side]
start = time.perf_counter()
data = fn()
elapsed = time.perf_counter() - start
open(f"{out}/{side}.bin", "wb").write(data)
print(f"TIME {elapsed}")
"""

# (g): the parts of a render a plain (not switchable) change touched, timed inside a fresh process.
PIECES = r"""
import sys, time
from outline_export import backends, glyphs, views
from outline_export.loader import load_file
from outline_export.view_options import ViewOptions
import outline_export.backends.docx
outline = load_file(sys.argv[2])
if sys.argv[1] == "glyphs":
    start = time.perf_counter()
    glyphs.glyph_warnings(outline, ViewOptions())
else:
    docs = [(views.build(outline, k), views.writer_options(k, views.ViewOptions()))
            for k in ("handout", "notes", "worksheet")]
    start = time.perf_counter()
    for doc, opts in docs:
        backends.write("docx", doc, opts)
print(f"TIME {time.perf_counter() - start}")
"""

PEAK = r"""
import sys
from outline_export import cli
try:
    cli.main(sys.argv[1:], standalone_mode=False)
finally:
    # VmHWM belongs to this process's own memory map: unlike ru_maxrss it does not count the
    # parent's pages from before exec.
    with open("/proc/self/status") as f:
        peak = next(line.split()[1] for line in f if line.startswith("VmHWM"))
    sys.stderr.write(f"PEAK {peak}\n")
"""


def child_env(tmp: Path, src: str | None = None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONDONTWRITEBYTECODE", "OUTLINE_EXPORT_PLAIN")}
    src = src or str(ROOT / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.update(OUTLINE_EXPORT_JOBS="1", PYTHONPYCACHEPREFIX=str(tmp / "pycache"),
               OUTLINE_EXPORT_CACHE=str(tmp / "cache"))
    env.update(extra)
    return env


def run_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float | None, float]:
    """Wall time of a fresh process, the time it printed itself ("TIME s") if any, and its CPU
    time (user + system, from wait4: less moved than wall time by other work on the machine)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    stdout = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.stdout.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed with status {proc.returncode}")
    inner = next((float(line.split()[1]) for line in stdout.splitlines() if line.startswith("TIME ")), None)
    return elapsed, inner, usage.ru_utime + usage.ru_stime


CPU: dict[str, list[float]] = {}  # the CPU times of the last ``interleaved`` call, by side


def interleaved(sides: dict[str, tuple[list[str], dict[str, str]]], runs: int, inner: bool = False
                ) -> dict[str, list[float]]:
    """Each side ``runs`` times in fresh processes, taking turns (order reversed every other
    round), after two warm-up runs each. ``inner``: the time each process printed, not its wall
    time. The processes' CPU times are left in ``CPU``."""
    names = list(sides)
    for _ in range(2):  # the code tables keep what a second process compiles (codecache)
        for name in names:
            run_process(*sides[name])
    out: dict[str, list[float]] = {name: [] for name in names}
    CPU.clear()
    CPU.update({name: [] for name in names})
    for r in range(runs):
        for name in names if r % 2 == 0 else reversed(names):
            wall, printed, cpu = run_process(*sides[name])
            out[name].append(printed if inner else wall)
            CPU[name].append(cpu)
    return out


def ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:,.0f} ms ({min(times) * 1000:,.0f}-{max(times) * 1000:,.0f})"


def ratio(a: list[float], b: list[float]) -> str:
    """Median of a over median of b, and the min-max of the run-by-run ratios."""
    pairs = [x / y for x, y in zip(a, b)]
    return f"{statistics.median(a) / statistics.median(b):.2f} (runs {min(pairs):.2f}-{max(pairs):.2f})"


def render_cmd(yaml: Path, out: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "outline_export", "render", str(yaml), *args, "-o", str(out)]


def part_a(tmp: Path, runs: int, serif: str, before: str | None) -> None:
    env = child_env(tmp)
    cmd = render_cmd(SAMPLE, tmp / "a", "-k", "all", "-f", "docx", "-f", "pdf")
    sides = {"floor": ([sys.executable, "-c", FLOOR, str(tmp), serif], env), "ours": (cmd, env)}
    if before:
        sides["before"] = (cmd, child_env(tmp, src=before))
    t = interleaved(sides, runs)
    print("(a) one outline, fresh process, against the fair floor (same os._exit teardown)")
    print(f"    floor: import click, python-docx, reportlab; save a trivial .docx and .pdf: {ms(t['floor'])}")
    print(f"    two-cycles.yaml -> 3 kinds x 2 formats (6 documents):                       {ms(t['ours'])}")
    print(f"    ratio {ratio(t['ours'], t['floor'])}  (target <= 1.8)")
    if before:
        print(f"    the same with the code in {before}: {ms(t['before'])}, ratio {ratio(t['before'], t['floor'])}")
    cpu = dict(CPU)
    print(f"    CPU time: floor {ms(cpu['floor'])}, ours {ms(cpu['ours'])}, ratio {ratio(cpu['ours'], cpu['floor'])}"
          + (f"; before {ms(cpu['before'])}, ratio {ratio(cpu['before'], cpu['floor'])}" if before else ""))


def part_b(tmp: Path, runs: int, serif: str, big: Path) -> None:
    env = child_env(tmp)

    def side(name):
        return [sys.executable, "-c", DRAW, name, str(big), str(tmp), serif], env

    print("(b) 8,000-point handout, drawing only, each side in its own fresh process")
    t = interleaved({"plain_docx": side("plain_docx"), "ours_docx": side("ours_docx")}, runs, inner=True)
    print(f"    .docx: plain python-docx add_paragraph loop {ms(t['plain_docx'])}, ours {ms(t['ours_docx'])}: "
          f"ours is {statistics.median(t['plain_docx']) / statistics.median(t['ours_docx']):.1f}x faster  (target >= 5)")
    t = interleaved({"bare_pdf": side("bare_pdf"), "ours_pdf": side("ours_pdf")}, runs, inner=True)
    print(f"    .pdf:  bare platypus build {ms(t['bare_pdf'])}, ours {ms(t['ours_pdf'])}: "
          f"ratio {ratio(t['ours_pdf'], t['bare_pdf'])}  (target <= 1.5)")


def part_c(tmp: Path, runs: int, serif: str, files: dict[int, Path]) -> None:
    env = child_env(tmp)
    t = interleaved({"floor": ([sys.executable, "-c", FLOOR, str(tmp), serif], env),
                     **{str(n): (render_cmd(f, tmp / f"c{n}"), env) for n, f in files.items()}}, runs)
    floor = statistics.median(t["floor"])
    above = {n: statistics.median(t[str(n)]) - floor for n in files}
    print("(c) growth: fresh-process render, every kind and format")
    print(f"    floor {ms(t['floor'])}; 800 points {ms(t['800'])}; 8,000 points {ms(t['8000'])}")
    print(f"    above the floor: {above[800] * 1000:,.0f} ms vs {above[8000] * 1000:,.0f} ms: "
          f"growth {above[8000] / above[800]:.1f}x for 10x the points  (target <= 12)")


def part_d(tmp: Path, files: dict[int, Path]) -> None:
    env = child_env(tmp)
    peaks = {}
    for name, path in (("two-cycles", SAMPLE), ("800 points", files[800]), ("8,000 points", files[8000])):
        out = subprocess.run([sys.executable, "-c", PEAK, "render", str(path), "-o", str(tmp / "peak")],
                             env=env, capture_output=True, text=True, check=True)
        peaks[name] = int(next(line.split()[1] for line in out.stderr.splitlines() if line.startswith("PEAK ")))
    print("(d) peak memory (VmHWM, one process, every kind and format): "
          + ", ".join(f"{name} {kib / 1024:.0f} MiB" for name, kib in peaks.items()))


TRICKS = (("fragments", "pdf"), ("tail", "pdf"), ("labels", "pdf"), ("fontcache", "sample"),
          ("fontgc", "sample"), ("exit", "sample"), ("dataclasses", "sample"), ("regex", "sample"),
          ("logocache", "sample"), ("subsets", "sample"), ("all", "sample"))


def part_e(tmp: Path, runs: int, big: Path, only: str | None) -> None:
    cmds = {"pdf": (render_cmd(big, tmp / "e", "-k", "handout", "-f", "pdf"), "8,000-point handout PDF"),
            "sample": (render_cmd(SAMPLE, tmp / "e", "-k", "all", "-f", "docx", "-f", "pdf"),
                       "two-cycles, 6 documents")}
    print("(e) speed tricks: fresh processes, interleaved, median (min-max) with / without the trick")
    for trick, which in TRICKS:
        if only and trick not in only.split(","):
            continue
        cmd, what = cmds[which]
        t = interleaved({"with": (cmd, child_env(tmp)),
                         "without": (cmd, child_env(tmp, OUTLINE_EXPORT_PLAIN=trick))}, runs)
        m_on, m_off = statistics.median(t["with"]), statistics.median(t["without"])
        c_on, c_off = statistics.median(CPU["with"]), statistics.median(CPU["without"])
        print(f"    {trick:9} {what}: with {ms(t['with'])}, without {ms(t['without'])}: "
              f"saves {(m_off - m_on) * 1000:,.0f} ms ({(1 - m_on / m_off) * 100:.0f}%); CPU time with "
              f"{ms(CPU['with'])}, without {ms(CPU['without'])}: saves {(c_off - c_on) * 1000:,.0f} ms")


def part_f(tmp: Path, runs: int, serif: str, points: int, before: str | None) -> None:
    f = tmp / f"gen{points}.yaml"
    if not f.exists():
        f.write_text(outline_text(points), encoding="utf-8")

    def side(name, src=None):
        return [sys.executable, "-c", DRAW, name, str(f), str(tmp), serif], child_env(tmp, src=src)

    sides = {"raw_docx": side("raw_docx"), "ours_docx": side("ours_docx")}
    if before:
        sides["before"] = side("ours_docx", before)
    t = interleaved(sides, runs, inner=True)
    print(f"(f) .docx of a {points:,}-point handout, drawing only, against the raw-XML floor")
    print(f"    floor: default template parsed, paragraphs appended as raw XML (lxml), saved: {ms(t['raw_docx'])}")
    print(f"    our docx writer:                                                           {ms(t['ours_docx'])}")
    print(f"    ratio {ratio(t['ours_docx'], t['raw_docx'])}")
    if before:
        print(f"    the same with the code in {before}: {ms(t['before'])}, ratio {ratio(t['before'], t['raw_docx'])}")


def part_g(tmp: Path, runs: int, before: str) -> None:
    print(f"(g) plain changes, inside a fresh process, this code vs the code in {before}")
    for piece, what in (("glyphs", "glyph check of two-cycles (fallback faces read when needed)"),
                        ("docx", "three .docx of two-cycles (fontmetrics.load resolving a path once)")):
        t = interleaved({"now": ([sys.executable, "-c", PIECES, piece, str(SAMPLE)], child_env(tmp)),
                         "before": ([sys.executable, "-c", PIECES, piece, str(SAMPLE)], child_env(tmp, src=before))},
                        runs, inner=True)
        print(f"    {what}: {ms(t['now'])}, before {ms(t['before'])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--parts", default="abcdefg", help="which parts to run (default: all; g needs --before)")
    ap.add_argument("--tricks", default=None, help="part (e): only these tricks (comma-separated)")
    ap.add_argument("--before", default=None, help="parts (a), (f), (g): also time the code in this src folder")
    ap.add_argument("--docx-points", type=int, default=8000, help="part (f): points of the generated outline")
    args = ap.parse_args()

    from outline_export.theme import load_theme

    serif = str(load_theme("default").fonts["serif"]["regular"])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        files = {}
        for n in (800, 8000):
            files[n] = tmp / f"gen{n}.yaml"
            files[n].write_text(outline_text(n), encoding="utf-8")
        print(f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
              f"{args.runs} runs a side")
        if "a" in args.parts:
            part_a(tmp, args.runs, serif, args.before)
        if "b" in args.parts:
            part_b(tmp, args.runs, serif, files[8000])
        if "c" in args.parts:
            part_c(tmp, args.runs, serif, files)
        if "d" in args.parts:
            part_d(tmp, files)
        if "e" in args.parts:
            part_e(tmp, args.runs, files[8000], args.tricks)
        if "f" in args.parts:
            part_f(tmp, args.runs, serif, args.docx_points, args.before)
        if "g" in args.parts and args.before:
            part_g(tmp, args.runs, args.before)


if __name__ == "__main__":
    main()
