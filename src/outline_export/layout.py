"""What a writer gets beside the document: the resolved theme, the page, every dimension.

Papers are defined here once. Every dimension a writer uses (margins, list gutters, quotation
and note insets, writing-line gaps) is read from the theme here, scaled by the body size here,
and measured with the theme's own font files (``fontmetrics``), so the Word and PDF writers
place things alike, and a custom font indents as well as the shipped one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache

from outline_export.theme import Style, Theme, theme_for


@dataclass(frozen=True)
class Paper:
    name: str
    width: float  # points (1/72 in)
    height: float
    small: bool = False  # the theme's small-paper margins apply


PAPERS: dict[str, Paper] = {p.name: p for p in (
    Paper("letter", 612.0, 792.0),
    Paper("a4", 595.2756, 841.8898),
    Paper("half-letter", 396.0, 612.0, small=True),
    Paper("a5", 419.5276, 595.2756, small=True),
)}
PAPER_NAMES = tuple(PAPERS)
# Slide shapes (-f pptx), width and height in points: PowerPoint's own 13.333 × 7.5 in and 10 × 7.5 in.
SLIDES: dict[str, tuple[float, float]] = {"16:9": (960.0, 540.0), "4:3": (720.0, 540.0)}


@dataclass(frozen=True)
class PageGeometry:
    paper: str
    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


@dataclass(frozen=True)
class Dimensions:
    """The theme's dimensions in points at the document's body size."""

    list_indent: float  # the least room a list label gets
    label_gap: float  # between the widest label of a list and its text
    quote_indent: float  # a quotation's inset, left and right
    credit_gap: float  # between a quotation and its credit
    note_pad_v: float  # inside a note's box
    note_pad_h: float
    note_space: float  # around a note's box
    note_border: float  # the box's line width
    writing_line_gap: float  # from one writing line to the next
    writing_lines_after: float  # after the last
    title_after: float  # between the title block and what follows
    logo_height: float  # the logo's largest height
    logo_after: float  # between the logo and the line under it
    max_nest: float  # the furthest right a nested list's labels start, as a share of the text width


@dataclass(frozen=True)
class ListPlace:
    """Where one list goes: the paragraph style of its items' text, where its labels hang, how
    much room they get, and where its text (and every block inside an item) starts."""

    style: str
    label_left: float
    gutter: float

    @property
    def text_left(self) -> float:
        return self.label_left + self.gutter


def face_name(bold: bool, italic: bool) -> str:
    """The key of a family's face in a theme's fonts: regular, bold, italic, bolditalic."""
    return ("bold" if bold else "") + ("italic" if italic else "") or "regular"


@dataclass(frozen=True, eq=False)
class WriterOptions:
    """How to draw: the resolved theme at a body size, the page, the dimensions, a Word template."""

    theme: Theme
    body_size: float
    page: PageGeometry
    dims: Dimensions
    template: str | None = None  # a user's .docx whose styles, margins, header and footer win
    # With a template: True when no paper was given anywhere, so the .docx keeps the template's page
    # size (and ``page`` is that size); False: ``page`` is the paper given, and the .docx gets it too.
    template_page: bool = False
    # True when the body size was chosen (font_size): a template's text is then set at it as well
    # (its Normal and defaults at the body size, its other sizes scaled alike); False: its sizes win.
    sized: bool = False
    fillable: bool = False  # PDF only: a form field on every blank and writing space (backends/_pdf_form)
    slides: str = "16:9"  # slides only: their shape (SLIDES)
    _measured: dict = field(default_factory=dict, repr=False)  # font metrics and gutters, worked out once

    def __getstate__(self) -> dict:  # sent to the second process without what it measured
        return {k: v for k, v in self.__dict__.items() if k != "_measured"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, _measured={})

    def style(self, name: str) -> Style:
        """Theme style ``name`` in points at this body size."""
        return self.theme.style(name, self.body_size)

    def font_file(self, style: Style, bold: bool | None = None, italic: bool | None = None) -> str:
        bold = style.bold if bold is None else bold
        italic = style.italic if italic is None else italic
        return str(self.theme.fonts[style.font][face_name(bold, italic)])

    def text_width(self, text: str, style: Style, bold: bool | None = None) -> float:
        """Width in points of ``text`` set in ``style`` (from the theme's font file)."""
        path = self.font_file(style, bold)
        metrics = self._measured.get(path)
        if metrics is None:
            from outline_export import fontmetrics

            metrics = self._measured[path] = fontmetrics.load(path)
        return metrics.width(text, style.size)

    def place(self, lst, left: float) -> ListPlace:
        """Where ``lst`` (a ``document.List``) goes when the text it belongs to starts at ``left``
        (0 on the page, else its parent item's text): the one place both writers get it from."""
        from outline_export.document import Paragraph

        style = next((it.blocks[0].style for it in lst.items
                      if it.blocks and type(it.blocks[0]) is Paragraph), "list")
        gutter = self.gutter([it.label for it in lst.items], style)
        return ListPlace(style, self.list_start(left, gutter), gutter)

    def list_start(self, left: float, gutter: float) -> float:
        """Where a list hangs its labels, given where the text it belongs to starts (``left``: 0 on
        the page, else its parent item's text) and its own gutter: under that text, but never
        further right than ``max_nest`` of the text width (twelve levels of "1.1.1." labels would
        leave no room for words); past that the labels hang back into the parent's gutter, and
        the text still starts ``label_gap`` right of the parent's, so the nesting never reads
        backwards."""
        cap = self.dims.max_nest * self.page.text_width
        return min(left, max(cap, left + self.dims.label_gap - gutter))

    def gutter(self, labels, style_name: str) -> float:
        """Room for a list's labels in paragraph style ``style_name``: the widest label and the
        gap after it, at least ``list_indent``, rounded up to half a point."""
        key = (style_name, *labels)
        hit = self._measured.get(key)
        if hit is None:
            style = self.style(style_name)
            widest = max((self.text_width(label, style) for label in set(labels) if label), default=0.0)
            need = max(self.dims.list_indent, widest + self.dims.label_gap) if widest else self.dims.list_indent
            hit = self._measured[key] = math.ceil(need * 2) / 2
        return hit


def page_geometry(theme: Theme, paper: str | Paper) -> PageGeometry:
    p = PAPERS[paper] if isinstance(paper, str) else paper
    page = theme.get("page", {}) or {}
    if p.small:
        m = float(page.get("small_paper_margin", 40))
        top = right = bottom = left = m
    else:
        top, right = float(page.get("margin_top", 54)), float(page.get("margin_right", 60))
        bottom, left = float(page.get("margin_bottom", 54)), float(page.get("margin_left", 60))
    return PageGeometry(p.name, p.width, p.height, top, right, bottom, left)


SMALL_WIDTH = 500.0  # points: a page narrower than this (half-letter, A5) gets the small-paper margins
_SAME_PAPER = 2.0  # points either way: Word stores sizes in whole twips, and A4 is not whole points


def template_paper(template: str) -> Paper:
    """The paper of a Word template's last section (``w:pgSz``): one of ``PAPERS`` when its size is
    one of theirs, else a paper named "template" of its own size (landscape stays landscape).
    A template that states no page size is Letter, as Word treats it. Read once per file version."""
    import os

    try:
        st = os.stat(template)
    except OSError:
        return PAPERS["letter"]  # the settings already checked the file; no readable size: Word's default
    return _template_paper(template, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _template_paper(template: str, _mtime_ns: int, _size: int) -> Paper:
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    from outline_export import assets

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    try:  # the copy the settings checked (size-capped, kept), not the file read again
        with zipfile.ZipFile(io.BytesIO(assets.template_package(template))) as z:
            root = ET.fromstring(z.read("word/document.xml"))
        sizes = [el for el in root.iter(f"{w}pgSz")]
        width, height = (float(sizes[-1].get(f"{w}w")) / 20, float(sizes[-1].get(f"{w}h")) / 20)
    except (assets.AssetError, OSError, KeyError, IndexError, TypeError, ValueError, ET.ParseError,
            zipfile.BadZipFile):
        return PAPERS["letter"]  # the settings already checked the file; no readable size: Word's default
    for p in PAPERS.values():
        if abs(p.width - width) <= _SAME_PAPER and abs(p.height - height) <= _SAME_PAPER:
            return p
    return Paper("template", width, height, small=min(width, height) < SMALL_WIDTH)


def dimensions(theme: Theme, body_size: float) -> Dimensions:
    lay = theme.get("layout", {}) or {}
    scale = body_size / 11.0

    def pt(key: str, default: float) -> float:
        return float(lay.get(key, default)) * scale

    return Dimensions(
        list_indent=pt("list_indent", 22),
        label_gap=pt("label_gap", 5),
        quote_indent=theme.style("quote", body_size).indent,
        credit_gap=pt("credit_gap", 1.5),
        note_pad_v=pt("note_padding_v", 4),
        note_pad_h=pt("note_padding_h", 6),
        note_space=pt("note_space", 3),
        note_border=float(lay.get("note_border", 0.6)),
        writing_line_gap=pt("writing_line_gap", 24),
        writing_lines_after=pt("writing_lines_after", 8),
        title_after=pt("title_after", 8),
        logo_height=float(lay.get("logo_height", 72)),
        logo_after=pt("logo_after", 6),
        max_nest=float(lay.get("max_nest", 0.4)),
    )


def writer_options(theme: str = "default", overrides: tuple[tuple[str, str], ...] = (), body_size: float = 11.0,
                   paper: str | None = None, template: str | None = None, sized: bool = False,
                   right_margin: float | None = None) -> WriterOptions:
    """The options for one document (the same arguments give the same object while the template
    file is unchanged). ``paper`` None: none was given, so the template's page size (see
    ``template_paper``), or Letter without a template. ``sized``: the body size was chosen."""
    if paper is not None and paper not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; known: {', '.join(PAPERS)}")
    from_template = paper is None and template is not None
    page = template_paper(template) if from_template else PAPERS[paper or "letter"]
    return _writer_options(theme, overrides, float(body_size), page, template, from_template, sized, right_margin)


@lru_cache(maxsize=32)
def _writer_options(theme: str, overrides: tuple[tuple[str, str], ...], body_size: float, paper: Paper,
                    template: str | None, template_page: bool, sized: bool,
                    right_margin: float | None = None) -> WriterOptions:
    th = theme_for(theme, overrides)
    page = page_geometry(th, paper)
    if right_margin is not None:  # a pulpit copy's room to write; the text keeps at least half the page
        page = replace(page, right=max(page.right, min(right_margin, page.width / 2 - page.left)))
    return WriterOptions(th, body_size, page, dimensions(th, body_size), template,
                         template_page, sized)
