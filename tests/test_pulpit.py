"""Speaker notes' pulpit option: large type, a wide right margin, a clock after each point, and no
point split across pages; read back from the written PDF and Word files."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import document as d
from outline_export import pipeline, views
from outline_export.cli import main
from outline_export.loader import load_file
from outline_export.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))
# the repository's settings (its variables, church, logo), with a pulpit edition
SETTINGS = (ROOT / "outline-export.toml").read_text(encoding="utf-8") + """
[audiences.pulpit]
label = "Pulpit"
pulpit = true
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "outline-export.toml").write_text(SETTINGS, encoding="utf-8")
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def words(text: str) -> str:
    return " ".join(text.split())


def leaf_points(blocks):
    """(first words, last words) of every list item with no list inside: a point and all it holds."""
    for block, _ in d.walk(blocks):
        if type(block) is d.List:
            for item in block.items:
                if not any(type(b) is d.List for b in item.blocks):
                    texts = [words(d.plain(b.runs)) for b in item.blocks if type(b) in (d.Paragraph, d.Note)]
                    texts = [t for t in texts if t]
                    if texts:
                        yield " ".join(texts[0].split()[:3]), " ".join(texts[-1].split()[-3:])


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_no_point_is_split_across_pages(project, sample):
    import pdfplumber

    r = cli("render", sample, "-a", "pulpit", "-k", "notes", "-f", "pdf", "-o", "out")
    assert r.exit_code == 0, r.output
    with pdfplumber.open(project / "out" / "pulpit" / f"{sample.stem}-notes.pdf") as pdf:
        pages = [words(p.extract_text() or "") for p in pdf.pages]
    edition = pipeline.plan_edition(load_settings(project / "outline-export.toml"), "pulpit", project)
    tree = views.build(pipeline.prepare(load_file(sample), edition), "notes", edition.options)
    checked = 0
    for first, last in leaf_points(tree.blocks):
        on = [i for i, t in enumerate(pages) if first in t]
        if len(on) != 1 or sum(last in t for t in pages) != 1:
            continue  # words said more than once: not a place to check
        assert last in pages[on[0]], f"{sample.stem}: the point '{first} … {last}' runs over page {on[0] + 1}"
        checked += 1
    assert checked >= 3


def test_pdf_type_margin_and_clock(project):
    import pdfplumber

    sample = ROOT / "outlines" / "two-cycles.yaml"
    assert cli("render", sample, "-a", "pulpit", "-o", "out").exit_code == 0
    assert cli("render", sample, "-o", "plain").exit_code == 0
    with pdfplumber.open(project / "out" / "pulpit" / "two-cycles-notes.pdf") as pdf:
        body = [c for p in pdf.pages for c in p.chars if c["fontname"].endswith("DejaVuSerif")]
        right = max(c["x1"] for p in pdf.pages for c in p.chars if c["top"] < p.height - 40)
        text = words(" ".join(p.extract_text() for p in pdf.pages))
        width = pdf.pages[0].width
    sizes = {round(c["size"], 1) for c in body}
    assert max(sizes, key=lambda s: sum(round(c["size"], 1) == s for c in body)) == 16.5
    assert right <= width - 180 + 1  # 2.5 inches left to write in
    assert "14 min · running total 14 of 30:30 min" in text
    clocks = re.findall(r"⟶ (\d+(?::\d\d)?) min", text)
    assert len(clocks) >= 6 and clocks[-1] == "30:30"
    minutes = [int(c.split(":")[0]) + (int(c.split(":")[1]) / 60 if ":" in c else 0) for c in clocks]
    assert minutes == sorted(minutes)
    with pdfplumber.open(project / "plain" / "two-cycles-notes.pdf") as pdf:
        plain = words(" ".join(p.extract_text() for p in pdf.pages))
        assert max(round(c["size"], 1) for c in pdf.pages[1].chars if c["fontname"].endswith("DejaVuSerif")) < 16
    assert "⟶" not in plain
    with pdfplumber.open(project / "out" / "pulpit" / "two-cycles-handout.pdf") as pdf:  # handouts as ever
        assert "⟶" not in pdf.pages[0].extract_text()


def test_word_keeps_each_point_together_with_large_type_and_margin(project):
    sample = ROOT / "outlines" / "two-cycles.yaml"
    assert cli("render", sample, "-a", "pulpit", "-k", "notes", "-f", "docx", "-o", "out").exit_code == 0
    with zipfile.ZipFile(project / "out" / "pulpit" / "two-cycles-notes.docx") as z:
        doc = z.read("word/document.xml").decode("utf-8")
        styles = z.read("word/styles.xml").decode("utf-8")
    assert 'w:right="3600"' in doc  # 180 pt in twentieths of a point
    assert re.search(r'<w:docDefaults>.*?<w:sz w:val="33"/>', styles, re.S)  # 16.5 pt
    paras = re.findall(r"<w:p>.*?</w:p>", doc, re.S)
    points = [p for p in paras if "<w:numPr>" in p and "OutlineLevel" in p]
    assert points and all("<w:keepLines/>" in p for p in points)
    # "God is merciful and … intercession": its paragraphs up to the last keep with the next
    start = next(i for i, p in enumerate(paras) if "God is merciful and" in p)
    end = next(i for i, p in enumerate(paras) if "God had already made" in p)
    assert all("<w:keepNext/>" in p for p in paras[start:end])
    assert "⟶ 6:30 min" in re.sub(r"<[^>]+>", "", doc)


@pytest.mark.parametrize("line, message", [
    ('pulpit = "yes"', f"outline-export.toml:{SETTINGS.splitlines().index('pulpit = true') + 1}:1: "
                       "pulpit must be true or false (no quotes), like pulpit = true"),
    ("pulpit = 1", "pulpit must be true or false"),
])
def test_a_bad_pulpit_value_is_one_line(project, line, message):
    (project / "outline-export.toml").write_text(SETTINGS.replace("pulpit = true", line), encoding="utf-8")
    r = cli("render", ROOT / "outlines" / "two-cycles.yaml", "-a", "pulpit", "-o", "out")
    assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output
    assert not (project / "out").exists()


def test_set_makes_a_pulpit_copy_from_the_command_line(project):
    import pdfplumber

    r = cli("render", ROOT / "outlines" / "moses-plea.yaml", "-k", "notes", "-f", "pdf", "-o", "out",
            "--set", "defaults.pulpit=true")
    assert r.exit_code == 0, r.output
    with pdfplumber.open(project / "out" / "moses-plea-notes.pdf") as pdf:
        assert "⟶" in pdf.pages[-1].extract_text() or any("⟶" in (p.extract_text() or "") for p in pdf.pages)
