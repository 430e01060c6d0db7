"""Inline runs for the PDF writer: (text, look) pieces, and the one place text becomes markup.

A look is how a piece differs from its paragraph's style: (face, color, backColor, size), each
None where the paragraph's own applies. Run roles (a reference, a credit, a blank's number) get
their look from the theme's ``roles``. Characters the style's face lacks (Hebrew in DejaVu Serif,
Hangul) are drawn in the first family of the theme's fallback chain that has them. Pieces stay in
logical order: right-to-left text is put in display order line by line when it is drawn
(``_pdf_text.BidiLines``).
"""

from __future__ import annotations

from dataclasses import dataclass

from outline_export.backends._pdf_fonts import FontSet
from outline_export.backends._pdf_form import CALLBACK
from outline_export.backends._pdf_text import split_by_coverage
from outline_export.backends.base import UnknownNode
from outline_export.document import Answer, BlankLine, Run

Look = tuple
BASE: Look = (None, None, None, None)


def field_mark(width: float) -> Look:
    """A fillable PDF's blank is its underscores followed by this zero-width mark (_pdf_form): a
    look of two items, the second the line's width in points, passed to the onDraw callback."""
    return ("field", f"{width:.3f}")


def is_mark(look: Look) -> bool:
    return len(look) == 2


@dataclass(frozen=True, eq=False)
class InlineStyle:
    """What ``inline_segments`` needs to know about the paragraph its runs go into."""

    fonts: FontSet
    theme: object  # theme.Theme: the looks of run roles
    family: str
    bold: bool
    italic: bool
    size: float
    base_face: str  # the paragraph's own font: runs in it need no change of face
    answer_fill: str
    underscore: float  # width of "_" in the base face at this size
    protos: dict  # reportlab fragment fields per look, for paragraphs of this style (_pdf_fast)
    fillable: bool = False  # blanks get the marks a form field is placed by (_pdf_form)


def tag(look: Look) -> tuple[str, str]:
    """A look spelt as reportlab markup."""
    face, color, back, size = look
    attrs = "".join(f' {k}="{v}"' for k, v in (("face", face), ("color", color), ("backColor", back),
                                               ("size", size)) if v is not None)
    return (f"<font{attrs}>", "</font>") if attrs else ("", "")


def inline_segments(runs, st: InlineStyle) -> list[tuple[str, Look]]:
    """(literal text, look) pieces for a tuple of inline runs, in the order drawn."""
    fonts = st.fonts
    out: list[tuple[str, Look]] = []
    add = out.append

    def text(s: str, family: str, bold: bool, italic: bool, color=None, back=None, size=None) -> None:
        face = fonts.face(family, bold, italic)
        if s.isascii() or fonts.covers(face, s):
            pieces = ((s, face),)  # no coverage work for text the face draws as it is
        else:
            pieces = split_by_coverage(s, face, fonts.fallback_faces(family, bold, italic), fonts)
        for piece, f in pieces:
            add((piece, (None if f == st.base_face else f, color, back, size)))

    for r in runs:
        kind = type(r)
        if kind is Run:
            if not r.text:
                continue
            bold, italic = st.bold or r.bold, st.italic or r.italic
            if r.role is None:
                text(r.text, st.family, bold, italic)
                continue
            role = st.theme.role(r.role)
            size = round(st.size * role.scale, 3) if role.scale is not None else None
            family = role.font or st.family
            bold, italic = bold if role.bold is None else role.bold, italic if role.italic is None else role.italic
            if role.small_caps:  # LORD: "L" at the size, "ORD" smaller
                small = round((size or st.size) * role.small_caps, 3)
                for piece, is_small in role.pieces(r.text):
                    text(piece, family, bold, italic, role.color, None, small if is_small else size)
                continue
            text(r.text, family, bold, italic, role.color, None, size)
        elif kind is BlankLine:
            # underscore glyphs in the paragraph's own font (0.5 em each, joined into one line):
            # no change of look, so reportlab keeps the paragraph on its single-fragment path
            n = max(2, round(r.width * st.size / st.underscore))
            add(("_" * n, BASE))
            if st.fillable:  # the mark after the line, no space between: one word, never broken
                add(("", field_mark(n * st.underscore)))
        elif kind is Answer:
            text(r.text, st.family, True, st.italic, None, st.answer_fill)
        else:
            raise UnknownNode(f"the pdf writer cannot draw a {kind.__name__} inline run")
    return out


def inline_markup(segments) -> str:
    """reportlab Paragraph markup for (text, look) pieces; the only place text is escaped."""
    out = []
    for piece, look in segments:
        if is_mark(look):
            out.append(f'<onDraw name="{CALLBACK}" label="{look[1]}"/>')
            continue
        piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        start, end = tag(look)
        out.append(f"{start}{piece}{end}")
    return "".join(out)
