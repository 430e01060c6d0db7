"""Word styles for the docx writer: which Word style draws each theme style and run role, and
how each is made from the theme (stating only what differs from the style it is based on).

Word's built-in styles are used where Word has them (Normal, Title, Subtitle, Heading 1-3 with
outline levels for the navigation pane, Quote, List Paragraph, Footer); the rest are named ones
("Outline Level 1".."6", "Speaker Note", "Big Idea", ...). Run roles (a reference, a credit, a
blank's number) are character styles, so a Word user can restyle every reference at once.
With a user's template, its styles win; styles it lacks are made from its Normal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

from ..theme import Style
from . import _ooxml as ox

OUTLINE_STYLES = 6  # "Outline Level 1".."6"; deeper items use the last one

# A run role (document.ROLES) -> the character style it is drawn in.
ROLE_STYLES = {
    "ref": "Reference",
    "credit": "Credit",
    "blank_number": "Blank Number",
    "note_label": "Note Label",
    "audience": "Audience Label",
    "timing": "Timing Text",
}

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
    "audience": "Audience",
    "note": "Speaker Note",
    "timing": "Timing",
    "question": "Question",
    "answer_key": "Answer Key",
    "footer": "Footer",
    "translations": "Translations",
    "list": "List Paragraph",
}


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
    role: str | None = None  # a character style for runs of this role

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
        StyleSpec("Scripture Reference", P, "quote_ref", "Quote"),
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
        StyleSpec("Audience", P, "audience", "Timing"),
        StyleSpec("Answer", C, None),
        StyleSpec("Blank", C, None),
    ]
    specs += [StyleSpec(name, C, None, role=role) for role, name in ROLE_STYLES.items()]
    return specs


SPECS = _specs()
SPEC_BY_NAME = {s.name: s for s in SPECS}
# The theme style each Word style's theme style is compared with, to write only differences.
_WORD_PARENT_KEY = {s.name: s.theme_key for s in SPECS}

_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}

class StyleMaker:
    """Makes the Word styles a document uses, on first use (mixed into the docx writer, which
    provides theme, body_size, template, font_names, cs_font, styles_el and the id tables)."""

    def _font(self, style: Style) -> str:
        return self.font_names.get(style.font, style.font)

    def _fonts(self, family: str) -> tuple[str, str, str]:
        """(latin, complex-script, East Asian) font names for runs of ``family``: Word draws Hebrew
        in the complex-script font and Hangul in the East Asian one (Nanum Gothic, unless the
        style's own font has Hangul)."""
        from outline_export.fontmetrics import east_asian_family

        ea = east_asian_family(self.theme, family)
        return (self.font_names.get(family, family), self.cs_font, self.font_names.get(ea, ea))

    def _line(self, style: Style) -> tuple[int, str]:
        """Theme leading (a multiple of the size) as Word's "multiple" line spacing, which is a
        multiple of the font's own line height."""
        from outline_export import fontmetrics

        em = fontmetrics.load(self.opts.font_file(style, False, False)).line_height
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
            r["fonts"] = self._fonts(s.font)
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
        if differs("indent") and (s.indent or not fresh):
            p["ind_left"] = s.indent
        return p, r

    def _paragraph_extras(self, spec: StyleSpec, sid: str) -> dict:
        name = spec.name
        th = self.theme
        if name.startswith("Heading ") or name == "Title":  # a heading never ends a page
            return {"outline_level": int(name[-1]) - 1, "keep_next": True} if name != "Title" else {"keep_next": True}
        dims = self.opts.dims
        if name.startswith("Outline Level "):
            n = int(name.rsplit(" ", 1)[1])
            return {"ind_left": dims.list_indent * n, "hanging": dims.list_indent}
        if name == "Speaker Note":
            return {
                "box": ox.Border(th.color("note_border").lstrip("#").upper(), _eighths(dims.note_border),
                                 round(dims.note_pad_v)),
                "shade": th.color("note_fill").lstrip("#").upper(),
                "ind_left": dims.note_pad_h,
                "ind_right": dims.note_pad_h,
            }
        if name == "Writing Line":
            gap = dims.writing_line_gap
            return {
                "rule_below": ox.Border(th.color("rule").lstrip("#").upper(), 4, 0),
                "line": (ox.twips(gap), "exact"),
                "space_before": 0,
                "space_after": 0,
            }
        if name == "Quote":
            return {"ind_right": dims.quote_indent}
        if name == "Scripture Reference":
            return {"keep_lines": True}
        return {}

    def _char_rpr(self, spec: StyleSpec, style: Style | None) -> str:
        th = self.theme
        if spec.name == "Answer":
            return ox.rpr(bold=True, shade=th.color("answer_fill").lstrip("#").upper())
        if spec.name == "Blank":
            # upright and regular whatever the paragraph is: a space then has one known width
            # (LibreOffice spaces italic ones out by a third), and bold adds nothing
            return ox.rpr(bold=False, italic=False, underline=True)
        if spec.role:
            return self._role_rpr(spec.role)
        if self.template:
            return ox.rpr(size=style.size, bold=style.bold, italic=style.italic)
        return ox.rpr(
            fonts=self._fonts(style.font),
            size=style.size,
            color=style.color.lstrip("#").upper(),
            bold=style.bold,
            italic=style.italic,
        )

    def _role_rpr(self, role: str) -> str:
        """A role's character style: only what the role changes (its size, a multiple of the
        paragraph's, is set on each run)."""
        r = self.theme.role(role)
        fonts = None
        if r.font and not self.template:
            fonts = self._fonts(r.font)
        color = r.color.lstrip("#").upper() if r.color and not self.template else None
        return ox.rpr(fonts=fonts, color=color, bold=r.bold, italic=r.italic)


def _eighths(points: float) -> int:
    """A border width in eighths of a point (Word's unit), at least the thinnest Word draws."""
    return max(2, round(points * 8))


# ---------------------------------------------------------------- a template at the edition's size

WORD_DEFAULT_SIZE = 10.0  # points: Word's size for text when neither a style nor docDefaults gives one
_ON = ("1", "true", "on")


def _normal_style(styles_el):
    """A template's default paragraph style (its Normal, whatever it is called), or None."""
    paragraphs = [s for s in styles_el.iterchildren(qn("w:style")) if s.get(qn("w:type")) == "paragraph"]
    found = next((s for s in paragraphs if s.get(qn("w:default")) in _ON), None)
    return found if found is not None else next((s for s in paragraphs if s.get(qn("w:styleId")) == "Normal"), None)


def _rpr_size(el) -> float | None:
    """The w:sz, in points, of the w:rPr inside ``el`` (a w:style or w:rPrDefault), if it states one."""
    sz = el.find(f"{qn('w:rPr')}/{qn('w:sz')}") if el is not None else None
    return int(sz.get(qn("w:val"))) / 2 if sz is not None and (sz.get(qn("w:val")) or "").isdigit() else None


def template_body_size(styles_el) -> float:
    """The size of a template's body text: its Normal style's (or a style Normal is based on),
    else its docDefaults', else Word's own 10 pt."""
    by_id = {s.get(qn("w:styleId")): s for s in styles_el.iterchildren(qn("w:style"))}
    style, seen = _normal_style(styles_el), set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        size = _rpr_size(style)
        if size is not None:
            return size
        based = style.find(qn("w:basedOn"))
        style = by_id.get(based.get(qn("w:val"))) if based is not None else None
    defaults = styles_el.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}")
    return _rpr_size(defaults) or WORD_DEFAULT_SIZE


