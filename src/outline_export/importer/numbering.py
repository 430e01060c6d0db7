"""Word's automatic numbering, resolved as Word prints it (python-docx has no numbering API).

A paragraph is numbered by ``w:numPr`` (``w:numId``, ``w:ilvl``) in its own properties or in its
paragraph style's (following ``w:basedOn``); a style that gives ``w:numId`` without ``w:ilvl``
is at the level whose ``w:pStyle`` names it. ``numId`` names a ``w:num``, which names a
``w:abstractNum`` (through ``w:numStyleLink`` to the list style's own definition, if it links)
and may override levels: ``w:startOverride`` (the list starts again there) or a whole ``w:lvl``.

Counting follows Word: lists that share an abstract definition share its counters (a second
``w:num`` without overrides carries on); a level starts at its ``w:start``; a level goes back to
its start when a level above it advances (or, with ``w:lvlRestart n``, when one of levels 1..n
does; 0: never); a ``w:num`` with a ``w:startOverride`` restarts those levels at its first
paragraph. The label is the level's ``w:lvlText`` with ``%1``..``%9`` replaced by each level's
counter in that level's ``w:numFmt`` (all decimal under ``w:isLgl``); a bullet's label is "•".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAX_CHAIN = 30  # styles based on styles: Word stops far earlier; a loop must not hang


def w(local: str) -> str:
    return f"{{{W}}}{local}"


def val(el, local: str, default: str | None = None) -> str | None:
    """The ``w:val`` of ``el``'s child ``w:local`` (``default`` without one)."""
    if el is None:
        return default
    child = el.find(w(local))
    if child is None:
        return default
    return child.get(w("val"), default)


def _int(text: str | None, default: int | None = None) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return default


