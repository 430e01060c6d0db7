"""The Word writer: styles, lists, inline runs, page setup, properties, determinism, templates.

Documents are built by hand from ``document.py``'s classes (the way ``views.py`` builds them),
written with ``layout.writer_options`` and read back with python-docx and lxml: what is checked
is what a Word user gets.
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

from outline_export import backends
from outline_export.backends import MissingStyle
from outline_export.backends import docx as backend
from outline_export.backends._docx_styles import PARAGRAPH_STYLES
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
    roman,
)
from outline_export.layout import writer_options
from outline_export.theme import THEMES_DIR

NBSP = "\u00a0"
CREATED = 1709251200  # 2024-03-01 00:00:00 UTC
META = Meta("The Great Sin", "Sam Reed", "Exodus 32", "sin, mercy", CREATED)
LIST_INDENT = 440  # the theme's list_indent, 22 pt at body size 11, in twips
DEJAVU_SANS = str(THEMES_DIR / "default" / "fonts" / "DejaVuSans.ttf")

# ---------------------------------------------------------------- building documents


def R(text, **kw):
    return Run(text, **kw)


def P(text, style="list", **kw) -> Paragraph:
    return Paragraph((R(text),), style, **kw)


def ref(text):
    """A reference after a heading or point, as the views make it."""
    return (R(" "), R(f"({text})", role="ref"))


def note(text) -> Note:
    return Note((R("Note:", bold=True, role="note_label"), R(" "), R(text)))


def credit(text) -> tuple:
    return (R(f"— {text}", role="credit"),)


def lst(numbering: Numbering, *items) -> List:
    """A list whose items are (text, *more blocks) or a ready ListItem, labelled as the views do."""
    out = []
    for k, item in enumerate(items):
        if not isinstance(item, ListItem):
            text, *rest = item if isinstance(item, tuple) else (item,)
            first = text if isinstance(text, Paragraph) else P(text)
            item = ListItem(numbering.label(numbering.start + k), (first, *rest))
        out.append(item)
    return List(numbering, tuple(out))


ROMAN, ALPHA, DECIMAL = Numbering("upper-roman"), Numbering("upper-alpha"), Numbering("decimal")


def make(blocks, **kw) -> Document:
    kw.setdefault("meta", META)
    return Document(blocks=tuple(blocks), **kw)


def write(blocks_or_doc, **opts) -> bytes:
    doc = blocks_or_doc if isinstance(blocks_or_doc, Document) else make(blocks_or_doc)
    return backends.write("docx", doc, writer_options(**opts))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def render(blocks_or_doc, **opts) -> docx.document.Document:
    return open_docx(write(blocks_or_doc, **opts))


# ---------------------------------------------------------------- reading numbering back


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
    absn = [a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abs_id][0]
    return num, absn


def level_fmt(absn, ilvl: int) -> tuple[str, str]:
    lvl = [lv for lv in absn.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(ilvl)][0]
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val"))


def start_overrides(num) -> dict[int, int]:
    return {
        int(o.get(qn("w:ilvl"))): int(o.find(qn("w:startOverride")).get(qn("w:val")))
        for o in num.findall(qn("w:lvlOverride"))
        if o.find(qn("w:startOverride")) is not None
    }


def numbered(d, p) -> tuple[str, str, int]:
    """What Word numbers paragraph ``p`` with: (numFmt, lvlText, start) at its own level."""
    num_id, ilvl = num_pr(p)
    num, absn = abstract_for(d, num_id)
    return (*level_fmt(absn, ilvl), start_overrides(num)[ilvl])


def ind(p) -> dict[str, int]:
    """A paragraph's direct w:ind, as twips."""
    el = p._p.pPr.find(qn("w:ind"))
    return {k: int(el.get(qn(f"w:{k}"))) for k in ("left", "right", "hanging", "firstLine")
            if el is not None and el.get(qn(f"w:{k}")) is not None}


def keeps_with_next(p) -> bool:
    """Whether Word keeps ``p`` with the next paragraph: its own w:keepNext, else its style's
    (and their base styles')."""
    el = p._p.pPr.find(qn("w:keepNext")) if p._p.pPr is not None else None
    style = p.style
    while el is None and style is not None:
        ppr = style.element.pPr
        el = ppr.find(qn("w:keepNext")) if ppr is not None else None
        style = style.base_style
    return el is not None and el.get(qn("w:val")) not in ("0", "false", "off")


def by_text(d) -> dict:
    return {p.text: p for p in d.paragraphs}


_FMT = {"upper-roman": "upperRoman", "upper-alpha": "upperLetter", "decimal": "decimal",
        "lower-alpha": "lowerLetter", "lower-roman": "lowerRoman", "bullet": "bullet", "none": "none"}
_TEXT = {"period": "{prefix}%{n}.", "paren": "{prefix}%{n})", "parens": "{prefix}(%{n})"}


def expected(numbering: Numbering, ilvl: int) -> tuple[str, str, int]:
    """(numFmt, lvlText, start) Word should have for a list numbered ``numbering`` at ``ilvl``;
    spelt out here, not taken from the writer or from ``Numbering``."""
    if numbering.style == "bullet":
        text = numbering.symbol
    elif numbering.style == "none":
        text = ""
    else:
        text = _TEXT[numbering.delimiter].format(prefix=numbering.prefix, n=ilvl + 1)
    return _FMT[numbering.style], text, numbering.start


# ---------------------------------------------------------------- a sermon

SERMON = [
    TitleBlock(
        title=(R("The Great Sin"),),
        subtitle=(R("Moses pleads"),),
        meta=("Exodus 32:1–14", "Sam Reed"),
        label="Speaker Notes",
        church="Grace Church",
    ),
    Paragraph((R("Mercy answers sin."),), style="big_idea"),
    Heading(1, (R("The sin"), *ref("Exodus 32:1–6"))),
    lst(ROMAN,
        ("They grew impatient",
         lst(ALPHA,
             ("Moses delayed",
              lst(DECIMAL,
                  ("Forty days",
                   lst(Numbering("lower-alpha"), "A calf"))))),
         ),
        "They worshipped"),
    Quote((R("Go, get thee down."),), credit("Exodus 32:7 (KJV)")),
    note("Pause here."),
    Heading(2, (R("The plea"),)),
    lst(ROMAN, ("For your name", lst(ALPHA, "Egypt would mock"))),
    Heading(3, (R("Small"),)),
    Paragraph((R("5 min", role="timing"),), style="timing"),
]
SERMON_DEPTHS = {"They grew impatient": 1, "Moses delayed": 2, "Forty days": 3, "A calf": 4,
                 "They worshipped": 1, "For your name": 1, "Egypt would mock": 2}


