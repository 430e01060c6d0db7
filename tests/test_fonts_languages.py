"""Korean and Hebrew as a reader gets them: Hangul drawn with the shipped Nanum Gothic (embedded as
a subset in the PDF, named as the East Asian font in Word and slides, the phone's own Korean
fonts on the phone page), and a Hebrew phrase that wraps read right to left on each of its lines."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from outline_export import fontmetrics
from outline_export.cli import main

FONTS = Path(__file__).resolve().parents[1] / "src" / "outline_export" / "themes" / "default" / "fonts"
REPO = Path(__file__).resolve().parents[1]

LONG_WORD = "띄어쓰기없이길게이어지는한국어낱말도줄끝에서나뉘어야합니다" * 3
KOREAN = f"""\
title: "잃어버린 아들을 기다리는 아버지"
subtitle: 돌아오는 사람을 반기시는 하나님의 마음
speaker: 김은혜 목사
big_idea: "하나님은 멀리 떠난 사람이 ___돌아오기___를 기다리십니다."
introduction: |
  우리는 모두 한때 집을 떠난 적이 있습니다. 오늘 우리는 아버지가 어떻게 아들을 맞이하는지 함께 살펴봅니다.
sections:
  - heading: 집을 떠난 아들
    points:
      - "작은 아들은 자기 몫의 ___유산___을 받아 먼 나라로 떠났습니다."
      - "그는 **모든 것을** 잃고 나서야 *아버지의 집*을 기억했습니다."
      - "{LONG_WORD}"
    note: 이야기를 천천히 읽어 주십시오.
  - heading: 달려가는 아버지
    points:
      - "아버지는 아직 거리가 먼데도 아들을 보고 ___불쌍히___ 여겨 달려갔습니다."
questions:
  - 우리 교회는 돌아오는 사람을 어떻게 맞이할 수 있을까요?
"""
SENTENCES = ["잃어버린 아들을 기다리는 아버지", "돌아오는 사람을 반기시는 하나님의 마음", "김은혜 목사",
             "집을 떠난 아들", "달려가는 아버지", "우리 교회는 돌아오는 사람을 어떻게 맞이할 수 있을까요?"]

# One to twelve in Hebrew: a phrase long enough to wrap onto a second line.
HEBREW = "אחד שתים שלוש ארבע חמש שש שבע שמונה תשע עשר אחת־עשרה שתים־עשרה".split()
HEBREW_OUTLINE = f"""\
title: Counting
sections:
  - heading: Numbers
    points:
      - "The numbers one to twelve read {' '.join(HEBREW)} in Hebrew, and the sentence then goes on in English."
    note: "Read it aloud: {' '.join(HEBREW)} {' '.join(HEBREW)} and then once more in English."
