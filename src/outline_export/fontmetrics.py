"""What a TrueType or OpenType font file says about its characters, read without reportlab.

``load(path)`` reads the table directory and the 'head', 'hhea', 'maxp', 'hmtx', 'cmap' and 'name'
tables of one .ttf/.otf file and answers: the family name, single line spacing, whether a character
is in the font, and how wide a string is (advances only: no kerning, no shaping). A file that cannot
be read that way raises ``FontError`` with a one-line reason meant for the user, so a bad font is
reported when settings load rather than halfway through drawing a PDF.

Pure Python on purpose (struct and functools; no reportlab, python-docx or fontTools): it is cheap
to import and to run, and what it accepts does not depend on which writer happens to draw first.
"""

from __future__ import annotations

import os
import struct
from functools import lru_cache

__all__ = ["FontError", "FontMetrics", "load"]

MAX_BYTES = 50 << 20  # the largest font file read (CJK fonts with every glyph are about 20 MB)
_SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"true", b"OTTO")
_REQUIRED = ("head", "hhea", "maxp", "hmtx", "cmap", "name")


class FontError(ValueError):
    """A file that is not a usable TrueType/OpenType font; the message is one line for the user."""

    def __init__(self, reason: str):
        super().__init__(" ".join(str(reason).split()))  # always one line


