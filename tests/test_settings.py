"""Audiences and church settings: what each edition's files contain, read back from the files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export.cli import main
from outline_export.errors import OutlineError
from outline_export.settings import load_settings

from readback import docx_paragraphs, docx_text, pdf_text

ROOT = Path(__file__).resolve().parents[1]

OUTLINE = """\
title: Standing in the Gap
passage: Exodus 32:30-35
speaker: ${pastor}
sections:
  - heading: For everyone
    points:
      - Everyone hears about ___mercy___ at ${church}.
      - text: Youth point about school friends
        audience: youth
      - text: Leader point about follow-up
        audience: [leaders, youth]
  - heading: Seniors remember
    audience: seniors
    points:
      - Seniors point about faithful years
  - heading: Scripture
    points:
      - quote:
        ref: Exodus 32:32
questions:
  - Shared question for all
  - text: Youth question about phones
    audience: youth
"""

SETTINGS = """\
[church]
name = "Grace Chapel"
logo = "logo.png"

[variables]
pastor = "Pastor Ann Ruiz"

[defaults]
audiences = ["youth", "seniors"]

[audiences.youth]
label = "Youth Group"

[audiences.leaders]
label = "Small-Group Leaders"

[audiences.seniors]
label = "Large Print"
font_size = 16
"""


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A church's folder: settings, logo, one outline; commands run inside it."""
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "gap.yaml").write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copy(ROOT / "assets" / "logo.png", tmp_path / "logo.png")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, list(args))


def both(folder: Path, stem: str) -> dict[str, str]:
    return {"docx": docx_text(folder / f"{stem}.docx"), "pdf": pdf_text(folder / f"{stem}.pdf")}


def test_build_renders_general_edition_and_each_audience(project):
    result = cli("build")
    assert result.exit_code == 0, result.output
    out = project / "output"
    assert sorted(p.name for p in (out / "youth").iterdir()) == sorted(
        f"gap-{k}.{f}" for k in ("handout", "notes", "worksheet") for f in ("docx", "pdf"))
    assert (out / "seniors" / "gap-handout.pdf").exists()
    assert not (out / "leaders").exists()  # defined, but not in [defaults] audiences

    general = both(out, "gap-handout")
    youth = both(out / "youth", "gap-handout")
    seniors = both(out / "seniors", "gap-handout")
    notes = both(out, "gap-notes")
    for fmt in ("docx", "pdf"):
        g, y, s, n = general[fmt], youth[fmt], seniors[fmt], notes[fmt]
        assert "Everyone hears about" in g and "Shared question for all" in g
        for tagged in ("Youth point", "Leader point", "Seniors point", "Youth question"):
            assert tagged not in g, (fmt, tagged)
            assert tagged in n, (fmt, tagged)  # speaker notes show everything...
        assert "For: seniors" in n and "[for leaders, youth]" in n  # ...labelled with its audiences
        assert "Youth point" in y and "Leader point" in y and "Youth question" in y
        assert "Seniors point" not in y
        assert "Seniors point" in s and "Youth point" not in s
        assert "Youth Group" in y and "Large Print" in s  # the edition's label in the title block
        assert "Grace Chapel" in g  # the church in the title block


def test_variables_are_substituted(project):
    result = cli("render", "outlines/gap.yaml", "-k", "notes")
    assert result.exit_code == 0, result.output
    for fmt, text in both(project / "output", "gap-notes").items():
        assert "Pastor Ann Ruiz" in text and "at Grace Chapel." in text, fmt
        assert "${" not in text


