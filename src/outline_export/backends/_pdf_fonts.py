"""The PDF backend's fonts: a theme's TTF families, registered with reportlab lazily.

Only these embedded TrueType faces are ever used (never the base-14 Helvetica/Times), and the
per-face character maps answer "does this face have that character?" for the fallback fonts: a
chain of families (DejaVu Sans, then Nanum Gothic), the first that has a character drawing it.

Parsing a TTF file costs about 10 ms a face, so a face is registered (once per process) only when
a document first asks for it: ``FontSet.face`` registers, ``FontSet.name`` only names. A document
typically uses four or five of a theme's faces, and a fallback family only when a character its
own face lacks (Hebrew in DejaVu Serif) appears: Nanum Gothic (4.7 MB a face, read in about
0.1 s) is read only for a character neither DejaVu face has (Hangul).
"""

from __future__ import annotations

import hashlib
import re
import struct
import threading
import unicodedata
import weakref
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from outline_export import plain

from . import _pdf_subsets
from ._pdf_fontcache import load_font

_FACE_KEYS = ("regular", "bold", "italic", "bolditalic")
_lock = threading.RLock()
_by_path: dict[str, str] = {}  # absolute TTF path -> reportlab font name
_registered: set[str] = set()  # font names whose file has been parsed and registered
_families: dict[str, set[tuple[str, str, str, str]]] = {}  # font name -> families it is part of
_by_theme: "weakref.WeakKeyDictionary[object, FontSet]" = weakref.WeakKeyDictionary()  # theme -> its fonts
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _name_for(path) -> tuple[str, str]:
    """(absolute path, reportlab font name) for a TTF file; nothing is read or registered."""
    key = str(Path(path).resolve())
    name = _by_path.get(key)
    if name is None:
        # A name unique to the file, so two themes with different files never collide.
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        name = _by_path[key] = f"oe-{Path(key).stem}-{digest}"
    return key, name


def _map_family(names: tuple[str, str, str, str]) -> None:
    pdfmetrics.registerFontFamily(
        names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
    )


def _register(name: str, path: str) -> None:
    with _lock:
        if name in _registered:
            return
        font = load_font(name, path)  # TTFont(name, path), read back if cached
        if not plain("subsets"):  # each subset made and deflated once (_pdf_subsets)
            _pdf_subsets.install(font.face)
        pdfmetrics.registerFont(font)
        _registered.add(name)
        # registerFont maps a TTF's name as a family of its own (bold, italic -> itself), which
        # would undo the mapping of a family this face belongs to: put those mappings back.
        for names in sorted(_families.get(name, ())):
            _map_family(names)


