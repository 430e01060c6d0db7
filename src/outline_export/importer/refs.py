"""References at the end of a point, in every dress people write them: ``(Luke 15:11-16)``,
``Romans 1:18 – 32``, ``vs. 8-15``, ``(vv. 3b-4)``, ``, vs. Romans 1:1-7``, ``Ch. Romans 2``,
``—Romans 9:3`` glued after a dash, ``: Romans 1:18-32`` after a colon, ``(32:20, 27-28)``, and a
bare chapter and verse after a dash (``- 32:7-10``, ``— 32:7-10``).

``split_ref`` finds one at the end of a text and checks it with the project's own parser
(``scripture.parse_reference``) against the context the outline will give it (the parent's
reference, the section's, the passage). A reference that reads only with the book (and chapter)
of the references around it is written out in full. One that does not read at all stays in the
text, and the caller notes it.

Every function takes the ``language`` the outline is written in (default English): references
are read in it, then in English (as the loader reads them), and a book name is any word of
letters in it (English's: a capitalised word). What is not a reference reads as none.
"""

from __future__ import annotations

import re

from outline_export.scripture import Reference, ReferenceError, parse_reference
from outline_export.scripture_books import ENGLISH, names

_NUM = r"\d{1,3}[a-c]?(?:ff?)?"
_SPAN = rf"{_NUM}(?:[:.]{_NUM})?(?:\s*[-–—]\s*{_NUM}(?::{_NUM})?)?"
_BOOK = r"(?:(?:[1-3]|I{1,3}|First|Second|Third)\s?)?[A-Z][a-z]+\.?(?:\sof\s(?:Solomon|Songs))?"
# another language's book: a word of letters in any script, after "1", "1.", "I" ("2. Mose", "1 Timoteo",
# "출애굽기"); in brackets, where nothing else can be taken for it, up to three more words
_WORD = r"[^\W\d_]+\.?"
_ANY_BOOK = rf"(?:(?:[1-3]\.?|I{{1,3}})\s?)?{_WORD}"
_ANY_BOOK_BRACKETED = rf"{_ANY_BOOK}(?:\s{_WORD}){{0,3}}"
_VERSES = r"(?:vv?|vs|vss|verses?)\.?"
_CHAPTER = r"(?:[Cc]h|[Cc]hap|[Cc]hapter)\.?"


def _list(book: str) -> str:
    return rf"{_SPAN}(?:\s*[,;]\s*(?:{book}\s+)?{_SPAN})*"


_LIST = _list(_BOOK)


def _tails(book: str, bracketed: str) -> list:
    """Tried in order on the end of the text (trailing ".", ";" or "," aside); group "r" is the
    reference, words the documents would say themselves ("Ch.", "chapter") dropped with the rest."""
    lst = _list(book)
    return [
        re.compile(rf"\s*\((?:{_CHAPTER}\s*)?(?P<r>(?:{_VERSES}\s*)?(?:{bracketed}\s+)?{_list(bracketed)})\)$"),
        re.compile(rf"(?:\s*[,:]\s*|\s*[—–]\s*|\s+-\s+|(?<=[a-z”\"’'])[—–]|\s+)(?:{_CHAPTER}\s*)?"
                   rf"(?P<r>(?:{_VERSES}\s*)?{book}\s+{lst})$"),
        re.compile(rf"(?:\s*[,:]\s*|\s*[—–]\s*|\s+-\s+|\s+)(?P<r>{_VERSES}\s*{lst})$"),
        # "God sees it - 32:7-10": a bare chapter and verse glued after a dash (not after a colon or a
        # space alone, where "at 10:30" is a time)
        re.compile(rf"(?:\s*[—–]\s*|\s+-\s+|(?<=[a-z”\"’'])[—–])(?P<r>(?=\d{{1,3}}:\d){lst})$"),
    ]


_TAILS = _tails(_BOOK, _BOOK)
_ANY_TAILS = _tails(_ANY_BOOK, _ANY_BOOK_BRACKETED)


def _tails_for(language: str) -> list:
    return _TAILS if language == ENGLISH else _ANY_TAILS


def parse(text: str, context: Reference | None, language: str = ENGLISH) -> Reference | None:
    try:
        return parse_reference(text, context, language)
    except ReferenceError:
        return None


