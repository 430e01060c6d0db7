"""A Word template and what the edition states: a paper given anywhere and a chosen font_size win
over the template's page size and text sizes, in both formats; with neither, the template's win.

Every check opens the written files: the .docx's w:pgSz (twips) and w:sz (half-points), the PDF's
MediaBox and character sizes.
"""

from __future__ import annotations

import collections
import shutil
import subprocess
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from test_settings import OUTLINE, SETTINGS, _template, cli, project  # noqa: F401 (project: a fixture)

OUT = Path("output")
TEMPLATE = '\n[theme]\ndocx_template = "church.docx"\n'
# (w:pgSz w, h) in twips and the PDF's MediaBox (width, height) in points
LETTER = ((12240, 15840), (612.0, 792.0))
A4 = ((11906, 16838), (595.28, 841.89))
A5 = ((8391, 11906), (419.53, 595.28))
HALF_LETTER = ((7920, 12240), (396.0, 612.0))
MARGIN_1_5_IN = 2160  # the test template's left and right margins, in twips


@pytest.fixture()
def church(project):
    """The project with the church's template: Letter, 1.5-inch side margins, a 19 pt Heading 1,
    a header, Normal at python-docx's 11 pt (from its docDefaults)."""
    _template(project / "church.docx")
    return project


def settings(project: Path, extra: str = "", defaults: str = "") -> None:
    text = SETTINGS.replace("[defaults]\n", "[defaults]\n" + defaults) + extra + TEMPLATE
    (project / "outline-export.toml").write_text(text, encoding="utf-8")


def page(path: Path) -> tuple[tuple[int, int], dict[str, int]]:
    """(w:pgSz w, h) and w:pgMar of the .docx's section, in twips."""
    sect = docx.Document(str(path)).sections[0]._sectPr
    pg, mar = sect.find(qn("w:pgSz")), sect.find(qn("w:pgMar"))
    return ((int(pg.get(qn("w:w"))), int(pg.get(qn("w:h")))),
            {k: int(mar.get(qn(f"w:{k}"))) for k in ("top", "right", "bottom", "left", "header", "footer")})


def mediabox(path: Path) -> tuple[float, float]:
    with pdfplumber.open(str(path)) as pdf:
        box = pdf.pages[0].mediabox
    return round(float(box[2]) - float(box[0]), 2), round(float(box[3]) - float(box[1]), 2)


def half_points(el) -> dict[str, int | None]:
    """w:sz and w:szCs of the w:rPr inside ``el`` (a w:style or w:rPrDefault), in half-points."""
    rpr = el.find(qn("w:rPr"))
    out = {}
    for tag in ("sz", "szCs"):
        sz = rpr.find(qn(f"w:{tag}")) if rpr is not None else None
        out[tag] = int(sz.get(qn("w:val"))) if sz is not None else None
    return out


