"""The slides writer (-f pptx), end to end: every sample rendered through the command line as the
congregation's deck (handout) and the speaker's deck (notes), read back with python-pptx, and
converted by LibreOffice to PDF to see that no text lands off a slide.

LibreOffice is needed for the PDF checks (CI installs it, .ci/run); they are skipped only where
soffice is absent.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from outline_export import document as d
from outline_export import pipeline, views
from outline_export.cli import main
from outline_export.loader import load_file

from conftest import REPO_SETTINGS, edition

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
BODY = 28.0  # points: the least body text size on a slide
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 48.0, 32.0, 30.0  # the text area (docs/slides.md)
UNDERSCORES = re.compile(r"^_{3,}$")


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def norm(text: str) -> str:
    return " ".join(text.replace("\v", " ").split())


def tree(sample: Path, kind: str, audience=None) -> d.Document:
    """The render tree the writer was given (the view for slides)."""
    e = edition(audience)
    outline = pipeline.prepare(load_file(sample), e)
    return views.build(outline, kind, replace(e.options, medium="slides"))


def runs_of(block) -> list:
    if type(block) is d.TitleBlock:
        extra = [b for b in (block.label, block.church, block.qr_caption) if b] + list(block.meta)
        return [*block.title, *block.subtitle, *(d.Run(t) for t in extra)]
    if type(block) is d.Quote:
        return [*block.runs, *block.credit]
    return list(getattr(block, "runs", ()))


def numbered_blanks(doc: d.Document) -> list[tuple[int, str]]:
    found = {}
    for block, _ in d.walk(doc.blocks):
        for r in runs_of(block):
            if type(r) is d.BlankLine and r.number and r.answer is not None:
                found[r.number] = r.answer
    return sorted(found.items())


# ---------------------------------------------------------------- reading a deck back


def slide_runs(slide) -> list:
    return [r for sh in slide.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs for r in p.runs]


def slide_text(slide) -> str:
    return "\n".join(norm(sh.text_frame.text) for sh in slide.shapes if sh.has_text_frame)


def notes_text(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def highlighted(run, accent: str) -> bool:
    return bool(run.font.underline and run.font.bold and str(run.font.color.rgb) == accent)


def skeleton(slide) -> list[str]:
    """The slide's paragraphs with each blank and each filled-in answer as one mark."""
    out = []
    for sh in slide.shapes:
        if sh.has_text_frame:
            for p in sh.text_frame.paragraphs:
                out.append("".join("□" if r.font.underline or UNDERSCORES.match(r.text) else r.text for r in p.runs))
    return out


ACCENT = "1F4E79"  # the repository's accent_color


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """Every sample as a handout deck and a speaker-notes deck, through the command line."""
    out = tmp_path_factory.mktemp("decks")
    result = cli("render", *SAMPLES, "-k", "handout", "-k", "notes", "-f", "pptx", "-o", out,
                 "--config", REPO_SETTINGS)
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", ("handout", "notes"))
def test_every_word_of_the_outline_is_on_a_slide_or_in_the_notes(decks, sample, kind):
    prs = Presentation(decks / f"{sample.stem}-{kind}.pptx")
    shown = norm(" ".join(slide_text(s) + " " + notes_text(s) for s in prs.slides))
    doc = tree(sample, kind)
    missing = []
    for block, _ in d.walk(doc.blocks):
        texts = [r.text for r in runs_of(block) if type(r) in (d.Run, d.Answer)]
        texts += [r.answer for r in runs_of(block) if type(r) is d.BlankLine and r.answer]
        if type(block) is d.ListItem:
            texts.append(block.label)
        missing += [t for t in texts if norm(t) and norm(t) not in shown]
    assert not missing, missing
    assert prs.core_properties.title == doc.meta.title and prs.core_properties.author == doc.meta.author


