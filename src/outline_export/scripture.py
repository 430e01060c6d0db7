"""Scripture references: parsing what people write, checking it exists, printing it neatly.

``parse_reference("Ex 32:11-13; 34:6-7")`` reads the forms people actually write (full names and
common abbreviations, hyphen/en dash/em dash ranges, cross-chapter ranges, whole chapters, verse
parts like ``12a``, ``;``/``,`` lists, single-chapter books, ``v 30``/``vv 11-13``, ``16f`` (and the
next verse) and ``16ff`` (to the end of the chapter; on a chapter, ``2f``/``2ff``: the next chapter,
to the end of the book), shown as written) and checks every
chapter and verse against the KJV versification in ``data/verses.json`` (loaded lazily, once).
A reference without a book (``32:11-13``, ``11``, ``v 30``) takes its book, and for a bare verse its
chapter, from ``context``: the enclosing reference, e.g. the outline's passage.

A reference is read in a language (``parse_reference(text, context, "es")``): its book names first,
then English's, with its chapter–verse punctuation ("Juan 3,16" is chapter 3, verse 16 in Spanish;
see docs/languages-references.md); it prints in that language (``Reference.display``, ``canonical``).
Where the language's traditional Bible numbers verses beyond the KJV's counts (the Luther Bible's
psalm titles), the verse is accepted and ``Reference.notes`` says so, for a warning.

Book names and abbreviations live in ``scripture_books`` and ``languages/<code>.books.toml``
(``BOOKS``, ``SINGLE_CHAPTER_BOOKS`` and ``canonical_book`` are re-exported here); printing in a
language in ``scripture_print``; this module owns the reference types, the verse counts and the parser. Messages for what people add to a reference (a translation, a stray
word, a misspelt book) are worked out in ``scripture_hints``, only when a reference is wrong.

Only the standard library is imported here, so importing the module stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from outline_export.loader_hints import clip
from outline_export.scripture_books import (  # BOOKS, SINGLE_CHAPTER_BOOKS, canonical_book: re-exported
    _NAME_RE, _WORD_RE, BOOKS, ENGLISH, SINGLE_CHAPTER_BOOKS, canonical_book, names, reading_order,
)
from outline_export.scripture_print import DASH_RE as _DASH_RE, DASHES as _DASHES, EN_DASH, format_ranges  # noqa: F401
from outline_export.scripture_print import point as _point, tidy as _display  # noqa: F401


@dataclass(frozen=True)
class VerseRange:
    """A run of verses inside one book. ``start_verse``/``end_verse`` None means whole chapters.

    ``start_part``/``end_part`` record a verse part letter ("a", "b", "c") as in ``32:12a``.
    """

    book: str  # canonical English name, e.g. "Exodus", "1 Timothy", "Psalms"
    start_chapter: int
    start_verse: int | None
    end_chapter: int
    end_verse: int | None
    start_part: str | None = None
    end_part: str | None = None


@dataclass(frozen=True)
class Reference:
    """A parsed reference: ``text`` as written, ``display`` as printed, ``ranges`` what it covers.

    ``inherited`` is True when the book (and perhaps the chapter) came from the context
    reference; ``display`` then stays book-less, ``canonical`` is always fully expanded.
    ``language`` is the one it was read in and prints in (book names, punctuation); ``notes`` are
    (offset, message) warnings: verses accepted beyond the KJV's counts in that language's Bible.
    """

    text: str
    display: str
    ranges: tuple[VerseRange, ...]
    inherited: bool = False
    language: str = ENGLISH
    notes: tuple[tuple[int, str], ...] = field(default=(), compare=False)

    @property
    def book(self) -> str:
        return self.ranges[0].book

    @property
    def canonical(self) -> str:
        """Fully expanded form with the language's book names: ``Exodus 32:11–13; 34:6–7``,
        ``2. Mose 32,11–13; 34,6–7``."""
        return format_ranges(self.ranges, self.language)

    @property
    def chapters(self) -> tuple[tuple[str, int], ...]:
        """Every (book, chapter) the reference touches, in order, without repeats."""
        seen: dict[tuple[str, int], None] = {}
        for r in self.ranges:
            for c in range(r.start_chapter, r.end_chapter + 1):
                seen.setdefault((r.book, c), None)
        return tuple(seen)


class ReferenceError(ValueError):
    """A reference that cannot be read or does not exist; ``offset`` is 0-based into the text."""

    def __init__(self, message: str, offset: int = 0, translation: tuple[str, str | None] | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.translation = translation  # (name, the reference without it) when a translation was written in it


class _Unreadable(ReferenceError):
    """'cannot read …': ``parse_reference`` asks ``scripture_hints.explain`` for a better message."""


_VERSE_MARKERS = frozenset({"v", "vv", "vs", "vss", "ver", "vers", "verse", "verses"})


# --------------------------------------------------------------------------------------------
# Verse counts, loaded once on first use.

_COUNTS: dict[str, tuple[int, ...]] | None = None


def _counts() -> dict[str, tuple[int, ...]]:
    global _COUNTS
    if _COUNTS is None:
        import json
        from importlib import resources

        data = json.loads(resources.files(__package__).joinpath("data/verses.json").read_text("utf-8"))
        _COUNTS = {b["name"]: tuple(b["chapters"]) for b in data["books"]}
    return _COUNTS


def _book_chapters(book: str) -> tuple[int, ...]:
    canon = book if book in _counts() else canonical_book(book)
    if canon is None:
        raise ValueError(f"unknown book '{book}'")
    return _counts()[canon]


def chapter_count(book: str) -> int:
    """Number of chapters in ``book`` (a canonical name; abbreviations are accepted too)."""
    return len(_book_chapters(book))


def verse_count(book: str, chapter: int) -> int:
    """Number of verses in ``book`` ``chapter``; ValueError for an unknown book or chapter."""
    chapters = _book_chapters(book)
    if not 1 <= chapter <= len(chapters):
        raise ValueError(f"{book} has {len(chapters)} chapters, so chapter {chapter} does not exist")
    return chapters[chapter - 1]


# --------------------------------------------------------------------------------------------
# Parsing.

_EXAMPLE = f"Exodus 32:11{EN_DASH}14"
_WS_RE = re.compile(r"\s*")
_NUM_RE = re.compile(r"[0-9]+")


def _number(m: re.Match) -> int:
    """A chapter or verse number as written; more than six digits (which int() may refuse) is no
    chapter or verse of any book."""
    digits = m.group()
    if len(digits) > 6:
        raise ReferenceError(f"'{digits[:6]}…' ({len(digits):,} digits) is not a chapter or verse number; "
                             "no book has more than 150 chapters or 176 verses", m.start())
    return int(digits)
_FIRST_MARK_RE = re.compile(r"[0-9]([,.:])[0-9]")
_PART_RE = re.compile(r"[abc](?![^\W\d_])")
_VMARK_RE = re.compile(r"\s+(?:vv?|vss?|vers?|verses?)\.?\s*(?=[0-9])", re.IGNORECASE)
_FOLLOWING_RE = re.compile(r"\s*(ff?)\.?(?=[\s,;]|\Z)", re.IGNORECASE)  # "16f", "16ff", "16 ff."
_FOLLOW = frozenset(" \t\r\n\f\v,;" + _DASHES)


class _Point:
    """One number or chapter:verse as written, with where each number sits in the text."""

    __slots__ = ("a", "a_at", "b", "b_at", "part", "at", "end", "follow", "follow_at", "sep")

    def __init__(self, a, a_at, b, b_at, part, end, follow=None, follow_at=0, sep=None):
        self.a, self.a_at, self.b, self.b_at, self.part, self.end = a, a_at, b, b_at, part, end
        self.at = a_at
        self.follow, self.follow_at = follow, follow_at  # "f" / "ff": "and the following"
        self.sep = sep  # the mark between chapter and verse as written: ":", ".", ",", "장", "v"


class _Parser:
    __slots__ = ("s", "n", "context", "book", "chapter", "mode", "base", "ambiguous", "colon", "ranges",
                 "code", "lang", "comma", "seps", "rewrite", "notes", "item_start", "words_re")

    def __init__(self, s: str, context: Reference | None, language: str = ENGLISH):
        self.s = s
        self.n = len(s)
        self.context = context
        self.code = language
        self.lang = names(language)
        # "Juan 3,16": a comma between two numbers is chapter and verse, in a language that writes
        # it so and a reference whose first mark between numbers is that comma; '.' then separates
        # verses ("Johannes 3,16.18"). "Juan 3:16,18" and "Jean 3.16, 18" read as in English.
        first = _FIRST_MARK_RE.search(s)
        self.comma = self.lang.comma and first is not None and first.group(1) == ","
        self.seps = ",;." if self.comma else ",;"
        self.rewrite = False  # printed in the language's own form, not as written
        self.notes: list[tuple[int, str]] = []
        self.item_start = True  # the item starts the reference or follows ';'
        cw, vw = self.lang.chapter_word, self.lang.verse_word  # Korean 3장 16절
        self.words_re = (re.compile(rf"\s*{re.escape(cw)}\s*(?=[0-9])"),
                         re.compile(rf"\s*(?:{re.escape(cw)}|{re.escape(vw)})")) if cw else None
        self.book: str | None = None
        self.chapter: int | None = None
        self.mode = "chapter"  # how a bare number reads: "chapter" or "verse"
        self.base = "chapter"  # the mode a bare number after ';' returns to
        self.ambiguous = False  # the chapter is unknown because the context spans chapters
        self.colon = False  # the last item began with chapter:verse
        self.ranges: list[VerseRange] = []

    # -- errors ----------------------------------------------------------------------------
    def unreadable(self, at: int) -> ReferenceError:
        return _Unreadable(
            f"cannot read '{clip(self.s)}' as a scripture reference (write it like '{_EXAMPLE}')", at
        )

    def no_book(self) -> ReferenceError:
        from outline_export import scripture_hints

        return scripture_hints.no_book(self)

    def ambiguous_verse(self, p: _Point) -> ReferenceError:
        from outline_export import scripture_hints

        return scripture_hints.ambiguous_verse(self, p)

    # -- scanning --------------------------------------------------------------------------
    def skip(self, i: int) -> int:
        return _WS_RE.match(self.s, i).end()

    def book_at(self, i: int):
        """('book', name, end) / ('marker', None, end) / None when no letters start here."""
        s = self.s
        m = _NAME_RE.match(s, i)
        if not m:
            return None
        number = int(m.group(1)) if m.group(1) else None
        words = list(_WORD_RE.finditer(s, m.start(2), m.end(2)))
        lower = [w.group().casefold() for w in words]
        if self.words_re and lower[0] in (self.lang.chapter_word, self.lang.verse_word):
            return None  # "3 장": not a book
        if number is not None and lower[0] in _VERSE_MARKERS:
            return None  # "2 v 3": chapter 2, verse 3
        if len(lower) == 1 and lower[0] in _VERSE_MARKERS:
            end = m.end()
            if end < self.n and s[end] == ".":
                end += 1
            return ("marker", None, end)
        for code in reading_order(self.code):  # the outline's language first, then English
            table = names(code)
            for k in range(len(words), 0, -1):  # longest run of words that names a book
                book = table.book(lower[:k], number)
                if book:
                    end = words[k - 1].end()
                    if end < self.n and s[end] == ".":
                        end += 1
                    if code != self.code:
                        self.rewrite = True  # "Luke" in a Spanish outline prints "Lucas"
                    return ("book", book, end)
        from outline_export import scripture_hints

        raise scripture_hints.unknown_book(s, i, m.end(), number, lower, self.context, self.code)

    def point(self, i: int, comma: bool = False) -> _Point:
        """``comma``: a comma after the number is chapter,verse ("Juan 3,16")."""
        s = self.s
        m = _NUM_RE.match(s, i)
        if not m:
            raise self.unreadable(i)
        a, j = _number(m), m.end()
        b = b_at = part = sep = None
        marks = ":" + ("," if comma else "") + ("" if self.comma else ".")
        words = self.words_re
        if j < self.n and s[j] in marks and j + 1 < self.n and s[j + 1].isascii() and s[j + 1].isdigit():
            sep = s[j]
            m = _NUM_RE.match(s, j + 1)
            b, b_at, j = _number(m), j + 1, m.end()
        elif words and words[0].match(s, j):  # 3장 16절
            w = words[0].match(s, j)
            m = _NUM_RE.match(s, w.end())
            sep, b, b_at, j = self.lang.chapter_word, _number(m), w.end(), m.end()
        else:
            v = _VMARK_RE.match(s, j)  # "Exodus 32 v 11", "32 vv 11-14"
            if v:
                m = _NUM_RE.match(s, v.end())
                b, b_at, j = _number(m), v.end(), m.end()
                sep = "v"
        if words and words[1].match(s, j):
            j = words[1].match(s, j).end()
        pm = _PART_RE.match(s, j)
        if pm:
            part, j = pm.group(), pm.end()
        follow = follow_at = None
        fm = _FOLLOWING_RE.match(s, j)
        if fm:
            follow, follow_at, j = fm.group(1).lower(), fm.start(1), fm.end()
        if j < self.n and s[j] not in _FOLLOW and not (self.comma and s[j] == "."):
            raise self.unreadable(j)
        if sep and sep != "v" and sep not in self.lang.as_written:
            self.rewrite = True  # "Johannes 3:16" in German prints "Johannes 3,16"
        return _Point(a, i, b, b_at, part, j, follow, follow_at, sep)

    def part_on_chapter(self, p: _Point) -> ReferenceError:
        from outline_export import scripture_hints

        return scripture_hints.part_on_chapter(self.s, p)

    def open_range(self, p: _Point, d) -> ReferenceError:
        """A range with a dash and no end: 'Romans 1:16-'."""
        from outline_export import scripture_hints

        return scripture_hints.open_range(self, p, d)

    # -- checking --------------------------------------------------------------------------
    def verses_in(self, chapter: int) -> int:
        """Verses in a chapter: the KJV's, or more where the language's Bible numbers more."""
        kjv = _counts()[self.book]
        n = kjv[chapter - 1] if chapter <= len(kjv) else 0
        return max(n, self.lang.extra.get(self.book, {}).get(chapter, 0))

    def chapters_in(self) -> int:
        return max(len(_counts()[self.book]), *self.lang.extra.get(self.book, {0: 0}))

    def note(self, at: int, counted: str, what: str) -> None:
        why = self.lang.notes.get(self.book) or self.lang.notes.get("*", "its Bible numbers differently")
        if self.notes:
            return  # one warning a reference
        self.notes.append((at, f"{counted} in the KJV numbering, which references are checked against; {why}, "
                               f"so {what} is accepted as written"))

    def check_chapter(self, chapter: int, at: int) -> None:
        n = len(_counts()[self.book])
        if not 1 <= chapter <= self.chapters_in():
            has = "has only 1 chapter" if n == 1 else f"has {n} chapters"
            raise ReferenceError(f"{self.lang.name(self.book)} {has}, so chapter {chapter} does not exist", at)
        if chapter > n:
            self.note(at, f"{self.lang.name(self.book)} has {n} chapters", f"chapter {chapter}")

    def check_verse(self, chapter: int, verse: int, at: int, comma: bool = False) -> None:
        kjv = _counts()[self.book]
        n, most = (kjv[chapter - 1] if chapter <= len(kjv) else 0), self.verses_in(chapter)
        name = self.lang.name(self.book)
        where = name if self.book in SINGLE_CHAPTER_BOOKS else f"{name} {chapter}"
        if not 1 <= verse <= most:
            more = ""
            if comma:  # "Salmos 23,24": meant as two chapters?
                more = (f" (in this outline's language a comma between two numbers is chapter and verse; "
                        f"for chapters {chapter} and {verse} write '{name} {chapter}; {verse}')")
            raise ReferenceError(f"{where} has {most} verses, so verse {verse} does not exist{more}", at)
        if verse > n and chapter <= len(kjv):
            self.note(at, f"{where} has {n} verses", f"verse {verse}")

    # -- grammar ---------------------------------------------------------------------------
    def item(self, i: int) -> int:
        """One number, chapter:verse, or a range of them; adds a VerseRange, returns the end."""
        p1 = self.point(i, self.comma and self.item_start)
        self.colon = p1.b is not None
        if p1.b is not None:
            sc, sv, sp = p1.a, p1.b, p1.part
            self.check_chapter(sc, p1.a_at)
            self.check_verse(sc, sv, p1.b_at, p1.sep == ",")
        elif self.mode == "verse":
            if self.chapter is None:
                raise self.ambiguous_verse(p1) if self.ambiguous else self.unreadable(p1.at)
            sc, sv, sp = self.chapter, p1.a, p1.part
            self.check_verse(sc, sv, p1.a_at)
        else:
            if p1.part:
                raise self.part_on_chapter(p1)
            sc, sv, sp = p1.a, None, None
            self.check_chapter(sc, p1.a_at)
        ec, ev, ep = sc, sv, sp
        end = p1.end
        d = _DASH_RE.match(self.s, end)
        if p1.follow:  # "16f": and the next verse (or chapter); "16ff": to the end of the chapter (book)
            if d:
                raise self.unreadable(d.start())
            if sv is None:
                last = self.chapters_in()
                ec = last if p1.follow == "ff" else min(sc + 1, last)
            else:
                last = self.verses_in(sc)
                ev, ep = (last if p1.follow == "ff" else min(sv + 1, last)), None
            d = None
        if d:
            if d.end() == self.n or self.s[d.end()] in ",;":
                raise self.open_range(p1, d)
            p2 = self.point(d.end(), p1.sep == ",")
            if p2.follow:
                raise self.unreadable(p2.follow_at)
            end = p2.end
            if p2.b is not None:
                ec, ev, ep = p2.a, p2.b, p2.part
                self.check_chapter(ec, p2.a_at)
                self.check_verse(ec, ev, p2.b_at)
                if sv is None:
                    sv = 1
            elif sv is not None:
                ec, ev, ep = sc, p2.a, p2.part
                self.check_verse(ec, ev, p2.a_at)
            else:
                if p2.part:
                    raise self.part_on_chapter(p2)
                ec, ev, ep = p2.a, None, None
                self.check_chapter(ec, p2.a_at)
            if (ec, ev or 0) < (sc, sv or 0) or (
                (ec, ev) == (sc, sv) and sp and ep and ep < sp
            ):
                single = self.book in SINGLE_CHAPTER_BOOKS
                cv = self.lang.chapter_verse
                if sv is None:
                    shown = f"{sc}{EN_DASH}{ec}"
                else:
                    shown = _point(sc, sv, sp, not single, cv) + EN_DASH + _point(ec, ev, ep, ec != sc, cv)
                raise ReferenceError(f"reference range ends before it starts ({self.lang.name(self.book)} {shown})", i)
        self.ranges.append(VerseRange(self.book, sc, sv, ec, ev, sp, ep))
        if ev is None:
            self.mode, self.chapter = "chapter", None
        else:
            self.mode, self.chapter = "verse", ec
        return end

    def start_book(self, book: str) -> None:
        self.book = book
        self.ambiguous = False
        if book in SINGLE_CHAPTER_BOOKS:
            self.chapter, self.mode, self.base = 1, "verse", "verse"
        else:
            self.chapter, self.mode, self.base = None, "chapter", "chapter"

    def inherit(self) -> None:
        if self.context is None or not self.context.ranges:
            raise self.no_book()
        first = self.context.ranges[0]
        self.start_book(first.book)
        if self.book not in SINGLE_CHAPTER_BOOKS:
            self.mode = "verse"
            if first.start_chapter == first.end_chapter:
                self.chapter = first.start_chapter
            else:
                self.ambiguous = True

    def parse(self) -> Reference:
        s, n = self.s, self.n
        i = 0
        sep = None  # the separator before the current part: None (first part), "," or ";"
        inherited = False
        while True:
            self.item_start = sep in (None, ";")
            found = self.book_at(i)
            if found and found[0] == "book":
                self.start_book(found[1])
                i = self.skip(found[2])
                if i == n or s[i] in ",;":  # a whole book: "Ruth", "Jude"
                    self.ranges.append(VerseRange(self.book, 1, None, chapter_count(self.book), None))
                    self.mode, self.chapter = "chapter", None
                else:
                    i = self.item(i)
            else:
                marker = found is not None  # "v 30", "vv. 11-13"
                if marker:
                    i = self.skip(found[2])
                if not _NUM_RE.match(s, i):
                    raise self.unreadable(i)
                if sep is None:
                    self.inherit()
                    inherited = True
                elif sep == ";":
                    self.mode = self.base
                if marker:
                    if self.chapter is None:
                        if self.ambiguous:
                            raise self.ambiguous_verse(self.point(i))
                        raise self.unreadable(i)
                    self.mode = "verse"
                i = self.item(i)
                if sep is None and self.book not in SINGLE_CHAPTER_BOOKS:
                    # after "32:11" a bare number following ';' is a chapter, after "11" a verse
                    self.base = "chapter" if self.colon else "verse"
            j = self.skip(i)
            if j == n:
                break
            if s[j] not in self.seps:
                raise self.unreadable(j)
            sep = ";" if s[j] == ";" else ","
            i = self.skip(j + 1)
            if i == n:
                raise self.unreadable(j)
        ranges = tuple(self.ranges)
        shown = format_ranges(ranges, self.code, not inherited) if self.rewrite else _display(s)
        return Reference(s, shown, ranges, inherited, self.code, tuple(self.notes))


def parse_reference(text: str, context: Reference | None = None, language: str | None = None) -> Reference:
    """Read a scripture reference; raise ReferenceError (message, offset) when it is wrong.

    ``offset`` indexes ``text.strip()`` (equal to ``text`` when there is no leading space).
    A reference without a book takes it from ``context``; a bare verse number also takes the
    chapter, when the context's first range lies within one chapter. ``language`` (a code of
    languages.LANGUAGES; default the context's, else English): book names are read in it and then in
    English, with its chapter–verse punctuation, and the reference prints in it.
    """
    code = language or (context.language if context is not None else ENGLISH)
    s = text.strip()
    if not s:
        raise ReferenceError(f"the scripture reference is empty; write it like '{_EXAMPLE}'", 0)
    try:
        return _Parser(s, context, code).parse()
    except _Unreadable as e:
        from outline_export import scripture_hints

        raise scripture_hints.explain(s, e.offset, context, code) or e from None
