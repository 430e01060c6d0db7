"""Very long paragraphs, laid out in pieces so the time grows with the length, not its square.

reportlab lays a paragraph out in one go, taking words off the front of a list one at a time, and
at every page break lays out the whole rest of it again: one 400 KB paragraph took 81 s, 1.6 MB
27 minutes (docs/performance.md). ``pieces`` cuts a paragraph longer than ``LONG`` characters into consecutive
paragraphs of about ``CHUNK`` characters that read as one:

- each cut falls where a line ends: a piece is laid out at the frame's width, all its lines but
  the last are kept, and the last line's text starts the next piece, so every line is as full
  as it would have been (and a justified line stays justified);
- the pieces share the style; only the first has the space before (and a list item's label),
  only the last the space after; a note's box runs on across them (``BoxPiece``).

The render tree, and so the Word and Markdown files, keep the paragraph whole: only the PDF's
layout is cut.
"""

from __future__ import annotations

import re

from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText

from outline_export.backends._pdf_flow import BoxedParagraph
from outline_export.backends._pdf_fast import merge_segments
from outline_export.backends._pdf_inline import is_mark

LONG = 6000  # a paragraph with more characters than this is laid out in pieces
CHUNK = 2500  # about this many characters a piece (a letter page holds about 3000)

# what reportlab counts as white space between words (reportlab.platypus.paragraph._wsc)
_WS = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
_INK = re.compile(f"[^{_WS}]")
_SEPARATORS = ("\x00", "\ufdd0", "\ufdd1", "\ufdd2")


def _ink(text: str) -> str:
    """``text`` without its white space: what must match, character for character, when a line's
    text is compared with the text it was made from."""
    return "".join(_INK.findall(text))


def _clean(segments) -> tuple[str, list[tuple[int, object]]] | None:
    """The paragraph's text with white space cleaned as reportlab cleans it, and where each look
    starts in it: (text, [(start, look), ...]). None if no separator is free."""
    texts, looks = merge_segments(segments)
    sep = next((c for c in _SEPARATORS if not any(c in t for t in texts)), None)
    if sep is None:
        return None
    parts = cleanBlockQuotedText(sep.join(texts)).split(sep)
    starts: list[tuple[int, object]] = []
    at = 0
    for part, look in zip(parts, looks):
        if part or is_mark(look):  # a fillable blank's mark: empty, kept where it stands
            starts.append((at, look))
            at += len(part)
    return "".join(parts), starts


def _segments(text: str, starts, a: int, b: int) -> list[tuple[str, object]]:
    """The (text, look) pieces of characters ``a`` to ``b``."""
    out = []
    for k, (s, look) in enumerate(starts):
        if is_mark(look):  # it follows its blank's line: it goes with the piece that ends the line
            if a < s <= b:
                out.append(("", look))
            continue
        e = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        lo, hi = max(s, a), min(e, b)
        if lo < hi:
            out.append((text[lo:hi], look))
    return out


