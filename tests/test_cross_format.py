"""Every writer prints the same document: the PDF we draw and the .docx as LibreOffice prints it
read back as the same words and labels, in the same order (page footers aside).

Needs LibreOffice (`soffice`); CI installs it (.ci/run). Skipped only where soffice is absent.
LibreOffice is given the fonts the .docx names (the theme's, through a fontconfig file of the
test's own): without NanumGothic it fell back to DroidSansFallback, whose Korean pdfminer reads
back as other syllables, and that says nothing about the document.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from conftest import edition
from outline_export import pipeline, views
from outline_export.loader import load_file, load_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def nested(scheme: str | None, depth: int = 12, numbered_sections: bool = False, branch: str | None = None) -> str:
    """An outline nesting ``depth`` levels (two items at every level), in ``scheme``; ``branch``
    sets a different numbering on the first top-level point's children."""
    lines = ["title: Deep Outline", f"numbered_sections: {'true' if numbered_sections else 'false'}",
             "sections:", "  - heading: First Section", "    ref: Exodus 32:7-14"]
    if scheme:
        lines.append(f"    numbering: {scheme}")
    lines.append("    points:")

    def level(n: int, pad: str) -> None:
        for k in (1, 2):
            lines.append(f"{pad}- text: point {n} {'one' if k == 1 else 'two'} with words")
            if k == 1 and n == 1 and branch:
                lines.append(f"{pad}  numbering: {branch}")
            if k == 1 and n < depth:
                lines.append(f"{pad}  points:")
                level(n + 1, pad + "    ")

    level(1, "      ")
    lines += ["  - heading: Second Section", "    points:", "      - text: last point", "        ref: \"Exodus 32:30\""]
    return "\n".join(lines) + "\n"


GENERATED = {
    "outline-12": nested("outline"),
    "decimal-12": nested("decimal"),
    "bullets-12": nested("bullets"),
    "none-12": nested("none"),
    "sections-outline-5": nested("outline", 5, numbered_sections=True),
    "sections-decimal-6": nested("decimal", 6, numbered_sections=True),
    "bullets-beside-outline": nested("outline", 4, branch="bullets"),
    "decimal-under-outline": nested("outline", 4, branch="decimal"),
    "outline-under-bullets": nested("bullets", 4, branch="outline"),
    "mixed": """\
title: Mixed Numbering
sections:
  - heading: One
    points:
      - text: First point
        numbering: bullets
        points: [bullet x, bullet y]
      - text: Second point
        points: [alpha p, alpha q]
      - text: Third point
        numbering: decimal
        points:
          - text: decimal r
            points: [decimal r1]
          - decimal s
      - text: Fourth point
        points: [alpha t, alpha u]
""",
}

def _footer_pattern() -> re.Pattern:
    """"Page 1 of 3" in every language's catalogue ("Página 1 de 3", "3쪽 중 1쪽")."""
    from outline_export.languages import LANGUAGES, catalogue

    forms = []
    for code in LANGUAGES:
        form = re.escape(catalogue(code)["words"]["footer"])
        forms.append(form.replace(r"\{page\}", r"\d+").replace(r"\{pages\}", r"\d+"))
    return re.compile("^(?:" + "|".join(forms) + ")$")


_FOOTER = _footer_pattern()


def words(pdf: Path) -> list[str]:
    """The words and labels of a PDF in reading order, footers and blank lines left out."""
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(str(pdf)) as doc:
        for page in doc.pages:
            lines = (page.extract_text() or "").splitlines()
            if lines and _FOOTER.match(lines[-1].strip()):
                lines = lines[:-1]
            text = unicodedata.normalize("NFKC", " ".join(lines)).replace("\u2060", "")  # word joiners
            text = re.sub(r"[_\u2007\u00a0\s]+", " ", text)  # blanks are lines, not words
            out.extend(text.split())
    return out


@pytest.fixture(scope="module")
def pairs(tmp_path_factory):
    """(name, our PDF, the .docx printed by LibreOffice) for every sample kind and generated outline."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    tmp = tmp_path_factory.mktemp("cross")
    ed = edition()
    jobs = []
    for path in SAMPLES:
        jobs.append((path.stem, pipeline.prepare(load_file(path.relative_to(ROOT)), ed), views.KIND_NAMES))
    for name, text in GENERATED.items():
        jobs.append((name, load_text(text, f"{name}.yaml"), ("handout", "notes")))
    docx = []
    for stem, outline, kinds in jobs:
        pipeline.render_outline(outline, kinds, ("pdf", "docx"), ed.options, tmp)
        docx += [tmp / f"{outline.stem}-{k}.docx" for k in kinds]
    lo = tmp / "lo"
    fonts = Path(views.__file__).parent / "themes" / "default" / "fonts"
    conf = tmp / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{fonts}</dir><cachedir>{tmp / "fc-cache"}</cachedir></fontconfig>', encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp / 'profile'}", "--convert-to", "pdf",
                    "--outdir", str(lo), *map(str, docx)], check=True, capture_output=True, timeout=600, env=env)
    return [(d.stem, d.with_suffix(".pdf"), lo / f"{d.stem}.pdf") for d in docx]


def test_word_and_pdf_print_the_same_words_and_labels(pairs):
    assert len(pairs) == len(SAMPLES) * 3 + len(GENERATED) * 2
    differ = []
    for name, ours, theirs in pairs:
        a, b = words(ours), words(theirs)
        assert len(a) > 20, name  # something was read
        if a != b:
            diff = [line for line in difflib.unified_diff(a, b, "pdf", "docx", n=2, lineterm="")][:20]
            differ.append(f"{name}:\n  " + "\n  ".join(diff))
    assert not differ, "\n".join(differ)


def test_generated_labels_reach_twelve_levels_in_word(pairs):
    """The deepest labels of each scheme are printed by Word's numbering, not only by our PDF."""
    got = {name: words(theirs) for name, _, theirs in pairs}
    outline = got["outline-12-handout"]
    for label in ("I.", "A.", "1.", "a.", "i.", "(1)", "(a)", "(i)", "1)", "a)", "i)", "A)", "II."):
        assert label in outline, label
    assert "1.1.1.1.1.1.1.1.1.1.1.1." in got["decimal-12-handout"]
    assert "(1)" in got["sections-outline-5-handout"]
    mixed = got["mixed-handout"]
    at = {w: i for i, w in reversed(list(enumerate(mixed)))}  # first place of each word
    assert mixed[at["bullet"] - 1] == "•"
    assert mixed[at["alpha"] - 1] == "A." and at["II."] < at["alpha"]  # II's children are A., not bullets
    assert mixed[at["decimal"] - 1] == "1." and "1.1." in mixed
    assert mixed[mixed.index("t") - 2] == "A." if "t" in mixed else mixed[at["IV."] + 4] == "A."