# ---------------------------------------------------------------- styles


def test_paragraph_styles_are_word_styles():
    d = render(SERMON)
    got = [(p.style.name, p.text) for p in d.paragraphs]
    assert got == [
        ("Church Name", "Grace Church"),
        ("Edition Label", "Speaker Notes"),
        ("Title", "The Great Sin"),
        ("Subtitle", "Moses pleads"),
        ("Meta", "Exodus 32:1–14"),
        ("Meta", "Sam Reed"),
        ("Big Idea", "Mercy answers sin."),
        ("Heading 1", "The sin (Exodus 32:1–6)"),
        ("Outline Level 1", "They grew impatient"),
        ("Outline Level 2", "Moses delayed"),
        ("Outline Level 3", "Forty days"),
        ("Outline Level 4", "A calf"),
        ("Outline Level 1", "They worshipped"),
        ("Quote", "Go, get thee down."),
        ("Scripture Reference", "— Exodus 32:7 (KJV)"),
        ("Speaker Note", "Note: Pause here."),
        ("Heading 2", "The plea"),
        ("Outline Level 1", "For your name"),
        ("Outline Level 2", "Egypt would mock"),
        ("Heading 3", "Small"),
        ("Timing", "5 min"),
    ]


def test_every_render_tree_style_name_maps_to_a_word_style():
    names = ["title", "subtitle", "meta", "label", "church", "big_idea", "heading1", "heading2",
             "heading3", "body", "detail", "closing", "quote", "quote_ref", "audience", "note",
             "timing", "question", "answer_key", "footer", "translations", "list"]
    d = render([Paragraph((R(n),), style=n) for n in names])
    got = {p.text: p.style.name for p in d.paragraphs}
    for n in names:
        assert got[n] == PARAGRAPH_STYLES[n]


def test_unknown_paragraph_style_fails_loudly():
    with pytest.raises(KeyError):
        write([Paragraph((R("x"),), style="no_such_style")])


def test_headings_have_outline_levels_and_keep_with_next():
    d = render(SERMON)
    for n in (1, 2, 3):
        style = d.styles[f"Heading {n}"]
        assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(n - 1)
        assert style.paragraph_format.keep_with_next is True
    assert d.styles["Heading 2"].base_style.name == "Heading 1"
    heading = by_text(d)["The sin (Exodus 32:1–6)"]
    assert heading._p.pPr.find(qn("w:keepNext")) is not None  # Heading.keep_with_next, said again


def test_styles_come_from_the_theme_at_the_body_size():
    d = render(SERMON, body_size=14)
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
    note_ppr = d.styles["Speaker Note"].element.pPr
    assert note_ppr.find(qn("w:shd")).get(qn("w:fill")) == "F2F2F2"
    assert note_ppr.find(qn("w:pBdr")).find(qn("w:left")) is not None
    answer = d.styles["Answer"]
    assert answer.type == WD_STYLE_TYPE.CHARACTER and answer.font.bold
    assert answer.element.rPr.find(qn("w:shd")).get(qn("w:fill")) == "FFF2A8"
    assert d.styles["Blank"].type == WD_STYLE_TYPE.CHARACTER and d.styles["Blank"].font.underline
    for name in ["Meta", "Big Idea", "Question", "Timing", "Writing Line", "Answer Key",
                 "List Paragraph", "Quote", "Scripture Reference"] + [
                     f"Outline Level {n}" for n in range(1, 7)]:
        assert d.styles[name].type == WD_STYLE_TYPE.PARAGRAPH, name
    # run roles are character styles a Word user can restyle at once
    for name in ["Reference", "Credit", "Blank Number", "Note Label", "Audience Label", "Timing Text"]:
        assert d.styles[name].type == WD_STYLE_TYPE.CHARACTER, name
    assert str(d.styles["Reference"].font.color.rgb) == "555555"


def test_list_items_are_numbered_directly_and_styled_by_depth():
    """Outline Level N is no longer tied to a numbering: each item paragraph carries its own
    w:numPr (its list's w:num, its depth as ilvl), and Outline Level N is the style of items
    N deep."""
    d = render(SERMON)
    for n in range(1, 7):
        ppr = d.styles[f"Outline Level {n}"].element.pPr
        assert ppr is None or ppr.find(qn("w:numPr")) is None
    items = [p for p in d.paragraphs if p.text in SERMON_DEPTHS]
    assert len(items) == len(SERMON_DEPTHS)
    for p in items:
        depth = SERMON_DEPTHS[p.text]
        assert p._p.pPr.find(qn("w:numPr")) is not None, p.text
        assert num_pr(p)[1] == depth - 1
        assert p.style.name == f"Outline Level {depth}"
    others = [p for p in d.paragraphs if p.text not in SERMON_DEPTHS]
    assert all(num_pr(p) is None for p in others)


# ---------------------------------------------------------------- lists


def test_each_list_has_its_own_numbering_instance_that_restarts():
    d = render(SERMON)
    t = by_text(d)
    first, second = num_pr(t["They grew impatient"]), num_pr(t["For your name"])
    assert first[1] == 0 and second[1] == 0
    assert first[0] != second[0]
    assert num_pr(t["They worshipped"]) == first  # same list: same instance, Word counts on
    # every List is its own w:num, its items at their depth
    nested = [num_pr(t[x]) for x in ("Moses delayed", "Forty days", "A calf", "Egypt would mock")]
    assert [ilvl for _, ilvl in nested] == [1, 2, 3, 1]
    ids = {first[0], second[0]} | {n for n, _ in nested}
    assert len(ids) == 6  # six lists, six instances
    assert numbered(d, t["They grew impatient"]) == ("upperRoman", "%1.", 1)
    assert numbered(d, t["For your name"]) == ("upperRoman", "%1.", 1)
    assert numbered(d, t["Moses delayed"]) == ("upperLetter", "%2.", 1)
    assert numbered(d, t["Egypt would mock"]) == ("upperLetter", "%2.", 1)
    assert numbered(d, t["Forty days"]) == ("decimal", "%3.", 1)
    assert numbered(d, t["A calf"]) == ("lowerLetter", "%4.", 1)


