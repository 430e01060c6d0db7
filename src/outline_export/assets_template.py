"""A user's Word template read as an untrusted zip: the clean copy the docx writer opens
(``assets.template_package``), made within ``assets.TEMPLATE_MAX_BYTES`` and checked as it is made.

Reads only what the writer will use, following the relationships from the package to the main
document and from each part to the parts it names, one piece of a member at a time (the cap counts
what is really inflated, whatever the zip's directory says). Every XML part kept is parsed with
expat, streaming; one with a DOCTYPE is refused before an entity in it is read. Kept: the main
document (a .dotx's declared as a document's), the parts it uses unnamed (styles, numbering,
settings, fonts, theme, web settings, footnotes, endnotes) and the parts named outside the body's
blocks (the header and footer of the last section, a page background) or by a kept part (a
header's picture). Not kept: the package's properties and thumbnail (the writer makes its own
core.xml), macros, comments, glossary, custom XML, a template of the template, mail-merge sources
and whatever only the body used (the writer replaces the body).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import zipfile
import zlib
from xml.parsers import expat
from xml.sax.saxutils import quoteattr

from outline_export.assets import TEMPLATE_MAX_BYTES, TEMPLATE_MAX_PARTS, AssetError, _size

_CHUNK = 1 << 16

_DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_R_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
         "http://purl.oclc.org/ooxml/officeDocument/relationships")
_O_NS = "urn:schemas-microsoft-com:office:office"  # VML's o:relid
_W_NS = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main",
         "http://purl.oclc.org/ooxml/wordprocessingml/main")
# Parts the main document uses without naming them in its XML (the last word of the type).
_IMPLICIT = {"styles", "numbering", "settings", "fontTable", "theme", "webSettings", "footnotes", "endnotes"}
# Never copied, even when named: a template of the template, mail-merge sources (Word would ask
# to run their query), macros.
_NEVER = {"attachedTemplate", "mailMergeSource", "mailMergeHeaderSource", "recipientData", "vbaProject",
          "wordVbaData", "keyMapCustomizations", "attachedToolbars"}


def clean_template(real: str, size: int) -> bytes:
    """The clean copy of the template file ``real`` (``size`` bytes) as zip bytes; raises AssetError."""
    if size > TEMPLATE_MAX_BYTES:
        raise AssetError(f"is {_size(size)}, more than the {_size(TEMPLATE_MAX_BYTES)} a template may be; "
                         "remove large pictures or files from it, or start from a new .docx")
    try:
        with open(real, "rb") as f:
            head = f.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file, as Word wrote before 2007
            raise AssetError("is an old Word file (.doc) or a password-protected one, not a .docx")
        count = _zip_entries(real)
        if count is None:
            raise AssetError("is not a Word file (not a zip archive)")
        if count > TEMPLATE_MAX_PARTS:
            raise AssetError(f"holds {count:,} files, where a Word file holds a few dozen")
        with zipfile.ZipFile(real) as z:
            return _Template(z).clean()
    except OSError as e:
        raise AssetError(f"cannot be read ({e.strerror or e})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, ValueError) as e:
        if isinstance(e, AssetError):
            raise
        raise AssetError(f"is a damaged zip archive ({' '.join(str(e).split()) or type(e).__name__})") from None


def _zip_entries(path: str) -> int | None:
    """How many files the zip's end record says it holds (read before zipfile reads the whole
    directory); None when the file is not a zip."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        end = f.tell()
        f.seek(max(0, end - (22 + 65535)))
        tail = f.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    count = int.from_bytes(tail[at + 10:at + 12], "little")
    z64 = tail.rfind(b"PK\x06\x06", 0, at)  # a zip64 end record, with the real count
    if count == 0xFFFF and z64 >= 0 and at - z64 >= 56:
        count = int.from_bytes(tail[z64 + 32:z64 + 40], "little")
    return count


