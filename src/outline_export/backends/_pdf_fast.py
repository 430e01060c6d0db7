"""The PDF writer's speed tricks, each with the plain way beside it.

Each trick reaches into reportlab's internals, so each is measured (``benchmarks/bench_render.py
--tricks``, figures in docs/performance.md) and can be switched off: ``OUTLINE_EXPORT_PLAIN`` names
the tricks to leave out (``fragments,tail,labels``, or ``all``), and the plain way is used.

- ``fragments``: a paragraph's fragments built directly from its pieces, instead of writing
  reportlab markup and having reportlab's parser read it back (the parser costs more than the
  layout). Plain: ``Paragraph(inline_markup(pieces), style)``.
- ``tail``: text followed by words differing only in colour (a point's muted reference) laid out
  as one fragment, its last words coloured between two text operators; two fragments send
  reportlab down a path about 2.4 times slower. Plain: two fragments.
- ``labels``: a list label's text object made once per label and font and its code reused on
  every item, instead of ``drawString`` each time.
"""

from __future__ import annotations

from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.lib.abag import ABag
from reportlab.platypus.paraparser import ParaFrag

from outline_export import plain
from outline_export.backends._pdf_flow import ListParagraph
from outline_export.backends._pdf_form import CALLBACK
from outline_export.backends._pdf_inline import BASE, Look, is_mark, inline_markup, tag
from outline_export.backends._pdf_text import bidi_class, needs_bidi

TRICKS = ("fragments", "tail", "labels")
NBSP = "\u00a0"


def enabled() -> frozenset[str]:
    """The tricks in use (all, less those OUTLINE_EXPORT_PLAIN names)."""
    return frozenset(t for t in TRICKS if not plain(t))


def paragraph(cls, segments, ps: ParagraphStyle, tricks: frozenset[str], protos: dict) -> RLParagraph:
    """A ``cls`` paragraph of (text, look) pieces; ``protos`` caches fragment fields for ``ps``.
    Right-to-left letters make it a ``_pdf_text.BidiLines`` paragraph (each line reordered as drawn)."""
    if any(needs_bidi(piece) for piece, _ in segments):
        cls = bidi_class(cls)
    if "fragments" in tricks:
        return make_paragraph(cls, segments, ps, protos, "tail" in tricks)
    markup = inline_markup(segments)
    return cls(markup if markup.strip() else NBSP, ps)


_SEPARATORS = ("\x00", "\ufdd0", "\ufdd1", "\ufdd2")  # never in text, not whitespace to reportlab


def _proto(ps: ParagraphStyle, look: Look, protos: dict) -> dict:
    """The fields reportlab's parser gives a fragment of ``look`` in a paragraph of style ``ps``
    (parsed once per style and look; ``protos`` is kept beside the style)."""
    fields = protos.get(look)
    if fields is None:
        start, end = tag(look)
        (frag,) = RLParagraph(f"{start}X{end}", ps).frags
        fields = protos[look] = {k: v for k, v in frag.__dict__.items() if k != "text"}
    return fields


def merge_segments(segments) -> tuple[list[str], list]:
    """(texts, looks) of (text, look) pieces, empty pieces left out and neighbours of one look joined."""
    texts: list[str] = []
    looks: list = []
    for piece, look in segments:
        if not piece and not is_mark(look):  # a fillable blank's mark is empty and kept
            continue
        if looks and looks[-1] == look:
            texts[-1] += piece
        else:
            texts.append(piece)
            looks.append(look)
    return texts, looks


def make_paragraph(cls, segments, ps: ParagraphStyle, protos: dict, tail: bool = True) -> RLParagraph:
    """A ``cls`` Paragraph of (text, look) pieces, with the fragments reportlab's parser would make
    from their markup (the same whitespace cleaning, fonts and colours) built directly: parsing the
    markup of every paragraph costs more than laying it out."""
    texts, looks = merge_segments(segments)
    frags = []
    plain = ""
    if texts:
        sep = next((c for c in _SEPARATORS if not any(c in t for t in texts)), None)
        if sep is None:
            return cls(inline_markup(segments), ps)
        # Clean the text as reportlab cleans markup (collapse white space, strip the ends); a
        # separator stands where the tags would be, so spaces around them stay as they would.
        chunks = cleanBlockQuotedText(sep.join(texts)).split(sep)
        link: list = []
        us_lines: list = []
        used: list[Look] = []
        for chunk, look in zip(chunks, looks):
            if is_mark(look):  # a zero-width onDraw fragment, as the parser makes of <onDraw/>
                f = ParaFrag()
                f.__dict__.update(_proto(ps, BASE, protos))
                f.link, f.us_lines, f.text = link, us_lines, ""
                f.cbDefn = ABag(kind="onDraw", name=CALLBACK, label=look[1])
                frags.append(f)
                used.append(look)
                continue
            if not chunk:
                continue
            f = ParaFrag()
            f.__dict__.update(_proto(ps, look, protos))
            f.link, f.us_lines, f.text = link, us_lines, chunk
            frags.append(f)
            used.append(look)
        plain = "".join(chunks)
        if tail and len(frags) == 2 and issubclass(cls, TailListParagraph) and _colour_tail_ok(frags, used, ps):
            # Text, then words differing only in colour (a list item's muted reference): one
            # fragment, laid out on reportlab's fast single-fragment path, its last words drawn
            # in the other colour (see TailListParagraph). Two fragments would take the general
            # path, which lays out and draws such a paragraph at well over twice the cost.
            head, tail = frags
            head.text = plain
            p = cls(plain, ps, frags=[head])
            p._tail = (len(tail.text) - tail.text.count(" "), tail.textColor)
            return p
    if not frags:
        return cls(NBSP, ps)
    return cls(plain, ps, frags=frags)


