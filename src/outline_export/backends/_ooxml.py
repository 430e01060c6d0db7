"""Raw WordprocessingML for the docx backend: XML strings, element surgery, zip normalising.

Kept apart from ``docx.py`` (which decides *what* to draw) the way python-docx keeps its
``docx/oxml/``: everything here knows element names and the order the schema wants children in,
nothing here knows about outlines or themes. Text always goes through ``esc``; nothing is
interpreted.

Child order matters to Word (a misplaced element makes it call the file corrupt), so each builder
writes children in the order of the ECMA-376 schema (``CT_PPr``, ``CT_RPr``, ``CT_Style``, ``CT_Lvl``).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart

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
    fonts: tuple[str, str] | None = None,  # (latin font, complex-script font)
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
        c.append(f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{cs}"/>')
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


# ---------------------------------------------------------------- numbering

@dataclass(frozen=True)
class Level:
    fmt: str  # w:numFmt value
    text: str  # w:lvlText, e.g. "%1." or "•"
    left: float  # points: where the text starts
    hanging: float  # points: the number hangs this far left of the text
    is_lgl: bool = False  # show every %n as arabic (for "1.1." under a roman level)
    pstyle: str | None = None  # the paragraph style this level belongs to
    font: str | None = None  # for bullet glyphs
    start: int = 1


def abstract_num_xml(abstract_id: int, nsid: int, levels: list[Level], name: str) -> str:
    out = [
        f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:nsid w:val="{nsid:08X}"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="{(nsid ^ 0x5A5A5A5A):08X}"/>'
        f'<w:name w:val="{esc(name)}"/>'
    ]
    for i, lv in enumerate(levels):
        out.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{lv.start}"/><w:numFmt w:val="{lv.fmt}"/>')
        if lv.pstyle:
            out.append(f'<w:pStyle w:val="{esc(lv.pstyle)}"/>')
        if lv.is_lgl:
            out.append("<w:isLgl/>")
        out.append(f'<w:lvlText w:val="{esc(lv.text)}"/><w:lvlJc w:val="left"/>')
        out.append(
            f'<w:pPr><w:ind w:left="{twips(lv.left)}" w:hanging="{twips(lv.hanging)}"/></w:pPr>'
        )
        if lv.font:
            f = esc(lv.font)
            out.append(f'<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:hint="default"/></w:rPr>')
        out.append("</w:lvl>")
    out.append("</w:abstractNum>")
    return "".join(out)


def num_xml(num_id: int, abstract_id: int, starts: dict[int, int]) -> str:
    """A list instance. A w:startOverride on every level makes it count from its own start:
    without it, Word continues the count of any earlier list of the same abstract numbering."""
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for lvl, start in sorted(starts.items())
    )
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def nsid_for(key: str) -> int:
    """A stable 32-bit numbering id (Word uses random ones; stable keeps output reproducible)."""
    return zlib.crc32(key.encode("utf-8")) & 0xFFFFFFFF


def ensure_numbering_part(document_part):
    """The document's numbering part, added (empty) when the package has none.

    python-docx's ``DocumentPart.numbering_part`` would try ``NumberingPart.new()``, which raises
    NotImplementedError, so a template without lists would break it."""
    try:
        return document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        pass
    element = parse_xml(f'<w:numbering xmlns:w="{W_NS}"/>')
    part = NumberingPart(
        PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, document_part.package
    )
    document_part.relate_to(part, RT.NUMBERING)
    return part


def numbering_ids(numbering_el) -> tuple[int, int]:
    """The largest abstractNumId and numId already used (0 when none)."""
    a = [int(e.get(qn("w:abstractNumId"))) for e in numbering_el.iterchildren(qn("w:abstractNum"))]
    n = [int(e.get(qn("w:numId"))) for e in numbering_el.iterchildren(qn("w:num"))]
    return max(a, default=0), max(n, default=0)


def add_numbering(numbering_el, abstracts: list[str], nums: list[str]) -> None:
    """Append definitions; the schema wants every w:abstractNum before the first w:num."""
    if not abstracts and not nums:
        return
    first_num = numbering_el.find(qn("w:num"))
    for el in parse_fragment("".join(abstracts)):
        if first_num is not None:
            first_num.addprevious(el)
        else:
            _append_before_tail(numbering_el, el)
    for el in parse_fragment("".join(nums)):
        _append_before_tail(numbering_el, el)


def _append_before_tail(numbering_el, el) -> None:
    tail = numbering_el.find(qn("w:numIdMacAtCleanup"))
    if tail is not None:
        tail.addprevious(el)
    else:
        numbering_el.append(el)


# ---------------------------------------------------------------- body, sections, parts

def clear_body(body) -> None:
    """Remove every block from w:body but the final w:sectPr (the last section's page setup)."""
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def append_blocks(body, xml: str) -> None:
    """Parse the body's blocks once and put them before the final w:sectPr."""
    sect = body.find(qn("w:sectPr"))
    if sect is not None:
        body.remove(sect)
    body.extend(parse_fragment(xml))
    if sect is not None:
        body.append(sect)


def set_page(sect, width: float, height: float, margins: dict[str, float]) -> None:
    """w:pgSz and w:pgMar of a w:sectPr, in twips (points x 20)."""
    pg = sect.find(qn("w:pgSz"))
    if pg is None:
        pg = sect.makeelement(qn("w:pgSz"), {})
        mar = sect.find(qn("w:pgMar"))
        (mar.addprevious(pg) if mar is not None else _insert_sect_child(sect, pg))
    for a in list(pg.attrib):
        del pg.attrib[a]
    pg.set(qn("w:w"), str(twips(width)))
    pg.set(qn("w:h"), str(twips(height)))
    mar = sect.find(qn("w:pgMar"))
    if mar is None:
        mar = sect.makeelement(qn("w:pgMar"), {})
        pg.addnext(mar)
    for a in list(mar.attrib):
        del mar.attrib[a]
    for key in ("top", "right", "bottom", "left", "header", "footer", "gutter"):
        mar.set(qn(f"w:{key}"), str(twips(margins.get(key, 0))))


def _insert_sect_child(sect, el) -> None:
    refs = sect.findall(qn("w:headerReference")) + sect.findall(qn("w:footerReference"))
    if refs:
        refs[-1].addnext(el)
    else:
        sect.insert(0, el)


def has_footer(sect) -> bool:
    return sect.find(qn("w:footerReference")) is not None


def replace_children(el, xml: str) -> None:
    """Replace every child of ``el`` (a w:ftr or w:hdr) by the elements in ``xml``."""
    for child in list(el):
        el.remove(child)
    el.extend(parse_fragment(xml))


def drop_rels(rels, reltype: str) -> None:
    """Remove relationships of a type, so the parts they point to are not written."""
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == reltype]:
        rels.pop(r_id)


