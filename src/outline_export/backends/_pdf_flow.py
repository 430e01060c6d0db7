"""Flowables and the canvas the PDF writer builds pages with (plain reportlab, no tricks).

- ``ListParagraph``: a list item, its label hanging in the gutter left of its text.
- ``WritingLinesFlowable``: ruled lines to write on; ``BoxedParagraph``: a speaker note's box.
- ``KeepWithNext``: a heading (or a title block, a timing line) and the first lines of what follows
  start a new page together.
- ``_Canvas``: page footers that know the page count, fixed dates, a document ID from content.
"""

from __future__ import annotations

import functools
import hashlib
import time

from reportlab import rl_config
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from outline_export.backends._pdf_form import add_field


class ListParagraph(RLParagraph):
    """A list item: the label hangs in the gutter left of the text (at ``bulletIndent``), on the
    first line's baseline."""

    _label: str | None = None

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if parts:
            parts[0]._label = self._label
            parts[0]._label_font = self._label_font
        return parts

    def draw(self):
        super().draw()
        label = self._label
        if not label:
            return
        bl = self.blPara
        lines = getattr(bl, "lines", None)
        if not lines:
            return
        f = bl if bl.kind == 0 else lines[0]
        # the first baseline, worked out as Paragraph.drawPara does
        drop = f.fontSize if rl_config.paraFontSizeHeightOffset else getattr(f, "ascent", f.fontSize)
        self.draw_label(label, self.style.bulletIndent, self.height - drop)

    _label_font: str | None = None  # a face that has the label's characters, if the style's lacks them

    def draw_label(self, label: str, x: float, y: float) -> None:
        c = self.canv
        st = self.style
        c.saveState()
        c.setFont(self._label_font or st.fontName, st.fontSize)
        c.setFillColor(st.textColor)
        c.drawString(x, y, label)
        c.restoreState()


class WritingLinesFlowable(Flowable):
    """``count`` ruled lines ``gap`` apart, from ``indent`` to the right edge; splits by line."""

    def __init__(self, count: int, gap: float, indent: float, color, line_width: float,
                 space_after: float = 0, field: str | None = None, field_style=None):
        super().__init__()
        self.count, self.gap, self.indent = count, gap, indent
        self.color, self.line_width = color, line_width
        self.spaceAfter = space_after
        self.field, self.field_style = field, field_style  # a fillable PDF's multi-line field over the lines

    def wrap(self, aw, ah):
        self.width = aw
        return aw, self.count * self.gap

    def split(self, aw, ah):
        frame = self._doctemplateAttr("frame")
        if frame is not None and not getattr(frame, "_atTop", 0):
            return []  # start on a fresh page rather than split the set
        n = int(ah // self.gap)
        if n <= 0 or n >= self.count:
            return []
        make = functools.partial(WritingLinesFlowable, gap=self.gap, indent=self.indent,
                                 color=self.color, line_width=self.line_width, field_style=self.field_style)
        rest = f"{self.field}-more" if self.field else None  # the lines go on over the page: a field there too
        return [make(n, field=self.field), make(self.count - n, space_after=self.spaceAfter, field=rest)]

    def draw(self):
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line_width)
        h = self.count * self.gap
        for k in range(1, self.count + 1):
            y = h - k * self.gap + 1
            c.line(self.indent, y, self.width, y)
        if self.field:
            size, color = self.field_style
            x, y = c.absolutePosition(self.indent, 0)
            # the top lets the first typed line sit on the first rule (not in the space above it)
            top = min(h, h - self.gap + 1 + 1.1 * size + 4)
            add_field(c, self.field, x, y, self.width - self.indent, top, size, color, multiline=True)


class BoxedParagraph(RLParagraph):
    """A paragraph whose shaded box (``borderPadding``) is counted in its height, so the box never
    pokes out of the frame, even at the top of a page where the space before is dropped."""

    def _pads(self):
        top, _, bottom, _ = normalizeTRBL(self.style.borderPadding)
        return top, bottom

    def wrap(self, aw, ah):
        top, bottom = self._pads()
        w, h = super().wrap(aw, ah - top - bottom)
        return w, h + top + bottom

    def split(self, aw, ah):
        top, bottom = self._pads()
        return super().split(aw, ah - top - bottom)

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y + self._pads()[1], _sW)



