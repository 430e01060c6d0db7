"""The PDF writer: draws a render tree (``document.Document``) with reportlab's platypus.

- Fonts are the theme's TTF families, embedded and subset; nothing else (not even the canvas's
  initial font) is a base-14 font. Characters the style's face lacks (Hebrew in DejaVu Serif) are
  drawn in the theme's ``fallback_font`` family; right-to-left runs are put in display order.
- Text is literal: ``inline_markup`` is the one place runs become reportlab markup, and the one
  place ``&``, ``<`` and ``>`` are escaped.
- Output is reproducible: invariant mode, dates from ``doc.meta.created``, and a document ID
  computed from the document itself.
"""

from __future__ import annotations

import functools
import hashlib
import io
import time
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph

from outline_export.backends._pdf_fonts import FontSet, fonts_for
from outline_export.backends._pdf_text import split_by_coverage, visual_order
from outline_export.backends.base import UnknownNode, Visitor
from outline_export.document import Answer, BlankLine, Document, ListItem, Run
from outline_export.theme import Theme, theme_for

SMALL_PAPERS = ("half-letter", "a5")
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
NBSP = "\u00a0"
NUMBER_JOIN = NBSP  # keeps a blank's number on the line with it (reportlab breaks at U+202F)
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


# ---------------------------------------------------------------- inline runs -> markup

@dataclass(frozen=True, eq=False)
class InlineStyle:
    """What ``inline_markup`` needs to know about the paragraph its runs go into."""

    fonts: FontSet
    family: str
    bold: bool
    italic: bool
    size: float
    base_face: str  # the paragraph's own font: runs in it need no <font> tag
    muted: str
    answer_fill: str
    underscore: float  # width of "_" in the base face at this size


def inline_markup(runs, st: InlineStyle) -> str:
    """reportlab Paragraph markup for a tuple of inline runs; the only place text is escaped."""
    fonts = st.fonts
    out: list[str] = []

    def text(s: str, bold: bool, italic: bool) -> None:
        face = fonts.face(st.family, bold, italic)
        if s.isascii():
            pieces = ((s, face),)
        else:
            pieces = split_by_coverage(visual_order(s), face,
                                       fonts.fallback_face(st.family, bold, italic), fonts)
        for piece, f in pieces:
            piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            out.append(piece if f == st.base_face else f'<font face="{f}">{piece}</font>')

    def number(n: int) -> str:
        return str(int(n)).translate(_SUPERSCRIPT) + NUMBER_JOIN

    for r in runs:
        kind = type(r)
        if kind is Run:
            if r.text:
                text(r.text, st.bold or r.bold, st.italic or r.italic)
        elif kind is BlankLine:
            # Underscore glyphs in the paragraph's own font (0.5 em each, joined into one line)
            # and superscript digits: no markup tags, so reportlab keeps the paragraph on its fast
            # single-fragment path (an <u> run or a <super> triples layout and drawing time).
            if r.number is not None:
                out.append(number(r.number))
            out.append("_" * max(2, round(r.width * st.size / st.underscore)))
        elif kind is Answer:
            if r.number is not None:
                out.append(f'<font color="{st.muted}">{number(r.number)}</font>')
            out.append(f'<span backColor="{st.answer_fill}">{NBSP}')
            text(r.text, True, st.italic)
            out.append(f"{NBSP}</span>")
        else:
            raise UnknownNode(f"the pdf backend cannot draw a {kind.__name__} inline run")
    return "".join(out)


# ---------------------------------------------------------------- flowables of our own