def test_set_overrides_variables_and_settings(project):
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "--set", "pastor=Rev. Kim",
                 "--set", "church.name=Hope Church", "--set", "defaults.paper=a5")
    assert result.exit_code == 0, result.output
    import docx
    from pypdf import PdfReader

    text = pdf_text(project / "output" / "gap-handout.pdf")
    assert "Rev. Kim" in text and "Hope Church" in text
    box = PdfReader(str(project / "output" / "gap-handout.pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)
    assert docx.Document(str(project / "output" / "gap-handout.docx")).core_properties.author == "Rev. Kim"


def test_unknown_variable_is_an_error_at_its_position(project):
    (project / "outlines" / "gap.yaml").write_text(OUTLINE.replace("${church}", "${chruch}"), encoding="utf-8")
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert "outlines/gap.yaml:7:45: unknown variable '${chruch}'" in result.stderr
    assert not (project / "output").exists()


def test_escaped_dollar_brace_is_literal(project):
    (project / "outlines" / "gap.yaml").write_text(OUTLINE.replace("at ${church}", "costs \\${5}"), encoding="utf-8")
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "pdf")
    assert result.exit_code == 0, result.output
    assert "costs ${5}" in pdf_text(project / "output" / "gap-handout.pdf")


def test_unknown_audience_is_a_usage_error_with_a_hint(project):
    result = cli("render", "outlines/gap.yaml", "--audience", "yuoth")
    assert result.exit_code == 2
    assert result.stderr.strip() == "outline-export: unknown audience 'yuoth'; did you mean 'youth'?"


def test_tag_the_settings_do_not_define_is_a_warning(project):
    (project / "outlines" / "gap.yaml").write_text(OUTLINE.replace("audience: seniors", "audience: senoirs"),
                                                   encoding="utf-8")
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "pdf")
    assert result.exit_code == 0
    assert ("outlines/gap.yaml:12:5: warning: audience 'senoirs' is not defined in "
            "outline-export.toml; add an [audiences.senoirs] table") in result.stderr


@pytest.mark.parametrize("paper, pdf_size, twips", [
    ("letter", (612.0, 792.0), (12240, 15840)),
    ("a4", (595.28, 841.89), (11906, 16838)),
    ("half-letter", (396.0, 612.0), (7920, 12240)),
    ("a5", (419.53, 595.28), (8391, 11906)),
])
def test_four_paper_sizes_in_both_formats(project, paper, pdf_size, twips):
    import docx
    from pypdf import PdfReader

    result = cli("render", "outlines/gap.yaml", "-k", "worksheet", "--paper", paper)
    assert result.exit_code == 0, result.output
    reader = PdfReader(str(project / "output" / "gap-worksheet.pdf"))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == pdf_size
    section = docx.Document(str(project / "output" / "gap-worksheet.docx")).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == twips
    # nothing clipped: every character inside the page, the blanks still long enough to write in
    import pdfplumber

    with pdfplumber.open(str(project / "output" / "gap-worksheet.pdf")) as pdf:
        for page in pdf.pages:
            assert all(0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] for c in page.chars)
        blank_chars = [c for c in pdf.pages[0].chars if c["text"] == "_"]
        assert blank_chars and max(c["x1"] for c in blank_chars) - min(c["x0"] for c in blank_chars) >= 72


def test_large_print_measured_in_both_formats(project):
    import docx
    import pdfplumber

    assert cli("render", "outlines/gap.yaml", "-k", "handout", "--audience", "seniors").exit_code == 0
    assert cli("render", "outlines/gap.yaml", "-k", "handout").exit_code == 0
    sizes = {}
    for name, folder in (("general", project / "output"), ("seniors", project / "output" / "seniors")):
        with pdfplumber.open(str(folder / "gap-handout.pdf")) as pdf:
            chars = [c for p in pdf.pages for c in p.chars]
        body = [round(c["size"], 1) for c in chars if c["text"].isalpha()]
        heading = max(round(c["size"], 1) for c in chars if c["text"] == "F")  # "For everyone" heading
        sizes[name] = (max(set(body), key=body.count), heading)
        d = docx.Document(str(folder / "gap-handout.docx"))
        sizes[name + "-docx"] = (d.styles["Normal"].font.size.pt, d.styles["Heading 1"].font.size.pt)
    assert sizes["general"][0] == 11.0 and sizes["seniors"][0] == 16.0
    assert sizes["seniors"][1] >= 16 * 1.3 > sizes["general"][1]  # headings scale too
    assert sizes["general-docx"][0] == 11.0 and sizes["seniors-docx"][0] == 16.0
    assert sizes["seniors-docx"][1] > sizes["general-docx"][1]


