"""Better messages for references the parser cannot read: what was meant, and what to type instead.

``scripture.parse_reference`` asks ``explain`` when it meets text it cannot read, and the parser
asks ``unknown_book`` when a name is not a book. They recognise what people really add to a
reference and say how to write it:

- a translation, ``Psalm 23:1-6 NIV`` or ``John 3:16 (ESV)``: it belongs in ``translation:``;
- a word that is not part of a reference, ``Ch. Romans 2``, ``Romans ch. 2``, ``St John 3:16``:
  the reference without it, when that reads;
- ``and``/``&`` between verses (a comma) and ``to``/``through`` (a dash);
- a whole reference in brackets (the documents add brackets themselves);
- a numbered book without its number (``Corinthians 13``) or with one it does not have
  (``3 Samuel``);
- a misspelt book: a hint only when a book's spelling is close to what was typed, among the names
  of the outline's language and English's; a book named in another language: which one it is;
- a range with no end (``Romans 1:16-``) and a verse part on a chapter (``Exodus 32a``): the
  parser's errors, phrased here with an example that reads.

Only the standard library is imported here; this module is loaded only when a reference is wrong.
"""

from __future__ import annotations

import difflib
import re

from outline_export import scripture
from outline_export.scripture_books import ENGLISH, _NAME_RE, _WORD_RE, fold, names, reading_order

# Abbreviations of English translations people write after a reference (upper case).
TRANSLATIONS = frozenset(
    """AKJV AMP AMPC ASV AV BBE BSB CEB CEV CJB CSB DBY DRA DRB ERV ESV ESVUK GNB GNT GW HCSB ICB ISV
    JB KJ21 KJV LEB LSB MEV MSG NABRE NASB NASB95 NCV NEB NET NIRV NIV NIV84 NIVUK NJB NKJV NLT
    NLV NRSV NRSVA NRSVUE NRSVCE RSV RSVCE REB RV TLB TNIV TPT WEB WYC YLT""".split()
)

_DASHES = scripture._DASHES
_WORD_AT = re.compile(r"([(\[]\s*)?([^\W\d_][^\W_]*|&)(\.)?(\s*[)\]])?")


def _installed() -> tuple[str, ...]:
    from outline_export.bibletext import NAMES  # lazily: bibletext imports this package's model

    return tuple(NAMES)


def _reads(text: str, context, code: str = ENGLISH) -> str | None:
    """``text`` as printed when it is a valid reference, else None."""
    try:
        return scripture.parse_reference(text, context, code).display
    except scripture.ReferenceError:
        return None


def _join(before: str, after: str, glue: str = " ") -> str:
    before, after = before.rstrip(), after.lstrip()
    if not after:
        return before.rstrip(" ,;(" + _DASHES)
    if not before:
        return after.lstrip(" ,;)" + _DASHES)
    if after[0] in ",;" + _DASHES and glue == " ":
        return before + after
    return before + glue + after


def translation_error(s: str, word: str, at: int, fixed: str | None) -> scripture.ReferenceError:
    name = word.upper()
    installed = _installed()
    write = f"write '{fixed}' and put" if fixed else "put"
    message = f"'{word}' is a translation, not part of the reference; {write} 'translation: {name}' beside 'ref:'"
    if name in installed:
        message += " (on a quotation or key_verse)"
    else:
        message += (f" (on a quotation or key_verse; {name} is not installed, so type the verse text yourself; "
                    f"installed: {', '.join(installed)})")
    return scripture.ReferenceError(message, at, translation=(name, fixed))  # the loader rewords it off a quotation


