"""Hostile templates, logos and fonts, made at test time by small code (never committed as files).

Word files start from a real python-docx document (with a header that shows a picture) and have
members replaced or added; ``zip_bytes`` writes the zip by hand, so a member's declared size can
lie and a huge member can be stored already compressed. Fonts start from the shipped DejaVu Sans.
"""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path

FONTS = Path(__file__).resolve().parents[1] / "src" / "outline_export" / "themes" / "default" / "fonts"
DOC_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
MACRO_MAIN = b"application/vnd.ms-word.document.macroEnabled.main+xml"
HEADER_TEXT = "Grace Church bulletin"


# ---------------------------------------------------------------- zips

class Raw:
    """A member stored as given: ``data`` already deflated (raw), with the CRC and the size the
    zip's directory declares (which may be a lie)."""

    def __init__(self, data: bytes, crc: int, declared: int):
        self.data, self.crc, self.declared = data, crc, declared


def deflated_zeros(size: int, chunk: int = 16 << 20) -> Raw:
    """``size`` zero bytes (a multiple of ``chunk``), deflated in about a second however large:
    after a full flush a deflate stream forgets its history, so equal chunks compress to equal
    bytes and one chunk's bytes are repeated."""
    assert size % chunk == 0
    zeros = bytes(chunk)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(size // chunk):
        crc = zlib.crc32(zeros, crc)
    return Raw(piece * (size // chunk) + co.flush(zlib.Z_FINISH), crc, size)


def zip_bytes(members: dict[str, bytes | Raw]) -> bytes:
    """A zip written by hand: bytes are deflated here; a ``Raw`` member is stored as it is."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, body in members.items():
        if isinstance(body, Raw):
            data, crc, size = body.data, body.crc, body.declared
        else:
            co = zlib.compressobj(6, zlib.DEFLATED, -15)
            data, crc, size = co.compress(body) + co.flush(), zlib.crc32(body), len(body)
        n = name.encode("utf-8")
        offset = out.tell()
        fields = struct.pack("<HHHHHLLLH", 20, 0, 8, 0, 0x21, crc, len(data), size, len(n))
        out.write(b"PK\x03\x04" + fields + struct.pack("<H", 0) + n + data)
        central.write(b"PK\x01\x02" + struct.pack("<H", 20) + fields
                      + struct.pack("<HHHHLL", 0, 0, 0, 0, 0, offset) + n)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    out.write(b"PK\x05\x06" + struct.pack("<HHHHLLH", 0, 0, len(members), len(members), len(cd), start, 0))
    return out.getvalue()


def template_members() -> dict[str, bytes]:
    """The members of a good Word template: python-docx's default document, with a header that
    reads HEADER_TEXT and shows a small picture (word/media/image1.png)."""
    import docx
    from PIL import Image

    d = docx.Document()
    header = d.sections[0].header.paragraphs[0]
    header.text = HEADER_TEXT + " "
    png = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(png, "PNG")
    png.seek(0)
    header.add_run().add_picture(png)
    d.add_paragraph("TEMPLATE BODY TEXT")
    buf = io.BytesIO()
    d.save(buf)
    import zipfile

    with zipfile.ZipFile(buf) as z:
        return {n: z.read(n) for n in z.namelist()}


def word_file(path: Path, edit=None) -> Path:
    """A Word template at ``path``; ``edit(members)`` may change, add or remove members first."""
    members = template_members()
    if edit is not None:
        edit(members)
    path.write_bytes(zip_bytes(members))
    return path


def add_part(members: dict, name: str, body, rel_type: str, content_type: str, source="word/document.xml") -> None:
    """``body`` added as ``name``, related from ``source`` (not named in its XML) with its content type."""
    folder, base = source.rsplit("/", 1)
    rels = f"{folder}/_rels/{base}.rels"
    target = name[len(folder) + 1:] if name.startswith(folder + "/") else "/" + name
    members[name] = body
    members[rels] = members[rels].replace(
        b"</Relationships>", f'<Relationship Id="{rel_id(name)}" Type="{rel_type}" Target="{target}"/></Relationships>'.encode())
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{content_type}"/></Types>'.encode())


def rel_id(name: str) -> str:
    """The relationship id ``add_part`` gives the part ``name``."""
    return "rIdH" + "".join(c for c in name if c.isalnum())


def with_doctype(xml: bytes, entity: str = "e", value: str = "EVIL") -> bytes:
    """``xml`` with a DOCTYPE that defines an entity, used once in its first text."""
    head, rest = xml.split(b"?>", 1)
    return head + f'?><!DOCTYPE x [<!ENTITY {entity} "{value}">]>'.encode() + rest


def billion_laughs(root: str = "w:styles") -> bytes:
    """The classic entity bomb: ten levels, each ten times the one below."""
    ents = ['<!ENTITY l0 "ha">'] + [f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE x [{"".join(ents)}]>'
            f'<{root} xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&l9;</{root}>').encode()


# ---------------------------------------------------------------- images

def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, idat: bytes) -> bytes:
    """An 8-bit RGB PNG declaring ``width`` x ``height`` with ``idat`` as its (maybe wrong) data."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def png_rows(width: int, height: int) -> bytes:
    """Good deflated data for a ``width`` x ``height`` RGB PNG (every pixel black)."""
    return zlib.compress((b"\x00" + bytes(3 * width)) * height)


def png_broken_stream(width: int = 60, height: int = 40) -> bytes:
    """Checksums right, deflate data wrong: a viewer shows nothing, PIL's verify() passes it."""
    good = png_rows(width, height)
    return png(width, height, good[:10] + b"\xff" * 10 + good[20:])


def png_truncated_stream(width: int = 60, height: int = 40) -> bytes:
    good = png_rows(width, height)
    return png(width, height, good[: len(good) // 2])


def cmyk_jpeg() -> bytes:
    """A CMYK JPEG (as print shops send): pure (0, 200, 200, 0), a red."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("CMYK", (60, 40), (0, 200, 200, 0)).save(buf, "JPEG", quality=95)
    return buf.getvalue()


def jpeg_without_jfif() -> bytes:
    """A JPEG with its JFIF (APP0) segment cut out: valid, and python-docx cannot size it."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 100, 200)).save(buf, "JPEG", quality=95)
    data = buf.getvalue()
    assert data[2:4] == b"\xff\xe0"
    return data[:2] + data[4 + int.from_bytes(data[4:6], "big"):]


def gif() -> bytes:
    """A GIF saved as logo.png."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("P", (10, 10)).save(buf, "GIF")
    return buf.getvalue()


# ---------------------------------------------------------------- fonts

def font_bytes(name: str = "DejaVuSans.ttf") -> bytes:
    return (FONTS / name).read_bytes()


def table_at(data: bytes, tag: bytes) -> tuple[int, int]:
    """(offset, length) of a font table."""
    for i in range(struct.unpack_from(">H", data, 4)[0]):
        t, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        if t == tag:
            return offset, length
    raise KeyError(tag)


def font_with(patches: dict[tuple[bytes, int], bytes], name: str = "DejaVuSans.ttf") -> bytes:
    """A shipped font with bytes replaced: (table tag, offset in it) -> new bytes."""
    data = bytearray(font_bytes(name))
    for (tag, at), new in patches.items():
        offset, _ = table_at(bytes(data), tag)
        data[offset + at:offset + at + len(new)] = new
    return bytes(data)


def font_units_per_em_zero() -> bytes:
    return font_with({(b"head", 18): b"\x00\x00"})


def font_unknown_post_version() -> bytes:
    """A 'post' table of version 0xFFFF.FFFF: fontmetrics does not read it, reportlab refuses it."""
    return font_with({(b"post", 0): b"\xff\xff\xff\xff"})


def sparse_file(path: Path, size: int, head: bytes = b"") -> Path:
    """A file of ``size`` bytes that takes no room on disk (a hole after ``head``)."""
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(size)
    assert os.stat(path).st_size == size
    return path
