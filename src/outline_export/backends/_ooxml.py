"""Raw WordprocessingML for the docx backend: XML strings, element surgery, zip normalising.

Package-level pieces (numbering, sections, parts, the zip) are in ``_ooxml_package``. Kept apart
from ``docx.py`` (which decides *what* to draw) the way python-docx keeps its
``docx/oxml/``: everything here knows element names and the order the schema wants children in,
nothing here knows about outlines or themes. Text always goes through ``esc``; nothing is
interpreted.

Child order matters to Word (a misplaced element makes it call the file corrupt), so each builder
writes children in the order of the ECMA-376 schema (``CT_PPr``, ``CT_RPr``, ``CT_Style``, ``CT_Lvl``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"'
)

NBSP = "\u00a0"
TWIPS_PER_PT = 20

# ---------------------------------------------------------------- text

# Characters XML 1.0 cannot hold at all (not even escaped): dropped, since they cannot be kept.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def esc(text: str) -> str:
    """``text`` as XML character data (also safe inside a double-quoted attribute)."""
    text = _ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def t_xml(text: str) -> str:
    """The content of a w:r for literal ``text``: w:t pieces, tabs as w:tab, newlines as w:br."""
    if "\t" not in text and "\n" not in text:
        return f'<w:t xml:space="preserve">{esc(text)}</w:t>'
    out = []
    for i, line in enumerate(text.split("\n")):
        if i:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{esc(piece)}</w:t>')
    return "".join(out)


# Right-to-left scripts (Hebrew, with its points and cantillation; Arabic, Syriac, Thaana...).
_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_RTL_RUN = re.compile(f"[{_RTL_CHARS}]+(?:[ \u00a0]+[{_RTL_CHARS}]+)*")


def split_rtl(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is_rtl): words in a right-to-left script (with the spaces
    between them) are their own pieces, so they can be marked w:rtl."""
    if not _RTL_RUN.search(text):
        return [(text, False)]
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _RTL_RUN.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def rpr(
    style: str | None = None,
    *,
    fonts: tuple[str, ...] | None = None,  # (latin font, complex-script font[, East Asian font])
    cs_font: str | None = None,  # only the complex-script font
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,  # RRGGBB
    size: float | None = None,  # points
    underline: bool = False,
    shade: str | None = None,  # fill RRGGBB
    rtl: bool = False,
    lang_bidi: str | None = None,
) -> str:
    """A w:rPr (or "" when empty), children in schema order."""
    c = []
    if style:
        c.append(f'<w:rStyle w:val="{style}"/>')
    if fonts:
        f, cs = esc(fonts[0]), esc(fonts[1])
        ea = esc(fonts[2]) if len(fonts) > 2 and fonts[2] else f  # Word draws Hangul in w:eastAsia
        c.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{ea}" w:cs="{cs}"/>')
    elif cs_font:
        c.append(f'<w:rFonts w:cs="{esc(cs_font)}"/>')
    if bold is not None:
        v = "" if bold else ' w:val="0"'
        c.append(f"<w:b{v}/><w:bCs{v}/>")
    if italic is not None:
        v = "" if italic else ' w:val="0"'
        c.append(f"<w:i{v}/><w:iCs{v}/>")
    if color:
        c.append(f'<w:color w:val="{color}"/>')
    if size is not None:
        hp = half_points(size)
        c.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if underline:
        c.append('<w:u w:val="single"/>')
    if shade:
        c.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    if rtl:
        c.append("<w:rtl/><w:cs/>")
    if lang_bidi:
        c.append(f'<w:lang w:bidi="{lang_bidi}"/>')
    return f"<w:rPr>{''.join(c)}</w:rPr>" if c else ""


def half_points(size: float) -> int:
    return int(round(size * 2))


def twips(points: float) -> int:
    return int(round(points * TWIPS_PER_PT))


def runs_xml(text: str, style: str | None = None, *, bold=False, italic=False, rtl_font: str,
             size: float | None = None) -> str:
    """w:r elements for literal ``text``: right-to-left words get w:rtl/w:cs, a complex-script
    font that has their letters and a bidi language, so Word lays them out right to left."""
    out = []
    for piece, is_rtl in split_rtl(text):
        if not piece:
            continue
        props = rpr(
            style,
            bold=True if bold else None,
            italic=True if italic else None,
            size=size,
            cs_font=rtl_font if is_rtl else None,
            rtl=is_rtl,
            lang_bidi="he-IL" if is_rtl else None,
        )
        out.append(f"<w:r>{props}{t_xml(piece)}</w:r>")
    return "".join(out)


# ---------------------------------------------------------------- paragraphs

@dataclass(frozen=True)
class Border:
    color: str  # RRGGBB
    size: int = 4  # eighths of a point
    space: int = 4  # points between border and text


def _border(side: str, b: Border) -> str:
    return f'<w:{side} w:val="single" w:sz="{b.size}" w:space="{b.space}" w:color="{b.color}"/>'


