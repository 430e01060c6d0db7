"""The Word backend: a render tree (``document.Document``) drawn as a .docx a user can restyle.

What a Word user gets:

* real styles, made from the theme's style data: Word's built-in ones where Word has them (Normal,
  Title, Subtitle, Heading 1-3 with outline levels for the navigation pane, Quote, List Paragraph,
  Footer) and named ones for the rest ("Outline Level 1".."6", "Speaker Note", "Big Idea", ...);
  a style only states what differs from the style it is based on, so changing Normal's font
  changes every style that inherits it, as in the theme;
* real lists: one abstract numbering per label scheme, one list instance per list in the tree with
  a start override on every level, so each list counts from I. again, and Word renumbers a point
  a user inserts;
* blanks as underlined non-breaking spaces (character style "Blank"), answers in the character
  style "Answer", page numbers as PAGE / NUMPAGES fields;
* the same bytes for the same Document (fixed zip dates, order and compression).

With ``Document.docx_template`` the user's .docx is the starting point: its styles, page setup,
header and footer win; styles it lacks are made (based on its Normal) and reported by
``render_with_report``.

Speed: paragraphs are written as one XML string and parsed once (python-docx's
``add_paragraph(style=...)`` looks the style up by name on every call); style ids are resolved once.
Raw XML lives in ``_ooxml``.
"""

from __future__ import annotations

import io
import math
import re
import struct
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

import docx as python_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from ..document import (
    Answer,
    AnswerKey,
    BlankLine,
    Document,
    Heading,
    ListItem,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Run,
    TitleBlock,
    WritingLines,
)
from ..theme import Style, Theme, theme_for
from . import _ooxml as ox
from .base import Visitor

__all__ = ["render", "render_with_report", "PARAGRAPH_STYLES"]

STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
EMU_PER_PT = 12700
INCH_EMU = 914400
MAX_LEVELS = 9  # Word's numbering levels
OUTLINE_STYLES = 6  # "Outline Level 1".."6"; deeper items use the last one

# ---------------------------------------------------------------- styles

# A render-tree paragraph style name -> the Word style it is drawn in.
PARAGRAPH_STYLES = {
    "body": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "meta": "Meta",
    "label": "Edition Label",
    "church": "Church Name",
    "big_idea": "Big Idea",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "detail": "Detail",
    "closing": "Closing",
    "quote": "Quote",
    "quote_ref": "Scripture Reference",
    "heading_ref": "Scripture Reference",
    "note": "Speaker Note",
    "timing": "Timing",
    "question": "Question",
    "answer_key": "Answer Key",
    "footer": "Footer",
    "translations": "Translations",
    "list": "List Paragraph",
}


BLANK_SPACE = "\u2007"


@dataclass(frozen=True)
class StyleSpec:
    name: str  # the name Word shows
    kind: str  # paragraph | character
    theme_key: str | None  # the theme style it is made from
    parent: str | None = None  # the Word style it is based on (without a template)
    xml_name: str | None = None  # the stored name, when Word stores it differently ("heading 1")
    style_id: str | None = None
    next_style: str | None = None
    link: str | None = None
    builtin: bool = False

    @property
    def stored_name(self) -> str:
        return self.xml_name or self.name

    @property
    def preferred_id(self) -> str:
        return self.style_id or re.sub(r"[^A-Za-z0-9]", "", self.name) or "Style"


