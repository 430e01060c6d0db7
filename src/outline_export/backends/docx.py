"""The Word writer: a render tree drawn as a .docx a user can restyle.

What a Word user gets:

* real styles made from the theme (``_docx_styles``): built-in ones where Word has them, named
  ones for the rest, and character styles for run roles (references, credits, blank numbers);
* real lists: every list in the tree is its own list instance (``w:num``) with a start override,
  so each counts from its own start, and Word renumbers a point a user inserts. Its level's
  format is the list's numbering (style, delimiter, prefix), never parsed from a label; its
  indents are the ones ``layout`` measured for the PDF too;
* blanks as underlined figure spaces (character style "Blank"), answers in the character style
  "Answer", page numbers as PAGE / NUMPAGES fields;
* the same bytes for the same document and options (fixed zip dates, order and compression).

With ``options.template`` the user's .docx is the starting point: its styles, margins, header
and footer win; its page size too unless a paper was given, and its text sizes unless a body size
(font_size) was; styles it lacks are made (based on its Normal) and reported as ``MissingStyle``
notices. Paragraphs are written as XML text and parsed once (python-docx's
``add_paragraph(style=...)`` costs about 1 ms each); raw XML lives in ``_ooxml``.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import datetime, timezone
from pathlib import Path

import docx as python_docx
from docx.oxml.ns import qn
from lxml import etree

from .. import assets
from .. import document as d
from .. import qr
from ..layout import WriterOptions
from . import MissingStyle
from . import _ooxml as ox
from . import _ooxml_package as pkg
from ._docx_styles import OUTLINE_STYLES, PARAGRAPH_STYLES, ROLE_STYLES, SPECS, StyleMaker, resize_template
from .base import Visitor

__all__ = ["write"]

# python-docx's default package made small (tools/make_word_default.py): its styles part is 16 KB,
# not 438 KB, and the writer makes every style it uses anyway
WORD_DEFAULT = Path(__file__).resolve().parent.parent / "data" / "word-default.docx"
INCH_EMU = 914400
QR_SIZE = qr.SIZE
MAX_LEVELS = 9  # Word's numbering levels; deeper lists use the last, with their own indents
BLANK_SPACE = "\u2007"  # a figure space: non-breaking, and LibreOffice never hangs a run of
# them past the margin at a line end (a run of U+00A0 in a heading vanished that way)
_NUMFMT = {"upper-roman": "upperRoman", "upper-alpha": "upperLetter", "decimal": "decimal",
           "lower-alpha": "lowerLetter", "lower-roman": "lowerRoman", "bullet": "bullet", "none": "none"}
# The Word style of an item's first paragraph, by its theme style ("list": by depth).
_ITEM_STYLES = {"question": "Question", "answer_key": "Answer Key"}


class DocxWriter(StyleMaker, Visitor):
    name = "docx"

    def __init__(self, doc: d.Document, opts: WriterOptions):
        self.doc, self.opts = doc, opts
        self.theme = opts.theme
        self.body_size = opts.body_size
        self.template = opts.template
        self.font_names = self.theme.get("word_font_names", {}) or {}
        cs = (self.theme.fallbacks or ("sans",))[0]  # the first fallback (DejaVu Sans) has Hebrew
        self.cs_font = self.font_names.get(cs, "DejaVu Sans")
        self.created_styles: list[str] = []
        self._sid: dict[str, str] = {}
        self._break_next = False
        self._ppr_cache: dict = {}
        self._abstracts: dict[tuple, int] = {}
        self._abstract_xml: list[str] = []
        self._num_xml: list[str] = []
        self._depth = 0
        self._size = opts.body_size  # the size of the paragraph being drawn (for roles, blanks)
        self._style = opts.style("body")

    # ------------------------------------------------------------ entry

    def build(self) -> bytes:
        if self.template:  # the clean copy the settings checked: no macros, properties or old body
            self.document = python_docx.Document(io.BytesIO(assets.template_package(self.template)))
            pkg.drop_template_links(self.document.settings.element)
        else:
            self.document = python_docx.Document(str(WORD_DEFAULT))
        self.styles_el = self.document.styles.element
        self._by_name = ox.styles_by_name(self.styles_el)
        self._ids = ox.style_ids(self.styles_el)
        body = self.document.element.body
        pkg.clear_body(body)
        sect = body.find(qn("w:sectPr"))
        if sect is None:
            sect = ox.parse_one("<w:sectPr/>")
            body.append(sect)
        if not self.template:
            self._prepare_default_package(sect)
            for spec in SPECS:
                self.sid(spec.name)
        else:
            self._fit_template(sect)
        if any(type(b) is d.List for b in self.doc.blocks):
            self.numbering = pkg.ensure_numbering_part(self.document.part).element
            self._next_abs, self._next_num = (n + 1 for n in pkg.numbering_ids(self.numbering))

        self._out: list[str] = []
        for block in self.doc.blocks:
            self.dispatch(block, 0.0)
        if self._break_next:  # a page break at the very end
            self._out.append(ox.p_xml("", ox.page_break_run()))
        pkg.append_blocks(body, "".join(self._out))
        if self._num_xml:
            pkg.add_numbering(self.numbering, self._abstract_xml, self._num_xml)
        self._footer(sect)
        self._core_properties()
        for name in self.created_styles:
            warnings.warn(MissingStyle(name))
        when = datetime.fromtimestamp(self.doc.meta.created, timezone.utc)
        return pkg.package_bytes(self.document.part.package, when.timetuple()[:6])

    def _prepare_default_package(self, sect) -> None:
        """The default package (``WORD_DEFAULT``: no thumbnail, no stylesWithEffects copy of the
        styles, current compatibility mode) given the theme's defaults and the page."""
        body = self.opts.style("body")
        font, _, ea = self._fonts(body.font)
        # the document's language (spelling, hyphenation, a screen reader's voice)
        lang = ox.esc("en-US" if self.doc.meta.language == "en" else self.doc.meta.language)
        ox.set_doc_defaults(
            self.styles_el,
            f'<w:rPr><w:rFonts w:ascii="{ox.esc(font)}" w:hAnsi="{ox.esc(font)}" '
            f'w:eastAsia="{ox.esc(ea)}" w:cs="{ox.esc(self.cs_font)}"/>'
            f'<w:sz w:val="{ox.half_points(body.size)}"/><w:szCs w:val="{ox.half_points(body.size)}"/>'
            f'<w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="he-IL"/></w:rPr>',
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
        )
        g = self.opts.page
        # header and footer sit halfway into their margins, so a one-line footer never pushes the body up
        margins = {"top": g.top, "right": g.right, "bottom": g.bottom, "left": g.left,
                   "header": g.top / 2, "footer": g.bottom / 2}
        pkg.set_page(sect, g.width, g.height, margins)

    def _fit_template(self, sect) -> None:
        """What the edition states wins over the template: a paper given anywhere (command line,
        audience, [defaults]) sets its page size (its margins, header and footer stay), and a
        chosen body size (font_size) sets its text at that size (``resize_template``)."""
        if not self.opts.template_page:
            pkg.set_page_size(sect, self.opts.page.width, self.opts.page.height)
        if self.opts.sized:
            resize_template(self.styles_el, self.body_size)

    # ------------------------------------------------------------ paragraphs

    def _para(self, style_name: str, content: str, **ppr_kw) -> None:
        if self._break_next:
            ppr_kw["page_break_before"] = True
            self._break_next = False
        self._out.append(ox.p_xml(ox.ppr(self.sid(style_name), **ppr_kw), content))

    def _runs(self, runs, theme_style: str) -> str:
        """The XML of ``runs`` in a paragraph of theme style ``theme_style``."""
        self._style = self.opts.style(theme_style)
        self._size = self._style.size
        return "".join(self.dispatch(r) for r in runs)

    def _text(self, text: str, style: str | None = None, **kw) -> str:
        return ox.runs_xml(text, self.sid(style) if style else None, rtl_font=self.cs_font, **kw)

    @staticmethod
    def _keep(block) -> dict:
        return {"keep_next": True} if block.keep_with_next else {}

    # ------------------------------------------------------------ inline runs

    def visit_Run(self, run: d.Run) -> str:
        if run.role is None:
            return ox.runs_xml(run.text, None, bold=run.bold, italic=run.italic, rtl_font=self.cs_font)
        role = self.theme.role(run.role)
        size = self._size * role.scale if role.scale is not None else None  # relative: set on the run
        style = self.sid(ROLE_STYLES[run.role]) if run.role in ROLE_STYLES else None
        if role.small_caps:  # LORD: "L" at the size, "ORD" smaller (Word's w:smallCaps leaves capitals alone)
            small = (size or self._size) * role.small_caps
            return "".join(ox.runs_xml(piece, style, bold=run.bold, italic=run.italic, rtl_font=self.cs_font,
                                       size=small if is_small else size) for piece, is_small in role.pieces(run.text))
        return ox.runs_xml(run.text, style, bold=run.bold, italic=run.italic, rtl_font=self.cs_font, size=size)

    def visit_BlankLine(self, blank: d.BlankLine) -> str:
        space = self.opts.text_width(BLANK_SPACE, self._style, bold=False) / self._size  # ems
        count = max(1, int(round(blank.width / space))) if space else max(1, int(blank.width))
        return f'<w:r>{ox.rpr(self.sid("Blank"))}<w:t xml:space="preserve">{BLANK_SPACE * count}</w:t></w:r>'

    def visit_Answer(self, answer: d.Answer) -> str:
        return self._text(answer.text, "Answer")

    # ------------------------------------------------------------ blocks

    def visit_TitleBlock(self, tb: d.TitleBlock, left: float) -> None:
        keep = self._keep(tb)
        if tb.church:
            self._para("Church Name", self._runs((d.Run(tb.church),), "church"), **keep)
        if tb.logo:
            self._para("Church Name", self._picture(tb.logo), keep_next=True, space_after=self.opts.dims.logo_after)
        if tb.label:
            self._para("Edition Label", self._runs((d.Run(tb.label),), "label"), **keep)
        self._para("Title", self._runs(tb.title, "title"), **keep)
        if tb.subtitle:
            self._para("Subtitle", self._runs(tb.subtitle, "subtitle"), **keep)
        for i, line in enumerate(tb.meta):
            last = i == len(tb.meta) - 1
            kw = {"space_after": self.opts.style("meta").space_after + self.opts.dims.title_after} if last else {}
            self._para("Meta", self._runs((d.Run(line),), "meta"), **keep, **kw)
        if tb.qr:  # the code centred under the meta lines, its address under it
            self._para("Meta", self._picture(None, qr.png(tb.qr), QR_SIZE), keep_next=True)
            self._para("Meta", self._runs((d.Run(tb.qr_caption or tb.qr),), "meta"), **keep,
                       space_after=self.opts.style("meta").space_after + self.opts.dims.title_after)

    def _picture(self, path: str | None, png: bytes = b"", height_pt: float | None = None) -> str:
        from docx.image.image import Image

        if path is not None:
            png = assets.logo_png(path)  # decoded and checked when the settings loaded; never the file's own bytes
        image = Image.from_blob(png)
        width, height = image.width, image.height  # EMU at the image's resolution
        limit = (height_pt or self.opts.dims.logo_height) * 12700
        if height_pt:  # a QR code: exactly this size, whatever the PNG's resolution
            width, height = width * limit / height, limit
        scale = min(1.0, limit / height if height else 1.0)
        sect = self.document.sections[-1]
        text_width = (sect.page_width or 0) - (sect.left_margin or 0) - (sect.right_margin or 0)
        if text_width > 0 and width * scale > text_width:
            scale = text_width / width
        inline = self.document.part.new_pic_inline(io.BytesIO(png), int(width * scale), int(height * scale))
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"

    def visit_Heading(self, h: d.Heading, left: float) -> None:
        level = min(max(h.level, 1), 3)
        # stated either way: Word's heading styles keep with the next paragraph
        self._para(f"Heading {level}", self._runs(h.runs, f"heading{level}"), keep_next=h.keep_with_next)

    def _word_style(self, style: str) -> str:
        """The Word style for theme style ``style`` (a theme's own style gets one of its own name)."""
        name = PARAGRAPH_STYLES.get(style)
        if name is None:
            self.theme.raw_style(style)  # a theme's own style: fine; otherwise KeyError
            name = style.replace("_", " ").title()
        return name

    def visit_Paragraph(self, p: d.Paragraph, left: float) -> None:
        name = self._word_style(p.style)
        kw = self._keep(p)
        if left:
            kw.update(ind_left=left + self.opts.style(p.style).indent, hanging=0)
        self._para(name, self._runs(p.runs, p.style), **kw)

    def visit_List(self, lst: d.List, left: float) -> None:
        place = self.opts.place(lst, left)
        first_style, gutter, text_left = place.style, place.gutter, place.text_left
        ilvl = min(self._depth, MAX_LEVELS - 1)
        num = self._list_instance(lst.numbering, ilvl, text_left, gutter, first_style)
        self._depth += 1
        for item in lst.items:
            blocks = item.blocks
            first = blocks[0] if blocks and type(blocks[0]) is d.Paragraph else None
            style = first.style if first else first_style
            word = _ITEM_STYLES.get(style) or (
                f"Outline Level {min(self._depth, OUTLINE_STYLES)}" if style == "list" else self._word_style(style))
            keep = bool(first and first.keep_with_next)
            key = (word, num, ilvl, text_left, gutter, keep, self._break_next)
            ppr = self._ppr_cache.get(key)
            if ppr is None:
                ppr = self._ppr_cache[key] = ox.ppr(self.sid(word), keep_next=True if keep else None,
                                                    page_break_before=self._break_next, num=(num, ilvl),
                                                    ind_left=text_left, hanging=gutter)
            self._break_next = False
            start = len(self._out)
            self._out.append(f"<w:p>{ppr}{self._runs(first.runs, style) if first else ''}</w:p>")
            for block in blocks[1 if first else 0:]:
                self.dispatch(block, text_left)
            if item.keep_together:  # every paragraph of the item on one page: keep lines, keep with next
                self._out[start:] = [_kept(p, i < len(self._out) - start - 1) for i, p in enumerate(self._out[start:])]
        self._depth -= 1

    def _list_instance(self, numbering: d.Numbering, ilvl: int, text_left: float, gutter: float,
                       style: str) -> int:
        """A w:num for one list: its abstract numbering (shared by lists that look alike) with
        this list's format at level ``ilvl``, and a start override."""
        fmt = _NUMFMT[numbering.style]
        font = self._font(self.opts.style(style)) if numbering.style == "bullet" else None
        levels = []
        for i in range(MAX_LEVELS):
            text = numbering.symbol if numbering.style == "bullet" else (
                "" if numbering.style == "none" else numbering.spell(f"%{i + 1}"))
            left = max(gutter, text_left + (i - ilvl) * self.opts.dims.list_indent)
            levels.append(pkg.Level(fmt=fmt, text=text, left=left, hanging=gutter, font=font))
        sig = tuple(levels)
        abstract = self._abstracts.get(sig)
        if abstract is None:
            abstract = self._abstracts[sig] = self._next_abs
            self._next_abs += 1
            self._abstract_xml.append(pkg.abstract_num_xml(
                abstract, pkg.nsid_for(f"{abstract}:{sig}"), levels, f"Outline Export {numbering.style} {ilvl + 1}"))
        num = self._next_num
        self._next_num += 1
        # a start override makes this instance count on its own (it uses only level ilvl)
        self._num_xml.append(pkg.num_xml(num, abstract, {ilvl: numbering.start}))
        return num

    def visit_Quote(self, q: d.Quote, left: float) -> None:
        dims = self.opts.dims
        kw = {"ind_left": left + dims.quote_indent} if left else {}
        if q.credit:
            self._para("Quote", self._runs(q.runs, "quote"), keep_next=True, space_after=dims.credit_gap, **kw)
            self._para("Scripture Reference", self._runs(q.credit, "quote_ref"), space_before=0, **kw)
        else:
            self._para("Quote", self._runs(q.runs, "quote"), **kw)

    def visit_Note(self, n: d.Note, left: float) -> None:
        kw = {"ind_left": left + self.opts.dims.note_pad_h} if left else {}
        self._para("Speaker Note", self._runs(n.runs, "note"), **kw)

    def visit_WritingLines(self, w: d.WritingLines, left: float) -> None:
        kw = {"ind_left": left} if left else {}
        for i in range(max(0, w.count)):
            last = i == w.count - 1
            if last:  # room between the last line and what follows
                kw["space_after"] = self.opts.dims.writing_lines_after
            self._para("Writing Line", "", keep_next=None if last else True, **kw)

    def visit_PageBreak(self, _: d.PageBreak, left: float) -> None:
        # the next paragraph starts the page (w:pageBreakBefore): no empty line left at its top
        self._break_next = True

    # ------------------------------------------------------------ footer, properties

    def _footer(self, sect) -> None:
        if self.template and pkg.has_footer(sect):
            return  # the template's own footer wins
        if not self.doc.footer:
            return
        section = self.document.sections[-1]
        section.footer.is_linked_to_previous = False
        content = []
        for piece in re.split(r"(\{page\}|\{pages\})", self.doc.footer):
            if piece == "{page}":
                content.append(ox.field_xml("PAGE", "1"))
            elif piece == "{pages}":
                content.append(ox.field_xml("NUMPAGES", "1"))
            elif piece:
                content.append(ox.runs_xml(piece, None, rtl_font=self.cs_font))
        p = ox.p_xml(ox.ppr(self.sid("Footer")), "".join(content))
        pkg.replace_children(section.footer._element, p)

    def _core_properties(self) -> None:
        when = datetime.fromtimestamp(self.doc.meta.created, timezone.utc).replace(tzinfo=None)
        # a template's core.xml is never read or copied (assets_template leaves it out): made anew
        cp = pkg.fresh_core_properties(self.document.part.package) if self.template else self.document.core_properties
        pkg.set_core_properties(cp, self.doc.meta, when, qn)


def _kept(p: str, keep_next: bool) -> str:
    """Paragraph XML ``p`` with w:keepLines and (``keep_next``) w:keepNext set, in schema order."""
    p = p.replace('<w:keepNext w:val="0"/>', "").replace("<w:keepNext/>", "").replace("<w:keepLines/>", "")
    if not p.startswith("<w:p><w:pPr>"):
        p = p.replace("<w:p>", "<w:p><w:pPr></w:pPr>", 1)
    head, rest = p.split("<w:pPr>", 1)
    style = re.match(r'<w:pStyle w:val="[^"]*"/>', rest)
    at = style.end() if style else 0
    return head + "<w:pPr>" + rest[:at] + ("<w:keepNext/>" if keep_next else "") + "<w:keepLines/>" + rest[at:]


def write(doc: d.Document, options: WriterOptions) -> bytes:
    """The .docx file for ``doc`` drawn with ``options``; styles a template lacked (and that were
    made) are reported as ``MissingStyle`` warnings."""
    return DocxWriter(doc, options).build()