class FontSet:
    """The faces of one theme: family -> (regular, bold, italic, bolditalic) names.

    Names are fixed when the set is made; the files behind them are parsed and registered with
    reportlab the first time ``face`` (or ``cmap``) is asked for one."""

    def __init__(self, files: dict[str, dict[str, Path]], fallbacks=()):
        self.faces: dict[str, tuple[str, str, str, str]] = {}
        self._paths: dict[str, str] = {}
        for family, by_key in files.items():
            pairs = [_name_for(by_key[k]) for k in _FACE_KEYS]
            names = tuple(name for _, name in pairs)
            self.faces[family] = names  # type: ignore[assignment]
            for path, name in pairs:
                self._paths[name] = path
        if isinstance(fallbacks, str):
            fallbacks = (fallbacks,)
        self.fallbacks = tuple(f for f in fallbacks or () if f in self.faces)
        self.fallback = self.fallbacks[0] if self.fallbacks else None  # the first (list labels)
        self._ready: set[str] = set()
        self._mark_side: dict[tuple[str, str], bool] = {}
        self._cmaps: dict[str, dict] = {}
        self._covered: dict[str, set[str]] = {}  # face -> characters it draws as they are
        with _lock:
            for names in self.faces.values():
                for name in set(names):
                    _families.setdefault(name, set()).add(names)
                # Mappings cost nothing (no file is read); registering a face re-applies them.
                _map_family(names)

    def _ensure(self, name: str) -> str:
        if name not in self._ready:
            _register(name, self._paths[name])
            self._ready.add(name)
        return name

    def name(self, family: str, bold: bool = False, italic: bool = False) -> str:
        """The face's reportlab name, without registering it."""
        try:
            names = self.faces[family]
        except KeyError:
            raise KeyError(f"the theme has no font family {family!r}") from None
        return names[(1 if bold else 0) + (2 if italic else 0)]

    def face(self, family: str, bold: bool = False, italic: bool = False) -> str:
        """The face's reportlab name, registered and ready to draw with."""
        return self._ensure(self.name(family, bold, italic))

    def fallback_face(self, family: str, bold: bool = False, italic: bool = False) -> str | None:
        """The fallback face's name (registered only once ``cmap`` is asked for it)."""
        if self.fallback is None or self.fallback == family:
            return None
        return self.name(self.fallback, bold, italic)

    def fallback_faces(self, family: str, bold: bool = False, italic: bool = False) -> tuple[str, ...]:
        """The fallback chain's faces for a style of ``family``, in order (none registered yet)."""
        return tuple(self.name(f, bold, italic) for f in self.fallbacks if f != family)

    def cmap(self, face: str) -> dict:
        """Code point -> glyph of a face (registering it)."""
        hit = self._cmaps.get(face)
        if hit is None:
            self._ensure(face)
            hit = self._cmaps[face] = pdfmetrics.getFont(face).face.charToGlyph
        return hit

    def covers(self, face: str, text: str) -> bool:
        """True if ``face`` has every character of ``text`` and none needs shaping: no combining
        marks and no right-to-left letters. Such text is drawn as it is, in ``face``."""
        good = self._covered.get(face)
        if good is None:
            good = self._covered[face] = set()
        if good.issuperset(text):
            return True
        cmap = self.cmap(face)
        for c in set(text).difference(good):  # learnt a character at a time, as they turn up
            if ord(c) not in cmap or unicodedata.combining(c) or _RTL.match(c):
                return False
            good.add(c)
        return True

    def mark_before(self, face: str, mark: str) -> bool:
        """True if ``face`` draws zero-width ``mark`` to the right of the pen (so the mark must be
        drawn just before the glyph it belongs on); False if it hangs left (Latin accents)."""
        key = (face, mark)
        hit = self._mark_side.get(key)
        if hit is None:
            self._ensure(face)
            hit = self._mark_side[key] = _mark_right_of_origin(pdfmetrics.getFont(face).face, mark)
        return hit


def _mark_right_of_origin(face, mark: str) -> bool:
    cp = ord(mark)
    glyph = face.charToGlyph.get(cp)
    if glyph is None or face.charWidths.get(cp, 1) != 0:
        return False
    try:
        pos = face.glyphPos
        if pos[glyph] == pos[glyph + 1]:
            return False  # empty glyph
        at = face.table["glyf"]["offset"] + pos[glyph]
        _, x_min, _, x_max, _ = struct.unpack(">hhhhh", face._ttf_data[at:at + 10])
    except (AttributeError, KeyError, IndexError, struct.error):
        return False
    return x_min + x_max > 0


def fonts_for(theme) -> FontSet:
    """``theme``'s font families (named once per process; each face registered when first used)."""
    hit = _by_theme.get(theme)
    if hit is not None:
        return hit
    with _lock:
        hit = _by_theme.get(theme)
        if hit is not None:
            return hit
        for family, files in theme.fonts.items():
            missing = [k for k in _FACE_KEYS if k not in files]
            if missing:
                raise ValueError(f"font family {family!r} of theme {theme.folder} lacks {missing}")
        fs = FontSet(theme.fonts, theme.fallbacks)
        _by_theme[theme] = fs
        return fs