def _cut(text: str, a: int) -> int:
    """Where the piece starting at ``a`` ends: at a space about ``CHUNK`` characters on, else
    (one very long word) ``CHUNK`` characters on."""
    if len(text) - a <= CHUNK * 3 // 2:
        return len(text)
    at = text.rfind(" ", a + CHUNK // 2, a + CHUNK)
    if at < 0:
        at = text.find(" ", a + CHUNK, a + 2 * CHUNK)
    return at + 1 if at >= 0 else a + CHUNK


def _last_line_ink(p) -> str | None:
    """The characters (no white space) of the last line ``p`` was laid out in."""
    bl = p.blPara
    if not bl.lines:
        return None
    line = bl.lines[-1]
    if bl.kind == 0:
        return _ink("".join(line[1]))
    words = getattr(line, "words", None)
    if words is None:
        return None
    return _ink("".join(getattr(w, "text", "") for w in words))


def _carry_from(text: str, a: int, b: int, ink: str) -> int | None:
    """Where the last line's text starts in ``text[a:b]`` (its characters are ``ink``), or None if
    the end of ``text[a:b]`` is not that text."""
    k, i = len(ink), b
    while k and i > a:
        i -= 1
        if _INK.match(text[i]):
            k -= 1
    if k or _ink(text[i:b]) != ink:
        return None
    return i


def pieces(make, segments, ps: ParagraphStyle, width: float) -> list | None:
    """The paragraph of (text, look) ``segments`` in style ``ps`` as consecutive paragraphs made
    by ``make(segments, style)``, cut where lines end when laid out ``width`` wide; None when it is
    short enough to lay out in one piece."""
    if sum(len(t) for t, _ in segments) <= LONG:
        return None
    cleaned = _clean(segments)
    if cleaned is None or len(cleaned[0]) <= LONG:
        return None
    text, starts = cleaned
    styles = {}

    def style(first: bool, last: bool, full: bool = True) -> ParagraphStyle:
        """The style of a piece; ``full``: its last line is a full line of the paragraph."""
        key = (first, last, full)
        if key not in styles:
            kw = {}
            if not first:  # its first line is no paragraph's first line: one may end a page
                kw.update(spaceBefore=0, firstLineIndent=0, allowOrphans=1)
            if not last:
                kw["spaceAfter"] = 0
                if full:  # justified text: justify the piece's last line as well
                    kw["justifyLastLine"] = 1
            styles[key] = ParagraphStyle(f"{ps.name}:{int(first)}{int(last)}{int(full)}", parent=ps, **kw)
        return styles[key]

    out = []
    a = scan = 0  # the next piece starts at a; its end is looked for from scan on
    while a < len(text):
        b = _cut(text, scan)
        scan = b
        first, last = not out, b >= len(text)
        p = make(_segments(text, starts, a, b), style(first, last))
        if isinstance(p, BoxedParagraph):
            p.__class__ = BoxPiece
            p._top, p._bottom = first, last
        if last:
            out.append(p)
            break
        p.wrap(width, 1e9)
        lines = len(p.blPara.lines)
        ink = _last_line_ink(p) if lines > 1 else None
        start = _carry_from(text, a, b, ink) if ink else None
        full = True
        if lines <= 1:
            start = a  # all of it goes on with the next piece (which ends further on)
        elif start is None or start <= a:
            start, full = b, False  # the line ends cannot be matched: cut here (a short last line)
        if start > a:
            p = make(_segments(text, starts, a, start), style(first, False, full))
            if isinstance(p, BoxedParagraph):
                p.__class__ = BoxPiece
                p._top, p._bottom = first, False
            out.append(p)
            a = start
            while a < len(text) and text[a] == " ":
                a += 1
            scan = a
    return out


class BoxPiece(BoxedParagraph):
    """A piece of a long speaker note: the box is open where the note goes on in the next piece
    (or came from the previous one), and closed where a page cuts it."""

    _top = _bottom = True  # the box's top (bottom) edge and padding are drawn

    def _full(self):
        top, _, bottom, _ = normalizeTRBL(self.style.borderPadding)
        return top, bottom

    def _pads(self):
        top, bottom = self._full()
        return (top if self._top else 0), (bottom if self._bottom else 0)

    def split(self, aw, ah):
        top = self._pads()[0]
        parts = super(BoxedParagraph, self).split(aw, ah - top - self._full()[1])
        if len(parts) == 2:  # a page cuts the piece: the box closes at the page's edges
            parts[0]._top, parts[0]._bottom = self._top, True
            parts[1]._top, parts[1]._bottom = True, self._bottom
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        # where a page starts or ends at a seam, close the box there too: a piece at the top of a
        # frame; a piece after which too little room is left for a line of the next
        frame = getattr(self, "_frame", None)
        self._edges = (self._top, self._bottom, 0.0)
        if frame is not None:
            room = y - frame._y1p
            full = self._full()[1]
            closes = not self._bottom and (room - full) < self.style.leading
            self._edges = (self._top or bool(frame._atTop), self._bottom or closes,
                           min(full, max(room, 0.0)) if closes else 0.0)
        super().drawOn(canvas, x, y, _sW)

    def draw(self):
        st = self.style
        top, right, bottom, left = normalizeTRBL(st.borderPadding)
        pad_top, pad_bottom = self._pads()
        closed_top, closed_bottom, below = getattr(self, "_edges", (self._top, self._bottom, 0.0))
        c = self.canv
        x0, x1 = st.leftIndent - left, self.width - st.rightIndent + right
        y0, y1 = -pad_bottom - below, self.height + pad_top
        c.saveState()
        if st.backColor:
            c.setFillColor(st.backColor)
            c.rect(x0, y0, x1 - x0, y1 - y0, fill=1, stroke=0)
        if st.borderColor and st.borderWidth:
            c.setStrokeColor(st.borderColor)
            c.setLineWidth(st.borderWidth)
            edges = [(x0, y0, x0, y1), (x1, y0, x1, y1)]
            if closed_top:
                edges.append((x0, y1, x1, y1))
            if closed_bottom:
                edges.append((x0, y0, x1, y0))
            c.lines(edges)
        c.restoreState()
        self.style = ParagraphStyle(st.name + ":text", parent=st, backColor=None, borderWidth=0)
        try:
            super().draw()
        finally:
            self.style = st
