"""The PDF backend's fonts: a theme's TTF families registered with reportlab once per process.

Only these embedded TrueType faces are ever used (never the base-14 Helvetica/Times), and the
per-face character maps answer "does this face have that character?" for the fallback font.
"""

from __future__ import annotations

import hashlib
import struct
import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_FACE_KEYS = ("regular", "bold", "italic", "bolditalic")
_lock = threading.Lock()
_by_path: dict[str, str] = {}  # absolute TTF path -> reportlab font name
_by_theme: dict[int, tuple[object, "FontSet"]] = {}  # id(theme) -> (theme, fonts); keeps theme alive


def _register_file(path: Path) -> str:
    key = str(Path(path).resolve())
    name = _by_path.get(key)
    if name is None:
        # A name unique to the file, so two themes with different files never collide.
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
        name = f"oe-{Path(key).stem}-{digest}"
        pdfmetrics.registerFont(TTFont(name, key))
        _by_path[key] = name
    return name


class FontSet:
    """The registered faces of one theme: family -> (regular, bold, italic, bolditalic) names."""

    def __init__(self, faces: dict[str, tuple[str, str, str, str]], fallback: str | None):
        self.faces = faces
        self.fallback = fallback if fallback in faces else None
        self._mark_side: dict[tuple[str, str], bool] = {}
        self.cmaps: dict[str, dict] = {
            name: pdfmetrics.getFont(name).face.charToGlyph
            for names in faces.values()
            for name in names
        }

    def mark_before(self, face: str, mark: str) -> bool:
        """True if ``face`` draws zero-width ``mark`` to the right of the pen (so the mark must be
        drawn just before the glyph it belongs on); False if it hangs left (Latin accents)."""
        key = (face, mark)
        hit = self._mark_side.get(key)
        if hit is None:
            hit = self._mark_side[key] = _mark_right_of_origin(pdfmetrics.getFont(face).face, mark)
        return hit

    def face(self, family: str, bold: bool = False, italic: bool = False) -> str:
        try:
            names = self.faces[family]
        except KeyError:
            raise KeyError(f"the theme has no font family {family!r}") from None
        return names[(1 if bold else 0) + (2 if italic else 0)]

    def fallback_face(self, family: str, bold: bool = False, italic: bool = False) -> str | None:
        if self.fallback is None or self.fallback == family:
            return None
        return self.face(self.fallback, bold, italic)


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
    """Register ``theme``'s font families (once per process) and return their names."""
    hit = _by_theme.get(id(theme))
    if hit is not None and hit[0] is theme:
        return hit[1]
    with _lock:
        hit = _by_theme.get(id(theme))
        if hit is not None and hit[0] is theme:
            return hit[1]
        faces: dict[str, tuple[str, str, str, str]] = {}
        for family, files in theme.fonts.items():
            missing = [k for k in _FACE_KEYS if k not in files]
            if missing:
                raise ValueError(f"font family {family!r} of theme {theme.folder} lacks {missing}")
            names = tuple(_register_file(files[k]) for k in _FACE_KEYS)
            pdfmetrics.registerFontFamily(
                names[0], normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
            )
            faces[family] = names  # type: ignore[assignment]
        fs = FontSet(faces, theme.get("fallback_font"))
        _by_theme[id(theme)] = (theme, fs)
        return fs
