"""Scripture reference parsing: forms people write, validation errors, context inheritance, display."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from outline_export import scripture
from outline_export.scripture import (
    Reference,
    ReferenceError,
    VerseRange,
    canonical_book,
    chapter_count,
    parse_reference,
    verse_count,
)

EN = "\u2013"
EM = "\u2014"
DATA = Path(scripture.__file__).with_name("data") / "verses.json"


def ranges(text, context=None):
    return parse_reference(text, context).ranges


def V(book, c1, v1, c2=None, v2=None, p1=None, p2=None):
    """A verse range; with only (book, chapter, verse) a single verse."""
    if c2 is None:
        c2, v2, p2 = c1, v1, p1
    return VerseRange(book, c1, v1, c2, v2, p1, p2)


def C(book, c1, c2=None):
    """Whole chapters."""
    return VerseRange(book, c1, None, c1 if c2 is None else c2, None)


def error(text, context=None) -> ReferenceError:
    with pytest.raises(ReferenceError) as info:
        parse_reference(text, context)
    return info.value


@pytest.fixture
def exodus():
    return parse_reference(f"Exodus 32:7{EN}14")


# ---------------------------------------------------------------------------------------------
# data


def test_verse_counts_come_from_the_data_file():
    assert verse_count("Exodus", 32) == 35
    assert verse_count("Psalms", 119) == 176
    assert verse_count("Jude", 1) == 25
    assert chapter_count("Exodus") == 40
    assert chapter_count("Psalms") == 150
    assert chapter_count("Obadiah") == 1


def test_verse_count_accepts_abbreviations_and_rejects_unknowns():
    assert verse_count("Ex", 32) == 35
    assert chapter_count("1 Tim") == 6
    with pytest.raises(ValueError):
        verse_count("Exodus", 41)
    with pytest.raises(ValueError):
        verse_count("Exodus", 0)
    with pytest.raises(ValueError):
        chapter_count("Hezekiah")


def test_book_table_matches_the_data_file():
    books = json.loads(DATA.read_text("utf-8"))["books"]
    assert tuple(b["name"] for b in books) == scripture.BOOKS
    assert {b["name"] for b in books if len(b["chapters"]) == 1} == scripture.SINGLE_CHAPTER_BOOKS
    for b in books:
        assert canonical_book(b["name"]) == b["name"]


def test_alias_table_has_no_key_claimed_by_two_books():
    """The English names (languages/en.books.toml): no name or abbreviation read as two books."""
    import tomllib

    from outline_export.scripture_books import split_name

    data = tomllib.loads((Path(scripture.__file__).with_name("languages") / "en.books.toml").read_text("utf-8"))
    seen = {}
    for book, written in data["books"].items():
        for name in written:
            number, words = split_name(name)
            key = f"{number or ''}{''.join(words).lower()}"
            assert seen.setdefault(key, book) == book, key


def test_import_is_stdlib_only():
    code = (
        "import sys, outline_export.scripture as s; "
        "assert 'pythonbible' not in sys.modules, 'pythonbible imported'; "
        "assert s._COUNTS is None, 'verses.json loaded at import'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------------------------
# book names


ALIASES = {
    "Genesis": ["Genesis", "Gen", "Gn", "gen.", "GEN"],
    "Exodus": ["Exodus", "Ex", "Exod", "Exo", "Ex.", "exodus"],
    "Leviticus": ["Leviticus", "Lev"],
    "Numbers": ["Numbers", "Num", "Nu"],
    "Deuteronomy": ["Deuteronomy", "Deut", "Dt", "Dt."],
    "Joshua": ["Joshua", "Josh"],
    "Judges": ["Judges", "Judg"],
    "Ruth": ["Ruth"],
    "1 Samuel": ["1 Samuel", "1 Sam", "1Sam", "I Samuel", "First Samuel", "1st Samuel", "1 Sam.", "ISam"],
    "2 Samuel": ["2 Samuel", "2 Sam", "II Samuel", "Second Samuel", "2nd Sam"],
    "1 Kings": ["1 Kings", "1 Kgs", "I Kings"],
    "2 Kings": ["2 Kings", "2 Kgs", "II Kings"],
    "1 Chronicles": ["1 Chronicles", "1 Chr", "1 Chron"],
    "2 Chronicles": ["2 Chronicles", "2 Chr"],
    "Ezra": ["Ezra"],
    "Nehemiah": ["Nehemiah", "Neh"],
    "Esther": ["Esther", "Esth"],
    "Job": ["Job"],
    "Psalms": ["Psalms", "Psalm", "Ps", "Psa", "Pss", "Ps."],
    "Proverbs": ["Proverbs", "Prov", "Pr"],
    "Ecclesiastes": ["Ecclesiastes", "Eccl", "Ecc", "Qoh"],
    "Song of Songs": ["Song of Songs", "Song of Solomon", "Song", "SoS", "song of songs"],
    "Isaiah": ["Isaiah", "Isa", "Is"],
    "Jeremiah": ["Jeremiah", "Jer"],
    "Lamentations": ["Lamentations", "Lam"],
    "Ezekiel": ["Ezekiel", "Ezek", "Eze"],
    "Daniel": ["Daniel", "Dan"],
    "Hosea": ["Hosea", "Hos"],
    "Joel": ["Joel"],
    "Amos": ["Amos"],
    "Obadiah": ["Obadiah", "Obad"],
    "Jonah": ["Jonah", "Jon"],
    "Micah": ["Micah", "Mic"],
    "Nahum": ["Nahum", "Nah"],
    "Habakkuk": ["Habakkuk", "Hab"],
    "Zephaniah": ["Zephaniah", "Zeph"],
    "Haggai": ["Haggai", "Hag"],
    "Zechariah": ["Zechariah", "Zech"],
    "Malachi": ["Malachi", "Mal"],
    "Matthew": ["Matthew", "Matt", "Mt"],
    "Mark": ["Mark", "Mk", "Mrk"],
    "Luke": ["Luke", "Lk"],
    "John": ["John", "Jn", "Jhn"],
    "Acts": ["Acts"],
    "Romans": ["Romans", "Rom", "Ro"],
    "1 Corinthians": ["1 Corinthians", "1 Cor", "1Co", "I Cor", "First Corinthians"],
    "2 Corinthians": ["2 Corinthians", "2 Cor"],
    "Galatians": ["Galatians", "Gal"],
    "Ephesians": ["Ephesians", "Eph"],
    "Philippians": ["Philippians", "Phil", "Php"],
    "Colossians": ["Colossians", "Col"],
    "1 Thessalonians": ["1 Thessalonians", "1 Thess", "1 Th"],
    "2 Thessalonians": ["2 Thessalonians", "2 Thess"],
    "1 Timothy": ["1 Timothy", "1 Tim", "1Ti", "I Timothy", "1st Timothy"],
    "2 Timothy": ["2 Timothy", "2 Tim"],
    "Titus": ["Titus", "Tit"],
    "Philemon": ["Philemon", "Phlm", "Phm"],
    "Hebrews": ["Hebrews", "Heb"],
    "James": ["James", "Jas"],
    "1 Peter": ["1 Peter", "1 Pet", "1 Pt"],
    "2 Peter": ["2 Peter", "2 Pet"],
    "1 John": ["1 John", "1 Jn", "I John", "First John"],
    "2 John": ["2 John", "2 Jn"],
    "3 John": ["3 John", "III John", "Third John"],
    "Jude": ["Jude"],
    "Revelation": ["Revelation", "Rev", "Revelations"],
}
ALIAS_CASES = [(alias, book) for book, aliases in ALIASES.items() for alias in aliases]


@pytest.mark.parametrize("alias,book", ALIAS_CASES)
def test_canonical_book(alias, book):
    assert canonical_book(alias) == book


@pytest.mark.parametrize("alias,book", ALIAS_CASES)
def test_alias_in_a_reference(alias, book):
    ref = parse_reference(f"{alias} 1:1")
    assert ref.ranges == (V(book, 1, 1),)
    assert ref.display == f"{alias} 1:1"  # the book stays as written


def test_every_canonical_book_is_covered():
    assert set(ALIASES) == set(scripture.BOOKS)


@pytest.mark.parametrize("name", ["Exodos", "Hezekiah", "4 Kings", "", "I", "First", "3 Samuel"])
def test_canonical_book_unknown(name):
    assert canonical_book(name) is None


# ---------------------------------------------------------------------------------------------
# forms


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Exodus 32:32", (V("Exodus", 32, 32),)),
        ("Exodus 32:7-14", (V("Exodus", 32, 7, 32, 14),)),
        (f"Exodus 32:7{EN}14", (V("Exodus", 32, 7, 32, 14),)),
        (f"Exodus 32:7{EM}14", (V("Exodus", 32, 7, 32, 14),)),
        ("Exodus 32:7 - 14", (V("Exodus", 32, 7, 32, 14),)),
        (f"Romans 1:18 {EN} 32", (V("Romans", 1, 18, 1, 32),)),
        (f"Romans 1:18{EN}3:20", (V("Romans", 1, 18, 3, 20),)),
        ("Romans 1:18 - 3:20", (V("Romans", 1, 18, 3, 20),)),
        ("Romans 2", (C("Romans", 2),)),
        (f"Psalms 1{EN}3", (C("Psalms", 1, 3),)),
        ("Psalm 23", (C("Psalms", 23),)),
        ("Psalm 1-2:3", (V("Psalms", 1, 1, 2, 3),)),
        ("Exodus 32:12a", (V("Exodus", 32, 12, p1="a"),)),
        ("Exodus 32:12b-14", (V("Exodus", 32, 12, 32, 14, "b", None),)),
        ("Exodus 32:11-12c", (V("Exodus", 32, 11, 32, 12, None, "c"),)),
        ("Exodus 32:11-13; 34:6-7", (V("Exodus", 32, 11, 32, 13), V("Exodus", 34, 6, 34, 7))),
        ("Exodus 32:11, 14", (V("Exodus", 32, 11), V("Exodus", 32, 14))),
        ("Exodus 32:11, 14-16", (V("Exodus", 32, 11), V("Exodus", 32, 14, 32, 16))),
        ("Exodus 32:11, 33:1", (V("Exodus", 32, 11), V("Exodus", 33, 1))),
        ("Exodus 32:11; 33", (V("Exodus", 32, 11), C("Exodus", 33))),
        ("Exodus 32:30-33:3, 5", (V("Exodus", 32, 30, 33, 3), V("Exodus", 33, 5))),
        ("Psalms 1, 3", (C("Psalms", 1), C("Psalms", 3))),
        ("Psalms 1; 3", (C("Psalms", 1), C("Psalms", 3))),
        ("Genesis 22:17; Exodus 2:24", (V("Genesis", 22, 17), V("Exodus", 2, 24))),
        ("Gen 22:17, Ex 2:24", (V("Genesis", 22, 17), V("Exodus", 2, 24))),
        ("Psalms 1; 2 Kings 3", (C("Psalms", 1), C("2 Kings", 3))),
        ("Jude 3", (V("Jude", 1, 3),)),
        ("Jude 3-5", (V("Jude", 1, 3, 1, 5),)),
        ("Jude 1:3", (V("Jude", 1, 3),)),
        ("Jude 3, 5; 7", (V("Jude", 1, 3), V("Jude", 1, 5), V("Jude", 1, 7))),
        ("Philemon 4", (V("Philemon", 1, 4),)),
        ("Obadiah 21", (V("Obadiah", 1, 21),)),
        ("2 John 12", (V("2 John", 1, 12),)),
        ("3 John 4", (V("3 John", 1, 4),)),
        ("Jude", (C("Jude", 1),)),
        ("Ruth", (C("Ruth", 1, 4),)),
        ("Exodus 32 v 11", (V("Exodus", 32, 11),)),
        ("Exodus 32 vv 11-14", (V("Exodus", 32, 11, 32, 14),)),
        ("Exodus 32 v. 11", (V("Exodus", 32, 11),)),
        ("John 3.16", (V("John", 3, 16),)),
        ("Ex.32:1", (V("Exodus", 32, 1),)),
        ("Exodus 32:1; 2 v 3", (V("Exodus", 32, 1), V("Exodus", 2, 3))),
        ("  Exodus\n32:11 -\t13  ", (V("Exodus", 32, 11, 32, 13),)),
        ("Exodus 32:11-11", (V("Exodus", 32, 11, 32, 11),)),
    ],
)
def test_forms(text, expected):
    assert ranges(text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [  # what pythonbible gets wrong
        (f"Romans 1:18{EN}32", (V("Romans", 1, 18, 1, 32),)),
        ("Dt 6:4", (V("Deuteronomy", 6, 4),)),
        ("Mt 5:3", (V("Matthew", 5, 3),)),
        ("1 Timothy 2:5", (V("1 Timothy", 2, 5),)),
        ("Exodus 32:11-13; 34:6-7", (V("Exodus", 32, 11, 32, 13), V("Exodus", 34, 6, 34, 7))),
    ],
)
def test_pythonbible_gaps(text, expected):
    assert ranges(text) == expected


def test_reference_book_and_chapters():
    ref = parse_reference("Ex 32:30-33:3; 34:6; Rom 9:3")
    assert ref.book == "Exodus"
    assert ref.chapters == (("Exodus", 32), ("Exodus", 33), ("Exodus", 34), ("Romans", 9))


# ---------------------------------------------------------------------------------------------
# display and canonical


@pytest.mark.parametrize(
    "text,display",
    [
        ("Romans 1:18 - 32", f"Romans 1:18{EN}32"),
        (f"Romans 1:18 {EN} 32", f"Romans 1:18{EN}32"),
        (f"Romans 1:18{EM}32", f"Romans 1:18{EN}32"),
        ("Ex 32:11-13; 34:6-7", f"Ex 32:11{EN}13; 34:6{EN}7"),
        ("  Exodus   32:11,\n 14 ", "Exodus 32:11, 14"),
        ("1Sam 3:1", "1Sam 3:1"),
        ("Exodus 32 vv 11-14", f"Exodus 32 vv 11{EN}14"),
        ("Psalms 1 \u2212 3", f"Psalms 1{EN}3"),
    ],
)
def test_display(text, display):
    ref = parse_reference(text)
    assert ref.display == display
    assert ref.text == text.strip()
    assert ref.inherited is False


@pytest.mark.parametrize(
    "text,canonical",
    [
        ("Ex 32:11-13; 34:6-7", f"Exodus 32:11{EN}13; 34:6{EN}7"),
        ("Exodus 32:11, 14", "Exodus 32:11, 14"),
        ("Exodus 32:11, 33:1", "Exodus 32:11; 33:1"),
        ("Rom 1:18 - 3:20", f"Romans 1:18{EN}3:20"),
        ("Pss 1-3", f"Psalms 1{EN}3"),
        ("Ps 1, 3", "Psalms 1, 3"),
        ("Jude 1:3-5", f"Jude 3{EN}5"),
        ("Ruth", "Ruth"),
        ("I Sam 3:1; Mt 5:3a", "1 Samuel 3:1; Matthew 5:3a"),
        ("Exodus 32 v 11", "Exodus 32:11"),
        ("John 3.16", "John 3:16"),
    ],
)
def test_canonical(text, canonical):
    ref = parse_reference(text)
    assert ref.canonical == canonical
    assert parse_reference(canonical).ranges == ref.ranges  # canonical form reads back the same


# ---------------------------------------------------------------------------------------------
# context


def test_bookless_chapter_verse_inherits_the_book(exodus):
    ref = parse_reference("32:11-13", exodus)
    assert ref.ranges == (V("Exodus", 32, 11, 32, 13),)
    assert ref.display == f"32:11{EN}13"
    assert ref.canonical == f"Exodus 32:11{EN}13"
    assert ref.inherited is True


def test_bookless_other_chapter_of_the_same_book(exodus):
    assert ranges("34:6-7", exodus) == (V("Exodus", 34, 6, 34, 7),)


@pytest.mark.parametrize(
    "text,expected,display",
    [
        ("11", (V("Exodus", 32, 11),), "11"),
        ("7–10", (V("Exodus", 32, 7, 32, 10),), f"7{EN}10"),
        ("7 - 10", (V("Exodus", 32, 7, 32, 10),), f"7{EN}10"),
        ("12a", (V("Exodus", 32, 12, p1="a"),), "12a"),
        ("v 30", (V("Exodus", 32, 30),), "v 30"),
        ("v. 30", (V("Exodus", 32, 30),), "v. 30"),
        ("vv 11-13", (V("Exodus", 32, 11, 32, 13),), f"vv 11{EN}13"),
        ("vv. 11-13", (V("Exodus", 32, 11, 32, 13),), f"vv. 11{EN}13"),
        ("verse 30", (V("Exodus", 32, 30),), "verse 30"),
        ("11, 14", (V("Exodus", 32, 11), V("Exodus", 32, 14)), "11, 14"),
        ("11; 14", (V("Exodus", 32, 11), V("Exodus", 32, 14)), "11; 14"),
        ("30-33:3", (V("Exodus", 32, 30, 33, 3),), f"30{EN}33:3"),
        ("32:11; 14", (V("Exodus", 32, 11), C("Exodus", 14)), "32:11; 14"),
    ],
)
def test_bare_verses_take_the_context_chapter(exodus, text, expected, display):
    ref = parse_reference(text, exodus)
    assert ref.ranges == expected
    assert ref.display == display
    assert ref.inherited is True


def test_context_whole_chapter():
    assert ranges("11", parse_reference("Exodus 32")) == (V("Exodus", 32, 11),)


def test_context_single_chapter_book():
    assert ranges("4", parse_reference("Philemon 1-7")) == (V("Philemon", 1, 4),)


def test_context_from_a_bookless_reference(exodus):
    section = parse_reference("32:30-35", exodus)
    assert ranges("31", section) == (V("Exodus", 32, 31),)


def test_context_uses_its_first_range():
    ctx = parse_reference("Exodus 32:30-35; Romans 9:3")
    assert ranges("31", ctx) == (V("Exodus", 32, 31),)


def test_reference_with_a_book_ignores_context(exodus):
    assert ranges("Romans 9:3", exodus) == (V("Romans", 9, 3),)


def test_context_spanning_chapters_still_allows_chapter_verse():
    ctx = parse_reference("Romans 1:18-3:20")
    assert ranges("2:1", ctx) == (V("Romans", 2, 1),)


def test_bare_verse_after_a_book_list_part(exodus):
    # after 'Ex 32:1;' a bare number is a chapter, after ',' a verse
    assert ranges("Ex 32:1; 33", exodus) == (V("Exodus", 32, 1), C("Exodus", 33))
    assert ranges("Ex 32:1, 33", exodus) == (V("Exodus", 32, 1), V("Exodus", 32, 33))


# ---------------------------------------------------------------------------------------------
# errors


@pytest.mark.parametrize(
    "text,message,offset",
    [
        ("Exodos 32:1", "unknown book 'Exodos' in 'Exodos 32:1'; did you mean 'Exodus'?", 0),
        ("1 Timoty 2:5", "unknown book '1 Timoty' in '1 Timoty 2:5'; did you mean '1 Timothy'?", 0),
        ("Frist Samuel 3", "unknown book 'Frist Samuel' in 'Frist Samuel 3'; did you mean '1 Samuel'?", 0),
        (
            "Genesis 1:1; Exodos 2",
            "unknown book 'Exodos' in 'Genesis 1:1; Exodos 2'; did you mean 'Exodus'?",
            13,
        ),
        (
            "Xyzzy 3:1",
            "unknown book 'Xyzzy' in 'Xyzzy 3:1'; write a book of the Bible such as 'Exodus' or 'Ex'",
            0,
        ),
        ("Exodus 32:36", "Exodus 32 has 35 verses, so verse 36 does not exist", 10),
        ("Exodus 32:40", "Exodus 32 has 35 verses, so verse 40 does not exist", 10),
        ("Exodus 32:0", "Exodus 32 has 35 verses, so verse 0 does not exist", 10),
        ("Exodus 32:7-40", "Exodus 32 has 35 verses, so verse 40 does not exist", 12),
        ("Exodus 32:7 - 40", "Exodus 32 has 35 verses, so verse 40 does not exist", 14),
        ("Exodus 32:11, 36", "Exodus 32 has 35 verses, so verse 36 does not exist", 14),
        ("Exodus 32:30-33:40", "Exodus 33 has 23 verses, so verse 40 does not exist", 16),
        ("Exodus 41", "Exodus has 40 chapters, so chapter 41 does not exist", 7),
        ("Exodus 41:1", "Exodus has 40 chapters, so chapter 41 does not exist", 7),
        ("Exodus 0", "Exodus has 40 chapters, so chapter 0 does not exist", 7),
        ("Exodus 39-41", "Exodus has 40 chapters, so chapter 41 does not exist", 10),
        ("Exodus 32:1; 44:2", "Exodus has 40 chapters, so chapter 44 does not exist", 13),
        ("Psalm 151", "Psalms has 150 chapters, so chapter 151 does not exist", 6),
        ("Jude 30", "Jude has 25 verses, so verse 30 does not exist", 5),
        ("Jude 2:1", "Jude has only 1 chapter, so chapter 2 does not exist", 5),
        ("Exodus 32:14-11", f"reference range ends before it starts (Exodus 32:14{EN}11)", 7),
        (f"Ex 32:14 {EN} 11", f"reference range ends before it starts (Exodus 32:14{EN}11)", 3),
        ("Romans 3:1-1:5", f"reference range ends before it starts (Romans 3:1{EN}1:5)", 7),
        ("Psalms 3-1", f"reference range ends before it starts (Psalms 3{EN}1)", 7),
        ("Jude 5-3", f"reference range ends before it starts (Jude 5{EN}3)", 5),
        ("Exodus 32:12b-12a", f"reference range ends before it starts (Exodus 32:12b{EN}12a)", 7),
    ],
)
def test_errors(text, message, offset):
    e = error(text)
    assert (e.message, e.offset) == (message, offset)
    assert str(e) == message


def unreadable(text):
    return f"cannot read '{text}' as a scripture reference (write it like 'Exodus 32:11{EN}14')"


@pytest.mark.parametrize(
    "text,offset",
    [
        ("Exodus 32::1", 9),
        ("Exodus 32:", 9),
        ("Exodus 32:11;", 12),
        ("Exodus 32:11,", 12),
        ("Exodus 32:11 14", 13),
        ("Exodus 32:11–Leviticus 1:1", 13),
        ("Exodus 32:11; ; 14", 14),
        ("Exodus 32:11 NB", 13),  # not a translation we know, and a book (Numbers) in the wrong place
        ("Romans 1:16 vv", 12),
    ],
)
def test_unreadable(text, offset):
    e = error(text)
    assert (e.message, e.offset) == (unreadable(text), offset)


def test_empty():
    for text in ("", "   "):
        e = error(text)
        assert e.message == f"the scripture reference is empty; write it like 'Exodus 32:11{EN}14'"
        assert e.offset == 0


@pytest.mark.parametrize(
    "text,message",
    [
        ("32:11", "'32:11' does not name a book; write the book too, e.g. 'Exodus 32:11'"),
        ("32:11-13", f"'32:11{EN}13' does not name a book; write the book too, e.g. 'Exodus 32:11{EN}13'"),
        ("11", "'11' does not name a book or chapter; write them too, e.g. 'Exodus 32:11'"),
        ("7 - 10", f"'7{EN}10' does not name a book or chapter; write them too, e.g. 'Exodus 32:7{EN}10'"),
        ("v 30", "'v 30' does not name a book or chapter; write them too, e.g. 'Exodus 32:30'"),
        ("Ver 1:1", "'Ver 1:1' does not name a book; write the book too, e.g. 'Exodus 1:1'"),
    ],
)
def test_bookless_without_context(text, message):
    e = error(text)
    assert (e.message, e.offset) == (message, 0)


def test_bare_verse_with_a_context_spanning_chapters():
    ctx = parse_reference("Psalms 1–3")
    e = error("11", ctx)
    assert e.message == (
        f"'11' is a bare verse number, but Psalms 1{EN}3 spans several chapters; "
        "write chapter and verse, like '1:11'"
    )
    assert e.offset == 0
    e = error("vv 11-12", parse_reference("Romans 1:18-3:20"))
    assert e.message == (
        f"'11' is a bare verse number, but Romans 1:18{EN}3:20 spans several chapters; "
        "write chapter and verse, like '1:11'"
    )
    assert e.offset == 3


@pytest.mark.parametrize(
    "text,message,offset",
    [
        ("36", "Exodus 32 has 35 verses, so verse 36 does not exist", 0),
        ("v 36", "Exodus 32 has 35 verses, so verse 36 does not exist", 2),
        ("32:36", "Exodus 32 has 35 verses, so verse 36 does not exist", 3),
        ("41:1", "Exodus has 40 chapters, so chapter 41 does not exist", 0),
        ("14-11", f"reference range ends before it starts (Exodus 32:14{EN}11)", 0),
    ],
)
def test_errors_in_inherited_references(exodus, text, message, offset):
    e = error(text, exodus)
    assert (e.message, e.offset) == (message, offset)


def test_offset_indexes_the_stripped_text():
    e = error("  Exodus 32:36  ")
    assert e.offset == 10


def test_verse_part_on_a_whole_chapter():
    e = error("Psalms 1-3a")
    assert (e.message, e.offset) == (
        "'3a' is a chapter, and only a verse has parts like 'a'; write chapter and verse, like '3:1a', or just '3'", 10
    )
    e = error("Exodus 32a")
    assert (e.message, e.offset) == (
        "'32a' is a chapter, and only a verse has parts like 'a'; write chapter and verse, like '32:1a', or just '32'", 9
    )


def test_reference_is_hashable_and_frozen():
    ref = parse_reference("Exodus 32:32")
    assert isinstance(ref, Reference)
    assert hash(ref) == hash(parse_reference("Exodus 32:32"))
    with pytest.raises(AttributeError):
        ref.text = "x"  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# what people really write: accepted, or explained with what to type instead

ROM1 = "Romans 1:1-17"


@pytest.mark.parametrize(
    "text,expected,canonical",
    [  # 'f' = and the next verse (chapter); 'ff' = to the end of the chapter (book); shown as written
        ("Romans 1:16ff", (V("Romans", 1, 16, 1, 32),), f"Romans 1:16{EN}32"),
        ("Romans 1:16f", (V("Romans", 1, 16, 1, 17),), f"Romans 1:16{EN}17"),
        ("Rom 1:16 f", (V("Romans", 1, 16, 1, 17),), f"Romans 1:16{EN}17"),
        ("Rom 1:16 ff.", (V("Romans", 1, 16, 1, 32),), f"Romans 1:16{EN}32"),
        ("Rom 1:16FF", (V("Romans", 1, 16, 1, 32),), f"Romans 1:16{EN}32"),
        ("Romans 1:32f", (V("Romans", 1, 32),), "Romans 1:32"),  # nothing follows in the chapter
        ("Romans 1:16bff", None, None),
        ("Psalm 119:105ff", (V("Psalms", 119, 105, 119, 176),), f"Psalms 119:105{EN}176"),
        ("Romans 2f", (C("Romans", 2, 3),), f"Romans 2{EN}3"),
        ("Romans 15ff", (C("Romans", 15, 16),), f"Romans 15{EN}16"),
        ("Jude 20ff", (V("Jude", 1, 20, 1, 25),), f"Jude 20{EN}25"),
        ("Romans 1:16ff; 3:21", (V("Romans", 1, 16, 1, 32), V("Romans", 3, 21)), f"Romans 1:16{EN}32; 3:21"),
        ("Romans 1:3, 16f", (V("Romans", 1, 3), V("Romans", 1, 16, 1, 17)), f"Romans 1:3, 16{EN}17"),
        ("Psalms 23", (C("Psalms", 23),), "Psalms 23"),
        ("Ps 23", (C("Psalms", 23),), "Psalms 23"),
        ("1 Cor 13", (C("1 Corinthians", 13),), "1 Corinthians 13"),
        ("1Cor 13:4", (V("1 Corinthians", 13, 4),), "1 Corinthians 13:4"),
        ("I Corinthians 13", (C("1 Corinthians", 13),), "1 Corinthians 13"),
        ("Song of Songs 2:4", (V("Song of Songs", 2, 4),), "Song of Songs 2:4"),
        ("Song of Solomon 2:4", (V("Song of Songs", 2, 4),), "Song of Songs 2:4"),
    ],
)
def test_forms_people_write(text, expected, canonical):
    if expected is None:
        error(text)
        return
    ref = parse_reference(text)
    assert ref.ranges == expected
    assert ref.display == " ".join(text.split())  # printed as written
    assert ref.canonical == canonical


@pytest.mark.parametrize(
    "text,expected,display",
    [
        ("16ff", (V("Romans", 1, 16, 1, 32),), "16ff"),
        ("v. 16", (V("Romans", 1, 16),), "v. 16"),
        ("vv. 16-17", (V("Romans", 1, 16, 1, 17),), f"vv. 16{EN}17"),
        ("vv 16f", (V("Romans", 1, 16, 1, 17),), "vv 16f"),
    ],
)
def test_forms_people_write_under_a_passage(text, expected, display):
    ref = parse_reference(text, parse_reference(ROM1))
    assert (ref.ranges, ref.display) == (expected, display)


def translation_message(word, fixed, installed=False):
    name = word.upper()
    tail = (" (on a quotation or key_verse)" if installed else
            f" (on a quotation or key_verse; {name} is not installed, so type the verse text yourself; installed: WEB, KJV)")
    return (f"'{word}' is a translation, not part of the reference; write '{fixed}' and put "
            f"'translation: {name}' beside 'ref:'{tail}")


@pytest.mark.parametrize(
    "text,word,fixed,offset,installed",
    [
        ("Psalm 23:1-6 NIV", "NIV", f"Psalm 23:1{EN}6", 13, False),
        ("John 3:16 (ESV)", "ESV", "John 3:16", 11, False),
        ("John 3:16 [ESV]", "ESV", "John 3:16", 11, False),
        ("John 3:16, KJV", "KJV", "John 3:16", 11, True),
        ("John 3:16 - NKJV", "NKJV", "John 3:16", 12, False),
        ("John 3:16NASB", "NASB", "John 3:16", 9, False),
        ("John 3:16 web", "web", "John 3:16", 10, True),
        ("Psalm 23 NIV", "NIV", "Psalm 23", 9, False),
        ("Jude NLT", "NLT", "Jude", 5, False),
        ("NIV Psalm 23", "NIV", "Psalm 23", 0, False),
        ("(ESV) John 3:16", "ESV", "John 3:16", 1, False),
        ("John 3:16 ESV; Romans 5:8", "ESV", "John 3:16; Romans 5:8", 10, False),
        ("Exodus 32:11 NIV", "NIV", "Exodus 32:11", 13, False),
    ],
)
def test_a_translation_in_a_reference_points_to_the_translation_key(text, word, fixed, offset, installed):
    e = error(text)
    assert (e.message, e.offset) == (translation_message(word, fixed, installed), offset)


@pytest.mark.parametrize(
    "text,message,offset",
    [
        ("Ch. Romans 2", "'Ch.' is not part of a reference; write 'Romans 2'", 0),
        ("Romans ch. 2", "'ch.' is not part of a reference; write 'Romans 2'", 7),
        ("Exodus chapter 32", "'chapter' is not part of a reference; write 'Exodus 32'", 7),
        ("St John 3:16", "'St' is not part of a reference; write 'John 3:16'", 0),
        ("St. John 3:16", "'St.' is not part of a reference; write 'John 3:16'", 0),
        ("Book of Romans 2", "'Book of' is not part of a reference; write 'Romans 2'", 0),
        ("Genesis 1:1; Gospel of John 3:16", "'Gospel of' is not part of a reference; write 'Genesis 1:1; John 3:16'", 13),
        ("Ch. Romans 20", "'Ch.' is not part of a reference; remove it", 0),
        ("Exodus 32:11abc", "'abc' is not part of a reference; write 'Exodus 32:11'", 12),
        ("Romans 1:16 and 17", "write a comma instead of 'and': 'Romans 1:16, 17'", 12),
        ("Romans 1:16 & 17", "write a comma instead of '&': 'Romans 1:16, 17'", 12),
        ("Romans 1:16 to 18", f"write a dash instead of 'to': 'Romans 1:16{EN}18'", 12),
        ("Romans 1:16 through 2:3", f"write a dash instead of 'through': 'Romans 1:16{EN}2:3'", 12),
        ("(Exodus 32:11)", "write the reference without brackets (the documents add them): 'Exodus 32:11'", 0),
        ("[Ex 32:11 - 14]", f"write the reference without brackets (the documents add them): 'Ex 32:11{EN}14'", 0),
        ("Romans 1:16-18ff", f"'ff' is not part of a reference; write 'Romans 1:16{EN}18'", 14),
        (
            "Exodus 32:11-",
            f"'Exodus 32:11{EN}' has a dash but no end; write where the range ends, like 'Exodus 32:11{EN}12' "
            "(or 'Exodus 32:11ff' for the rest of the chapter)",
            12,
        ),
        (
            "Romans 1:16 -, 18",
            f"'Romans 1:16{EN}' has a dash but no end; write where the range ends, like 'Romans 1:16{EN}17' "
            "(or 'Romans 1:16ff' for the rest of the chapter)",
            12,
        ),
        ("Jude 25-", f"'Jude 25{EN}' has a dash but no end; write where the range ends, like 'Jude 25'", 7),
        ("Psalms 23-", f"'Psalms 23{EN}' has a dash but no end; write where the range ends, like 'Psalms 23{EN}24'", 9),
    ],
)
def test_words_that_are_not_part_of_a_reference(text, message, offset):
    e = error(text)
    assert (e.message, e.offset) == (message, offset)


def test_an_open_range_under_a_passage():
    e = error("1:16-", parse_reference(ROM1))
    assert (e.message, e.offset) == (
        f"'1:16{EN}' has a dash but no end; write where the range ends, like '1:16{EN}17' "
        "(or '1:16ff' for the rest of the chapter)",
        4,
    )
    e = error("1:16-")  # no passage: the book is the first thing missing, and the example reads
    assert e.message == "'1:16–' does not name a book; write the book too, e.g. 'Exodus 1:16'"


@pytest.mark.parametrize(
    "text,message",
    [
        ("Corinthians 13", "unknown book 'Corinthians' in 'Corinthians 13'; write which one: '1 Corinthians' or '2 Corinthians'"),
        ("Cor 13", "unknown book 'Cor' in 'Cor 13'; write which one: '1 Corinthians' or '2 Corinthians'"),
        ("Kings 3", "unknown book 'Kings' in 'Kings 3'; write which one: '1 Kings' or '2 Kings'"),
        ("3 Samuel 1", "unknown book '3 Samuel' in '3 Samuel 1'; there is no 3 Samuel: write '1 Samuel' or '2 Samuel'"),
        ("Third Peter 1", "unknown book 'Third Peter' in 'Third Peter 1'; there is no 3 Peter: write '1 Peter' or '2 Peter'"),
        ("First Corinthian 13", "unknown book 'First Corinthian' in 'First Corinthian 13'; did you mean '1 Corinthians'?"),
        ("Songs 2", "unknown book 'Songs' in 'Songs 2'; did you mean 'Song of Songs'?"),
        ("Pslams 23", "unknown book 'Pslams' in 'Pslams 23'; did you mean 'Psalms'?"),
        ("Mathew 5:3", "unknown book 'Mathew' in 'Mathew 5:3'; did you mean 'Matthew'?"),
        ("Phillipians 4:13", "unknown book 'Phillipians' in 'Phillipians 4:13'; did you mean 'Philippians'?"),
        ("Ch 2", "unknown book 'Ch' in 'Ch 2'; write a book of the Bible such as 'Exodus' or 'Ex'"),
        ("Chapter 2", "unknown book 'Chapter' in 'Chapter 2'; write a book of the Bible such as 'Exodus' or 'Ex'"),
        ("Hezekiah 3", "unknown book 'Hezekiah' in 'Hezekiah 3'; write a book of the Bible such as 'Exodus' or 'Ex'"),
        ("Jhon 3:16", "unknown book 'Jhon' in 'Jhon 3:16'; did you mean 'John'?"),  # not 'Jonah' (from 'Jon')
        ("Judas 1", "unknown book 'Judas' in 'Judas 1'; that is Jude in the language 'de': write 'Jude', or write 'language: de' at the top of an outline written in that language"),  # not 'Jas'
    ],
)
def test_book_hints_fit(text, message):
    e = error(text)
    assert (e.message, e.offset) == (message, 0)


def test_a_hint_is_a_book_spelled_close_to_what_was_typed():
    import difflib

    typed = ["Ch", "Chs", "Chap", "Chapter", "Ver", "Psa", "Isaac", "Gospel", "Epistle", "Lk.", "Jo", "Jos.",
             "Ex", "Exd", "Exodos", "Levit", "Numb", "Deu", "Jdg", "Rth", "Sam", "Kgs", "Chron", "Esra", "Nehemia",
             "Ester", "Jobe", "Pslm", "Proverb", "Eclesiastes", "Songs", "Isiah", "Jeremy", "Lamentation", "Ezekial",
             "Hosia", "Obadaiah", "Micha", "Habakuk", "Zephania", "Hagai", "Zachariah", "Malachai", "Mathew", "Marc",
             "Luk", "Jhon", "Act", "Roman", "Galations", "Ephesian", "Collosians", "Hebrew", "Jame", "Judas", "Revelations",
             "Saint", "Note", "See", "Cf", "Compare", "Also", "Read", "Text"]
    for word in typed:
        try:
            parse_reference(f"{word} 1:1")
        except ReferenceError as e:
            hint = e.message.partition("did you mean '")[2].rstrip("'?")
            if hint:
                a = word.lower().rstrip(".")
                b = hint.lower().replace(" ", "")
                assert a[0] == b[0], (word, hint)
                assert difflib.SequenceMatcher(None, a, b).ratio() >= 0.5, (word, hint)


def test_hints_are_explained_through_validate(tmp_path):
    from click.testing import CliRunner

    from outline_export.cli import main

    outline = tmp_path / "ps23.yaml"
    outline.write_text(
        "title: The Lord Is My Shepherd\n"
        "passage: Psalm 23:1-6 NIV\n"
        "sections:\n"
        "  - heading: One\n"
        "    ref: Ch. Romans 2\n"
        "    points:\n"
        "      - quote:\n"
        "        ref: John 3:16 (ESV)\n"
        "      - text: Not ashamed\n"
        "        ref: Romans 1:16ff\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["validate", str(outline)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == [
        # the passage names verses only: the advice is to delete the translation (hyphen as typed)
        f"{outline}:2:23: 'NIV' is a translation, not part of the reference; write passage: Psalm 23:1-6 (the "
        "passage names verses only; to print a translation's words, add a quotation: '- quote:' with 'ref:' and "
        "'translation: NIV')",
        f"{outline}:5:10: 'Ch.' is not part of a reference; write 'Romans 2'",
        f"{outline}:8:25: " + translation_message("ESV", "John 3:16"),
    ]
    assert len(lines) == 4  # and the summary: Romans 1:16ff is accepted
