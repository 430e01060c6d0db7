"""The Word backend: styles, lists, inline runs, page setup, properties, determinism, templates.

Documents are built by hand from ``document.py``'s classes and read back with python-docx and lxml.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Inches, Pt
from lxml import etree

from outline_export.backends import docx as backend
from outline_export.backends import render as render_fmt
from outline_export.backends.base import UnknownNode
from outline_export.document import (
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

NBSP = "\u00a0"
CREATED = 1709251200  # 2024-03-01 00:00:00 UTC
META = Meta("The Great Sin", "Sam Reed", "Exodus 32", "sin, mercy", CREATED)


def R(text, **kw):
    return Run(text, **kw)


def make(blocks, **kw) -> Document:
    kw.setdefault("meta", META)
    return Document(blocks=tuple(blocks), **kw)


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def numbering_el(d):
    return d.part.part_related_by(RT.NUMBERING).element


def num_pr(p):
    """(numId, ilvl) of a paragraph's own numbering, or None."""
    pr = p._p.pPr
    if pr is None or pr.numPr is None:
        return None
    return int(pr.numPr.numId.val), int(pr.numPr.ilvl.val)


def abstract_for(d, num_id: int):
    numbering = numbering_el(d)
    num = [n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)][0]
    abs_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    absn = [
        a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abs_id
    ][0]
    return num, absn


def level_fmt(absn, ilvl: int) -> tuple[str, str]:
    lvl = [l for l in absn.findall(qn("w:lvl")) if l.get(qn("w:ilvl")) == str(ilvl)][0]
    return (
        lvl.find(qn("w:numFmt")).get(qn("w:val")),
        lvl.find(qn("w:lvlText")).get(qn("w:val")),
    )


SERMON = [
    TitleBlock(
        title=(R("The Great Sin"),),
        subtitle=(R("Moses pleads"),),
        meta=("Exodus 32:1–14", "Sam Reed"),
        label="Speaker Notes",
        church="Grace Church",
    ),
    Paragraph((R("Mercy answers sin."),), style="big_idea"),
    Heading(1, (R("The sin"),), ref="Exodus 32:1–6"),
    ListItem(1, 0, "upper-roman", "I.", (R("They grew impatient"),)),
    ListItem(1, 1, "upper-letter", "A.", (R("Moses delayed"),)),
    ListItem(1, 2, "decimal", "1.", (R("Forty days"),)),
    ListItem(1, 3, "lower-letter", "a.", (R("A calf"),)),
    ListItem(1, 0, "upper-roman", "II.", (R("They worshipped"),)),
    Quote((R("Go, get thee down."),), ref="Exodus 32:7", translation="KJV"),
    Note((R("Pause here."),), level=1),
    Heading(2, (R("The plea"),)),
    ListItem(2, 0, "upper-roman", "I.", (R("For your name"),)),
    ListItem(2, 1, "upper-letter", "A.", (R("Egypt would mock"),)),
    Heading(3, (R("Small"),)),
    Paragraph((R("5 min"),), style="timing"),
]


# ---------------------------------------------------------------- styles


def test_paragraph_styles_are_word_styles():
    d = open_docx(backend.render(make(SERMON)))
    got = [(p.style.name, p.text) for p in d.paragraphs]
    assert got == [
        ("Church Name", "Grace Church"),
        ("Edition Label", "Speaker Notes"),
        ("Title", "The Great Sin"),
        ("Subtitle", "Moses pleads"),
        ("Meta", "Exodus 32:1–14"),
        ("Meta", "Sam Reed"),
        ("Big Idea", "Mercy answers sin."),
        ("Heading 1", "The sin Exodus 32:1–6"),
        ("Outline Level 1", "They grew impatient"),
        ("Outline Level 2", "Moses delayed"),
        ("Outline Level 3", "Forty days"),
        ("Outline Level 4", "A calf"),
        ("Outline Level 1", "They worshipped"),
        ("Quote", "Go, get thee down."),
        ("Scripture Reference", "Exodus 32:7 (KJV)"),
        ("Speaker Note", "Note: Pause here."),
        ("Heading 2", "The plea"),
        ("Outline Level 1", "For your name"),
        ("Outline Level 2", "Egypt would mock"),
        ("Heading 3", "Small"),
        ("Timing", "5 min"),
    ]


