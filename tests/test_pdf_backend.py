"""The PDF writer, read back with pypdf and pdfplumber: what a reader of the written file gets."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pdfplumber
import pypdf
import pytest

from outline_export import backends
from outline_export.backends import pdf as pdf_writer
from outline_export.backends.base import UnknownNode
from outline_export.document import (
    Answer,
    BlankLine,
    Document,
    Heading,
    List,
    ListItem,
    Meta,
    Note,
    Numbering,
    PageBreak,
    Paragraph,
    Quote,
    Run,
    TitleBlock,
    WritingLines,
)
from outline_export.layout import PAPERS, writer_options

OPTS = writer_options()
THEME = OPTS.theme
LEFT = OPTS.page.left  # 60 on letter
RIGHT_EDGE = OPTS.page.width - OPTS.page.right
NBSP = "\u00a0"
BLACK = (0.0, 0.0, 0.0)
MUTED = tuple(int(THEME.color("muted")[i:i + 2], 16) / 255 for i in (1, 3, 5))  # #555555
TRICK_SETTINGS = ["", "all", "fragments", "tail", "labels", "fragments,tail", "tail,labels"]


@pytest.fixture(autouse=True)
def _tricks_on(monkeypatch):
    """Every test draws with the speed tricks on unless it says otherwise."""
    monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)


def plain_tricks(monkeypatch, plain: str) -> None:
    """Leave out the tricks ``plain`` names (``_pdf_fast.enabled`` reads the env at write time)."""
    if plain:
        monkeypatch.setenv("OUTLINE_EXPORT_PLAIN", plain)
    else:
        monkeypatch.delenv("OUTLINE_EXPORT_PLAIN", raising=False)


# ---------------------------------------------------------------- building documents

def make(*blocks, footer: str = "Page {page} of {pages}", meta: Meta | None = None) -> Document:
    return Document(meta=meta or Meta(title="Test"), blocks=tuple(blocks), footer=footer)


def render(doc: Document, **options) -> bytes:
    """The PDF for ``doc``; ``options`` are writer_options' (paper, body_size, overrides)."""
    return backends.write("pdf", doc, writer_options(**options))


def P(text: str, style: str = "body", keep_with_next: bool = False, **kw) -> Paragraph:
    return Paragraph((Run(text, **kw),), style=style, keep_with_next=keep_with_next)


def ref(text: str) -> tuple:
    """A reference after a point or heading, as the views make it: a space, then "(7–10)"."""
    return (Run(" "), Run(f"({text})", role="ref"))


def credit(text: str) -> tuple:
    return (Run(f"— {text}", role="credit"),)


def note(*runs) -> Note:
    return Note((Run("Note:", bold=True, role="note_label"), Run(" "), *runs))


