"""Text shaping the PDF backend needs and reportlab does not do: per-character font fallback and
right-to-left display order, worked out per laid-out line.

- ``split_by_coverage`` cuts text (in logical order) into pieces each drawn by the first face of
  the paragraph's font and the theme's fallback chain that has its characters (DejaVu Serif, then
  DejaVu Sans for Hebrew and symbols, then Nanum Gothic for Hangul).
- reportlab draws characters left to right in the order given and knows nothing of right-to-left
  text. A paragraph is laid out (wrapped) in logical order, and ``BidiLines`` puts each laid-out
  line in display order just before it is drawn, the Unicode bidi algorithm applied to the whole
  line (``visual``). So a Hebrew phrase broken over two lines has its first words on the first
  line, each line reading right to left; reordering runs before wrapping put its last words first.
- reportlab does no mark positioning either: a combining mark (niqqud) is a zero-width glyph drawn
  wherever the pen is. ``visual`` keeps every mark right after its base letter; the marks are then
  put before the letter when the face draws them to the right of the pen (DejaVu Sans's Hebrew
  points are drawn that way, for right-to-left layout) so that they land on their letter.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import algorithm as _uba

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_RTL_MARK_BLOCKS = (
    (0x0591, 0x05C7),  # Hebrew points and accents
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),  # Arabic marks
    (0xFB1E, 0xFB1E),
)


def needs_bidi(text: str) -> bool:
    return _RTL.search(text) is not None


def _is_rtl_mark(c: str) -> bool:
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in _RTL_MARK_BLOCKS)


def _strong(c: str) -> str:
    d = unicodedata.bidirectional(c)
    return "R" if d in ("R", "AL") else ("L" if d == "L" else "")


def _bidi_order(text: str) -> list[tuple[int, str]]:
    """(logical index, character to draw) of ``text``, one line in a left-to-right paragraph, in
    display order: the bidi algorithm's levels and reordering (python-bidi's own steps, each
    character tagged with its index), mirrored brackets in right-to-left runs."""
    storage = _uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    _uba.get_embedding_levels(text, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["i"] = i
    _uba.explicit_embed_and_overrides(storage)
    _uba.resolve_weak_types(storage, False)
    _uba.resolve_neutral_types(storage, False)
    _uba.resolve_implicit_levels(storage, False)
    _uba.reorder_resolved_levels(storage, False)
    _uba.apply_mirroring(storage, False)
    out = [(ch["i"], ch["ch"]) for ch in storage["chars"]]
    if len(out) != len(text):  # X9 left out formatting characters (joiners): after the one before
        kept = {i for i, _ in out}
        for i in range(len(text)):
            if i not in kept:
                at = next((k + 1 for k, (j, _) in enumerate(out) if j == i - 1), 0)
                out.insert(at, (i, text[i]))
    return out


def _ordered(text: str, ltr: tuple[tuple[int, int], ...]) -> list[tuple[int, str]]:
    """``_bidi_order`` of ``text`` with each (start, end) span of ``ltr`` left as it is, in its
    place, and the text between spans ordered on its own (as if each span were a left-to-right
    isolate at the line's level: a reference after a Hebrew word stays after it, "(7–10)",
    rather than being drawn into the Hebrew)."""
    out: list[tuple[int, str]] = []
    at = 0
    for start, end in sorted(ltr) + [(len(text), len(text))]:
        if start > at:
            part = text[at:start]
            order = _bidi_order(part) if _RTL.search(part) else list(enumerate(part))
            out.extend((at + i, c) for i, c in order)
        out.extend((i, text[i]) for i in range(start, end))
        at = max(at, end)
    return out


def visual(text: str, ltr: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, str]]:
    """(logical index, character) of one line's ``text`` in the order to draw it, every combining
    mark right after its base letter (the reversal of a right-to-left run puts it before); the
    (start, end) spans of ``ltr`` kept left to right as a whole."""
    if not _RTL.search(text):
        return list(enumerate(text))
    shown = _ordered(text, ltr)
    out: list[tuple[int, str]] = []
    i, n = 0, len(shown)
    combining = unicodedata.combining
    while i < n:
        c = shown[i][1]
        if combining(c):
            j = i
            while j < n and combining(shown[j][1]):
                j += 1
            marks = shown[i:j]
            left = _strong(shown[i - 1][1]) if i > 0 else ""
            right = shown[j] if j < n else None
            if right and _strong(right[1]) == "R" and (left != "L" or _is_rtl_mark(marks[0][1])):
                # marks belong to the letter on their right: letter, then its marks (reversed back
                # into logical order, as the reversal also flipped them)
                out.append(right)
                out.extend(marks[::-1])
                i = j + 1
                continue
            out.extend(marks)
            i = j
            continue
        out.append(shown[i])
        i += 1
    return out


def visual_order(text: str) -> str:
    """``text`` (logical order, one line in a left-to-right paragraph) in the order to draw it."""
    return "".join(c for _, c in visual(text))


def place_marks(text: str, mark_before) -> str:
    """``text`` (display order) with each right-to-left letter's marks moved before it where the
    face draws them right of the pen (``mark_before(mark)``)."""
    if not any(unicodedata.combining(c) for c in text):
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if j - i > 1 and _strong(cluster[0]) == "R" and mark_before(cluster[1]):
            cluster = cluster[1:] + cluster[0]
        out.append(cluster)
        i = j
    return "".join(out)


def split_by_coverage(text: str, face: str, fallbacks, fonts) -> list[tuple[str, str]]:
    """``text`` (logical order) cut into (piece, face): each letter with its combining marks is
    drawn by the first of ``face`` and the ``fallbacks`` faces (in order) that has all of them,
    else by ``face`` (a missing glyph shows as a box; ``glyphs.py`` warns of it). A fallback face's
    file is read only when a character ``face`` lacks turns up. Marks of left-to-right letters are
    put before the letter if the face draws them right of the pen (right-to-left ones are placed
    when the line is drawn, ``BidiLines``)."""
    if text.isascii() or fonts.covers(face, text):
        return [(text, face)]  # nothing to split (the common case: -, ', ")
    faces = (face, *fallbacks)

    def chooser(cluster: str) -> str:  # fonts.cmap reads a face's file the first time it is asked
        return next((f for f in faces if all(ord(c) in fonts.cmap(f) for c in cluster)), face)

    pieces: list[tuple[str, str]] = []
    buf: list[str] = []
    cur = face
    i, n = 0, len(text)
    combining = unicodedata.combining
    while i < n:
        j = i + 1
        while j < n and combining(text[j]):
            j += 1
        cluster = text[i:j]
        want = face if (j - i == 1 and ord(cluster) < 128) else chooser(cluster)
        if j - i > 1 and _strong(cluster[0]) != "R" and fonts.mark_before(want, cluster[1]):
            cluster = cluster[1:] + cluster[0]
        if want != cur and buf:
            pieces.append(("".join(buf), cur))
            buf = []
        cur = want
        buf.append(cluster)
        i = j
    if buf:
        pieces.append(("".join(buf), cur))
    return pieces


# ---------------------------------------------------------------- drawing lines in display order

_marks_cache: dict[tuple[str, str], bool] = {}


def _left_to_right(text: str) -> bool:
    """A piece with a left-to-right letter or a digit and no right-to-left letter: on its line, a
    left-to-right embedding of its own (see ``_visual_frags``)."""
    return not _RTL.search(text) and any(unicodedata.bidirectional(c) in ("L", "EN", "AN") for c in text)


def _mark_before(face: str, mark: str) -> bool:
    """True if registered ``face`` draws zero-width ``mark`` right of the pen."""
    key = (face, mark)
    hit = _marks_cache.get(key)
    if hit is None:
        from reportlab.pdfbase import pdfmetrics

        from outline_export.backends._pdf_fonts import _mark_right_of_origin

        try:
            hit = _mark_right_of_origin(pdfmetrics.getFont(face).face, mark)
        except (KeyError, AttributeError):
            hit = False
        _marks_cache[key] = hit
    return hit


def _visual_words(words: list, face: str) -> list:
    """A one-font line's words (kind 0) in display order."""
    text = " ".join(words)
    if not _RTL.search(text):
        return words
    shown = place_marks(visual_order(text), lambda m: _mark_before(face, m))
    return shown.split(" ")


