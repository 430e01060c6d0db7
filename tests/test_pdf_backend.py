"""The PDF backend, read back with pypdf and pdfplumber."""

from __future__ import annotations

import io
import re

import pdfplumber
import pypdf
import pytest

from outline_export.backends import render as render_format
from outline_export.backends.base import UnknownNode
from outline_export.backends.pdf import render
from outline_export.document import (
    PAPER_SIZES_PT,
    Answer,
    AnswerKey,
    BlankLine,
    Document,
    Heading,
    ListItem,
    Meta,
    Note,
    PageBreak,
    PageSetup,
    Paragraph,
    Quote,
    Run,
    TitleBlock,
    WritingLines,
)
from outline_export.theme import load_theme

THEME = load_theme("default")


def make(*blocks, **kw) -> Document:
    kw.setdefault("meta", Meta(title="Test"))
    return Document(blocks=tuple(blocks), **kw)


def P(text: str, style: str = "body", **kw) -> Paragraph:
    return Paragraph((Run(text, **kw),), style=style)


def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def all_text(data: bytes) -> str:
    return "\n".join(pages_text(data))


def page_of(texts: list[str], needle: str) -> int:
    found = [i for i, t in enumerate(texts) if needle in t]
    assert found, f"{needle!r} is not in the PDF"
    return found[0]


def rich_document(**kw) -> Document:
    return make(
        TitleBlock(title=(Run("The Intercessor"),), subtitle=(Run("Exodus 32"),),
                   meta=("Pastor Jane Doe", "March 3, 2024"), label="Speaker Notes", church="Grace Church"),
        Heading(1, (Run("Moses Ascends"),), ref="Exodus 32:30–31"),
        Heading(2, (Run("The plea"),)),
        P("Greek χάρις and Hebrew חֶסֶד side by side. Bold and italic: ", bold=True),
        Paragraph((Run("mixed "), Run("bold", bold=True), Run(" italic", italic=True),
                   Run(" both", bold=True, italic=True))),
        ListItem(1, 0, "upper-roman", "I.", (Run("The people made a "), BlankLine(9, 1), Run(".")),
                 ref="Exodus 32:4"),
        ListItem(1, 1, "bullet", "•", (Run("Aaron "), Answer("golden calf", 2)), ref="Exodus 32:5"),
        Quote((Run("Forgive their sin"),), ref="Exodus 32:32", translation="WEB", level=1),
        Note((Run("Pause here. "), Answer("mercy", 3)), level=1),
        ListItem(2, 0, "decimal", "1.", (Run("Question?"),), style="question"),
        WritingLines(2),
        PageBreak(),
        AnswerKey(tuple((i, f"answer {i}") for i in range(1, 13))),
        footer="Page {page} of {pages}",
        **kw,
    )


# ---------------------------------------------------------------- fonts

