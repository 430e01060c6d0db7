"""Raw WordprocessingML for the docx writer, package level: numbering definitions, the body and
its section, parts and relationships, and the deterministic zip. Text, runs, paragraphs and
styles are in ``_ooxml``; like it, nothing here knows about outlines or themes.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.parts.numbering import NumberingPart

from ._ooxml import W_NS, esc, parse_fragment, twips

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


def set_page_size(sect, width: float, height: float) -> None:
    """Only w:pgSz of a w:sectPr (a template's margins, header and footer stay): portrait, in
    twips, without the template's paper code or orientation, which would no longer be true."""
    pg = sect.find(qn("w:pgSz"))
    if pg is None:
        pg = sect.makeelement(qn("w:pgSz"), {})
        mar = sect.find(qn("w:pgMar"))
        (mar.addprevious(pg) if mar is not None else _insert_sect_child(sect, pg))
    for a in ("orient", "code"):
        pg.attrib.pop(qn(f"w:{a}"), None)
    pg.set(qn("w:w"), str(twips(width)))
    pg.set(qn("w:h"), str(twips(height)))


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


def drop_template_links(settings_el) -> None:
    """A template's settings without what points outside the document: its own template
    (w:attachedTemplate, which Word would fetch) and a mail merge (w:mailMerge, whose query Word
    would ask to run). ``assets_template`` has already left out their relationships."""
    for tag in ("w:attachedTemplate", "w:mailMerge"):
        for el in settings_el.findall(qn(tag)):
            settings_el.remove(el)


def fresh_core_properties(package):
    """The package's docProps/core.xml made anew (whatever a template's said), for the writer to fill."""
    drop_rels(package.rels, RT.CORE_PROPERTIES)
    return package.core_properties


# ---------------------------------------------------------------- the zip

from ._zip import ZIP_END, ZIP_EPOCH, core_property, set_core_properties, zip_members  # noqa: E402,F401


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
    return zip_members(sink.members, date_time)