def ppr(
    style: str | None = None,
    *,
    keep_next: bool | None = None,
    keep_lines: bool = False,
    page_break_before: bool = False,
    num: tuple[int, int] | None = None,  # (numId, ilvl); numId 0 removes a style's numbering
    box: Border | None = None,  # a border on all four sides (and between, so a run of boxed
    #                             paragraphs is one box)
    rule_below: Border | None = None,  # bottom border, and between (one rule under every line)
    shade: str | None = None,
    space_before: float | None = None,
    space_after: float | None = None,
    line: tuple[int, str] | None = None,  # (w:line value, w:lineRule)
    ind_left: float | None = None,
    ind_right: float | None = None,
    hanging: float | None = None,  # points; 0 writes w:firstLine="0"
    jc: str | None = None,
    outline_level: int | None = None,
) -> str:
    """A w:pPr (or "" when empty), children in schema order."""
    c = []
    if style:
        c.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next is not None:
        c.append("<w:keepNext/>" if keep_next else '<w:keepNext w:val="0"/>')
    if keep_lines:
        c.append("<w:keepLines/>")
    if page_break_before:
        c.append("<w:pageBreakBefore/>")
    if num is not None:
        num_id, ilvl = num
        c.append(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    if box or rule_below:
        sides = []
        if box:
            sides = [_border(s, box) for s in ("top", "left", "bottom", "right", "between")]
        else:
            sides = [_border("bottom", rule_below), _border("between", rule_below)]
        c.append(f"<w:pBdr>{''.join(sides)}</w:pBdr>")
    if shade:
        c.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>')
    if space_before is not None or space_after is not None or line is not None:
        a = []
        if space_before is not None:
            a.append(f'w:before="{twips(space_before)}"')
        if space_after is not None:
            a.append(f'w:after="{twips(space_after)}"')
        if line is not None:
            a.append(f'w:line="{line[0]}" w:lineRule="{line[1]}"')
        c.append(f"<w:spacing {' '.join(a)}/>")
    if ind_left is not None or ind_right is not None or hanging is not None:
        a = []
        if ind_left is not None:
            a.append(f'w:left="{twips(ind_left)}"')
        if ind_right is not None:
            a.append(f'w:right="{twips(ind_right)}"')
        if hanging is not None:
            a.append(f'w:hanging="{twips(hanging)}"' if hanging else 'w:firstLine="0"')
        c.append(f"<w:ind {' '.join(a)}/>")
    if jc:
        c.append(f'<w:jc w:val="{jc}"/>')
    if outline_level is not None:
        c.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    return f"<w:pPr>{''.join(c)}</w:pPr>" if c else ""


def p_xml(ppr_xml: str, content: str) -> str:
    return f"<w:p>{ppr_xml}{content}</w:p>"


def page_break_run() -> str:
    return '<w:r><w:br w:type="page"/></w:r>'


def field_xml(instr: str, result: str, run_props: str = "") -> str:
    """A complex field (w:fldChar begin/separate/end) with a cached result, e.g. PAGE."""
    r = f"<w:r>{run_props}"
    return (
        f'{r}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'{r}<w:instrText xml:space="preserve"> {esc(instr)} </w:instrText></w:r>'
        f'{r}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"{r}{t_xml(result)}</w:r>"
        f'{r}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def parse_fragment(xml: str) -> list:
    """Elements (python-docx's element classes) parsed from a string of sibling elements."""
    return list(parse_xml(f"<w:body {NSDECL}>{xml}</w:body>"))


def parse_one(xml: str):
    return parse_fragment(xml)[0]


# ---------------------------------------------------------------- styles

def style_xml(
    kind: str,  # paragraph | character
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    link: str | None = None,
    ui_priority: int | None = None,
    qformat: bool = True,
    default: bool = False,
    ppr_xml: str = "",
    rpr_xml: str = "",
) -> str:
    d = ' w:default="1"' if default else ""
    c = [f'<w:style w:type="{kind}"{d} w:styleId="{esc(style_id)}"><w:name w:val="{esc(name)}"/>']
    if based_on:
        c.append(f'<w:basedOn w:val="{esc(based_on)}"/>')
    if next_style:
        c.append(f'<w:next w:val="{esc(next_style)}"/>')
    if link:
        c.append(f'<w:link w:val="{esc(link)}"/>')
    if ui_priority is not None:
        c.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if qformat:
        c.append("<w:qFormat/>")
    c.append(ppr_xml if kind == "paragraph" else "")
    c.append(rpr_xml)
    c.append("</w:style>")
    return "".join(c)


def styles_by_name(styles_el) -> dict[tuple[str, str], object]:
    """(lower-case name, type) -> w:style element."""
    out = {}
    for s in styles_el.iterchildren(qn("w:style")):
        name_el = s.find(qn("w:name"))
        if name_el is None:
            continue
        out.setdefault((name_el.get(qn("w:val")).lower(), s.get(qn("w:type"))), s)
    return out


def style_ids(styles_el) -> set[str]:
    return {s.get(qn("w:styleId")) for s in styles_el.iterchildren(qn("w:style"))}


def set_doc_defaults(styles_el, rpr_inner: str, ppr_inner: str) -> None:
    """Replace w:docDefaults so text outside any style uses the theme's body font, not Calibri."""
    old = styles_el.find(qn("w:docDefaults"))
    new = parse_xml(
        f'<w:docDefaults xmlns:w="{W_NS}"><w:rPrDefault>{rpr_inner}</w:rPrDefault>'
        f"<w:pPrDefault>{ppr_inner}</w:pPrDefault></w:docDefaults>"
    )
    if old is not None:
        old.addprevious(new)
        styles_el.remove(old)
    else:
        styles_el.insert(0, new)
