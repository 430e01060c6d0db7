"""fontmetrics: widths as reportlab measures them, and a one-line FontError for every broken file."""

from __future__ import annotations

import io
import os
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from outline_export import fontmetrics
from outline_export.fontmetrics import FontError

FONTS = Path(fontmetrics.__file__).parent / "themes" / "default" / "fonts"
SERIF = FONTS / "DejaVuSerif.ttf"
STRINGS = ["I.", "XVIII.", "(12)", "1.2.3.", "•", "◦", "▪", "mmm", "Αγάπη", "0123456789",
           "Standing in the Gap", "שלום", "\u4e2d", "\U0001F600", ""]


def _records(data: bytes) -> dict[str, int]:
    """tag -> where its 16-byte record sits in the table directory."""
    count = struct.unpack_from(">H", data, 4)[0]
    return {data[12 + 16 * i:16 + 16 * i].decode("latin-1"): 12 + 16 * i for i in range(count)}


def _table(data: bytes, tag: str) -> tuple[int, int]:
    return struct.unpack_from(">LL", data, _records(data)[tag] + 8)


@pytest.mark.parametrize("path", sorted(FONTS.glob("*.ttf")), ids=lambda p: p.name)
def test_widths_agree_with_reportlab(path):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    name = f"fontmetrics-test-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    metrics = fontmetrics.load(path)
    for s in STRINGS:
        assert metrics.width(s, 11) == pytest.approx(pdfmetrics.stringWidth(s, name, 11), abs=0.01), s
    assert metrics.width("", 11) == 0
    if path.name.startswith("Nanum"):  # the Korean fallback (docs/languages-fonts.md)
        for s in ("하나님의 사랑", "잃어버린 아들을 기다리는 아버지"):
            assert metrics.width(s, 11) == pytest.approx(pdfmetrics.stringWidth(s, name, 11), abs=0.01), s
        assert metrics.units_per_em == 1000 and metrics.family == "NanumGothic"
        return
    assert metrics.units_per_em == 2048
    assert metrics.family == ("DejaVu Serif" if "Serif" in path.name else "DejaVu Sans")


def test_serif_facts():
    m = fontmetrics.load(SERIF)
    assert m.path == str(SERIF.resolve())
    assert m.family == "DejaVu Serif"
    assert m.line_height == pytest.approx(1.164, abs=0.001)
    assert m.has("A") and m.has("•") and m.has("Ω")
    assert not m.has("\u05e9")  # Hebrew shin: DejaVu Serif lacks it (the PDF writer falls back to Sans)
    assert m.advance("\u05e9") == m.advance("\uffff") > 0  # lacking: glyph 0's advance
    assert m.width("mm", 10) == pytest.approx(2 * m.advance("m") * 10)
    assert fontmetrics.load(SERIF) is m and fontmetrics.load(str(SERIF)) is m  # cached
    assert fontmetrics.load(FONTS / "DejaVuSans.ttf").family == "DejaVu Sans"
    with pytest.raises(ValueError):
        m.advance("ab")


def test_format_4_map_gives_the_same_answers_as_format_12(tmp_path):
    """DejaVu's preferred map is 3/10 (format 12); hide it and the 3/1 format 4 map is used."""
    data = bytearray(SERIF.read_bytes())
    at, _ = _table(data, "cmap")
    count = struct.unpack_from(">H", data, at + 2)[0]
    hidden = 0
    for i in range(count):
        rec = at + 4 + 8 * i
        platform, encoding = struct.unpack_from(">HH", data, rec)
        if platform == 0 or (platform, encoding) == (3, 10):
            struct.pack_into(">HH", data, rec, 7, 7)  # a platform nobody reads
            hidden += 1
    assert hidden == 3
    (tmp_path / "bmp.ttf").write_bytes(data)
    bmp, full = fontmetrics.load(tmp_path / "bmp.ttf"), fontmetrics.load(SERIF)
    for s in STRINGS[:-3]:
        assert bmp.width(s, 11) == full.width(s, 11), s
    assert full.has("\U0001D434") and not bmp.has("\U0001D434")  # format 4 stops at U+FFFF