def _set_size(rpr, points: float) -> None:
    """w:sz and w:szCs of a w:rPr (python-docx's CT_RPr places w:sz in schema order; w:szCs follows it)."""
    sz = rpr.get_or_add_sz()
    sz.set(qn("w:val"), str(ox.half_points(points)))
    cs = rpr.find(qn("w:szCs"))
    if cs is None:
        cs = rpr.makeelement(qn("w:szCs"), {})
        sz.addnext(cs)
    cs.set(qn("w:val"), str(ox.half_points(points)))


def _scale_spacing(ppr, ratio: float) -> None:
    """Space before and after a paragraph, and an exact or least line height, times ``ratio``
    (a line spacing that is a multiple of the font's own height needs nothing)."""
    spacing = ppr.find(qn("w:spacing")) if ppr is not None else None
    if spacing is None:
        return
    keys = ["before", "after"] + (["line"] if spacing.get(qn("w:lineRule")) in ("exact", "atLeast") else [])
    for key in keys:
        value = spacing.get(qn(f"w:{key}"))
        if value is not None and value.lstrip("-").isdigit():
            spacing.set(qn(f"w:{key}"), str(round(int(value) * ratio)))


def resize_template(styles_el, body: float) -> float:
    """A template's text set at body size ``body`` (points), as a large-print edition needs:
    docDefaults and Normal at ``body``; every size another style states, and every style's
    spacing, times body / the template's own body size, so its headings keep their proportion
    to the body. Returns that ratio."""
    ratio = body / template_body_size(styles_el)
    for style in styles_el.iterchildren(qn("w:style")):
        rpr = style.find(qn("w:rPr"))
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag)) if rpr is not None else None
            if el is not None and (el.get(qn("w:val")) or "").isdigit():
                el.set(qn("w:val"), str(max(2, round(int(el.get(qn("w:val"))) * ratio))))
        _scale_spacing(style.find(qn("w:pPr")), ratio)
    normal = _normal_style(styles_el)
    if normal is not None:
        _set_size(normal.get_or_add_rPr(), body)
    defaults = styles_el.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles_el.makeelement(qn("w:docDefaults"), {})
        styles_el.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = ox.parse_one("<w:rPr/>")
        rpr_default.append(rpr)
    _set_size(rpr, body)
    _scale_spacing(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}"), ratio)
    return ratio