def test_scripture_filled_by_reference_in_web_and_kjv(project):
    full = ("--set", "defaults.detail=full")  # the quotation between points is prose: not in the skeleton
    assert cli("render", "outlines/gap.yaml", "-k", "handout", *full).exit_code == 0
    assert cli("render", "outlines/gap.yaml", "-k", "handout", "--translation", "KJV", "-o", "kjv", *full).exit_code == 0
    web = both(project / "output", "gap-handout")
    kjv = both(project / "kjv", "gap-handout")
    for fmt in ("docx", "pdf"):
        assert "please blot me out of your book which you have written" in web[fmt]
        assert "(WEB)" in web[fmt] and "World English Bible (WEB)" in web[fmt]
        assert "blot me, I pray thee, out of thy book which thou hast written" in kjv[fmt]
        assert "King James Version (KJV)" in kjv[fmt]
    assert "sin—and if not" in web["pdf"]  # normalised for print: a real dash, no stray space


def test_reference_a_translation_lacks_is_an_error(project, tmp_path):
    text = OUTLINE.replace("ref: Exodus 32:32", "ref: Exodus 32:32\n        translation: NIV")
    (project / "outlines" / "gap.yaml").write_text(text, encoding="utf-8")
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert "outlines/gap.yaml:18:9: no text for Exodus 32:32: translation 'NIV' is not installed" in result.stderr


def test_logo_errors_name_the_file(project):
    (project / "logo.png").write_bytes(b"not a png at all")
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{project / 'outline-export.toml'}:3:1: logo: cannot read 'logo.png' as a PNG or JPEG")
    (project / "logo.png").unlink()
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert f"logo: no file at 'logo.png' (looked for {project / 'logo.png'})" in result.stderr


def test_logo_drawn_in_both_formats(project):
    import docx
    from pypdf import PdfReader

    assert cli("render", "outlines/gap.yaml", "-k", "handout").exit_code == 0
    page = PdfReader(str(project / "output" / "gap-handout.pdf")).pages[0]
    images = list(page.images)
    assert len(images) == 1 and images[0].image.size == (240, 240)
    d = docx.Document(str(project / "output" / "gap-handout.docx"))
    assert len(d.inline_shapes) == 1 and d.inline_shapes[0].height.inches <= 1.0


def test_settings_problems_all_reported_with_positions(project):
    (project / "outline-export.toml").write_text(
        '[church]\nnmae = "x"\n\n[defaults]\npaper = "legal"\nblanks = "proportinal"\n\n'
        '[audiences.youth]\nfont_size = "big"\n[theme]\naccent_color = "blue"\n', encoding="utf-8")
    with pytest.raises(OutlineError) as e:
        load_settings(project / "outline-export.toml")
    lines = [str(p).replace(str(project) + os.sep, "") for p in e.value.problems]
    assert lines == [
        "outline-export.toml:2:1: unknown key 'nmae' in [church]; did you mean 'name'?",
        "outline-export.toml:5:1: paper 'legal' is not one of: letter, a4, half-letter, a5",
        "outline-export.toml:6:1: blanks 'proportinal' is not one of: fixed, proportional; did you mean 'proportional'?",
        "outline-export.toml:9:1: font_size must be a number of points from 6 to 40, like font_size = 16",
        "outline-export.toml:11:1: accent_color 'blue' must be a colour like \"#1F4E79\"",
    ]
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1 and "nmae" in result.stderr


