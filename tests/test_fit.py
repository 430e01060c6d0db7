"""Handouts that fit: detail, fit, notes_lines, answer_key. Everything is checked on the files the
command line writes: page counts and text from the PDF, styles and paragraphs from the .docx."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from outline_export.cli import main
from outline_export.loader import load_file

from conftest import REPO_SETTINGS, ROOT
from readback import docx_text, norm, pdf_pages, pdf_text

SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))


def render(out: Path, *args: str):
    return CliRunner().invoke(main, ["render", *map(str, SAMPLES), "-o", str(out), "--config", str(REPO_SETTINGS),
                                     *args])


def pages(path: Path) -> int:
    return len(PdfReader(str(path)).pages)


def writing_lines(path: Path) -> int:
    """Ruled lines drawn in the PDF (long horizontal strokes) or Writing Line paragraphs in the .docx."""
    if path.suffix == ".docx":
        return sum(1 for p in docx.Document(str(path)).paragraphs if p.style.name == "Writing Line")
    with pdfplumber.open(str(path)) as pdf:
        return sum(1 for pg in pdf.pages for ln in pg.lines if abs(ln["top"] - ln["bottom"]) < 0.1 and ln["x1"] - ln["x0"] > 200)


@pytest.fixture(scope="module")
def fitted(tmp_path_factory):
    """Every sample's handout and worksheet, both formats, with fit = "1 page" and with "2 pages"."""
    out = {}
    for fit in ("1 page", "2 pages"):
        folder = tmp_path_factory.mktemp(fit.replace(" ", "-"))
        result = render(folder, "-k", "handout", "-k", "worksheet", "--set", f"defaults.fit={fit}")
        assert result.exit_code == 0, result.output
        out[fit] = (folder, result.stderr)
    return out


def test_every_sample_handout_fits_one_sheet(fitted):
    folder, _ = fitted["2 pages"]
    got = {s.stem: pages(folder / f"{s.stem}-handout.pdf") for s in SAMPLES}
    assert all(n <= 2 for n in got.values()), got


def test_four_of_five_handouts_fit_one_side_and_the_other_is_named(fitted):
    folder, stderr = fitted["1 page"]
    got = {s.stem: pages(folder / f"{s.stem}-handout.pdf") for s in SAMPLES}
    over = [stem for stem, n in got.items() if n > 1]
    assert len(over) <= 1, got
    for stem in over:  # a warning names the file and the page count; the document is whole
        assert re.search(rf"{stem}\.yaml: warning: the handout does not fit on 1 page .* it takes "
                         rf"{got[stem]} pages; it is printed on {got[stem]} pages", stderr), stderr
    for stem, n in got.items():
        if n == 1:
            assert f"{stem}.yaml: warning: the handout" not in stderr


def test_fitting_never_clips(fitted):
    """Every heading, point, blank line and question of the skeleton is in the fitted PDF."""
    folder, _ = fitted["1 page"]
    for sample in SAMPLES:
        outline = load_file(sample)
        text = pdf_text(folder / f"{sample.stem}-handout.pdf")
        for q in outline.questions:
            if not q.audience:
                words = norm("".join(getattr(x, "text", "") for x in q.text)).split()
                assert " ".join(words[:4]) in text, (sample.stem, words[:4])


def test_word_gets_the_sizes_the_pdf_chose(fitted):
    folder, _ = fitted["1 page"]
    for sample in SAMPLES:
        path = folder / f"{sample.stem}-handout"
        with pdfplumber.open(str(path.with_suffix(".pdf"))) as pdf:
            sizes = [round(c["size"], 1) for c in pdf.pages[0].chars if c["fontname"].endswith("DejaVuSerif")]
        body = max(set(sizes), key=sizes.count)
        word = docx.Document(str(path.with_suffix(".docx"))).styles["Normal"].font.size.pt
        assert word == body, (sample.stem, word, body)
        assert 9.0 <= body <= 11.0


def test_worksheet_key_on_its_own_page_after_the_credit(fitted):
    """fit counts the pages before the key; the translation credit is on the last content page."""
    folder, _ = fitted["2 pages"]
    from outline_export.languages import catalogue
    from outline_export.loader import load_file

    for sample in SAMPLES:
        words = catalogue(load_file(sample).language or "en")["words"]  # the outline's language prints them
        heading, credit = words["answer_key"], words["quotations"].split("{")[0].strip()
        texts = pdf_pages(folder / f"{sample.stem}-worksheet.pdf")
        key = [i for i, t in enumerate(texts) if t.startswith(heading) or f" {heading} 1." in t]
        assert key and key[0] <= 2, (sample.stem, [t[:40] for t in texts])
        if credit in " ".join(texts):
            assert credit in texts[key[0] - 1], sample.stem


def test_default_handout_is_the_skeleton_and_full_has_the_prose(tmp_path):
    one = SAMPLES[-1]  # two-cycles: an introduction without blanks
    intro = "To intercede is to come before God for somebody else"
    for detail, present in (("outline", False), ("full", True)):
        out = tmp_path / detail
        result = CliRunner().invoke(main, ["render", str(one), "-k", "handout", "-o", str(out), "--config",
                                           str(REPO_SETTINGS), "--set", f"defaults.detail={detail}"])
        assert result.exit_code == 0, result.output
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = read(out / f"{one.stem}-handout.{fmt}")
            assert (intro in text) is present, (detail, fmt)
            assert "Moses’ intercession reveals a complete" in text  # the points stay
    notes = tmp_path / "notes"
    CliRunner().invoke(main, ["render", str(one), "-k", "notes", "-f", "pdf", "-o", str(notes),
                              "--config", str(REPO_SETTINGS)])
    assert intro in pdf_text(notes / f"{one.stem}-notes.pdf")  # speaker notes always carry everything