class _Template:
    """One pass over a template zip: reads what it keeps (within the cap), checks it, and writes
    the clean copy."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.names = set(z.namelist())
        self.budget = TEMPLATE_MAX_BYTES
        declared = sum(i.file_size for i in z.infolist())
        if declared > TEMPLATE_MAX_BYTES:
            raise AssetError(f"unpacks to {_size(declared)}, more than the {_size(TEMPLATE_MAX_BYTES)} a "
                             "template may hold; remove large pictures or files from it, or start from a new .docx")
        if any(i.flag_bits & 1 for i in z.infolist()):
            raise AssetError("is password-protected (encrypted)")

    def read(self, name: str) -> bytes:
        """A member's bytes, inflated a piece at a time: never more than the cap in all."""
        if name not in self.names:
            raise AssetError(f"lacks {name}")
        out = bytearray()
        with self.z.open(name) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    break
                self.budget -= len(chunk)
                if self.budget < 0:
                    raise AssetError(f"unpacks to more than the {_size(TEMPLATE_MAX_BYTES)} a template may hold "
                                     "(its zip directory understates the sizes); start from a new .docx")
                out += chunk
        return bytes(out)

    def clean(self) -> bytes:
        for name in ("[Content_Types].xml", "_rels/.rels"):
            if name not in self.names:
                raise AssetError(f"lacks {name}")
        defaults, overrides = _content_types(self.read("[Content_Types].xml"))
        main = [r for r in _rels(self.read("_rels/.rels"), "_rels/.rels", "")
                if r["type"] == "officeDocument" and not r["external"]]
        main_name = main[0]["name"] if main else "word/document.xml"
        if main_name not in self.names:
            raise AssetError(f"lacks {main_name}")

        def content_type(name: str) -> str | None:
            return overrides.get("/" + name.lower()) or defaults.get(posixpath.splitext(name)[1][1:].lower())

        kind = content_type(main_name)
        if kind is None:
            raise AssetError(f"lacks the content type of {main_name} in [Content_Types].xml")
        if kind not in (_DOC_MAIN, _TEMPLATE_MAIN):
            if "macroenabled" in kind.lower():
                raise AssetError("is a macro-enabled Word file (.docm or .dotm)")
            raise AssetError(f"is not a Word document (its {main_name} is declared as {kind!r})")

        parts: dict[str, bytes] = {}
        rels_out: dict[str, str] = {}
        queue, types = [main_name], {}
        while queue:
            name = queue.pop(0)
            if name in parts:
                continue
            data = parts[name] = self.read(name)
            ctype = content_type(name)
            if ctype is None:
                raise AssetError(f"lacks the content type of {name} in [Content_Types].xml")
            types[name] = ctype
            is_xml = not ctype.startswith("image/") and (ctype.endswith("xml") or name.endswith(".xml"))
            refs = _scan(name, data, main=name == main_name) if is_xml else _Scan(name)
            rels_name = posixpath.join(posixpath.dirname(name), "_rels", posixpath.basename(name) + ".rels")
            kept = []
            if rels_name in self.names:
                for r in _rels(self.read(rels_name), rels_name, posixpath.dirname(name)):
                    implicit = name == main_name and r["type"] in _IMPLICIT
                    if r["type"] in _NEVER or not (implicit or r["id"] in refs.ids):
                        continue
                    kept.append(r)
                    if not r["external"]:
                        if r["name"] not in self.names:
                            raise AssetError(f"lacks {r['name']} (which {rels_name} names)")
                        queue.append(r["name"])
                rels_out[rels_name] = _rels_xml(kept)
            if name == main_name:
                styles = [r for r in kept if r["type"] == "styles"]
                if not styles:
                    raise AssetError(f"lacks {posixpath.join(posixpath.dirname(name), 'styles.xml')}")
            if refs.problem:
                raise AssetError(refs.problem)
        types[main_name] = _DOC_MAIN  # a .dotx gives documents
        return _zip(parts, rels_out, defaults, types, main_name)


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    defaults, overrides = {}, {}

    def start(tag, attrs):
        if tag == f"{_CT_NS}}}Default":
            defaults[attrs.get("Extension", "").lower()] = attrs.get("ContentType", "")
        elif tag == f"{_CT_NS}}}Override":
            overrides[attrs.get("PartName", "").lower()] = attrs.get("ContentType", "")

    _parse("[Content_Types].xml", data, start)
    return defaults, overrides


def _rels(data: bytes, name: str, base: str) -> list[dict]:
    """The relationships in a .rels part: id, type (its last word), target, external, and the
    member name an internal target resolves to (as python-docx resolves it)."""
    out = []

    def start(tag, attrs):
        if tag != f"{_PKG_RELS}}}Relationship":
            return
        target = attrs.get("Target", "")
        external = attrs.get("TargetMode", "") == "External"
        member = posixpath.normpath(posixpath.join("/" + base, target)).lstrip("/") if not external else ""
        out.append({"id": attrs.get("Id", ""), "type": attrs.get("Type", "").rstrip("/").rsplit("/", 1)[-1],
                    "Type": attrs.get("Type", ""), "target": target, "external": external, "name": member})

    _parse(name, data, start)
    return out