def test_every_render_tree_style_name_maps_to_a_word_style():
    names = ["title", "subtitle", "meta", "label", "big_idea", "heading1", "heading2", "heading3",
             "body", "detail", "closing", "quote", "quote_ref", "note", "timing", "question",
             "answer_key", "footer", "translations"]
    blocks = [Paragraph((R(n),), style=n) for n in names]
    d = open_docx(backend.render(make(blocks)))
    got = {p.text: p.style.name for p in d.paragraphs}
    for n in names:
        assert got[n] == backend.PARAGRAPH_STYLES[n]


def test_unknown_paragraph_style_fails_loudly():
    with pytest.raises(KeyError):
        backend.render(make([Paragraph((R("x"),), style="no_such_style")]))


def test_headings_have_outline_levels_and_keep_with_next():
    d = open_docx(backend.render(make(SERMON)))
    for n in (1, 2, 3):
        style = d.styles[f"Heading {n}"]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(n - 1)
        assert style.paragraph_format.keep_with_next is True
    assert d.styles["Heading 2"].base_style.name == "Heading 1"


def test_styles_come_from_the_theme_at_the_body_size():
    d = open_docx(backend.render(make(SERMON, body_size=14)))
    normal = d.styles["Normal"]
    assert normal.font.name == "DejaVu Serif"
    assert normal.font.size == Pt(14)
    rfonts = normal.element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:cs")) == "DejaVu Sans"
    h1 = d.styles["Heading 1"]
    assert h1.font.name == "DejaVu Sans" and h1.font.bold
    assert str(h1.font.color.rgb) == "1F4E79"
    assert h1.font.size == Pt(round(1.35 * 14 * 2) / 2)  # Word sizes are half points
    assert d.styles["Title"].paragraph_format.alignment == 1  # centre
    assert d.styles["Big Idea"].font.italic is True
    assert d.styles["Big Idea"].base_style.name == "Normal"
    # a style says only what differs from its parent: Big Idea does not restate the font
    assert d.styles["Big Idea"].font.name is None
    note = d.styles["Speaker Note"].element.pPr
    assert note.find(qn("w:shd")).get(qn("w:fill")) == "F2F2F2"
    assert note.find(qn("w:pBdr")).find(qn("w:left")) is not None
    answer = d.styles["Answer"]
    assert answer.type == WD_STYLE_TYPE.CHARACTER and answer.font.bold
    assert answer.element.rPr.find(qn("w:shd")).get(qn("w:fill")) == "FFF2A8"
    assert d.styles["Blank"].type == WD_STYLE_TYPE.CHARACTER and d.styles["Blank"].font.underline
    for name in ["Meta", "Big Idea", "Question", "Timing", "Writing Line", "Answer Key",
                 "List Paragraph", "Quote", "Scripture Reference"] + [
                     f"Outline Level {n}" for n in range(1, 7)]:
        assert d.styles[name].type == WD_STYLE_TYPE.PARAGRAPH, name


def test_outline_level_styles_are_linked_to_numbering_levels():
    d = open_docx(backend.render(make(SERMON)))
    numbering = numbering_el(d)
    for n in range(1, 7):
        style = d.styles[f"Outline Level {n}"]
        npr = style.element.pPr.find(qn("w:numPr"))
        assert npr.find(qn("w:ilvl")).get(qn("w:val")) == str(n - 1)
        num_id = int(npr.find(qn("w:numId")).get(qn("w:val")))
        _, absn = abstract_for(d, num_id)
        lvl = absn.findall(qn("w:lvl"))[n - 1]
        assert lvl.find(qn("w:pStyle")).get(qn("w:val")) == style.style_id
    assert numbering.find(qn("w:abstractNum")) is not None