def _whole_height(f, aw, ah) -> float:
    if isinstance(f, KeepTogether):
        return sum(_whole_height(part, aw, ah) for part in f._content)
    _, h = f.wrap(aw, ah)
    return f.getSpaceBefore() + h + f.getSpaceAfter()


def _first_lines_height(f, aw, ah, lines=2) -> float:
    """How much of flowable ``f`` must share a page with a heading kept with it."""
    if isinstance(f, KeepTogether):  # moves as one block (a quotation and its credit): all of it
        total = _whole_height(f, aw, ah)
        frame = f._doctemplateAttr("frame")  # a block taller than a page flows on: its first lines
        if frame is not None and total > frame._height and f._content:
            return _first_lines_height(f._content[0], aw, ah, lines)
        return total
    if isinstance(f, (RLPageBreak, Spacer)):
        return 0
    _, h = f.wrap(aw, ah)
    before = f.getSpaceBefore()
    if isinstance(f, RLParagraph):
        leading = f.style.leading
        return before + min(h, lines * leading)
    if isinstance(f, WritingLinesFlowable):
        return before + h  # the lines go with the question above them
    if isinstance(f, Table):
        return before + (f._rowHeights[0] if getattr(f, "_rowHeights", None) else h)
    return before + h


class KeepWithNext(CondPageBreak):
    """Starts a new page unless ``group`` (a heading, a title block) and the first lines of what
    follows fit in the space left. ``tail`` is the next one or two flowables: when the first is a
    one-line paragraph, the first line of the second must fit too. Zero height itself."""

    def __init__(self, group, tail):
        super().__init__(0)
        self.group, self.tail = group, tail

    def __repr__(self):
        return f"KeepWithNext({len(self.group)} flowables)"

    def wrap(self, aw, ah):
        frame = self._doctemplateAttr("frame")
        if frame is None or getattr(frame, "_atTop", 0):
            return 0, 0
        need = 0.0
        for f in self.group:
            need += _whole_height(f, aw, ah)
        if self.tail:
            first = self.tail[0]
            need += _first_lines_height(first, aw, ah)
            if len(self.tail) > 1 and isinstance(first, RLParagraph):
                _, full = first.wrap(aw, ah)
                if full <= first.style.leading * 1.5:  # one line only: a line of what follows too
                    need += first.getSpaceAfter() + _first_lines_height(self.tail[1], aw, ah, lines=1)
        if need > ah:
            from reportlab.platypus.doctemplate import FrameBreak

            frame.add_generated_content(FrameBreak)
        return 0, 0


# ---------------------------------------------------------------- canvas: footer, dates, ID

class _FixedTimeStamp(TimeStamp):
    """reportlab's TimeStamp, fixed at ``seconds`` (UTC) whatever the clock or environment says."""

    def __init__(self, seconds: int):  # no super().__init__: it reads the clock and environment
        lt = time.gmtime(seconds)
        self.t = seconds
        self.lt = lt
        self.YMDhms = tuple(lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


class _Canvas(Canvas):
    """Defers each page until the end so the footer can say how many pages there are; dates the
    file ``created`` and derives the document ID from ``digest`` (the document's content)."""

    def __init__(self, *args, footer=None, created: int = 0, digest: bytes = b"", callbacks=None, **kw):
        super().__init__(*args, **kw)
        for name, function in (callbacks or {}).items():  # onDraw callbacks (a fillable PDF's blanks)
            self.setNamedCB(name, function)
        self._oe_footer = footer
        self._oe_pages: list[dict] = []
        doc = self._doc
        doc._timeStamp = _FixedTimeStamp(int(created))
        sig = hashlib.md5(usedforsecurity=False)
        sig.update(b"outline-export pdf\0")
        sig.update(str(int(created)).encode("ascii") + b"\0")
        sig.update(digest)
        doc.signature = sig

    def showPage(self):
        self._oe_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._oe_pages)
        for state in self._oe_pages:
            self.__dict__.update(state)
            if self._oe_footer is not None:
                self._oe_footer(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)