def explain(s: str, at: int, context, code: str = ENGLISH) -> scripture.ReferenceError | None:
    """A better error for text the parser could not read at ``at``, or None."""
    if at == 0 and s[:1] in "([" and s[-1:] in ")]":
        inner = _reads(s[1:-1].strip(), context, code)
        if inner:
            return scripture.ReferenceError(
                f"write the reference without brackets (the documents add them): '{inner}'", 0
            )
    m = _WORD_AT.match(s, at)
    if not m:
        return None
    word = m.group(2)
    before, after = s[:m.start()], s[m.end():]
    if word.upper() in TRANSLATIONS:
        return translation_error(s, word, m.start(2), _reads(_join(before, after), context, code))
    lower = fold(word)
    as_comma = any(lower in names(c).and_words for c in reading_order(code))
    if as_comma or any(lower in names(c).to_words for c in reading_order(code)):
        glue = ", " if as_comma else scripture.EN_DASH
        fixed = _reads(_join(before, after, glue), context, code)
        if fixed:
            what = "a comma" if as_comma else "a dash"
            return scripture.ReferenceError(f"write {what} instead of '{word}': '{fixed}'", m.start(2))
        return None
    if scripture.canonical_book(word, code) or lower in scripture._VERSE_MARKERS:
        return None  # a book or 'v' in the wrong place: the parser's message stands
    fixed = _reads(_join(before, after), context, code)
    if fixed:
        removed = s[m.start():m.end()].strip()
        return scripture.ReferenceError(f"'{removed}' is not part of a reference; write '{fixed}'", m.start())
    return None


def part_on_chapter(s: str, p) -> scripture.ReferenceError:
    """A verse part on a chapter number: 'Exodus 32a'."""
    written = s[p.at:p.end]
    return scripture.ReferenceError(
        f"'{written}' is a chapter, and only a verse has parts like '{p.part}'; "
        f"write chapter and verse, like '{p.a}:1{p.part}', or just '{p.a}'",
        p.end - 1,
    )


def open_range(parser, p, d) -> scripture.ReferenceError:
    """A range with a dash and no end, 'Romans 1:16-': the error at the dash, with a range that reads."""
    counts = [parser.verses_in(c) for c in range(1, parser.chapters_in() + 1)]
    dash = d.start() + len(d.group()) - len(d.group().lstrip())
    head = scripture._display(parser.s[:p.end])
    en = scripture.EN_DASH
    more = ""
    if p.b is not None or parser.mode == "verse":
        chapter = p.a if p.b is not None else parser.chapter
        verse = p.b if p.b is not None else p.a
        example = f"{head}{en}{verse + 1}" if verse < counts[chapter - 1] else head
        if verse < counts[chapter - 1]:
            more = f" (or '{head}ff' for the rest of the chapter)"
    else:
        example = f"{head}{en}{p.a + 1}" if p.a < len(counts) else head
    return scripture.ReferenceError(
        f"'{head}{en}' has a dash but no end; write where the range ends, like '{example}'{more}", dash
    )


def _book_at(s: str, p: int, code: str = ENGLISH) -> bool:
    """Whether a book name (not a two-letter abbreviation, which could be an English word) starts at p."""
    m = _NAME_RE.match(s, p)
    if not m:
        return False
    number = int(m.group(1)) if m.group(1) else None
    lower = [w.group().casefold() for w in _WORD_RE.finditer(s, m.start(2), m.end(2))]
    for k in range(len(lower), 0, -1):
        long = len("".join(lower[:k])) >= 3 or not lower[0].isascii()
        if long and any(names(c).book(lower[:k], number) for c in reading_order(code)):
            return True
    return False


def unknown_book(s: str, i: int, end: int, number: int | None, lower: list[str], context,
                 code: str = ENGLISH) -> scripture.ReferenceError:
    """The error for a name at ``i`` (``s[i:end]``, words ``lower``) that is not a book."""
    written = s[i:end]
    first = _WORD_AT.match(s, i + (len(str(number)) if number else 0))
    first_word = lower[0]
    if number is None and first_word.upper() in TRANSLATIONS and first:
        fixed = _reads(_join(s[:i], s[first.end():]), context, code)
        return translation_error(s, s[first.start(2):first.end(2)], first.start(2), fixed)
    # words before a real book name: "Ch. Romans 2", "St John 3:16", "Book of Romans 2"
    for w in re.finditer(r"(?<![^\W_])(?:[1-5]\s*)?[^\W\d_]", s[i:]):
        p = i + w.start()
        if p == i:
            continue
        if re.search(r"[^\w.\s]|\d", s[i:p]):
            break
        if _book_at(s, p, code):
            extra = s[i:p].strip()
            fixed = _reads(_join(s[:i], s[p:]), context, code)
            tail = f"write '{fixed}'" if fixed else "remove it"
            return scripture.ReferenceError(f"'{extra}' is not part of a reference; {tail}", i)
    unknown = f"unknown book '{written}' in '{s}'"
    for c in reading_order(code):  # "Corinthians 13", "3 Samuel", "Corintios 13"
        table = names(c)
        key = fold(table.key(lower, number))
        numbered = key[:1].isdigit()
        bare = key[1:] if numbered else key
        books = table.bases.get(bare) if len(bare) >= 3 else None
        if books:
            choices = " or ".join(f"'{table.name(b)}'" for _, b in sorted(books.items()))
            if not numbered:
                return scripture.ReferenceError(f"{unknown}; write which one: {choices}", i)
            base = table.name(next(iter(books.values()))).split(None, 1)[-1]
            return scripture.ReferenceError(f"{unknown}; there is no {key[0]} {base}: write {choices}", i)
    for c in reading_order(code):
        hint = _close_book(fold(names(c).key(lower, number)), c)
        if hint:
            return scripture.ReferenceError(f"{unknown}; did you mean '{hint}'?", i)
    elsewhere = _other_language(lower, number, code)
    if elsewhere:
        return scripture.ReferenceError(f"{unknown}; {elsewhere}", i)
    example = names(code).name("Exodus")
    tail = f"write a book of the Bible such as '{example}' or '{_short(code, 'Exodus')}'"
    return scripture.ReferenceError(f"{unknown}; {tail}", i)