def _colour_tail_ok(frags, looks, ps) -> bool:
    """True if the second of two fragments differs from the first only in colour, starts a new
    word, and nothing sends reportlab off its single-fragment path."""
    if any(is_mark(look) for look in looks):  # a fillable blank's mark (a zero-width callback)
        return False
    (face0, _, back0, size0), (face1, _, back1, size1) = looks
    head, tail = frags[0].text, frags[1].text
    return (face0 == face1 and size0 == size1 and back0 is None and back1 is None
            and (head[-1] == " " or tail[0] == " ") and "\u200b" not in head + tail
            and not needs_bidi(head + tail)  # the colour switch counts characters in logical order
            and not ps.endDots and not ps.shaping)



class _TailText(PDFTextObject):
    """A paragraph's text object that switches to ``colour`` after ``before`` characters (spaces
    not counted).

    reportlab's single-fragment path draws each line with one ``_textOut`` of its words joined by
    spaces; the switch happens between two Tj operators of one text object, so every glyph stays
    exactly where it was. Counting characters, not words, keeps the switch in place even where
    reportlab breaks a word too long for a line in two."""

    def __init__(self, canvas, x, y, before: int, colour):
        super().__init__(canvas, x, y)
        self._oe_before = before
        self._oe_colour = colour

    def _textOut(self, text, TStar=0):
        before = self._oe_before
        if before is not None:
            n = len(text) - text.count(" ")
            if before >= n and before:
                self._oe_before = before - n
            else:
                if before > 0:
                    cut = 0
                    while before:
                        if text[cut] != " ":
                            before -= 1
                        cut += 1
                    while text[cut] == " ":  # the space before the tail keeps the text's colour
                        cut += 1
                    super()._textOut(text[:cut])
                    text = text[cut:]
                self.setFillColor(self._oe_colour)
                self._oe_before = None
        super()._textOut(text, TStar)



class TailListParagraph(ListParagraph):
    """A list item that may draw its last words in another colour (the ``tail`` trick) and
    draws its label from a text object made once per canvas (the ``labels`` trick)."""

    _tail: tuple[int, object] | None = None  # (n, colour): the last n characters (not counting
    # spaces) are drawn in colour
    _fast_labels = True

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if len(parts) == 2 and self._tail is not None:
            n, colour = self._tail
            second = sum(len(w) for w in parts[1].frags[0].words)
            parts[1]._tail = (min(n, second), colour)
            parts[0]._tail = (n - second, colour) if n > second else None
        return parts

    def beginText(self, x, y):
        if self._tail is None:
            return self.canv.beginText(x, y)
        bl = self.blPara
        if bl.kind != 0:  # cannot happen for a one-fragment paragraph of our styles
            raise AssertionError("a paragraph with a coloured tail left the single-fragment path")
        n, colour = self._tail
        chars = sum(len(w) for line in bl.lines for w in line[1])
        return _TailText(self.canv, x, y, max(0, chars - n), colour)

    def draw_label(self, label: str, x: float, y: float) -> None:
        if not self._fast_labels:
            return super().draw_label(label, x, y)
        c = self.canv
        st = self.style
        labels = c.__dict__.get("_oe_labels")
        if labels is None:
            labels = c._oe_labels = {}
        font = self._label_font or st.fontName
        key = (label, font, st.fontSize, st.textColor)
        code = labels.get(key)
        if code is None:
            # the label's text object, made once per canvas (its font subsets are the document's)
            t = c.beginText(0, 0)
            t.setFont(font, st.fontSize)
            t.setFillColor(st.textColor)
            t.textOut(label)
            code = labels[key] = t.getCode()
        c._code.append(f"q\n{fp_str(1, 0, 0, 1, x, y)} cm\n{code}\nQ")


class PlainLabelListParagraph(TailListParagraph):
    _fast_labels = False


def list_paragraph_class(tricks: frozenset[str]):
    """The list-item class for these tricks."""
    if "labels" in tricks:
        return TailListParagraph
    return PlainLabelListParagraph if "tail" in tricks else ListParagraph
