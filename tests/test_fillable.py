"""Fillable PDFs (`--fillable`, `fillable = true`): the fields read back from the written files.

Each blank gets a one-line text field lying on its drawn line (checked against the underscores
pdfplumber finds on the page), named in reading order; each discussion question a multi-line
field over its writing lines; the Notes lines one more. Counts come from the render tree, which
the PDF writer does not make."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from conftest import ROOT, edition
from outline_export import document as d
from outline_export import pipeline, views
from outline_export.cli import main
from outline_export.loader import load_file

SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))


def cli(*args, env=None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def fields(pdf: Path) -> list[tuple[int, str, tuple[float, ...], dict]]:
    """(page index, name, rectangle, widget) of every form field, in page order then drawing order."""
    out = []
    for i, page in enumerate(PdfReader(pdf).pages):
        for ref in page.get("/Annots") or []:
            a = ref.get_object()
            out.append((i, str(a["/T"]), tuple(float(v) for v in a["/Rect"]), a))
    return out


def expected_names(stem_outline: Path, kind: str) -> list[str]:
    """blank-N, question-N and notes in reading order: what the render tree holds for ``kind``."""
    ed = edition()
    outline = pipeline.prepare(load_file(stem_outline), ed)
    doc = views.build(outline, kind, ed.options)
    names: list[str] = []
    blanks = questions = 0
    for block, depth in d.walk(doc.blocks):
        runs = getattr(block, "runs", ()) + getattr(block, "title", ()) + getattr(block, "subtitle", ())
        for r in runs:
            if type(r) is d.BlankLine:
                blanks += 1
                names.append(f"blank-{blanks}")
        if type(block) is d.WritingLines and block.count:
            questions += bool(depth)
            names.append(f"question-{questions}" if depth else "notes")
    assert blanks and questions  # every sample has both: a count of 0 would prove nothing
    return names


def underscore_runs(page) -> list[tuple[float, float, float]]:
    """(x0, x1, baseline) of each run of "_" characters drawn on a pdfplumber page."""
    runs: list[list[float]] = []
    for c in page.chars:
        if c["text"] != "_":
            continue
        base = c["y0"]
        last = runs[-1] if runs else None
        if last and abs(last[2] - base) < 0.5 and abs(last[1] - c["x0"]) < 0.5:
            last[1] = c["x1"]
        else:
            runs.append([c["x0"], c["x1"], base])
    return [tuple(r) for r in runs]


def check_placed(pdf: Path) -> None:
    """Every field inside its page; a blank's field on a line of underscores of its length; a
    writing space's field over rules as wide as it."""
    found = fields(pdf)
    with pdfplumber.open(pdf) as plumber:
        for page_index, name, (x0, y0, x1, y1), _ in found:
            page = plumber.pages[page_index]
            assert 0 <= x0 < x1 <= float(page.width) and 0 <= y0 < y1 <= float(page.height), (name, x0, y0, x1, y1)
            if name.startswith("blank-"):
                lines = [r for r in underscore_runs(page)
                         if abs(r[0] - x0) < 1 and abs(r[1] - x1) < 1 and y0 <= r[2] <= y1]
                assert len(lines) == 1, f"{pdf.name}: {name} at {(x0, y0, x1, y1)} is on no blank's line"
            else:
                height = float(page.height)
                rules = [ln for ln in page.lines if abs(ln["x0"] - x0) < 1 and abs(ln["x1"] - x1) < 1
                         and y0 - 0.5 <= height - ln["top"] <= y1]
                assert rules, f"{pdf.name}: {name} covers no writing lines"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("fillable")
    r = cli("render", *SAMPLES, "-k", "worksheet", "-k", "handout", "-k", "notes", "-f", "pdf", "--fillable",
            "-o", out)
    assert r.exit_code == 0, r.output
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_worksheet_has_a_field_per_blank_and_question_in_order_on_its_line(rendered, sample):
    pdf = rendered / f"{sample.stem}-worksheet.pdf"
    names = [name for _, name, _, _ in fields(pdf)]
    assert names == expected_names(sample, "worksheet")
    assert sorted(PdfReader(pdf).get_fields()) == sorted(names)  # all in the AcroForm, none twice
    check_placed(pdf)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_handout_has_its_fields_and_one_for_the_notes(rendered, sample):
    pdf = rendered / f"{sample.stem}-handout.pdf"
    names = [name for _, name, _, _ in fields(pdf)]
    assert names == expected_names(sample, "handout")
    assert names[-1] == "notes"
    check_placed(pdf)