def _controls(sample) -> dict:
    from outline_export.languages import catalogue
    from outline_export.loader import load_file

    return catalogue(load_file(sample.relative_to(ROOT)).language or "en")["controls"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_blanks_are_revealed_one_slide_each_in_number_order(decks, sample):
    prs = Presentation(decks / f"{sample.stem}-handout.pptx")
    slides = list(prs.slides)
    expected = numbered_blanks(tree(sample, "handout"))
    assert expected, "every sample has blanks"
    controls = _controls(sample)  # the notes pane speaks the outline's language
    reveals = []
    for i, s in enumerate(slides):
        lit = [r.text for r in slide_runs(s) if highlighted(r, ACCENT)]
        assert len(lit) <= 1, (i, lit)
        if not lit:
            continue
        before, now = slides[i - 1], s
        # the same slide as the one before, with exactly the next answer filled in
        assert skeleton(now) == skeleton(before), i
        filled = lambda sl: sum(1 for r in slide_runs(sl) if r.font.underline)
        empty = lambda sl: sum(1 for r in slide_runs(sl) if UNDERSCORES.match(r.text))
        assert filled(now) == filled(before) + 1 and empty(now) == empty(before) - 1, i
        number, answer = expected[len(reveals)]
        assert lit == [answer]
        assert controls["next_answer"].format(number=number, answer=answer) in notes_text(before)
        assert controls["revealed"].format(number=number, answer=answer) in notes_text(now)
        reveals.append((number, answer))
    assert reveals == expected  # 1..n, each once, in order
    # slide count: the content slides (nothing lit) and one more per revealed blank
    content = sum(1 for s in slides if not any(highlighted(r, ACCENT) for r in slide_runs(s)))
    assert len(slides) == content + len(expected)
    assert len(expected) == max(n for n, _ in expected)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_speaker_notes_deck_shows_answers_in_place_and_notes_in_the_pane(decks, sample):
    prs = Presentation(decks / f"{sample.stem}-notes.pptx")
    doc = tree(sample, "notes")
    runs = [r for s in prs.slides for r in slide_runs(s)]
    # no reveal slides: the only blanks drawn are those with no answer (to write in), once each
    unanswered = [r for b, _ in d.walk(doc.blocks) for r in runs_of(b) if type(r) is d.BlankLine]
    assert all(r.number == 0 and r.answer is None for r in unanswered)
    assert sum(1 for r in runs if UNDERSCORES.match(r.text)) == len(unanswered)
    answers = [r.text for b, _ in d.walk(doc.blocks) for r in runs_of(b) if type(r) is d.Answer]
    lit = {r.text for r in runs if highlighted(r, ACCENT)}
    assert answers and set(answers) <= lit
    pane = "\n".join(notes_text(s) for s in prs.slides)
    speaker = [d.plain(b.runs) for b, _ in d.walk(doc.blocks)
               if type(b) is d.Note or (type(b) is d.Paragraph and b.style in d.SPEAKER_STYLES)]
    assert speaker and all(t in pane for t in speaker)
    on_slides = norm(" ".join(slide_text(s) for s in prs.slides))
    assert not any(norm(t) in on_slides for t in speaker)  # the pane's, not the slides'


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_handout_notes_pane_carries_the_speakers_notes(decks, sample):
    prs = Presentation(decks / f"{sample.stem}-handout.pptx")
    pane = "\n".join(notes_text(s) for s in prs.slides)
    notes = [d.plain(b.runs) for b, _ in d.walk(tree(sample, "handout").blocks) if type(b) is d.Note]
    assert all(t in pane for t in notes)


def test_text_is_at_least_28_points_and_in_the_themes_fonts(decks):
    for deck in sorted(decks.glob("*.pptx")):
        prs = Presentation(deck)
        for i, s in enumerate(list(prs.slides)[1:], 2):  # after the title slide
            for r in slide_runs(s):
                if not r.text.strip() or r.text.startswith("Scripture quotations:"):
                    continue  # the translations credit is small print at the foot of the last slide
                assert r.font.size.pt >= BODY, (deck.name, i, r.text, r.font.size.pt)
                assert r.font.name in ("DejaVu Serif", "DejaVu Sans"), r.font.name
        sample, kind = deck.stem.rsplit("-", 1)
        credit = [d.plain(b.runs) for b in tree(ROOT / "outlines" / f"{sample}.yaml", kind).blocks
                  if type(b) is d.Paragraph and b.style == "translations"]
        assert [r.text for r in slide_runs(list(prs.slides)[-1]) if r.text.startswith("Scripture")] == credit


def test_slides_are_16_by_9_unless_the_setting_says_4_by_3(decks, tmp_path):
    prs = Presentation(decks / "great-sin-handout.pptx")
    assert (prs.slide_width.pt, prs.slide_height.pt) == (960.0, 540.0)
    result = cli("render", SAMPLES[0], "-k", "handout", "-f", "pptx", "-o", tmp_path, "--config", REPO_SETTINGS,
                 "--set", "defaults.slides=4:3")
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / f"{SAMPLES[0].stem}-handout.pptx")
    assert (prs.slide_width.pt, prs.slide_height.pt) == (720.0, 540.0)


def test_the_same_input_gives_the_same_bytes(tmp_path):
    for n in (1, 2):
        result = cli("render", SAMPLES[0], "-k", "handout", "-f", "pptx", "-o", tmp_path / str(n),
                     "--config", REPO_SETTINGS)
        assert result.exit_code == 0, result.output
    name = f"{SAMPLES[0].stem}-handout.pptx"
    assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_an_audience_edition_shows_its_label_on_the_title_slide(tmp_path):
    result = cli("render", SAMPLES[0], "-k", "handout", "-f", "pptx", "-a", "youth", "-o", tmp_path,
                 "--config", REPO_SETTINGS)
    assert result.exit_code == 0, result.output
    deck = next(tmp_path.rglob("*.pptx"))
    assert "Youth Group" in slide_text(Presentation(deck).slides[0])


LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2  # one word longer than a slide's line


def long_outline() -> str:
    words = "the Lord is near to all who call on him in truth and he hears their cry".split()
    point = " ".join(words[i % len(words)] for i in range(40))
    points = "\n".join(f"      - \"Point {n}: {point}\"" for n in range(1, 16))
    return (f"title: Long\ndate: \"2026-03-01\"\nsections:\n  - heading: A Very Full Section\n    points:\n{points}\n"
            f"      - \"{LONG_WORD} ___answer___\"\n"
            f"      - \"Last: {' '.join(words * 20)} ___amen___ end\"\n")  # taller than a slide


@pytest.fixture(scope="session")
def long_deck(tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    (root / "long.yaml").write_text(long_outline(), encoding="utf-8")
    result = cli("render", root / "long.yaml", "-k", "handout", "-f", "pptx", "-o", root / "out",
                 "--config", REPO_SETTINGS)
    assert result.exit_code == 0, result.output
    return root / "out" / "long-handout.pptx"


def test_a_long_section_goes_on_over_several_slides_with_its_heading_continued(long_deck):
    slides = list(Presentation(long_deck).slides)
    headed = [slide_text(s).split("\n")[0] for s in slides[1:]]
    assert headed[0] == "A Very Full Section"
    assert headed.count("A Very Full Section (continued)") >= 3
    text = norm(" ".join(slide_text(s) for s in slides))
    for n in range(1, 16):
        assert text.count(f"Point {n}:") >= 1
    assert LONG_WORD in text.replace(" ", "")  # broken between letters, never dropped
    last = [s for s in slides if "amen" in slide_text(s) or "end" in slide_text(s).split()]
    assert len(last) >= 2  # the paragraph taller than a slide is cut between lines; its end is there
    for s in last[1:]:  # the rest of a cut point lines up with its text, with no label to hang
        para = next(p for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
                    if "call on him" in p.text)
        assert para._p.pPr.get("indent") == "0" and int(para._p.pPr.get("marL")) > 0
    assert norm(" ".join(slide_text(s) for s in slides)).count("call on him") >= 15 + 20


# ---------------------------------------------------------------- LibreOffice: nothing off a slide


@pytest.fixture(scope="session")
def pdfs(decks, long_deck, tmp_path_factory):
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    tmp = tmp_path_factory.mktemp("pdf")
    files = sorted(decks.glob("*.pptx")) + [long_deck]
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp / 'profile'}", "--convert-to", "pdf",
                    "--outdir", str(tmp), *map(str, files)], check=True, capture_output=True, timeout=600)
    return [(f, tmp / (f.stem + ".pdf")) for f in files]


def test_libreoffice_shows_every_slide_with_all_text_inside_the_text_area(pdfs):
    import pdfplumber

    for deck, pdf in pdfs:
        count = len(Presentation(deck).slides)
        with pdfplumber.open(str(pdf)) as doc:
            assert len(doc.pages) == count, deck.name
            for n, page in enumerate(doc.pages, 1):
                w, h = float(page.width), float(page.height)
                for c in page.chars:
                    if not c["text"].strip():
                        continue
                    inside = (MARGIN_X - 1 <= c["x0"] and c["x1"] <= w - MARGIN_X + 1
                              and MARGIN_TOP - 2 <= c["top"] and c["bottom"] <= h - MARGIN_BOTTOM + 4)
                    assert inside, (deck.name, n, c["text"], c["x0"], c["x1"], c["top"], c["bottom"])


def test_a_note_goes_with_the_point_it_follows(decks):
    """blot-me-out: the fasting note sits under sub-point "Fast, or give up ..." of point 4."""
    for s in Presentation(decks / "blot-me-out-handout.pptx").slides:
        has_note = "fasting is optional" in notes_text(s)
        assert has_note == ("Fast, or give up some comfort" in slide_text(s)), slide_text(s)


def test_the_title_slide_has_the_qr_code_and_its_caption_inside_the_slide(tmp_path):
    result = cli("render", SAMPLES[0], "-k", "handout", "-f", "pptx", "-o", tmp_path, "--config", REPO_SETTINGS,
                 "--set", "church.notes_url=https://example.org/s/1")
    assert result.exit_code == 0, result.output
    title = Presentation(tmp_path / f"{SAMPLES[0].stem}-handout.pptx").slides[0]
    pictures = [sh for sh in title.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE: logo, QR code
    assert len(pictures) == 2
    assert "Sermon page: example.org/s/1" in norm(slide_text(title))
    w, h = 960 * 12700, 540 * 12700
    for sh in title.shapes:
        assert sh.left >= MARGIN_X * 12700 - 1 and sh.left + sh.width <= w - MARGIN_X * 12700 + 1
        assert sh.top >= 0 and sh.top + sh.height <= h - MARGIN_BOTTOM * 12700 + 1
