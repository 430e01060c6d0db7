"""PDFs of outsized text: every word of a very long answer, title, heading, quotation, note or
paragraph is in the written file, in order, in every kind of document, at the largest print on the
smallest paper; a very long paragraph is laid out in time that grows with its length (counted,
not timed), with the same lines as in one piece."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from click.testing import CliRunner

from outline_export import views
from outline_export.backends import _pdf_long
from outline_export.cli import main

ROOT = Path(__file__).resolve().parents[1]
FOOTER = re.compile(r"Page \d+ of \d+\s*$")


@pytest.fixture(autouse=True)
def _one_process(monkeypatch):
    """Documents drawn in this process, where a test's patches apply; tricks on."""
    monkeypatch.setenv("OUTLINE_EXPORT_JOBS", "1")
    monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)


def long_text(prefix: str, chars: int) -> str:
    """Numbered words (``t1 t2 ...``, a full stop after every ninth), ``chars`` characters or so."""
    words, n = [], 0
    while len(" ".join(words)) < chars:
        n += 1
        words.append(f"{prefix}{n}{'.' if n % 9 == 0 else ''}")
    return " ".join(words)


def pdf_text(path: Path) -> str:
    """The file's text, page by page, without the page footers."""
    reader = pypdf.PdfReader(str(path))
    return "\n".join(FOOTER.sub("", page.extract_text() or "") for page in reader.pages)


def words_of(prefix: str, text: str) -> list[str]:
    """The numbered words with ``prefix`` in ``text``, in reading order, without their full stops
    (a word broken over two lines would not match, and would show as missing)."""
    return re.findall(rf"(?<![\w])({prefix}\d+)(?![\w])", text)


def ink(text: str) -> str:
    """``text`` without white space."""
    return re.sub(r"\s+", "", text)


def numbered(text: str) -> list[str]:
    return [w.rstrip(".") for w in text.split()]


def render(tmp_path: Path, source: str, *args: str, name: str = "long") -> tuple[object, Path]:
    f = tmp_path / f"{name}.yaml"
    f.write_text(source, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(f), "-f", "pdf", "-o", str(out), *args])
    return result, out


# ---------------------------------------------------------------- the smallest input for each place

N = 7000  # characters: over _pdf_long.LONG, so the pieces are exercised too
q = json.dumps


def outline_with(field: str, text: str) -> str:
    """A small outline with ``text`` in one place."""
    v = {k: "x" for k in ("title", "heading", "point", "answer", "detail", "quote", "note", "question", "intro")}
    v[field] = text
    return f"""title: {q(v['title'])}
introduction: {q(v['intro'])}
sections:
  - heading: {q(v['heading'])}
    note: {q(v['note'])}
    points:
      - text: {q(v['point'] + ' ___' + v['answer'] + '___ end')}
        ref: Exodus 32:7
        detail: {q(v['detail'])}
      - quote: {q(v['quote'])}
        ref: Exodus 32:14
        translation: KJV
questions:
  - {q(v['question'])}
"""


# where each place is printed: notes only for speaker notes, the answer in the notes (in place)
# and in the worksheet's answer key, the rest in every kind
SHOWN = {"note": {"notes"}, "answer": {"notes", "worksheet"}}
PLACES = ["answer", "title", "heading", "quote", "note", "point", "detail", "question", "intro"]


def test_every_kind_is_covered():
    assert set(views.KIND_NAMES) == {"handout", "notes", "worksheet"}