def doc_defaults(d) -> dict[str, int | None]:
    return half_points(d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")))


def size(d, style_name: str) -> float:
    """The size in points text in ``style_name`` is set at: its own, a style's it is based on, or
    docDefaults' (as Word and LibreOffice work it out)."""
    style = d.styles[style_name]
    while style is not None:
        sz = half_points(style.element)["sz"]
        if sz is not None:
            return sz / 2
        style = style.base_style
    return doc_defaults(d)["sz"] / 2


def char_sizes(path: Path, text: str) -> set[float]:
    """The sizes of the characters of the line(s) of the PDF that hold ``text`` (with their labels)."""
    with pdfplumber.open(str(path)) as pdf:
        lines = collections.defaultdict(list)
        for page_ in pdf.pages:
            for c in page_.chars:
                lines[(page_.page_number, round(c["top"]))].append(c)
    found = {round(c["size"], 1) for cs in lines.values() if text in "".join(c["text"] for c in cs)
             for c in cs}
    assert found, f"no line with {text!r} in {path}"
    return found


# --- large print with a template ------------------------------------------------------------------

def test_large_print_with_a_template_sets_the_body_at_the_edition_size_in_both_formats(church):
    settings(church)  # the seniors' audience has font_size = 16
    result = cli("render", "outlines/gap.yaml", "-a", "seniors", "-k", "handout", "-k", "notes")
    assert result.exit_code == 0, result.output
    handout = docx.Document(str(OUT / "seniors" / "gap-handout.docx"))
    assert half_points(handout.styles["Normal"].element) == {"sz": 32, "szCs": 32}  # 16 pt
    assert doc_defaults(handout) == {"sz": 32, "szCs": 32}
    # every style the body text is drawn in, the template's and those made for it, is at 16 pt
    body_styles = {p.style.name for p in handout.paragraphs if p.style.name.startswith(("Outline Level", "Question"))}
    assert {"Outline Level 1", "Question"} <= body_styles
    for name in body_styles | {"Normal", "List Paragraph", "Header", "Footer", "Writing Line"}:
        assert size(handout, name) == 16, name
    # the template's headings keep their proportion to its 11 pt body: 19 x 16/11 = 27.6 -> 27.5
    assert half_points(handout.styles["Heading 1"].element)["sz"] == 55
    assert size(handout, "Title") == 38  # python-docx's 26 pt Title x 16/11
    assert size(handout, "Church Accent") == 29  # 20 x 16/11 = 29.1, to the half point
    # ...and the template's margins and header stay
    assert page(OUT / "seniors" / "gap-handout.docx")[1]["left"] == MARGIN_1_5_IN
    assert handout.sections[0].header.paragraphs[0].text == "Grace Chapel · Sunday Bulletin"
    # speaker notes are set 13/11 of it: 18.9 pt, Word's half points make 19
    notes = docx.Document(str(OUT / "seniors" / "gap-notes.docx"))
    assert half_points(notes.styles["Normal"].element) == {"sz": 38, "szCs": 38}
    assert doc_defaults(notes)["sz"] == 38
    # the PDFs: the same body sizes
    assert char_sizes(OUT / "seniors" / "gap-handout.pdf", "Everyone hears about") == {16.0}
    assert char_sizes(OUT / "seniors" / "gap-notes.pdf", "Everyone hears about") == {18.9}


def test_without_font_size_the_template_sizes_win(church):
    settings(church)
    result = cli("render", "outlines/gap.yaml", "-k", "handout")  # the general edition: no font_size
    assert result.exit_code == 0, result.output
    d = docx.Document(str(OUT / "gap-handout.docx"))
    assert half_points(d.styles["Normal"].element) == {"sz": None, "szCs": None}  # as the template has it
    assert doc_defaults(d) == {"sz": 22, "szCs": 22}  # the template's 11 pt
    assert half_points(d.styles["Heading 1"].element)["sz"] == 38  # its 19 pt
    assert char_sizes(OUT / "gap-handout.pdf", "Everyone hears about") == {11.0}  # the theme's


def test_font_size_from_the_command_line_wins_over_the_template_too(church):
    settings(church)
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "--set", "defaults.font_size=14")
    assert result.exit_code == 0, result.output
    d = docx.Document(str(OUT / "gap-handout.docx"))
    assert half_points(d.styles["Normal"].element)["sz"] == 28 and doc_defaults(d)["sz"] == 28
    assert half_points(d.styles["Heading 1"].element)["sz"] == 48  # 19 x 14/11 = 24.2 -> 24
    assert char_sizes(OUT / "gap-handout.pdf", "Everyone hears about") == {14.0}


def test_a_template_that_states_no_size_is_scaled_from_words_10_pt(tmp_path):
    """No size in Normal nor in docDefaults: Word sets such text at 10 pt, so a 16 pt body scales
    the template's other sizes and spacing by 1.6 (an exact line height too, or big text is cut)."""
    from outline_export import backends
    from outline_export.document import Document, Heading, Meta, Paragraph, Run
    from outline_export.layout import writer_options

    t = docx.Document()
    sz = t.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for tag in ("w:sz", "w:szCs"):
        sz.remove(sz.find(qn(tag)))
    t.styles["Heading 1"].font.size = Pt(15)
    fmt = t.styles["Normal"].paragraph_format
    fmt.line_spacing, fmt.space_after = Pt(14), Pt(6)  # an exact 14 pt line, 6 pt after
    t.save(str(tmp_path / "t.docx"))
    doc = Document(Meta(title="T"), (Heading(1, (Run("Head"),)), Paragraph((Run("Body"),))))
    data = backends.write("docx", doc, writer_options(template=str(tmp_path / "t.docx"), body_size=16.0, sized=True))
    (tmp_path / "out.docx").write_bytes(data)
    d = docx.Document(str(tmp_path / "out.docx"))
    assert half_points(d.styles["Normal"].element) == {"sz": 32, "szCs": 32}
    assert doc_defaults(d) == {"sz": 32, "szCs": 32}
    assert half_points(d.styles["Heading 1"].element)["sz"] == 48  # 15 x 1.6 = 24 pt
    spacing = d.styles["Normal"].element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule")), spacing.get(qn("w:after"))) == (
        "448", "exact", "192")  # 22.4 pt and 9.6 pt, in twips


# --- paper with a template --------------------------------------------------------------------------