def test_notes_lines_number_and_fill(tmp_path):
    great = ROOT / "outlines" / "great-sin.yaml"  # no questions' lines to confuse the count: check the difference
    counts = {}
    for value in ("0", "3", "fill"):
        out = tmp_path / value
        result = CliRunner().invoke(main, ["render", str(great), "-k", "handout", "-o", str(out), "--config",
                                           str(REPO_SETTINGS), "--set", f"defaults.notes_lines={value}"])
        assert result.exit_code == 0, result.output
        counts[value] = {fmt: writing_lines(out / f"great-sin-handout.{fmt}") for fmt in ("pdf", "docx")}
        counts[value]["pages"] = pages(out / "great-sin-handout.pdf")
    assert counts["3"]["pdf"] - counts["0"]["pdf"] == 3 == counts["3"]["docx"] - counts["0"]["docx"]
    filled = counts["fill"]["pdf"] - counts["0"]["pdf"]
    assert filled >= 3 and counts["fill"]["pages"] == counts["0"]["pages"]  # the rest of the last page, no more
    assert counts["fill"]["docx"] - counts["0"]["docx"] == filled  # the same count in Word
    text = pdf_pages(tmp_path / "fill" / "great-sin-handout.pdf")[-1]
    assert "Notes" in text


@pytest.mark.parametrize("where", ["after", "separate"])
def test_answer_key_placement(tmp_path, where):
    great = ROOT / "outlines" / "great-sin.yaml"
    result = CliRunner().invoke(main, ["render", str(great), "-k", "worksheet", "-o", str(tmp_path), "--config",
                                       str(REPO_SETTINGS), "--set", f"defaults.answer_key={where}"])
    assert result.exit_code == 0, result.output
    sheet = pdf_pages(tmp_path / "great-sin-worksheet.pdf")
    key = tmp_path / "great-sin-worksheet-key.pdf"
    if where == "after":
        assert not key.exists()
        last = sheet[-1]
        assert "Answer Key" in last and "Discussion Questions" in " ".join(sheet)
        assert not last.lstrip().startswith("Answer Key")  # not a page of its own
    else:
        assert "Answer Key" not in " ".join(sheet)
        for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
            text = read(tmp_path / f"great-sin-worksheet-key.{fmt}")
            assert "Answer Key" in text and "A Great Sin Confessed" in text
            assert "Discussion Questions" not in text
        assert "1. justice 2. mercy 3. mediator" in pdf_text(key)  # numbered as the worksheet's blanks
        assert str(key) in result.output


@pytest.mark.parametrize("line, message", [
    ('fit = "3 pages"', "fit '3 pages' is not one of: 1 page, 2 pages, none"),
    ('notes_lines = 100', 'notes_lines must be a number of lines from 0 to 60, or "fill"'),
    ('answer_key = "back"', "answer_key 'back' is not one of: own page, after, separate"),
    ('detail = "summary"', "detail 'summary' is not one of: outline, full"),
])
def test_bad_settings_name_file_line_and_fix(tmp_path, line, message):
    toml = tmp_path / "outline-export.toml"
    toml.write_text(f"[defaults]\nkinds = [\"handout\"]\n{line}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(SAMPLES[0]), "-o", str(tmp_path / "out"), "--config", str(toml)])
    assert result.exit_code == 1
    assert f"{toml}:3:1: {message}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_bad_fit_on_the_command_line_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["render", str(SAMPLES[0]), "-o", str(tmp_path), "--config", str(REPO_SETTINGS),
                                       "--set", "defaults.fit=one page"])
    assert result.exit_code == 2
    assert "fit 'one page' is not one of: 1 page, 2 pages, none" in result.output
    assert not list(tmp_path.iterdir())


def test_a_warning_names_the_edition_that_does_not_fit(tmp_path):
    # the Large Print edition (16 pt, never made smaller) of the longest sample cannot fit one side
    result = CliRunner().invoke(main, ["render", str(ROOT / "outlines" / "two-cycles.yaml"), "-o", str(tmp_path),
                                       "--config", str(REPO_SETTINGS), "-k", "handout", "-f", "pdf", "-a", "seniors",
                                       "--set", "defaults.fit=1 page"])
    assert result.exit_code == 0, result.output
    n = pages(next(tmp_path.rglob("*.pdf")))
    assert n > 1
    assert re.search(rf"two-cycles\.yaml: warning: the Large Print handout does not fit on 1 page \(fit = \"1 page\"\): "
                     rf"even with tighter spacing, no writing lines and 16 pt type it takes {n} pages; it is printed on "
                     rf"{n} pages, nothing cut \(shorten the outline, or set fit = \"2 pages\", or set fit = \"none\" "
                     rf"under \[audiences\.seniors\]\)", result.stderr), result.stderr
