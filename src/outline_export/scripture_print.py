"""Printing references in a language: its book names, its chapter–verse punctuation, en dashes.

``format_ranges(ranges, "de")`` -> ``Johannes 3,16.18; 4,1–5``; ``format_ranges(ranges)`` (English)
-> ``John 3:16, 18; 4:1–5``. The punctuation comes from ``[references]`` in the language's
``languages/<code>.books.toml`` (``chapter_verse``, ``verse_list``, ``chapter_list``, ``range``).
Only the standard library is imported here.
"""

from __future__ import annotations

import re

from outline_export.scripture_books import ENGLISH, SINGLE_CHAPTER_BOOKS, names

EN_DASH = "\u2013"
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
DASH_RE = re.compile(r"\s*[" + re.escape(DASHES) + r"]\s*")
_SPACE_RE = re.compile(r"\s+")


def tidy(text: str) -> str:
    """A reference as written, printed: single spaces, en dashes in ranges."""
    return DASH_RE.sub(EN_DASH, _SPACE_RE.sub(" ", text))


def point(chapter: int, verse: int, part: str | None, with_chapter: bool, sep: str = ":") -> str:
    return (f"{chapter}{sep}" if with_chapter else "") + f"{verse}{part or ''}"


def _chapters(book: str) -> int:
    from outline_export.scripture import chapter_count

    return chapter_count(book)


def body(r, with_start_chapter: bool, language: str = ENGLISH) -> str:
    lang = names(language)
    dash = lang.range
    single = r.book in SINGLE_CHAPTER_BOOKS
    if r.start_verse is None or r.end_verse is None:
        if r.start_chapter == 1 and r.end_chapter == _chapters(r.book):
            return ""  # the whole book
        if r.start_chapter == r.end_chapter:
            return str(r.start_chapter)
        return f"{r.start_chapter}{dash}{r.end_chapter}"
    sep = lang.chapter_verse
    start = point(r.start_chapter, r.start_verse, r.start_part, with_start_chapter and not single, sep)
    if (r.start_chapter, r.start_verse, r.start_part) == (r.end_chapter, r.end_verse, r.end_part):
        return start
    end = point(r.end_chapter, r.end_verse, r.end_part, r.end_chapter != r.start_chapter, sep)
    return f"{start}{dash}{end}"


def format_ranges(ranges, language: str = ENGLISH, with_book: bool = True) -> str:
    """Ranges as a fully expanded reference: ``Exodus 32:11–13, 14; 34:6–7; Romans 2``, with the
    book names and punctuation of ``language``; ``with_book`` False leaves out the first book's name
    (a reference that took its book from the passage)."""
    lang = names(language)
    out: list[str] = []
    prev = None
    for r in ranges:
        if prev is None or prev.book != r.book:
            if prev is not None:
                out.append("; ")
            text = body(r, True, language)
            if prev is not None or with_book:
                out.append(lang.name(r.book) + (" " + text if text else ""))
            else:
                out.append(text)
        elif r.start_verse is not None and prev.end_verse is not None and r.start_chapter == prev.end_chapter:
            out.append(lang.verse_list + body(r, False, language))
        elif r.start_verse is None and prev.end_verse is None:
            out.append(lang.chapter_list + body(r, True, language))
        else:
            out.append("; " + body(r, True, language))
        prev = r
    return "".join(out)
