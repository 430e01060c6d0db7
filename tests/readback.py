"""Reading written documents back the way a reader (or a screen reader) gets them."""

from __future__ import annotations

import re
from pathlib import Path

from outline_export.model import Blank, Emphasis, Inline, Strong, Text, Var

_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace folded, non-breaking spaces as spaces, word joiners (invisible) gone."""
    return _WS.sub(" ", text.replace("\xa0", " ").replace("\u2060", "")).strip()


def docx_paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) for every body paragraph, tables included, in order."""
    import docx

    document = docx.Document(str(path))
    out = []
    for block in document.element.body.iter():
        if block.tag.endswith("}p"):
            from docx.text.paragraph import Paragraph

            p = Paragraph(block, document)
            out.append((p.style.name if p.style is not None else "", p.text))
    return out


def docx_text(path: Path) -> str:
    return norm(" ".join(t for _, t in docx_paragraphs(path)))


_FOOTER = re.compile(r"\s*Page \d+ of \d+\s*$")


def pdf_text(path: Path) -> str:
    """The text of every page in reading order, without the page footers (so a paragraph that
    runs over a page break reads as one)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return norm(" ".join(_FOOTER.sub("", page.extract_text() or "") for page in pdf.pages))


def pdf_pages(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [norm(page.extract_text() or "") for page in pdf.pages]


def segments(spans: Inline, answers: bool) -> list[str]:
    """The words of ``spans`` as the pieces a reader sees in one run, split where blanks are.

    With ``answers``, each blank's answer is a piece of its own (speaker notes show it in place)."""
    out: list[str] = [""]

    def walk(ss):
        for s in ss:
            if isinstance(s, Text):
                out[-1] += s.text
            elif isinstance(s, (Strong, Emphasis)):
                walk(s.children)
            elif isinstance(s, Blank):
                out.append("")
                if answers and s.answer:
                    out[-1] = s.answer
                    out.append("")
            elif isinstance(s, Var):
                out.append("")

    walk(spans)
    return [norm(x) for x in out if norm(x)]


def find_in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found in ``haystack`` in the given order (empty list: all found)."""
    missing = []
    pos = 0
    for n in needles:
        i = haystack.find(n, pos)
        if i < 0:
            missing.append(n)
        else:
            pos = i + len(n)
    return missing
