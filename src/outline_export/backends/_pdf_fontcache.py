"""Parsed TrueType faces kept on disk, so a fresh process does not parse each face again.

reportlab's ``TTFont`` reads a whole face into Python dicts and lists (character -> glyph, glyph
widths, glyph positions) one number at a time: about 10 ms a DejaVu face on its own, 20-30 ms in a
process that already holds an outline and a render tree (the allocations set off garbage
collections over everything alive). Two speed tricks, each measured in docs/performance.md and
each left out with ``OUTLINE_EXPORT_PLAIN``:

- ``fontcache``: the parsed face's fields are written once, with ``marshal`` (data only: numbers,
  strings, bytes, lists, dicts; nothing that runs code), to a cache folder and read back in later
  processes. Plain: ``TTFont(name, path)`` parses the file every time.
- ``fontgc``: Python's garbage collector is paused while one face is parsed or read back (a few
  milliseconds; the face's objects hold no reference cycles, so nothing is left for it to find).

The cache is never required and cannot change a file: the record's name is a hash (SHA-256) of the font
file's bytes (read anyway: the PDF embeds a subset of them), reportlab's version, Python's marshal
version and this format's number, and the record repeats that key inside. A record that is
missing, unreadable, of another key or damaged is ignored and the face parsed as plainly; a record
is written to a temporary file and renamed into place (never half-written), and a folder that
cannot be written is simply not used. The face's fields are the same either way, so the PDF is
byte-identical (tests/test_perf_tricks.py compares them).

Folder: ``OUTLINE_EXPORT_CACHE`` if set (``OUTLINE_EXPORT_CACHE=`` empty: no disk cache), else
``$XDG_CACHE_HOME/outline-export`` or ``~/.cache/outline-export``; records go in ``fonts/``.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import sys
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from outline_export import plain
from outline_export.codecache import cache_root, check, put

FORMAT = 5  # of a record; raise it when what is stored changes (5: SHA-256 for the key and check)
# A field reportlab uses only while it parses, and when it shapes text with HarfBuzz (glyph ->
# characters, a third of a record's reading time): left out of the record, and parsed again from
# the file if anything asks for it. (The horizontal metrics are kept: every subset needs them.)
_PARSE_ONLY = ("glyphToChar",)
_NOT_STORED = ("_ttf_data", "_pdfScale", "filename", *_PARSE_ONLY)  # + the file's bytes, a function, the path
_TTF_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")


def cache_folder() -> Path | None:
    """Where parsed faces are kept (None: nowhere)."""
    root = cache_root()
    return Path(root) / "fonts" if root else None


@contextmanager
def _paused_gc(on: bool):
    was = on and gc.isenabled()
    if was:
        gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def load_font(name: str, path: str) -> TTFont:
    """``TTFont(name, path)``: the face read back from the cache when a record of it is there,
    else parsed (and its record written)."""
    with _paused_gc(not plain("fontgc")):
        if plain("fontcache"):
            return TTFont(name, path)
        folder = cache_folder()
        if folder is None:
            return TTFont(name, path)
        with open(path, "rb") as f:
            data = f.read()
        key = _key(data)
        record = folder / f"{Path(path).stem}-{key[:32]}.marshal"
        face = _read(record, key, data, path)
        if face is None:
            font = TTFont(name, path)
            _write(record, key, font.face)
            return font
        return _font(name, face)


def _key(data: bytes) -> str:
    # SHA-256, not BLAKE2b: OpenSSL's runs on the processor's SHA instructions where it has them,
    # 2.5 times as fast here (six DejaVu faces, 4.5 MB: 2.7 ms against 6.9)
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{reportlab.Version}|{marshal.version}|{sys.version_info[:2]}|".encode())
    h.update(data)
    return h.hexdigest()


class CachedFace(TTFontFace):
    """A face read back from a record: every field of a parsed ``TTFontFace`` but the parse-only
    ones, which are parsed from the file on first use."""

    def __getattr__(self, attr):
        if attr not in _PARSE_ONLY:
            raise AttributeError(attr)
        parsed = TTFontFace(self.filename)
        for k in _PARSE_ONLY:
            setattr(self, k, getattr(parsed, k))
        return getattr(parsed, attr)


def _state(face: TTFontFace) -> dict:
    state = {k: v for k, v in face.__dict__.items() if k not in _NOT_STORED}
    names = {}
    for k in _TTF_NAMES:
        v = state.get(k)
        if isinstance(v, TTFNameBytes):
            names[k] = state.pop(k).ustr
    return {"fields": state, "names": names}


def _write(record: Path, key: str, face: TTFontFace) -> None:
    try:
        state = marshal.dumps(_state(face))
    except ValueError:  # a field marshal cannot hold (another reportlab): no record
        return
    put(record, marshal.dumps((FORMAT, key, _check(state), state)))  # unwritable: parsed again next time


def _read(record: Path, key: str, data: bytes, path: str) -> CachedFace | None:
    try:
        with open(record, "rb") as f:
            fmt, stored_key, check, blob = marshal.loads(f.read())
        if fmt != FORMAT or stored_key != key or check != _check(blob):  # another key, or changed bytes
            return None
        state = marshal.loads(blob)
        fields, names = state["fields"], state["names"]
        face = CachedFace.__new__(CachedFace)
        face.__dict__.update(fields)
        for k, ustr in names.items():
            setattr(face, k, TTFNameBytes(ustr.encode("utf8")))
        upm = face.unitsPerEm
        mult = 1000 / upm
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, ZeroDivisionError):
        return None  # a damaged record: the face is parsed as plainly
    face._ttf_data = data
    face.filename = path
    if upm == 1000:  # as TTFontFile.extractInfo makes it
        face._pdfScale = lambda x: x
    else:
        face._pdfScale = lambda x: x * mult
    return face


_check = check  # a record's check: any change to its stored face makes it unreadable, never a different PDF


def _font(name: str, face: TTFontFace) -> TTFont:
    """A ``TTFont`` around an already read face: what ``TTFont.__init__`` sets, less the parsing."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, g) for g in ttfonts.unShapedFontGlob)
    return font