def test_toml_syntax_error(project):
    (project / "outline-export.toml").write_text("[church]\nname = Grace Chapel\n", encoding="utf-8")
    result = cli("validate", "outlines")
    assert result.exit_code == 1  # validate reads the settings render would read, and reports what render refuses
    assert "outline-export.toml:2:8: TOML syntax error: Invalid value (text values need quotes" in result.stderr
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert "outline-export.toml:2:8: TOML syntax error: Invalid value (text values need quotes" in result.stderr


def test_command_line_wins_over_audience_and_file(project):
    from pypdf import PdfReader

    (project / "outline-export.toml").write_text(SETTINGS + 'paper = "a4"\n', encoding="utf-8")  # seniors: A4
    assert cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "pdf", "-a", "seniors").exit_code == 0
    box = PdfReader(str(project / "output" / "seniors" / "gap-handout.pdf")).pages[0].mediabox
    assert round(float(box.width)) == 595
    assert cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "pdf", "-a", "seniors",
               "--paper", "half-letter").exit_code == 0
    box = PdfReader(str(project / "output" / "seniors" / "gap-handout.pdf")).pages[0].mediabox
    assert round(float(box.width)) == 396


def test_config_option_and_settings_found_in_a_parent_folder(project, monkeypatch):
    sub = project / "outlines"
    monkeypatch.chdir(sub)
    result = cli("render", "gap.yaml", "-k", "handout", "-f", "pdf", "-o", str(project / "o"))
    assert result.exit_code == 0, result.output
    assert "Grace Chapel" in pdf_text(project / "o" / "gap-handout.pdf")
    (project / "other.toml").write_text(SETTINGS.replace("Grace Chapel", "Hope Church"), encoding="utf-8")
    result = cli("render", "gap.yaml", "-k", "handout", "-f", "pdf", "-o", str(project / "o"),
                 "--config", str(project / "other.toml"))
    assert result.exit_code == 0
    assert "Hope Church" in pdf_text(project / "o" / "gap-handout.pdf")


