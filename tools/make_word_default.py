"""Make ``src/outline_export/data/word-default.docx``: the package the docx writer starts from
when the settings name no Word template.

It is python-docx's own default package (docx/templates/default.docx, MIT licence) made small:
every style the writer does not start from is left out (the writer makes each style it uses,
from the theme), and so are the parts nothing reads: the thumbnail, Word 2010's
stylesWithEffects copy of the styles, the bibliography's customXml, and the numbering
definitions of styles no longer there. What stays is what Word itself writes in a blank
document: the document defaults, the latent styles (Word's list of built-in styles and their
order in the gallery), Normal, Default Paragraph Font, Normal Table and No List, the font table,
the theme, settings (compatibility mode 15: current Word, as the writer asked before) and web
settings. python-docx then parses a 16 KB styles part instead of 438 KB for every .docx
(docs/performance.md, "Rendering").

    python tools/make_word_default.py     (run again only to change the package; it is committed)
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import docx
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "outline_export" / "data" / "word-default.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
KEEP_STYLES = {"Normal", "Default Paragraph Font", "Normal Table", "No List"}
DROP_PARTS = {"docProps/thumbnail.jpeg", "word/stylesWithEffects.xml", "word/numbering.xml",
              "customXml/item1.xml", "customXml/itemProps1.xml", "customXml/_rels/item1.xml.rels"}
DROP_TARGETS = {"../customXml/item1.xml", "docProps/thumbnail.jpeg", "stylesWithEffects.xml", "numbering.xml"}


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for style in root.findall(f"{{{W}}}style"):
        if style.find(f"{{{W}}}name").get(f"{{{W}}}val") not in KEEP_STYLES:
            root.remove(style)
    return _xml(root)


def _settings(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for cs in root.iter(f"{{{W}}}compatSetting"):
        if cs.get(f"{{{W}}}name") == "compatibilityMode":
            cs.set(f"{{{W}}}val", "15")
    rsids = root.find(f"{{{W}}}rsids")  # the edit history of python-docx's own file
    if rsids is not None:
        root.remove(rsids)
    return _xml(root)


def _rels(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for rel in list(root):
        if rel.get("Target") in DROP_TARGETS:
            root.remove(rel)
    return _xml(root)


def _content_types(data: bytes) -> bytes:
    root = etree.fromstring(data)
    for override in list(root):
        if override.get("PartName", "").lstrip("/") in DROP_PARTS:
            root.remove(override)
    return _xml(root)


def make() -> bytes:
    source = Path(docx.__file__).parent / "templates" / "default.docx"
    members: dict[str, bytes] = {}
    with zipfile.ZipFile(source) as z:
        for name in z.namelist():
            if name in DROP_PARTS:
                continue
            data = z.read(name)
            if name == "word/styles.xml":
                data = _styles(data)
            elif name == "word/settings.xml":
                data = _settings(data)
            elif name.endswith(".rels"):
                data = _rels(data)
            elif name == "[Content_Types].xml":
                data = _content_types(data)
            members[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in sorted(members, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, members[name], compresslevel=9)
    return out.getvalue()


if __name__ == "__main__":
    data = make()
    OUT.write_bytes(data)
    sys.stdout.write(f"{OUT.relative_to(ROOT)}: {len(data):,} bytes\n")