# ---------------------------------------------------------------- lists


def test_each_list_has_its_own_numbering_instance_that_restarts():
    d = open_docx(backend.render(make(SERMON)))
    by_text = {p.text: p for p in d.paragraphs}
    first, second = num_pr(by_text["They grew impatient"]), num_pr(by_text["For your name"])
    assert first[1] == 0 and second[1] == 0
    assert first[0] != second[0]
    assert num_pr(by_text["They worshipped"]) == first  # same list: same instance, Word counts on
    assert num_pr(by_text["Moses delayed"]) == (first[0], 1)
    assert num_pr(by_text["A calf"]) == (first[0], 3)
    for num_id in (first[0], second[0]):
        num, absn = abstract_for(d, num_id)
        starts = {
            o.get(qn("w:ilvl")): o.find(qn("w:startOverride")).get(qn("w:val"))
            for o in num.findall(qn("w:lvlOverride"))
        }
        assert starts["0"] == "1" and starts["1"] == "1"
        assert level_fmt(absn, 0) == ("upperRoman", "%1.")
        assert level_fmt(absn, 1) == ("upperLetter", "%2.")
        assert level_fmt(absn, 2) == ("decimal", "%3.")
        assert level_fmt(absn, 3) == ("lowerLetter", "%4.")
        assert level_fmt(absn, 4) == ("lowerRoman", "%5.")
        assert level_fmt(absn, 5) == ("decimal", "(%6)")


def test_list_indents_hang_by_the_theme_list_indent():
    d = open_docx(backend.render(make(SERMON)))
    by_text = {p.text: p for p in d.paragraphs}
    _, absn = abstract_for(d, num_pr(by_text["They grew impatient"])[0])
    for ilvl in range(4):
        ind = absn.findall(qn("w:lvl"))[ilvl].find(qn("w:pPr")).find(qn("w:ind"))
        assert ind.get(qn("w:hanging")) == "440"  # 22 pt
        assert ind.get(qn("w:left")) == str(440 * (ilvl + 1))


def test_bullets_multilevel_and_unnumbered_points():
    blocks = [
        ListItem(1, 0, "bullet", "•", (R("b0"),)),
        ListItem(1, 1, "bullet", "◦", (R("b1"),)),
        ListItem(1, 2, "bullet", "▪", (R("b2"),)),
        ListItem(2, 0, "multilevel", "1.", (R("m0"),)),
        ListItem(2, 1, "multilevel", "1.1.", (R("m1"),)),
        ListItem(2, 2, "multilevel", "1.1.1.", (R("m2"),)),
        ListItem(2, 1, "none", "", (R("plain"),)),
    ]
    d = open_docx(backend.render(make(blocks)))
    by_text = {p.text: p for p in d.paragraphs}
    _, bullets = abstract_for(d, num_pr(by_text["b0"])[0])
    assert [level_fmt(bullets, i) for i in range(3)] == [
        ("bullet", "•"), ("bullet", "◦"), ("bullet", "▪")]
    _, multi = abstract_for(d, num_pr(by_text["m0"])[0])
    assert [level_fmt(multi, i) for i in range(3)] == [
        ("decimal", "%1."), ("decimal", "%1.%2."), ("decimal", "%1.%2.%3.")]
    lvl2 = multi.findall(qn("w:lvl"))[2]
    assert lvl2.find(qn("w:isLgl")) is not None
    # a wide label hangs further than the plain indent
    hang = int(lvl2.find(qn("w:pPr")).find(qn("w:ind")).get(qn("w:hanging")))
    assert hang > 440
    # kind "none": no number (numId 0), text where its numbered siblings' text is
    plain = by_text["plain"]
    assert num_pr(plain)[0] == 0
    level1_left = multi.findall(qn("w:lvl"))[1].find(qn("w:pPr")).find(qn("w:ind")).get(qn("w:left"))
    ind = plain._p.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:left")) == level1_left and ind.get(qn("w:firstLine")) == "0"