def test_mac_roman_name_when_there_is_no_windows_name(tmp_path):
    data = bytearray(SERIF.read_bytes())
    at, _ = _table(data, "name")
    count = struct.unpack_from(">H", data, at + 2)[0]
    for i in range(count):
        rec = at + 6 + 12 * i
        if struct.unpack_from(">H", data, rec)[0] != 1:
            struct.pack_into(">H", data, rec, 7)
    (tmp_path / "mac.ttf").write_bytes(data)
    assert fontmetrics.load(tmp_path / "mac.ttf").family == "DejaVu Serif"


def test_a_changed_file_is_read_again(tmp_path):
    font = tmp_path / "Font.ttf"
    font.write_bytes(SERIF.read_bytes())
    assert fontmetrics.load(font).family == "DejaVu Serif"
    font.write_bytes((FONTS / "DejaVuSans.ttf").read_bytes())
    assert fontmetrics.load(font).family == "DejaVu Sans"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    return buf.getvalue()


def _renamed(tag: str, new: bytes) -> bytes:
    data = bytearray(SERIF.read_bytes())
    data[_records(data)[tag]:_records(data)[tag] + 4] = new
    return bytes(data)


def _hmtx_cut() -> bytes:
    data = SERIF.read_bytes()
    at, length = _table(data, "hmtx")
    return data[:at + length // 2]


BROKEN = {
    "random bytes": (bytes(random.Random(7).randrange(256) for _ in range(5000)), "not a TrueType or OpenType font"),
    "empty": (b"", "the file is empty"),
    "zip": (_zip(), "not a TrueType or OpenType font (it starts with b'PK\\x03\\x04')"),
    "first 2000 bytes": (SERIF.read_bytes()[:2000], "truncated: the "),
    "cut in hmtx": (_hmtx_cut(), "truncated: the 'hmtx' table runs past the end of the file"),
    "header only": (SERIF.read_bytes()[:20], "truncated: the table directory runs past the end of the file"),
    "cmap renamed": (_renamed("cmap", b"xmap"), "lacks the 'cmap' table"),
    "name renamed": (_renamed("name", b"nome"), "lacks the 'name' table"),
    "collection": (b"ttcf\x00\x01\x00\x00" + bytes(100), "a font collection (.ttc); give one .ttf file"),
    "woff": (b"wOFF" + bytes(100), "a web font (WOFF)"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_files_raise_one_line_font_errors(tmp_path, case):
    data, expected = BROKEN[case]
    path = tmp_path / "Broken.ttf"
    path.write_bytes(data)
    with pytest.raises(FontError) as e:
        fontmetrics.load(path)
    message = str(e.value)
    assert expected in message
    assert "\n" not in message and message.strip() == message
    assert isinstance(e.value, ValueError)


def test_first_2000_bytes_names_the_table_cut_off(tmp_path):
    path = tmp_path / "Cut.ttf"
    path.write_bytes(SERIF.read_bytes()[:2000])
    with pytest.raises(FontError, match=r"^truncated: the '[A-Za-z/ 0-9]{4}' table runs past the end of the file$"):
        fontmetrics.load(path)


def test_missing_file_and_folder_are_font_errors(tmp_path):
    with pytest.raises(FontError, match="cannot be read"):
        fontmetrics.load(tmp_path / "nowhere.ttf")
    with pytest.raises(FontError, match="cannot be read"):
        fontmetrics.load(tmp_path)


def test_imports_no_font_or_document_library():
    code = ("import sys, outline_export.fontmetrics as f; f.load(sys.argv[1]).width('abc', 11); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('reportlab', 'docx', 'fontTools', 'PIL')))")
    out = subprocess.run([sys.executable, "-c", code, str(SERIF)], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
