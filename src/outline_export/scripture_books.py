"""The books of the Bible by name: canon order, one-chapter books, and every abbreviation people write.

``canonical_book("1 Tim")`` -> "1 Timothy". The alias tables map normalized keys (lowercase, no
spaces or periods, a leading book number as a digit: "1 Sam." -> "1sam", "First Samuel" ->
"1samuel", "II Kings" -> "2kings") to canonical English names; ``_SUGGEST`` adds spelled-out
ordinals for "did you mean". The reference parser in ``scripture`` reads names through
``_NAME_RE``/``_WORD_RE`` and ``_alias_key``.

Only the standard library is imported here, so importing the module stays cheap.
"""

from __future__ import annotations

import re


# Book names. Keys are normalized: lowercase, no spaces or periods, a leading book number as a
# digit ("1 Sam." -> "1sam", "First Samuel" -> "1samuel", "II Kings" -> "2kings").

_PLAIN_BOOKS: tuple[tuple[str, str], ...] = (
    ("Genesis", "gen ge gn"),
    ("Exodus", "exod exo ex"),
    ("Leviticus", "lev le lv"),
    ("Numbers", "num nu nm nb numb"),
    ("Deuteronomy", "deut dt de deu"),
    ("Joshua", "josh jos jsh"),
    ("Judges", "judg jdg jg jdgs"),
    ("Ruth", "rth ru rut"),
    ("Ezra", "ezr"),
    ("Nehemiah", "neh ne"),
    ("Esther", "esth est es"),
    ("Job", "jb"),
    ("Psalms", "psalm ps psa pss psm pslm"),
    ("Proverbs", "prov pr prv pro"),
    ("Ecclesiastes", "eccl ecc eccles ec qoh qoheleth"),
    ("Song of Songs", "song songofsolomon songofsol sos ss sg canticles cant"),
    ("Isaiah", "isa is"),
    ("Jeremiah", "jer je jr"),
    ("Lamentations", "lam la"),
    ("Ezekiel", "ezek eze ezk"),
    ("Daniel", "dan da dn"),
    ("Hosea", "hos ho"),
    ("Joel", "jl"),
    ("Amos", "am"),
    ("Obadiah", "obad ob oba"),
    ("Jonah", "jon jnh"),
    ("Micah", "mic mc"),
    ("Nahum", "nah na"),
    ("Habakkuk", "hab hb"),
    ("Zephaniah", "zeph zep zp"),
    ("Haggai", "hag hg"),
    ("Zechariah", "zech zec zc"),
    ("Malachi", "mal ml"),
    ("Matthew", "matt mt mat"),
    ("Mark", "mk mrk mr"),
    ("Luke", "lk luk"),
    ("John", "jn jhn joh"),
    ("Acts", "ac"),
    ("Romans", "rom ro rm"),
    ("Galatians", "gal ga"),
    ("Ephesians", "eph ephes"),
    ("Philippians", "phil php pp"),
    ("Colossians", "col"),
    ("Titus", "tit"),
    ("Philemon", "philem phlm phm"),
    ("Hebrews", "heb"),
    ("James", "jas jm"),
    ("Jude", "jde"),
    ("Revelation", "rev re rv revelations apocalypse"),
)

# Numbered books: (name, numbers, aliases of the name part); "1 Samuel" also answers to
# 1Sam, 1 Sa, I Samuel, First Samuel, 1st Sam, ...
_NUMBERED_BOOKS: tuple[tuple[str, tuple[int, ...], str], ...] = (
    ("Samuel", (1, 2), "sam sa sm"),
    ("Kings", (1, 2), "kgs ki kin kngs kg"),
    ("Chronicles", (1, 2), "chr chron chro ch"),
    ("Corinthians", (1, 2), "cor co"),
    ("Thessalonians", (1, 2), "thess thes th"),
    ("Timothy", (1, 2), "tim ti tm"),
    ("Peter", (1, 2), "pet pe pt"),
    ("John", (1, 2, 3), "jn jhn joh jo"),
)

# Canon order (for reference; positions match data/verses.json).
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

_ORDINAL_WORDS = {"i": 1, "ii": 2, "iii": 3, "first": 1, "second": 2, "third": 3}
_ORDINAL_SPELLED = {1: ("first", "i", "1st"), 2: ("second", "ii", "2nd"), 3: ("third", "iii", "3rd")}


def _build_aliases() -> tuple[dict[str, str], dict[str, str]]:
    aliases: dict[str, str] = {}
    suggest: dict[str, str] = {}  # aliases plus spelled-out forms, for "did you mean"
    for name, keys in _PLAIN_BOOKS:
        for key in (name.lower().replace(" ", ""), *keys.split()):
            aliases[key] = name
    for base, numbers, keys in _NUMBERED_BOOKS:
        for n in numbers:
            name = f"{n} {base}"
            for key in (base.lower(), *keys.split()):
                aliases[f"{n}{key}"] = name
                for spelled in _ORDINAL_SPELLED[n]:
                    suggest[spelled + key] = name
    suggest.update(aliases)
    return aliases, suggest


_ALIASES, _SUGGEST = _build_aliases()


def _alias_key(words: list[str], number: int | None) -> str | None:
    """Resolve normalized words (+ an optional book number) to a canonical name, or None."""
    if number is None and len(words) > 1 and words[0] in _ORDINAL_WORDS:
        number, words = _ORDINAL_WORDS[words[0]], words[1:]
    key = (str(number) if number else "") + "".join(words)
    book = _ALIASES.get(key)
    if book is None and number is None and len(words) == 1:
        for roman in ("iii", "ii", "i"):  # "IISam", "ICor"
            if key.startswith(roman) and len(key) > len(roman):
                book = _ALIASES.get(f"{len(roman)}{key[len(roman):]}")
                if book:
                    break
    return book


def _lookup_key(words: list[str], number: int | None) -> str:
    if number is None and len(words) > 1 and words[0] in _ORDINAL_WORDS:
        number, words = _ORDINAL_WORDS[words[0]], words[1:]
    return (str(number) if number else "") + "".join(words)


_NAME_RE = re.compile(r"(?:([1-3])(?:st|nd|rd)?\s*)?([A-Za-z]+(?:\s+[A-Za-z]+)*)")
_WORD_RE = re.compile(r"[A-Za-z]+")


def canonical_book(name: str) -> str | None:
    """The canonical name for a book name or abbreviation: "Ex" -> "Exodus", "1 Tim" -> "1 Timothy"."""
    m = _NAME_RE.fullmatch(name.strip().rstrip("."))
    if not m:
        return None
    words = [w.lower() for w in _WORD_RE.findall(m.group(2))]
    return _alias_key(words, int(m.group(1)) if m.group(1) else None)