def test_question_lists_keep_the_question_style():
    blocks = [
        ListItem(7, 0, "decimal", "1.", (R("Why?"),), style="question"),
        WritingLines(3),
        ListItem(7, 0, "decimal", "2.", (R("How?"),), style="question"),
        WritingLines(2, level=1),
    ]
    d = open_docx(backend.render(make(blocks)))
    ps = d.paragraphs
    assert [p.style.name for p in ps] == ["Question"] + ["Writing Line"] * 3 + ["Question"] + [
        "Writing Line"] * 2
    assert num_pr(ps[0]) == num_pr(ps[4])
    _, absn = abstract_for(d, num_pr(ps[0])[0])
    assert level_fmt(absn, 0) == ("decimal", "%1.")
    assert all(p.text == "" for p in ps[1:4])
    border = d.styles["Writing Line"].element.pPr.find(qn("w:pBdr"))
    assert border.find(qn("w:bottom")) is not None and border.find(qn("w:between")) is not None
    assert ps[5].paragraph_format.left_indent == Pt(22)
    # a question and its lines stay on one page
    assert [p.paragraph_format.keep_with_next for p in ps[:4]] == [True, True, True, None]


def test_answer_key_after_a_page_break_numbers_answers_by_their_blank():
    blocks = [
        ListItem(1, 0, "decimal", "1.", (R("one"),)),
        PageBreak(),
        AnswerKey(((1, "mercy"), (2, "golden calf"), (4, "name"))),
    ]
    d = open_docx(backend.render(make(blocks)))
    ps = d.paragraphs
    assert [(p.style.name, p.text) for p in ps] == [
        ("Outline Level 1", "one"),
        ("Heading 1", "Answer Key"),
        ("Answer Key", "1.\tmercy"),
        ("Answer Key", "2.\tgolden calf"),
        ("Answer Key", "4.\tname"),  # the blank's number, even with a gap
    ]
    assert ps[1].paragraph_format.page_break_before is True
    assert all(num_pr(p) is None for p in ps[1:])  # not a list Word would renumber
    fmt = d.styles["Answer Key"].paragraph_format
    assert fmt.left_indent == Pt(22) and fmt.first_line_indent == Pt(-22)


def test_answer_key_with_many_answers_hangs_wider():
    d = open_docx(backend.render(make([AnswerKey(tuple((n, "x") for n in range(1, 121)))])))
    last = d.paragraphs[-1]
    assert last.text == "120.\tx"
    assert last.paragraph_format.left_indent > Pt(22)


# ---------------------------------------------------------------- inline


SPECIAL = "& < > \" ' * _ \\ ${x} {page} %1 χάρις"


def test_text_is_literal_and_in_order():
    blocks = [
        Heading(1, (R(SPECIAL),)),
        Paragraph((R("a "), R("bold", bold=True), R(" "), R("it", italic=True), R(" <b>z</b>")),),
        ListItem(1, 0, "upper-roman", "I.", (R("**not bold** _x_"),)),
        Note((R("tab\there"),)),
    ]
    d = open_docx(backend.render(make(blocks)))
    ps = d.paragraphs
    assert ps[0].text == SPECIAL
    assert ps[1].text == "a bold it <b>z</b>"
    runs = {r.text: r for r in ps[1].runs}
    assert runs["bold"].bold and not runs["a "].bold
    assert runs["it"].italic
    assert ps[2].text == "**not bold** _x_" and not any(r.bold for r in ps[2].runs)
    assert ps[3].text == "Note: tab\there"
    assert ps[3].runs[0].bold and ps[3].runs[0].text == "Note: "


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    d = open_docx(backend.render(make([Paragraph((R("a\x00b\x1fc"),))])))
    assert d.paragraphs[0].text == "abc"