def _short(code: str, book: str) -> str:
    """The language's shortest abbreviation of a book, for examples."""
    table = names(code)
    keys = [k for k, b in table.exact.items() if b == book]
    written = min(keys, key=len) if keys else book
    return written[:1].upper() + written[1:]


def _other_language(lower: list[str], number: int | None, code: str) -> str | None:
    """'Lucas' in an English outline: the book it names in another language, and what to do."""
    from outline_export.languages import LANGUAGES

    for other in LANGUAGES:
        if other in reading_order(code):
            continue
        book = names(other).book(lower, number)
        if book and len("".join(lower)) >= 3:
            here = names(code).name(book)
            return (f"that is {here} in the language '{other}': write '{here}', or write 'language: {other}' "
                    "at the top of an outline written in that language")
    return None


def _close_book(key: str, code: str = ENGLISH) -> str | None:
    """A book whose spelling is close to ``key`` in ``code``'s names (printed as that language
    prints it): same first letter, numbered only if typed so, close to one of its names or
    abbreviations and not far from its full name ('Judas' is not 'Jas')."""
    table = names(code)
    numbered = key[:1].isdigit()
    body = key[1:] if numbered else key
    if len(body) < (3 if body.isascii() else 2):
        return None
    near: dict[str, float] = {}
    for k, book in table.suggest.items():
        if k[0].isdigit() == numbered and (k[1:] if numbered else k)[:1] == body[:1]:
            r = difflib.SequenceMatcher(None, key, k).ratio()
            if r >= 0.75:
                near[book] = max(near.get(book, 0.0), r)
    scored = []
    for book, r in near.items():
        full = max((difflib.SequenceMatcher(None, key, f).ratio() for f in table.full.get(book, [book])),
                   default=0.0)
        if full >= 0.62:
            scored.append((full, r, book))
    return table.name(max(scored)[2]) if scored else None


def no_book(parser) -> scripture.ReferenceError:
    """A reference with no book and no context to take one from: '32:11', 'v 30'."""
    s = scripture._display(parser.s)
    m = re.match(r"(?:vv?|vss?|vers?|verses?)(?![A-Za-z])\.?\s*", s, re.IGNORECASE)
    rest = s[m.end():] if m else s
    rest = rest.rstrip(" ,;" + _DASHES + scripture.EN_DASH)
    book = parser.lang.name("Exodus")
    if ":" in rest or "." in rest or "," in rest:
        return scripture.ReferenceError(f"'{s}' does not name a book; write the book too, e.g. '{book} {rest}'", 0)
    return scripture.ReferenceError(
        f"'{s}' does not name a book or chapter; write them too, e.g. '{book} 32{parser.lang.chapter_verse}{rest}'", 0
    )


def ambiguous_verse(parser, p) -> scripture.ReferenceError:
    """A bare verse under a context that spans chapters."""
    ctx = parser.context
    first = ctx.ranges[0]
    written = parser.s[p.at:p.end]
    return scripture.ReferenceError(
        f"'{written}' is a bare verse number, but {ctx.canonical} spans several chapters; "
        f"write chapter and verse, like '{first.start_chapter}{parser.lang.chapter_verse}{written}'",
        p.at,
    )