def test_list_paragraphs_hang_by_the_layout_gutter():
    d = render(SERMON)
    t = by_text(d)
    for text, depth in SERMON_DEPTHS.items():
        assert ind(t[text]) == {"left": LIST_INDENT * depth, "hanging": LIST_INDENT}, text
    # the level of the abstract numbering agrees with the paragraph (Word shows it when re-levelling)
    num_id, ilvl = num_pr(t["Forty days"])
    _, absn = abstract_for(d, num_id)
    lvl = absn.findall(qn("w:lvl"))[ilvl]
    lvl_ind = lvl.find(qn("w:pPr")).find(qn("w:ind"))
    assert lvl_ind.get(qn("w:left")) == str(LIST_INDENT * 3)
    assert lvl_ind.get(qn("w:hanging")) == str(LIST_INDENT)


def test_bullets_decimal_outlines_and_unnumbered_points():
    blocks = [
        lst(Numbering("bullet", symbol="•"),
            ("b0", lst(Numbering("bullet", symbol="◦"), ("b1", lst(Numbering("bullet", symbol="▪"), "b2"))))),
        lst(DECIMAL,
            ("m0", lst(Numbering("decimal", prefix="1."),
                       ("m1", lst(Numbering("decimal", prefix="1.1."), "m2")),
                       "m1b"))),
        lst(Numbering("none"), "plain", "plain too"),
    ]
    d = render(blocks)
    t = by_text(d)
    assert [numbered(d, t[x]) for x in ("b0", "b1", "b2")] == [
        ("bullet", "•", 1), ("bullet", "◦", 1), ("bullet", "▪", 1)]
    assert [numbered(d, t[x]) for x in ("m0", "m1", "m2")] == [
        ("decimal", "%1.", 1), ("decimal", "1.%2.", 1), ("decimal", "1.1.%3.", 1)]
    assert num_pr(t["m1b"]) == num_pr(t["m1"])
    # a wide label ("1.1.1.") hangs further than the plain indent
    assert ind(t["m2"])["hanging"] > LIST_INDENT
    assert ind(t["m2"])["left"] == ind(t["m1"])["left"] + ind(t["m2"])["hanging"]
    # the bullet is drawn in the paragraph's font, not Symbol
    num_id, ilvl = num_pr(t["b0"])
    _, absn = abstract_for(d, num_id)
    rfonts = absn.findall(qn("w:lvl"))[ilvl].find(qn("w:rPr")).find(qn("w:rFonts"))
    assert rfonts.get(qn("w:ascii")) == "DejaVu Serif"
    # "none": still an item of a Word list, with no number and the least gutter
    for text in ("plain", "plain too"):
        assert numbered(d, t[text]) == ("none", "", 1)
        assert ind(t[text]) == {"left": LIST_INDENT, "hanging": LIST_INDENT}


def test_question_lists_keep_the_question_style():
    blocks = [
        Heading(1, (R("Discussion Questions"),)),
        lst(DECIMAL,
            (P("Why?", "question", keep_with_next=True), WritingLines(3)),
            (P("How?", "question", keep_with_next=True), WritingLines(2))),
    ]
    d = render(blocks)
    ps = d.paragraphs[1:]
    assert [p.style.name for p in ps] == ["Question"] + ["Writing Line"] * 3 + ["Question"] + [
        "Writing Line"] * 2
    assert num_pr(ps[0]) == num_pr(ps[4])
    assert numbered(d, ps[0]) == ("decimal", "%1.", 1)
    assert all(p.text == "" for p in ps[1:4])
    assert all(num_pr(p) is None for p in ps[1:4] + ps[5:])
    border = d.styles["Writing Line"].element.pPr.find(qn("w:pBdr"))
    assert border.find(qn("w:bottom")) is not None and border.find(qn("w:between")) is not None
    # the lines start where the question's text does
    assert ps[5].paragraph_format.left_indent == Pt(22)
    assert ind(ps[0]) == {"left": LIST_INDENT, "hanging": LIST_INDENT}
    # a question and its lines stay on one page
    assert [p.paragraph_format.keep_with_next for p in ps[:4]] == [True, True, True, None]
    assert ps[0]._p.pPr.find(qn("w:keepNext")) is not None


def test_keep_with_next_blocks_get_keep_next():
    blocks = [
        Paragraph((R("For: youth", role="audience"),), "audience", keep_with_next=True),
        Paragraph((R("loose"),)),
        lst(ROMAN, (P("kept point", keep_with_next=True), P("detail", "detail")), "loose point"),
    ]
    d = render(blocks)
    t = by_text(d)
    assert t["For: youth"]._p.pPr.find(qn("w:keepNext")) is not None
    assert t["kept point"]._p.pPr.find(qn("w:keepNext")) is not None
    for text in ("For: youth", "kept point"):
        assert keeps_with_next(t[text]), text
    for text in ("loose", "loose point", "detail"):
        assert not keeps_with_next(t[text]), text


def test_answer_key_after_a_page_break_is_a_word_list():
    answers = ["mercy", "golden calf", "name"]
    blocks = [
        lst(DECIMAL, "one"),
        PageBreak(),
        Heading(1, (R("Answer Key"),)),
        lst(DECIMAL, *[(P(a, "answer_key"),) for a in answers]),
    ]
    d = render(blocks)
    ps = d.paragraphs
    assert [(p.style.name, p.text) for p in ps] == [
        ("Outline Level 1", "one"),
        ("Heading 1", "Answer Key"),
        ("Answer Key", "mercy"),  # Word numbers it: the label is not in the text
        ("Answer Key", "golden calf"),
        ("Answer Key", "name"),
    ]
    assert ps[1].paragraph_format.page_break_before is True
    assert ps[0].paragraph_format.page_break_before is not True
    keys = ps[2:]
    assert len({num_pr(p) for p in keys}) == 1  # one list Word counts on
    assert num_pr(keys[0])[0] != num_pr(ps[0])[0]  # not the outline's list continued
    assert numbered(d, keys[0]) == ("decimal", "%1.", 1)
    assert all(ind(p) == {"left": LIST_INDENT, "hanging": LIST_INDENT} for p in keys)


def test_answer_key_with_many_answers_hangs_wider():
    d = render([lst(DECIMAL, *[(P("x", "answer_key"),) for _ in range(120)])])
    last = d.paragraphs[-1]
    assert last.text == "x" and last.style.name == "Answer Key"
    assert last.paragraph_format.left_indent > Pt(22)  # room for "120."
    assert all(ind(p) == ind(last) for p in d.paragraphs)  # one gutter for the whole list


def test_a_page_break_before_a_list_breaks_before_its_first_item():
    d = render([P("before", "body"), PageBreak(), lst(ROMAN, "first", "second")])
    t = by_text(d)
    assert t["first"].paragraph_format.page_break_before is True
    assert t["second"].paragraph_format.page_break_before is not True
    assert num_pr(t["first"]) == num_pr(t["second"])