def _visual_frags(frags: list) -> list:
    """A line of fragments (kind 1: several fonts or colours) in display order: the line's text is
    reordered as a whole and cut again wherever the fragment a character came from changes. A
    fragment of left-to-right text (a point's reference "(7–10)" in its own colour, Latin words in
    the body font) is kept left to right as a unit, so the digits of a reference after a Hebrew
    word are not drawn into the Hebrew; a Hebrew phrase in two fragments (one word bold) is still
    ordered as one. A zero-width fragment (a fillable blank's mark) stays right after the
    character before it."""
    chars: list[int] = []  # fragment of each character of the line's text
    text: list[str] = []
    marks: dict[int, list] = {}  # logical character before -> zero-width fragments after it
    ltr: list[tuple[int, int]] = []  # fragments of left-to-right text (a reference, Latin words)
    for k, f in enumerate(frags):
        if hasattr(f, "cbDefn") or not getattr(f, "text", ""):
            marks.setdefault(len(text) - 1, []).append(f)
            continue
        if _left_to_right(f.text):
            ltr.append((len(text), len(text) + len(f.text)))
        chars.extend([k] * len(f.text))
        text.extend(f.text)
    line = "".join(text)
    if not _RTL.search(line):
        return frags
    out: list = list(marks.get(-1, ()))
    run: list[str] = []
    cur = None

    def flush():
        if run:
            f = frags[cur]
            shown = place_marks("".join(run), lambda m: _mark_before(f.fontName, m))
            out.append(f.clone(text=shown))
            run.clear()

    for i, c in visual(line, tuple(ltr)):
        k = chars[i]
        if k != cur:
            flush()
            cur = k
        run.append(c)
        if i in marks:
            flush()
            out.extend(marks[i])
    flush()
    return out


def visual_lines(bl):
    """A laid-out paragraph's lines (reportlab's ``blPara``) in display order, as a copy; ``bl``
    itself stays in logical order (a split paragraph is made from it)."""
    if bl.kind == 0:
        lines = [(extra, _visual_words(list(words), bl.fontName)) for extra, words in bl.lines]
    else:
        lines = [line.clone(words=_visual_frags(list(line.words))) for line in bl.lines]
    return bl.clone(lines=lines)


class BidiLines:
    """Mixed into a reportlab Paragraph class whose text has right-to-left letters: laid out and
    split in logical order, each line drawn in display order."""

    def drawPara(self, debug=0):
        bl = self.blPara
        self.blPara = visual_lines(bl)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = bl


_bidi_classes: dict[type, type] = {}


def bidi_class(cls: type) -> type:
    """``cls`` with ``BidiLines`` mixed in (one class per paragraph class)."""
    hit = _bidi_classes.get(cls)
    if hit is None:
        hit = _bidi_classes[cls] = type(f"Bidi{cls.__name__}", (BidiLines, cls), {})
    return hit
