"""One outline, three mediums: what the view puts in the document for paper, slides and a screen,
and which kinds and formats a build makes. The slides and the phone page themselves are checked in
test_pptx.py, test_html.py and test_html_browser.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import edition
from outline_export import backends, pipeline, views
from outline_export import document as d
from outline_export.build_cache import CACHE_NAME
from outline_export.cli import main
from outline_export.loader import load_file
from outline_export.model import outline_blanks

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))


def catalogue(path: Path) -> dict:
    """The words of the sample's language (two samples are in Spanish and Korean)."""
    from outline_export import languages

    return languages.catalogue(load_file(path.relative_to(ROOT)).language or "en")


def tree(path: Path, kind: str, medium: str, **options) -> d.Document:
    ed = edition()
    outline = pipeline.prepare(load_file(path.relative_to(ROOT)), ed)
    return views.build(outline, kind, replace(ed.options, medium=medium, **options))


def inlines(doc: d.Document, kind):
    for b, _ in d.walk(doc.blocks):
        for name in ("runs", "title", "subtitle", "credit"):
            for r in getattr(b, name, ()):
                if type(r) is kind:
                    yield r


def blocks(doc: d.Document, kind):
    return [b for b, _ in d.walk(doc.blocks) if type(b) is kind]


def answers(path: Path) -> list[str]:
    return [b.answer for b in outline_blanks(load_file(path.relative_to(ROOT))) if b.answer]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_paper_never_carries_an_answer_and_numbers_match_the_speaker_notes(path):
    notes = [(a.number, a.text) for a in inlines(tree(path, "notes", "paper"), d.Answer)]
    assert [n for n, _ in notes] == list(range(1, len(notes) + 1))
    for kind in ("handout", "worksheet"):
        lines = [b for b in inlines(tree(path, kind, "paper"), d.BlankLine) if b.number]
        assert all(b.answer is None for b in lines), kind
        assert [b.number for b in lines] == [n for n, _ in notes][:len(lines)]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_slides_carry_each_answer_in_number_order_and_nothing_to_write_on(path):
    doc = tree(path, "handout", "slides")
    numbered = [b for b in inlines(doc, d.BlankLine) if b.number]
    numbers = [b.number for b in numbered]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    # the same numbers and answers as the speaker notes
    notes = {a.number: a.text for a in inlines(tree(path, "notes", "paper"), d.Answer)}
    assert {b.number: b.answer for b in numbered} == {n: notes[n] for n in numbers}
    assert not blocks(doc, d.WritingLines)
    assert dict(doc.controls)["check"] == catalogue(path)["controls"]["check"]


def test_handout_slides_keep_the_speakers_notes_for_the_notes_pane():
    path = ROOT / "outlines" / "blot-me-out.yaml"
    paper = [d.plain(n.runs) for n in blocks(tree(path, "handout", "paper"), d.Note)]
    slides = [d.plain(n.runs) for n in blocks(tree(path, "handout", "slides"), d.Note)]
    assert paper == []
    assert "Note: Have someone read 32:1–6 aloud before you begin." in slides
    assert len(slides) == len(blocks(tree(path, "notes", "paper"), d.Note))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_a_screen_has_a_labelled_box_under_each_section_and_question(path):
    doc = tree(path, "handout", "screen")
    outline = load_file(path.relative_to(ROOT))
    labels = [w.label for w in blocks(doc, d.WritingLines)]
    words = catalogue(path)["words"]
    notes, answer = words["section_notes"].split("{")[0], words["question_answer"].format(number="\0").split("\0")
    for section in outline.sections:
        if not section.audience:
            assert sum(label.startswith(notes) for label in labels) >= 1
    assert sum(label.startswith(notes) for label in labels) == \
        sum(1 for s in outline.sections if not s.audience)
    assert sum(label.startswith(answer[0]) and label.endswith(answer[1]) for label in labels) == \
        sum(1 for q in outline.questions if not q.audience)
    assert all(labels)
    assert not any(b.qr for b in blocks(doc, d.TitleBlock))  # the page is where the code leads
    # the same numbers and answers as the speaker notes (a blank in a heading is numbered once,
    # though the heading is also the label of the box under it)
    notes = [(a.number, a.text) for a in inlines(tree(path, "notes", "paper"), d.Answer)]
    assert [(b.number, b.answer) for b in inlines(doc, d.BlankLine) if b.number] == notes


def test_reveal_never_leaves_every_answer_out_of_a_screen():
    path = ROOT / "outlines" / "great-sin.yaml"
    doc = tree(path, "handout", "screen", reveal="never")
    numbered = [b for b in inlines(doc, d.BlankLine) if b.number]
    assert numbered and all(b.answer is None for b in numbered)
    assert all(b.answer is not None for b in inlines(tree(path, "handout", "screen"), d.BlankLine) if b.number)


def test_the_writers_table_says_which_kinds_each_format_makes():
    assert backends.makes("pptx", "handout") and backends.makes("html", "notes")
    assert not backends.makes("pptx", "worksheet") and not backends.makes("html", "worksheet")
    assert all(backends.makes(f, k) for f in ("docx", "pdf", "md") for k in views.KINDS)
    assert pipeline.file_names("x", views.KIND_NAMES, ("pdf", "pptx", "html")) == [
        "x-handout.pdf", "x-handout.pptx", "x-handout.html", "x-notes.pdf", "x-notes.pptx", "x-notes.html",
        "x-worksheet.pdf"]


OUTLINE = """\
title: One
date: 2026-05-03
big_idea: God ___keeps___ His word.
sections:
  - heading: First
    points:
      - text: He ___spoke___ and it was so.
        note: Pause here.
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "one.yaml").write_text(OUTLINE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_slides_of_a_worksheet_are_refused_as_usage(project):
    result = cli("render", "outlines/one.yaml", "-k", "worksheet", "-f", "pptx")
    assert result.exit_code == 2
    assert result.stderr == ("outline-export: pptx is made for handout and notes, not worksheet; "
                             "add -k handout, or choose another format\n")
    assert not (project / "output").exists()


def test_a_settings_file_asking_only_for_what_cannot_be_made_names_itself(project):
    (project / "outline-export.toml").write_text('[defaults]\nkinds = ["worksheet"]\nformats = ["html"]\n')
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{project / 'outline-export.toml'}: html is made for handout and notes")


def test_build_makes_slides_and_phone_pages_when_the_settings_list_them(project):
    (project / "outline-export.toml").write_text('[defaults]\nformats = ["pdf", "pptx", "html"]\n')
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "output").iterdir() if p.name != CACHE_NAME) == [
        "one-handout.html", "one-handout.pdf", "one-handout.pptx", "one-notes.html", "one-notes.pdf",
        "one-notes.pptx", "one-worksheet.pdf"]


def test_the_default_formats_stay_word_and_pdf(project):
    result = cli("build")
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in (project / "output").iterdir() if p.name != CACHE_NAME} == {".docx", ".pdf"}


def test_format_all_makes_each_kind_in_the_formats_that_make_it(project):
    result = cli("render", "outlines/one.yaml", "-k", "worksheet", "-f", "all")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (project / "output").iterdir()) == [
        "one-worksheet.docx", "one-worksheet.md", "one-worksheet.pdf"]
