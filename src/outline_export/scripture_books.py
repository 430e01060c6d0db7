"""The books of the Bible by name, in every language: canon order, one-chapter books, and the names
and abbreviations people write.

Names are data: ``languages/<code>.books.toml`` lists, for each canonical (English) book name, the
name the language prints first and then every other name and abbreviation it reads; its
``[references]`` table says how the language writes chapter and verse, and ``[versification]``
where its traditional Bible numbers verses beyond the KJV's counts. ``names(code)`` reads a
language's file once into lookup tables.

Names are matched on keys: lowercase, no spaces or periods, a leading book number as a digit
("1 Sam." -> "1sam", "First Samuel" -> "1samuel", "II Kings" -> "2kings", "1. Mose" -> "1mose"). A
key is tried as written (accents kept: Portuguese "Jó" is Job, "Jo" John) and then without accents
("Exodo" is "Éxodo", "Romer" is "Römer"). ``canonical_book("1 Tim")`` -> "1 Timothy".

Only the standard library is imported here, so importing the module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Canon order (positions match data/verses.json).
BOOKS: tuple[str, ...] = (
    "Genesis", "Exodus", "Leviticus", "Numbers", "Deuteronomy", "Joshua", "Judges", "Ruth",
    "1 Samuel", "2 Samuel", "1 Kings", "2 Kings", "1 Chronicles", "2 Chronicles", "Ezra",
    "Nehemiah", "Esther", "Job", "Psalms", "Proverbs", "Ecclesiastes", "Song of Songs", "Isaiah",
    "Jeremiah", "Lamentations", "Ezekiel", "Daniel", "Hosea", "Joel", "Amos", "Obadiah", "Jonah",
    "Micah", "Nahum", "Habakkuk", "Zephaniah", "Haggai", "Zechariah", "Malachi", "Matthew", "Mark",
    "Luke", "John", "Acts", "Romans", "1 Corinthians", "2 Corinthians", "Galatians", "Ephesians",
    "Philippians", "Colossians", "1 Thessalonians", "2 Thessalonians", "1 Timothy", "2 Timothy",
    "Titus", "Philemon", "Hebrews", "James", "1 Peter", "2 Peter", "1 John", "2 John", "3 John",
    "Jude", "Revelation",
)

# Books with one chapter: a bare number after them is a verse ("Jude 3").
SINGLE_CHAPTER_BOOKS = frozenset({"Obadiah", "Philemon", "2 John", "3 John", "Jude"})

ENGLISH = "en"
_ROMAN = {"i": 1, "ii": 2, "iii": 3}  # "I Corintios", "II Kings": every language
_SPELLED = {1: ("1st",), 2: ("2nd",), 3: ("3rd",)}

_LETTER = r"[^\W\d_]"  # a letter of any script: accents, umlauts, Hangul
# A book name: an optional number ("1", "1st", "1.", "1ª") and words of letters.
_NAME_RE = re.compile(rf"(?:([1-5])(?:st|nd|rd|th|\.|ª|º)?\s*)?({_LETTER}+(?:\s+{_LETTER}+)*)")
_WORD_RE = re.compile(rf"{_LETTER}+")


def fold(text: str) -> str:
    """Lowercase without accents: "Éxodo" -> "exodo", "Römer" -> "romer" (Hangul stays whole)."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", bare)