class WritingLinesFlowable(Flowable):
    """``count`` ruled lines ``gap`` apart, from ``indent`` to the right edge; splits by line."""

    def __init__(self, count: int, gap: float, indent: float, color, line_width: float,
                 space_after: float = 0):
        super().__init__()
        self.count, self.gap, self.indent = count, gap, indent
        self.color, self.line_width = color, line_width
        self.spaceAfter = space_after

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
                                 color=self.color, line_width=self.line_width)
        return [make(n), make(self.count - n, space_after=self.spaceAfter)]

    def draw(self):
        c = self.canv
        c.setStrokeColor(self.color)
        c.setLineWidth(self.line_width)
        h = self.count * self.gap
        for k in range(1, self.count + 1):
            y = h - k * self.gap + 1
            c.line(self.indent, y, self.width, y)


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


class ListParagraph(RLParagraph):
    """A list item: the label hangs in the gutter left of the text (at ``bulletIndent``).

    The label is drawn from a form XObject made once per label, font and size; this costs a third
    of reportlab's own bullet (a text object per item), which matters for long lists."""

    _label: str | None = None

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if parts:
            parts[0]._label = self._label
        return parts

    def draw(self):
        super().draw()
        label = self._label
        lines = getattr(self.blPara, "lines", None)
        if not label or not lines:
            return
        c = self.canv
        st = self.style
        forms = c.__dict__.setdefault("_oe_label_forms", {})
        key = (label, st.fontName, st.fontSize, st.textColor.hexval())
        name = forms.get(key)
        if name is None:
            name = forms[key] = f"oeLabel{len(forms)}"
            c.beginForm(name)
            c.setFont(st.fontName, st.fontSize)
            c.setFillColor(st.textColor)
            c.drawString(0, 0, label)
            c.endForm()
        f = self.blPara if self.blPara.kind == 0 else lines[0]
        # the first baseline, worked out as Paragraph.drawPara does
        drop = f.fontSize if rl_config.paraFontSizeHeightOffset else getattr(f, "ascent", f.fontSize)
        c.saveState()
        c.translate(st.bulletIndent, self.height - drop)
        c.doForm(name)
        c.restoreState()


def _first_lines_height(f, aw, ah, lines=2) -> float:
    """How much of flowable ``f`` must share a page with a heading kept with it."""
    if isinstance(f, KeepTogether):
        content = f._content
        return _first_lines_height(content[0], aw, ah, lines) if content else 0
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
    """Starts a new page unless ``group`` (a heading, a title block) and the first lines of
    ``tail`` (what follows) fit in the space left. Zero height itself."""

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
            _, h = f.wrap(aw, ah)
            need += h + f.getSpaceBefore() + f.getSpaceAfter()
        if self.tail is not None:
            need += _first_lines_height(self.tail, aw, ah)
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

    def __init__(self, *args, footer=None, created: int = 0, digest: bytes = b"", **kw):
        super().__init__(*args, **kw)
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


# ---------------------------------------------------------------- the builder

