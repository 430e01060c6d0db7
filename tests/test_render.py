"""End to end: render the sample outlines and read the written files back as a reader gets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import views
from outline_export.cli import main
from outline_export.loader import load_file
from outline_export.model import Blank, Point, Quote, outline_blanks

from conftest import REPO_SETTINGS, edition
from outline_export import pipeline
from readback import docx_paragraphs, docx_text, find_in_order, norm, pdf_pages, pdf_text, segments

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))
KINDS = ("handout", "notes", "worksheet")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Every sample, every kind, both formats, rendered once through the command line."""
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["render", *map(str, SAMPLES), "-o", str(out), "--config", str(REPO_SETTINGS)])
    assert result.exit_code == 0, result.output
    return out


def read(path: Path) -> str:
    return docx_text(path) if path.suffix == ".docx" else pdf_text(path)


def expected_pieces(outline, kind: str) -> list[str]:
    """What a reader must find, in order: every word the kind shows, split where blanks are."""
    notes = kind == "notes"
    pieces: list[str] = []

    def add(spans):
        pieces.extend(segments(spans, answers=notes))

    def prose(spans):  # handouts and worksheets are the skeleton (detail = "outline"): prose with a blank only
        def blank(ss):
            return any(isinstance(x, Blank) or blank(getattr(x, "children", ())) for x in ss)

        if notes or blank(spans):
            add(spans)

    def shown(tags):
        return views.visible(tags, kind, None)

    add(outline.title)
    add(outline.subtitle)
    add(outline.big_idea)
    if outline.key_verse and outline.key_verse.text:
        add(outline.key_verse.text)
    for p in outline.introduction:
        prose(p)
    for s in outline.sections:
        if not shown(s.audience):
            continue
        add(s.heading)
        if s.ref:
            pieces.append(s.ref.display)
        for p in s.text:
            prose(p)
        if notes:
            for p in s.note:
                add(p)
        for item, _depth in _visible_items(s.points, shown):
            if isinstance(item, Quote):
                prose(item.text)
            else:
                add(item.text)
                if item.ref:
                    pieces.append(item.ref.display)
                for p in item.detail:
                    prose(p)
                if notes:
                    for p in item.note:
                        add(p)
        for p in s.closing:
            prose(p)
    for p in outline.closing:
        prose(p)
    for q in outline.questions:
        if shown(q.audience):
            add(q.text)
    return pieces


def _visible_items(items, shown):
    for item in items:
        if not shown(item.audience):
            continue
        yield item, 0
        if isinstance(item, Point):
            yield from _visible_items(item.points, shown)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_nothing_lost_in_order(rendered, sample, kind, fmt):
    outline = pipeline.prepare(load_file(sample), edition())
    text = read(rendered / f"{sample.stem}-{kind}.{fmt}")
    missing = find_in_order(text, expected_pieces(outline, kind))
    assert missing == []


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_handout_hides_answers_and_notes_worksheet_keys_them(rendered, sample, fmt):
    outline = pipeline.prepare(load_file(sample), edition())
    handout = read(rendered / f"{sample.stem}-handout.{fmt}")
    worksheet_file = rendered / f"{sample.stem}-worksheet.{fmt}"
    answers = [b.answer for b in outline_blanks(outline) if b.answer]
    # an answer may also occur as an ordinary word elsewhere; count occurrences instead
    notes_text = read(rendered / f"{sample.stem}-notes.{fmt}")
    for a in set(answers):
        assert handout.count(a) < notes_text.count(a), a
    for s in outline.sections:
        for p in s.note:
            assert norm(" ".join(segments(p, True))) not in handout
    # the answer key: on the worksheet's last page(s), numbered, in order, headed in the outline's language
    from outline_export.languages import catalogue

    key_heading = catalogue(outline.language or "en")["words"]["answer_key"]
    if fmt == "pdf":
        last = pdf_pages(worksheet_file)[-1]
    else:
        paras = docx_paragraphs(worksheet_file)
        start = max(i for i, (_, t) in enumerate(paras) if t.strip() == key_heading)
        last = norm(" ".join(t for _, t in paras[start:]))
    assert key_heading in last
    visible_answers = [b.answer for b in _visible_blanks(outline, "worksheet")]
    expected = [f"{i}. {a}" if fmt == "pdf" else a for i, a in enumerate(visible_answers, 1)]
    assert find_in_order(last, expected) == []  # (Word numbers the key's list itself: test_docx_backend)


