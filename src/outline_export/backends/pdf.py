"""The PDF writer: draws a render tree with reportlab's platypus.

- Fonts are the theme's TTF families, embedded and subset; nothing else (not even the canvas's
  initial font) is a base-14 font. Characters a face lacks are drawn in the fallback family.
- Text is literal: ``_pdf_inline`` turns runs into (text, look) pieces; ``inline_markup`` is the
  one place ``&``, ``<`` and ``>`` are escaped. The speed tricks live in ``_pdf_fast``.
- Positions come from ``layout.WriterOptions``: the same margins, gutters and insets as Word.
- Output is reproducible: invariant mode, dates from the document, an ID from its content.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
from functools import lru_cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Image, KeepInFrame, KeepTogether, PageTemplate, Spacer
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus import Paragraph as RLParagraph

from outline_export import assets
from outline_export import document as d
from outline_export import qr
from outline_export.backends import _pdf_fast as fast
from outline_export.backends import _pdf_long
from outline_export.backends._pdf_flow import BoxedParagraph, KeepWithNext, WritingLinesFlowable, _Canvas
from outline_export.backends._pdf_fonts import fonts_for
from outline_export.backends._pdf_form import CALLBACK, FormFields
from outline_export.backends._pdf_inline import InlineStyle, inline_segments
from outline_export.backends.base import Visitor
from outline_export.layout import WriterOptions

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}


@lru_cache(maxsize=32)
def _style_cache(opts: WriterOptions) -> dict:
    """Paragraph styles made for one set of options (shared by the documents drawn with it)."""
    return {}


class PdfWriter(Visitor):
    name = "pdf"

    def __init__(self, doc: d.Document, opts: WriterOptions):
        self.doc, self.opts = doc, opts
        self.theme = opts.theme
        self.fonts = fonts_for(self.theme)
        self.body = opts.body_size
        self.dims = opts.dims
        self.tricks = fast.enabled()
        self.list_class = fast.list_paragraph_class(self.tricks)
        self._styles = _style_cache(opts)
        self.groups: list[tuple[list, bool]] = []  # (flowables, keep with what follows)
        self.writing_spaces = 0  # writing lines under questions so far (fillable: their field names)

    # ---- styles

    def pstyle(self, name: str, **variant) -> tuple[ParagraphStyle, InlineStyle]:
        """ParagraphStyle and InlineStyle for theme style ``name`` (with variant settings)."""
        key = (name, tuple(sorted(variant.items())))
        hit = self._styles.get(key)
        if hit is not None:
            return hit
        s = self.opts.style(name)
        face = self.fonts.face(s.font, s.bold, s.italic)
        kw = dict(
            fontName=face, fontSize=s.size, leading=s.leading, spaceBefore=s.space_before,
            spaceAfter=s.space_after, textColor=HexColor(s.color), alignment=_ALIGN.get(s.align, TA_LEFT),
            leftIndent=s.indent, bulletFontName=face, bulletFontSize=s.size, keepWithNext=0,
        )
        for k, v in variant.items():
            if k in ("backColor", "borderColor", "textColor"):
                v = HexColor(v)
            if k in ("leftIndentAdd", "spaceBeforeAdd", "spaceAfterAdd"):
                kw[k[:-3]] = kw.get(k[:-3], 0) + v
            else:
                kw[k] = v
        ps = ParagraphStyle(f"{name}:{len(self._styles)}", **kw)
        ist = InlineStyle(
            protos={},
            fonts=self.fonts, theme=self.theme, family=s.font, bold=s.bold, italic=s.italic, size=s.size,
            base_face=face, answer_fill=self.theme.color("answer_fill"),
            underscore=stringWidth("_", face, s.size) or s.size * 0.5, fillable=self.opts.fillable,
        )
        self._styles[key] = (ps, ist)
        return ps, ist

    def para(self, runs, name: str, cls=RLParagraph, **variant) -> RLParagraph:
        ps, ist = self.pstyle(name, **variant)
        return fast.paragraph(cls, inline_segments(runs, ist), ps, self.tricks, ist.protos)

    def paras(self, runs, name: str, cls=RLParagraph, **variant) -> list:
        """``para`` as a list; a very long paragraph as consecutive pieces (``_pdf_long``)."""
        ps, ist = self.pstyle(name, **variant)
        segments = inline_segments(runs, ist)

        def make(segs, style):
            return fast.paragraph(cls, segs, style, self.tricks, ist.protos)

        return _pdf_long.pieces(make, segments, ps, self.opts.page.text_width) or [make(segments, ps)]

    def emit(self, flowables: list, keep: bool = False) -> None:
        self.groups.append((flowables, keep))

    # ---- build

    def flowables(self) -> list:
        for block in self.doc.blocks:
            self.dispatch(block, 0.0)
        groups = self.groups
        out: list = []
        prev_keep = False
        for i, (fl, keep) in enumerate(groups):
            if keep and not prev_keep:
                chain: list = []
                j = i
                while j < len(groups) and groups[j][1]:
                    chain.extend(groups[j][0])
                    j += 1
                following = [f for g in groups[j:j + 2] for f in g[0]][:2]
                out.append(KeepWithNext(chain, following))
            out.extend(fl)
            prev_keep = keep
        return out

    # ---- blocks

    def visit_TitleBlock(self, b: d.TitleBlock, left: float) -> None:
        fl: list = []
        if b.church:
            fl.extend(self.paras((d.Run(b.church),), "church"))
        if b.logo:
            fl.append(self._logo(b.logo))
        if b.label:
            fl.extend(self.paras((d.Run(b.label),), "label"))
        fl.extend(self.paras(b.title, "title"))
        if b.subtitle:
            fl.extend(self.paras(b.subtitle, "subtitle"))
        for line in b.meta:
            fl.extend(self.paras((d.Run(line),), "meta"))
        if b.qr:  # the code centred under the meta lines, its address under it
            fl.append(QrFlowable(b.qr))
            fl.extend(self.paras((d.Run(b.qr_caption or b.qr),), "meta"))
        fl.append(Spacer(1, self.dims.title_after))
        self.emit(fl, b.keep_with_next)

    def _logo(self, path: str):
        logo = assets.logo(path)  # decoded and checked when the settings loaded; never the file's own bytes
        iw, ih = logo.size
        g = self.opts.page  # at most half the page's text height, whatever the theme says
        h = min(self.dims.logo_height, float(ih), (g.height - g.top - g.bottom) / 2)
        w = iw * h / ih
        width = self.opts.page.text_width
        if w > width:
            w, h = width, ih * width / iw
        if logo.packed is not None:  # the logocache trick: its pixels, as kept (_pdf_image)
            from outline_export.backends._pdf_image import Picture, reader

            img = Picture(reader(logo), w, h)
        else:
            img = Image(io.BytesIO(logo.png), width=w, height=h)
        img.hAlign = "CENTER"
        img.spaceAfter = self.dims.logo_after
        return img

    def visit_Heading(self, b: d.Heading, left: float) -> None:
        name = f"heading{min(max(int(b.level), 1), 3)}"
        self.emit(self.paras(b.runs, name, leftIndentAdd=left), b.keep_with_next)

    def visit_Paragraph(self, b: d.Paragraph, left: float) -> None:
        self.emit(self.paras(b.runs, b.style, leftIndentAdd=left), b.keep_with_next)

    def visit_List(self, b: d.List, left: float) -> None:
        place = self.opts.place(b, left)
        first_style, left, text_left = place.style, place.label_left, place.text_left
        for item in b.items:
            start = len(self.groups)
            blocks = item.blocks
            first = blocks[0] if blocks and type(blocks[0]) is d.Paragraph else None
            style = first.style if first else first_style
            base = self.opts.style(style).indent
            parts = self.paras(first.runs if first else (), style, cls=self.list_class,
                             leftIndent=base + text_left, bulletIndent=base + left)
            p = parts[0]
            p._label = item.label or None
            if item.label and not self.fonts.covers(p.style.fontName, item.label):
                s = self.opts.style(style)  # a label the face lacks (a custom symbol): the fallback's
                if self.fonts.fallback_face(s.font, s.bold, s.italic):
                    p._label_font = self.fonts.face(self.fonts.fallback, s.bold, s.italic)
            self.emit(parts, bool(first and first.keep_with_next))
            for block in blocks[1 if first else 0:]:
                self.dispatch(block, text_left)
            if item.keep_together:  # one page for the item and all in it, unless it is longer than a page
                kept = self.groups[start:]
                self.groups[start:] = [([PointTogether([f for fl, _ in kept for f in fl])], kept[-1][1])]

    def visit_Quote(self, b: d.Quote, left: float) -> None:
        inset = self.dims.quote_indent
        if not b.credit:
            self.emit(self.paras(b.runs, "quote", leftIndent=left + inset, rightIndent=inset))
            return
        # the credit sits right under the quotation; the quotation's space follows the pair
        q = self.paras(b.runs, "quote", leftIndent=left + inset, rightIndent=inset, spaceAfter=self.dims.credit_gap)
        r = self.para(b.credit, "quote_ref", leftIndent=left + inset, rightIndent=inset, spaceBefore=0,
                      spaceAfter=self.opts.style("quote").space_after)
        self.emit([KeepTogether([*q, r])])

    def visit_Note(self, b: d.Note, left: float) -> None:
        dm = self.dims
        p = self.paras(
            b.runs, "note", cls=BoxedParagraph, leftIndentAdd=left + dm.note_pad_h, rightIndent=dm.note_pad_h,
            spaceBeforeAdd=dm.note_space, spaceAfterAdd=dm.note_space,
            backColor=self.theme.color("note_fill"), borderColor=self.theme.color("note_border"),
            borderWidth=dm.note_border, borderPadding=(dm.note_pad_v, dm.note_pad_h, dm.note_pad_v, dm.note_pad_h),
        )
        self.emit(p)

    def visit_WritingLines(self, b: d.WritingLines, left: float) -> None:
        if b.count > 0:
            field = None
            if self.opts.fillable:  # lines in a list sit under a question; at the left margin, Notes
                self.writing_spaces += left > 0
                field = f"question-{self.writing_spaces}" if left > 0 else "notes"
            self.emit([WritingLinesFlowable(int(b.count), self.dims.writing_line_gap, left,
                                            HexColor(self.theme.color("rule")), 0.5,
                                            space_after=self.dims.writing_lines_after, field=field,
                                            field_style=(self.body, HexColor(self.opts.style("body").color)))])

    def visit_PageBreak(self, b: d.PageBreak, left: float) -> None:
        self.emit([RLPageBreak()])

    # ---- page furniture

    def draw_footer(self, canv, page: int, pages: int) -> None:
        text = self.doc.footer.replace("{page}", str(page)).replace("{pages}", str(pages))
        if not text.strip():
            return
        ps, ist = self.pstyle("footer", spaceBefore=0, spaceAfter=0)
        g = self.opts.page
        p = fast.paragraph(RLParagraph, inline_segments((d.Run(text),), ist), ps, self.tricks, ist.protos)
        _, h = p.wrap(g.text_width, g.bottom)
        p.drawOn(canv, g.left, max(4.0, (g.bottom - h) / 2))


class PointTogether(KeepTogether):
    """A list item kept on one page with all in it (a pulpit copy): moved whole to the next page
    when it does not fit the space left. Two exceptions leave no page nearly empty: one taller
    than a page, and one with sub-points when more than half a page is left, flow on where they
    are, split only between their sub-points (each kept together itself), the item's own text
    kept with the first."""

    def wrap(self, aW, aH):
        w, h = super().wrap(aW, aH)
        return (w, self._H) if aH >= 0xFFFFFFF else (w, h)  # measured inside another: its true height

    def split(self, aW, aH):
        self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        if frame is not None and self._H > aH:
            nested = [i for i, f in enumerate(self._content) if isinstance(f, PointTogether)]
            if self._H > frame._height or (nested and aH > frame._height / 2):
                content = list(self._content)
                if nested:  # the item's text and what precedes its first sub-point go with that sub-point
                    n = nested[0]
                    content = [KeepWithNext(content[:n], content[n:n + 1])] + content
                return content
        return super().split(aW, aH)


def qr_modules(text: str) -> list[list[bool]]:
    """The modules of ``text``'s QR code (True: dark), as reportlab's own QR widget encodes it."""
    from reportlab.graphics.barcode.qr import QrCodeWidget

    code = QrCodeWidget(text, barLevel=qr.ERROR).qr
    code.make()
    return [[bool(m) for m in row] for row in code.modules]


class QrFlowable(Flowable):
    """``text``'s QR code, ``qr.SIZE`` points square with a quiet zone of four modules, centred:
    each run of dark modules in a row one rectangle, drawn in module units (no font, no Drawing)."""

    def __init__(self, text: str):
        super().__init__()
        self.modules = qr_modules(text)
        self.width = self.height = qr.SIZE
        self.hAlign = "CENTER"

    def draw(self):
        n = len(self.modules)
        c = self.canv
        c.saveState()
        c.scale(qr.SIZE / (n + 8), qr.SIZE / (n + 8))
        c.translate(4, n + 3)  # module (row 0, column 0) at the top left, inside the quiet zone
        c.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(self.modules):
            col = 0
            for dark, run in itertools.groupby(row):
                count = len(list(run))
                if dark:
                    c.rect(col, -r, count, 1, stroke=0, fill=1)
                col += count
        c.restoreState()


def _fitted(story: list) -> list:
    """``story`` with nothing that can refuse a page: a group kept together is let go, and anything
    that cannot split (a picture, a space) is drawn shrunk to fit the page if it would not fit."""
    out: list = []
    for f in story:
        if isinstance(f, KeepTogether):
            out.extend(_fitted(f._content))
        elif isinstance(f, (RLParagraph, WritingLinesFlowable, KeepWithNext, RLPageBreak)):
            out.append(f)
        else:
            out.append(KeepInFrame(0, 0, [f], mode="shrink"))
    return out


def _drawn(doc: d.Document) -> d.Document:
    """The document as the PDF's ID sees it: a logo is the PNG drawn (its hash), not the path of the
    file it came from, so the same library gives the same bytes in any folder."""
    from dataclasses import replace

    return replace(doc, blocks=tuple(
        replace(b, logo=hashlib.sha256(assets.logo_png(b.logo)).hexdigest())
        if isinstance(b, d.TitleBlock) and b.logo else b for b in doc.blocks))


def write(doc: d.Document, options: WriterOptions) -> bytes:
    """The PDF file for ``doc`` drawn with ``options``: the same input always gives the same bytes.

    Every flowable fits a page or splits. Should one still refuse every page (reportlab's
    LayoutError), the document is drawn again with nothing kept together and anything that cannot
    split shrunk to fit, rather than fail."""
    try:
        return _build(doc, options, lambda story: story)
    except LayoutError:
        return _build(doc, options, _fitted)


def _build(doc: d.Document, options: WriterOptions, adjust) -> bytes:
    w = PdfWriter(doc, options)
    story = adjust(w.flowables())
    g = options.page
    body_face = w.fonts.face(options.style("body").font)
    buf = io.BytesIO()
    meta = doc.meta
    tmpl = BaseDocTemplate(
        buf, pagesize=(g.width, g.height), leftMargin=g.left, rightMargin=g.right, topMargin=g.top,
        bottomMargin=g.bottom, title=meta.title, author=meta.author, subject=meta.subject,
        keywords=meta.keywords, creator="outline-export", invariant=1, lang=meta.language,
        initialFontName=body_face, initialFontSize=w.body, initialLeading=w.body * 1.2,
    )
    frame = Frame(g.left, g.bottom, g.text_width, g.height - g.top - g.bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    tmpl.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    content = (_drawn(doc), g, options.body_size, options.theme.data) + (("fillable",) if options.fillable else ())
    digest = hashlib.sha256(repr(content).encode("utf-8")).digest()
    fields = None
    if options.fillable:
        fields = FormFields(HexColor(options.style("body").color), g.left)
    tmpl.build(story, canvasmaker=functools.partial(
        _Canvas, footer=w.draw_footer, created=meta.created, digest=digest,
        callbacks={CALLBACK: fields.on_draw} if fields else None))
    return buf.getvalue()