def _fonts_in(resources, seen: set) -> list:
    """Every font dictionary reachable from a /Resources dictionary (forms included)."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for ref in fonts.get_object().values():
            found.append(ref.get_object())
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for ref in xobjects.get_object().values():
            key = getattr(ref, "idnum", id(ref))
            if key in seen:
                continue
            seen.add(key)
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Form":
                found.extend(_fonts_in(xo.get("/Resources"), seen))
    return found


def test_only_embedded_dejavu_subsets_are_used():
    data = render(rich_document(kind="notes"))
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    for page in reader.pages:
        fonts = _fonts_in(page.get("/Resources"), set())
        assert fonts, "a page with text must have fonts"
        for font in fonts:
            base = font["/BaseFont"]
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVu(Sans|Serif)(-[A-Za-z]+)?", base), base
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{base} is not embedded"
    names = {f["/BaseFont"].split("+")[1] for p in reader.pages for f in _fonts_in(p.get("/Resources"), set())}
    assert {"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSans-Bold", "DejaVuSans"} <= names
    for base14 in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats", b"/Symbol"):
        assert base14 not in data


# ---------------------------------------------------------------- pages

@pytest.mark.parametrize("paper", ["letter", "a4", "half-letter", "a5"])
def test_page_size_and_margins(paper):
    data = render(make(P("Left edge"), page=PageSetup(paper)))
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    width, height = PAPER_SIZES_PT[paper]
    assert float(box.width) == pytest.approx(width, abs=0.01)
    assert float(box.height) == pytest.approx(height, abs=0.01)
    margins = THEME.get("page")
    expect_left = margins["small_paper_margin"] if paper in ("half-letter", "a5") else margins["margin_left"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0].chars[0]
        assert first["text"] == "L"
        assert first["x0"] == pytest.approx(expect_left, abs=0.5)


def test_footer_counts_pages():
    data = render(make(P("one"), PageBreak(), P("two"), footer="Page {page} of {pages}"))
    texts = pages_text(data)
    assert len(texts) == 2
    assert "Page 1 of 2" in texts[0]
    assert "Page 2 of 2" in texts[1]


def test_footer_with_non_ascii_text():
    data = render(make(P("one"), footer="Grace “Church” & χάρις — {page}/{pages}"))
    assert "Grace “Church” & χάρις — 1/1" in all_text(data)


# ---------------------------------------------------------------- text

def test_text_comes_out_in_order():
    doc = make(
        TitleBlock(title=(Run("Alpha Title"),), subtitle=(Run("Beta Subtitle"),), meta=("Gamma Meta",),
                   label="Delta Label", church="Epsilon Church"),
        Heading(1, (Run("Zeta Heading"),), ref="Eta 1:1"),
        P("Theta paragraph."),
        ListItem(1, 0, "upper-roman", "I.", (Run("Iota point"),)),
        ListItem(1, 1, "upper-letter", "A.", (Run("Kappa subpoint"),)),
        Quote((Run("Lambda quote"),), ref="Mu 2:2", translation="WEB"),
        Note((Run("Nu note"),)),
        Heading(2, (Run("Xi Heading"),)),
    )
    text = all_text(render(doc))
    order = ["Epsilon Church", "Delta Label", "Alpha Title", "Beta Subtitle", "Gamma Meta",
             "Zeta Heading", "Eta 1:1", "Theta paragraph.", "I.", "Iota point", "A.", "Kappa subpoint",
             "Lambda quote", "— Mu 2:2 (WEB)", "Note:", "Nu note", "Xi Heading"]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions), dict(zip(order, positions))


SPECIAL = [
    "Tom & Jerry", "<b>not bold</b>", "a > b < c", "&amp; stays", 'say "hi"', "it's", "*stars*",
    "**strong**", "snake_case_name", "back\\slash", "${name}", "“curly”", "‘single’", "en–dash",
    "em—dash", "wait…", "&lt;literal&gt;", "<br/>", "</para>",
]


def test_special_characters_come_out_literally():
    doc = make(
        *[P(s) for s in SPECIAL],
        Heading(1, (Run("H & <h>"),), ref="R <1> & 2"),
        ListItem(1, 0, "decimal", "1.", (Run("item & <x>"),), ref="ref & <y>"),
        Quote((Run("quote & <q>"),), ref="Q & <r>"),
        Note((Run("note & <n>"),)),
        AnswerKey(((1, "key & <k>"),)),
    )
    text = all_text(render(doc))
    for s in SPECIAL + ["H & <h>", "R <1> & 2", "item & <x>", "ref & <y>", "quote & <q>", "Q & <r>",
                        "note & <n>", "key & <k>"]:
        assert s in text, s


def test_greek_and_hebrew():
    doc = make(P("Greek χάρις means grace"), P("Hebrew חֶסֶד means steadfast love"))
    data = render(doc)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    greek = [c for c in chars if c["text"] in "χάρις"]
    assert "".join(c["text"] for c in greek) == "χάρις"
    assert all("DejaVuSerif" in c["fontname"] for c in greek)

    hebrew = [c for c in chars if "\u0590" <= c["text"] <= "\u05ff"]
    letters = [c for c in hebrew if "\u05d0" <= c["text"] <= "\u05ea"]
    marks = [c for c in hebrew if c["text"] == "\u05b6"]  # segol, under ח and under ס
    # right to left: drawn (content stream order and x) as ד ס ח
    assert [c["text"] for c in letters] == ["ד", "ס", "ח"]
    assert [c["x0"] for c in letters] == sorted(c["x0"] for c in letters)
    assert all(c["fontname"].endswith("+DejaVuSans") for c in hebrew), {c["fontname"] for c in hebrew}
    # the marks are drawn over ס and ח (DejaVu Sans draws its points right of the pen, so each is
    # drawn where its letter is drawn), never over ד
    assert len(marks) == 2
    at = {round(c["x0"], 2): c["text"] for c in letters}
    assert sorted(at[round(m["x0"], 2)] for m in marks) == ["ח", "ס"]
    words = "".join(c["text"] for c in chars if c["text"].strip())
    assert words.index("Hebrew") < words.index("ד") < words.index("means", words.index("Hebrew"))
    # the Latin text around it stays in the serif face
    assert all("DejaVuSerif" in c["fontname"] for c in chars if c["text"] in "Hbrwmns")


# ---------------------------------------------------------------- properties, reproducibility

def test_document_properties():
    meta = Meta(title="The Intercessor", author="Jane Doe", subject="Exodus 32",
                keywords="Moses, intercession", created=1700000000)
    reader = pypdf.PdfReader(io.BytesIO(render(make(P("x"), meta=meta))))
    info = reader.metadata
    assert info.title == "The Intercessor"
    assert info.author == "Jane Doe"
    assert info.subject == "Exodus 32"
    assert info["/Keywords"] == "Moses, intercession"
    assert info["/CreationDate"].startswith("D:20231114221320")


def test_same_document_same_bytes(monkeypatch):
    doc = rich_document(meta=Meta(title="Same", created=1700000000))
    first = render(doc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")  # the caller's job: meta.created wins
    assert render(doc) == first
    assert render_format("pdf", doc) == first


def test_created_date_and_id_follow_the_document():
    def info(doc):
        reader = pypdf.PdfReader(io.BytesIO(render(doc)))
        return reader.metadata["/CreationDate"], reader.metadata["/ModDate"], reader.trailer["/ID"]

    a = info(make(P("x"), meta=Meta(title="T", created=0)))
    b = info(make(P("x"), meta=Meta(title="T", created=1700000000)))
    c = info(make(P("y"), meta=Meta(title="T", created=1700000000)))
    assert a[0].startswith("D:19700101000000") and a[1] == a[0]
    assert b[0].startswith("D:20231114221320") and b[1] == b[0]
    assert a[2] != b[2] != c[2]  # the ID changes with the date and with the content


# ---------------------------------------------------------------- layout

def test_heading_is_never_last_on_a_page():
    pushed = 0
    for n in range(24, 40):
        fill = [P(f"Filler line {k}.") for k in range(n)]
        doc = make(*fill, Heading(1, (Run("Target Heading"),)),
                   P("Following paragraph " + "with several words that wrap to more lines " * 6))
        data = render(doc)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
            h = page_of(texts, "Target Heading")
            assert page_of(texts, "Following paragraph") == h, f"{n} fillers"
            if h > 0 and "Filler" not in texts[h]:
                pushed += 1
    assert pushed, "no case put the heading at a page bottom: the test proves nothing"


def test_heading_and_a_one_line_paragraph_keep_a_line_of_what_follows():
    pushed = 0
    for n in range(24, 40):
        fill = [P(f"Filler line {k}.") for k in range(n)]
        doc = make(*fill, Heading(1, (Run("Related Reading"),)), Paragraph((Run("For further study."),)),
                   ListItem(1, 0, "bullet", "•", (Run("First reading in the list"),)))
        with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
            h = page_of(texts, "Related Reading")
            assert page_of(texts, "For further study.") == h == page_of(texts, "First reading in the list"), n
            pushed += h > 0 and "Filler" not in texts[h]
    assert pushed, "no case moved the heading: the test proves nothing"


def test_heading_chain_and_question_lines_stay_together():
    pushed = 0
    for n in range(24, 40):
        fill = [P(f"Filler line {k}.") for k in range(n)]
        doc = make(*fill, Heading(1, (Run("Upper Heading"),)), Heading(2, (Run("Lower Heading"),)),
                   ListItem(1, 0, "decimal", "1.", (Run("Question text?"),), style="question"),
                   WritingLines(3))
        with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
            h = page_of(texts, "Upper Heading")
            assert page_of(texts, "Lower Heading") == h == page_of(texts, "Question text?"), n
            q = pdf.pages[h]
            assert len([ln for ln in q.lines if ln["width"] > 300]) == 3, n  # the lines came too
            pushed += h > 0 and "Filler" not in texts[h]
    assert pushed


def test_quote_reference_stays_with_quote():
    split_risk = 0
    for n in range(26, 40):
        fill = [P(f"Filler line {k}.") for k in range(n)]
        doc = make(*fill, Quote((Run("Quoted words " * 12),), ref="Exodus 32:32", translation="WEB"))
        texts = pages_text(render(doc))
        q = page_of(texts, "Quoted words")
        r = page_of(texts, "— Exodus 32:32 (WEB)")
        assert r == q, n
        split_risk += q > 0
    assert split_risk


def test_list_item_hangs_its_label():
    long = "word " * 40
    doc = make(ListItem(1, 0, "upper-roman", "III.", (Run("Top " + long),)),
               ListItem(1, 1, "upper-letter", "B.", (Run("Sub " + long),)))
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        words = pdf.pages[0].extract_words()
    label0 = next(w for w in words if w["text"] == "III.")
    label1 = next(w for w in words if w["text"] == "B.")
    top = next(w for w in words if w["text"] == "Top")
    sub = next(w for w in words if w["text"] == "Sub")
    indent = THEME.get("list_indent")
    assert label0["x0"] == pytest.approx(60, abs=0.5)
    assert label1["x0"] == pytest.approx(60 + indent, abs=0.5)
    assert label0["x1"] < top["x0"] - 2 and label1["x1"] < sub["x0"] - 2  # no collision
    assert label0["top"] == pytest.approx(top["top"], abs=0.5)  # same baseline
    # continuation lines start under the text, not under the label
    lines0 = {round(w["top"]) for w in words if w["top"] > top["top"] + 1 and w["top"] < label1["top"] - 1}
    assert lines0, "the long item should wrap"
    for t in lines0:
        first = min((w for w in words if round(w["top"]) == t), key=lambda w: w["x0"])
        assert first["x0"] == pytest.approx(top["x0"], abs=0.5)


def test_handout_blanks_draw_lines_and_hide_answers():
    doc = make(
        ListItem(1, 0, "upper-roman", "I.", (Run("The people made a "), BlankLine(9.0, 1), Run(" calf."))),
        P("Free blank: "),
        Paragraph((Run("Write: "), BlankLine(5.0))),
        kind="handout",
    )
    data = render(doc)
    text = all_text(data)
    assert "golden" not in text
    assert "The people made a ¹" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    for width_em, top_word in ((9.0, "people"), (5.0, "Write")):
        line_top = next(c["top"] for c in chars if c["text"] == top_word[0])
        under = [c for c in chars if c["text"] == "_" and abs(c["top"] - line_top) < 1]
        drawn = max(c["x1"] for c in under) - min(c["x0"] for c in under)
        assert drawn == pytest.approx(width_em * 11.0, abs=3), (top_word, drawn)


def test_notes_show_answers_highlighted():
    doc = make(
        ListItem(1, 0, "upper-roman", "I.", (Run("The people made a "), Answer("golden calf", 1), Run("."))),
        kind="notes",
    )
    data = render(doc)
    text = all_text(data)
    assert "golden calf" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        ink = [c for c in page.chars if c["text"].strip()]
        at = "".join(c["text"] for c in ink).index("goldencalf")
        gold = ink[at:at + 10]
        fills = [r for r in page.rects if r.get("fill")]
    assert gold and all("Bold" in c["fontname"] for c in gold)
    assert "¹" in text
    want = tuple(int(THEME.color("answer_fill")[i:i + 2], 16) / 255 for i in (1, 3, 5))
    highlighted = [r for r in fills if tuple(r["non_stroking_color"] or ()) == pytest.approx(want, abs=0.01)]
    assert highlighted, [r["non_stroking_color"] for r in fills]
    left = min(r["x0"] for r in highlighted)
    right = max(r["x1"] for r in highlighted)
    assert all(left <= c["x0"] and c["x1"] <= right for c in gold)


def test_note_box_writing_lines_and_answer_key():
    doc = make(
        Note((Run("Remember the story."),), level=1),
        WritingLines(4, level=1),
        PageBreak(),
        AnswerKey(((1, "golden calf"), (2, "mercy"))),
    )
    data = render(doc)
    texts = pages_text(data)
    assert "Note: Remember the story." in texts[0]
    assert "Answer Key" in texts[1] and "1. golden calf" in texts[1] and "2. mercy" in texts[1]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        shaded = [r for r in page.rects if r.get("fill")]
        lines = page.lines
    assert len(shaded) == 1 and shaded[0]["x0"] > 60 + THEME.get("list_indent") - 1
    assert len(lines) == 4
    indent = THEME.get("list_indent")
    for ln in lines:
        assert ln["x0"] == pytest.approx(60 + indent, abs=0.5)
        assert ln["x1"] == pytest.approx(612 - 60, abs=0.5)


def test_logo_is_scaled_to_an_inch(tmp_path):
    from PIL import Image as PILImage

    logo = tmp_path / "logo.png"
    PILImage.new("RGB", (600, 240), (31, 78, 121)).save(logo)
    doc = make(TitleBlock(title=(Run("T"),), logo=str(logo)))
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        (img,) = pdf.pages[0].images
    assert img["height"] == pytest.approx(72, abs=0.5)
    assert img["width"] == pytest.approx(180, abs=0.5)


def test_large_print_scales_text():
    with pdfplumber.open(io.BytesIO(render(make(P("Big"), body_size=16.0)))) as pdf:
        assert pdf.pages[0].chars[0]["size"] == pytest.approx(16.0, abs=0.01)


# ---------------------------------------------------------------- unknown nodes

class Mystery:
    pass


def test_unknown_block_raises():
    with pytest.raises(UnknownNode, match="Mystery"):
        render(make(P("fine"), Mystery()))


def test_unknown_inline_raises():
    with pytest.raises(UnknownNode, match="Mystery"):
        render(make(Paragraph((Run("fine"), Mystery()))))


# ---------------------------------------------------------------- fast paths keep the look

def _looks(p) -> list:
    """A paragraph's fragments as [text, look], neighbours of the same look merged (reportlab's
    parser cuts a fragment at every entity such as &amp;)."""
    out: list = []
    for f in p.frags:
        look = (f.fontName, f.bold, f.italic, f.fontSize, f.textColor, getattr(f, "backColor", None),
                f.rise, f.link, f.us_lines)
        if out and out[-1][1] == look:
            out[-1][0] += f.text
        else:
            out.append([f.text, look])
    return out


@pytest.mark.parametrize("runs", [
    (Run("  leading,  inner   and trailing space  "),),
    (Run("a & b < c > d &amp; <b>not bold</b> "), Run("bold", bold=True), Run(" italic ", italic=True),
     Run("both", bold=True, italic=True)),
    (Run("line one\nline two\t tab\u00a0nbsp"),),
    (Run("fill in "), BlankLine(4, 2), Run(" and "), BlankLine(9)),
    (Run("Hebrew חֶסֶד, Greek χάρις — dashes – “quotes”"),),
    (Run("pause "), Answer("golden calf", 3), Run(" after")),
    (Run("bold ", bold=True), BlankLine(6)),
])
@pytest.mark.parametrize("ref", [None, "Exodus 32:1–35"])
def test_fragments_are_what_the_markup_parser_makes(runs, ref):
    """make_paragraph builds reportlab's fragments directly; they must be the parser's."""
    from outline_export.backends.pdf import BASE, PdfBuilder, inline_markup, inline_segments, make_paragraph
    from reportlab.platypus import Paragraph as RLParagraph

    b = PdfBuilder(make(P("x")))
    ps, ist = b.pstyle("body")
    segs = inline_segments(runs, ist)
    if ref:
        segs += [(" ", BASE), *inline_segments((Run(f"— {ref}"),), ist, (None, b.muted, None, None))]
    assert _looks(make_paragraph(RLParagraph, segs, ps)) == _looks(RLParagraph(inline_markup(segs), ps))


def _coloured(data: bytes) -> tuple[str, str, int]:
    """(text drawn in black, text drawn in any other colour, pages), spaces left out."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if c["text"] != " "]
        pages = len(pdf.pages)
    black = [c["text"] for c in chars if tuple(c["non_stroking_color"]) in ((0,), (0, 0, 0))]
    other = [c["text"] for c in chars if tuple(c["non_stroking_color"]) not in ((0,), (0, 0, 0))]
    return "".join(black), "".join(other), pages