def test_item_blocks_are_indented_with_its_text():
    blocks = [lst(ROMAN, (
        "point",
        P("detail", "detail"),
        note("aside"),
        Quote((R("quoted"),), credit("Exodus 32:9")),
        WritingLines(1),
    ))]
    d = render(blocks)
    t = by_text(d)
    text_left = LIST_INDENT
    assert ind(t["detail"]) == {"left": text_left, "firstLine": 0}
    assert num_pr(t["detail"]) is None
    assert ind(t["Note: aside"])["left"] == text_left + 6 * 20  # the note's padding
    assert ind(t["quoted"])["left"] == text_left + 24 * 20  # the quotation's inset
    assert ind(t["— Exodus 32:9"])["left"] == text_left + 24 * 20
    line = [p for p in d.paragraphs if p.style.name == "Writing Line"][0]
    assert ind(line)["left"] == text_left


# ---------------------------------------------------------------- every style, every depth


TWELVE = [
    Numbering("upper-roman"),
    Numbering("upper-alpha", "paren"),
    Numbering("decimal", "parens"),
    Numbering("lower-alpha"),
    Numbering("lower-roman", "parens"),
    Numbering("bullet", symbol="•"),
    Numbering("decimal", prefix="1.2."),
    Numbering("none"),
    Numbering("upper-alpha", "parens", start=4),
    Numbering("lower-roman", "paren", start=2),
    Numbering("bullet", symbol="▪"),
    Numbering("decimal", "paren", start=7, prefix="§"),
]


def twelve_deep(schemes=TWELVE) -> List:
    """Lists nested len(schemes) deep: each list's first item holds the next list, its second
    item comes after it."""
    inner = None
    for depth in reversed(range(len(schemes))):
        first = (f"level {depth + 1} first", inner) if inner else (f"level {depth + 1} first",)
        inner = lst(schemes[depth], first, f"level {depth + 1} second")
    return inner


def test_twelve_levels_mixing_every_style_and_delimiter():
    d = render([twelve_deep()])
    t = by_text(d)
    nums = []
    for depth, numbering in enumerate(TWELVE):
        first, second = t[f"level {depth + 1} first"], t[f"level {depth + 1} second"]
        ilvl = min(depth, 8)  # Word has nine levels
        assert num_pr(first) == num_pr(second)  # one list, one instance: Word counts on
        assert num_pr(first)[1] == ilvl
        assert numbered(d, first) == expected(numbering, ilvl), depth + 1
        assert first.style.name == f"Outline Level {min(depth + 1, 6)}"
        nums.append(num_pr(first)[0])
    assert len(set(nums)) == 12  # every list its own w:num
    # levels 10-12 share ilvl 8 with level 9, but are lists of their own, not its siblings
    assert nums[8] not in nums[9:] and len(set(nums[9:])) == 3
    # a nested list hangs its labels under its item's text (the first levels exactly there, deep
    # ones never further right), each list by its own measured gutter
    lefts = [ind(t[f"level {n} first"])["left"] for n in range(1, 13)]
    for n in range(2, 13):
        first = t[f"level {n} first"]
        label_at = ind(first)["left"] - ind(first)["hanging"]
        assert ind(first)["hanging"] >= LIST_INDENT
        assert label_at <= lefts[n - 2], n
        if n <= 6:
            assert label_at == lefts[n - 2], n
        assert ind(t[f"level {n} second"]) == ind(first)
    # twelve levels still leave the deepest words room on the line
    text_width = writer_options().page.text_width * 20
    assert max(lefts) <= text_width / 2


# The outline scheme the views use, level by level, and what Word must show for it (spelt out).
OUTLINE_WORD = [
    ("upper-roman", "period", "upperRoman", "%1."), ("upper-alpha", "period", "upperLetter", "%2."),
    ("decimal", "period", "decimal", "%3."), ("lower-alpha", "period", "lowerLetter", "%4."),
    ("lower-roman", "period", "lowerRoman", "%5."), ("decimal", "parens", "decimal", "(%6)"),
    ("lower-alpha", "parens", "lowerLetter", "(%7)"), ("lower-roman", "parens", "lowerRoman", "(%8)"),
    ("decimal", "paren", "decimal", "%9)"), ("lower-alpha", "paren", "lowerLetter", "%9)"),
    ("lower-roman", "paren", "lowerRoman", "%9)"), ("upper-alpha", "paren", "upperLetter", "%9)"),
]


def test_the_outline_scheme_twelve_deep_in_word():
    d = render([twelve_deep([Numbering(style, delim) for style, delim, _, _ in OUTLINE_WORD])])
    t = by_text(d)
    got = [numbered(d, t[f"level {n} first"])[:2] for n in range(1, 13)]
    assert got == [(fmt, text) for _, _, fmt, text in OUTLINE_WORD]


def test_a_decimal_outline_spells_its_prefix_before_the_number():
    d = render([twelve_deep([Numbering("decimal", prefix="1." * k) for k in range(3)])])
    t = by_text(d)
    assert [numbered(d, t[f"level {n} first"])[:2] for n in (1, 2, 3)] == [
        ("decimal", "%1."), ("decimal", "1.%2."), ("decimal", "1.1.%3.")]
    # 1. > 1.1., 1.2. > 1.2.1.: the prefix is the parent's label
    d = render([lst(DECIMAL, ("one", lst(Numbering("decimal", prefix="1."),
                                         "one-one", ("one-two", lst(Numbering("decimal", prefix="1.2."), "deep")))))])
    assert numbered(d, by_text(d)["deep"]) == ("decimal", "1.2.%3.", 1)


@pytest.mark.parametrize("numbering,fmt", [
    (Numbering("upper-roman"), ("upperRoman", "%1.")),
    (Numbering("upper-alpha"), ("upperLetter", "%1.")),
    (Numbering("lower-alpha", "paren"), ("lowerLetter", "%1)")),
    (Numbering("lower-roman", "parens"), ("lowerRoman", "(%1)")),
    (Numbering("decimal", prefix="1.2."), ("decimal", "1.2.%1.")),
    (Numbering("bullet", symbol="◦"), ("bullet", "◦")),
    (Numbering("none"), ("none", "")),
])
def test_a_list_level_is_the_lists_numbering(numbering, fmt):
    d = render([lst(numbering, "only")])
    assert numbered(d, d.paragraphs[0]) == (*fmt, 1)