"""


@pytest.fixture()
def library(tmp_path, monkeypatch):
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "ko.yaml").write_text(KOREAN, encoding="utf-8")
    (tmp_path / "outlines" / "he.yaml").write_text(HEBREW_OUTLINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(name: str, *args):
    result = CliRunner().invoke(main, ["render", f"outlines/{name}.yaml", "-o", "out", *args])
    assert result.exit_code == 0, result.output
    return result


def _font_file(fontname: str) -> Path:
    """The shipped file a PDF font name (``ABCDEF+NanumGothicBold``) was subset from."""
    return FONTS / (fontname.split("+", 1)[1] + ".ttf")


# ---------------------------------------------------------------- Korean in the PDF


def test_korean_pdf_draws_every_letter_from_an_embedded_nanum_subset(library):
    result = render("ko", "-k", "notes", "-f", "pdf")
    assert "warning:" not in result.stderr and "(no warnings)" in result.stderr, result.stderr
    pdf = library / "out" / "ko-notes.pdf"
    fonts = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(font["/BaseFont"])
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]  # embedded
    assert all(re.fullmatch(r"/[A-Z]{6}\+[\w-]+", f) for f in fonts), fonts  # every font a subset
    assert any(f.endswith("+NanumGothic") for f in fonts) and any(f.endswith("+NanumGothicBold") for f in fonts)
    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars if c["text"].strip()]
        text = "\n".join(page.extract_text() for page in doc.pages)
    # every character is drawn by a font that has it: no empty boxes
    for c in chars:
        assert fontmetrics.load(_font_file(c["fontname"])).has(c["text"]), (c["text"], c["fontname"])
    hangul = [c for c in chars if "\uac00" <= c["text"] <= "\ud7a3"]
    assert hangul and all("+NanumGothic" in c["fontname"] for c in hangul)
    for sentence in SENTENCES:
        assert sentence in text
    # bold Korean in the bold face; Korean type has no italic: the upright face
    bold = "".join(c["text"] for c in hangul if c["fontname"].endswith("NanumGothicBold"))
    assert "모든것을" in bold and "아버지의집" not in bold
    assert "아버지의 집을 기억했습니다" in text
    # the answers of the blanks are printed in place in the speaker notes
    assert "돌아오기" in text and "유산" in text and "불쌍히" in text


def test_korean_handout_blanks_labels_and_wrapping(library):
    render("ko", "-k", "handout", "-f", "pdf")
    with pdfplumber.open(library / "out" / "ko-handout.pdf") as doc:
        page = doc.pages[0]
        text = page.extract_text()
        chars = [c for c in page.chars if c["text"].strip()]
        width = page.width
    assert "하나님은 멀리 떠난 사람이 ____" in text and "____를 기다리십니다." in text  # a blank, no answer
    assert "유산" not in text and "돌아오기" not in text
    assert "I. 작은 아들은" in text and "II. 그는" in text and "Discussion Questions" in text
    assert "1. 우리 교회는" in text
    # Korean wraps at its spaces; a long word without any is broken and stays inside the margin
    long_lines = [line for line in text.splitlines() if line.replace("III. ", "") and
                  line.replace("III. ", "") in LONG_WORD]
    assert len(long_lines) >= 2, text
    assert "".join(line.replace("III. ", "") for line in long_lines) == LONG_WORD
    assert max(c["x1"] for c in chars) <= width - 60 + 0.5


def test_korean_renders_without_warnings_in_every_format(library):
    result = render("ko", "-f", "all")
    assert "warning:" not in result.stderr, result.stderr


# ---------------------------------------------------------------- Word, slides, phone page


def test_word_styles_name_nanum_gothic_for_east_asian_text(library):
    render("ko", "-k", "handout", "-f", "docx")
    with zipfile.ZipFile(library / "out" / "ko-handout.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    fonts = re.findall(r"<w:rFonts w:ascii=\"([^\"]+)\"[^>]*?w:eastAsia=\"([^\"]+)\"", styles)
    assert ("DejaVu Serif", "NanumGothic") in fonts and ("DejaVu Sans", "NanumGothic") in fonts
    assert all(ea == "NanumGothic" for latin, ea in fonts if latin.startswith("DejaVu")), fonts
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert 'w:eastAsia="NanumGothic"' in defaults
    assert "잃어버린 아들을 기다리는 아버지" in body


def test_a_korean_body_font_is_its_own_east_asian_font(library):
    shutil.copy(FONTS / "NanumGothic.ttf", library / "Korean.ttf")
    (library / "outline-export.toml").write_text('[theme]\nbody_font = "Korean.ttf"\n', encoding="utf-8")
    render("ko", "-k", "handout", "-f", "docx")
    with zipfile.ZipFile(library / "out" / "ko-handout.docx") as z:
        styles = z.read("word/styles.xml").decode("utf-8")
    assert '<w:rFonts w:ascii="NanumGothic" w:hAnsi="NanumGothic" w:eastAsia="NanumGothic"' in styles


def test_slides_use_nanum_gothic_for_east_asian_text(library):
    render("ko", "-k", "notes", "-f", "pptx")
    with zipfile.ZipFile(library / "out" / "ko-notes.pptx") as z:
        slides = [z.read(n).decode("utf-8") for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    eas = {ea for s in slides for ea in re.findall(r"<a:ea typeface=\"([^\"]+)\"", s)}
    assert eas == {"NanumGothic"}
    runs = [re.findall(r"<a:rPr[^>]*>.*?</a:rPr>", s) for s in slides]
    assert all("<a:ea " in r for rs in runs for r in rs)
    text = "".join(re.sub(r"<[^>]+>", "", s) for s in slides)
    assert "잃어버린 아들을 기다리는 아버지" in text and "달려가는 아버지" in text


def test_slides_measure_hangul_with_the_korean_font():
    """The slide planner (which deals text onto slides by its height) measures Hangul with Nanum
    Gothic's widths, the font the slides name for it, and the rest of a line with the run's own."""
    from outline_export.backends import _pptx_layout as lay
    from outline_export.layout import writer_options

    m = lay.Measure(writer_options())
    nanum, serif = fontmetrics.load(FONTS / "NanumGothic.ttf"), fontmetrics.load(FONTS / "DejaVuSerif.ttf")
    assert m.text("아버지", "serif", 20, False, False) == pytest.approx(nanum.width("아버지", 20))
    assert m.text("아버지 x", "serif", 20, False, False) == pytest.approx(nanum.width("아버지", 20) + serif.width(" x", 20))
    assert nanum.width("아버지", 20) != pytest.approx(serif.width("아버지", 20))  # DejaVu's would be wrong
    bold = fontmetrics.load(FONTS / "NanumGothicBold.ttf")
    assert m.text("아버지", "sans", 20, True, False) == pytest.approx(bold.width("아버지", 20))


def test_phone_page_names_korean_system_fonts_and_embeds_none(library):
    render("ko", "-k", "handout", "-f", "html")
    page = (library / "out" / "ko-handout.html").read_text(encoding="utf-8")
    stacks = re.findall(r"--(?:sans|serif):([^;]+);", page)
    assert len(stacks) == 2
    for stack in stacks:
        assert '"Apple SD Gothic Neo", "Malgun Gothic", "Noto Sans KR", NanumGothic' in stack
    assert "@font-face" not in page and ".ttf" not in page and "font/ttf" not in page
    assert len(page.encode("utf-8")) < 100_000
    assert "잃어버린 아들을 기다리는 아버지" in page


# ---------------------------------------------------------------- Hebrew that wraps


def _lines(pdf: Path, first: str, last: str) -> list[list[str]]:
    """The Hebrew words of each line from the one holding ``first`` to the one holding ``last``,
    read right to left (each word's letters as drawn, left to right, reversed)."""
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[0].extract_words()
    rows: dict[int, list] = {}
    for w in words:
        rows.setdefault(round(w["top"]), []).append(w)
    out = []
    inside = False
    for top in sorted(rows):
        texts = [w["text"] for w in sorted(rows[top], key=lambda w: w["x0"])]
        inside = inside or first in texts
        if inside:
            out.append([t[::-1] for t in reversed(texts) if re.search("[\u05d0-\u05ea]", t)])
        if inside and last in texts:
            break
    return out


@pytest.mark.parametrize("plain", ["", "all"])
def test_a_hebrew_phrase_that_wraps_reads_right_to_left_on_each_line(library, monkeypatch, plain):
    monkeypatch.setenv("OUTLINE_EXPORT_PLAIN", plain)
    render("he", "-k", "handout", "-f", "pdf")
    lines = _lines(library / "out" / "he-handout.pdf", "numbers", "English.")
    assert len(lines) == 2 and lines[0] and lines[1], lines
    # the first words on the first line, the rest on the second, each line right to left
    assert lines[0] + lines[1] == HEBREW
    with pdfplumber.open(library / "out" / "he-handout.pdf") as doc:
        text = doc.pages[0].extract_text()
    assert "I. The numbers one to twelve read" in text and "in Hebrew, and the sentence" in text


def test_a_hebrew_phrase_in_a_one_font_note_wraps_right_to_left(library):
    """The note is DejaVu Sans, which has Hebrew: one font for the whole paragraph."""
    render("he", "-k", "notes", "-f", "pdf")
    lines = [line for line in _lines(library / "out" / "he-notes.pdf", "Read", "English.") if line]
    assert len(lines) >= 2 and [w for line in lines for w in line] == HEBREW * 2, lines


def test_the_sample_library_builds_without_warnings(tmp_path, monkeypatch):
    shutil.copytree(REPO / "outlines", tmp_path / "outlines")
    shutil.copy(REPO / "outline-export.toml", tmp_path / "outline-export.toml")
    if (REPO / "assets").is_dir():
        shutil.copytree(REPO / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    assert "warning:" not in result.stderr, result.stderr
    assert list((tmp_path / "output").glob("*.pdf"))
