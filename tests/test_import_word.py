"""The Word reader (importer/word.py) and Word's numbering (importer/numbering.py): Word files made
here with python-docx and real automatic numbering (a numbering.xml written below), and one
written in LibreOffice's own format and converted by LibreOffice, read as the user's file is."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from hostile_files import billion_laughs, deflated_zeros, template_members, zip_bytes
from outline_export.importer import word
from outline_export.importer.numbering import format_number

FIXTURES = Path(__file__).parent / "import_fixtures"
ROOT = Path(__file__).resolve().parents[1]


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr></w:lvl>')


BULLET = "\uf0b7"
NUMBERING = f"""<w:numbering {nsdecls('w')}>
<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>
{_lvl(0, "upperRoman", "%1.")}{_lvl(1, "upperLetter", "%2.")}{_lvl(2, "decimal", "%3.")}{_lvl(3, "lowerLetter", "%4.")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="11"><w:multiLevelType w:val="multilevel"/>
{_lvl(0, "decimal", "%1.")}{_lvl(1, "decimal", "%1.%2.")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="12"><w:multiLevelType w:val="hybridMultilevel"/>
{_lvl(0, "bullet", BULLET)}{_lvl(1, "bullet", "o")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="13"><w:multiLevelType w:val="multilevel"/>
{_lvl(0, "decimal", "(%1)", extra='<w:pStyle w:val="SermonPoint"/>')}{_lvl(1, "lowerLetter", "(%2)", extra='<w:pStyle w:val="SermonSub"/>')}
</w:abstractNum>
<w:abstractNum w:abstractNumId="14"><w:multiLevelType w:val="multilevel"/><w:styleLink w:val="OutlineList"/>
{_lvl(0, "upperRoman", "%1.")}{_lvl(1, "upperLetter", "%2.", extra='<w:lvlRestart w:val="0"/>')}{_lvl(2, "decimal", "%1.%2.%3", extra="<w:isLgl/>")}
</w:abstractNum>
<w:abstractNum w:abstractNumId="15"><w:multiLevelType w:val="multilevel"/><w:numStyleLink w:val="OutlineList"/></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="11"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="12"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="13"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="10"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/>{_lvl(0, "lowerRoman", "%1)", start=5)}</w:lvlOverride></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="8"><w:abstractNumId w:val="15"/></w:num>
<w:num w:numId="9"><w:abstractNumId w:val="14"/></w:num>
</w:numbering>"""


def new_document():
    """A python-docx document whose numbering part is NUMBERING, with two list paragraph styles
    whose numbering is in the style (``w:pPr/w:numPr``): Sermon Point (level 0, from the level's
    w:pStyle) and Sermon Sub (w:ilvl 1 in the style)."""
    doc = docx.Document()
    part = doc.part.numbering_part
    part._element = parse_xml(NUMBERING)
    styles = doc.styles.element
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="numbering" w:styleId="OutlineList"><w:name w:val="Outline List"/>'
        '<w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="SermonPoint"><w:name w:val="Sermon Point"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>'))
    styles.append(parse_xml(
        f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="SermonSub"><w:name w:val="Sermon Sub"/>'
        '<w:basedOn w:val="SermonPoint"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'))
    return doc


def numbered(doc, text: str, num_id: int, ilvl: int, style: str | None = None):
    """A paragraph numbered by its own w:numPr."""
    p = doc.add_paragraph(text, style=style)
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def runs(doc, *parts, style: str | None = None):
    """A paragraph of runs: each part is text, or (text, "b"/"i"/"u"/"h"/"bu" ...) for its look."""
    p = doc.add_paragraph(style=style)
    for part in parts:
        text, look = (part, "") if isinstance(part, str) else part
        r = p.add_run(text)
        r.bold = "b" in look or None
        r.italic = "i" in look or None
        if "u" in look:
            r.underline = True
        if "h" in look:
            r._r.get_or_add_rPr().append(parse_xml(f'<w:highlight {nsdecls("w")} w:val="yellow"/>'))
    return p


def content_control(doc, text: str, block: bool = True, placeholder: bool = False):
    """A rich-text content control (w:sdt) around a paragraph (block) or inside one (inline)."""
    shown = "<w:showingPlcHdr/>" if placeholder else ""
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
    if block:
        xml = (f'<w:sdt {nsdecls("w")}><w:sdtPr><w:alias w:val="Box"/>{shown}</w:sdtPr>'
               f'<w:sdtContent><w:p>{run}</w:p></w:sdtContent></w:sdt>')
        doc.element.body.insert(len(doc.element.body) - 1, parse_xml(xml))  # before the w:sectPr
        return None
    p = doc.add_paragraph("Before the control, ")
    p._p.append(parse_xml(f'<w:sdt {nsdecls("w")}><w:sdtPr>{shown}</w:sdtPr><w:sdtContent>{run}</w:sdtContent></w:sdt>'))
    p.add_run(" after it.")
    return p


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()



def doc_lines(doc):
    return word.read(to_bytes(doc), "sermon.docx")


def summary(lines):
    return [(x.kind, x.level, x.marker, x.start, x.text) for x in lines]


# ------------------------------------------------------------------ numbering


def test_automatic_numbering_gives_levels_markers_and_counts():
    doc = new_document()
    for text, ilvl in [("The people grow impatient", 0), ("Aaron gives in", 1), ("He takes the gold", 2),
                       ("earrings", 3), ("bracelets", 3), ("He builds an altar", 2), ("Moses intercedes", 1),
                       ("God relents", 0), ("Mercy", 1)]:
        numbered(doc, text, 1, ilvl)
    lines, notes = doc_lines(doc)
    assert summary(lines) == [
        ("item", 0, "I.", 1, "The people grow impatient"),
        ("item", 1, "A.", 1, "Aaron gives in"),
        ("item", 2, "1.", 1, "He takes the gold"),
        ("item", 3, "a.", 1, "earrings"),
        ("item", 3, "b.", 2, "bracelets"),
        ("item", 2, "2.", 2, "He builds an altar"),
        ("item", 1, "B.", 2, "Moses intercedes"),
        ("item", 0, "II.", 2, "God relents"),
        ("item", 1, "A.", 1, "Mercy"),  # A. again: a level restarts when the one above advances
    ]
    assert {x.numbering for x in lines} == {"outline"}
    assert {x.source for x in lines} == {"numbered"}
    assert [x.line for x in lines] == list(range(1, 10))
    assert any("automatic numbering read as levels: 9" in n.text for n in notes)


def test_restarts_start_override_and_a_whole_level_override():
    doc = new_document()
    numbered(doc, "first list one", 1, 0)
    numbered(doc, "first list two", 1, 0)
    numbered(doc, "first list A", 1, 1)
    numbered(doc, "restarted one", 2, 0)  # w:num 2: same abstract, startOverride 1
    numbered(doc, "restarted A", 2, 1)
    numbered(doc, "restarted two", 2, 0)
    numbered(doc, "override five", 6, 0)  # w:num 6: a whole w:lvl override, lowerRoman "%1)" from 5
    numbered(doc, "override six", 6, 0)
    numbered(doc, "shared list carries on", 7, 0)  # w:num 7: same abstract, no override: carries on
    numbered(doc, "decimal one", 3, 0)
    numbered(doc, "decimal one one", 3, 1)
    numbered(doc, "decimal one two", 3, 1)
    numbered(doc, "decimal two", 3, 0)
    numbered(doc, "decimal two one", 3, 1)
    numbered(doc, "bullet", 4, 0)
    numbered(doc, "sub-bullet", 4, 1)
    lines, _ = doc_lines(doc)
    assert [(x.marker, x.start, x.level) for x in lines] == [
        ("I.", 1, 0), ("II.", 2, 0), ("A.", 1, 1),
        ("I.", 1, 0), ("A.", 1, 1), ("II.", 2, 0),
        ("v)", 5, 0), ("vi)", 6, 0),
        ("VII.", 7, 0),
        ("1.", 1, 0), ("1.1.", 1, 1), ("1.2.", 2, 1), ("2.", 2, 0), ("2.1.", 1, 1),
        ("•", 1, 0), ("•", 1, 1),
    ]
    assert [x.numbering for x in lines[9:]] == ["decimal"] * 5 + ["bullets"] * 2


def test_numbering_from_the_paragraph_style_and_its_based_on_chain():
    doc = new_document()
    doc.add_paragraph("Point from the style", style="Sermon Point")  # numId in the style, level by w:pStyle
    doc.add_paragraph("Sub from the style", style="Sermon Sub")  # ilvl 1 in the style, numId from basedOn
    doc.add_paragraph("Second sub", style="Sermon Sub")
    doc.add_paragraph("Second point", style="Sermon Point")
    p = doc.add_paragraph("Not numbered after all", style="Sermon Point")
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="0"/></w:numPr>'))
    lines, _ = doc_lines(doc)
    assert [(x.kind, x.level, x.marker, x.source) for x in lines] == [
        ("item", 0, "(1)", "Sermon Point"), ("item", 1, "(a)", "Sermon Sub"), ("item", 1, "(b)", "Sermon Sub"),
        ("item", 0, "(2)", "Sermon Point"), ("text", -1, "", "Sermon Point"),
    ]


def test_a_list_style_link_a_level_that_never_restarts_and_legal_numbers():
    doc = new_document()
    numbered(doc, "linked one", 8, 0)  # w:num 8 -> abstract 15 -> numStyleLink OutlineList -> abstract 14
    numbered(doc, "A", 8, 1)
    numbered(doc, "legal", 8, 2)
    numbered(doc, "linked two", 9, 0)  # the list style's own w:num counts with the same definition
    numbered(doc, "B, not A again: lvlRestart 0", 8, 1)
    numbered(doc, "legal again", 8, 2)
    lines, _ = doc_lines(doc)
    assert [(x.marker, x.level, x.start) for x in lines] == [
        ("I.", 0, 1), ("A.", 1, 1), ("1.1.1", 2, 1), ("II.", 0, 2), ("B.", 1, 2), ("2.2.1", 2, 1)]


def test_python_docx_default_list_styles():
    doc = docx.Document()
    for text, style in [("one", "List Number"), ("two", "List Number"), ("deeper", "List Number 2"),
                        ("dot", "List Bullet"), ("three", "List Number")]:
        doc.add_paragraph(text, style=style)
    lines, _ = doc_lines(doc)
    assert [(x.marker, x.level, x.numbering, x.source) for x in lines] == [
        ("1.", 0, "decimal", "List Number"), ("2.", 0, "decimal", "List Number"),
        ("1.", 1, "decimal", "List Number 2"),  # a one-level list of its own; its style says the depth
        ("•", 0, "bullets", "List Bullet"), ("3.", 0, "decimal", "List Number"),
    ]


def test_number_formats():
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14, 40, 1994)] == ["I", "IV", "IX", "XIV", "XL", "MCMXCIV"]
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]
    assert [format_number(n, f) for n, f in [(3, "decimalZero"), (12, "decimalZero"), (2, "ordinal"),
                                             (11, "ordinal"), (4, "decimalEnclosedParen"), (7, "none")]] == \
        ["03", "12", "2nd", "11th", "(4)", ""]


# ------------------------------------------------------------------ structure


def _style(doc, xml: str) -> None:
    doc.styles.element.append(parse_xml(xml.replace("<w:style ", f"<w:style {nsdecls('w')} ", 1)))


def test_headings_title_subtitle_quotes_and_typed_markers():
    doc = docx.Document()
    # a localised template: Word keeps built-in names in English ("heading 2") under a local styleId
    _style(doc, '<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>')
    _style(doc, '<w:style w:type="paragraph" w:styleId="Teil"><w:name w:val="Teil"/>'
                '<w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>')
    _style(doc, '<w:style w:type="paragraph" w:styleId="MyQuote"><w:name w:val="Sermon Quote"/>'
                '<w:basedOn w:val="IntenseQuote"/></w:style>')
    doc.add_paragraph("The Golden Calf", style="Title")
    doc.add_paragraph("When God's people forget", style="Subtitle")
    doc.add_paragraph("God Sees", style="Heading 1")
    doc.add_paragraph("Überschrift")._p.style = "berschrift2"  # by id: its name is Word's "heading 2"
    doc.add_paragraph("Outline level three", style="Teil")
    doc.add_paragraph("Oh, this people have sinned a great sin", style="Quote")
    doc.add_paragraph("Yet now, if thou wilt forgive their sin", style="Sermon Quote")
    p = doc.add_paragraph("Indented on both sides")
    p.paragraph_format.left_indent = docx.shared.Inches(0.5)
    p.paragraph_format.right_indent = docx.shared.Inches(0.5)
    q = doc.add_paragraph("Indented on the left only")
    q.paragraph_format.left_indent = docx.shared.Inches(0.5)
    doc.add_paragraph("I. A marker typed by hand")
    doc.add_paragraph("")  # an empty paragraph still counts
    doc.add_paragraph("A. Another")
    lines, _ = doc_lines(doc)
    assert [(x.kind, x.level, x.key, x.source, x.text, x.line) for x in lines] == [
        ("title", -1, "", "Title", "The Golden Calf", 1),
        ("meta", -1, "subtitle", "Subtitle", "When God's people forget", 2),
        ("heading", 1, "", "Heading 1", "God Sees", 3),
        ("heading", 2, "", "Heading 2", "Überschrift", 4),
        ("heading", 3, "", "Teil", "Outline level three", 5),
        ("quote", -1, "", "Quote", "Oh, this people have sinned a great sin", 6),
        ("quote", -1, "", "Intense Quote", "Yet now, if thou wilt forgive their sin", 7),
        ("quote", -1, "", "indented", "Indented on both sides", 8),
        ("text", -1, "", "Normal", "Indented on the left only", 9),
        ("text", -1, "", "Normal", "I. A marker typed by hand", 10),
        ("text", -1, "", "Normal", "A. Another", 12),
    ]
    assert all(x.marker == "" for x in lines)


def test_tables_content_controls_and_body_order():
    doc = docx.Document()
    doc.add_paragraph("Before the table")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Sin", "Exodus 32:1-6"
    table.cell(1, 0).text, table.cell(1, 1).text = "Mercy", "Exodus 32:11-14"
    table.cell(1, 1).add_paragraph("a second paragraph in a cell")
    content_control(doc, "In a block content control")
    content_control(doc, "in an inline one", block=False)
    content_control(doc, "Click here to enter text.", placeholder=True)
    doc.add_paragraph("The end")
    lines, notes = doc_lines(doc)
    assert [(x.text, x.line, x.source) for x in lines] == [
        ("Before the table", 1, "Normal"),
        ("Sin", 2, "table"), ("Exodus 32:1-6", 3, "table"), ("Mercy", 4, "table"),
        ("Exodus 32:11-14", 5, "table"), ("a second paragraph in a cell", 6, "table"),
        ("In a block content control", 7, "Normal"),
        ("Before the control, in an inline one after it.", 8, "Normal"),
        ("The end", 10, "Normal"),  # paragraph 9 is the placeholder, left out
    ]
    assert all(x.kind == "text" for x in lines)
    assert any(n.line == 9 and "placeholder" in n.text for n in notes)


def test_a_numbered_paragraph_in_a_table_keeps_its_label_and_counts():
    doc = new_document()
    numbered(doc, "outside", 1, 0)
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    numbered(doc, "inside", 1, 0)
    cell._tc.append(doc.element.body[-2])  # move the paragraph into the cell (before the w:sectPr)
    numbered(doc, "after", 1, 0)
    lines, _ = doc_lines(doc)
    assert [(x.kind, x.marker, x.text, x.source) for x in lines] == [
        ("item", "I.", "outside", "numbered"), ("text", "", "II. inside", "table"), ("item", "III.", "after", "numbered")]


# ------------------------------------------------------------------ runs


def test_underlined_and_highlighted_words_become_blanks_and_runs_become_markup():
    doc = docx.Document()
    runs(doc, "God is ", ("merci", "u"), ("ful ", "u"), "and ", ("slow to anger", "h"), ".")
    runs(doc, ("Bold", "b"), " and ", ("italic ", "i"), ("both", "bi"), " and ", ("bold blank", "bu"), " end")
    runs(doc, "5 * 3 costs ${price} \\ in snake_case, ___ typed, ", ("“grace”", "u"))
    runs(doc, "Fill in:", ("\t\t", "u"), " then ", ("  ", "u"), "stop")
    lines, notes = doc_lines(doc)
    assert [x.text for x in lines] == [
        "God is ___merciful___ and ___slow to anger___.",
        "**Bold** and *italic* ***both*** and **___bold blank___** end",
        "5 \\* 3 costs \\${price} \\\\ in snake_case, ___ typed, ___“grace”___",
        "Fill in: ___ then stop",
    ]
    blanks = [n for n in notes if "made blanks" in n.text]
    assert [(n.line, n.text) for n in blanks] == [
        (1, "underlined or highlighted words made blanks: 4 (the first at paragraph 1)")]


def test_links_are_not_blanks_and_tracked_changes_show_the_text_as_it_reads():
    doc = docx.Document()
    p = doc.add_paragraph("See ")
    p._p.append(parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} w:anchor="x"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        '<w:t>the notes</w:t></w:r></w:hyperlink>'))
    p._p.append(parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>old words</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t xml:space="preserve"> and new ones</w:t></w:r></w:ins>'))
    lines, notes = doc_lines(doc)
    assert [x.text for x in lines] == ["See the notes and new ones"]
    assert any("tracked deletions left out" in n.text and n.line == 1 for n in notes)
    assert not any("blanks" in n.text for n in notes)


def test_text_boxes_and_footnotes_are_read_after_their_paragraph():
    doc = docx.Document()
    box = (f'<w:txbxContent {nsdecls("w")}><w:p><w:r><w:t>Boxed aside</w:t></w:r></w:p></w:txbxContent>')
    run = (f'<w:r {nsdecls("w")} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
           'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
           'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>'
           f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
           f'<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>'
           '</mc:AlternateContent></w:r>')
    p = doc.add_paragraph("The anchor paragraph")
    p._p.append(parse_xml(run))
    q = doc.add_paragraph("Moses broke the tablets")
    q._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    doc.add_paragraph("After")
    footnotes = (f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
                 '</w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Compare Deuteronomy 9:17.</w:t>'
                 '</w:r></w:p></w:footnote></w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, footnotes, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)
    lines, notes = doc_lines(doc)
    assert [(x.kind, x.text, x.line, x.source) for x in lines] == [
        ("text", "The anchor paragraph", 1, "Normal"),
        ("text", "Boxed aside", 1, "text box"),  # once, though the file holds it twice (Choice, Fallback)
        ("text", "Moses broke the tablets", 2, "Normal"),
        ("note", "Compare Deuteronomy 9:17.", 2, "footnote"),
        ("text", "After", 3, "Normal"),
    ]
    assert {n.text.split(" ")[0] for n in notes} >= {"text", "footnotes"}


# ------------------------------------------------------------------ files that are not Word outlines


def _unreadable(data: bytes) -> str:
    with pytest.raises(word.UnreadableFile) as e:
        word.read(data, "bad.docx")
    message = str(e.value)
    assert "\n" not in message and "Traceback" not in message
    return message


def test_files_that_are_not_word_documents_say_so_in_one_line():
    assert "not a zip archive" in _unreadable(b"I. God sees\nA. the sin\n")
    assert "old Word file (.doc)" in _unreadable(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert "Rich Text" in _unreadable(b"{\\rtf1\\ansi hello}")
    assert "damaged" in _unreadable(to_bytes(docx.Document())[:-200])  # cut short: no zip directory
    members = template_members()
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"document.main+xml", b"sheet.main+xml")
    assert "not a Word document" in _unreadable(zip_bytes(members))
    members = template_members()
    members["word/styles.xml"] = billion_laughs()
    assert "DOCTYPE" in _unreadable(zip_bytes(members))
    members = template_members()
    nest = "<w:sdt><w:sdtContent>" * 300 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 300
    members["word/document.xml"] = members["word/document.xml"].replace(b"<w:body>", b"<w:body>" + nest.encode(), 1)
    assert "more than 256 levels deep" in _unreadable(zip_bytes(members))


@pytest.mark.parametrize("honest", [True, False])
def test_a_zip_bomb_is_refused_within_a_memory_cap(tmp_path, honest):
    members = template_members()
    members["word/document.xml"] = zeros = deflated_zeros(1 << 30)  # 1 GB of zeros, about 1 MB in the zip
    if not honest:  # the zip's directory says 2 KB
        zeros.declared = 2048
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(zip_bytes(members))
    script = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (700 << 20, 700 << 20))
        from outline_export.importer import word
        try:
            word.read(open({str(bomb)!r}, "rb").read(), "bomb.docx")
        except word.UnreadableFile as e:
            print("refused:", e)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    expected = "refused: it unpacks to 1025 MB, more than the 50 MB" if honest else "refused: it is a damaged zip"
    assert out.stdout.startswith(expected), out.stdout


# ------------------------------------------------------------------ LibreOffice, as a new user


def _libreoffice_docx(tmp_path) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--convert-to", "docx",
         "--outdir", str(tmp_path), str(FIXTURES / "libreoffice-outline.fodt")],
        capture_output=True, text=True, timeout=300)
    made = tmp_path / "libreoffice-outline.docx"
    assert made.exists(), out.stdout + out.stderr
    return made.read_bytes()


def test_an_outline_written_with_libreoffice_lists_reads_with_its_levels(tmp_path):
    lines, notes = word.read(_libreoffice_docx(tmp_path), "libreoffice-outline.docx")
    assert [(x.kind, x.level, x.marker, x.start, x.numbering, x.text) for x in lines] == [
        ("title", -1, "", 0, "", "When God Relents"),
        ("heading", 1, "", 0, "", "Moses Pleads for the People"),
        ("item", 0, "I.", 1, "outline", "God sees the sin (Exodus 32:7-10)"),
        ("item", 1, "A.", 1, "outline", "The people ___corrupted___ themselves"),
        ("item", 1, "B.", 2, "outline", "They made a calf"),
        ("item", 2, "1.", 1, "outline", "from their earrings"),
        ("item", 3, "(a)", 1, "outline", "gold from Egypt"),
        ("item", 2, "2.", 2, "outline", "and worshipped it"),
        ("item", 0, "II.", 2, "outline", "Moses **intercedes** (vv. 11-14)"),
        ("item", 1, "A.", 1, "outline", "He appeals to God's ___promise___"),
        ("quote", -1, "", 0, "", "Turn from thy fierce wrath, and repent of this evil against thy people."),
        ("heading", 1, "", 0, "", "What We Learn"),
        ("item", 0, "I.", 1, "outline", "Prayer matters"),  # a new list of the same style starts again
        ("item", 0, "II.", 2, "outline", "God keeps his word"),
        ("item", 0, "•", 1, "bullets", "Read Exodus 32 this week"),
        ("item", 1, "•", 1, "bullets", "verses 11-14 twice"),
        ("item", 0, "•", 2, "bullets", "Pray for one another"),
    ]
    assert [x.line for x in lines] == list(range(1, 18))
    assert any("made blanks: 2" in n.text for n in notes)


# ------------------------------------------------------------------ end to end: the import command


def _docx_text(data: bytes) -> str:
    """Every paragraph's text in the file (body, table cells), as python-docx reads it."""
    d = docx.Document(io.BytesIO(data))
    texts = [p.text for p in d.paragraphs]
    texts += [p.text for t in d.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join(texts)


def _import(tmp_path, name: str, data: bytes):
    from click.testing import CliRunner

    from outline_export.cli import main

    (tmp_path / name).write_bytes(data)
    result = CliRunner().invoke(main, ["import", str(tmp_path / name), "-o", str(tmp_path / "out")])
    return result


def _sermon() -> bytes:
    doc = new_document()
    doc.add_paragraph("The Golden Calf", style="Title")
    doc.add_paragraph("When God's people forget", style="Subtitle")
    doc.add_paragraph("Text: Exodus 32:1-14")
    doc.add_paragraph("The Sin", style="Heading 1")
    numbered(doc, "The people grow impatient (vv. 1-6)", 1, 0)
    numbered(doc, "They ask for gods", 1, 1)
    p = runs(doc, "Aaron ", ("makes", "u"), " the ", ("calf", "h"))
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'))
    numbered(doc, "from their gold", 1, 2)
    numbered(doc, "God sees it (Exodus 32:7-10)", 1, 0)
    doc.add_paragraph("Oh, this people have sinned a great sin", style="Quote")
    doc.add_paragraph("The Prayer", style="Heading 1")
    numbered(doc, "Moses pleads", 2, 0)  # the same list definition, restarted
    numbered(doc, "for God's name", 2, 1)
    numbered(doc, "for the promise", 2, 1)
    numbered(doc, "God relents (v. 14)", 2, 0)
    doc.add_paragraph("Questions", style="Heading 1")
    numbered(doc, "When are you impatient with God?", 3, 0)
    numbered(doc, "Who prays for you?", 3, 0)
    return to_bytes(doc)


def test_import_a_word_outline_to_an_outline_that_validates(tmp_path):
    import yaml

    from import_check import words_missing
    from outline_export.loader import load_text

    data = _sermon()
    result = _import(tmp_path, "sermon.docx", data)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "sermon.yaml").read_text()
    load_text(text, "sermon.yaml")  # validates (raises OutlineError if not)
    outline = yaml.safe_load(text)
    assert (outline["title"], outline["subtitle"], outline["passage"]) == (
        "The Golden Calf", "When God's people forget", "Exodus 32:1-14")
    sin, prayer = outline["sections"]
    assert [sin["heading"], prayer["heading"]] == ["The Sin", "The Prayer"]
    first, second, _ = sin["points"]
    assert (first["text"], first["ref"]) == ("The people grow impatient", "vv 1-6")
    assert first["points"][0] == "They ask for gods"
    assert first["points"][1]["text"] == "Aaron ___makes___ the ___calf___"
    assert first["points"][1]["points"] == ["from their gold"]
    assert (second["text"], second["ref"]) == ("God sees it", "Exodus 32:7-10")
    assert "points" not in second  # a quotation outside the list stands between the section's points
    assert sin["points"][2] == {"quote": "Oh, this people have sinned a great sin"}
    assert [p if isinstance(p, str) else p["text"] for p in prayer["points"]] == ["Moses pleads", "God relents"]
    assert prayer["points"][0]["points"] == ["for God's name", "for the promise"]
    assert prayer["points"][1]["ref"] == "v 14"
    assert outline["questions"] == ["When are you impatient with God?", "Who prays for you?"]
    assert words_missing(_docx_text(data), text) == []
    assert (f"{tmp_path / 'sermon.docx'}:7: underlined or highlighted words made blanks: 2 (the first at "
            "paragraph 7)") in result.output.splitlines()


def test_import_a_libreoffice_outline_keeps_its_levels(tmp_path):
    import yaml

    from import_check import words_missing
    from outline_export.loader import load_text

    data = _libreoffice_docx(tmp_path)
    result = _import(tmp_path, "lo.docx", data)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "lo.yaml").read_text()
    load_text(text, "lo.yaml")
    outline = yaml.safe_load(text)
    sees, pleads, quote = outline["sections"][0]["points"]
    assert quote == {"quote": "Turn from thy fierce wrath, and repent of this evil against thy people."}
    assert (sees["text"], sees["ref"]) == ("God sees the sin", "Exodus 32:7-10")
    assert sees["points"][0] == "The people ___corrupted___ themselves"
    calf = sees["points"][1]
    assert calf["text"] == "They made a calf"
    assert calf["points"][0] == {"text": "from their earrings", "points": ["gold from Egypt"]}
    assert calf["points"][1] == "and worshipped it"
    assert (pleads["text"], pleads["ref"]) == ("Moses **intercedes**", "Exodus 32:11–14")
    assert pleads["points"] == ["He appeals to God's ___promise___"]
    learn, more = outline["sections"][1:]
    assert learn["points"] == ["Prayer matters", "God keeps his word"]
    assert (more["heading"], more["numbering"]) == ("What We Learn (continued)", "bullets")
    assert more["points"] == [{"text": "Read Exodus 32 this week", "points": ["verses 11-14 twice"]},
                              "Pray for one another"]
    assert words_missing(_docx_text(data), text) == []


def test_import_a_file_that_is_not_word_exits_1_with_one_line_and_writes_nothing(tmp_path):
    result = _import(tmp_path, "sermon.docx", b"I. God sees\nA. the sin\n")
    assert result.exit_code == 1
    assert (f"{tmp_path / 'sermon.docx'}: cannot import: it is not a Word .docx file (not a zip archive): "
            "save it from Word as .docx") in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ lists, references and quotations as a reader saw them


def _yaml_of(tmp_path, name: str, data: bytes):
    import yaml

    from outline_export.loader import load_text

    result = _import(tmp_path, name, data)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / (Path(name).stem + ".yaml")).read_text()
    load_text(text, name)  # validates
    return yaml.safe_load(text), text, result


def test_a_bullet_list_after_an_outline_list_keeps_its_bullets(tmp_path):
    from click.testing import CliRunner

    from outline_export.cli import main

    doc = new_document()
    doc.add_paragraph("Lists", style="Title")
    doc.add_paragraph("What We Learn", style="Heading 1")
    numbered(doc, "Prayer matters", 1, 0)
    numbered(doc, "God keeps his word", 1, 0)
    numbered(doc, "Read Exodus 32 this week", 4, 0)
    numbered(doc, "verses 11-14 twice", 4, 1)
    numbered(doc, "Pray for one another", 4, 0)
    data = to_bytes(doc)
    outline, text, result = _yaml_of(tmp_path, "lists.docx", data)
    learn, more = outline["sections"]
    assert (learn["heading"], learn["points"]) == ("What We Learn", ["Prayer matters", "God keeps his word"])
    assert "numbering" not in learn
    assert more["heading"] == "What We Learn (continued)"
    assert more["numbering"] == "bullets"
    assert more["points"] == [{"text": "Read Exodus 32 this week", "points": ["verses 11-14 twice"]},
                              "Pray for one another"]
    assert (f"{tmp_path / 'lists.docx'}:5: check: a bulleted list after the numbered (I., A.) list in 'What We Learn': "
            "made the section 'What We Learn (continued)' so each keeps its labels; rename its heading") in result.output
    # the labels the reader saw are the ones printed
    r = CliRunner().invoke(main, ["render", str(tmp_path / "out" / "lists.yaml"), "-k", "handout", "-f", "tree",
                                  "-o", str(tmp_path / "tree")])
    assert r.exit_code == 0, r.output
    tree = next((tmp_path / "tree").glob("*.txt")).read_text()
    assert re.findall(r"<item '([^']*)'>", tree) == ["I.", "II.", "•", "◦", "•"], tree


def test_a_reference_glued_after_a_dash_moves_into_ref(tmp_path):
    doc = new_document()
    doc.add_paragraph("Dashes", style="Title")
    doc.add_paragraph("Text: Exodus 32:1-14")
    doc.add_paragraph("The Sin", style="Heading 1")
    numbered(doc, "God sees it - 32:7-10", 1, 0)
    numbered(doc, "Moses pleads \u2014 32:11-13", 1, 0)
    numbered(doc, "God relents \u2013 32:14", 1, 0)
    numbered(doc, "All are without excuse \u2013 Romans 1:18", 1, 0)
    data = to_bytes(doc)
    outline, text, _ = _yaml_of(tmp_path, "dashes.docx", data)
    assert [(p["text"], p["ref"]) for p in outline["sections"][0]["points"]] == [
        ("God sees it", "32:7-10"), ("Moses pleads", "32:11-13"), ("God relents", "32:14"),
        ("All are without excuse", "Romans 1:18")]
    from import_check import words_missing

    assert words_missing(_docx_text(data), text) == []


def test_a_quotation_after_a_list_stands_between_the_sections_points(tmp_path):
    doc = new_document()
    doc.add_paragraph("Quotes", style="Title")
    doc.add_paragraph("The Prayer", style="Heading 1")
    numbered(doc, "Moses intercedes (Exodus 32:11-14)", 1, 0)
    numbered(doc, "He appeals to God's promise", 1, 1)
    numbered(doc, "to Abraham", 1, 2)
    doc.add_paragraph("Turn from thy fierce wrath", style="Quote")
    numbered(doc, "God relents (Exodus 32:14)", 1, 0)
    outline, _, _ = _yaml_of(tmp_path, "quotes.docx", to_bytes(doc))
    first, quote, second = outline["sections"][0]["points"]
    assert first["points"] == [{"text": "He appeals to God's promise", "points": ["to Abraham"]}]
    assert quote == {"quote": "Turn from thy fierce wrath"}
    assert (second["text"], second["ref"]) == ("God relents", "Exodus 32:14")