def test_mixed_schemes_keep_each_branch_its_own():
    """I's children are bullets and II's upper-alpha: II's get upperLetter (an old bug gave them
    bullets); a decimal branch under III does not leak into IV's children."""
    blocks = [lst(
        ROMAN,
        ("First point", lst(Numbering("bullet", symbol="•"), "x", "y")),
        ("Second point", lst(ALPHA, "p", "q")),
        ("Third", lst(DECIMAL, ("r", lst(Numbering("decimal", prefix="1."), "r1")), "s")),
        ("Fourth", lst(ALPHA, "t", "u")),
    )]
    d = render(blocks)
    t = by_text(d)
    assert numbered(d, t["x"]) == ("bullet", "•", 1)
    assert numbered(d, t["p"]) == ("upperLetter", "%2.", 1)
    assert numbered(d, t["r"]) == ("decimal", "%2.", 1)
    assert numbered(d, t["r1"]) == ("decimal", "1.%3.", 1)
    assert numbered(d, t["t"]) == ("upperLetter", "%2.", 1)
    assert numbered(d, t["u"]) == ("upperLetter", "%2.", 1)
    assert len({num_pr(t[x])[0] for x in ("x", "p", "r", "r1", "t")}) == 5
    assert num_pr(t["s"]) == num_pr(t["r"]) and num_pr(t["q"]) == num_pr(t["p"])
    assert len({num_pr(t[x]) for x in ("First point", "Second point", "Third", "Fourth")}) == 1


def test_a_list_after_a_quotation_counts_on():
    blocks = [
        lst(ROMAN, "one", "two"),
        Quote((R("Thou shalt have no other gods."),), credit("Exodus 20:3")),
        lst(Numbering("upper-roman", start=3), "three"),
        lst(ROMAN, ("four", lst(ALPHA, "a", "b"), Quote((R("q"),)), lst(Numbering("upper-alpha", start=3), "c"))),
    ]
    d = render(blocks)
    t = by_text(d)
    assert numbered(d, t["three"]) == ("upperRoman", "%1.", 3)
    assert num_pr(t["three"])[0] != num_pr(t["one"])[0]
    num, _ = abstract_for(d, num_pr(t["three"])[0])
    assert start_overrides(num)[0] == 3
    # nested: the start override is at the list's own level
    assert numbered(d, t["c"]) == ("upperLetter", "%2.", 3)
    assert num_pr(t["c"])[1] == 1


# ---------------------------------------------------------------- through the views


def _view(text: str, kind: str = "handout"):
    from outline_export import views
    from outline_export.loader import load_text

    return views.build(load_text(text, "t.yaml"), kind, views.ViewOptions(detail="full"))  # quotations, prose too


def test_views_mixed_schemes_render_each_branch_its_own():
    from conftest import MIXED_OUTLINE

    doc = _view(MIXED_OUTLINE)
    d = open_docx(backends.write("docx", doc, writer_options()))
    t = by_text(d)
    assert numbered(d, t["First point"]) == ("upperRoman", "%1.", 1)
    assert numbered(d, t["x"])[:2] == ("bullet", "•")
    assert numbered(d, t["p"]) == ("upperLetter", "%2.", 1)
    assert numbered(d, t["r"]) == ("decimal", "%2.", 1)
    assert numbered(d, t["r1"]) == ("decimal", "1.%3.", 1)
    assert numbered(d, t["t"]) == ("upperLetter", "%2.", 1)
    assert num_pr(t["t"])[0] not in {num_pr(t[x])[0] for x in ("x", "p", "r", "r1")}


def test_views_five_deep_outline_under_numbered_sections():
    lines = ["title: Deep", "numbered_sections: true", "sections:", "  - heading: One", "    points:"]
    pad = "      "
    for level in range(5):
        lines.append(f"{pad}- text: level {level + 1}")
        if level < 4:
            lines.append(f"{pad}  points:")
        pad += "    "
    lines.append("      - text: second top")
    doc = _view("\n".join(lines) + "\n")
    d = open_docx(backends.write("docx", doc, writer_options()))
    t = by_text(d)
    assert t["I. One"].style.name == "Heading 1"
    got = [numbered(d, t[f"level {n}"]) for n in range(1, 6)]
    # A. 1. a. i. (1): the points are the sections' next level
    assert got == [("upperLetter", "%1.", 1), ("decimal", "%2.", 1), ("lowerLetter", "%3.", 1),
                   ("lowerRoman", "%4.", 1), ("decimal", "(%5)", 1)]
    assert [t[f"level {n}"].style.name for n in range(1, 6)] == [f"Outline Level {n}" for n in range(1, 6)]
    assert num_pr(t["second top"]) == num_pr(t["level 1"])


def test_views_a_quotation_between_points_continues_the_count():
    doc = _view("""\
title: Q
sections:
  - heading: One
    points:
      - first
      - second
      - quote: Go, get thee down.
        ref: Exodus 32:7
      - third
""")
    d = open_docx(backends.write("docx", doc, writer_options()))
    t = by_text(d)
    assert numbered(d, t["third"]) == ("upperRoman", "%1.", 3)
    assert num_pr(t["third"])[0] != num_pr(t["first"])[0]


# ---------------------------------------------------------------- gutters


def roman_labels(n):
    return [f"{roman(k)}." for k in range(1, n + 1)]


def test_a_wide_label_gets_a_wider_gutter():
    d = render([lst(ROMAN, "only one"), lst(ROMAN, *[f"point {k}" for k in range(1, 19)])])
    t = by_text(d)
    narrow, wide = ind(t["only one"])["hanging"], ind(t["point 18"])["hanging"]
    assert narrow >= LIST_INDENT and wide >= LIST_INDENT
    assert wide > narrow  # room for "XVIII."
    assert ind(t["point 1"]) == ind(t["point 18"])  # one gutter for the whole list
    # the gutter is the one layout measured (and the PDF uses): the widest label and the gap
    opts = writer_options()
    assert wide == round(opts.gutter(roman_labels(18), "list") * 20)
    assert wide * 0.05 >= opts.text_width("XVIII.", opts.style("list")) + opts.dims.label_gap


def test_gutters_scale_with_the_body_size():
    d = render([lst(ROMAN, "one")], body_size=14)
    assert ind(d.paragraphs[0]) == {"left": 560, "hanging": 560}  # 22 pt at 11 is 28 pt at 14


def test_a_custom_body_font_changes_the_measured_gutter():
    blocks = [lst(ROMAN, *[f"point {k}" for k in range(1, 19)])]
    default = ind(by_text(render(blocks))["point 18"])["hanging"]
    opts = writer_options(overrides=(("body_font", DEJAVU_SANS),))
    d = open_docx(backends.write("docx", make(blocks), opts))
    custom = ind(by_text(d)["point 18"])["hanging"]
    assert custom != default
    assert custom == round(opts.gutter(roman_labels(18), "list") * 20)
    assert custom >= LIST_INDENT
    assert d.styles["Normal"].font.name == "DejaVu Sans"