def _specs() -> list[StyleSpec]:
    P, C = "paragraph", "character"
    specs = [
        StyleSpec("Normal", P, "body", None, builtin=True),
        StyleSpec("Title", P, "title", "Normal", next_style="Normal", builtin=True),
        StyleSpec("Subtitle", P, "subtitle", "Title", next_style="Normal", builtin=True),
        StyleSpec("Heading 1", P, "heading1", "Normal", "heading 1", next_style="Normal", builtin=True),
        StyleSpec("Heading 2", P, "heading2", "Heading 1", "heading 2", next_style="Normal", builtin=True),
        StyleSpec("Heading 3", P, "heading3", "Heading 1", "heading 3", next_style="Normal", builtin=True),
        StyleSpec("Quote", P, "quote", "Normal", builtin=True),
        StyleSpec("Scripture Reference", P, "quote_ref", "Quote", link="Scripture Reference Char"),
        StyleSpec("List Paragraph", P, "list", "Normal", builtin=True),
    ]
    specs += [
        StyleSpec(f"Outline Level {n}", P, "list", "List Paragraph")
        for n in range(1, OUTLINE_STYLES + 1)
    ]
    specs += [
        StyleSpec("Question", P, "question", "Normal"),
        StyleSpec("Speaker Note", P, "note", "Normal"),
        StyleSpec("Meta", P, "meta", "Normal"),
        StyleSpec("Edition Label", P, "label", "Meta"),
        StyleSpec("Church Name", P, "church", "Meta"),
        StyleSpec("Big Idea", P, "big_idea", "Normal"),
        StyleSpec("Detail", P, "detail", "Normal"),
        StyleSpec("Closing", P, "closing", "Normal"),
        StyleSpec("Timing", P, "timing", "Normal"),
        StyleSpec("Translations", P, "translations", "Normal"),
        StyleSpec("Answer Key", P, "answer_key", "Normal"),
        StyleSpec("Writing Line", P, "body", "Normal"),
        StyleSpec("Footer", P, "footer", "Normal", "footer", builtin=True),
        StyleSpec("Scripture Reference Char", C, "heading_ref", link="Scripture Reference"),
        StyleSpec("Answer", C, None),
        StyleSpec("Blank", C, None),
        StyleSpec("Blank Number", C, "timing"),
    ]
    return specs


SPECS = _specs()
SPEC_BY_NAME = {s.name: s for s in SPECS}
# The theme style each Word style's theme style is compared with, to write only differences.
_WORD_PARENT_KEY = {s.name: s.theme_key for s in SPECS}

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}

# ---------------------------------------------------------------- lists

_FMT = {
    "upper-roman": "upperRoman",
    "upper-letter": "upperLetter",
    "decimal": "decimal",
    "lower-letter": "lowerLetter",
    "lower-roman": "lowerRoman",
    "multilevel": "decimal",
    "bullet": "bullet",
    "none": "none",
}
# The outline scheme, level by level: I. A. 1. a. i. (1) (a) (i) 1.
_OUTLINE = [
    ("upper-roman", "%1."),
    ("upper-letter", "%2."),
    ("decimal", "%3."),
    ("lower-letter", "%4."),
    ("lower-roman", "%5."),
    ("decimal", "(%6)"),
    ("lower-letter", "(%7)"),
    ("lower-roman", "(%8)"),
    ("decimal", "%9."),
]
_BULLETS = ["\u2022", "\u25e6", "\u25aa"]  # • ◦ ▪
_LABEL_PARTS = re.compile(r"^(\W*?)([0-9A-Za-z]+)(\W*)$")

# Advance widths (ems) of label characters in DejaVu Serif, to size hanging indents.
_EM_WIDTH = {
    **{d: 0.636 for d in "0123456789"},
    ".": 0.318, "(": 0.39, ")": 0.39, "I": 0.395, "V": 0.722, "X": 0.712, "L": 0.664,
    "C": 0.765, "D": 0.802, "M": 1.024, "i": 0.32, "v": 0.565, "x": 0.564, "l": 0.32,
    "c": 0.56, "d": 0.64, "m": 0.948, "\u2022": 0.59, "\u25e6": 0.59, "\u25aa": 0.678,
}


def _label_em(label: str) -> float:
    return sum(_EM_WIDTH.get(ch, 0.72 if ch.isupper() else 0.6) for ch in label)


def _lvl_text(kind: str, level: int, label: str) -> str:
    """Word's w:lvlText for a level, keeping the punctuation of the view's label ("(1)", "1.")."""
    if kind == "none":
        return ""
    if kind == "bullet":
        return label.strip() or _BULLETS[level % 3]
    if kind == "multilevel":
        dot = "." if (label.endswith(".") or not label) else ""
        return ".".join(f"%{i + 1}" for i in range(level + 1)) + dot
    m = _LABEL_PARTS.match(label.strip())
    if m:
        return f"{m.group(1)}%{level + 1}{m.group(3)}"
    if level < len(_OUTLINE) and _OUTLINE[level][0] == kind:
        return _OUTLINE[level][1]
    return f"%{level + 1}."


def _default_levels(family: str) -> list[tuple[str, str]]:
    if family == "bullet":
        return [("bullet", _BULLETS[i % 3]) for i in range(MAX_LEVELS)]
    if family == "multilevel":
        return [("multilevel", _lvl_text("multilevel", i, "")) for i in range(MAX_LEVELS)]
    return list(_OUTLINE)