def _rels_xml(rels: list[dict]) -> str:
    items = "".join(
        f"<Relationship Id={quoteattr(r['id'])} Type={quoteattr(r['Type'])} Target={quoteattr(r['target'])}"
        + (' TargetMode="External"' if r["external"] else "") + "/>" for r in rels)
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG_RELS}">{items}</Relationships>'


class _Doctype(Exception):
    pass


def _parse(name: str, data: bytes, start=None, end=None) -> None:
    """Parse ``data`` with expat, streaming (no tree is built); a DOCTYPE is refused before any
    entity in it is read. Element names reach the handlers as 'namespace}local'."""
    p = expat.ParserCreate(namespace_separator="}")

    def doctype(*_):
        raise _Doctype()

    p.StartDoctypeDeclHandler = doctype
    p.EntityDeclHandler = doctype
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    try:
        p.Parse(data, True)
    except _Doctype:
        raise AssetError(f"has a DOCTYPE in {name} (Word never writes one, and it can define entities)") from None
    except expat.ExpatError as e:
        raise AssetError(f"has a damaged {name} (not well-formed XML: {e})") from None


class _Scan:
    """What one XML part says: the relationship ids it names, and a problem of its own."""

    def __init__(self, name: str):
        self.name = name
        self.ids: set[str] = set()
        self.problem: str | None = None


def _scan(name: str, data: bytes, main: bool) -> _Scan:
    """The ids a part names (the main document: outside the blocks of its body, which the writer
    replaces), and a problem with its styles or numbering."""
    scan = _Scan(name)
    depth, skip_from, style = 0, None, None
    body = [f"{ns}}}body" for ns in _W_NS]
    names = {f"{ns}}}name" for ns in _W_NS}
    keeps = {f"{ns}}}sectPr" for ns in _W_NS}
    path: list[str] = []

    def w(attrs, local):
        return next((v for k, v in attrs.items() if k in (f"{ns}}}{local}" for ns in _W_NS)), None)

    def start(tag, attrs):
        nonlocal depth, skip_from, style
        depth += 1
        path.append(tag)
        if main and skip_from is None and depth == 3 and path[1] in body and tag not in keeps:
            skip_from = depth
        if skip_from is None:
            for k, v in attrs.items():
                ns, _, local = k.rpartition("}")
                if ns in _R_NS or (ns == _O_NS and local == "relid"):
                    scan.ids.add(v)
        if depth == 2 and tag.endswith("}style") and tag.rpartition("}")[0] in _W_NS:
            style = [w(attrs, "styleId"), False]
        elif style is not None and depth == 3 and tag in names and (w(attrs, "val") or "").strip():
            style[1] = True
        elif depth == 2 and tag.rpartition("}")[2] in ("abstractNum", "num") and tag.rpartition("}")[0] in _W_NS:
            key = "abstractNumId" if tag.endswith("abstractNum") else "numId"
            if not re.fullmatch(r"-?\d{1,9}", (w(attrs, key) or "").strip()) and scan.problem is None:
                scan.problem = f"has a list definition without a number ({key}) in {name}"

    def end(tag):
        nonlocal depth, skip_from, style
        if depth == 2 and style is not None:
            if not style[1] and scan.problem is None:
                scan.problem = f"has a style without a name (w:styleId {style[0]!r}) in {name}"
            style = None
        if skip_from == depth:
            skip_from = None
        depth -= 1
        path.pop()

    _parse(name, data, start, end)
    return scan


def _zip(parts: dict[str, bytes], rels: dict[str, str], defaults: dict[str, str], types: dict[str, str],
         main_name: str) -> bytes:
    """The clean copy: its own content types and package relationships (the main document only)."""
    overrides = "".join(f"<Override PartName={quoteattr('/' + n)} ContentType={quoteattr(t)}/>"
                        for n, t in sorted(types.items()))
    dflt = "".join(f"<Default Extension={quoteattr(e)} ContentType={quoteattr(t)}/>"
                   for e, t in sorted(defaults.items()) if e)
    members = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                               f'<Types xmlns="{_CT_NS}">{dflt}{overrides}</Types>'.encode("utf-8"),
        "_rels/.rels": _rels_xml([{"id": "rId1", "Type": f"{_R_NS[0]}/officeDocument", "target": main_name,
                                   "external": False}]).encode("utf-8"),
    }
    members.update(parts)
    members.update((n, x.encode("utf-8")) for n, x in rels.items())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
