"""What the Word and slides writers' packages share, without importing python-docx or python-pptx:
core properties from a ``document.Meta`` and the zip that is the same bytes every time."""

from __future__ import annotations

import io
import zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip member can carry
ZIP_END = (2107, 12, 31, 23, 59, 58)  # the latest (the year is 7 bits from 1980, seconds are even)
CORE_PROPERTY_CHARS = 255  # Word's limit for a core property's text (python-docx refuses more)


def core_property(text: str) -> str:
    """``text`` as a core property (title, author, subject, keywords) can hold it: at most 255
    characters, cut at a word with "…" when longer. The document's own text is never cut."""
    if len(text) <= CORE_PROPERTY_CHARS:
        return text
    cut = text[: CORE_PROPERTY_CHARS - 1]
    if " " in cut[CORE_PROPERTY_CHARS // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def set_core_properties(cp, meta, when, qn) -> None:
    """docProps/core.xml from a document.Meta: title, author, subject and keywords (each at most
    255 characters), dated ``when`` (a naive UTC datetime) and nothing from this machine. ``cp``
    is python-docx's or python-pptx's CoreProperties, ``qn`` that library's ``oxml.ns.qn``."""
    cp.title, cp.author = core_property(meta.title), core_property(meta.author)
    cp.subject, cp.keywords = core_property(meta.subject), core_property(meta.keywords)
    cp.last_modified_by = cp.author
    cp.comments = cp.category = ""
    cp.revision = 1
    cp.created = cp.modified = cp.last_printed = when
    stamp = f"{when.year:04d}-{when:%m-%dT%H:%M:%S}Z"  # python-docx writes year 1 as "1"; W3CDTF wants "0001"
    for el in cp._element:
        if el.tag in (qn("dcterms:created"), qn("dcterms:modified"), qn("cp:lastPrinted")):
            el.text = stamp


def zip_members(members: dict[str, bytes], date_time) -> bytes:
    """An OOXML package's members in a zip that is the same every time: one fixed date (clamped to
    what a zip can carry), [Content_Types].xml first then the rest sorted, deflate level 6, no
    file-system attributes."""
    date_time = min(max(tuple(date_time), ZIP_EPOCH), ZIP_END)  # core.xml keeps the real date
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