@dataclass
class _ListPlan:
    signature: tuple
    num_id: int = 0
    levels: list = field(default_factory=list)  # ox.Level per level (geometry for "none" items)


# ---------------------------------------------------------------- fonts


@lru_cache(maxsize=16)
def _line_height_em(font_file: str) -> float:
    """A font's single line height in ems (hhea ascent - descent + gap), which is what Word and
    LibreOffice call line spacing 1.0; theme leading is a multiple of the font size instead."""
    try:
        data = Path(font_file).read_bytes()
        count = struct.unpack(">H", data[4:6])[0]
        tables = {}
        for i in range(count):
            tag, _, off, _ = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
            tables[tag] = off
        upm = struct.unpack(">H", data[tables[b"head"] + 18 : tables[b"head"] + 20])[0]
        asc, desc, gap = struct.unpack(">hhh", data[tables[b"hhea"] + 4 : tables[b"hhea"] + 10])
        return (asc - desc + gap) / upm
    except (OSError, KeyError, struct.error):
        return 1.164  # DejaVu's


# ---------------------------------------------------------------- the backend


class DocxBackend(Visitor):
    name = "docx"

    def __init__(self, doc: Document):
        self.doc = doc
        self.theme: Theme = theme_for(doc.theme, doc.theme_overrides)
        self.body_size = doc.body_size
        self.template = doc.docx_template
        names = self.theme.get("word_font_names", {}) or {}
        self.font_names = names
        fallback = self.theme.get("fallback_font", "sans")
        self.cs_font = names.get(fallback, "DejaVu Sans")
        self.indent = float(self.theme.get("list_indent", 22)) * self.body_size / 11.0
        self.created_styles: list[str] = []
        self._sid: dict[str, str] = {}
        self._break_next = False
        self._keep_next = False
        self._ppr_cache: dict = {}
        self._style_num_id = 0
        self._style_abstract_id = 0
        self._abstract_xml: list[str] = []
        self._num_xml: list[str] = []
        self._outline_styles_made = False

    # ------------------------------------------------------------ entry

    def build(self) -> tuple[bytes, list[str]]:
        doc = self.doc
        if self.template:
            data = ox.patch_template_content_type(Path(self.template).read_bytes())
            self.document = python_docx.Document(io.BytesIO(data))
        else:
            self.document = python_docx.Document()
        self.styles_el = self.document.styles.element
        self._by_name = ox.styles_by_name(self.styles_el)
        self._ids = ox.style_ids(self.styles_el)
        body = self.document.element.body
        ox.clear_body(body)
        sect = body.find(qn("w:sectPr"))
        if sect is None:
            sect = ox.parse_one('<w:sectPr/>')
            body.append(sect)

        if not self.template:
            self._prepare_default_package(sect)
        self._plan_lists()
        if not self.template:
            for spec in SPECS:
                self.sid(spec.name)

        parts: list[str] = []
        self._out = parts
        blocks = doc.blocks
        for i, block in enumerate(blocks):
            # a question stays on the page of the lines written under it
            self._keep_next = i + 1 < len(blocks) and isinstance(blocks[i + 1], WritingLines)
            self.dispatch(block)
        if self._break_next:  # a page break at the very end
            parts.append(ox.p_xml("", ox.page_break_run()))
        ox.append_blocks(body, "".join(parts))

        self._finish_numbering()
        self._footer(sect)
        self._core_properties()

        when = datetime.fromtimestamp(doc.meta.created, timezone.utc)
        data = ox.package_bytes(self.document.part.package, when.timetuple()[:6])
        return data, list(self.created_styles)

    def _prepare_default_package(self, sect) -> None:
        """The python-docx default package made ours: no stale thumbnail, no Word 2010
        stylesWithEffects copy of the old styles, current compatibility mode, theme defaults, page."""
        package = self.document.part.package
        ox.drop_rels(package.rels, RT.THUMBNAIL)
        ox.drop_rels(self.document.part.rels, STYLES_WITH_EFFECTS)
        ox.set_compat_mode(self.document.settings.element, 15)
        body = self.theme.style("body", self.body_size)
        font = self._font(body)
        ox.set_doc_defaults(
            self.styles_el,
            f'<w:rPr><w:rFonts w:ascii="{ox.esc(font)}" w:hAnsi="{ox.esc(font)}" '
            f'w:eastAsia="{ox.esc(font)}" w:cs="{ox.esc(self.cs_font)}"/>'
            f'<w:sz w:val="{ox.half_points(body.size)}"/><w:szCs w:val="{ox.half_points(body.size)}"/>'
            '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="he-IL"/></w:rPr>',
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>',
        )
        page = self.theme.get("page", {})
        small = self.doc.page.paper in ("half-letter", "a5")
        m = {k: float(page.get(f"margin_{k}", 54)) for k in ("top", "bottom", "left", "right")}
        if small and "small_paper_margin" in page:
            m = {k: float(page["small_paper_margin"]) for k in m}
        # header and footer sit halfway into their margins, so a one-line footer never pushes
        # the body up
        m["header"] = m["top"] / 2
        m["footer"] = m["bottom"] / 2
        width, height = self.doc.page.size
        ox.set_page(sect, width, height, m)

    # ------------------------------------------------------------ styles

    def _font(self, style: Style) -> str:
        return self.font_names.get(style.font, style.font)

    def _line(self, style: Style) -> tuple[int, str]:
        """Theme leading (a multiple of the size) as Word's "multiple" line spacing, which is a
        multiple of the font's own line height."""
        fonts = self.theme.fonts.get(style.font, {})
        em = _line_height_em(str(fonts.get("regular", ""))) if fonts else 1.164
        ratio = style.leading / style.size if style.size else 1.0
        return int(round(ratio / em * 240)), "auto"

    def sid(self, name: str) -> str:
        """The style id of the Word style ``name``, made first if the package lacks it."""
        sid = self._sid.get(name)
        if sid is not None:
            return sid
        spec = SPEC_BY_NAME.get(name) or self._dynamic_spec(name)
        existing = self._by_name.get((spec.stored_name.lower(), spec.kind))
        if existing is not None and self.template:
            sid = existing.get(qn("w:styleId"))
        else:
            sid = self._make_style(spec, existing)
            if self.template:
                self.created_styles.append(spec.name)
        self._sid[name] = sid
        return sid

    def _dynamic_spec(self, name: str) -> StyleSpec:
        key = name.lower().replace(" ", "_")
        self.theme.raw_style(key)  # KeyError for a style the theme does not have
        return StyleSpec(name, "paragraph", key, "Normal")

    def _new_id(self, spec: StyleSpec) -> str:
        base = spec.preferred_id
        sid, n = base, 1
        while sid in self._ids:
            n += 1
            sid = f"{base}{n}"
        self._ids.add(sid)
        return sid

    def _make_style(self, spec: StyleSpec, existing) -> str:
        name = spec.stored_name
        clash = self._by_name.get((name.lower(), "character" if spec.kind == "paragraph" else "paragraph"))
        if existing is None and clash is not None:  # a template style of the other type has it
            name = f"{spec.name} {'Char' if spec.kind == 'character' else 'Paragraph'}"
        if existing is not None:  # a built-in of the default package, replaced
            sid = existing.get(qn("w:styleId"))
            link = existing.find(qn("w:link"))
            if link is not None:  # its old linked character style ("Heading1Char") goes too
                for s in list(self.styles_el.iterchildren(qn("w:style"))):
                    if s.get(qn("w:styleId")) == link.get(qn("w:val")):
                        self.styles_el.remove(s)
        else:
            sid = self._new_id(spec)
        ppr_xml, rpr_xml, based_on = self._style_props(spec, sid)
        xml = ox.style_xml(
            spec.kind,
            sid,
            name,
            based_on=based_on,
            next_style=self._ref(spec.next_style),
            link=self._link_id(spec),
            ui_priority=None if spec.builtin else 20,
            default=spec.name == "Normal",
            ppr_xml=ppr_xml,
            rpr_xml=rpr_xml,
        )
        el = ox.parse_one(xml)
        if existing is not None:
            existing.addprevious(el)
            self.styles_el.remove(existing)
        else:
            self.styles_el.append(el)
        self._by_name[(name.lower(), spec.kind)] = el
        return sid

    def _ref(self, name: str | None) -> str | None:
        return self.sid(name) if name else None

    def _link_id(self, spec: StyleSpec) -> str | None:
        if not spec.link or self.template:
            return None  # in a template, a half-made link would confuse Word more than help
        other = SPEC_BY_NAME[spec.link]
        return self._sid.get(spec.link) or other.preferred_id

    def _style_props(self, spec: StyleSpec, sid: str) -> tuple[str, str, str | None]:
        """(w:pPr, w:rPr, basedOn id) of a style: the theme style's differences from its parent's.

        With a template, every made style is based on the template's Normal and takes the
        theme's shape (sizes, spacing, alignment, bold, italic) but not its fonts or colours."""
        th = self.theme
        size = self.body_size
        style = th.style(spec.theme_key, size) if spec.theme_key else None
        if spec.kind == "character":
            dpf = self._by_name.get(("default paragraph font", "character"))
            based_on = dpf.get(qn("w:styleId")) if dpf is not None else None
            return "", self._char_rpr(spec, style), based_on

        if self.template:
            parent_style = th.style("body", size)
            based_on = None if spec.name == "Normal" else self.sid("Normal")
            colors = fonts = False
        else:
            parent_key = _WORD_PARENT_KEY.get(spec.parent) if spec.parent else None
            parent_style = th.style(parent_key, size) if parent_key else None
            based_on = self.sid(spec.parent) if spec.parent else None
            colors = fonts = True
        p, r = self._diff(style, parent_style, fonts=fonts, colors=colors)
        p.update(self._paragraph_extras(spec, sid))
        return ox.ppr(**p), ox.rpr(**r), based_on

    def _diff(self, s: Style, parent: Style | None, *, fonts: bool, colors: bool):
        p: dict = {}
        r: dict = {}
        fresh = parent is None

        def differs(attr):
            return fresh or getattr(s, attr) != getattr(parent, attr)

        if fonts and (fresh or s.font != parent.font):
            r["fonts"] = (self._font(s), self.cs_font)
        if differs("size"):
            r["size"] = s.size
        if colors and differs("color"):
            r["color"] = s.color.lstrip("#").upper()
        # a style based on nothing states only what is not Word's default
        if differs("bold") and (s.bold or not fresh):
            r["bold"] = s.bold
        if differs("italic") and (s.italic or not fresh):
            r["italic"] = s.italic
        if differs("space_before"):
            p["space_before"] = s.space_before
        if differs("space_after"):
            p["space_after"] = s.space_after
        if fresh or self._line(s) != self._line(parent):
            p["line"] = self._line(s)
        if differs("align") and (s.align != "left" or not fresh):
            p["jc"] = _JC.get(s.align, "left")
        if differs("keep_with_next") and (s.keep_with_next or not fresh):
            p["keep_next"] = s.keep_with_next
        if differs("indent") and (s.indent or not fresh):
            p["ind_left"] = s.indent
        return p, r

    def _paragraph_extras(self, spec: StyleSpec, sid: str) -> dict:
        name = spec.name
        th = self.theme
        if name.startswith("Heading "):
            return {"outline_level": int(name[-1]) - 1, "keep_next": True}
        if name.startswith("Outline Level "):
            n = int(name.rsplit(" ", 1)[1]) - 1
            self._outline_styles_made = True
            left = self.indent * (n + 1)
            return {"num": (self._style_num_id, n), "ind_left": left, "hanging": self.indent}
        if name == "Speaker Note":
            inset = 5.0
            return {
                "box": ox.Border(th.color("note_border").lstrip("#").upper(), 4, 4),
                "shade": th.color("note_fill").lstrip("#").upper(),
                "ind_left": inset,
                "ind_right": inset,
            }
        if name == "Writing Line":
            gap = float(th.get("writing_line_gap", 24)) * self.body_size / 11.0
            return {
                "rule_below": ox.Border(th.color("rule").lstrip("#").upper(), 4, 0),
                "line": (ox.twips(gap), "exact"),
                "space_before": 0,
                "space_after": 0,
            }
        if name == "Scripture Reference":
            return {"keep_lines": True}
        if name == "Answer Key":
            return {"ind_left": self.indent, "hanging": self.indent}
        return {}

    def _char_rpr(self, spec: StyleSpec, style: Style | None) -> str:
        th = self.theme
        if spec.name == "Answer":
            return ox.rpr(bold=True, shade=th.color("answer_fill").lstrip("#").upper())
        if spec.name == "Blank":
            # upright and regular whatever the paragraph is: a non-breaking space then has one
            # known width (LibreOffice spaces italic ones out by a third), and bold adds nothing
            return ox.rpr(bold=False, italic=False, underline=True)
        assert style is not None
        if self.template:
            return ox.rpr(size=style.size, bold=style.bold, italic=style.italic)
        return ox.rpr(
            fonts=(self._font(style), self.cs_font),
            size=style.size,
            color=style.color.lstrip("#").upper(),
            bold=style.bold,
            italic=style.italic,
        )

    # ------------------------------------------------------------ numbering

    def _plan_lists(self) -> None:
        """Give every list its numbering: one abstract numbering per label scheme, one w:num
        (list instance) per list."""
        seen: dict[int, dict[int, tuple[str, str]]] = {}
        labels: dict[int, dict[int, list[str]]] = {}
        for block in self.doc.blocks:
            if isinstance(block, ListItem):
                if block.kind not in _FMT:
                    raise ValueError(f"the docx backend does not know the list kind {block.kind!r}")
                lv = min(max(block.level, 0), MAX_LEVELS - 1)
                levels = seen.setdefault(block.list_id, {})
                if block.kind != "none":
                    levels.setdefault(lv, (block.kind, _lvl_text(block.kind, lv, block.label)))
                    labels.setdefault(block.list_id, {}).setdefault(lv, []).append(block.label)
        needs_numbering = bool(seen) or not self.template
        if not needs_numbering:
            self.lists = {}
            return
        self.numbering = ox.ensure_numbering_part(self.document.part).element
        max_abs, max_num = ox.numbering_ids(self.numbering)
        self._next_abs, self._next_num = max_abs + 1, max_num + 1
        self._style_abstract_id = self._alloc_abs()
        self._style_num_id = self._alloc_num()

        signatures: dict[tuple, int] = {}
        sig_labels: dict[tuple, dict[int, list[str]]] = {}
        self.lists: dict[int, _ListPlan] = {}
        for list_id, levels in seen.items():
            family = levels[min(levels)][0] if levels else "upper-roman"
            defaults = _default_levels(family)
            sig = tuple(levels.get(i, defaults[i]) for i in range(MAX_LEVELS))
            self.lists[list_id] = _ListPlan(sig)
            for lv, labs in labels.get(list_id, {}).items():
                sig_labels.setdefault(sig, {}).setdefault(lv, []).extend(labs)
        list_size = self.theme.style("list", self.body_size).size
        geometry: dict[tuple, list[ox.Level]] = {}
        for plan in self.lists.values():
            sig = plan.signature
            if sig not in signatures:
                signatures[sig] = self._alloc_abs()
                geometry[sig] = self._levels(sig, sig_labels.get(sig, {}), list_size)
                name = "Outline Export " + " ".join(k for k, _ in sig[:3])
                self._abstract_xml.append(
                    ox.abstract_num_xml(
                        signatures[sig], ox.nsid_for(f"{signatures[sig]}:{sig}"), geometry[sig], name
                    )
                )
            plan.num_id = self._alloc_num()
            plan.levels = geometry[sig]
            starts = {i: 1 for i in range(MAX_LEVELS)}
            self._num_xml.append(ox.num_xml(plan.num_id, signatures[sig], starts))

    def _alloc_abs(self) -> int:
        self._next_abs += 1
        return self._next_abs - 1

    def _alloc_num(self) -> int:
        self._next_num += 1
        return self._next_num - 1

    def _levels(self, sig: tuple, labels: dict[int, list[str]], size: float) -> list[ox.Level]:
        """Levels nested like the outline: each number starts where its parent's text starts;
        the number hangs ``list_indent`` (more when the widest label needs it)."""
        out = []
        pos = 0.0
        sans = self.font_names.get("sans", "DejaVu Sans")
        for lv, (kind, text) in enumerate(sig):
            widest = max((_label_em(lab) for lab in labels.get(lv, [])), default=0.0)
            hang = max(self.indent, (widest + 0.35) * size) if widest else self.indent
            hang = math.ceil(hang * 2) / 2
            out.append(
                ox.Level(
                    fmt=_FMT[kind],
                    text=text,
                    left=pos + hang,
                    hanging=hang,
                    is_lgl=kind == "multilevel",
                    font=sans if kind == "bullet" else None,
                )
            )
            pos += hang
        return out

    def _finish_numbering(self) -> None:
        if not hasattr(self, "numbering"):
            return
        abstracts = list(self._abstract_xml)
        nums = list(self._num_xml)
        if self._outline_styles_made:
            levels = []
            for lv, (kind, text) in enumerate(_OUTLINE):
                pstyle = self._sid.get(f"Outline Level {lv + 1}")
                levels.append(
                    ox.Level(_FMT[kind], text, self.indent * (lv + 1), self.indent, pstyle=pstyle)
                )
            abstracts.insert(
                0,
                ox.abstract_num_xml(
                    self._style_abstract_id,
                    ox.nsid_for(f"{self._style_abstract_id}:outline styles"),
                    levels,
                    "Outline Export outline styles",
                ),
            )
            nums.insert(0, ox.num_xml(self._style_num_id, self._style_abstract_id, {}))
        ox.add_numbering(self.numbering, abstracts, nums)

    # ------------------------------------------------------------ paragraphs

    def _para(self, style_name: str, content: str, **ppr_kw) -> None:
        if self._keep_next:
            ppr_kw.setdefault("keep_next", True)
        if self._break_next:
            ppr_kw["page_break_before"] = True
            self._break_next = False
        self._out.append(ox.p_xml(ox.ppr(self.sid(style_name), **ppr_kw), content))

    def _inline(self, runs) -> str:
        return "".join(self.dispatch(r) for r in runs)

    def _text(self, text: str, style: str | None = None, **kw) -> str:
        return ox.runs_xml(text, self.sid(style) if style else None, rtl_font=self.cs_font, **kw)

    # inline runs

    def visit_Run(self, run: Run) -> str:
        return ox.runs_xml(run.text, None, bold=run.bold, italic=run.italic, rtl_font=self.cs_font)

    def visit_BlankLine(self, blank: BlankLine) -> str:
        out = ""
        if blank.number is not None:
            out = self._text(f"{blank.number}{ox.NBSP}", "Blank Number")
        count = max(1, int(round(blank.width * self.spaces_per_em)))
        props = ox.rpr(self.sid("Blank"))
        return out + f'<w:r>{props}<w:t xml:space="preserve">{BLANK_SPACE * count}</w:t></w:r>'

    # Blanks are underlined FIGURE SPACEs (U+2007): non-breaking like U+00A0, but LibreOffice does
    # not let a run of them hang invisibly past the margin when it falls at the end of a line (a
    # run of U+00A0 in a heading vanished that way). A figure space is a digit wide: 0.636 em in
    # DejaVu Serif and Sans, so a blank of ``width`` ems takes width / 0.636 of them.
    spaces_per_em = 1 / 0.636

    def visit_Answer(self, answer: Answer) -> str:
        out = ""
        if answer.number is not None:
            out = self._text(f"[{answer.number}]{ox.NBSP}", "Blank Number")
        return out + self._text(answer.text, "Answer")

    # blocks

    def visit_TitleBlock(self, tb: TitleBlock) -> None:
        if tb.church:
            self._para("Church Name", self._text(tb.church))
        if tb.logo:
            self._para("Church Name", self._picture(tb.logo), keep_next=True)
        if tb.label:
            self._para("Edition Label", self._text(tb.label))
        self._para("Title", self._inline(tb.title))
        if tb.subtitle:
            self._para("Subtitle", self._inline(tb.subtitle))
        for line in tb.meta:
            self._para("Meta", self._text(line))

    def _picture(self, path: str) -> str:
        from docx.image.image import Image

        image = Image.from_file(path)
        width, height = image.width, image.height  # EMU at the image's resolution
        sect = self.document.sections[-1]
        text_width = (sect.page_width or 0) - (sect.left_margin or 0) - (sect.right_margin or 0)
        scale = min(1.0, INCH_EMU / height if height else 1.0)
        if text_width > 0 and width * scale > text_width:
            scale = text_width / width
        inline = self.document.part.new_pic_inline(path, int(width * scale), int(height * scale))
        return f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"

    def visit_Heading(self, h: Heading) -> None:
        level = min(max(h.level, 1), 3)
        content = self._inline(h.runs)
        if h.ref:
            content += ox.runs_xml(" ", None, rtl_font=self.cs_font)
            content += self._text(h.ref, "Scripture Reference Char")
        self._para(f"Heading {level}", content)

    def visit_Paragraph(self, p: Paragraph) -> None:
        name = PARAGRAPH_STYLES.get(p.style)
        if name is None:
            self.theme.raw_style(p.style)  # a theme's own style: fine; otherwise KeyError
            name = p.style.replace("_", " ").title()
        self._para(name, self._inline(p.runs))

    def visit_ListItem(self, item: ListItem) -> None:
        plan = self.lists[item.list_id]
        level = min(max(item.level, 0), MAX_LEVELS - 1)
        if item.style == "body":
            style_name = f"Outline Level {min(level, OUTLINE_STYLES - 1) + 1}"
        else:
            style_name = PARAGRAPH_STYLES.get(item.style) or item.style.replace("_", " ").title()
        key = (style_name, plan.num_id, level, item.kind == "none", self._break_next, self._keep_next)
        ppr = self._ppr_cache.get(key)
        if ppr is None:
            kw = {"page_break_before": self._break_next, "keep_next": self._keep_next or None}
            if item.kind == "none":  # no number; the text where the numbered items' text is
                kw.update(num=(0, 0), ind_left=plan.levels[level].left, hanging=0)
            else:
                kw["num"] = (plan.num_id, level)
            ppr = self._ppr_cache[key] = ox.ppr(self.sid(style_name), **kw)
        self._break_next = False
        content = self._inline(item.runs)
        if item.ref:
            content += ox.runs_xml(" ", None, rtl_font=self.cs_font)
            content += self._text(item.ref, "Scripture Reference Char")
        self._out.append(f"<w:p>{ppr}{content}</w:p>")

    def visit_Quote(self, q: Quote) -> None:
        kw = {}
        if q.level > 0:
            quote = self.theme.style("quote", self.body_size)
            kw["ind_left"] = quote.indent + q.level * self.indent
        ref = " ".join(
            x for x in (q.ref, f"({q.translation})" if q.translation else None) if x
        )
        if ref:
            kw["keep_next"] = True
        self._para("Quote", self._inline(q.runs), **kw)
        if ref:
            self._para("Scripture Reference", self._text(ref))

    def visit_Note(self, n: Note) -> None:
        kw = {}
        if n.level > 0:
            kw["ind_left"] = 5.0 + n.level * self.indent
        prefix = self._text(f"{n.label}: ", bold=True) if n.label else ""
        self._para("Speaker Note", prefix + self._inline(n.runs), **kw)

    def visit_WritingLines(self, w: WritingLines) -> None:
        kw = {"ind_left": w.level * self.indent} if w.level > 0 else {}
        after = self._keep_next
        gap = float(self.theme.get("writing_line_gap", 24)) * self.body_size / 11.0
        for i in range(max(0, w.count)):
            self._keep_next = i < w.count - 1 or after  # the lines stay together
            if i == w.count - 1:  # room between the last line and what follows
                kw["space_after"] = gap / 2
            self._para("Writing Line", "", **kw)

    def visit_AnswerKey(self, key: AnswerKey) -> None:
        # The numbers are the blanks' numbers, not a count: they are written as text ("3.<tab>")
        # so they cannot drift from the worksheet when someone edits the key in Word, and they
        # read back as they print. The "Answer Key" style hangs them by the list indent.
        self._para("Heading 1", self._text(key.title))
        size = self.theme.style("answer_key", self.body_size).size
        widest = max((_label_em(f"{n}.") for n, _ in key.entries), default=0.0)
        hang = math.ceil((widest + 0.35) * size * 2) / 2
        kw = {"ind_left": hang, "hanging": hang} if hang > self.indent else {}
        for number, text in key.entries:
            self._para("Answer Key", self._text(f"{number}.\t{text}"), **kw)

    def visit_PageBreak(self, _: PageBreak) -> None:
        # the next paragraph starts the page (w:pageBreakBefore): no empty line left at its top
        self._break_next = True

    # ------------------------------------------------------------ footer, properties

    def _footer(self, sect) -> None:
        if self.template and ox.has_footer(sect):
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
        ox.replace_children(section.footer._element, p)

    def _core_properties(self) -> None:
        meta = self.doc.meta
        cp = self.document.core_properties
        when = datetime.fromtimestamp(meta.created, timezone.utc).replace(tzinfo=None)
        cp.title = meta.title
        cp.author = meta.author
        cp.subject = meta.subject
        cp.keywords = meta.keywords
        cp.last_modified_by = meta.author
        cp.comments = ""
        cp.category = ""
        cp.revision = 1
        cp.created = when
        cp.modified = when
        cp.last_printed = when


def render_with_report(doc: Document) -> tuple[bytes, list[str]]:
    """The .docx bytes, and the names of the styles a template lacked and that were made
    (empty without a template), so the caller can warn about them."""
    return DocxBackend(doc).build()


def render(doc: Document) -> bytes:
    return render_with_report(doc)[0]
