"""Symbols and emoji: drawn with the shipped fallback font where it has them, else a warning at the
line and column where they are typed (the PDF would show an empty box)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from outline_export import views
from outline_export.cli import main
from outline_export.glyphs import clusters, glyph_warnings
from outline_export.loader import load_text

OUTLINE = """\
title: Prayer 🙏 and Praise
sections:
  - heading: Rise ⤴
    points:
      - "Cross ✝ chi-rho ☧ check ✓ heart ♥ arrow → star ★ and ⤴"
      - text: "We are **blessed 😊** ☝🏽"
        points:
          - "family 👨‍👩‍👧, flag 🇺🇸, heart ❤️, prayer 🙏 again"
questions:
  - "Written as an escape: \\U0001F525"
"""


@pytest.fixture()
def church(tmp_path, monkeypatch):
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "symbols.yaml").write_text(OUTLINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(*args):
    return CliRunner().invoke(main, ["render", "outlines/symbols.yaml", "-k", "handout", *args])


def test_each_character_no_font_has_is_warned_once_where_it_is_typed(church):
    result = render("-f", "pdf")
    assert result.exit_code == 0, result.output
    assert (church / "output" / "symbols-handout.pdf").exists()
    tail = "and will show as an empty box in the PDF; remove it or use a word"
    assert result.stderr.splitlines() == [
        "outlines/symbols.yaml:1:15: warning: '🙏' (U+1F64F PERSON WITH FOLDED HANDS) cannot be printed by the "
        f"fonts in use (DejaVu Sans, NanumGothic) {tail}",
        # the title and headings are DejaVu Sans, which lacks this arrow (DejaVu Serif, the body's, has it)
        "outlines/symbols.yaml:3:19: warning: '⤴' (U+2934 ARROW POINTING RIGHTWARDS THEN CURVING UPWARDS) "
        f"cannot be printed by the fonts in use (DejaVu Sans, NanumGothic) {tail}",
        "outlines/symbols.yaml:6:37: warning: '☝🏽' (U+261D U+1F3FD) cannot be printed by the fonts in use "
        f"(DejaVu Serif, DejaVu Sans, NanumGothic) {tail}",
        "outlines/symbols.yaml:8:21: warning: '👨‍👩‍👧' (U+1F468 U+200D U+1F469 U+200D U+1F467) cannot be printed "
        f"by the fonts in use (DejaVu Serif, DejaVu Sans, NanumGothic) {tail}",
        "outlines/symbols.yaml:8:33: warning: '🇺🇸' (U+1F1FA U+1F1F8) cannot be printed by the fonts in use "
        f"(DejaVu Serif, DejaVu Sans, NanumGothic) {tail}",
        # not typed as it is: the position of the question
        "outlines/symbols.yaml:10:5: warning: '🔥' (U+1F525 FIRE) cannot be printed by the fonts in use "
        f"(DejaVu Serif, DejaVu Sans, NanumGothic) {tail}",
        "Rendered 1 outline: 1 file in output/ (6 warnings).",
    ]


def test_heading_font_in_use_decides(church):
    (church / "outline-export.toml").write_text('[theme]\nheading_font = "serif"\n', encoding="utf-8")
    result = render("-f", "pdf")
    assert result.exit_code == 0, result.output
    assert "'⤴'" not in result.stderr  # the headings are DejaVu Serif now, which has it
    assert "outlines/symbols.yaml:1:15: warning: '🙏' (U+1F64F PERSON WITH FOLDED HANDS) cannot be printed by the " \
           "fonts in use (DejaVu Serif, DejaVu Sans, NanumGothic)" in result.stderr


def test_no_warning_without_a_pdf(church):
    result = render("-f", "docx", "-f", "md")
    assert result.exit_code == 0, result.output
    # Word and LibreOffice find fonts of their own for emoji
    assert result.stderr.splitlines() == ["Rendered 1 outline: 2 files in output/ (no warnings)."]


def test_symbols_the_body_font_lacks_are_drawn_in_dejavu_sans(church):
    import pdfplumber

    result = render("-f", "pdf")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(str(church / "output" / "symbols-handout.pdf")) as pdf:
        chars = pdf.pages[0].chars
    line = [c for c in chars if abs(c["top"] - next(x["top"] for x in chars if x["text"] == "☧")) < 1]
    fonts = {c["text"]: c["fontname"].split("+")[-1] for c in line}
    assert {c: fonts[c] for c in "✝☧✓★⤴C"} == {
        "✝": "DejaVuSans", "☧": "DejaVuSans", "✓": "DejaVuSans", "★": "DejaVuSans",
        "⤴": "DejaVuSerif", "C": "DejaVuSerif"}
    assert {fonts["♥"], fonts["→"]} == {"DejaVuSerif"}  # the body font has these itself


def test_clusters_keep_emoji_sequences_whole():
    assert [c for _, c in clusters("a👍🏽b👨‍👩‍👧🇺🇸❤️é")] == ["a", "👍🏽", "b", "👨‍👩‍👧", "🇺🇸", "❤️", "é"]


def test_sample_outlines_have_nothing_to_warn_about():
    from pathlib import Path

    from outline_export.loader import load_file

    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "outlines").glob("*.yaml")):
        assert glyph_warnings(load_file(path), views.ViewOptions()) == [], path


def test_hebrew_and_greek_are_not_warned():
    outline = load_text('title: Shalom\nsections:\n  - heading: Words\n    points: ["שָׁלוֹם and ἀγάπη"]\n', "w.yaml")
    assert glyph_warnings(outline, views.ViewOptions()) == []