# ---------------------------------------------------------------- inline


SPECIAL = "& < > \" ' * _ \\ ${x} {page} %1 χάρις"


def test_text_is_literal_and_in_order():
    blocks = [
        Heading(1, (R(SPECIAL),)),
        Paragraph((R("a "), R("bold", bold=True), R(" "), R("it", italic=True), R(" <b>z</b>"))),
        lst(ROMAN, "**not bold** _x_"),
        Note((R("Note:", bold=True, role="note_label"), R(" "), R("tab\there"))),
    ]
    d = render(blocks)
    ps = d.paragraphs
    assert ps[0].text == SPECIAL
    assert ps[1].text == "a bold it <b>z</b>"
    runs = {r.text: r for r in ps[1].runs}
    assert runs["bold"].bold and not runs["a "].bold
    assert runs["it"].italic
    assert ps[2].text == "**not bold** _x_" and not any(r.bold for r in ps[2].runs)
    assert ps[3].text == "Note: tab\there"
    assert ps[3].runs[0].bold and ps[3].runs[0].text == "Note:"
    assert ps[3].runs[0].style.name == "Note Label"


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    d = render([Paragraph((R("a\x00b\x1fc"),))])
    assert d.paragraphs[0].text == "abc"


def test_hebrew_runs_are_right_to_left():
    d = render([Paragraph((R("kindness: חֶסֶד וֶאֱמֶת here"),))])
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
    blocks = [Paragraph((R("God is "), BlankLine(9.0), R(" and "), R(f"²{NBSP}", role="blank_number"),
                         BlankLine(4.5), R(".")))]
    d = render(blocks)
    p = d.paragraphs[0]
    blanks = [r for r in p.runs if r.style.name == "Blank"]
    assert len(blanks) == 2
    assert all(set(r.text) == {"\u2007"} for r in blanks)  # underlined figure spaces
    # figure spaces are a digit wide: 0.636 em each in DejaVu Serif
    assert len(blanks[0].text) == round(9.0 / 0.636)
    assert len(blanks[1].text) == round(4.5 / 0.636)
    numbers = [r.text for r in p.runs if r.style.name == "Blank Number"]
    assert numbers == [f"²{NBSP}"]
    assert d.styles["Blank"].font.underline is True
    assert p.text == f"God is {blanks[0].text} and ²{NBSP}{blanks[1].text}."


def test_answers_are_shown_in_the_answer_style_with_their_number():
    blocks = [Paragraph((R("God is "), R(f"³{NBSP}", role="blank_number"), Answer("merciful"),
                         R(" and "), Answer("just")))]
    d = render(blocks)
    p = d.paragraphs[0]
    assert p.text == f"God is ³{NBSP}merciful and just"
    assert [r.text for r in p.runs if r.style.name == "Answer"] == ["merciful", "just"]
    assert [r.text for r in p.runs if r.style.name == "Blank Number"] == [f"³{NBSP}"]


def test_references_and_credits_use_character_styles():
    blocks = [
        Heading(1, (R("Plea"), *ref("Exodus 32:11"))),
        lst(ROMAN, (Paragraph((R("Point"), *ref("v. 12")), "list"),
                    Quote((R("Turn from thy fierce wrath."),), credit("Exodus 32:12 (KJV)")))),
    ]
    d = render(blocks)
    h, li, q, cr = d.paragraphs
    assert h.runs[-1].text == "(Exodus 32:11)" and h.runs[-1].style.name == "Reference"
    assert li.runs[-1].text == "(v. 12)" and li.runs[-1].style.name == "Reference"
    assert li.text == "Point (v. 12)"
    assert q.paragraph_format.keep_with_next is True  # a quotation and its credit stay together
    assert q.paragraph_format.left_indent == Pt(22 + 24)
    assert cr.style.name == "Scripture Reference" and cr.text == "— Exodus 32:12 (KJV)"
    assert cr.runs[0].style.name == "Credit"
    assert cr.style.paragraph_format.alignment == 2  # right


def test_unknown_nodes_fail_loudly():
    @dataclass(frozen=True)
    class Table:
        rows: int = 1

    with pytest.raises(UnknownNode):
        write([Table()])
    with pytest.raises(UnknownNode):
        write([Paragraph((Table(),))])
    with pytest.raises(UnknownNode):
        write([List(DECIMAL, (ListItem("1.", (P("x"), Table())),))])


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
    sect = render(SERMON[:2], paper=paper).sections[0]._sectPr
    pg = sect.find(qn("w:pgSz"))
    assert (int(pg.get(qn("w:w"))), int(pg.get(qn("w:h")))) == size
    mar = sect.find(qn("w:pgMar"))
    assert int(mar.get(qn("w:top"))) == margin
    assert int(mar.get(qn("w:bottom"))) == margin


def test_footer_has_page_number_fields():
    d = render(make(SERMON[:2], footer="Page {page} of {pages}"))
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
    cp = render(SERMON[:2]).core_properties
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
    doc = make(SERMON + [PageBreak(), Heading(1, (R("Answer Key"),)),
                         lst(DECIMAL, (P("x", "answer_key"),)), twelve_deep()])
    a = backend.write(doc, writer_options())
    b = backends.write("docx", doc, writer_options())
    assert a == b
    names = zipfile.ZipFile(io.BytesIO(a)).infolist()
    assert names[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in names} == {(2024, 3, 1, 0, 0, 0)}
    # a created date before 1980 (zip's epoch) is clamped in the zip, kept in the properties
    old = write(make(SERMON[:1], meta=Meta("t", created=0)))
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(old)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert open_docx(old).core_properties.created.year == 1970