def resolve(written: str, context: Reference | None, fallback: Reference | None,
            language: str = ENGLISH) -> tuple[str, Reference] | None:
    """The reference to write for ``written`` under ``context`` (as the loader will read it), and
    what it means; with only ``fallback``'s book and chapter it reads, it is written out in full
    (``32:32`` -> ``Exodus 32:32``); None when it does not read."""
    written = re.sub(r"^(vv?|vs|vss|verses?)\.?\s*(?=[1-3]?\s?[A-Z])", "", written.strip())  # "vs. Romans 1:1"
    written = re.sub(r"^(vv?|vs|vss|verses?)\.?\s*(?=\d)", r"\1 ", written)  # "vv. 3b-4": "vv 3b-4"
    ref = parse(written, context, language)
    if ref is not None:
        return written, ref
    ref = parse(written, fallback, language)
    if ref is None:
        return None
    head = re.match(r"\d+:", written)
    if head and ref.inherited:  # a chapter and verse: just the book was missing
        return f"{names(language).name(ref.book)} {written}", ref
    return ref.canonical, ref


def split_ref(text: str, context: Reference | None, fallback: Reference | None,
              tails=None, language: str = ENGLISH) -> tuple[str, str, Reference | None, str]:
    """(text without the reference, the reference to write, what it means, a doubt) for a
    reference that ends ``text``; (text, "", None, "") when none does; a doubt (and the text kept
    whole) when something that looks like a reference does not read."""
    body = text.rstrip()
    stop = ""
    while body and body[-1] in ".;,":
        stop, body = body[-1] + stop, body[:-1].rstrip()
    tails = tails or _tails_for(language)
    for tail in tails:
        m = tail.search(body)
        if not m:
            continue
        got = resolve(m.group("r"), context, fallback, language)
        if got is None:
            if re.search(r"\d+:\d+", m.group("r")) or m.group(0).lstrip().startswith("("):
                return text, "", None, f"'{m.group('r').strip()}' looks like a reference but does not read as one; left in the text"
            continue
        # "what He intends to do: (32:10)": a colon before a bracketed reference is the text's own
        rest = body[: m.start()].rstrip(" ,–—-" if tail is tails[0] else " ,:–—-")
        if not rest:
            return text, "", None, ""
        return rest + ("." if stop.startswith(".") and tail is not tails[0] and not rest.endswith((".", "?", "!")) else ""), got[0], got[1], ""
    return text, "", None, ""


_HEAD_PAREN = re.compile(rf"\s*\((?P<r>(?:{_BOOK}\s+)?{_LIST})\)(?=:)")
_ANY_HEAD_PAREN = re.compile(rf"\s*\((?P<r>(?:{_ANY_BOOK_BRACKETED}\s+)?{_list(_ANY_BOOK_BRACKETED)})\)(?=:)")


def split_heading_ref(text: str, context: Reference | None, fallback: Reference | None, language: str = ENGLISH):
    """A heading's reference: at its end, or in brackets before a colon ("First Cycle (32:7–14):
    grounded in..."), which is taken out."""
    rest, written, ref, doubt = split_ref(text, context, fallback, language=language)
    if written or doubt:
        return rest, written, ref, doubt
    m = (_HEAD_PAREN if language == ENGLISH else _ANY_HEAD_PAREN).search(text)
    if m:
        got = resolve(m.group("r"), context, fallback, language)
        if got:
            return text[: m.start()] + text[m.end():], got[0], got[1], ""
    return text, "", None, ""


_BOOK_REF = re.compile(rf"(?P<r>{_BOOK}\s+\d{{1,3}}(?::\d{{1,3}})?)")
_ANY_BOOK_REF = re.compile(rf"(?P<r>{_ANY_BOOK}\s+\d{{1,3}}(?:[:.,]\d{{1,3}})?)")


def first_book_reference(texts: list[tuple[int, str]], language: str = ENGLISH) -> tuple[int, Reference] | None:
    """The first reference with a book in the texts (line, text): the book bare references take
    when the outline names no passage."""
    for line, text in texts:
        for m in (_BOOK_REF if language == ENGLISH else _ANY_BOOK_REF).finditer(text):
            ref = parse(m.group("r"), None, language)
            if ref is not None:
                return line, ref
    return None