class Names:
    """One language's book names and reference punctuation, from its ``<code>.books.toml``."""

    def __init__(self, code: str, data: dict):
        self.code = code
        refs = data.get("references", {})
        self.chapter_verse = refs.get("chapter_verse", ":")
        self.verse_list = refs.get("verse_list", ", ")
        self.chapter_list = refs.get("chapter_list", ", ")
        self.range = refs.get("range", "\u2013")
        self.comma = bool(refs.get("comma_chapter_verse", False))
        self.as_written = frozenset(refs.get("printed_as_written", (":",)))
        self.chapter_word = refs.get("chapter_word", "")
        self.verse_word = refs.get("verse_word", "")
        self.and_words = frozenset(fold(w) for w in refs.get("and", ()))
        self.to_words = frozenset(fold(w) for w in refs.get("to", ()))
        self.ordinals = dict(_ROMAN)
        self.ordinals.update({fold(k): int(v) for k, v in refs.get("ordinals", {}).items()})
        self.printed: dict[str, str] = {}
        self.exact: dict[str, str] = {}  # key as written (casefolded) -> book
        self.loose: dict[str, str] = {}  # key without accents -> book
        self.bases: dict[str, dict[int, str]] = {}  # "corintios" -> {1: "1 Corinthians", 2: ...}
        entries = data.get("books", {})
        for book, written in entries.items():
            self.printed[book] = written[0]
            for name in written:
                number, words = split_name(name)
                key = (str(number) if number else "") + "".join(w.casefold() for w in words)
                self.exact.setdefault(key, book)
                if number:
                    self.bases.setdefault(fold("".join(words)), {})[number] = book
        for key, book in self.exact.items():
            loose = fold(key)
            if self.exact.get(loose, book) == book:
                self.loose.setdefault(loose, book)
        self.suggest: dict[str, str] = dict(self.loose)  # for "did you mean": spelled ordinals too
        ordinal_words: dict[int, list[str]] = {}
        for word, n in self.ordinals.items():
            ordinal_words.setdefault(n, []).append(word)
        for key, book in self.loose.items():
            if key[:1].isdigit():
                n = int(key[0])
                for spelled in (*ordinal_words.get(n, ()), *_SPELLED.get(n, ())):
                    self.suggest.setdefault(spelled + key[1:], book)
        self.full: dict[str, list[str]] = {}  # book -> its long names' keys ("Judas" is not "Jas")
        for key, book in self.suggest.items():
            if len(key) >= len(fold(self.printed.get(book, book)).replace(" ", "").replace(".", "")) - 1:
                self.full.setdefault(book, []).append(key)
        versification = data.get("versification", {})
        self.bible = versification.get("bible", "")
        self.notes: dict[str, str] = versification.get("notes", {})
        self.extra: dict[str, dict[int, int]] = {
            book: {int(c): int(n) for c, n in chapters.items()}
            for book, chapters in versification.get("verses", {}).items()
        }

    def name(self, book: str) -> str:
        """The name this language prints for a canonical book."""
        return self.printed.get(book, book)

    def key(self, words: list[str], number: int | None) -> str:
        if number is None and len(words) > 1 and fold(words[0]) in self.ordinals:
            number, words = self.ordinals[fold(words[0])], words[1:]
        return (str(number) if number else "") + "".join(w.casefold() for w in words)

    def book(self, words: list[str], number: int | None) -> str | None:
        """The canonical book these words (and book number) name in this language, or None."""
        key = self.key(words, number)
        found = self.exact.get(key) or self.loose.get(fold(key))
        if found is None and number is None and len(words) == 1:
            folded = fold(key)
            for roman in ("iii", "ii", "i"):  # "IISam", "ICor", "ICo"
                if folded.startswith(roman) and len(folded) > len(roman):
                    found = self.loose.get(f"{len(roman)}{folded[len(roman):]}")
                    if found:
                        break
        return found


def split_name(name: str) -> tuple[int | None, list[str]]:
    """A written name's book number and words: "1. Mose" -> (1, ["Mose"])."""
    m = _NAME_RE.fullmatch(name.strip().rstrip("."))
    if not m:
        raise ValueError(f"'{name}' is not a book name")
    return (int(m.group(1)) if m.group(1) else None), _WORD_RE.findall(m.group(2))


@lru_cache(maxsize=None)
def names(code: str = ENGLISH) -> Names:
    """A language's book names (English's for a language without a books file)."""
    from outline_export.languages import books

    data = books(code)
    if not data.get("books"):
        return names(ENGLISH) if code != ENGLISH else Names(ENGLISH, data)
    return Names(code, data)


def reading_order(code: str | None) -> tuple[str, ...]:
    """The languages a reference in ``code`` is read in: its own, then English."""
    code = code or ENGLISH
    return (code,) if code == ENGLISH else (code, ENGLISH)


def canonical_book(name: str, language: str = ENGLISH) -> str | None:
    """The canonical name for a book name or abbreviation: "Ex" -> "Exodus", "1 Tim" -> "1 Timothy";
    in ``language`` (and English): canonical_book("Éxodo", "es") -> "Exodus"."""
    try:
        number, words = split_name(name)
    except ValueError:
        return None
    for code in reading_order(language):
        book = names(code).book(words, number)
        if book:
            return book
    return None