def _visible_blanks(outline, kind):
    """The answers of the blanks a kind shows, from its answer key (the list after its heading)."""
    from outline_export import document as d

    from outline_export.languages import catalogue

    doc = views.build(outline, kind, edition().options)
    heading = catalogue(outline.language or "en")["words"]["answer_key"]  # in the outline's language
    at = next(i for i, b in enumerate(doc.blocks) if isinstance(b, d.Heading) and d.plain(b.runs) == heading)
    key = doc.blocks[at + 1]
    return [type("B", (), {"answer": d.plain(item.blocks[0].runs)}) for item in key.items]


def test_docx_styles_and_numbering(rendered):
    paras = docx_paragraphs(rendered / "two-cycles-notes.docx")
    styles = {s for s, _ in paras}
    for name in ("Title", "Heading 1", "Quote", "Speaker Note", "Outline Level 1", "Outline Level 2"):
        assert name in styles, (name, styles)
    heading_texts = [t for s, t in paras if s == "Heading 1"]
    assert heading_texts[0].startswith("I. First Cycle")


def test_pdf_fonts_are_embedded_truetype_only(rendered):
    from pypdf import PdfReader

    for pdf in sorted(rendered.glob("*.pdf")):
        reader = PdfReader(str(pdf))
        for page in reader.pages:
            fonts = page["/Resources"]["/Font"]
            for ref in fonts.values():
                font = ref.get_object()
                base = str(font["/BaseFont"])
                # the theme's fonts (DejaVu; Nanum Gothic for Hangul), each a subset
                assert ("DejaVu" in base or "NanumGothic" in base) and "+" in base, (pdf.name, base)
                desc = font["/FontDescriptor"] if "/FontDescriptor" in font else font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in desc.get_object(), (pdf.name, base)


@pytest.mark.parametrize("paper, size", [("letter", (612, 792)), ("a4", (595.28, 841.89))])
def test_paper_sizes(tmp_path, paper, size):
    from pypdf import PdfReader

    result = CliRunner().invoke(main, ["render", str(SAMPLES[0]), "-k", "handout", "--paper", paper, "-o", str(tmp_path), "--config", str(REPO_SETTINGS)])
    assert result.exit_code == 0, result.output
    box = PdfReader(str(tmp_path / f"{SAMPLES[0].stem}-handout.pdf")).pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == size
    import docx

    section = docx.Document(str(tmp_path / f"{SAMPLES[0].stem}-handout.docx")).sections[0]
    assert (round(section.page_width.pt, 1), round(section.page_height.pt, 1)) == (round(size[0], 1), round(size[1], 1))


def test_properties_in_both_formats(rendered):
    from pypdf import PdfReader
    import docx

    meta = PdfReader(str(rendered / "two-cycles-handout.pdf")).metadata
    assert meta.title == "Two Cycles of Intercession"
    assert meta.author == "Pastor Sam Lee"
    assert meta.subject == "Exodus 32:7–35"
    core = docx.Document(str(rendered / "two-cycles-handout.docx")).core_properties
    assert (core.title, core.author, core.subject) == ("Two Cycles of Intercession", "Pastor Sam Lee", "Exodus 32:7–35")


def test_deterministic_and_honours_source_date_epoch(tmp_path):
    def build(folder, epoch):
        env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
        subprocess.run([sys.executable, "-m", "outline_export", "render", str(SAMPLES[-1]), "-o", str(folder), "--config", str(REPO_SETTINGS)],
                       check=True, env=env, capture_output=True)
        return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}

    a = build(tmp_path / "a", 1767225600)
    b = build(tmp_path / "b", 1767225600)
    assert len(a) == 6 and a == b
    c = build(tmp_path / "c", 1767312000)
    from pypdf import PdfReader
    import docx

    pdf = next(n for n in c if n.endswith(".pdf"))
    assert "20260102" in PdfReader(str(tmp_path / "c" / pdf)).metadata["/CreationDate"]
    docx_name = next(n for n in c if n.endswith(".docx"))
    assert docx.Document(str(tmp_path / "c" / docx_name)).core_properties.created.isoformat().startswith("2026-01-02")
    # without SOURCE_DATE_EPOCH the documents carry the outline's own date, the same on every run
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run([sys.executable, "-m", "outline_export", "render", str(SAMPLES[-1]), "-o", str(tmp_path / "d"),
                    "--config", str(REPO_SETTINGS)], check=True, env=env, capture_output=True)
    created = docx.Document(str(tmp_path / "d" / docx_name)).core_properties.created
    assert created.date().isoformat() == load_file(SAMPLES[-1]).date
    assert load_file(SAMPLES[-1]).date.replace("-", "") in PdfReader(str(tmp_path / "d" / pdf)).metadata["/CreationDate"]