def check(stem: str, expected, folder: Path = OUT) -> None:
    (pg_sz, box) = expected
    size_, margins = page(folder / f"{stem}.docx")
    assert size_ == pg_sz
    assert margins["left"] == margins["right"] == MARGIN_1_5_IN  # the template's margins stay
    d = docx.Document(str(folder / f"{stem}.docx"))
    assert d.sections[0].header.paragraphs[0].text == "Grace Chapel · Sunday Bulletin"
    assert mediabox(folder / f"{stem}.pdf") == pytest.approx(box, abs=0.01)


def test_paper_on_the_command_line_wins_over_the_template(church):
    settings(church)
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "--paper", "a4")
    assert result.exit_code == 0, result.output
    check("gap-handout", A4)
    margins = page(OUT / "gap-handout.docx")[1]
    assert margins == {"top": 1440, "right": 2160, "bottom": 1440, "left": 2160, "header": 720, "footer": 720}


def test_audience_paper_wins_over_the_template_and_the_command_line_over_both(church):
    text = SETTINGS.replace('[audiences.youth]\nlabel = "Youth Group"\n',
                            '[audiences.youth]\nlabel = "Youth Group"\npaper = "a5"\n') + TEMPLATE
    (church / "outline-export.toml").write_text(text, encoding="utf-8")
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-a", "youth")
    assert result.exit_code == 0, result.output
    check("gap-handout", A5, OUT / "youth")
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-a", "youth", "--paper", "half-letter")
    assert result.exit_code == 0, result.output
    check("gap-handout", HALF_LETTER, OUT / "youth")


def test_defaults_paper_wins_over_the_template(church):
    settings(church, defaults='paper = "half-letter"\n')
    result = cli("render", "outlines/gap.yaml", "-k", "handout")
    assert result.exit_code == 0, result.output
    check("gap-handout", HALF_LETTER)
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "--set", "defaults.paper=a4")
    assert result.exit_code == 0, result.output
    check("gap-handout", A4)


@pytest.mark.parametrize("width, height, expected", [
    (Inches(8.5), Inches(11), LETTER),
    (Pt(595.3), Pt(841.9), A4),  # as Word stores A4: 11906 x 16838 twips
    (Inches(5.5), Inches(8.5), HALF_LETTER),
    (Inches(7), Inches(9), ((10080, 12960), (504.0, 648.0))),  # not a known paper: its own size
    (Inches(11), Inches(8.5), ((15840, 12240), (792.0, 612.0))),  # landscape stays landscape
], ids=["letter", "a4", "half-letter", "7x9in", "landscape-letter"])
def test_with_no_paper_anywhere_the_template_page_size_wins_in_both_formats(church, width, height, expected):
    t = docx.Document(str(church / "church.docx"))
    t.sections[0].page_width, t.sections[0].page_height = width, height
    t.save(str(church / "church.docx"))
    settings(church)
    result = cli("render", "outlines/gap.yaml", "-k", "handout")
    assert result.exit_code == 0, result.output
    check("gap-handout", expected)


def test_template_paper_is_read_from_the_template_file(tmp_path):
    from outline_export.layout import PAPERS, template_paper

    t = docx.Document()
    t.sections[0].page_width, t.sections[0].page_height = Pt(595.3), Pt(841.9)
    t.save(str(tmp_path / "a4.docx"))
    assert template_paper(str(tmp_path / "a4.docx")) is PAPERS["a4"]
    t.sections[0].page_width, t.sections[0].page_height = Inches(5), Inches(7)
    t.save(str(tmp_path / "small.docx"))
    small = template_paper(str(tmp_path / "small.docx"))
    assert (small.name, small.width, small.height, small.small) == ("template", 360.0, 504.0, True)
    sect = t.sections[0]._sectPr
    sect.remove(sect.find(qn("w:pgSz")))
    t.save(str(tmp_path / "none.docx"))
    assert template_paper(str(tmp_path / "none.docx")) is PAPERS["letter"]  # as Word treats it


# --- as LibreOffice prints it -----------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
def test_large_print_a4_template_docx_as_libreoffice_prints_it(church, tmp_path):
    settings(church)
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "docx", "-a", "seniors", "--paper", "a4")
    assert result.exit_code == 0, result.output
    printed = tmp_path / "printed"
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--convert-to", "pdf", "--outdir", str(printed), str(OUT / "seniors" / "gap-handout.docx")],
                   check=True, capture_output=True, timeout=180)
    pdf = printed / "gap-handout.pdf"
    assert mediabox(pdf) == pytest.approx(A4[1], abs=0.05)  # 11906 x 16838 twips: 595.3 x 841.9 pt
    assert char_sizes(pdf, "Everyone hears about") == {16.0}
    assert char_sizes(pdf, "For everyone") == {27.5}  # Heading 1
    assert char_sizes(pdf, "Grace Chapel · Sunday Bulletin") == {16.0}  # the template's header