def _template(path: Path, *, numbering: bool = True) -> Path:
    """A church's own Word file: a custom style, wide margins, a header, some body text."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Inches, Pt

    d = docx.Document()
    style = d.styles.add_style("Church Accent", WD_STYLE_TYPE.PARAGRAPH)
    style.font.size = Pt(20)
    d.styles["Normal"].font.name = "DejaVu Sans"
    d.styles["Heading 1"].font.size = Pt(19)
    section = d.sections[0]
    section.left_margin = section.right_margin = Inches(1.5)
    section.header.paragraphs[0].text = "Grace Chapel · Sunday Bulletin"
    d.add_paragraph("Template body text that must not survive", style="Church Accent")
    d.save(str(path))
    if not numbering:  # drop the numbering part, as some users' templates lack one
        import re
        import zipfile

        with zipfile.ZipFile(path) as src:
            items = {n: src.read(n) for n in src.namelist() if n != "word/numbering.xml"}
        rels = "word/_rels/document.xml.rels"
        items[rels] = re.sub(rb'<Relationship [^>]*Target="numbering.xml"/>', b"", items[rels])
        items["[Content_Types].xml"] = re.sub(rb'<Override PartName="/word/numbering.xml"[^>]*/>', b"",
                                              items["[Content_Types].xml"])
        with zipfile.ZipFile(path, "w") as out:
            for n, b in items.items():
                out.writestr(n, b)
    return path


def test_docx_template_styles_margins_header_survive(project):
    import docx

    _template(project / "church.docx")
    (project / "outline-export.toml").write_text(SETTINGS + '\n[theme]\ndocx_template = "church.docx"\n',
                                                 encoding="utf-8")
    result = cli("render", "outlines/gap.yaml", "-k", "notes", "-f", "docx")
    assert result.exit_code == 0, result.output
    d = docx.Document(str(project / "output" / "gap-notes.docx"))
    assert "Church Accent" in [s.name for s in d.styles]
    assert d.styles["Heading 1"].font.size.pt == 19  # the template's own heading is used
    assert round(d.sections[0].left_margin.inches, 2) == 1.5
    assert d.sections[0].header.paragraphs[0].text == "Grace Chapel · Sunday Bulletin"
    texts = [t for _, t in docx_paragraphs(project / "output" / "gap-notes.docx")]
    assert "Template body text that must not survive" not in texts
    assert any(s == "Heading 1" and t == "For everyone" for s, t in docx_paragraphs(project / "output" / "gap-notes.docx"))
    warning = [line for line in result.stderr.splitlines() if "lacks styles" in line]
    assert len(warning) == 1 and "Timing" in warning[0] and "Outline Level 1" in warning[0]


def test_template_without_numbering_part_still_numbers_lists(project):
    import docx
    from docx.oxml.ns import qn

    _template(project / "plain.docx", numbering=False)
    import zipfile

    assert "word/numbering.xml" not in zipfile.ZipFile(project / "plain.docx").namelist()
    result = cli("render", "outlines/gap.yaml", "-k", "handout", "-f", "docx", "--set",
                 f"theme.docx_template={project / 'plain.docx'}")
    assert result.exit_code == 0, result.output
    d = docx.Document(str(project / "output" / "gap-handout.docx"))
    numbered = [p for p in d.paragraphs if p._p.find(qn("w:pPr")) is not None
                and p._p.find(qn("w:pPr")).find(qn("w:numPr")) is not None]
    assert numbered
    assert d.part.numbering_part.element.findall(qn("w:num"))


def test_fonts_and_accent_colour_from_settings(project):
    import docx
    import pdfplumber

    ttf = ROOT / "src" / "outline_export" / "themes" / "default" / "fonts" / "DejaVuSans.ttf"
    shutil.copy(ttf, project / "MyFont.ttf")
    (project / "outline-export.toml").write_text(
        SETTINGS + '\n[theme]\nbody_font = "MyFont.ttf"\nheading_font = "serif"\naccent_color = "#8B0000"\n',
        encoding="utf-8")
    result = cli("render", "outlines/gap.yaml", "-k", "handout")
    assert result.exit_code == 0, result.output
    with pdfplumber.open(str(project / "output" / "gap-handout.pdf")) as pdf:
        chars = pdf.pages[0].chars
    body = [c for c in chars if c["text"] == "E"][0]  # "Everyone hears about ..."
    assert "DejaVuSans" in body["fontname"]
    heading = [c for c in chars if c["text"] == "F"][0]  # "For everyone"
    assert "DejaVuSerif-Bold" in heading["fontname"]
    assert tuple(round(v, 2) for v in heading["non_stroking_color"]) == (0.55, 0.0, 0.0)
    d = docx.Document(str(project / "output" / "gap-handout.docx"))
    assert d.styles["Normal"].font.name == "DejaVu Sans"
    assert d.styles["Heading 1"].font.name == "DejaVu Serif"
    assert str(d.styles["Heading 1"].font.color.rgb) == "8B0000"


def test_unknown_font_is_a_settings_error(project):
    (project / "outline-export.toml").write_text(SETTINGS + '\n[theme]\nbody_font = "Garamond"\n', encoding="utf-8")
    result = cli("render", "outlines/gap.yaml")
    assert result.exit_code == 1
    assert ("body_font 'Garamond' is not a font the project ships (dejavu sans, dejavu serif, sans, serif) "
            "nor a path to a .ttf file") in result.stderr


# --- broken fonts and Word templates are settings errors, found before anything is drawn ------------

FONTS = ROOT / "src" / "outline_export" / "themes" / "default" / "fonts"


def run(project: Path, *args: str):
    """The real command line in a process of its own (as a user runs it), in the project folder."""
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "outline_export", *args], cwd=project, capture_output=True,
                          text=True, timeout=300)


def _settings_with(project: Path, table_lines: str) -> None:
    (project / "outline-export.toml").write_text(SETTINGS + "\n[theme]\n" + table_lines, encoding="utf-8")


def _where(project: Path, key: str) -> str:
    """file:line:col of the line that sets ``key`` (found by reading the text)."""
    lines = (project / "outline-export.toml").read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.lstrip().startswith(key + " "))
    return f"{project / 'outline-export.toml'}:{n}:{len(lines[n - 1]) - len(lines[n - 1].lstrip()) + 1}"


def _assert_one_settings_error(project: Path, result, key: str, file: str, reason: str) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith(f"{_where(project, key)}: {key} '{file}' "), line
    assert reason in line, line
    out = project / "output"
    assert not out.exists() or not any(out.rglob("*"))
    return line


def _without(src: Path, dst: Path, drop: str) -> Path:
    import zipfile

    with zipfile.ZipFile(src) as z:
        items = {n: z.read(n) for n in z.namelist() if n != drop}
    with zipfile.ZipFile(dst, "w") as z:
        for n, b in items.items():
            z.writestr(n, b)
    return dst


def test_random_bytes_docx_template_is_a_settings_error(project):
    import random

    (project / "church.docx").write_bytes(bytes(random.Random(3).randrange(256) for _ in range(4096)))
    _settings_with(project, 'docx_template = "church.docx"\n')
    line = _assert_one_settings_error(project, run(project, "render", "outlines/gap.yaml"), "docx_template",
                                      "church.docx", "is not a Word file (not a zip archive)")
    assert line.endswith("save it again as .docx or .dotx")


def test_docx_template_without_styles_part_is_a_settings_error(project):
    _without(_template(project / "full.docx"), project / "church.docx", "word/styles.xml")
    _settings_with(project, '  docx_template = "church.docx"\n')  # indented: the column is 3
    _assert_one_settings_error(project, run(project, "render", "outlines/gap.yaml", "-f", "docx"), "docx_template",
                               "church.docx", "lacks word/styles.xml")


def test_truncated_body_font_is_a_settings_error(project):
    (project / "Broken.ttf").write_bytes((FONTS / "DejaVuSerif.ttf").read_bytes()[:2000])
    _settings_with(project, 'accent_color = "#8B0000"\nbody_font = "Broken.ttf"\n')
    line = _assert_one_settings_error(project, run(project, "render", "outlines/gap.yaml"), "body_font",
                                      "Broken.ttf", "cannot be used: truncated: the '")
    assert line.endswith("table runs past the end of the file; give a TrueType (.ttf) font file")


def test_good_font_with_its_bold_face_still_renders(project):
    for face in ("", "-Bold"):
        shutil.copy(FONTS / f"DejaVuSerif{face}.ttf", project / f"Church{face}.ttf")
    _settings_with(project, 'body_font = "Church.ttf"\nheading_font = "Church.ttf"\n')
    result = run(project, "render", "outlines/gap.yaml", "-k", "handout")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "output").iterdir()) == ["gap-handout.docx", "gap-handout.pdf"]


def test_broken_bold_face_next_to_the_font_is_a_settings_error(project):
    shutil.copy(FONTS / "DejaVuSerif.ttf", project / "Church.ttf")
    (project / "Church-Bold.ttf").write_bytes(b"")
    _settings_with(project, 'heading_font = "Church.ttf"\n')
    with pytest.raises(OutlineError) as e:
        load_settings(project / "outline-export.toml")
    [problem] = e.value.problems
    assert f"{problem.path}:{problem.line}:{problem.col}" == _where(project, "heading_font")
    assert problem.message == ("heading_font 'Church.ttf' cannot be used: its bold face 'Church-Bold.ttf' "
                               "(next to it): the file is empty; replace 'Church-Bold.ttf' with a working copy, "
                               "or move it away")


def test_font_and_template_checked_in_audience_tables_too(project):
    (project / "Broken.ttf").write_bytes(b"PK\x03\x04" + bytes(60))
    (project / "outline-export.toml").write_text(SETTINGS.replace(
        'font_size = 16\n', 'font_size = 16\nbody_font = "Broken.ttf"\ndocx_template = "logo.png"\n'), encoding="utf-8")
    with pytest.raises(OutlineError) as e:
        load_settings(project / "outline-export.toml")
    assert [f"{p.path}:{p.line}:{p.col}: {p.message.split(' ', 1)[0]}" for p in e.value.problems] == [
        f"{_where(project, 'body_font')}: body_font", f"{_where(project, 'docx_template')}: docx_template:"]
    assert "not a TrueType or OpenType font (it starts with b'PK\\x03\\x04')" in e.value.problems[0].message
    assert "should be a .docx or .dotx file" in e.value.problems[1].message


@pytest.mark.parametrize("case, reason", [
    ("no styles", "lacks word/styles.xml"),
    ("no document", "lacks word/document.xml"),
    ("bad xml", "has a damaged word/styles.xml (not well-formed XML: "),
    ("macro", "is a macro-enabled Word file (.docm or .dotm)"),
    ("old word", "is an old Word file (.doc) or a password-protected one"),
    ("empty", "is not a Word file (not a zip archive)"),
])
def test_docx_template_problems(project, case, reason):
    import zipfile

    good = _template(project / "good.docx")
    bad = project / "church.docx"
    if case == "no styles":
        _without(good, bad, "word/styles.xml")
    elif case == "no document":
        _without(good, bad, "word/document.xml")
    elif case in ("bad xml", "macro"):
        with zipfile.ZipFile(good) as z:
            items = {n: z.read(n) for n in z.namelist()}
        if case == "bad xml":
            items["word/styles.xml"] = items["word/styles.xml"][:-20]
        else:
            items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml")
        with zipfile.ZipFile(bad, "w") as z:
            for n, b in items.items():
                z.writestr(n, b)
    elif case == "old word":
        bad.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    else:
        bad.write_bytes(b"")
    _settings_with(project, 'docx_template = "church.docx"\n')
    with pytest.raises(OutlineError) as e:
        load_settings(project / "outline-export.toml")
    [problem] = e.value.problems
    assert problem.message.startswith(f"docx_template 'church.docx' {reason}"), problem.message
    assert "\n" not in problem.message
    assert problem.message.endswith("; open it in Word and save it again as .docx or .dotx")


def test_good_docx_and_dotx_templates_load(project):
    import zipfile

    good = _template(project / "church.docx")
    with zipfile.ZipFile(good) as z:
        items = {n: z.read(n) for n in z.namelist()}
    items["[Content_Types].xml"] = items["[Content_Types].xml"].replace(b"document.main+xml", b"template.main+xml")
    with zipfile.ZipFile(project / "church.dotx", "w") as z:
        for n, b in items.items():
            z.writestr(n, b)
    for name in ("church.docx", "church.dotx"):
        _settings_with(project, f'docx_template = "{name}"\n')
        assert load_settings(project / "outline-export.toml").look.docx_template == str(project / name)


def test_set_overrides_go_through_the_same_checks(project):
    (project / "Broken.ttf").write_bytes((FONTS / "DejaVuSans.ttf").read_bytes()[:2000])
    (project / "church.docx").write_bytes(b"not a zip")
    result = run(project, "render", "outlines/gap.yaml", "--set", "theme.body_font=Broken.ttf",
                 "--set", "theme.docx_template=church.docx")
    assert result.returncode == 2, result.stderr  # a bad option, as other --set problems
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "--set: body_font 'Broken.ttf' cannot be used: truncated: the 'GPOS' table runs past the end of the file; "
        "give a TrueType (.ttf) font file",
        "--set: docx_template 'church.docx' is not a Word file (not a zip archive); "
        "open it in Word and save it again as .docx or .dotx",
    ]
    assert not (project / "output").exists()
