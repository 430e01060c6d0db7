"""What a line of an imported file is, before it is placed: web debris, metadata ("Text:",
"Big idea:", a date), a quotation with its reference, a heading in plain text.

Dates are read in these forms: ``2026-03-01``, ``March 1, 2026`` (``Mar. 1 2026``), ``1 March 2026``
and ``3/1/2026`` (``3/1/26``), the last in US order, month first, as the outlines this tool is
written for are; a date that does not exist is left as text.
"""

from __future__ import annotations

import datetime as dt
import re

DEBRIS = re.compile(
    r"^(?:top of (?:the )?page|back to top|skip to (?:main )?content|share(?: this(?: page| post)?)?|print"
    r"(?: this page)?|select language|accept(?: all)? cookies.*|.*\buses? cookies\b.*|.*\bdark mode\b.*"
    r"|cookie (?:settings|preferences|policy)|subscribe(?: now)?|sign in|log in|email this|tweet)[.!]?$",
    re.IGNORECASE)

_META = [
    ("passage", re.compile(r"^(?:text|scripture|passage|reading|scripture reading|bible reading)\s*[:–—-]\s*(?P<v>.+)$", re.I)),
    ("big_idea", re.compile(r"^(?:big idea|main idea|central idea|theme|proposition)\s*[:–—-]\s*(?P<v>.+)$", re.I)),
    # "Speaker: ..." (a separator: "Speaker Notes" at the top of a file is not a speaker), or "By" and a
    # title ("By Pastor Sam Lee"; "By Grace Alone" is a heading)
    ("speaker", re.compile(r"^(?:speaker|preacher|teacher|by)\s*[:–—-]\s*(?P<v>[A-Z][^:]{1,60})$", re.I)),
    ("speaker", re.compile(r"^by\s+(?P<v>(?:pastor|rev\.?|reverend|dr\.?|elder|bishop|father|fr\.|deacon|minister|"
                           r"brother|sister)\s+[A-Z][^:]{1,60})$", re.I)),
    ("series", re.compile(r"^series\s*[:–—-]\s*(?P<v>.+)$", re.I)),
    ("date", re.compile(r"^(?:date|preached|delivered)\s*[:–—-]?\s*(?P<v>.+)$", re.I)),
]
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATES = [
    re.compile(r"^(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<day>\d{1,2})$"),
    re.compile(rf"^(?:[A-Za-z]+,?\s+)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$"),
    re.compile(rf"^(?:[A-Za-z]+,?\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})$"),
    re.compile(r"^(?P<m>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})$"),
]


def date(text: str) -> str:
    """``YYYY-MM-DD`` for a line that is a date, else ""."""
    s = text.strip().rstrip(".")
    for pattern in _DATES:
        m = pattern.match(s)
        if not m:
            continue
        parts = m.groupdict()
        if parts.get("month"):
            month = _MONTHS.get(parts["month"][:3].lower())
            if month is None or not (parts["month"].lower().startswith(tuple(_MONTHS)) and len(parts["month"]) >= 3):
                return ""
            full = parts["month"].lower()
            names = ("january february march april may june july august september october november december").split()
            if len(full) > 3 and not any(n.startswith(full) or full == n[:4] for n in names):
                return ""
        else:
            month = int(parts["m"])
        year = int(parts["year"])
        if year < 100:
            year += 2000
        try:
            return dt.date(year, month, int(parts["day"])).isoformat()
        except ValueError:
            return ""
    return ""


def meta(text: str) -> tuple[str, str] | None:
    """(outline key, value) for a metadata line: "Text: John 15:1-8", "Big idea: ...", a date."""
    if date(text):
        return "date", date(text)
    for key, pattern in _META:
        m = pattern.match(text.strip())
        if m:
            value = m.group("v").strip()
            if key == "date":
                return ("date", date(value)) if date(value) else None
            return key, value
    return None


_OPEN = "“\"‘'«"
_QUOTED = re.compile(r"^[“\"«](?P<q>.+)[”\"»](?P<tail>[^”\"»]*)$")


def quotation(text: str) -> tuple[str, str] | None:
    """(the words quoted, what follows them) for a line that is a quotation: it starts with a
    quotation mark and the matching one closes it before any reference."""
    m = _QUOTED.match(text.strip())
    if not m:
        return None
    tail = m.group("tail").strip()
    if tail and not re.match(r"^[(—–-]|^[.,]?\s*\(", tail):
        return None
    q = m.group("q").strip()
    if q.count("“") != q.count("”") or q.count('"') % 2:
        return None  # “a” and “b”: two quotations in a sentence
    return q, tail


_SMALL = frozenset("a an and as at but by for from in into is it of on or the to with without vs".split())


def title_case(text: str) -> bool:
    """Most of the words are capitalised, as headings are ("Setting the Scene") and lead-ins
    ("Divine judgment is:") are not."""
    words = [w.strip("“”\"‘’'():,?!") for w in text.split()]
    words = [w for w in words if w and w[0].isalpha()]
    if not words or not words[0][0].isupper():
        return False
    big = [w for w in words if w.lower() not in _SMALL]
    return sum(w[0].isupper() for w in big) >= 0.6 * max(len(big), 1)


def heading_like(text: str) -> bool:
    """A plain-text line that can be a heading (its place decides whether it is one)."""
    t = text.strip()
    return (len(t) <= 80 and not t.endswith((".", ";", ",")) and title_case(t)
            and not t.startswith(tuple(_OPEN)))


_QUESTIONS = re.compile(r"^(?:(?:small[- ]group |group |discussion |reflection |study )?questions(?: for (?:discussion|reflection))?"
                        r"|discussion|for discussion|discuss|reflect|for reflection|talk it over)\s*:?$", re.I)
_KEY_VERSE = re.compile(r"^(?:the )?(?:key|memory|focus) verse\s*:?$", re.I)


def questions_heading(text: str, language: str = "en") -> bool:
    """A heading over discussion questions: English's usual ones, or the heading the outline's
    language prints over them (its catalogue's ``questions_heading``)."""
    from outline_export import languages

    if language != "en" and text.strip() == languages.catalogue(language)["words"]["questions_heading"]:
        return True
    return bool(_QUESTIONS.match(text.strip()))


def key_verse_heading(text: str) -> bool:
    return bool(_KEY_VERSE.match(text.strip()))