class PdfBuilder(Visitor):
    name = "pdf"

    def __init__(self, doc: Document):
        self.doc = doc
        self.theme: Theme = theme_for(doc.theme, doc.theme_overrides)
        self.fonts = fonts_for(self.theme)
        self.body = float(doc.body_size)
        self.scale = self.body / 11.0
        t = self.theme
        self.muted = t.color("muted")
        self.rule = t.color("rule")
        self.answer_fill = t.color("answer_fill")
        self.note_fill = t.color("note_fill")
        self.note_border = t.color("note_border")
        self.indent = float(t.get("list_indent", 22)) * self.scale
        self.line_gap = float(t.get("writing_line_gap", 24)) * self.scale
        self.pagesize = doc.page.size
        page = t.get("page", {}) or {}
        if doc.page.paper in SMALL_PAPERS:
            m = float(page.get("small_paper_margin", 40))
            self.margins = (m, m, m, m)  # top, right, bottom, left
        else:
            self.margins = (float(page.get("margin_top", 54)), float(page.get("margin_right", 60)),
                            float(page.get("margin_bottom", 54)), float(page.get("margin_left", 60)))
        self.frame_width = self.pagesize[0] - self.margins[1] - self.margins[3]
        self._gutters: dict[tuple[int, int], float] = {}
        self._list_styles: dict = {}
        self._styles = _style_cache(self.theme)

    # ---- styles

    def tstyle(self, name: str):
        """The theme's Style ``name`` at this body size (cached)."""
        key = ("theme-style", name, self.body)
        hit = self._styles.get(key)
        if hit is None:
            hit = self._styles[key] = self.theme.style(name, self.body)
        return hit

    def pstyle(self, name: str, **variant) -> tuple[ParagraphStyle, InlineStyle]:
        """ParagraphStyle and InlineStyle for theme style ``name`` (cached per body size/variant)."""
        key = (name, self.body, tuple(sorted(variant.items())))
        hit = self._styles.get(key)
        if hit is not None:
            return hit
        s = self.tstyle(name)
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
                base = k[:-3]
                kw[base] = kw.get(base, 0) + v
            else:
                kw[k] = v
        ps = ParagraphStyle(f"{name}@{self.body}:{len(self._styles)}", **kw)
        ist = InlineStyle(
            fonts=self.fonts, family=s.font, bold=s.bold, italic=s.italic, size=s.size,
            base_face=face, muted=self.muted, answer_fill=self.answer_fill,
            underscore=stringWidth("_", face, s.size) or s.size * 0.5,
        )
        self._styles[key] = (ps, ist)
        return ps, ist

    def para(self, runs, name: str, **variant) -> RLParagraph:
        ps, ist = self.pstyle(name, **variant)
        return RLParagraph(inline_markup(runs, ist), ps)

    def styled(self, runs, name: str, within: str) -> str:
        """Markup for ``runs`` in style ``name`` inside a paragraph of style ``within``."""
        _, ist = self.pstyle(name)
        outer, _ = self.pstyle(within)
        sub = InlineStyle(**{**ist.__dict__, "base_face": outer.fontName})
        s = self.tstyle(name)
        return f'<font size="{round(s.size, 3)}" color="{s.color}">{inline_markup(runs, sub)}</font>'

    # ---- build

    def flowables(self) -> list:
        self._scan_lists()
        groups: list[tuple[list, bool]] = []
        for block in self.doc.blocks:
            result = self.dispatch(block)
            if isinstance(result, tuple):
                fl, keep = result
            else:
                fl, keep = result, False
            if not fl:
                continue
            if isinstance(fl[0], WritingLinesFlowable) and groups:
                groups[-1] = (groups[-1][0], True)  # writing lines stay with their question
            groups.append((fl, keep))
        out: list = []
        prev_keep = False
        for i, (fl, keep) in enumerate(groups):
            if keep and not prev_keep:
                chain: list = []
                j = i
                while j < len(groups) and groups[j][1]:
                    chain.extend(groups[j][0])
                    j += 1
                tail = groups[j][0][0] if j < len(groups) else None
                out.append(KeepWithNext(chain, tail))
            out.extend(fl)
            prev_keep = keep
        return out

    def _scan_lists(self) -> None:
        """Gutter width per (list, level): room for the widest label, at least one list indent."""
        widest: dict[tuple[int, int], float] = {}
        for b in self.doc.blocks:
            if isinstance(b, ListItem) and b.label:
                ps, _ = self.pstyle(self._list_style(b))
                w = stringWidth(b.label, ps.fontName, ps.fontSize)
                key = (b.list_id, b.level)
                if w > widest.get(key, 0):
                    widest[key] = w
        self._gutters = {k: max(self.indent, w + 0.45 * self.body) for k, w in widest.items()}

    def _list_style(self, item) -> str:
        if item.style == "body" and "list" in self.theme.data.get("styles", {}):
            return "list"
        return item.style

    # ---- blocks

    def visit_TitleBlock(self, b):
        fl: list = []
        if b.church:
            fl.append(self.para((Run(b.church),), "church"))
        if b.logo:
            fl.append(self._logo(b.logo))
        if b.label:
            fl.append(self.para((Run(b.label),), "label"))
        fl.append(self.para(b.title, "title"))
        if b.subtitle:
            fl.append(self.para(b.subtitle, "subtitle"))
        for line in b.meta:
            fl.append(self.para((Run(line),), "meta"))
        fl.append(Spacer(1, 8 * self.scale))
        return fl, True

    def _logo(self, path: str):
        iw, ih = ImageReader(path).getSize()
        h = min(72.0, float(ih))
        w = iw * h / ih
        if w > self.frame_width:
            w, h = self.frame_width, ih * self.frame_width / iw
        img = Image(path, width=w, height=h)
        img.hAlign = "CENTER"
        img.spaceAfter = 6 * self.scale
        return img

    def visit_Heading(self, b):
        name = f"heading{min(max(int(b.level), 1), 3)}"
        ps, ist = self.pstyle(name)
        text = inline_markup(b.runs, ist)
        if b.ref:
            text += " " + self.styled((Run(f"{NBSP}·{NBSP} {b.ref}"),), "heading_ref", name)
        return [RLParagraph(text, ps)], self.tstyle(name).keep_with_next

    def visit_Paragraph(self, b):
        return [self.para(b.runs, b.style)], self.tstyle(b.style).keep_with_next

    def visit_ListItem(self, b):
        key = (b.style, b.list_id, b.level)
        hit = self._list_styles.get(key)
        if hit is None:
            name = self._list_style(b)
            base = self.pstyle(name)[0].leftIndent
            level = max(0, int(b.level))
            gutter = self._gutters.get((b.list_id, level), self.indent)
            hit = self._list_styles[key] = self.pstyle(
                name, leftIndent=base + level * self.indent + gutter,
                bulletIndent=base + level * self.indent)
        ps, ist = hit
        text = inline_markup(b.runs, ist)
        if b.ref:
            text += f' <font color="{self.muted}">' + inline_markup((Run(f"— {b.ref}"),), ist) + "</font>"
        p = ListParagraph(text or NBSP, ps)
        p._label = b.label or None
        return [p]

    def visit_Quote(self, b):
        s = self.tstyle("quote")
        left = s.indent + max(0, int(b.level)) * self.indent
        if not (b.ref or b.translation):
            return [self.para(b.runs, "quote", leftIndent=left, rightIndent=s.indent)]
        ref = b.ref or ""
        if b.translation:
            ref = f"{ref} ({b.translation})" if ref else f"({b.translation})"
        # the reference sits right under the quote; the quote's space follows the pair
        q = self.para(b.runs, "quote", leftIndent=left, rightIndent=s.indent,
                      spaceAfter=1.5 * self.scale)
        r = self.para((Run(f"— {ref}"),), "quote_ref", rightIndent=s.indent, spaceBefore=0,
                      spaceAfter=s.space_after)
        return [KeepTogether([q, r])]

    def visit_Note(self, b):
        pad_v, pad_h = 4 * self.scale, 6 * self.scale
        left = max(0, int(b.level)) * self.indent + pad_h
        ps, ist = self.pstyle(
            "note", leftIndentAdd=left, rightIndent=pad_h, spaceBeforeAdd=3 * self.scale,
            spaceAfterAdd=3 * self.scale, backColor=self.note_fill, borderColor=self.note_border,
            borderWidth=0.6, borderPadding=(pad_v, pad_h, pad_v, pad_h),
        )
        text = inline_markup(b.runs, ist)
        if b.label:
            label = inline_markup((Run(f"{b.label}:", bold=True),), ist)
            text = f'<font size="{round(ist.size * 0.9, 3)}" color="{self.muted}">{label}</font> {text}'
        return [BoxedParagraph(text, ps)]

    def visit_WritingLines(self, b):
        if b.count <= 0:
            return []
        return [WritingLinesFlowable(int(b.count), self.line_gap, max(0, int(b.level)) * self.indent,
                                     HexColor(self.rule), 0.5, space_after=8 * self.scale)]

    def visit_AnswerKey(self, b):
        heading = self.para((Run(b.title),), "heading1")
        if not b.entries:
            return [heading]
        ps, _ = self.pstyle("answer_key")
        widest = max(stringWidth(f"{n}.", ps.fontName, ps.fontSize) for n, _ in b.entries)
        gutter = widest + 0.6 * self.body
        kps, ist = self.pstyle("answer_key", leftIndentAdd=gutter, bulletIndent=ps.leftIndent)
        items = []
        for n, text in b.entries:
            item = ListParagraph(inline_markup((Run(text),), ist) or NBSP, kps)
            item._label = f"{n}."
            items.append(item)
        if len(items) < 8:
            return [KeepWithNext([heading], items[0]), heading, *items]
        # two columns, filled row by row so the text (and a screen reader) reads 1, 2, 3, ...
        if len(items) % 2:
            items.append(Spacer(1, 1))
        rows = [items[k:k + 2] for k in range(0, len(items), 2)]
        col = self.frame_width / 2
        table = Table(rows, colWidths=[col, col], hAlign="LEFT")
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), ps.fontName, ps.fontSize),  # never Helvetica, even if empty
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6 * self.scale),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return [KeepWithNext([heading], table), heading, table]

    def visit_PageBreak(self, b):
        return [RLPageBreak()]

    # ---- page furniture

    def draw_footer(self, canv, page: int, pages: int) -> None:
        text = self.doc.footer.replace("{page}", str(page)).replace("{pages}", str(pages))
        if not text.strip():
            return
        ps, ist = self.pstyle("footer", spaceBefore=0, spaceAfter=0)
        left, width = self.margins[3], self.frame_width
        if text.isascii() and "\n" not in text and stringWidth(text, ps.fontName, ps.fontSize) <= width:
            # one line of plain text: draw it directly (a Paragraph per page costs more)
            y = max(4.0, (self.margins[2] - ps.fontSize) / 2 + ps.fontSize * 0.2)
            canv.saveState()
            canv.setFont(ps.fontName, ps.fontSize)
            canv.setFillColor(ps.textColor)
            if ps.alignment == TA_CENTER:
                canv.drawCentredString(left + width / 2, y, text)
            elif ps.alignment == TA_RIGHT:
                canv.drawRightString(left + width, y, text)
            else:
                canv.drawString(left, y, text)
            canv.restoreState()
            return
        p = RLParagraph(inline_markup((Run(text),), ist), ps)
        _, h = p.wrap(width, self.margins[2])
        y = max(4.0, (self.margins[2] - h) / 2)
        p.drawOn(canv, left, y)