def test_list_reference_is_muted_wherever_the_item_splits():
    text = " ".join(f"w{i}" for i in range(150))
    ref = " ".join(f"r{i}" for i in range(150))
    breaks = set()
    for n in range(20, 32, 2):
        fill = [P(f"Filler line {k}.") for k in range(n)]
        doc = make(*fill, ListItem(1, 0, "upper-roman", "I.", (Run(text),), ref=ref),
                   ListItem(1, 0, "upper-roman", "II.", (Run("bold", bold=True), Run(" then plain")),
                            ref="7–10"),
                   footer="")
        data = render(doc)
        black, muted, pages = _coloured(data)
        assert pages == 2
        assert muted == ("— " + ref + "— 7–10").replace(" ", ""), n
        black = black.replace("II.", "").replace("I.", "")  # the labels (drawn after the text)
        assert text.replace(" ", "") in black and "boldthenplain" in black, n
        first = pages_text(data)[0]
        breaks.add("in the reference" if "r0" in first else "in the text" if "w0" in first else "before")
    assert breaks == {"in the reference", "in the text"}


def test_faces_are_registered_when_first_used():
    """A fresh process reads only the faces a document uses (the fallback family only for a
    character the style's face lacks), and bold text still comes out bold: registering a face
    must not undo its family's bold/italic mapping."""
    import subprocess
    import sys

    setup = r'''
import io, pdfplumber
from outline_export.backends import _pdf_fonts, pdf
from outline_export.document import Document, Heading, Meta, Paragraph, Run

def faces():
    return sorted(n[3:].rsplit("-", 1)[0] for n in _pdf_fonts._registered)

def drawn(doc):
    with pdfplumber.open(io.BytesIO(pdf.render(doc))) as p:
        return sorted({c["fontname"].split("+")[1] for c in p.pages[0].chars})

def doc(*blocks, **kw):
    return Document(meta=Meta(title="T"), blocks=blocks, footer="", **kw)
'''
    lazy = setup + r'''
used = drawn(doc(Paragraph((Run("plain "), Run("bold", bold=True), Run(" dash —")))))
print(faces(), used)
used = drawn(doc(Paragraph((Run("Hebrew חֶסֶד"),))))
print(faces(), used)
'''
    # DejaVu Sans Bold is read for a heading; a second theme object maps the families again; then
    # DejaVu Sans is read, which maps it as a family of its own unless the mapping is put back
    mapping = setup + r'''
print(drawn(doc(Heading(1, (Run("Head"),)))))
print(drawn(doc(Paragraph((Run("timing "), Run("bold", bold=True)), "timing"),
                theme_overrides=(("accent_color", "#123456"),))))
'''

    def run(code):
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.splitlines()

    assert run(lazy) == [
        "['DejaVuSerif', 'DejaVuSerif-Bold'] ['DejaVuSerif', 'DejaVuSerif-Bold']",
        "['DejaVuSans', 'DejaVuSerif', 'DejaVuSerif-Bold'] ['DejaVuSans', 'DejaVuSerif']",
    ]
    assert run(mapping) == ["['DejaVuSans-Bold']", "['DejaVuSans', 'DejaVuSans-Bold']"]