def blank_number(n: int) -> Run:
    return Run(str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")) + NBSP, role="blank_number")


def item(label: str, runs, *more, style: str = "list", keep_with_next: bool = False) -> ListItem:
    """A point as the views make it: its text paragraph, then detail, notes, sub-lists."""
    if isinstance(runs, str):
        runs = (Run(runs),)
    return ListItem(label, (Paragraph(tuple(runs), style, keep_with_next), *more))


def numbered(numbering: Numbering, *items_) -> List:
    """A list whose items' labels are the numbering's own."""
    return List(numbering, tuple(ListItem(numbering.label(numbering.start + k), it.blocks)
                                 for k, it in enumerate(items_)))


def answer_key(*answers: str) -> tuple:
    num = Numbering("decimal")
    return (Heading(1, (Run("Answer Key"),)),
            List(num, tuple(ListItem(num.label(n), (Paragraph((Run(a),), "answer_key"),))
                            for n, a in enumerate(answers, 1))))


def rich_document(meta: Meta | None = None) -> Document:
    """Speaker notes with everything: title block, headings, styles, Greek and Hebrew, a point with
    a blank, an answer, a quotation, a note, a question with lines, an answer key page."""
    return make(
        TitleBlock(title=(Run("The Intercessor"),), subtitle=(Run("Exodus 32"),),
                   meta=("Pastor Jane Doe", "March 3, 2024"), label="Speaker Notes", church="Grace Church"),
        Heading(1, (Run("Moses Ascends"), *ref(f"Exodus{NBSP}32:30–31"))),
        Heading(2, (Run("The plea"),)),
        P("Greek χάρις and Hebrew חֶסֶד side by side. Bold and italic: ", bold=True),
        Paragraph((Run("mixed "), Run("bold", bold=True), Run(" italic", italic=True),
                   Run(" both", bold=True, italic=True))),
        List(Numbering("upper-roman"), (
            item("I.", (Run("The people made a "), blank_number(1), BlankLine(9.0), Run("."), *ref("7–10")),
                 List(Numbering("bullet", symbol="•"), (
                     item("•", (Run("Aaron "), blank_number(2), Answer("golden calf"), *ref("5"))),)),
                 note(Run("Pause here. "), blank_number(3), Answer("mercy"))),
        )),
        Quote((Run("Forgive their sin"),), credit("Exodus 32:32 (WEB)")),
        List(Numbering("decimal"), (item("1.", "Question?", WritingLines(2), style="question",
                                         keep_with_next=True),)),
        PageBreak(),
        *answer_key(*(f"answer {i}" for i in range(1, 13))),
        meta=meta,
    )


# ---------------------------------------------------------------- reading back

def pages_text(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_text() or "" for p in pdf.pages]


def all_text(data: bytes) -> str:
    return "\n".join(pages_text(data))


def page_of(texts: list[str], needle: str) -> int:
    found = [i for i, t in enumerate(texts) if needle in t]
    assert found, f"{needle!r} is not in the PDF"
    return found[0]


def page_words(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [p.extract_words() for p in pdf.pages]


def colour(c: dict) -> tuple:
    """A char's fill colour as an RGB tuple (grey and RGB black alike)."""
    col = tuple(c["non_stroking_color"] or (0,))
    return col * 3 if len(col) == 1 else col


def same_colour(a: tuple, b: tuple) -> bool:
    return all(abs(x - y) < 0.005 for x, y in zip(a, b, strict=True))


def word_at(words: list[dict], text: str) -> dict:
    found = [w for w in words if w["text"] == text]
    assert len(found) == 1, (text, [w["text"] for w in words])
    return found[0]


def line_of(words: list[dict], w: dict) -> list[dict]:
    """The words on ``w``'s line, left to right."""
    return sorted((v for v in words if abs(v["top"] - w["top"]) < 1), key=lambda v: v["x0"])


# ---------------------------------------------------------------- fonts

def _fonts_in(resources, seen: set) -> list:
    """Every font dictionary reachable from a /Resources dictionary (forms included)."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    fonts = resources.get("/Font")
    if fonts is not None:
        for r in fonts.get_object().values():
            found.append(r.get_object())
    xobjects = resources.get("/XObject")
    if xobjects is not None:
        for r in xobjects.get_object().values():
            key = getattr(r, "idnum", id(r))
            if key in seen:
                continue
            seen.add(key)
            xo = r.get_object()
            if xo.get("/Subtype") == "/Form":
                found.extend(_fonts_in(xo.get("/Resources"), seen))
    return found


def assert_only_embedded_subsets(data: bytes) -> set[str]:
    """Every font of every page is an embedded DejaVu subset, none a base-14 font; the faces."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = _fonts_in(page.get("/Resources"), set())
        assert fonts, "a page with text must have fonts"
        for font in fonts:
            base = font["/BaseFont"]
            assert re.fullmatch(r"/[A-Z]{6}\+DejaVu(Sans|Serif)(-[A-Za-z]+)?", base), base
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{base} is not embedded"
            names.add(base.split("+")[1])
    for base14 in (b"Helvetica", b"Times-Roman", b"Courier", b"ZapfDingbats", b"/Symbol"):
        assert base14 not in data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        drawn = {c["fontname"] for p in pdf.pages for c in p.chars}
    assert all(re.fullmatch(r"[A-Z]{6}\+DejaVu(Sans|Serif)(-[A-Za-z]+)?", f) for f in drawn), drawn
    return names


@pytest.mark.parametrize("plain", ["", "all"])
def test_only_embedded_dejavu_subsets_are_used(monkeypatch, plain):
    plain_tricks(monkeypatch, plain)
    data = render(rich_document(), body_size=13.0)
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 2
    names = assert_only_embedded_subsets(data)
    assert {"DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic",
            "DejaVuSans-Bold", "DejaVuSans"} <= names


def test_an_empty_footer_and_a_label_only_list_use_no_base14_font():
    """Nothing but list labels and the canvas's own initial font: still no base-14 font."""
    doc = make(List(Numbering("upper-roman"), (ListItem("I.", ()),)), footer="")
    data = render(doc)
    assert_only_embedded_subsets(data)
    assert "I." in all_text(data)


# ---------------------------------------------------------------- pages

@pytest.mark.parametrize("paper", ["letter", "a4", "half-letter", "a5"])
def test_page_size_and_margins(paper):
    data = render(make(P("Left edge")), paper=paper)
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(PAPERS[paper].width, abs=0.01)
    assert float(box.height) == pytest.approx(PAPERS[paper].height, abs=0.01)
    margins = THEME.get("page")
    expect_left = margins["small_paper_margin"] if paper in ("half-letter", "a5") else margins["margin_left"]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[0].chars[0]
        assert first["text"] == "L"
        assert first["x0"] == pytest.approx(expect_left, abs=0.5)


def test_page_sizes_in_inches_and_millimetres():
    sizes = {name: (p.width, p.height) for name, p in PAPERS.items()}
    assert sizes["letter"] == (8.5 * 72, 11 * 72)
    assert sizes["half-letter"] == (5.5 * 72, 8.5 * 72)
    assert sizes["a4"] == pytest.approx((210 / 25.4 * 72, 297 / 25.4 * 72), abs=0.01)
    assert sizes["a5"] == pytest.approx((148 / 25.4 * 72, 210 / 25.4 * 72), abs=0.01)


def test_footer_counts_pages():
    data = render(make(P("one"), PageBreak(), P("two"), footer="Page {page} of {pages}"))
    texts = pages_text(data)
    assert len(texts) == 2
    assert "Page 1 of 2" in texts[0]
    assert "Page 2 of 2" in texts[1]


def test_footer_with_non_ascii_text():
    data = render(make(P("one"), footer="Grace “Church” & χάρις <b> — {page}/{pages}"))
    assert "Grace “Church” & χάρις <b> — 1/1" in all_text(data)


def test_empty_footer_draws_nothing():
    data = render(make(P("only words"), footer=""))
    assert all_text(data).strip() == "only words"


# ---------------------------------------------------------------- text

def test_text_comes_out_in_order():
    doc = make(
        TitleBlock(title=(Run("Alpha Title"),), subtitle=(Run("Beta Subtitle"),), meta=("Gamma Meta",),
                   label="Delta Label", church="Epsilon Church"),
        Heading(1, (Run("Zeta Heading"), *ref(f"Eta{NBSP}1:1"))),
        P("Theta paragraph."),
        List(Numbering("upper-roman"), (
            item("I.", "Iota point", List(Numbering("upper-alpha"), (item("A.", "Kappa subpoint"),))),)),
        Quote((Run("Lambda quote"),), credit(f"Mu{NBSP}2:2 (WEB)")),
        note(Run("Nu note")),
        Heading(2, (Run("Xi Heading"),)),
    )
    text = all_text(render(doc)).replace(NBSP, " ")
    order = ["Epsilon Church", "Delta Label", "Alpha Title", "Beta Subtitle", "Gamma Meta",
             "Zeta Heading (Eta 1:1)", "Theta paragraph.", "I.", "Iota point", "A.", "Kappa subpoint",
             "Lambda quote", "— Mu 2:2 (WEB)", "Note: Nu note", "Xi Heading"]
    positions = [text.find(s) for s in order]
    assert all(p >= 0 for p in positions), dict(zip(order, positions))
    assert positions == sorted(positions), dict(zip(order, positions))


SPECIAL = [
    "Tom & Jerry", "<b>not bold</b>", "a > b < c", "&amp; stays", 'say "hi"', "it's", "*stars*",
    "**strong**", "snake_case_name", "back\\slash", "${name}", "“curly”", "‘single’", "en–dash",
    "em—dash", "wait…", "&lt;literal&gt;", "<br/>", "</para>", '<font color="red">x</font>',
    "&#65; &nbsp;", "<![CDATA[x]]>", "1 < 2 && 3 > 2",
]


@pytest.mark.parametrize("plain", TRICK_SETTINGS)
def test_special_characters_come_out_literally(monkeypatch, plain):
    plain_tricks(monkeypatch, plain)
    doc = make(
        TitleBlock(title=(Run("T & <t>"),), subtitle=(Run("S > s"),), meta=("M & <m>",), label="L <l> &",
                   church="C & <c>"),
        *[P(s) for s in SPECIAL],
        P("bold & <b>", bold=True),
        Heading(1, (Run("H & <h>"), *ref("R <1> & 2"))),
        List(Numbering("decimal", prefix="<&>"), (
            item("<&>1.", (Run("item & <x>"), *ref("ref & <y>"))),
            item("<&>2.", (Run("answer: "), blank_number(1), Answer("a & <b>"))),
        )),
        Quote((Run("quote & <q>"),), credit("Q & <r>")),
        note(Run("note & <n>")),
        *answer_key("key & <k>"),
        footer="F & <f> {page}",
    )
    text = all_text(render(doc))
    for s in SPECIAL + ["T & <t>", "S > s", "M & <m>", "L <l> &", "C & <c>", "bold & <b>", "H & <h> (R <1> & 2)",
                        "<&>1. item & <x> (ref & <y>)", "<&>2.", "a & <b>", "quote & <q>", "— Q & <r>",
                        "Note: note & <n>", "1. key & <k>", "F & <f> 1"]:
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


@pytest.mark.parametrize("plain", ["", "all"])
def test_greek_and_hebrew_in_a_point_with_a_reference(monkeypatch, plain):
    """Fallback faces inside a list item with a muted reference: every piece keeps its face and
    colour, the label stays left of the text."""
    plain_tricks(monkeypatch, plain)
    doc = make(List(Numbering("upper-roman"), (
        item("I.", (Run("Grace χάρις and love חֶסֶד"), *ref("7–10"))),)), footer="")
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
    hebrew = [c for c in chars if "\u05d0" <= c["text"] <= "\u05ea"]
    assert [c["text"] for c in hebrew] == ["ד", "ס", "ח"]
    assert all(c["fontname"].endswith("+DejaVuSans") for c in hebrew)
    assert all(same_colour(colour(c), BLACK) for c in hebrew)
    reference = [c for c in chars if c["x0"] > hebrew[-1]["x1"]]
    assert "".join(c["text"] for c in reference) == "(7–10)"
    assert all(same_colour(colour(c), MUTED) for c in reference)
    label = [c for c in chars if c["x1"] <= LEFT + OPTS.gutter(["I."], "list") - 1]
    assert "".join(c["text"] for c in label) == "I."


# ---------------------------------------------------------------- properties, reproducibility

def test_document_properties():
    meta = Meta(title="The Intercessor & <Friends>", author="Jane Doe", subject="Exodus 32",
                keywords="Moses, intercession", created=1700000000)
    reader = pypdf.PdfReader(io.BytesIO(render(make(P("x"), meta=meta))))
    info = reader.metadata
    assert info.title == "The Intercessor & <Friends>"
    assert info.author == "Jane Doe"
    assert info.subject == "Exodus 32"
    assert info["/Keywords"] == "Moses, intercession"
    assert info["/Creator"] == "outline-export"
    assert info["/CreationDate"].startswith("D:20231114221320")


def test_document_properties_beyond_ascii():
    meta = Meta(title="Χάρις & חֶסֶד — “Grace”", author="Jöhn Doe", subject="Exodus 32:1–14",
                keywords="grace, (mercy)")
    info = pypdf.PdfReader(io.BytesIO(render(make(P("x"), meta=meta)))).metadata
    assert (info.title, info.author, info.subject, info["/Keywords"]) == (
        "Χάρις & חֶסֶד — “Grace”", "Jöhn Doe", "Exodus 32:1–14", "grace, (mercy)")


def test_same_document_same_bytes(monkeypatch):
    doc = rich_document(meta=Meta(title="Same", created=1700000000))
    first = render(doc)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")  # the caller's job: meta.created wins
    monkeypatch.setenv("TZ", "Asia/Kolkata")
    assert render(doc) == first
    assert pdf_writer.write(doc, OPTS) == first
    # a document drawn in between (other fonts, other subsets) changes nothing
    render(make(P("Hebrew חֶסֶד and bold", bold=True)), body_size=16.0)
    assert render(doc) == first


def test_same_bytes_in_another_process():
    """Nothing in the file depends on the process: hash seeds, the order fonts were first used."""
    code = r'''
import sys
from outline_export import backends
from outline_export.layout import writer_options
sys.path.insert(0, sys.argv[1])
from test_pdf_backend import Meta, rich_document
sys.stdout.buffer.write(backends.write("pdf", rich_document(meta=Meta(title="Same", created=1700000000)),
                                       writer_options()))
'''
    here = os.path.dirname(os.path.abspath(__file__))
    env = {k: v for k, v in os.environ.items() if k != "OUTLINE_EXPORT_PLAIN"}
    out = subprocess.run([sys.executable, "-c", code, here], capture_output=True, check=True,
                         env={**env, "PYTHONHASHSEED": "12345"}).stdout
    assert out == render(rich_document(meta=Meta(title="Same", created=1700000000)))


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


def test_id_changes_with_the_look():
    doc = make(Heading(1, (Run("Same words"),)))
    a, b = render(doc), render(doc, overrides=(("accent_color", "#123456"),))
    assert a != b  # the heading's colour differs
    ids = [pypdf.PdfReader(io.BytesIO(x)).trailer["/ID"] for x in (a, b)]
    assert ids[0] != ids[1]


# ---------------------------------------------------------------- keeping together

def fillers(n: int) -> list:
    return [P(f"Filler line {k}.") for k in range(n)]


def test_heading_is_never_last_on_a_page():
    pushed = 0
    for n in range(24, 40):
        doc = make(*fillers(n), Heading(1, (Run("Target Heading"),)),
                   P("Following paragraph " + "with several words that wrap to more lines " * 6))
        texts = pages_text(render(doc))
        h = page_of(texts, "Target Heading")
        assert page_of(texts, "Following paragraph") == h, f"{n} fillers"
        if h > 0 and "Filler" not in texts[h]:
            pushed += 1
    assert pushed, "no case put the heading at a page bottom: the test proves nothing"


def test_heading_and_a_one_line_paragraph_keep_a_line_of_what_follows():
    pushed = 0
    for n in range(24, 40):
        doc = make(*fillers(n), Heading(1, (Run("Related Reading"),)), Paragraph((Run("For further study."),)),
                   List(Numbering("bullet", symbol="•"), (item("•", "First reading in the list"),)))
        texts = pages_text(render(doc))
        h = page_of(texts, "Related Reading")
        assert page_of(texts, "For further study.") == h == page_of(texts, "First reading in the list"), n
        pushed += h > 0 and "Filler" not in texts[h]
    assert pushed, "no case moved the heading: the test proves nothing"


def test_heading_chain_and_question_lines_stay_together():
    pushed = 0
    for n in range(24, 40):
        doc = make(*fillers(n), Heading(1, (Run("Upper Heading"),)), Heading(2, (Run("Lower Heading"),)),
                   List(Numbering("decimal"), (item("1.", "Question text?", WritingLines(3), style="question",
                                                    keep_with_next=True),)))
        with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
            h = page_of(texts, "Upper Heading")
            assert page_of(texts, "Lower Heading") == h == page_of(texts, "Question text?"), n
            q = pdf.pages[h]
            assert len([ln for ln in q.lines if ln["width"] > 300]) == 3, n  # the lines came too
            pushed += h > 0 and "Filler" not in texts[h]
    assert pushed


def test_kept_paragraph_moves_with_the_first_lines_of_the_next():
    """keep_with_next=True (a timing line, "For: youth") at a page's bottom: it starts the next page
    with the first two lines of what follows."""
    following = " ".join(f"f{i:03d}" for i in range(160))
    pushed = 0
    for n in range(24, 40):
        doc = make(*fillers(n), P("Kept lead-in line", keep_with_next=True), P(following))
        pages = page_words(render(doc))
        lead = next(i for i, ws in enumerate(pages) if any(w["text"] == "lead-in" for w in ws))
        first = next(i for i, ws in enumerate(pages) if any(w["text"] == "f000" for w in ws))
        assert first == lead, f"{n} fillers: the kept paragraph was left alone"
        body = sorted((w for w in pages[lead] if re.fullmatch(r"f\d{3}", w["text"])), key=lambda w: w["top"])
        assert len({round(w["top"]) for w in body}) >= 2, f"{n} fillers: only one line came along"
        pushed += lead > 0 and not any(w["text"] == "Filler" for w in pages[lead])
    assert pushed, "no case moved the kept paragraph: the test proves nothing"


def test_kept_chain_of_paragraphs_moves_together():
    """Two kept paragraphs in a row (a "For:" line, then a timing line) and the next: one page."""
    pushed = 0
    for n in range(24, 40):
        doc = make(*fillers(n), P("For: youth", "audience", keep_with_next=True),
                   P("5 min · running total", "timing", keep_with_next=True),
                   P("Body text " + "that runs on for a few lines " * 8))
        texts = pages_text(render(doc))
        h = page_of(texts, "For: youth")
        assert page_of(texts, "5 min") == h == page_of(texts, "Body text"), n
        pushed += h > 0 and "Filler" not in texts[h]
    assert pushed


@pytest.mark.parametrize("kept", [Heading(1, (Run("Target Heading"),)),
                                  P("Target lead-in", "audience", keep_with_next=True)],
                         ids=["heading", "kept-paragraph"])
def test_heading_is_never_last_on_a_page_before_a_credited_quote(kept):
    for n in range(24, 42):
        doc = make(*fillers(n), kept, Quote((Run("Quoted words " * 8),), credit("Exodus 32:32 (WEB)")))
        texts = pages_text(render(doc))
        assert page_of(texts, "Target") == page_of(texts, "Quoted words"), f"{n} fillers"


def test_quote_credit_stays_with_quote():
    split_risk = 0
    for n in range(26, 40):
        doc = make(*fillers(n), Quote((Run("Quoted words " * 12),), credit("Exodus 32:32 (WEB)")))
        texts = pages_text(render(doc))
        q = page_of(texts, "Quoted words")
        r = page_of(texts, "— Exodus 32:32 (WEB)")
        assert r == q, n
        split_risk += q > 0
    assert split_risk


def test_writing_lines_never_split():
    moved = 0
    for n in range(30, 44):
        doc = make(*fillers(n), WritingLines(6), footer="")
        with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
            counts = [len(p.lines) for p in pdf.pages]
        assert sorted(counts)[-1] == 6 and sum(counts) == 6, (n, counts)
        moved += counts[0] == 0
    assert moved


# ---------------------------------------------------------------- lists and labels

def test_list_item_hangs_its_label():
    long = "word " * 40
    doc = make(List(Numbering("upper-roman", start=3), (
        item("III.", "Top " + long, List(Numbering("upper-alpha", start=2), (item("B.", "Sub " + long),))),)))
    words = page_words(render(doc))[0]
    label0, label1 = word_at(words, "III."), word_at(words, "B.")
    top, sub = word_at(words, "Top"), word_at(words, "Sub")
    gutter0 = OPTS.gutter(["III."], "list")
    gutter1 = OPTS.gutter(["B."], "list")
    assert label0["x0"] == pytest.approx(LEFT, abs=0.5)
    assert top["x0"] == pytest.approx(LEFT + gutter0, abs=0.5)
    assert label1["x0"] == pytest.approx(LEFT + gutter0, abs=0.5)  # under its parent's text
    assert sub["x0"] == pytest.approx(LEFT + gutter0 + gutter1, abs=0.5)
    assert label0["x1"] < top["x0"] - 2 and label1["x1"] < sub["x0"] - 2  # no collision
    assert label0["bottom"] == pytest.approx(top["bottom"], abs=0.5)  # same baseline
    assert label1["bottom"] == pytest.approx(sub["bottom"], abs=0.5)
    # continuation lines start under the text, not under the label
    lines0 = {round(w["top"]) for w in words if top["top"] + 1 < w["top"] < label1["top"] - 1}
    assert lines0, "the long item should wrap"
    for t in lines0:
        first = min((w for w in words if round(w["top"]) == t), key=lambda w: w["x0"])
        assert first["x0"] == pytest.approx(top["x0"], abs=0.5)


# Twelve levels, each a different numbering: every style, every delimiter, prefixes, starts.
TWELVE = (
    Numbering("upper-roman", "period", start=17),
    Numbering("upper-alpha", "paren", start=26),
    Numbering("decimal", "parens", start=9),
    Numbering("lower-alpha", "period", prefix="§"),
    Numbering("lower-roman", "parens", start=4),
    Numbering("bullet", symbol="•"),
    Numbering("decimal", "period", prefix="1.2."),
    Numbering("none"),
    Numbering("lower-roman", "paren", start=8),
    Numbering("bullet", symbol="◦"),
    Numbering("upper-alpha", "parens", start=3),
    Numbering("lower-alpha", "paren", start=27, prefix="x-"),
)


def nested(level: int = 0) -> List:
    """Two items per level; the first holds the next level."""
    num = TWELVE[level]
    first = [Paragraph((Run(f"L{level + 1}a"),), "list")]
    if level + 1 < len(TWELVE):
        first.append(nested(level + 1))
    return List(num, (ListItem(num.label(num.start), tuple(first)),
                      ListItem(num.label(num.start + 1), (Paragraph((Run(f"L{level + 1}b"),), "list"),))))


def twelve_levels_drawn() -> list[dict]:
    """The words of the twelve-level list, drawn on one page, checked for order and fonts."""
    assert {n.style for n in TWELVE} == {"upper-roman", "upper-alpha", "decimal", "lower-alpha", "lower-roman",
                                         "bullet", "none"}
    assert {n.delimiter for n in TWELVE} == {"period", "paren", "parens"}
    data = render(make(nested(), footer=""))
    pages = page_words(data)
    assert len(pages) == 1
    words = pages[0]
    expected_order = [f"L{k}a" for k in range(1, 13)] + [f"L{k}b" for k in range(12, 0, -1)]
    assert [w["text"] for w in words if re.fullmatch(r"L\d+[ab]", w["text"])] == expected_order
    assert_only_embedded_subsets(data)
    return words


@pytest.mark.parametrize("plain", ["", "all"])
def test_twelve_levels_every_numbering_labels_left_of_text(monkeypatch, plain):
    """Every item's label, as Numbering.label spells it, is drawn alone on its line left of its
    text, a gutter (the list's widest label and the gap) before it, on the same baseline; a list's
    labels hang under its parent item's text, never right of it, and never right of the theme's
    max_nest share of the text width (docs/format.md: very deep lists stop moving right)."""
    plain_tricks(monkeypatch, plain)
    words = twelve_levels_drawn()
    cap = LEFT + OPTS.dims.max_nest * OPTS.page.text_width
    capped = 0
    parent_text = LEFT  # level 1 hangs at the margin
    for level, num in enumerate(TWELVE):
        gutter = OPTS.gutter([num.label(num.start), num.label(num.start + 1)], "list")
        xs = []
        for k, suffix in enumerate("ab"):
            label = num.label(num.start + k)
            text = word_at(words, f"L{level + 1}{suffix}")
            before = [w for w in line_of(words, text) if w["x0"] < text["x0"]]
            where = (level + 1, suffix, label)
            xs.append(text["x0"])
            if not label:  # numbering "none": nothing drawn in the gutter
                assert before == [], where
                assert text["x0"] - gutter <= parent_text + 0.5, where
                continue
            assert [w["text"] for w in before] == [label], where
            mark = before[0]
            assert mark["x1"] <= text["x0"] - OPTS.dims.label_gap + 0.5, where
            assert text["x0"] == pytest.approx(mark["x0"] + gutter, abs=0.5), where
            assert mark["bottom"] == pytest.approx(text["bottom"], abs=0.5), where
            assert mark["x0"] <= parent_text + 0.5, where  # never right of the parent's text
            if parent_text <= cap:  # below the cap: exactly under the parent's text
                assert mark["x0"] == pytest.approx(parent_text, abs=0.5), where
            else:  # past it: hanging back, the text still right of the parent's
                assert mark["x0"] >= cap - 0.5 and text["x0"] > parent_text + 1, where
                capped += 1
            if level == 0:
                assert mark["x0"] == pytest.approx(LEFT, abs=0.5)
        assert xs[0] == pytest.approx(xs[1], abs=0.01), level + 1  # both items' text at one x
        parent_text = xs[0]
    assert capped, "no level reached the max_nest cap: the test proves nothing about it"
    # the first levels have room: each hangs its labels right under its parent's text
    for level in range(1, 5):
        label = word_at(words, TWELVE[level].label(TWELVE[level].start))
        assert label["x0"] == pytest.approx(word_at(words, f"L{level}a")["x0"], abs=0.5), level + 1


@pytest.mark.parametrize("plain", ["", "all"])
def test_twelve_levels_each_level_starts_right_of_its_parent(monkeypatch, plain):
    """Deep down the labels stop moving right (max_nest), but a child's text must still start right
    of its parent's, or a reader takes it for a sibling or an uncle."""
    plain_tricks(monkeypatch, plain)
    words = twelve_levels_drawn()
    for level in range(2, 13):
        for suffix in "ab":
            child, parent = word_at(words, f"L{level}{suffix}"), word_at(words, f"L{level - 1}a")
            assert child["x0"] > parent["x0"] + 1, (level, suffix, child["x0"], parent["x0"])


def test_labels_are_drawn_in_the_item_style_colour_and_face():
    """A label looks like its item's text: the detail style's grey, the question style's face."""
    doc = make(List(Numbering("lower-alpha"), (item("a.", "Detail words", style="detail"),)),
               List(Numbering("decimal"), (item("1.", "Question words", style="question"),)), footer="")
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        chars = pdf.pages[0].chars
    for label, first, style in (("a.", "D", "detail"), ("1.", "Q", "question")):
        s = OPTS.style(style)
        want = tuple(int(s.color[i:i + 2], 16) / 255 for i in (1, 3, 5))
        lab = [c for c in chars if c["text"] == label[0] and c["x0"] == pytest.approx(LEFT, abs=0.5)]
        txt = next(c for c in chars if c["text"] == first)
        assert len(lab) == 1, label
        assert same_colour(colour(lab[0]), want) and same_colour(colour(txt), want), style
        assert lab[0]["fontname"] == txt["fontname"] and lab[0]["size"] == pytest.approx(txt["size"]), style
        assert lab[0]["size"] == pytest.approx(s.size, abs=0.01)


@pytest.mark.parametrize("plain", ["", "all"])
def test_label_characters_the_face_lacks_use_the_fallback_face(monkeypatch, plain):
    """"✓" is not in DejaVu Serif: in the text it is drawn in DejaVu Sans, and so must a label be."""
    plain_tricks(monkeypatch, plain)
    doc = make(List(Numbering("bullet", symbol="✓"), (item("✓", "Checked"),)), footer="")
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        label = [c for c in pdf.pages[0].chars if c["x1"] <= LEFT + 20]
    assert [c["text"] for c in label] == ["✓"]
    assert label[0]["fontname"].endswith("+DejaVuSans")


def test_gutter_fits_the_widest_label_and_never_less_than_the_indent():
    """"XVIII." gets a wider gutter than "I."; no list gets less than 22 pt at body 11; every item
    of a list starts its text at the same x."""
    roman = Numbering("upper-roman")
    long_list = numbered(roman, *[item("", f"Item{k}") for k in range(18)])
    short_list = numbered(roman, item("", "Only"))
    bullets = List(Numbering("bullet", symbol="•"), (item("•", "Bullet"),))
    unlabelled = List(Numbering("none"), (item("", "Bare"),))
    data = render(make(long_list, PageBreak(), short_list, bullets, unlabelled, footer=""))
    pages = page_words(data)
    long_words = pages[0]
    xs = [w["x0"] for w in long_words if w["text"].startswith("Item")]
    assert len(xs) == 18 and max(xs) - min(xs) < 0.01, xs
    wide = xs[0] - LEFT
    xviii = word_at(long_words, "XVIII.")
    assert xviii["x0"] == pytest.approx(LEFT, abs=0.5)
    assert xviii["x1"] + OPTS.dims.label_gap <= xs[0] + 0.5
    short_words = pages[1]
    narrow = word_at(short_words, "Only")["x0"] - LEFT
    assert wide > narrow + 5, (wide, narrow)
    assert narrow == pytest.approx(22.0, abs=0.01)
    for w in ("Bullet", "Bare"):
        assert word_at(short_words, w)["x0"] - LEFT >= 22.0 - 0.01, w
    assert wide == pytest.approx(OPTS.gutter([roman.label(k) for k in range(1, 19)], "list"), abs=0.5)


def test_gutter_scales_with_the_body_size():
    doc = make(List(Numbering("upper-roman"), (item("I.", "Only"),)), footer="")
    words = page_words(render(doc, body_size=16.0))[0]
    assert word_at(words, "Only")["x0"] - LEFT == pytest.approx(22.0 * 16 / 11, abs=0.5)


def test_handout_blanks_draw_lines_and_hide_answers():
    doc = make(
        List(Numbering("upper-roman"), (
            item("I.", (Run("The people made a "), blank_number(1), BlankLine(9.0), Run(" calf."))),)),
        P("Free blank: "),
        Paragraph((Run("Write: "), BlankLine(5.0))),
    )
    data = render(doc)
    text = all_text(data)
    assert "golden" not in text
    assert "The people made a ¹" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = pdf.pages[0].chars
    sup = [c for c in chars if c["text"] == "¹"]
    assert len(sup) == 1 and same_colour(colour(sup[0]), MUTED)  # the number: a muted run of its own
    for width_em, top_word in ((9.0, "people"), (5.0, "Write")):
        line_top = next(c["top"] for c in chars if c["text"] == top_word[0])
        under = [c for c in chars if c["text"] == "_" and abs(c["top"] - line_top) < 1]
        drawn = max(c["x1"] for c in under) - min(c["x0"] for c in under)
        assert drawn == pytest.approx(width_em * 11.0, abs=3), (top_word, drawn)
        assert all(same_colour(colour(c), BLACK) for c in under)


@pytest.mark.parametrize("plain", ["", "all"])
def test_notes_show_answers_highlighted(monkeypatch, plain):
    plain_tricks(monkeypatch, plain)
    doc = make(List(Numbering("upper-roman"), (
        item("I.", (Run("The people made a "), blank_number(1), Answer("golden calf"), Run("."))),)))
    data = render(doc)
    text = all_text(data)
    assert "¹ golden calf." in text.replace(NBSP, " ")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        ink = [c for c in page.chars if c["text"].strip()]
        at = "".join(c["text"] for c in ink).index("goldencalf")
        gold = ink[at:at + 10]
        fills = [r for r in page.rects if r.get("fill")]
    assert gold and all("Bold" in c["fontname"] for c in gold)
    want = tuple(int(THEME.color("answer_fill")[i:i + 2], 16) / 255 for i in (1, 3, 5))
    highlighted = [r for r in fills if same_colour(colour(r), want)]
    assert highlighted, [r["non_stroking_color"] for r in fills]
    left = min(r["x0"] for r in highlighted)
    right = max(r["x1"] for r in highlighted)
    # the highlight covers the answer and no more: no padding either side
    assert left == pytest.approx(gold[0]["x0"], abs=0.5) and right == pytest.approx(gold[-1]["x1"], abs=0.5)


def test_note_box_writing_lines_and_answer_key():
    doc = make(
        List(Numbering("upper-roman"), (
            item("I.", "The point", note(Run("Remember the story.")), WritingLines(4)),)),
        PageBreak(),
        *answer_key("golden calf", "mercy"),
    )
    data = render(doc)
    texts = pages_text(data)
    assert "Note: Remember the story." in texts[0]
    assert "Answer Key" in texts[1] and "1. golden calf" in texts[1] and "2. mercy" in texts[1]
    gutter = OPTS.gutter(["I."], "list")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        shaded = [r for r in page.rects if r.get("fill")]
        lines = page.lines
        chars = page.chars
        key = pdf.pages[1]
        key_words = key.extract_words()
        assert not key.rects and not key.lines  # a plain list: no table, no rules
    assert len(shaded) == 1
    box = shaded[0]
    assert box["x0"] == pytest.approx(LEFT + gutter, abs=0.5) and box["x1"] == pytest.approx(RIGHT_EDGE, abs=0.5)
    assert same_colour(colour(box), tuple(int(THEME.color("note_fill")[i:i + 2], 16) / 255 for i in (1, 3, 5)))
    inside = [c for c in chars if box["top"] <= c["top"] and c["bottom"] <= box["bottom"]]
    assert "".join(c["text"] for c in inside).replace(" ", "") == "Note:Rememberthestory."
    label = [c for c in inside if c["text"] in "Note:"][:5]
    assert all(c["fontname"].endswith("DejaVuSans-Bold") and same_colour(colour(c), MUTED) for c in label)
    assert len(lines) == 4
    for ln in lines:
        assert ln["x0"] == pytest.approx(LEFT + gutter, abs=0.5)
        assert ln["x1"] == pytest.approx(RIGHT_EDGE, abs=0.5)
    assert all(ln["top"] > box["bottom"] for ln in lines)
    # the key: one column, each answer on its own line after its number
    one, two = word_at(key_words, "1."), word_at(key_words, "2.")
    assert one["x0"] == pytest.approx(LEFT, abs=0.5) and two["x0"] == pytest.approx(LEFT, abs=0.5)
    assert two["top"] > one["top"] + 5
    assert [w["text"] for w in line_of(key_words, one)] == ["1.", "golden", "calf"]
    assert [w["text"] for w in line_of(key_words, two)] == ["2.", "mercy"]


def test_long_answer_key_is_one_column_in_order():
    answers = [f"answer{k}" for k in range(1, 31)]
    texts = pages_text(render(make(*answer_key(*answers), footer="")))
    lines = [ln for t in texts for ln in t.splitlines()]
    assert lines[0] == "Answer Key"
    assert lines[1:] == [f"{k}. answer{k}" for k in range(1, 31)]


def test_logo_is_scaled_to_an_inch(tmp_path):
    from PIL import Image as PILImage

    logo = tmp_path / "logo.png"
    PILImage.new("RGB", (600, 240), (31, 78, 121)).save(logo)
    doc = make(TitleBlock(title=(Run("T"),), logo=str(logo)))
    with pdfplumber.open(io.BytesIO(render(doc))) as pdf:
        (img,) = pdf.pages[0].images
    assert img["height"] == pytest.approx(72, abs=0.5)
    assert img["width"] == pytest.approx(180, abs=0.5)
    assert (img["x0"] + img["x1"]) / 2 == pytest.approx(OPTS.page.width / 2, abs=0.5)  # centred


def test_large_print_scales_text():
    with pdfplumber.open(io.BytesIO(render(make(P("Big")), body_size=16.0))) as pdf:
        assert pdf.pages[0].chars[0]["size"] == pytest.approx(16.0, abs=0.01)


# ---------------------------------------------------------------- references and colours

def chars_of(data: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [c for p in pdf.pages for c in p.chars if c["text"].strip()]


@pytest.mark.parametrize("plain", TRICK_SETTINGS)
@pytest.mark.parametrize("point, reference", [
    ("Moses pleads for the people", "7–10"),
    ("Moses pleads for the people " + "and keeps on pleading " * 9, "7–10"),  # the reference on line 3
    ("The Lord relents", f"Exodus{NBSP}32:11–14"),  # as the views make it: never broken
    ("Moses pleads for the people " * 3 + "again and", "1 Thessalonians 1:6–10 and more words"),
])
def test_point_reference_is_muted_and_the_text_black(monkeypatch, plain, point, reference):
    plain_tricks(monkeypatch, plain)
    doc = make(List(Numbering("upper-roman"), (item("I.", (Run(point), *ref(reference))),)), footer="")
    chars = chars_of(render(doc))
    text = "".join(c["text"] for c in chars)
    expect_ref = f"({reference})".replace(" ", "").replace(NBSP, "")
    label = "I."
    muted = "".join(c["text"] for c in chars if same_colour(colour(c), MUTED))
    black = "".join(c["text"] for c in chars if same_colour(colour(c), BLACK))
    assert muted == expect_ref, (muted, text)
    assert black.replace(label, "", 1) == point.replace(" ", ""), (black, text)
    assert len(muted) + len(black) == len(chars)


def test_point_reference_takes_the_tail_trick():
    """With the tricks on, a point and its reference are one fragment with a coloured tail, so the
    colour checks above check the trick (and with OUTLINE_EXPORT_PLAIN, the plain way)."""
    from outline_export.backends import _pdf_fast

    doc = make(List(Numbering("upper-roman"), (item("I.", (Run("Moses pleads"), *ref("7–10"))),)))
    (p,) = pdf_writer.PdfWriter(doc, OPTS).flowables()
    assert isinstance(p, _pdf_fast.TailListParagraph) and p._tail is not None and p._tail[0] == len("(7–10)")


@pytest.mark.parametrize("plain", ["", "all", "tail"])
def test_list_reference_is_muted_wherever_the_item_splits(monkeypatch, plain):
    plain_tricks(monkeypatch, plain)
    text = " ".join(f"w{i}" for i in range(150))
    reference = " ".join(f"r{i}" for i in range(150))
    breaks = set()
    for n in range(20, 32, 2):
        doc = make(*fillers(n), List(Numbering("upper-roman"), (
            item("I.", (Run(text), *ref(reference))),
            item("II.", (Run("bold", bold=True), Run(" then plain"), *ref("7–10"))))),
            footer="")
        data = render(doc)
        chars = chars_of(data)
        muted = "".join(c["text"] for c in chars if same_colour(colour(c), MUTED))
        black = "".join(c["text"] for c in chars if same_colour(colour(c), BLACK))
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 2
        assert muted == ("(" + reference + ")(7–10)").replace(" ", ""), n
        black = black.replace("II.", "").replace("I.", "")  # the labels
        assert text.replace(" ", "") in black and "boldthenplain" in black, n
        first = pages_text(data)[0]
        breaks.add("in the reference" if "r0" in first else "in the text" if "w0" in first else "before")
    assert breaks == {"in the reference", "in the text"}


def test_heading_reference_and_credit_roles():
    doc = make(Heading(1, (Run("Moses Ascends"), *ref(f"Exodus{NBSP}32:30–31"))),
               Quote((Run("Forgive their sin"),), credit(f"Exodus{NBSP}32:11 (KJV)")), footer="")
    data = render(doc)
    text = all_text(data).replace(NBSP, " ")
    assert "Moses Ascends (Exodus 32:30–31)" in text
    assert "— Exodus 32:11 (KJV)" in text
    chars = chars_of(data)
    heading = [c for c in chars if c["top"] < chars[0]["bottom"]]
    accent = tuple(int(THEME.color("accent")[i:i + 2], 16) / 255 for i in (1, 3, 5))
    assert "".join(c["text"] for c in heading if same_colour(colour(c), MUTED)) == "(Exodus32:30–31)"
    assert "".join(c["text"] for c in heading if same_colour(colour(c), accent)) == "MosesAscends"
    ref_chars = [c for c in heading if same_colour(colour(c), MUTED)]
    assert all("Bold" not in c["fontname"] for c in ref_chars)  # the ref role is not bold
    words = page_words(data)[0]
    dash = word_at(words, "—")
    assert line_of(words, dash)[-1]["x1"] == pytest.approx(RIGHT_EDGE - OPTS.dims.quote_indent, abs=0.5)


# ---------------------------------------------------------------- tricks on and off: the same PDF text

def busy_document() -> Document:
    """Everything the tricks touch: lists of every kind, references that wrap and split across a
    page, fallback faces, blanks, answers, notes, labels drawn on several pages."""
    long = " ".join(f"w{i}" for i in range(120))
    return make(
        TitleBlock(title=(Run("Tricks & <Plain>"),), meta=("One", "Two"), label="Notes"),
        Heading(1, (Run("Section "), Run("bold", bold=True), *ref(f"Exodus{NBSP}32"))),
        P("Greek χάρις and Hebrew חֶסֶד " * 4),
        nested(),
        List(Numbering("upper-roman"), tuple(
            item(Numbering("upper-roman").label(k), (Run(f"Point {k} " + long[: 40 * k]), *ref(f"{k}–{k + 3}")),
                 Paragraph((Run(f"Detail {k}"), *ref("v. 2")), "detail"),
                 note(Run("A note "), blank_number(k), Answer(f"answer {k}")))
            for k in range(1, 9))),
        Quote((Run("Quoted & <words> " * 10),), credit(f"Exodus{NBSP}32:32 (WEB)")),
        Paragraph((Run("Fill "), BlankLine(6.0), Run(" in & "), blank_number(4), BlankLine(9.0))),
        List(Numbering("decimal"), (item("1.", "Question?", WritingLines(3), style="question", keep_with_next=True),)),
        *answer_key("a & b", "c < d", "e > f"),
    )


def drawn(data: bytes) -> list[list[tuple]]:
    """Per page, the words as drawn: text, position, face, size and colour of their first char."""
    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["fontname", "size", "non_stroking_color"])
            out.append([(w["text"], round(w["x0"], 1), round(w["top"], 1), w["fontname"], round(w["size"], 2),
                         tuple(round(v, 3) for v in colour(w))) for w in words])
    return out


@pytest.mark.parametrize("plain", ["all", "fragments", "tail", "labels"])
def test_tricks_change_nothing_a_reader_sees(monkeypatch, plain):
    doc = busy_document()
    with_tricks = render(doc)
    plain_tricks(monkeypatch, plain)
    without = render(doc)
    a, b = drawn(with_tricks), drawn(without)
    assert with_tricks != without  # the switch took effect: two ways of drawing compared
    assert len(a) == len(b) > 1
    assert [[w[0] for w in p] for p in a] == [[w[0] for w in p] for p in b]  # words and their order
    assert a == b
    assert pages_text(with_tricks) == pages_text(without)
    assert_only_embedded_subsets(without)


def test_tricks_off_in_a_fresh_process_gives_the_same_text():
    """OUTLINE_EXPORT_PLAIN=all set before anything is imported, as a user would set it."""
    code = r'''
import sys
sys.path.insert(0, sys.argv[1])
from outline_export import backends
from outline_export.layout import writer_options
from test_pdf_backend import busy_document
sys.stdout.buffer.write(backends.write("pdf", busy_document(), writer_options()))
'''
    here = os.path.dirname(os.path.abspath(__file__))
    env = {**os.environ, "OUTLINE_EXPORT_PLAIN": "all"}
    out = subprocess.run([sys.executable, "-c", code, here], capture_output=True, check=True, env=env).stdout
    assert drawn(out) == drawn(render(busy_document()))


# ---------------------------------------------------------------- unknown nodes

class Mystery:
    pass


def test_unknown_block_raises():
    with pytest.raises(UnknownNode, match="Mystery"):
        render(make(P("fine"), Mystery()))


def test_unknown_block_in_a_list_item_raises():
    with pytest.raises(UnknownNode, match="Mystery"):
        render(make(List(Numbering(), (ListItem("1.", (Paragraph((Run("fine"),)), Mystery())),))))


@pytest.mark.parametrize("plain", ["", "all"])
def test_unknown_inline_raises(monkeypatch, plain):
    plain_tricks(monkeypatch, plain)
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
    (Run("fill in "), blank_number(2), BlankLine(4), Run(" and "), BlankLine(9)),
    (Run("Hebrew חֶסֶד, Greek χάρις — dashes – “quotes”"),),
    (Run("pause "), Answer("golden calf"), Run(" after")),
    (Run("bold ", bold=True), BlankLine(6)),
    (Run("Note:", bold=True, role="note_label"), Run(" "), Run("see "), Run("[for youth]", role="audience")),
    (Run("— Exodus 32:11 (KJV)", role="credit"),),
])
@pytest.mark.parametrize("reference", [None, f"Exodus{NBSP}32:1–35"])
@pytest.mark.parametrize("style", ["body", "list", "note"])
def test_fragments_are_what_the_markup_parser_makes(runs, reference, style):
    """make_paragraph builds reportlab's fragments directly; they must be the parser's."""
    from reportlab.platypus import Paragraph as RLParagraph

    from outline_export.backends._pdf_fast import make_paragraph
    from outline_export.backends._pdf_inline import inline_markup, inline_segments

    w = pdf_writer.PdfWriter(make(P("x")), OPTS)
    ps, ist = w.pstyle(style)
    if reference:
        runs = (*runs, *ref(reference))
    segs = inline_segments(runs, ist)
    assert _looks(make_paragraph(RLParagraph, segs, ps, {})) == _looks(RLParagraph(inline_markup(segs), ps))