def test_special_characters_come_out_literally(tmp_path):
    text = (
        "title: Tom & Jerry <b>not bold</b>\n"
        "sections:\n"
        "  - heading: \"Quotes “curly” ‘single’ — dash … and 5 * 3\"\n"
        "    points:\n"
        "      - \"snake_case a__b \\\\*stars\\\\* \\\\${literal} 50% #1 back\\\\\\\\slash\"\n"
        "      - \"Greek χάρις and Hebrew חֶסֶד here\"\n"
    )
    f = tmp_path / "special.yaml"
    f.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(f), "-k", "notes", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for fmt in ("docx", "pdf"):
        got = read(tmp_path / "out" / f"special-notes.{fmt}")
        for piece in ("Tom & Jerry <b>not bold</b>", "“curly” ‘single’ — dash … and 5 * 3",
                      "snake_case a__b *stars* ${literal} 50% #1 back\\slash", "χάρις"):
            assert piece in got, (fmt, piece, got)


def test_invalid_outline_writes_nothing_others_still_render(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\nsections: []\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["render", str(bad), str(SAMPLES[0]), "-o", str(out), "-f", "pdf", "-k", "handout", "--config", str(REPO_SETTINGS)])
    assert result.exit_code == 1
    assert "bad.yaml:2:11: 'sections' is empty" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [f"{SAMPLES[0].stem}-handout.pdf"]
    assert result.stdout.strip() == str(out / f"{SAMPLES[0].stem}-handout.pdf")


def test_failed_render_keeps_previous_file(tmp_path, monkeypatch):
    from outline_export import backends

    out = tmp_path / "out"
    CliRunner().invoke(main, ["render", str(SAMPLES[0]), "-o", str(out), "-f", "pdf", "-k", "handout", "--config", str(REPO_SETTINGS)])
    target = out / f"{SAMPLES[0].stem}-handout.pdf"
    before = target.read_bytes()

    def boom(fmt, document, options):
        raise KeyboardInterrupt

    monkeypatch.setattr(backends, "write_with_notices", boom)
    with pytest.raises(KeyboardInterrupt):
        pipeline.render_outline(load_file(SAMPLES[0]), ["handout"], ["pdf"], edition().options, out)
    assert target.read_bytes() == before
    assert [p.name for p in out.iterdir()] == [target.name]  # no temporary file left behind


def test_outline_files_are_not_modified(tmp_path):
    before = {p: p.read_bytes() for p in SAMPLES}
    CliRunner().invoke(main, ["render", *map(str, SAMPLES), "-o", str(tmp_path), "-f", "pdf", "-k", "handout", "--config", str(REPO_SETTINGS)])
    assert {p: p.read_bytes() for p in SAMPLES} == before


def test_generated_outline_full_of_markup_loses_nothing(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import outline_text

    f = tmp_path / "gen.yaml"
    f.write_text(outline_text(300, specials=True), encoding="utf-8")
    outline = load_file(f)
    result = CliRunner().invoke(main, ["render", str(f), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    for kind in KINDS:
        for fmt in ("docx", "pdf"):
            text = read(tmp_path / "out" / f"gen-{kind}.{fmt}")
            # Hebrew is drawn right to left, so a PDF's text order differs: check the words around it
            pieces = [part.strip() for p in expected_pieces(outline, kind) for part in p.split("חֶסֶד")]
            assert find_in_order(text, [p for p in pieces if p]) == [], (kind, fmt)


def test_the_translation_credit_never_stands_alone_on_a_page(tmp_path):
    # the Large Print speaker notes of let-me-alone used to end with a page holding only the credit
    result = CliRunner().invoke(main, ["render", str(ROOT / "outlines" / "let-me-alone.yaml"), "-k", "notes",
                                       "-f", "pdf", "-a", "seniors", "--config", str(REPO_SETTINGS),
                                       "-o", str(tmp_path / "n.pdf")])
    assert result.exit_code == 0, result.output
    last = norm(pdf_pages(tmp_path / "n.pdf")[-1])
    assert "Which of God’s promises could you hold on to" in last and "Scripture quotations:" in last