def test_hebrew_runs_are_right_to_left():
    d = open_docx(backend.render(make([Paragraph((R("kindness: חֶסֶד וֶאֱמֶת here"),))])))
    p = d.paragraphs[0]
    assert p.text == "kindness: חֶסֶד וֶאֱמֶת here"
    heb = [r for r in p.runs if "חֶסֶד" in r.text][0]
    assert heb.text == "חֶסֶד וֶאֱמֶת"
    rpr = heb._r.rPr
    assert rpr.find(qn("w:rtl")) is not None and rpr.find(qn("w:cs")) is not None
    assert rpr.find(qn("w:rFonts")).get(qn("w:cs")) == "DejaVu Sans"
    latin = [r for r in p.runs if r.text == "kindness: "][0]
    assert latin._r.rPr is None or latin._r.rPr.find(qn("w:rtl")) is None


def test_blanks_are_underlined_runs_without_the_answer():
    blocks = [
        Paragraph((R("God is "), BlankLine(9.0), R(" and "), BlankLine(4.5, 2), R("."))),
    ]
    data = backend.render(make(blocks))
    d = open_docx(data)
    p = d.paragraphs[0]
    blanks = [r for r in p.runs if r.style.name == "Blank"]
    assert len(blanks) == 2
    assert all(set(r.text) == {"\u2007"} for r in blanks)  # underlined figure spaces
    # figure spaces are a digit wide: 0.636 em each in DejaVu
    assert len(blanks[0].text) == round(9.0 / 0.636)
    assert len(blanks[1].text) == round(4.5 / 0.636)
    numbers = [r.text for r in p.runs if r.style.name == "Blank Number"]
    assert numbers == [f"2{NBSP}"]
    assert d.styles["Blank"].font.underline is True
    assert "mercy" not in p.text


def test_answers_are_shown_in_the_answer_style_with_their_number():
    blocks = [Paragraph((R("God is "), Answer("merciful", 3), R(" and "), Answer("just")))]
    d = open_docx(backend.render(make(blocks)))
    p = d.paragraphs[0]
    assert p.text == f"God is [3]{NBSP}merciful and just"
    answers = [r.text for r in p.runs if r.style.name == "Answer"]
    assert answers == ["merciful", "just"]
    assert [r.text for r in p.runs if r.style.name == "Blank Number"] == [f"[3]{NBSP}"]


def test_references_use_the_scripture_reference_style():
    blocks = [
        Heading(1, (R("Plea"),), ref="Exodus 32:11"),
        ListItem(1, 0, "upper-roman", "I.", (R("Point"),), ref="v. 12"),
        Quote((R("Turn from thy fierce wrath."),), ref="Exodus 32:12", translation="KJV", level=1),
    ]
    d = open_docx(backend.render(make(blocks)))
    h, li, q, ref = d.paragraphs
    assert h.runs[-1].text == "Exodus 32:11"
    assert h.runs[-1].style.name == "Scripture Reference Char"
    assert li.runs[-1].text == "v. 12" and li.runs[-1].style.name == "Scripture Reference Char"
    assert q.paragraph_format.keep_with_next is True
    assert q.paragraph_format.left_indent == Pt(24 + 22)
    assert ref.style.name == "Scripture Reference" and ref.text == "Exodus 32:12 (KJV)"
    assert ref.style.paragraph_format.alignment == 2  # right


def test_unknown_nodes_fail_loudly():
    @dataclass(frozen=True)
    class Table:
        rows: int = 1

    with pytest.raises(UnknownNode):
        backend.render(make([Table()]))
    with pytest.raises(UnknownNode):
        backend.render(make([Paragraph((Table(),))]))


# ---------------------------------------------------------------- page, footer, properties