@pytest.mark.parametrize("field", PLACES)
def test_outsized_text_in_large_print_on_small_paper_is_all_there(tmp_path, field):
    prefix = {"question": "k"}.get(field, field[0])  # one letter: at 80 pt a word must fit a line
    text = long_text(prefix, N)
    want = numbered(text)
    result, out = render(tmp_path, outline_with(field, text), "--paper", "half-letter",
                         "--set", "defaults.font_size=40", "--set", "defaults.detail=full")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and result.exception is None
    for kind in views.KIND_NAMES:
        got = pdf_text(out / f"long-{kind}.pdf")
        if kind in SHOWN.get(field, set(views.KIND_NAMES)):
            # a column this narrow breaks some words (q1|00): compare the characters, in order
            if field in ("answer", "point", "question"):  # the item's label is drawn after its
                got = re.sub(r"(?m)^\s*(?:I|1)\.\s*$", "", got)  # first lines: leave it out
            assert ink(text) in ink(got), kind
            assert len(words_of(prefix, got)) > len(want) / 2, kind
        else:
            assert words_of(prefix, got) == [], kind


def test_long_answer_in_the_worksheet_key_on_a5_and_letter(tmp_path):
    text = long_text("an", 20000)
    for paper in ("a5", "letter"):
        result, out = render(tmp_path, outline_with("answer", text), "-k", "worksheet", "--paper", paper)
        assert result.exit_code == 0, result.output
        reader = pypdf.PdfReader(str(out / "long-worksheet.pdf"))
        key = [i for i, p in enumerate(reader.pages) if "Answer Key" in (p.extract_text() or "")]
        assert key, "no answer key"
        got = words_of("an", "\n".join(reader.pages[i].extract_text() for i in range(key[0], len(reader.pages))))
        assert got == numbered(text), paper
        assert len(reader.pages) - key[0] >= 4  # the one answer runs over several pages


# ---------------------------------------------------------------- one very long paragraph


def paragraph_outline(chars: int, bold_every: int = 40) -> tuple[str, list[str]]:
    words = long_text("w", chars).split()
    shown = [f"**{w}**" if i % bold_every == 0 else w for i, w in enumerate(words, 1)]
    source = (f"title: Long\nsections:\n  - heading: One\n    points:\n"
              f"      - text: {q(' '.join(shown))}\n        ref: Exodus 32:7\n")
    return source, words