class FontMetrics:
    """Metrics of one font file. Advances and widths are in ems and points respectively."""

    __slots__ = ("path", "family", "units_per_em", "line_height", "ascender", "descender", "line_gap",
                 "num_glyphs", "tables", "_data", "_hmtx", "_n_hmetrics", "_lookup", "_glyphs", "_advances")

    def __init__(self, path: str, data: bytes, tables: dict[str, tuple[int, int]]):
        self.path = path
        self._data = data
        self.tables: frozenset[str] = frozenset(tables)  # the table tags the file has ('glyf', 'CFF ', ...)
        head_at, _ = _table(data, tables, "head", 54)
        if _u32(data, head_at + 12) != 0x5F0F3CF5:
            raise FontError("the 'head' table is damaged (its magic number is wrong)")
        self.units_per_em: int = _u16(data, head_at + 18)
        if not 16 <= self.units_per_em <= 16384:
            raise FontError(f"the 'head' table gives {self.units_per_em} units per em (16 to 16384 expected)")

        hhea_at, _ = _table(data, tables, "hhea", 36)
        self.ascender, self.descender, self.line_gap = struct.unpack_from(">hhh", data, hhea_at + 4)
        self._n_hmetrics = _u16(data, hhea_at + 34)
        if self._n_hmetrics == 0:
            raise FontError("the 'hhea' table lists no glyph widths")
        self.line_height: float = (self.ascender - self.descender + self.line_gap) / self.units_per_em

        maxp_at, _ = _table(data, tables, "maxp", 6)
        self.num_glyphs: int = _u16(data, maxp_at + 4)
        if self.num_glyphs == 0:
            raise FontError("the 'maxp' table says the font has no glyphs")
        self._n_hmetrics = min(self._n_hmetrics, self.num_glyphs)

        self._hmtx, hmtx_len = _table(data, tables, "hmtx", 0)
        if hmtx_len < 4 * self._n_hmetrics:
            raise FontError(f"truncated: the 'hmtx' table holds fewer than the {self._n_hmetrics} glyph widths "
                            "the 'hhea' table promises")

        self._lookup = _cmap(data, *_table(data, tables, "cmap", 4))
        self.family: str = _family(data, *_table(data, tables, "name", 6))
        self._glyphs: dict[str, int] = {}
        self._advances: dict[str, float] = {}

    def __repr__(self) -> str:
        return f"FontMetrics({self.path!r}, family={self.family!r})"

    def glyph(self, ch: str) -> int:
        """The glyph index of one character (0, the .notdef glyph, when the font lacks it)."""
        g = self._glyphs.get(ch)
        if g is None:
            if len(ch) != 1:
                raise ValueError(f"expected one character, got {ch!r}")
            g = self._lookup(ord(ch))
            if g >= self.num_glyphs:
                g = 0
            self._glyphs[ch] = g
        return g

    def has(self, ch: str) -> bool:
        """Whether the font draws ``ch`` itself (rather than its missing-character box)."""
        return self.glyph(ch) != 0

    def advance(self, ch: str) -> float:
        """How far ``ch`` moves the pen, in ems; a character the font lacks gets glyph 0's advance."""
        a = self._advances.get(ch)
        if a is None:
            i = min(self.glyph(ch), self._n_hmetrics - 1)  # glyphs past the last full metric share its advance
            a = self._advances[ch] = _u16(self._data, self._hmtx + 4 * i) / self.units_per_em
        return a

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` set at ``size`` points, in points: the sum of advances (no kerning)."""
        advances = self._advances
        total = 0.0
        for ch in text:
            a = advances.get(ch)
            total += a if a is not None else self.advance(ch)
        return total * size


def load(path) -> FontMetrics:
    """The metrics of the font file at ``path``; read once per file (re-read if the file changes).

    Raises ``FontError`` (a ValueError) with a one-line reason when the file cannot be used; a
    file over ``MAX_BYTES`` is refused from its size on disk, before anything is read."""
    given = os.fspath(path)
    try:
        st = os.stat(given)  # follows links: the file that would be read
    except OSError as e:
        raise FontError(f"cannot be read ({e.strerror or e})") from None
    if st.st_size > MAX_BYTES:
        raise FontError(_too_large(st.st_size))
    return _resolved(given, st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=256)
def _resolved(given: str, _dev: int, _ino: int, mtime_ns: int, size: int) -> FontMetrics:
    """``load`` for a path as given; the key names the file it leads to (device, inode, mtime,
    size), so ``os.path.realpath`` (a system call per folder of the path, the larger part of a
    repeated ``load``) runs once per path and file, not on every call."""
    return _load(os.path.realpath(given), mtime_ns, size)


def _too_large(size: int) -> str:
    return f"the file is {size / (1 << 20):,.0f} MB, more than the {MAX_BYTES >> 20} MB a font file may be"


@lru_cache(maxsize=64)
def _load(real: str, _mtime_ns: int, _size: int) -> FontMetrics:
    try:
        with open(real, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # the file may have grown since it was measured
    except OSError as e:
        raise FontError(f"cannot be read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:
        raise FontError(_too_large(len(data)))
    return FontMetrics(real, data, _directory(data))


# --- reading the file ------------------------------------------------------------------------------

def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from(">L", data, at)[0]


def _directory(data: bytes) -> dict[str, tuple[int, int]]:
    """tag -> (offset, length) of every table, after checking the file is a single, whole font."""
    if not data:
        raise FontError("the file is empty")
    magic = data[:4]
    if magic == b"ttcf":
        raise FontError("a font collection (.ttc); give one .ttf file")
    if magic in (b"wOFF", b"wOF2"):
        raise FontError("a web font (WOFF); give the .ttf file it was made from")
    if magic not in _SFNT_VERSIONS:
        raise FontError(f"not a TrueType or OpenType font (it starts with {magic!r})")
    if len(data) < 12:
        raise FontError("truncated: the table directory runs past the end of the file")
    count = _u16(data, 4)
    if count == 0:
        raise FontError("the font has no tables")
    if 12 + 16 * count > len(data):
        raise FontError("truncated: the table directory runs past the end of the file")
    tables: dict[str, tuple[int, int]] = {}
    past_end = []
    for i in range(count):
        tag_bytes, _checksum, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        tag = tag_bytes.decode("latin-1")
        tables.setdefault(tag, (offset, length))
        if offset + length > len(data):
            past_end.append((offset, tag))
    if past_end:  # name the table where the file was cut off
        raise FontError(f"truncated: the {min(past_end)[1]!r} table runs past the end of the file")
    for tag in _REQUIRED:
        if tag not in tables:
            raise FontError(f"lacks the {tag!r} table")
    return tables


def _table(data: bytes, tables: dict[str, tuple[int, int]], tag: str, minimum: int) -> tuple[int, int]:
    offset, length = tables[tag]
    if length < minimum:
        raise FontError(f"the {tag!r} table is too short ({length} bytes; at least {minimum} expected)")
    return offset, length


def _cmap(data: bytes, at: int, length: int):
    """A function from a code point to a glyph index, from the best Unicode subtable (format 4 or 12)."""
    end = at + length
    count = _u16(data, at + 2)
    if at + 4 + 8 * count > end:
        raise FontError("truncated: the 'cmap' table's list of character maps runs past its end")
    rank = {(3, 10): 0, (3, 1): 1}
    best = None
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, at + 4 + 8 * i)
        if (platform, encoding) in rank:
            r = rank[(platform, encoding)]
        elif platform == 0:
            r = 2 + (6 - min(encoding, 6))  # 0/6 and 0/4 (all of Unicode) before 0/3 (the BMP)
        else:
            continue
        sub = at + offset
        if sub + 2 > end:
            continue
        fmt = _u16(data, sub)
        if fmt in (4, 12) and (best is None or r < best[0]):
            best = (r, fmt, sub)
    if best is None:
        raise FontError("has no Unicode character map (a 'cmap' subtable of format 4 or 12); "
                        "symbol and legacy fonts cannot be used")
    _, fmt, sub = best
    return _format4(data, sub, end) if fmt == 4 else _format12(data, sub, end)


def _format4(data: bytes, at: int, end: int):
    if at + 14 > end:
        raise FontError("truncated: the 'cmap' table's format 4 map runs past its end")
    seg = _u16(data, at + 6) // 2
    ends_at = at + 14
    starts_at = ends_at + 2 * seg + 2
    deltas_at = starts_at + 2 * seg
    ranges_at = deltas_at + 2 * seg
    if ranges_at + 2 * seg > end:
        raise FontError("truncated: the 'cmap' table's format 4 map runs past its end")
    ends = struct.unpack_from(f">{seg}H", data, ends_at)
    starts = struct.unpack_from(f">{seg}H", data, starts_at)
    deltas = struct.unpack_from(f">{seg}h", data, deltas_at)
    ranges = struct.unpack_from(f">{seg}H", data, ranges_at)
    segments = sorted((ends[i], starts[i], deltas[i], ranges[i], ranges_at + 2 * i) for i in range(seg))
    keys = [s[0] for s in segments]

    def lookup(cp: int) -> int:
        if cp > 0xFFFF:
            return 0
        i = _first_at_least(keys, cp)
        if i == len(keys):
            return 0
        _, start, delta, range_offset, range_at = segments[i]
        if cp < start:
            return 0
        if range_offset == 0:
            return (cp + delta) & 0xFFFF
        addr = range_at + range_offset + 2 * (cp - start)
        if addr + 2 > end:  # a damaged map: treat as missing, as other readers do
            return 0
        g = _u16(data, addr)
        return (g + delta) & 0xFFFF if g else 0

    return lookup


def _format12(data: bytes, at: int, end: int):
    if at + 16 > end:
        raise FontError("truncated: the 'cmap' table's format 12 map runs past its end")
    n = _u32(data, at + 12)
    if at + 16 + 12 * n > end:
        raise FontError("truncated: the 'cmap' table's format 12 map runs past its end")
    groups = sorted(struct.unpack_from(">LLL", data, at + 16 + 12 * i) for i in range(n))
    keys = [g[0] for g in groups]

    def lookup(cp: int) -> int:
        i = _first_at_least(keys, cp + 1) - 1  # the last group starting at or before cp
        if i < 0:
            return 0
        start, stop, glyph = groups[i]
        return glyph + cp - start if cp <= stop else 0

    return lookup


def _first_at_least(keys: list[int], value: int) -> int:
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if keys[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _family(data: bytes, at: int, length: int) -> str:
    """The family name: nameID 16 (typographic family) else 1, in Windows UTF-16 else Mac Roman."""
    end = at + length
    count, storage = _u16(data, at + 2), _u16(data, at + 4)
    if at + 6 + 12 * count > end:
        raise FontError("truncated: the 'name' table's list of names runs past its end")
    found: dict[tuple[int, int], str] = {}  # (nameID preference, encoding preference) -> name
    for i in range(count):
        platform, encoding, language, name_id, size, offset = struct.unpack_from(">6H", data, at + 6 + 12 * i)
        if name_id not in (16, 1):
            continue
        if platform == 3 and encoding in (0, 1, 10):
            how, codec = (0 if language == 0x0409 else 1), "utf-16-be"
        elif platform == 0:
            how, codec = 2, "utf-16-be"
        elif platform == 1 and encoding == 0:
            how, codec = (3 if language == 0 else 4), "mac_roman"
        else:
            continue
        start = at + storage + offset
        if start + size > end:
            continue
        try:
            text = data[start:start + size].decode(codec).strip("\x00 ").strip()
        except UnicodeDecodeError:
            continue
        if text:
            found.setdefault((0 if name_id == 16 else 1, how), text)
    if not found:
        raise FontError("the 'name' table gives no family name")
    return found[min(found)]


class Chain:
    """A style's faces in fallback order, each file read only when the faces before it lack a
    character (a Latin text never reads Nanum Gothic's 4.5 MB)."""

    def __init__(self, paths):
        self._paths = [p for p in paths if p is not None]
        self._faces: list[FontMetrics] = []

    def __iter__(self):
        i = 0
        while True:
            if i < len(self._faces):
                yield self._faces[i]
                i += 1
            elif not self._paths:
                return
            else:
                path = self._paths.pop(0)
                try:
                    self._faces.append(load(path))
                except (FontError, OSError):
                    pass  # settings refuse unreadable fonts; nothing to say about one here

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None


def chain_width(fonts, text: str, size: float) -> float:
    """The width of ``text`` at ``size`` points, each character measured in the first of ``fonts``
    that has it (the first font for a character none has): a font and its fallbacks, a list or a
    ``Chain`` (whose later files are read only for a character the first fonts lack)."""
    first = next(iter(fonts))
    if text.isascii():
        return first.width(text, size)
    total = 0.0
    for ch in text:
        font = first if first.has(ch) else next((f for f in fonts if f.has(ch)), first)
        total += font.width(ch, size)
    return total


def east_asian_family(theme, family: str) -> str:
    """The font family Word and PowerPoint are told to use for East Asian text (``w:eastAsia``,
    ``a:ea``) in a style of ``family``: the family itself if its font has Hangul (a church's own
    Korean ``body_font``), else the theme's ``east_asian_font`` (Nanum Gothic), else ``family``."""
    try:
        if load(theme.fonts[family]["regular"]).has("\uac00"):
            return family
    except (FontError, OSError, KeyError):
        pass
    ea = theme.get("east_asian_font")
    return ea if ea in theme.fonts else family