_STYLE_CACHES: dict[int, tuple[Theme, dict]] = {}


def _style_cache(theme: Theme) -> dict:
    hit = _STYLE_CACHES.get(id(theme))
    if hit is None or hit[0] is not theme:
        hit = (theme, {})
        _STYLE_CACHES[id(theme)] = hit
    return hit[1]


def render(doc: Document) -> bytes:
    """The PDF file for ``doc``: the same Document always gives the same bytes."""
    b = PdfBuilder(doc)
    story = b.flowables()
    top, right, bottom, left = b.margins
    width, height = b.pagesize
    body_face = b.fonts.face(b.tstyle("body").font)
    buf = io.BytesIO()
    meta = doc.meta
    tmpl = BaseDocTemplate(
        buf, pagesize=(width, height), leftMargin=left, rightMargin=right, topMargin=top,
        bottomMargin=bottom, title=meta.title, author=meta.author, subject=meta.subject,
        keywords=meta.keywords, creator="outline-export", invariant=1,
        initialFontName=body_face, initialFontSize=b.body, initialLeading=b.body * 1.2,
    )
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    tmpl.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    digest = hashlib.sha256(repr(doc).encode("utf-8")).digest()
    tmpl.build(story, canvasmaker=functools.partial(
        _Canvas, footer=b.draw_footer, created=meta.created, digest=digest))
    return buf.getvalue()
