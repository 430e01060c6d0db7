"""Characters the PDF cannot draw: a warning for each, at the line and column where it is typed.

The PDF writer draws each character in its paragraph's font, or, where that font lacks it, in the
first family of the theme's fallback chain that has it (DejaVu Serif has no ✝ ☧ ✓ ★ or Hebrew;
DejaVu Sans, shipped beside it, has them; Nanum Gothic, after it, has Hangul). A character none has (an emoji: 🙏 🔥 😊) would print as an empty box, so ``glyph_warnings``
warns once per character (or emoji sequence: 👍🏽, 👨‍👩‍👧), naming the fonts in use for the
edition (a ``body_font`` of the church's own included). Word and LibreOffice choose their own
fallback fonts from the reader's computer, so the .docx may show it.

The fonts' character maps are read with ``fontmetrics`` (no reportlab), once per font file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from outline_export import fontmetrics
from outline_export.errors import Problem
from outline_export.layout import face_name
from outline_export.model import Blank, Emphasis, Outline, Point, Quote, Strong, Text, walk_points

_ZWJ = "\u200d"


def _joins(c: str) -> bool:
    """Characters that belong to the one before them: skin tones, variation selectors, tags, marks."""
    o = ord(c)
    return (0x1F3FB <= o <= 0x1F3FF or 0xFE00 <= o <= 0xFE0F or 0xE0020 <= o <= 0xE007F
            or unicodedata.combining(c) != 0)


def _invisible(c: str) -> bool:
    """Joiners and selectors, which draw nothing themselves."""
    o = ord(c)
    return c == _ZWJ or 0xFE00 <= o <= 0xFE0F or 0xE0020 <= o <= 0xE007F


def _regional(c: str) -> bool:
    return 0x1F1E6 <= ord(c) <= 0x1F1FF  # two of them make a flag


def clusters(text: str):
    """(start, characters) of each character with what belongs to it (an emoji sequence whole)."""
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        if _regional(text[i]) and j < n and _regional(text[j]):
            j += 1
        while j < n:
            if _joins(text[j]):
                j += 1
            elif text[j] == _ZWJ and j + 1 < n:
                j += 2
            else:
                break
        yield i, text[i:j]
        i = j


class _Fonts:
    """Which faces draw a paragraph style's text: its own, then the fallback chain (as the PDF
    writer does)."""

    def __init__(self, theme):
        self.theme = theme
        self.fallbacks = theme.fallbacks
        self._names: dict[str, str] = {}
        self._faces: dict[tuple[str, bool, bool], fontmetrics.Chain] = {}

    def faces(self, style: str, bold: bool, italic: bool) -> "fontmetrics.Chain":
        key = (style, bold, italic)
        hit = self._faces.get(key)
        if hit is None:
            hit = self._faces[key] = self._find_faces(style, bold, italic)
        return hit

    def _find_faces(self, style: str, bold: bool, italic: bool) -> "fontmetrics.Chain":
        st = self.theme.style(style)
        face = face_name(bold or st.bold, italic or st.italic)
        families = [st.font] + [f for f in self.fallbacks if f != st.font]
        return fontmetrics.Chain([self.theme.fonts.get(family, {}).get(face) for family in families])

    def names(self, style: str) -> str:
        families = [self.theme.style(style).font]
        families += [f for f in self.fallbacks if f not in families]
        return ", ".join(self._name(f) for f in families)

    def _name(self, family: str) -> str:
        hit = self._names.get(family)
        if hit is None:
            try:
                hit = fontmetrics.load(self.theme.fonts[family]["regular"]).family or family
            except (fontmetrics.FontError, OSError, KeyError):
                hit = family
            self._names[family] = hit
        return hit


def _spans(spans, bold=False, italic=False):
    """(text, bold, italic) of every piece of inline text, answers of blanks included."""
    for s in spans:
        if isinstance(s, Text):
            yield s.text, bold, italic
        elif isinstance(s, Strong):
            yield from _spans(s.children, True, italic)
        elif isinstance(s, Emphasis):
            yield from _spans(s.children, bold, True)
        elif isinstance(s, Blank) and s.answer:
            yield s.answer, True, italic  # speaker notes show it in place, in bold


def _texts(o: Outline):
    """(inline spans or a plain string, paragraph style, position) of everything an outline prints."""
    top = o.pos
    yield o.title, "title", top
    yield o.subtitle, "subtitle", top
    yield o.big_idea, "big_idea", top
    for value, pos in ((o.speaker, o.speaker_pos), (o.series, o.series_pos)):
        if value:
            yield (Text(value),), "meta", pos or top
    if o.key_verse is not None and o.key_verse.text:
        yield o.key_verse.text, "quote", o.key_verse.pos or top
    for p in o.introduction:
        yield p, "body", top
    for s in o.sections:
        yield s.heading, "heading1", s.pos
        for p in s.text:
            yield p, "body", s.pos
        for p in s.note:
            yield p, "note", s.pos
        for item, _ in walk_points(s.points):
            if isinstance(item, Quote):
                if item.text:
                    yield item.text, "quote", item.pos or s.pos
            elif isinstance(item, Point):
                yield item.text, "list", item.pos or s.pos
                for p in item.detail:
                    yield p, "detail", item.pos or s.pos
                for p in item.note:
                    yield p, "note", item.pos or s.pos
        for p in s.closing:
            yield p, "closing", s.pos
    for q in o.questions:
        yield q.text, "question", q.pos or top
    for p in o.closing:
        yield p, "closing", top


class _Source:
    """The outline's file as lines, to find the line and column where a character is typed."""

    def __init__(self, path: str):
        from outline_export.loader_source import read_source  # decoded as the loader decodes it

        self.lines: list[str] | None = None
        try:
            text, _ = read_source(path, Path(path).read_bytes())
        except OSError:
            return
        self.lines = text.splitlines() if text is not None else None

    def find(self, chars: str, pos) -> tuple[int, int] | None:
        """The first place at or after ``pos``'s line where ``chars`` is typed (None: not typed as
        it is, e.g. written as a "\\U0001F64F" escape)."""
        if self.lines is None:
            return None
        first = max(0, (pos.line if pos else 1) - 1)
        for number in range(first, len(self.lines)):
            col = self.lines[number].find(chars)
            if col >= 0:
                return number + 1, col + 1
        return None