@pytest.mark.parametrize(
    "paper,size,margin",
    [
        ("letter", (12240, 15840), 1080),
        ("a4", (11906, 16838), 1080),
        ("half-letter", (7920, 12240), 800),
        ("a5", (8391, 11906), 800),
    ],
)
def test_page_size_in_twips(paper, size, margin):
    data = backend.render(make(SERMON[:2], page=PageSetup(paper)))
    sect = open_docx(data).sections[0]._sectPr
    pg = sect.find(qn("w:pgSz"))
    assert (int(pg.get(qn("w:w"))), int(pg.get(qn("w:h")))) == size
    mar = sect.find(qn("w:pgMar"))
    assert int(mar.get(qn("w:top"))) == margin
    assert int(mar.get(qn("w:bottom"))) == margin


def test_footer_has_page_number_fields():
    d = open_docx(backend.render(make(SERMON[:2], footer="Page {page} of {pages}")))
    ftr = d.sections[0].footer
    assert not ftr.is_linked_to_previous
    p = ftr.paragraphs[0]
    assert p.style.name == "Footer"
    assert p.alignment == 1 or d.styles["Footer"].paragraph_format.alignment == 1
    instr = [e.text.strip() for e in p._p.iter(qn("w:instrText"))]
    assert instr == ["PAGE", "NUMPAGES"]
    texts = "".join(e.text for e in p._p.iter(qn("w:t")))
    assert texts == "Page 1 of 1"  # cached results; Word and LibreOffice update them
    kinds = [e.get(qn("w:fldCharType")) for e in p._p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"] * 2


def test_core_properties():
    d = open_docx(backend.render(make(SERMON[:2])))
    cp = d.core_properties
    assert cp.title == "The Great Sin"
    assert cp.author == "Sam Reed"
    assert cp.last_modified_by == "Sam Reed"
    assert cp.subject == "Exodus 32"
    assert cp.keywords == "sin, mercy"
    assert cp.revision == 1
    when = datetime(2024, 3, 1, 0, 0, 0)
    assert cp.created.replace(tzinfo=None) == when
    assert cp.modified.replace(tzinfo=None) == when
    assert cp.last_printed.replace(tzinfo=None) == when
    assert cp.comments == ""  # not python-docx's "generated by python-docx"


def test_the_same_document_gives_the_same_bytes():
    doc = make(SERMON + [PageBreak(), AnswerKey(((1, "x"),))])
    a = backend.render(doc)
    b = render_fmt("docx", doc)
    assert a == b
    names = zipfile.ZipFile(io.BytesIO(a)).infolist()
    assert names[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in names} == {(2024, 3, 1, 0, 0, 0)}
    # a created date before 1980 (zip's epoch) is clamped in the zip, kept in the properties
    old = backend.render(make(SERMON[:1], meta=Meta("t", created=0)))
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(old)).infolist()} == {
        (1980, 1, 1, 0, 0, 0)}
    assert open_docx(old).core_properties.created.year == 1970


def test_no_template_leftovers_in_the_default_package():
    names = zipfile.ZipFile(io.BytesIO(backend.render(make(SERMON)))).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names


def test_logo_is_scaled_to_at_most_an_inch_high(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (600, 400), (20, 60, 120)).save(logo, dpi=(72, 72))
    blocks = [TitleBlock(title=(R("T"),), church="Grace", logo=str(logo))]
    d = open_docx(backend.render(make(blocks)))
    assert len(d.inline_shapes) == 1
    shape = d.inline_shapes[0]
    assert shape.height <= Inches(1) + 1
    assert abs(shape.width / shape.height - 1.5) < 0.01


# ---------------------------------------------------------------- templates


