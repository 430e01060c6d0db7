"""Scripture references: parsing what people write, checking it exists, printing it neatly.

(Parser under construction; see ``parse_reference``.)
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VerseRange:
    """A run of verses inside one book. ``start_verse``/``end_verse`` None means whole chapters."""

    book: str  # canonical English name, e.g. "Exodus", "1 Timothy", "Psalms"
    start_chapter: int
    start_verse: int | None
    end_chapter: int
    end_verse: int | None


@dataclass(frozen=True)
class Reference:
    """A parsed reference: ``text`` as written, ``display`` as printed, ``ranges`` what it covers."""

    text: str
    display: str
    ranges: tuple[VerseRange, ...]

    @property
    def book(self) -> str:
        return self.ranges[0].book


class ReferenceError(ValueError):
    """A reference that cannot be read or does not exist; ``offset`` is 0-based into the text."""

    def __init__(self, message: str, offset: int = 0):
        super().__init__(message)
        self.message = message
        self.offset = offset
