"""The PDF writer: draws a render tree (``document.Document``) with reportlab's platypus.

- Fonts are the theme's TTF families, embedded and subset; nothing else (not even the canvas's
  initial font) is a base-14 font. Characters the style's face lacks (Hebrew in DejaVu Serif) are
  drawn in the theme's ``fallback_font`` family; right-to-left runs are put in display order.
- Text is literal: ``inline_segments`` turns runs into (text, look) pieces and ``make_paragraph``
  builds reportlab's fragments from them directly (no markup, so nothing to escape; the rare
  fallback to markup, ``inline_markup``, is the one place ``&``, ``<`` and ``>`` are escaped).
- Output is reproducible: invariant mode, dates from ``doc.meta.created``, and a document ID
  computed from the document itself.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import time
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.geomutils import normalizeTRBL
from reportlab.lib.rl_accel import fp_str
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
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaFrag

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


# ---------------------------------------------------------------- inline runs -> fragments

@dataclass(frozen=True, eq=False)
class InlineStyle:
    """What ``inline_segments`` needs to know about the paragraph its runs go into."""

    fonts: FontSet
    family: str
    bold: bool
    italic: bool
    size: float
    base_face: str  # the paragraph's own font: runs in it need no change of face
    muted: str
    answer_fill: str
    underscore: float  # width of "_" in the base face at this size


# How a piece of text differs from its paragraph's style: (face, color, backColor, size), each
# None where the paragraph's own applies. ``_tag`` spells a look as reportlab markup.
Look = tuple
BASE: Look = (None, None, None, None)


def _tag(look: Look) -> tuple[str, str]:
    face, color, back, size = look
    attrs = "".join(f' {k}="{v}"' for k, v in (("face", face), ("color", color), ("backColor", back),
                                               ("size", size)) if v is not None)
    return (f"<font{attrs}>", "</font>") if attrs else ("", "")


def _over(look: Look, outer: Look) -> Look:
    """``look`` nested inside ``outer`` (what it sets wins, as an inner tag's attributes do)."""
    return tuple(v if v is not None else o for v, o in zip(look, outer))


def inline_segments(runs, st: InlineStyle, outer: Look = BASE) -> list[tuple[str, Look]]:
    """(literal text, look) pieces for a tuple of inline runs, in the order drawn."""
    fonts = st.fonts
    out: list[tuple[str, Look]] = []
    add = out.append

    def text(s: str, bold: bool, italic: bool, back: str | None = None) -> None:
        face = fonts.face(st.family, bold, italic)
        if s.isascii() or fonts.covers(face, s):
            pieces = ((s, face),)  # no bidi or coverage work for text the face draws as it is
        else:
            pieces = split_by_coverage(visual_order(s), face,
                                       fonts.fallback_face(st.family, bold, italic), fonts)
        for piece, f in pieces:
            look = (None if f == st.base_face else f, None, back, None)
            add((piece, look if outer is BASE else _over(look, outer)))

    def number(n: int) -> str:
        return str(int(n)).translate(_SUPERSCRIPT) + NUMBER_JOIN

    for r in runs:
        kind = type(r)
        if kind is Run:
            if r.text:
                text(r.text, st.bold or r.bold, st.italic or r.italic)
        elif kind is BlankLine:
            # Underscore glyphs in the paragraph's own font (0.5 em each, joined into one line)
            # and superscript digits: no change of look, so reportlab keeps the paragraph on its
            # fast single-fragment path (an underline or a <super> triples layout and drawing).
            if r.number is not None:
                add((number(r.number), outer))
            add(("_" * max(2, round(r.width * st.size / st.underscore)), outer))
        elif kind is Answer:
            if r.number is not None:
                add((number(r.number), _over((None, st.muted, None, None), outer)))
            back = _over((None, None, st.answer_fill, None), outer)
            add((NBSP, back))
            text(r.text, True, st.italic, st.answer_fill)
            add((NBSP, back))
        else:
            raise UnknownNode(f"the pdf backend cannot draw a {kind.__name__} inline run")
    return out


def inline_markup(segments) -> str:
    """reportlab Paragraph markup for (text, look) pieces; the only place text is escaped."""
    out = []
    for piece, look in segments:
        piece = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        start, end = _tag(look)
        out.append(f"{start}{piece}{end}")
    return "".join(out)


_SEPARATORS = ("\x00", "\ufdd0", "\ufdd1", "\ufdd2")  # never in text, not whitespace to reportlab
_PROTOS: dict[int, tuple[ParagraphStyle, dict]] = {}  # id(style) -> (style, look -> fragment fields)


def _proto(ps: ParagraphStyle, look: Look) -> dict:
    """The fields reportlab's parser gives a fragment of ``look`` in a paragraph of style ``ps``
    (parsed once per style and look)."""
    hit = _PROTOS.get(id(ps))
    if hit is None or hit[0] is not ps:
        hit = _PROTOS[id(ps)] = (ps, {})
    protos = hit[1]
    fields = protos.get(look)
    if fields is None:
        start, end = _tag(look)
        (frag,) = RLParagraph(f"{start}X{end}", ps).frags
        fields = protos[look] = {k: v for k, v in frag.__dict__.items() if k != "text"}
    return fields


def make_paragraph(cls, segments, ps: ParagraphStyle) -> RLParagraph:
    """A ``cls`` Paragraph of (text, look) pieces, with the fragments reportlab's parser would make
    from their markup (the same whitespace cleaning, fonts and colours) built directly: parsing the
    markup of every paragraph costs more than laying it out."""
    texts: list[str] = []
    looks: list[Look] = []
    for piece, look in segments:
        if not piece:
            continue
        if looks and looks[-1] == look:
            texts[-1] += piece
        else:
            texts.append(piece)
            looks.append(look)
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
            if not chunk:
                continue
            f = ParaFrag()
            f.__dict__.update(_proto(ps, look))
            f.link, f.us_lines, f.text = link, us_lines, chunk
            frags.append(f)
            used.append(look)
        plain = "".join(chunks)
        if len(frags) == 2 and getattr(cls, "_tail_colour", False) and _colour_tail_ok(frags, used, ps):
            # Text, then words differing only in colour (a list item's muted reference): one
            # fragment, laid out on reportlab's fast single-fragment path, its last words drawn
            # in the other colour (see ListParagraph). Two fragments would take the general
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
    (face0, _, back0, size0), (face1, _, back1, size1) = looks
    head, tail = frags[0].text, frags[1].text
    return (face0 == face1 and size0 == size1 and back0 is None and back1 is None
            and (head[-1] == " " or tail[0] == " ") and "\u200b" not in head + tail
            and not ps.endDots and not ps.shaping)


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


class ListParagraph(RLParagraph):
    """A list item: the label hangs in the gutter left of the text (at ``bulletIndent``).

    The label's text object is made once per label, font and size and its code reused (inside a
    q/Q pair, so no state leaks): a fraction of the cost of reportlab's own bullet or of a form
    XObject (whose per-page resource dictionaries cost more than the drawing), which matters for
    long lists."""

    _label: str | None = None
    _tail_colour = True  # make_paragraph may give it a tail in another colour
    _tail: tuple[int, object] | None = None  # (n, colour): the last n characters (not counting
    # spaces) are drawn in colour

    def split(self, aw, ah):
        parts = super().split(aw, ah)
        if parts:
            parts[0]._label = self._label
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

    def draw(self):
        super().draw()
        label = self._label
        if not label:
            return
        bl = self.blPara
        lines = getattr(bl, "lines", None)
        if not lines:
            return
        c = self.canv
        st = self.style
        labels = c.__dict__.get("_oe_labels")
        if labels is None:
            labels = c._oe_labels = {}
        key = (label, st.fontName, st.fontSize, st.textColor)
        code = labels.get(key)
        if code is None:
            # the label's text object, made once per canvas (its font subsets are the document's)
            t = c.beginText(0, 0)
            t.setFont(st.fontName, st.fontSize)
            t.setFillColor(st.textColor)
            t.textOut(label)
            code = labels[key] = t.getCode()
        f = bl if bl.kind == 0 else lines[0]
        # the first baseline, worked out as Paragraph.drawPara does
        drop = f.fontSize if rl_config.paraFontSizeHeightOffset else getattr(f, "ascent", f.fontSize)
        c._code.append(f"q\n{fp_str(1, 0, 0, 1, st.bulletIndent, self.height - drop)} cm\n{code}\nQ")


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
            _, h = f.wrap(aw, ah)
            need += h + f.getSpaceBefore() + f.getSpaceAfter()
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
        return make_paragraph(RLParagraph, inline_segments(runs, ist), ps)

    def styled(self, runs, name: str, within: str) -> list:
        """Pieces for ``runs`` in style ``name`` inside a paragraph of style ``within``."""
        key = ("styled", name, within, self.body)
        hit = self._styles.get(key)
        if hit is None:
            _, ist = self.pstyle(name)
            outer, _ = self.pstyle(within)
            sub = InlineStyle(**{**ist.__dict__, "base_face": outer.fontName})
            s = self.tstyle(name)
            hit = self._styles[key] = (sub, (None, s.color, None, round(s.size, 3)))
        sub, look = hit
        return inline_segments(runs, sub, look)

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
                following = [f for g in groups[j:j + 2] for f in g[0]][:2]
                out.append(KeepWithNext(chain, following))
            out.extend(fl)
            prev_keep = keep
        return out

    def _scan_lists(self) -> None:
        """Gutter width per (list, level): room for the widest label, at least one list indent."""
        widest: dict[tuple[int, int], float] = {}
        widths: dict[tuple[str, str], float] = {}  # (style, label) -> width: labels repeat
        for b in self.doc.blocks:
            if type(b) is ListItem and b.label:
                w = widths.get((b.style, b.label))
                if w is None:
                    ps, _ = self.pstyle(self._list_style(b))
                    w = widths[(b.style, b.label)] = stringWidth(b.label, ps.fontName, ps.fontSize)
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
        segs = inline_segments(b.runs, ist)
        if b.ref:
            segs.append((" ", BASE))
            segs += self.styled((Run(f"{NBSP}·{NBSP} {b.ref}"),), "heading_ref", name)
        return [make_paragraph(RLParagraph, segs, ps)], self.tstyle(name).keep_with_next

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
        segs = inline_segments(b.runs, ist)
        if b.ref:
            # the reference, muted, in the same paragraph (one more fragment, no markup to parse)
            segs.append((" ", BASE))
            segs += inline_segments((Run(f"— {b.ref}"),), ist, (None, self.muted, None, None))
        p = make_paragraph(ListParagraph, segs, ps)
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
        segs = inline_segments(b.runs, ist)
        if b.label:
            label = inline_segments((Run(f"{b.label}:", bold=True),), ist,
                                    (None, self.muted, None, round(ist.size * 0.9, 3)))
            segs = [*label, (" ", BASE), *segs]
        return [make_paragraph(BoxedParagraph, segs, ps)]

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
            item = make_paragraph(ListParagraph, inline_segments((Run(text),), ist), kps)
            item._label = f"{n}."
            items.append(item)
        if len(items) < 8:
            return [KeepWithNext([heading], items[:2]), heading, *items]
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
        return [KeepWithNext([heading], [table]), heading, table]

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
        p = make_paragraph(RLParagraph, inline_segments((Run(text),), ist), ps)
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


def _digest(doc: Document) -> bytes:
    """sha256 of ``repr(doc)``, the document's content, with the blocks' reprs joined directly:
    the same digest at half the cost of one giant nested repr (which copies its text over and
    over)."""
    blocks = doc.blocks
    head = f"Document(meta={doc.meta!r}, blocks="
    rest = repr(dataclasses.replace(doc, blocks=()))
    if not rest.startswith(head + "()"):  # the Document's fields were reordered: do it slowly
        return hashlib.sha256(repr(doc).encode("utf-8")).digest()
    h = hashlib.sha256(head.encode("utf-8"))
    h.update(("(" + ", ".join(map(repr, blocks)) + ("," if len(blocks) == 1 else "") + ")")
             .encode("utf-8"))
    h.update(rest[len(head) + 2:].encode("utf-8"))
    return h.digest()


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
    digest = _digest(doc)
    tmpl.build(story, canvasmaker=functools.partial(
        _Canvas, footer=b.draw_footer, created=meta.created, digest=digest))
    return buf.getvalue()
