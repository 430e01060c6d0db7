"""The slides writer (``-f pptx``): a PowerPoint deck to project, with python-pptx.

``_pptx_layout`` plans the slides (what goes on which, how many lines each paragraph takes,
measured with the theme's font files); this module draws them: a title slide, the big idea, one
slide (or more) per section, a slide per quotation. A slide with numbered blanks that carry their
answers is followed by one slide per blank in number order, the next answer filled in and
highlighted, those before it filled in plainly (no animation XML: every reveal is a slide of its
own, so it shows alike in PowerPoint, LibreOffice, Keynote and a PDF). The speaker's notes, the
timing and the answer about to be revealed are in each slide's notes pane.

Text boxes keep word wrap on and auto-fit off: the plan has already made every slide fit.
The zip is the same for the same input: fixed dates from ``document.meta.created``.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import datetime, timezone

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Pt

from outline_export import assets, fontmetrics, qr
from outline_export import document as d
from outline_export.backends import _pptx_layout as lay
from outline_export.backends._zip import set_core_properties, zip_members

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT, "justify": PP_ALIGN.LEFT}
QR_SIZE = 120.0  # points: a QR code on the title slide (scans from the front rows; the handout has its own)
QR_CAPTION_SPILL = 36.0  # points the QR code's caption reaches out either side of it
LOGO_HEIGHT = 64.0  # points: the logo's largest height on the title slide
TITLE_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)  # the title slide alone is set smaller when its words need it


def _emu(points: float) -> int:
    return int(round(points * 12700))


def _rgb(color: str) -> RGBColor:
    return RGBColor.from_string(color.lstrip("#")[:6].upper())


class PptxWriter:
    def __init__(self, doc: d.Document, options):
        self.doc, self.options = doc, options
        self.slides, self.m = lay.plan(doc, options)
        self.theme = options.theme
        self.names = self.theme.get("word_font_names", {}) or {}
        self._ea: dict[str, str] = {}  # family -> the slide's East Asian font name for its runs
        self.accent = self.theme.color("accent")

    def build(self) -> bytes:
        self.prs = Presentation()
        self.prs.slide_width, self.prs.slide_height = _emu(self.m.width), _emu(self.m.height)
        self.blank_layout = self.prs.slide_layouts[6]
        revealed: set[int] = set()
        for spec in self.slides:
            if spec.kind == "title":
                self.title_slide(spec)
                continue
            # a blank revealed on an earlier slide (a heading's, on a continued slide) stays filled
            blanks = [b for b in spec.blanks() if b.number not in revealed]
            self.draw(spec, revealed, None, blanks[0] if blanks else None)
            for i, blank in enumerate(blanks):  # the reveals, in number order
                shown = revealed | {b.number for b in blanks[: i + 1]}
                self.draw(spec, shown, blank, blanks[i + 1] if i + 1 < len(blanks) else None)
            revealed = revealed | {b.number for b in blanks}
        return self.save()

    # ------------------------------------------------------------ slides

    def _slide(self, notes: list[str]):
        slide = self.prs.slides.add_slide(self.blank_layout)
        if notes:
            slide.notes_slide.notes_text_frame.text = "\n".join(n.replace("\v", " ") for n in notes)
        return slide

    def draw(self, spec: lay.Slide, shown: set[int], current, following) -> None:
        notes = list(spec.notes)
        if current is not None:
            notes.append(self.doc.control("revealed", number=current.number, answer=current.answer))
        if following is not None:
            notes.append(self.doc.control("next_answer", number=following.number, answer=following.answer))
        slide = self._slide(notes)
        top = lay.MARGIN_TOP
        if spec.heading is not None and not spec.entries:  # a section with nothing to show: a divider
            h = replace(spec.heading, align="center")
            self.box(slide, [h], lay.MARGIN_X, top, self.m.box, self.m.height - top - lay.MARGIN_BOTTOM, shown,
                     current, middle=True)
            return
        if spec.heading is not None:
            h = spec.heading
            height = len(h.lines) * h.leading
            self.box(slide, [h], lay.MARGIN_X, top, self.m.box, height, shown, current)
            top += height + lay.HEADING_GAP
        bottom = self.m.height - lay.MARGIN_BOTTOM
        if spec.kind == "credit" or (spec.entries and spec.entries[-1].style == "translations"):
            credit = spec.entries[-1]  # the translations line sits at the foot of the last slide
            self.box(slide, [credit], lay.MARGIN_X, bottom - credit.height, self.m.box, credit.height, shown, current)
            entries, bottom = spec.entries[:-1], bottom - credit.height
        else:
            entries = spec.entries
        if entries:
            middle = spec.kind in ("quote", "big_idea")
            self.box(slide, entries, lay.MARGIN_X, top, self.m.box, bottom - top, shown, current, middle)

    def box(self, slide, entries, x, y, w, h, shown, current, middle=False):
        tb = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))
        tf = tb.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.NONE
        tf.margin_left = tf.margin_right = tf.margin_top = tf.margin_bottom = 0
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE if middle else MSO_ANCHOR.TOP
        for i, e in enumerate(entries):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            self.paragraph(p, e, shown, current)
        return tb

    def paragraph(self, p, e: lay.Entry, shown, current) -> None:
        p.alignment = _ALIGN.get(e.align, PP_ALIGN.LEFT)
        p.line_spacing = Pt(e.leading)
        p.space_before, p.space_after = Pt(e.space_before), Pt(e.space_after)
        if e.left or e.gutter:
            ppr = p._p.get_or_add_pPr()
            ppr.set("marL", str(_emu(e.left + e.gutter)))
            ppr.set("indent", str(-_emu(e.gutter) if e.label else 0))  # a cut paragraph's rest: no hanging line
        if e.label:  # the label hangs in the gutter; a tab takes the text to where it starts
            for a in e.label:
                self.run(p, a, a.text)
            self.run(p, e.label[-1], "\t")
        pending: list = []  # (atom, text) of one look, joined into one run
        for line in e.lines:
            for a in line:
                if a.br:
                    self._runs(p, pending)
                    pending = []
                    p.add_line_break()
                    continue
                text, look = self.look(a, shown, current)
                if pending and pending[-1][0] == look:
                    pending[-1] = (look, pending[-1][1] + text)
                else:
                    pending.append((look, text))
        self._runs(p, pending)
        if not e.lines or not any(e.lines):
            self.run(p, lay.Atom("", self.m.style(e.style).font, self.m.style(e.style).size), "")

    def look(self, a: lay.Atom, shown, current):
        """The text an atom draws in this state, and how it looks."""
        if a.blank is None:
            return a.text, (a.font, a.size, a.bold or a.answer, a.italic, a.color, a.answer, 0)  # answers underlined
        b = a.blank
        if b.number and b.answer is not None and b.number in shown:
            if current is not None and b.number == current.number:  # just revealed: accent, bold
                return b.answer, (a.font, a.size, True, a.italic, self.accent, True, id(a))
            return b.answer, (a.font, a.size, a.bold, a.italic, a.color, True, id(a))
        return "_" * self.m.underscores(b, a), (a.font, a.size, False, False, a.color, False, id(a))  # a run each

    def _runs(self, p, pending) -> None:
        for (font, size, bold, italic, color, underline, _), text in pending:
            self.run(p, lay.Atom(text, font, size, bold, italic, color), text, underline)

    def run(self, p, a: lay.Atom, text: str, underline: bool = False) -> None:
        r = p.add_run()
        r.text = text
        f = r.font
        f.size = Pt(round(a.size * 100) / 100)
        f.bold, f.italic = a.bold, a.italic
        if underline:
            f.underline = True
        name = self.names.get(a.font, a.font)
        f.name = name
        rpr = r._r.get_or_add_rPr()
        ea = self._ea.get(a.font)
        if ea is None:  # Hangul: the East Asian font (Nanum Gothic), unless the run's own font has it
            family = fontmetrics.east_asian_family(self.theme, a.font)
            ea = self._ea[a.font] = self.names.get(family, family)
        for tag, face in (("a:ea", ea), ("a:cs", name)):
            el = rpr.find(qn(tag))
            if el is None:
                el = rpr.makeelement(qn(tag), {})
                rpr.append(el)
            el.set("typeface", face)
        f.color.rgb = _rgb(a.color)

    # ------------------------------------------------------------ the title slide

    def title_slide(self, spec: lay.Slide) -> None:
        b = spec.block
        slide = self._slide(spec.notes)
        span = QR_SIZE + 2 * QR_CAPTION_SPILL  # the QR code's column, its caption under it
        qr_room = span / 2 + QR_SIZE / 2 + 12 if b.qr else 0.0
        width = self.m.box - 2 * qr_room
        room = self.m.height - lay.MARGIN_TOP - lay.MARGIN_BOTTOM
        logo = assets.logo_png(b.logo) if b.logo else None
        for scale in TITLE_SCALES:
            entries = self._title_entries(b, width, scale)
            logo_h = LOGO_HEIGHT * scale + 8 if logo else 0.0
            total = sum(e.height for e in entries) + logo_h
            if total <= room:
                break
        top = lay.MARGIN_TOP + max(0.0, (room - total) / 2)
        if logo:
            self._picture(slide, logo, top, LOGO_HEIGHT * scale, width)
            top += logo_h
        self.box(slide, entries, lay.MARGIN_X + qr_room, top, width, total - logo_h, set(), None)
        if b.qr:
            x = self.m.width - lay.MARGIN_X - span / 2 - QR_SIZE / 2
            caption = self.m.entry((d.Run(b.qr_caption or b.qr),), "meta", width=span, scale=0.65)
            y = self.m.height - lay.MARGIN_BOTTOM - caption.height - QR_SIZE
            slide.shapes.add_picture(io.BytesIO(qr.png(b.qr)), _emu(x), _emu(y), _emu(QR_SIZE), _emu(QR_SIZE))
            caption.align = "center"
            self.box(slide, [caption], x - QR_CAPTION_SPILL, y + QR_SIZE, span, caption.height, set(), None)

    def _title_entries(self, b: d.TitleBlock, width: float, scale: float) -> list[lay.Entry]:
        def entry(runs, style):
            e = self.m.entry(runs, style, width=width / lay.FIT * 0.999, scale=scale)
            e.align = "center"
            return e

        out = []
        if b.church:
            out.append(entry((d.Run(b.church),), "church"))
        if b.label:
            out.append(entry((d.Run(b.label),), "label"))
        out.append(entry(b.title, "title"))
        if b.subtitle:
            out.append(entry(b.subtitle, "subtitle"))
        out.extend(entry((d.Run(line),), "meta") for line in b.meta)
        return out

    def _picture(self, slide, png: bytes, top: float, height: float, width: float) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(png)) as im:
            w, h = im.size
        pic_h = height
        pic_w = pic_h * w / h if h else pic_h
        if pic_w > width:
            pic_w, pic_h = width, width * h / w
        x = (self.m.width - pic_w) / 2
        slide.shapes.add_picture(io.BytesIO(png), _emu(x), _emu(top), _emu(pic_w), _emu(pic_h))

    # ------------------------------------------------------------ the package

    def save(self) -> bytes:
        meta = self.doc.meta
        when = datetime.fromtimestamp(meta.created, timezone.utc).replace(tzinfo=None)
        cp = self.prs.core_properties
        set_core_properties(cp, meta, when, qn)  # as the Word writer: at most 255 characters, no machine's date
        cp.language = meta.language
        package = self.prs.part.package
        for r_id in [r_id for r_id, rel in package._rels.items() if rel.reltype == RT.THUMBNAIL]:
            package._rels.pop(r_id)  # the template's picture of an empty slide
        raw = io.BytesIO()
        self.prs.save(raw)
        return _same_zip(raw.getvalue(), when.timetuple()[:6])


def _same_zip(data: bytes, date_time) -> bytes:
    """python-pptx's zip again, as ``_zip.zip_members`` makes it: the same bytes for the same slides."""
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        return zip_members({name: zin.read(name) for name in zin.namelist()}, date_time)


def write(doc: d.Document, options) -> bytes:
    return PptxWriter(doc, options).build()