class Styles:
    """A document's styles (``word/styles.xml``) by id, with their ``w:basedOn`` chains."""

    def __init__(self, root):
        self.by_id: dict[str, object] = {}
        self.default_paragraph = None
        for st in root.iter(w("style")) if root is not None else ():
            sid = st.get(w("styleId"))
            if sid is None or sid in self.by_id:
                continue
            self.by_id[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true", "on"):
                self.default_paragraph = sid

    def chain(self, sid: str | None) -> list:
        """The style ``sid`` and the styles it is based on, nearest first."""
        out, seen = [], set()
        while sid is not None and sid in self.by_id and sid not in seen and len(out) < _MAX_CHAIN:
            seen.add(sid)
            st = self.by_id[sid]
            out.append(st)
            sid = val(st, "basedOn")
        return out

    def name(self, sid: str | None) -> str:
        """The style's name as Word stores it (built-in styles in English, lower case: "heading 1"),
        lower-cased; "" for no style."""
        st = self.by_id.get(sid) if sid is not None else None
        return (val(st, "name", "") or "").strip().lower() if st is not None else ""

    def ppr(self, sid: str | None, local: str):
        """The nearest ``w:pPr/w:local`` element along the style's chain, or None."""
        for st in self.chain(sid):
            found = st.find(f"{w('pPr')}/{w(local)}")
            if found is not None:
                return found
        return None


@dataclass(frozen=True)
class Label:
    """A numbered paragraph as Word prints it."""

    text: str  # the printed label: "IV.", "(b)", "1.2.", "•"; "" when the level prints nothing
    level: int  # w:ilvl, 0-based
    count: int  # this level's counter (1 on a restart)
    fmt: str  # w:numFmt of the level: decimal, upperRoman, bullet, none, ...
    scheme: str  # "outline", "decimal", "bullets", "" (a level that prints nothing)
    list_id: str  # the abstract definition counted (lists sharing it share counters)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (unknown formats print as decimal)."""
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        if n <= 0:
            return str(n)
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: ... Z, AA, BB
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "ordinal":
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return f"{n}."
    if fmt == "none":
        return ""
    return str(n)


_ROMAN_OR_LETTER = {"upperRoman", "lowerRoman", "upperLetter", "lowerLetter"}
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str
    text: str
    restart: int | None  # w:lvlRestart: restart after levels 1..n advance; None: after any above
    legal: bool
    style: str | None  # w:pStyle: the paragraph style at this level


def _level(el) -> _Level:
    return _Level(start=_int(val(el, "start"), 0) if el.find(w("start")) is not None else 0,
                  fmt=val(el, "numFmt", "decimal") or "decimal",
                  text=val(el, "lvlText", "") or "",
                  restart=_int(val(el, "lvlRestart")),
                  legal=el.find(w("isLgl")) is not None and val(el, "isLgl", "1") not in ("0", "false", "off"),
                  style=val(el, "pStyle"))


class Numbering:
    """The numbering of one document, counted paragraph by paragraph in reading order: call
    ``label(p)`` for every paragraph, in order (numbered or not)."""

    def __init__(self, numbering_root, styles: Styles):
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNumId -> the list style it takes its levels from
        self.defines: dict[str, str] = {}  # list style -> the abstractNumId that defines it
        self.nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        for ab in numbering_root.iter(w("abstractNum")) if numbering_root is not None else ():
            aid = ab.get(w("abstractNumId"))
            if aid is None or aid in self.abstract:
                continue
            self.abstract[aid] = {_int(lv.get(w("ilvl")), 0): _level(lv) for lv in ab.findall(w("lvl"))}
            if val(ab, "numStyleLink"):
                self.links[aid] = val(ab, "numStyleLink")
            if val(ab, "styleLink"):
                self.defines[val(ab, "styleLink")] = aid
        for num in numbering_root.iter(w("num")) if numbering_root is not None else ():
            nid = num.get(w("numId"))
            if nid is None or nid in self.nums:
                continue
            levels, starts = {}, {}
            for ov in num.findall(w("lvlOverride")):
                ilvl = _int(ov.get(w("ilvl")), 0)
                if ov.find(w("lvl")) is not None:
                    levels[ilvl] = _level(ov.find(w("lvl")))
                if ov.find(w("startOverride")) is not None:
                    starts[ilvl] = _int(val(ov, "startOverride"), 0)
            self.nums[nid] = (val(num, "abstractNumId", "") or "", levels, starts)
        self.counters: dict[str, list[int | None]] = {}
        self.seen: set[str] = set()

    def _abstract_id(self, nid: str) -> str | None:
        """The abstract definition a ``w:num`` counts with, through list-style links."""
        seen: set[str] = set()
        aid = self.nums[nid][0] if nid in self.nums else None
        while aid in self.links and aid not in seen:
            seen.add(aid)
            style_num = self.styles.ppr(self.links[aid], "numPr")
            linked = self.defines.get(self.links[aid])
            target = val(style_num, "numId") if style_num is not None else None
            if target in self.nums:
                aid = self.nums[target][0]
            elif linked is not None:
                aid = linked
            else:
                break
        return aid if aid in self.abstract else None

    def num_pr(self, p) -> tuple[str, int] | None:
        """The (numId, ilvl) numbering paragraph ``p``, from its own properties or its style's;
        None when it is not numbered (no numId, or numId 0)."""
        ppr = p.find(w("pPr"))
        own = ppr.find(w("numPr")) if ppr is not None else None
        sid = val(ppr, "pStyle", self.styles.default_paragraph) if ppr is not None else self.styles.default_paragraph
        styled = [st.find(f"{w('pPr')}/{w('numPr')}") for st in self.styles.chain(sid)]
        styled = [x for x in styled if x is not None]  # numId and ilvl are inherited one by one
        nid = val(own, "numId") or next((val(x, "numId") for x in styled if val(x, "numId")), None)
        if nid is None or nid.strip() == "0" or nid not in self.nums:
            return None
        ilvl = _int(val(own, "ilvl"))
        if ilvl is None:
            ilvl = next((_int(val(x, "ilvl")) for x in styled if _int(val(x, "ilvl")) is not None), None)
        if ilvl is None and sid is not None:  # a list style's level is the one naming the paragraph style
            aid = self._abstract_id(nid)
            levels = {**self.abstract.get(aid, {}), **self.nums[nid][1]}
            ilvl = next((k for k, lv in sorted(levels.items()) if lv.style == sid), None)
        return nid, min(max(ilvl or 0, 0), 8)

    def _levels(self, nid: str, aid: str) -> dict[int, _Level]:
        return {**self.abstract[aid], **self.nums[nid][1]}

    def label(self, p) -> Label | None:
        """Count paragraph ``p`` and return its label; None when it is not numbered."""
        found = self.num_pr(p)
        if found is None:
            return None
        nid, ilvl = found
        aid = self._abstract_id(nid)
        if aid is None:
            return None
        levels = self._levels(nid, aid)
        counters = self.counters.setdefault(aid, [None] * 9)
        starts = self.nums[nid][2]
        if nid not in self.seen:
            self.seen.add(nid)
            for k in starts:
                if 0 <= k < 9:
                    counters[k] = None

        def start(k: int) -> int:
            return starts[k] if k in starts else (levels[k].start if k in levels else 0)

        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for d in range(ilvl + 1, 9):
            restart = levels[d].restart if d in levels else None
            if ilvl < (d if restart is None else restart):
                counters[d] = None
        lv = levels.get(ilvl) or _Level(0, "decimal", f"%{ilvl + 1}.", None, False, None)
        if lv.fmt == "bullet":
            text = "•"
        else:
            def number(m: re.Match) -> str:
                k = int(m.group(1)) - 1
                n = counters[k] if counters[k] is not None else start(k)
                fmt = levels[k].fmt if k in levels else "decimal"
                if lv.legal and fmt not in ("none", "bullet"):
                    fmt = "decimal"
                return format_number(n, fmt) if fmt != "bullet" else ""
            text = _PLACEHOLDER.sub(number, lv.text).strip()
        return Label(text, ilvl, counters[ilvl], lv.fmt, self._scheme(lv, levels), aid)

    @staticmethod
    def _scheme(lv: _Level, levels: dict[int, _Level]) -> str:
        """The outline ``numbering`` the list looks like: bullets, decimal (1.1.), outline (I./A./1.)."""
        if lv.fmt == "bullet":
            return "bullets"
        if lv.fmt == "none":
            return ""
        if len(set(_PLACEHOLDER.findall(lv.text))) > 1:
            return "decimal"
        if any(levels[k].fmt in _ROMAN_OR_LETTER for k in levels if k < 4):
            return "outline"
        return "decimal"