def test_speaker_notes_are_never_a_form(rendered):
    for sample in SAMPLES:
        reader = PdfReader(rendered / f"{sample.stem}-notes.pdf")
        assert not reader.get_fields()
        assert "/AcroForm" not in reader.trailer["/Root"]


def test_fields_start_empty_in_a_standard_font_with_no_fill_or_border(rendered):
    pdf = rendered / f"{SAMPLES[0].stem}-worksheet.pdf"
    for _, name, _, widget in fields(pdf):
        assert str(widget.get("/V", "")) == ""
        assert "/Helv" in str(widget["/DA"])  # a standard-14 font: nothing embedded is needed to type
        assert "/BG" not in widget.get("/MK", {}) and "/BC" not in widget.get("/MK", {})  # no light-blue box
        flags = int(widget["/Ff"])
        assert bool(flags & 4096) == (not name.startswith("blank-"))  # multi-line but for blanks
        assert "/MaxLen" not in widget


def test_a_small_outline_gets_exactly_its_fields(tmp_path):
    src = tmp_path / "small.yaml"
    src.write_text(
        'title: "Grace ___given___"\n'
        'big_idea: "We are saved by ___grace___ through ___faith___."\n'
        "sections:\n"
        "  - heading: One\n"
        '    points: ["A very long point whose blank falls at the end of a line, and must stay on its '
        'line: ___ ___ written words"]\n'
        "questions:\n"
        "  - What is grace?\n"
        "  - Who gives it?\n",
        encoding="utf-8")
    r = cli("render", src, "-k", "worksheet", "-f", "pdf", "--fillable", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    pdf = tmp_path / "small-worksheet.pdf"
    names = [name for _, name, _, _ in fields(pdf)]
    assert names == ["blank-1", "blank-2", "blank-3", "blank-4", "blank-5", "question-1", "question-2"]
    check_placed(pdf)


def test_without_fillable_nothing_changes(tmp_path):
    r = cli("render", SAMPLES[0], "-k", "worksheet", "-f", "pdf", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    reader = PdfReader(tmp_path / f"{SAMPLES[0].stem}-worksheet.pdf")
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert not any(p.get("/Annots") for p in reader.pages)


def _project(tmp_path, line: str) -> Path:
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "s.yaml").write_text(
        "title: Grace\nsections:\n  - heading: One\n    points: [\"Saved by ___grace___\"]\nquestions: [Why?]\n",
        encoding="utf-8")
    (tmp_path / "outline-export.toml").write_text(f"[defaults]\nformats = [\"pdf\"]\n{line}\n", encoding="utf-8")
    return tmp_path


def test_the_setting_makes_forms_and_the_option_can_turn_it_off(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path, "fillable = true"))
    r = cli("build", "-k", "worksheet", "-o", "on")
    assert r.exit_code == 0, r.output
    assert PdfReader(tmp_path / "on" / "s-worksheet.pdf").get_fields()
    r = cli("build", "-k", "worksheet", "--not-fillable", "-o", "off")
    assert r.exit_code == 0, r.output
    assert not PdfReader(tmp_path / "off" / "s-worksheet.pdf").get_fields()


def test_a_fillable_that_is_not_true_or_false_names_file_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path, 'fillable = "yes"'))
    r = cli("build", "-k", "worksheet")
    assert r.exit_code == 1
    assert r.output.endswith("outline-export.toml:3:1: fillable must be true or false (no quotes), like fillable = true\n")
    assert "Traceback" not in r.output
    assert not (tmp_path / "output").exists()


def test_a_bad_fillable_on_the_command_line_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(_project(tmp_path, ""))
    r = cli("build", "-k", "worksheet", "--set", "defaults.fillable=maybe")
    assert r.exit_code == 2
    assert "fillable must be true or false" in r.output
    r = cli("build", "-k", "worksheet", "--set", "defaults.fillable=true", "-o", "set")
    assert r.exit_code == 0, r.output
    assert PdfReader(tmp_path / "set" / "s-worksheet.pdf").get_fields()