def set_compat_mode(settings_el, mode: int) -> None:
    """Word's compatibilityMode (15: Word 2013 and later, no "[Compatibility Mode]" banner)."""
    for cs in settings_el.iter(qn("w:compatSetting")):
        if cs.get(qn("w:name")) == "compatibilityMode":
            cs.set(qn("w:val"), str(mode))


def patch_template_content_type(data: bytes) -> bytes:
    """A .dotx's main part declared as a document's, so python-docx opens it (same XML)."""
    tmpl = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    doc = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    zin = zipfile.ZipFile(io.BytesIO(data))
    ct = zin.read("[Content_Types].xml")
    if tmpl not in ct:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(tmpl, doc)
            zout.writestr(info.filename, body)
    return out.getvalue()


# ---------------------------------------------------------------- the zip

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip member can carry


def package_bytes(package, date_time: tuple[int, int, int, int, int, int]) -> bytes:
    """A python-docx package written straight into a zip that is the same every time: one fixed
    date, [Content_Types].xml first then the rest sorted, deflate level 6, no file-system
    attributes. Each part is compressed once (python-docx's own save would zip it with today's date)."""
    from docx.opc.pkgwriter import PackageWriter

    class _Collect:  # stands in for python-docx's PhysPkgWriter
        def __init__(self):
            self.members: dict[str, bytes] = {}

        def write(self, pack_uri, blob):
            self.members[pack_uri.membername] = blob

    parts = list(package.iter_parts())
    for part in parts:
        part.before_marshal()
    sink = _Collect()
    PackageWriter._write_content_types_stream(sink, parts)
    PackageWriter._write_pkg_rels(sink, package.rels)
    PackageWriter._write_parts(sink, parts)
    return _zip_members(sink.members, date_time)


def _zip_members(members: dict[str, bytes], date_time) -> bytes:
    date_time = max(tuple(date_time), ZIP_EPOCH)
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, members[name], compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()