def _describe(chars: str) -> str:
    codes = " ".join(f"U+{ord(c):04X}" for c in chars)
    if len(chars) == 1:
        name = unicodedata.name(chars, "")
        return f"{codes} {name}" if name else codes
    return codes


def glyph_warnings(outline: Outline, options) -> list[Problem]:
    """A warning for each character (emoji sequence) in ``outline`` that the PDF's fonts for
    ``options`` (a ``views.ViewOptions``: theme and ``body_font``/``heading_font``) cannot draw,
    at the first place it is typed."""
    from outline_export.theme import theme_for

    fonts = None
    source = None
    seen: set[str] = set()
    out: list[Problem] = []
    for spans, style, pos in _texts(outline):
        for text, bold, italic in _spans(spans):
            if text.isascii():
                continue
            faces = None
            for _, chars in clusters(text):
                base = chars[0]
                if base.isascii() or base.isspace() or chars in seen:
                    continue
                if fonts is None:
                    fonts = _Fonts(theme_for(options.theme, options.theme_overrides))
                if faces is None:
                    faces = fonts.faces(style, bold, italic)
                if not faces or all(any(f.has(c) for f in faces) for c in chars if not _invisible(c)):
                    continue
                seen.add(chars)
                if source is None:
                    source = _Source(outline.path)
                line, col = source.find(chars, pos) or ((pos.line, pos.col) if pos else (0, 0))
                out.append(Problem(
                    outline.path, line, col,
                    f"'{chars}' ({_describe(chars)}) cannot be printed by the fonts in use ({fonts.names(style)}) "
                    "and will show as an empty box in the PDF; remove it or use a word", "warning"))
    return out


__all__ = ["clusters", "glyph_warnings"]
