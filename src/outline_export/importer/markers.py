"""Item markers and the levels they give: ``I.`` ``A.`` ``1.`` ``a.`` ``i.`` ``(1)`` ``(a)`` ``(i)``
``1)`` ``a)`` and bullets, in the classic outline scheme.

The first kind of marker seen is level 0, a new kind goes one deeper than the item before it, a
kind seen before goes back to its level (``Scheme.place``). ``i.`` (and ``v.``, ``x.``, ``I.``...)
is a roman numeral or a letter by context: the letter that follows the one before it at that level
(``i.`` after ``h.``), else the numeral that follows (``iv.`` after ``iii.``), else a numeral when
it starts a run (``i.``/``I.``), else the kind already in use. An upper-case roman ``I.`` that is
new starts the outline again at level 0: numbered items before it were an introduction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLETS = "•◦▪‣●○■□·-*–—"
_ROMAN_CHARS = set("ivxlcdm")
# A marker at the start of a line: "(1)", "(iv)", "1.", "IV.", "a)", "•"; the text may be glued on
# after a period ("I.First Cycle") but not to a digit ("3.14").
_MARKER = re.compile(
    r"^(?P<m>\((?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})\)"
    r"|(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,6}|[IVXLCDM]{1,6})[.)]"
    r"|[•◦▪‣●○■□·](?=\S)|[•◦▪‣●○■□·\-*–—](?=\s))"
    r"(?P<gap>\s*)(?P<rest>.*)$"
)


def roman_value(s: str) -> int:
    """The value of a roman numeral (upper or lower case); 0 when it is not one."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    s = s.lower()
    if not s or any(c not in values for c in s):
        return 0
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = values[a]
        total += -v if b != " " and values[b] > v else v
    return total if _to_roman(total) == s else 0


def _to_roman(n: int) -> str:
    out = ""
    for v, r in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                 (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + r, n - v
    return out


def split_marker(text: str) -> tuple[str, str] | None:
    """(marker, the rest) when ``text`` starts with an item marker; None when it does not."""
    m = _MARKER.match(text)
    if not m:
        return None
    marker, rest = m.group("m"), m.group("rest")
    if not rest:
        return None
    glued = not m.group("gap")
    if glued and marker[-1] in ".)" and not (rest[0].isupper() or rest[0] in "“\"‘'("):
        return None  # "e.g.", "3.14", "a.m."
    if glued and marker[0] == "(" and not rest[0].isupper():
        return None
    if marker in ("-", "—", "–") and rest[:1].isdigit():
        return None  # "- 5 degrees" is as likely a negative number as a bullet
    return marker, rest


@dataclass(frozen=True)
class Kind:
    name: str  # "I.", "A.", "1.", "a.", "i.", "(1)", "(a)", "(i)", "1)", "a)", "•"
    value: int  # the item's number in that kind (0 for bullets)


def candidates(marker: str) -> list[Kind]:
    """The kinds a marker can be, the likelier first when it is ambiguous (``i.``: roman, letter)."""
    if marker[0] in BULLETS:
        return [Kind("•" if marker in "•●·" else marker, 0)]
    paren = marker[0] == "("
    body = marker.strip("().")
    close = "" if paren else marker[-1]

    def name(sample: str) -> str:
        return f"({sample})" if paren else f"{sample}{close}"

    if body.isdigit():
        return [Kind(name("1"), int(body))]
    upper = body.isupper()
    out = []
    if set(body.lower()) <= _ROMAN_CHARS and roman_value(body):
        out.append(Kind(name("I" if upper else "i"), roman_value(body)))
    if len(body) == 1:
        out.append(Kind(name("A" if upper else "a"), ord(body.lower()) - ord("a") + 1))
    return out


def scheme_name(kind: str) -> str:
    """The outline ``numbering:`` a kind belongs to: bullets or the outline scheme."""
    return "bullets" if kind[0] in BULLETS else "outline"


class Scheme:
    """The levels of one run of items (a section's), from their markers alone."""

    def __init__(self) -> None:
        self.kinds: list[str] = []  # the kind at each level, down to the last item's
        self.last: list[int] = []  # the last value seen at each level

    def _choose(self, options: list[Kind]) -> Kind:
        if len(options) == 1:
            return options[0]
        for k in options:  # the one that continues a count
            if k.name in self.kinds and self.last[self.kinds.index(k.name)] == k.value - 1:
                return k
        for k in options:  # the start of a run: a numeral (i., I.)
            if k.value == 1 and k.name.strip("().").lower() == "i":
                return k
        for k in options:
            if k.name in self.kinds:
                return k
        return options[-1]  # v., x., c. out of the blue: a letter

    def place(self, marker: str) -> tuple[int, Kind]:
        """The level of an item with this marker, and the kind it was read as."""
        kind = self._choose(candidates(marker))
        if kind.name in self.kinds:
            level = self.kinds.index(kind.name)
        elif kind.name == "I." and kind.value == 1:
            level = 0  # a new roman numeral outline: what came before was an introduction
        else:
            level = len(self.kinds)
        del self.kinds[level:], self.last[level:]
        self.kinds.append(kind.name)
        self.last.append(kind.value)
        return level, kind