def test_the_same_input_gives_the_same_bytes(tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    for name in ("a", "b"):
        r = cli("render", SAMPLES[1], "-k", "worksheet", "-f", "pdf", "--fillable", "-o", tmp_path / name, env=env)
        assert r.exit_code == 0, r.output
    one = (tmp_path / "a" / f"{SAMPLES[1].stem}-worksheet.pdf").read_bytes()
    assert one == (tmp_path / "b" / f"{SAMPLES[1].stem}-worksheet.pdf").read_bytes()


def fill(pdf: Path, out: Path) -> None:
    reader = PdfReader(pdf)
    writer = PdfWriter(clone_from=reader)
    values = {name: ("Pray for them by name." if not name.startswith("blank-") else f"answer {name[6:]}")
              for name in reader.get_fields()}
    for page in writer.pages:
        if page.get("/Annots"):
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    writer.write(out)


PDFTOPPM = shutil.which("pdftoppm")


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) is not installed; .ci/run installs it")
def test_the_filled_form_draws_without_errors(rendered, tmp_path):
    filled = tmp_path / "filled.pdf"
    fill(rendered / f"{SAMPLES[0].stem}-worksheet.pdf", filled)
    assert PdfReader(filled).get_fields()["blank-1"]["/V"] == "answer 1"
    for pdf in (rendered / f"{SAMPLES[0].stem}-worksheet.pdf", filled):
        done = subprocess.run([PDFTOPPM, "-png", "-r", "20", str(pdf), str(tmp_path / "page")],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stderr == "", done.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == len(PdfReader(filled).pages)


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _draw_can_open_pdfs() -> bool:
    """LibreOffice with Draw (its PDF import): libreoffice-draw-nogui on Debian."""
    if SOFFICE is None:
        return False
    program = Path(SOFFICE).resolve().parent
    return any(program.glob("libsdlo.so")) or any(program.glob("*sd*.dll"))


@pytest.mark.skipif(not _draw_can_open_pdfs(),
                    reason="LibreOffice Draw is not installed (libreoffice-draw-nogui); .ci/run installs it")
def test_the_filled_form_opens_in_libreoffice_draw(rendered, tmp_path):
    filled = tmp_path / "filled.pdf"
    fill(rendered / f"{SAMPLES[0].stem}-worksheet.pdf", filled)
    done = subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                           "--convert-to", "png", "--outdir", str(tmp_path / "lo"), str(filled)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "Error" not in done.stdout + done.stderr, done.stdout + done.stderr
    png = tmp_path / "lo" / "filled.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_fields_are_the_same_without_the_speed_tricks(rendered, tmp_path):
    """OUTLINE_EXPORT_PLAIN=all: blanks go through reportlab's parser (<onDraw/> markup)."""
    sample = SAMPLES[-1]
    r = cli("render", sample, "-k", "worksheet", "-f", "pdf", "--fillable", "-o", tmp_path,
            env={"OUTLINE_EXPORT_PLAIN": "all", "OUTLINE_EXPORT_JOBS": "1"})
    assert r.exit_code == 0, r.output
    plain_fields = [(p, n, rect) for p, n, rect, _ in fields(tmp_path / f"{sample.stem}-worksheet.pdf")]
    assert plain_fields == [(p, n, rect) for p, n, rect, _ in fields(rendered / f"{sample.stem}-worksheet.pdf")]


def test_blanks_in_a_paragraph_long_enough_to_be_laid_out_in_pieces_keep_their_fields(tmp_path):
    """A paragraph over _pdf_long.LONG characters is cut into pieces where lines end: each blank's
    mark must go with the piece that holds its line."""
    words = [f"word{k} ___faith{k}___ " if k % 97 == 0 else f"word{k} " for k in range(1, 6000)]
    (tmp_path / "long.yaml").write_text(f'title: Long\nintroduction: "{"".join(words).strip()}"\n'
                                        "sections:\n  - heading: One\n    points: [a]\n", encoding="utf-8")
    blanks = sum(1 for k in range(1, 6000) if k % 97 == 0)
    r = cli("render", tmp_path / "long.yaml", "-k", "handout", "-f", "pdf", "--fillable", "-o", tmp_path)
    assert r.exit_code == 0, r.output
    pdf = tmp_path / "long-handout.pdf"
    names = [name for _, name, _, _ in fields(pdf)]
    assert names == [f"blank-{n}" for n in range(1, blanks + 1)] + ["notes"]
    check_placed(pdf)


def test_a_fillable_pdf_is_not_imposed(tmp_path, monkeypatch):
    # imposing (2-up, booklet) keeps the widgets but drops the form: the two are refused together
    from click.testing import CliRunner

    from outline_export.cli import main

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    for layout in ("2-up", "booklet"):
        result = CliRunner().invoke(main, ["render", "outlines/two-cycles.yaml", "-k", "worksheet", "-f", "pdf",
                                           "--fillable", "--layout", layout, "-o", str(tmp_path / "w.pdf")])
        assert result.exit_code == 2, result.output
        assert result.stderr.strip().endswith(f"a fillable PDF cannot also be laid out {layout}: the sheets would "
                                              "lose the form; choose one (--not-fillable, or --layout single)")
        assert not (tmp_path / "w.pdf").exists()