def make_template(path, *, drop_numbering=False):
    t = docx.Document()
    style = t.styles.add_style("House Accent", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(13)
    s = t.sections[0]
    s.page_width, s.page_height = Inches(7), Inches(9)
    s.left_margin = s.right_margin = Inches(1.3)
    s.top_margin = Inches(0.6)
    s.header.paragraphs[0].text = "Grace Church bulletin"
    t.add_paragraph("TEMPLATE BODY TEXT", style="House Accent")
    t.add_table(rows=1, cols=2).cell(0, 0).text = "TEMPLATE TABLE"
    if drop_numbering:
        for r_id, rel in list(t.part.rels.items()):
            if rel.reltype == RT.NUMBERING:
                t.part.drop_rel(r_id)
    t.save(path)
    return path


def test_template_styles_page_and_header_survive_and_its_body_goes(tmp_path):
    tpl = make_template(tmp_path / "t.docx")
    doc = make(SERMON, docx_template=str(tpl), footer="Page {page} of {pages}")
    data, created = backend.render_with_report(doc)
    d = open_docx(data)
    assert "House Accent" in [s.name for s in d.styles]
    assert d.styles["House Accent"].font.size == Pt(13)
    s = d.sections[0]
    assert (s.page_width, s.page_height) == (Inches(7), Inches(9))  # the template's page wins
    assert s.left_margin == Inches(1.3) and s.top_margin == Inches(0.6)
    assert s.header.paragraphs[0].text == "Grace Church bulletin"
    text = " ".join(p.text for p in d.paragraphs)
    assert "TEMPLATE" not in text and len(d.tables) == 0
    assert d.paragraphs[2].text == "The Great Sin" and d.paragraphs[2].style.name == "Title"
    # styles the template lacked were made, based on its Normal, and reported
    assert "Outline Level 1" in created and "Speaker Note" in created
    assert "Title" not in created and "Heading 1" not in created
    assert d.styles["Speaker Note"].base_style.name == "Normal"
    assert {"Outline Level 1", "Big Idea", "Meta"} <= {s.name for s in d.styles}
    # the template had no footer: the page-number footer is added
    assert [e.text.strip() for e in s.footer._element.iter(qn("w:instrText"))] == [
        "PAGE", "NUMPAGES"]
    # the template's own heading style (with its outline level) is used, not replaced
    assert d.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl")) is not None


def test_template_footer_is_kept(tmp_path):
    t = docx.Document()
    t.sections[0].footer.paragraphs[0].text = "House footer"
    t.save(tmp_path / "f.docx")
    d = open_docx(backend.render(make(SERMON[:2], docx_template=str(tmp_path / "f.docx"))))
    ftr = d.sections[0].footer
    assert ftr.paragraphs[0].text == "House footer"


def test_template_without_numbering_part_still_gets_lists(tmp_path):
    tpl = make_template(tmp_path / "t.docx", drop_numbering=True)
    assert "word/numbering.xml" not in zipfile.ZipFile(tpl).namelist()
    data = backend.render(make(SERMON, docx_template=str(tpl)))
    assert "word/numbering.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    d = open_docx(data)
    by_text = {p.text: p for p in d.paragraphs}
    num_id, ilvl = num_pr(by_text["They grew impatient"])
    _, absn = abstract_for(d, num_id)
    assert level_fmt(absn, 0) == ("upperRoman", "%1.")
    assert num_pr(by_text["For your name"])[0] != num_id


def test_template_render_is_deterministic_too(tmp_path):
    tpl = make_template(tmp_path / "t.docx")
    doc = make(SERMON, docx_template=str(tpl))
    assert backend.render(doc) == backend.render(doc)


def test_without_template_nothing_is_reported_as_created():
    _, created = backend.render_with_report(make(SERMON))
    assert created == []


def test_document_xml_is_well_formed_and_has_one_final_section():
    data = backend.render(make(SERMON))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    root = etree.fromstring(xml)
    body = root.find(qn("w:body"))
    assert body[-1].tag == qn("w:sectPr")
    assert len(body.findall(qn("w:sectPr"))) == 1
