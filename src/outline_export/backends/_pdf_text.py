"""Text shaping the PDF backend needs and reportlab does not do: right-to-left display order and
per-character font fallback.

reportlab draws characters left to right in the order given, so a Hebrew word must be handed to it
already reversed (visual order). reportlab does no mark positioning either: a combining mark
(niqqud) is a zero-width glyph drawn wherever the pen is. ``visual_order`` keeps every mark right
after its base letter (a letter and its marks form one cluster); ``split_by_coverage`` then puts
the marks before the letter when the face draws them to the right of the pen (DejaVu Sans's
Hebrew points are drawn that way, for right-to-left layout) so that they land on their letter.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import get_display

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_RTL_MARK_BLOCKS = (
    (0x0591, 0x05C7),  # Hebrew points and accents
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),  # Arabic marks
    (0xFB1E, 0xFB1E),
)


def _is_rtl_mark(c: str) -> bool:
    o = ord(c)
    return any(lo <= o <= hi for lo, hi in _RTL_MARK_BLOCKS)


def _strong(c: str) -> str:
    d = unicodedata.bidirectional(c)
    return "R" if d in ("R", "AL") else ("L" if d == "L" else "")


def visual_order(text: str) -> str:
    """``text`` (logical order, in a left-to-right paragraph) in the order to draw it."""
    if not _RTL.search(text):
        return text
    shown = get_display(text, base_dir="L")
    # The bidi algorithm reverses right-to-left runs character by character, which puts each
    # base letter's marks before (to the left of) it. Move them back after their base letter.
    out: list[str] = []
    i, n = 0, len(shown)
    while i < n:
        c = shown[i]
        if unicodedata.combining(c):
            j = i
            while j < n and unicodedata.combining(shown[j]):
                j += 1
            marks = shown[i:j]
            left = _strong(shown[i - 1]) if i > 0 else ""
            right_c = shown[j] if j < n else ""
            if right_c and _strong(right_c) == "R" and (left != "L" or _is_rtl_mark(marks[0])):
                # marks belong to the letter on their right: draw letter, then its marks
                # (reversed back into logical order, as the reversal also flipped them)
                out.append(right_c)
                out.append(marks[::-1])
                i = j + 1
                continue
            out.append(marks)
            i = j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def split_by_coverage(text: str, face: str, fallback: str | None, fonts) -> list[tuple[str, str]]:
    """``text`` (visual order) cut into (piece, face) so each piece is drawn by a face that has its
    characters. A letter and its combining marks stay together in one face, and the marks are put
    before or after the letter depending on which side of its origin the face draws them."""
    if text.isascii() or fonts.covers(face, text):
        return [(text, face)]  # nothing to split or reorder (the common case: -, ', ")
    main = fonts.cmap(face)
    fb = None
    if fallback is not None and not all(ord(c) in main for c in text):
        fb = fonts.cmap(fallback)  # the fallback face is read only when it is needed
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
        if len(cluster) == 1:
            o = ord(cluster)
            want = face if (o < 128 or o in main or fb is None or o not in fb) else fallback
        elif all(ord(c) in main for c in cluster) or fb is None:
            want = face
        elif all(ord(c) in fb for c in cluster):
            want = fallback
        else:
            want = face  # nobody has it all: the style's face (missing glyphs show as boxes)
        if len(cluster) > 1 and fonts.mark_before(want, cluster[1]):
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