def test_the_same_document_gives_the_same_bytes_in_a_fresh_process():
    import subprocess
    import sys

    code = (
        "import hashlib, sys\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "import test_docx_backend as t\n"
        "from outline_export import backends\n"
        "from outline_export.layout import writer_options\n"
        "data = backends.write('docx', t.make(t.SERMON + [t.twelve_deep()]), writer_options())\n"
        "print(hashlib.sha256(data).hexdigest())\n"
    )
    import hashlib
    from pathlib import Path

    here = str(Path(__file__).parent)
    runs = {subprocess.run([sys.executable, "-c", code, here], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout.strip()
            for seed in ("1", "2")}
    assert runs == {hashlib.sha256(write(make(SERMON + [twelve_deep()]))).hexdigest()}


def test_no_template_leftovers_in_the_default_package():
    names = zipfile.ZipFile(io.BytesIO(write(SERMON))).namelist()
    assert "docProps/thumbnail.jpeg" not in names
    assert "word/stylesWithEffects.xml" not in names
    assert not [n for n in names if n.startswith("customXml/")], names


def test_default_package_holds_only_the_styles_the_writer_makes():
    """The package the writer starts from (data/word-default.docx) keeps Word's four base styles
    and none of python-docx's 160 others (table styles and the like a document never uses), and
    it is what tools/make_word_default.py makes from python-docx's own default package."""
    from lxml import etree

    data = write(SERMON)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        styles = etree.fromstring(z.read("word/styles.xml"))
        settings = z.read("word/settings.xml").decode()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    names = {s.find(w + "name").get(w + "val") for s in styles.iter(w + "style")}
    assert {"Normal", "Default Paragraph Font", "Normal Table", "No List"} <= names
    assert {"heading 1", "Title", "Outline Level 1", "Blank"} <= names  # made by the writer
    assert not {n for n in names if "Shading" in n or "Grid" in n or n.startswith("Body Text")}, names
    assert len(styles.findall(w + "latentStyles")) == 1  # Word's list of its built-in styles stays
    assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings

    import importlib.util
    from pathlib import Path

    tool = Path(__file__).resolve().parents[1] / "tools" / "make_word_default.py"
    spec = importlib.util.spec_from_file_location("make_word_default", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.make() == module.OUT.read_bytes()


def test_logo_is_scaled_to_at_most_an_inch_high(tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (600, 400), (20, 60, 120)).save(logo, dpi=(72, 72))
    d = render([TitleBlock(title=(R("T"),), church="Grace", logo=str(logo))])
    assert len(d.inline_shapes) == 1
    shape = d.inline_shapes[0]
    assert shape.height <= Inches(1) + 1
    assert abs(shape.width / shape.height - 1.5) < 0.01


def test_document_xml_is_well_formed_and_has_one_final_section():
    data = write(SERMON + [twelve_deep()])
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    body = root.find(qn("w:body"))
    assert body[-1].tag == qn("w:sectPr")
    assert len(body.findall(qn("w:sectPr"))) == 1


def test_numbering_xml_puts_every_abstract_num_before_the_first_num():
    d = render(SERMON + [twelve_deep()])
    tags = [el.tag for el in numbering_el(d) if el.tag in (qn("w:abstractNum"), qn("w:num"))]
    first_num = tags.index(qn("w:num"))
    assert qn("w:abstractNum") not in tags[first_num:]  # the schema's order (Word rejects others)
    # every numId a paragraph uses is defined, and points to a defined abstract numbering
    for p in d.paragraphs:
        if num_pr(p):
            abstract_for(d, num_pr(p)[0])


# Children of w:rPr and w:pPr in the order ECMA-376 requires (CT_RPr, CT_PPr): Word calls a file
# with them out of order unreadable, though python-docx reads it happily.
RPR_ORDER = ("rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
             "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
             "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath").split()
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers "
             "pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
             "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
             "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
             "rPr sectPr pPrChange").split()


def out_of_order(data: bytes) -> list[tuple[str, str, list[str]]]:
    """(part, element, its children) for every w:rPr / w:pPr in the package not in schema order."""
    z = zipfile.ZipFile(io.BytesIO(data))
    bad = []
    for name in z.namelist():
        if not name.endswith(".xml"):
            continue
        root = etree.fromstring(z.read(name))
        for tag, order in (("rPr", RPR_ORDER), ("pPr", PPR_ORDER)):
            for el in root.iter(qn(f"w:{tag}")):
                kids = [etree.QName(c).localname for c in el]
                at = [order.index(k) for k in kids if k in order]
                if at != sorted(at):
                    bad.append((name, tag, kids))
    return bad


RICH = SERMON + [
    Paragraph((R("bold "), R("חֶסֶד", bold=True, italic=True), R(f" ¹{NBSP}", role="blank_number"),
               BlankLine(9.0), R(" "), Answer("mercy"))),
    lst(DECIMAL, (P("Why?", "question", keep_with_next=True), WritingLines(2))),
    PageBreak(),
    twelve_deep(),
]


def test_run_and_paragraph_properties_are_in_schema_order(tmp_path):
    assert out_of_order(write(RICH)) == []
    assert out_of_order(write(RICH, body_size=14, paper="a5")) == []
    assert out_of_order(write(RICH, template=str(make_template(tmp_path / "t.docx")))) == []


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
    doc = make(SERMON, footer="Page {page} of {pages}")
    data, notices = backends.write_with_notices("docx", doc, writer_options(template=str(tpl)))
    assert all(isinstance(n, MissingStyle) for n in notices)
    created = [n.name for n in notices]
    assert len(created) == len(set(created))  # each reported once
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
    assert {"Outline Level 1", "Outline Level 4", "Speaker Note", "Big Idea", "Meta",
            "Reference", "Credit", "Note Label"} <= set(created)
    assert "Outline Level 5" not in created  # only what the document uses
    assert not {"Title", "Heading 1", "Quote", "Normal", "Footer"} & set(created)
    assert d.styles["Speaker Note"].base_style.name == "Normal"
    assert {"Outline Level 1", "Big Idea", "Meta"} <= {s.name for s in d.styles}
    # the template had no footer: the page-number footer is added
    assert [e.text.strip() for e in s.footer._element.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    # the template's own heading style (with its outline level) is used, not replaced
    assert d.styles["Heading 1"].element.pPr.find(qn("w:outlineLvl")) is not None
    # lists are real lists in a template too
    t = by_text(d)
    assert numbered(d, t["They grew impatient"]) == ("upperRoman", "%1.", 1)
    assert ind(t["Moses delayed"]) == {"left": 2 * LIST_INDENT, "hanging": LIST_INDENT}


def test_template_footer_is_kept(tmp_path):
    t = docx.Document()
    t.sections[0].footer.paragraphs[0].text = "House footer"
    t.save(tmp_path / "f.docx")
    d = render(SERMON[:2], template=str(tmp_path / "f.docx"))
    assert d.sections[0].footer.paragraphs[0].text == "House footer"


def test_template_without_numbering_part_still_gets_lists(tmp_path):
    tpl = make_template(tmp_path / "t.docx", drop_numbering=True)
    assert "word/numbering.xml" not in zipfile.ZipFile(tpl).namelist()
    data = write(SERMON, template=str(tpl))
    assert "word/numbering.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    d = open_docx(data)
    t = by_text(d)
    num_id, ilvl = num_pr(t["They grew impatient"])
    assert numbered(d, t["They grew impatient"]) == ("upperRoman", "%1.", 1)
    assert num_pr(t["For your name"])[0] != num_id


def test_template_numbering_is_kept_and_ours_added_after_it(tmp_path):
    tpl = make_template(tmp_path / "t.docx")
    before = docx.Document(str(tpl)).part.numbering_part.element
    old_nums = {n.get(qn("w:numId")) for n in before.findall(qn("w:num"))}
    old_abs = {a.get(qn("w:abstractNumId")) for a in before.findall(qn("w:abstractNum"))}
    d = render(SERMON, template=str(tpl))
    numbering = numbering_el(d)
    assert old_nums <= {n.get(qn("w:numId")) for n in numbering.findall(qn("w:num"))}
    assert old_abs <= {a.get(qn("w:abstractNumId")) for a in numbering.findall(qn("w:abstractNum"))}
    used = {num_pr(p)[0] for p in d.paragraphs if num_pr(p)}
    assert used and not {str(n) for n in used} & old_nums  # ours never reuse the template's ids


def test_template_render_is_deterministic_too(tmp_path):
    tpl = make_template(tmp_path / "t.docx")
    assert write(SERMON, template=str(tpl)) == write(SERMON, template=str(tpl))


def test_without_template_nothing_is_reported_as_created():
    _, notices = backends.write_with_notices("docx", make(SERMON), writer_options())
    assert notices == []


def test_a_document_of_ours_as_the_template_lacks_nothing(tmp_path):
    """A user restyles one of our documents in Word and uses it as the template."""
    tpl = tmp_path / "ours.docx"
    tpl.write_bytes(write(RICH))
    data, notices = backends.write_with_notices("docx", make(SERMON), writer_options(template=str(tpl)))
    assert notices == []
    d = open_docx(data)
    assert [(p.style.name, p.text) for p in d.paragraphs] == [
        (p.style.name, p.text) for p in render(SERMON).paragraphs]
    t = by_text(d)
    assert numbered(d, t["Moses delayed"]) == ("upperLetter", "%2.", 1)
    assert ind(t["Moses delayed"]) == {"left": 2 * LIST_INDENT, "hanging": LIST_INDENT}
    assert out_of_order(data) == []


def test_a_template_style_of_the_other_type_keeps_its_name(tmp_path):
    """The template's "Reference" is a paragraph style: references get a character style of
    their own, and the template's is left alone."""
    t = docx.Document()
    t.styles.add_style("Reference", WD_STYLE_TYPE.PARAGRAPH).font.size = Pt(17)
    t.save(tmp_path / "r.docx")
    data, notices = backends.write_with_notices(
        "docx", make([Heading(1, (R("Plea"), *ref("Exodus 32:11")))]),
        writer_options(template=str(tmp_path / "r.docx")))
    assert "Reference" in [n.name for n in notices]
    d = open_docx(data)
    run = d.paragraphs[0].runs[-1]
    assert run.text == "(Exodus 32:11)"
    assert run.style.type == WD_STYLE_TYPE.CHARACTER and run.style.name == "Reference Char"
    assert d.styles["Reference"].type == WD_STYLE_TYPE.PARAGRAPH
    assert d.styles["Reference"].font.size == Pt(17)


def test_a_dotx_template_gives_a_document(tmp_path):
    src = make_template(tmp_path / "t.docx")
    dotx = tmp_path / "t.dotx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dotx, "w") as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(b"document.main+xml", b"template.main+xml")
            zout.writestr(info, body)
    data = write(SERMON, template=str(dotx))
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    assert b"wordprocessingml.document.main+xml" in types and b"template.main+xml" not in types
    d = open_docx(data)
    assert d.sections[0].header.paragraphs[0].text == "Grace Church bulletin"
    assert [p.text for p in d.paragraphs] == [p.text for p in render(SERMON).paragraphs]


def theme_with(tmp_path, roles=None, styles=None) -> str:
    """The default theme with ``roles`` and ``styles`` changed or added, as a theme file of its own."""
    import yaml

    folder = THEMES_DIR / "default"
    data = yaml.safe_load((folder / "theme.yaml").read_text(encoding="utf-8"))
    for faces in data["fonts"].values():
        for face, path in faces.items():
            faces[face] = str(folder / path)
    data["roles"].update(roles or {})
    data["styles"].update(styles or {})
    path = tmp_path / "theme.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(path)


def test_a_role_sized_by_the_theme_sets_the_size_on_its_runs(tmp_path):
    opts = writer_options(theme=theme_with(tmp_path, roles={"ref": {"color": "muted", "size": 0.8}}))
    d = open_docx(backends.write("docx", make([Heading(1, (R("Plea"), *ref("Exodus 32:11")))]), opts))
    run = d.paragraphs[0].runs[-1]
    assert run.style.name == "Reference"
    assert run.font.size == Pt(round(11 * 1.35 * 0.8 * 2) / 2)  # of the heading's size


def test_a_theme_style_of_its_own_outside_a_list(tmp_path):
    opts = writer_options(theme=theme_with(tmp_path, styles={"point": {"parent": "list", "bold": True}}))
    d = open_docx(backends.write("docx", make([P("x", "point")]), opts))
    assert d.paragraphs[0].style.name == "Point" and d.styles["Point"].font.bold


# ---------------------------------------------------------------- writer bugs found in review (fixed)


def test_a_list_item_in_a_theme_style_of_its_own(tmp_path):
    opts = writer_options(theme=theme_with(tmp_path, styles={"point": {"parent": "list", "bold": True}}))
    d = open_docx(backends.write("docx", make([lst(DECIMAL, (P("x", "point"),))]), opts))
    p = d.paragraphs[0]
    assert p.style.name == "Point" and numbered(d, p) == ("decimal", "%1.", 1)


def test_a_sized_role_with_hebrew_keeps_its_run_properties_in_order(tmp_path):
    opts = writer_options(theme=theme_with(tmp_path, roles={"ref": {"color": "muted", "size": 0.8}}))
    doc = make([Paragraph((R("see "), R("(שָׁלוֹם 3:1)", role="ref")))])
    assert out_of_order(backends.write("docx", doc, opts)) == []


def test_a_heading_the_tree_lets_go_is_not_kept_with_the_next():
    d = render([Heading(1, (R("Loose"),), keep_with_next=False), Paragraph((R("next"),))])
    assert keeps_with_next(d.paragraphs[0]) is False
