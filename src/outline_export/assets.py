"""A user's Word template, logo and fonts: untrusted files, opened and checked in full when the
settings load (not halfway through a build), within caps, and what the writers use afterwards.

* Word template (.docx or .dotx): at most ``TEMPLATE_MAX_BYTES`` unpacked, counted from the zip's
  directory and again while inflating (the directory can lie); the parts it keeps are parsed, and
  one with a DOCTYPE (entities) is refused. The docx writer opens a clean copy of it
  (``template_package``, made by ``assets_template``): no macros, properties, thumbnail, comments
  or leftovers of the old body; a .dotx's main part declared as a document's.
* Logo (PNG or JPEG): at most ``LOGO_MAX_BYTES`` on disk and ``LOGO_MAX_PIXELS``, decoded in full
  and written once as a plain PNG (``logo_png``), which is what every writer draws.
* Fonts (.ttf): at most ``FONT_MAX_BYTES`` (``fontmetrics`` checks it before reading), read by ``fontmetrics``
  and parsed as the PDF writer (reportlab) will parse them.

A problem is one line ("is not ...", "lacks ...") that ``settings`` prefixes with the key and file.
Checked results are kept per file (path, time and size), so a build re-encodes a logo once, and a
writer uses the version that was checked even if the file changes during the build.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

__all__ = ["AssetError", "template_problem", "template_package", "logo_problem", "logo_png",
           "font_problem", "font_faces", "TEMPLATE_MAX_BYTES", "LOGO_MAX_PIXELS", "LOGO_MAX_BYTES", "FONT_MAX_BYTES"]

from outline_export.fontmetrics import MAX_BYTES as FONT_MAX_BYTES

MB = 1 << 20
TEMPLATE_MAX_BYTES = 50 * MB  # a template's parts, unpacked, all together (and the file itself)
TEMPLATE_MAX_PARTS = 5000  # files in the zip (Word writes a few dozen)
LOGO_MAX_PIXELS = 25_000_000  # 5000 x 5000: a logo prints about an inch high
LOGO_MAX_BYTES = 50 * MB


class AssetError(ValueError):
    """Why a template, logo or font cannot be used, in one line."""

    def __init__(self, reason: str):
        super().__init__(" ".join(str(reason).split()))


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n < 10 * MB else f"{n / MB:,.0f} MB"


class _Cache:
    """Checked results per file: path -> ((mtime, size), value or AssetError)."""

    def __init__(self, make, keep: int = 8):
        self.make, self.keep, self.items = make, keep, {}

    def get(self, path, refresh: bool):
        real = os.path.realpath(os.fspath(path))
        hit = self.items.get(real)
        if hit is not None and not refresh:  # a writer: the version the settings checked
            return self._value(hit[1])
        try:
            st = os.stat(real)
        except OSError as e:
            raise AssetError(f"cannot be read ({e.strerror or e})") from None
        stamp = (st.st_mtime_ns, st.st_size)
        if hit is None or hit[0] != stamp:
            try:
                value = self.make(real, st.st_size)
            except AssetError as e:
                value = _Refused(str(e))
            self.items.pop(real, None)
            self.items[real] = hit = (stamp, value)
            while len(self.items) > self.keep:
                self.items.pop(next(iter(self.items)))
        return self._value(hit[1])

    @staticmethod
    def _value(value):
        if isinstance(value, _Refused):
            raise AssetError(value.reason)
        return value


class _Refused:
    def __init__(self, reason: str):
        self.reason = reason


def _problem(cache: _Cache, path) -> str | None:
    try:
        cache.get(path, refresh=True)
    except AssetError as e:
        return str(e)
    return None


# ---------------------------------------------------------------- Word templates

def template_problem(path) -> str | None:
    """Why the Word file at ``path`` cannot be a docx template, in one line ("is not ...",
    "lacks ..."); None if it can. Checks (and keeps) the clean copy the writer will open."""
    return _problem(_TEMPLATES, path)


def template_package(path) -> bytes:
    """The clean copy of the template at ``path`` the docx writer opens (a zip; see the module's
    notes), as checked when the settings loaded. Raises AssetError."""
    return _TEMPLATES.get(path, refresh=False)


def _clean_template(real: str, size: int) -> bytes:
    from outline_export.assets_template import clean_template

    return clean_template(real, size)


_TEMPLATES = _Cache(_clean_template, keep=4)


# ---------------------------------------------------------------- logos

def logo_problem(path) -> str | None:
    """Why the logo at ``path`` cannot be drawn, in one line; None if it can (and its PNG is made)."""
    return _problem(_LOGOS, path)


def logo_png(path) -> bytes:
    """The logo at ``path`` as the PNG every writer draws: decoded in full once, at most
    LOGO_MAX_PIXELS, RGB or RGBA, upright (EXIF orientation applied), its resolution kept and no
    other metadata. Raises AssetError."""
    return _LOGOS.get(path, refresh=False).png


def logo(path):
    """What the check of the logo at ``path`` made (``assets_logo.Logo``: the PNG, its mode and
    size, and its pixels unless the ``logocache`` trick is off). Raises AssetError."""
    return _LOGOS.get(path, refresh=False)


def _encode_logo(real: str, size: int):
    from outline_export import plain
    from outline_export.assets_logo import Refused, checked_logo

    if size > LOGO_MAX_BYTES:
        raise AssetError(f"is {_size(size)}, more than the {_size(LOGO_MAX_BYTES)} a logo may be; "
                         "export it smaller, as PNG")
    try:
        return checked_logo(real, size, LOGO_MAX_PIXELS, cached=not plain("logocache"))
    except Refused as e:
        raise AssetError(str(e)) from None


_LOGOS = _Cache(_encode_logo, keep=8)


# ---------------------------------------------------------------- fonts

# The faces taken from next to a user's font file: Church.ttf, Church-Bold.ttf, ...
_FACE_SUFFIXES = (("bold", ("-Bold", "Bold", "_Bold")),
                  ("italic", ("-Italic", "Italic", "-Oblique", "_Italic")),
                  ("bolditalic", ("-BoldItalic", "BoldItalic", "-BoldOblique", "_BoldItalic")))
# Tables the PDF writer (reportlab) needs besides those fontmetrics reads.
_PDF_TABLES = ("glyf", "loca", "post")


def _siblings(path) -> dict[str, Path]:
    p = Path(path)
    stem = re.sub(r"[-_ ]?(Regular|Book|Roman)$", "", p.stem, flags=re.I)
    found = {}
    for face, suffixes in _FACE_SUFFIXES:
        hit = next((p.with_name(stem + s + p.suffix) for s in suffixes if p.with_name(stem + s + p.suffix).is_file()),
                   None)
        if hit is not None:
            found[face] = hit
    return found


def font_faces(path) -> dict[str, str]:
    """regular, bold, italic, bolditalic -> the file for each face of a user's font: files named
    -Bold, -Italic, -BoldItalic next to it, else the font itself."""
    found = _siblings(path)
    return {"regular": str(path), **{face: str(found.get(face, path)) for face, _ in _FACE_SUFFIXES}}


def font_problem(path) -> str | None:
    """Why the font file at ``path`` (or a -Bold/-Italic/-BoldItalic file next to it) cannot be
    drawn with, and what to do, in one line; None if it can."""
    files = [("", Path(path), "give a TrueType (.ttf) font file")]
    files += [(f"its {face} face {found.name!r} (next to it): ", found,
               f"replace {found.name!r} with a working copy, or move it away")
              for face, found in _siblings(path).items()]
    for label, file, fix in files:
        reason = _face_problem(str(file))
        if reason:
            return f"{label}{reason}; {fix}"
    return None


def _face_problem(path: str) -> str | None:
    from outline_export import fontmetrics

    try:
        metrics = fontmetrics.load(path)
    except fontmetrics.FontError as e:
        return str(e)
    missing = [t for t in _PDF_TABLES if t not in metrics.tables]
    if missing:
        cff = {"CFF ", "CFF2"} & metrics.tables
        return ("has PostScript (CFF) outlines, which PDF output cannot embed" if cff
                else f"lacks the {missing[0]!r} table")
    st = os.stat(metrics.path)
    return _pdf_problem(metrics.path, st.st_mtime_ns, st.st_size)


_PDF_CHECKED: dict[tuple[str, int, int], str | None] = {}


def _pdf_problem(path: str, mtime: int, size: int) -> str | None:
    """The font parsed as the PDF writer parses it (reportlab, imported only for a user's font)."""
    key = (path, mtime, size)
    if key not in _PDF_CHECKED:
        from reportlab.pdfbase.ttfonts import TTFError, TTFontFile

        try:
            TTFontFile(path, validate=0)
            reason = None
        except TTFError as e:
            reason = f"the PDF writer cannot read it ({' '.join(str(e).split())})"
        except Exception as e:  # a damaged table reportlab reads and fontmetrics does not
            reason = f"the PDF writer cannot read it ({' '.join(str(e).split()) or type(e).__name__})"
        _PDF_CHECKED[key] = reason
    return _PDF_CHECKED[key]