def test_very_long_paragraph_every_word_in_order_in_a_fresh_process(tmp_path):
    source, words = paragraph_outline(400_000)
    f = tmp_path / "para.yaml"
    f.write_text(source, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    # the timeout only guards against a hang (the layout used to take minutes at this size)
    r = subprocess.run([sys.executable, "-m", "outline_export", "render", str(f), "-k", "handout", "-f", "pdf",
                        "-o", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr
    got = words_of("w", pdf_text(tmp_path / "out" / "para-handout.pdf"))
    assert got == numbered(" ".join(words))


def test_page_count_grows_with_the_length(tmp_path):
    pages = []
    for chars in (30_000, 120_000):
        source, _ = paragraph_outline(chars)
        result, out = render(tmp_path, source, "-k", "handout", name=f"p{chars}")
        assert result.exit_code == 0, result.output
        pages.append(len(pypdf.PdfReader(str(out / f"p{chars}-handout.pdf")).pages))
    assert 3.5 <= pages[1] / pages[0] <= 4.5, pages


def laid_out(monkeypatch) -> list[int]:
    """Counts the lines reportlab breaks paragraphs into, call by call."""
    from reportlab.platypus.paragraph import Paragraph

    counted: list[int] = []
    original = Paragraph.breakLines

    def counting(self, width):
        lines = original(self, width)
        counted.append(len(lines.lines))
        return lines

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    return counted


def test_a_long_paragraph_is_laid_out_in_linear_work(tmp_path, monkeypatch):
    """reportlab used to lay out the whole rest of the paragraph again at every page break: the
    lines it made grew with the square of the length (23 times the paragraph's lines at
    120 KB, in one call of 2,000 lines and more). Now each piece is laid out about twice (once to
    find its last line, once on the page), and the rest of a piece a page cuts once more: 3.3
    times."""
    source, words = paragraph_outline(120_000)
    counted = laid_out(monkeypatch)
    result, out = render(tmp_path, source, "-k", "handout")
    assert result.exit_code == 0, result.output
    text = pdf_text(out / "long-handout.pdf")
    assert words_of("w", text) == numbered(" ".join(words))
    lines = sum(1 for line in text.splitlines() if re.search(r"(?<!\w)w\d", line))
    assert lines > 1000
    assert sum(counted) < 4 * lines, (sum(counted), lines)  # it was 23 times
    assert max(counted) < lines / 10


def word_boxes(path: Path) -> list[tuple]:
    with pdfplumber.open(str(path)) as pdf:
        return [(n, round(w["x0"], 2), round(w["top"], 2), w["text"])
                for n, page in enumerate(pdf.pages) for w in page.extract_words()]


@pytest.mark.parametrize("style", ["point", "note", "quote"])
def test_pieces_give_the_same_lines_and_pages_as_one_paragraph(tmp_path, monkeypatch, style):
    """No seam: every word lands where it does when the paragraph is laid out in one piece."""
    text = long_text("s", 20_000)
    source = outline_with(style, text)
    boxes = []
    for long in (10**9, _pdf_long.LONG):
        monkeypatch.setattr(_pdf_long, "LONG", long)
        (tmp_path / str(long)).mkdir()
        result, out = render(tmp_path / str(long), source, "-k", "notes", "--paper", "a5")
        assert result.exit_code == 0, result.output
        boxes.append(word_boxes(out / "long-notes.pdf"))
    assert len(boxes[1]) > 1000
    assert boxes[0] == boxes[1]


def test_pieces_of_a_justified_paragraph_justify_every_line_but_the_last(tmp_path, monkeypatch):
    """In justified text a seam would show as a short line: every line but the paragraph's last
    ends at the right edge."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.styles import ParagraphStyle

    from outline_export.backends import pdf as pdf_writer

    text = long_text("j", 15_000)
    source = f"title: J\nsections:\n  - heading: One\n    text: {q(text)}\n"
    original = pdf_writer.PdfWriter.pstyle

    def justified(self, name, **variant):  # the body style justified (a copy: styles are cached)
        ps, ist = original(self, name, **variant)
        if name == "body":
            ps = ParagraphStyle(ps.name + ":justified", parent=ps, alignment=TA_JUSTIFY)
        return ps, ist

    monkeypatch.setattr(pdf_writer.PdfWriter, "pstyle", justified)
    result, out = render(tmp_path, source, "-k", "handout", "--set", "defaults.detail=full")
    assert result.exit_code == 0, result.output
    rights: dict = {}
    with pdfplumber.open(str(out / "long-handout.pdf")) as pdf:
        for n, page in enumerate(pdf.pages):
            for w in page.extract_words():
                if re.fullmatch(r"j\d+\.?", w["text"]):
                    key = (n, round(w["top"]))
                    rights[key] = max(rights.get(key, 0), w["x1"])
    ends = [x for _, x in sorted(rights.items())]
    assert len(ends) > 150
    assert words_of("j", pdf_text(out / "long-handout.pdf")) == numbered(text)
    assert max(ends[:-1]) - min(ends[:-1]) < 0.5, sorted(ends)[:5]
    assert ends[-1] < min(ends[:-1])  # the last line is not stretched


# ---------------------------------------------------------------- the last resort


def test_something_too_big_for_any_page_is_shrunk_not_an_error(tmp_path, monkeypatch):
    """Nothing the writer draws should be unable to fit a page; should something (here a space
    taller than the page, put in place of the writing lines) still be, the PDF is written with it
    shrunk to fit, not a reportlab LayoutError."""
    from reportlab.platypus import Spacer

    from outline_export.backends import pdf as pdf_writer

    monkeypatch.setattr(pdf_writer.PdfWriter, "visit_WritingLines",
                        lambda self, b, left: self.emit([Spacer(10, 5000)]))
    result, out = render(tmp_path, outline_with("point", "fits"), "-k", "handout")
    assert result.exit_code == 0, result.output
    assert result.exception is None
    text = pdf_text(out / "long-handout.pdf")
    assert "fits" in text and "x" in text