# ---------------------------------------------------------------- fonts are read when first used

def test_faces_are_registered_when_first_used():
    """A fresh process reads only the faces a document uses (the fallback family only for a
    character the style's face lacks), and bold text still comes out bold: registering a face
    must not undo its family's bold/italic mapping."""
    setup = r'''
import io, pdfplumber
from outline_export import backends
from outline_export.backends import _pdf_fonts
from outline_export.document import Document, Heading, Meta, Paragraph, Run
from outline_export.layout import writer_options

def faces():
    return sorted(n[3:].rsplit("-", 1)[0] for n in _pdf_fonts._registered)

def drawn(doc, **options):
    with pdfplumber.open(io.BytesIO(backends.write("pdf", doc, writer_options(**options)))) as p:
        return sorted({c["fontname"].split("+")[1] for c in p.pages[0].chars})

def doc(*blocks):
    return Document(meta=Meta(title="T"), blocks=blocks, footer="")
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
print(drawn(doc(Paragraph((Run("timing "), Run("bold", bold=True)), "timing")),
            overrides=(("accent_color", "#123456"),)))
'''

    def run(code):
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True).stdout.splitlines()

    assert run(lazy) == [
        "['DejaVuSerif', 'DejaVuSerif-Bold'] ['DejaVuSerif', 'DejaVuSerif-Bold']",
        "['DejaVuSans', 'DejaVuSerif', 'DejaVuSerif-Bold'] ['DejaVuSans', 'DejaVuSerif']",
    ]
    assert run(mapping) == ["['DejaVuSans-Bold']", "['DejaVuSans', 'DejaVuSans-Bold']"]
