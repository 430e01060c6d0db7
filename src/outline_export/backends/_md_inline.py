"""Inline text for the Markdown writer: escaping, and bold and italic markers placed where
CommonMark sees them (see ``markdown``'s docstring for the rules)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import document as d

BOLD, ITALIC = "b", "i"
_MARK = {BOLD: "**", ITALIC: "*"}
_ORDER = (BOLD, ITALIC)  # looks that last equally long open bold first, so both read ***...***
_ITALIC_STYLES = frozenset({"timing", "translations"})
BLANK = "________"
_BLANK_ESCAPED = "\\_" * len(BLANK)

_ALWAYS = frozenset("\\*_`~<|")
_LINK_RISK = re.compile(r"\][(\[:]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_ORDERED_START = re.compile(r"[0-9]{1,9}[.)]")
_MAX_ORDERED = 999_999_999  # CommonMark's ordered list numbers have at most 9 digits


def _is_ws(c: str) -> bool:
    """Unicode whitespace as CommonMark counts it for emphasis (U+00A0 included)."""
    return c in "\t\n\r\f" or unicodedata.category(c) == "Zs"


# ---------------------------------------------------------------- inline text


def escape(text: str, *, line_start: bool = False, heading: bool = False, brackets: bool = True) -> str:
    """``text`` escaped so CommonMark reads it back literally, where it stands.

    ``line_start``: it begins a line of a paragraph, list item or quotation; ``heading``: it is in
    an ATX heading; ``brackets``: escape ``[`` and ``]``. A line-leading ``-``, ``+`` or ``1.``
    that ends ``text`` is escaped whatever follows it (it may be a space)."""
    out = []
    for k, c in enumerate(text):
        if c in _ALWAYS or (brackets and c in "[]") or (c == "#" and heading):
            out.append("\\" + c)
        elif c == "&" and _ENTITY.match(text, k):
            out.append("\\&")
        else:
            out.append(c)
    if line_start and text:
        c, after = text[0], text[1:2]
        if c in "#>=[" and out[0] == c:
            out[0] = "\\" + c
        elif c in "-+" and after in ("", " ", "\t", c):
            out[0] = "\\" + c
        else:
            m = _ORDERED_START.match(text)
            if m and text[m.end():m.end() + 1] in ("", " ", "\t"):
                # the delimiter ends the match; the digits before it need no escape
                out[m.end() - 1] = "\\" + text[m.end() - 1]
    return "".join(out)


@dataclass
class _Cell:
    ch: str | None  # None: a blank; "\n": a hard break
    style: frozenset

    @property
    def ws(self) -> bool:
        return self.ch is not None and _is_ws(self.ch)

    @property
    def punct(self) -> bool:
        """Punctuation as CommonMark's emphasis rules count it (a blank is underscores)."""
        return self.ch is None or unicodedata.category(self.ch)[0] in "PS"


def _cells(runs, extra: frozenset, heading: bool) -> list[_Cell]:
    """The runs as characters, each with its look; line breaks normalised, edges trimmed."""
    cells: list[_Cell] = []
    for r in runs:
        t = type(r)
        if t is d.BlankLine:
            cells.append(_Cell(None, frozenset()))
            continue
        if t is d.Run:
            style = frozenset(s for s, on in ((BOLD, r.bold), (ITALIC, r.italic)) if on) | extra
        else:  # Answer
            style = frozenset({BOLD}) | extra
        text = r.text.replace("\r\n", "\n").replace("\r", "\n")
        if heading:
            text = text.replace("\n", " ")
        cells.extend(_Cell(c, style) for c in text)
    # whitespace holding a line break is one line break; whitespace at the ends goes (Markdown
    # drops it, non-breaking spaces included, and a line of them after a break would vanish)
    out: list[_Cell] = []
    for i, j, ws in _stretches(cells, lambda c: c.ws):
        if ws and any(x.ch == "\n" for x in cells[i:j]):
            out.append(_Cell("\n", frozenset()))
        else:
            out.extend(cells[i:j])
    while out and out[0].ws:
        out.pop(0)
    while out and out[-1].ws:
        out.pop()
    _one_look_a_word(out)
    while True:
        _share_whitespace(out)
        if not _unstyle_edge_punctuation(out):
            return out


def _stretches(cells: list[_Cell], test):
    """(start, end, test result) for each longest stretch of cells alike under ``test``."""
    i = 0
    while i < len(cells):
        kind = bool(test(cells[i]))
        j = i + 1
        while j < len(cells) and bool(test(cells[j])) == kind:
            j += 1
        yield i, j, kind
        i = j


def _one_look_a_word(cells: list[_Cell]) -> None:
    """Every look of any letter of a word goes to all its letters (``**idol**s`` is ``**idols**``):
    markers between two letters can both open and close, and CommonMark's parsers pair such
    markers in ways that leave stray asterisks. A word may gain a look, never lose one."""
    for i, j, word in _stretches(cells, lambda c: not (c.ws or c.punct)):
        if word:
            look = frozenset().union(*(c.style for c in cells[i:j]))
            for c in cells[i:j]:
                c.style = look


def _share_whitespace(cells: list[_Cell]) -> None:
    """Whitespace takes the look its two neighbours share, so no marker sits next to a space on its
    inner side (``** x**`` is not emphasis)."""
    for i, j, ws in _stretches(cells, lambda c: c.ws):
        if ws:
            before = cells[i - 1].style if i > 0 else frozenset()
            after = cells[j].style if j < len(cells) else frozenset()
            for x in cells[i:j]:
                x.style = before & after


def _unstyle_edge_punctuation(cells: list[_Cell]) -> bool:
    """Where a look changes with no space between, the markers there must sit against a letter:
    between punctuation and a letter CommonMark does not see them as emphasis (``**Note:**Stress``,
    ``a**(b)**``), and between two punctuation marks they can pair the wrong way. So punctuation at
    such an edge takes the look the two sides share instead (``**Note**:Stress``, ``a(**b**)``):
    punctuation may lose its look, a word never does. True if anything changed."""
    changed = False
    for k in range(len(cells) - 1):
        a, b = cells[k], cells[k + 1]
        if a.style == b.style or a.ws:
            continue
        closing, opening = a.style - b.style, b.style - a.style
        if b.ws:
            # closers before a space are fine; before a line break they meet its "\"
            if b.ch == "\n" and closing and a.punct:
                a.style = b.style
                changed = True
            continue
        if closing and opening:  # closers and openers would make one run of *: split them
            if a.punct or b.punct:
                (a if a.punct else b).style = a.style & b.style
                changed = True
        elif closing and a.punct:
            a.style = b.style
            changed = True
        elif opening and b.punct:
            b.style = a.style
            changed = True
    return changed


def _plan(cells: list[_Cell]) -> list[tuple[list[str], list[str]]]:
    """For each cell, the marks to close and then open before it (and a last entry for the end).

    Marks that last longer are opened first (outside), so a look that ends first closes first;
    where two looks truly overlap with no space between, closing the outer one would mean closing
    and reopening the inner one in one run of ``*`` that CommonMark misreads: the reopened look is
    dropped instead until the next space (words never change; only their look)."""
    n = len(cells)
    lasts: list[dict[str, int]] = [{} for _ in range(n + 1)]
    for k in range(n - 1, -1, -1):
        for m in cells[k].style:
            lasts[k][m] = lasts[k + 1].get(m, k)
    plan = []
    stack: list[str] = []
    dropped: set[str] = set()
    prev_ws = True
    for k in range(n + 1):
        cell = cells[k] if k < n else None
        if cell is None:
            target: set[str] = set()
        else:
            if not cell.ws and prev_ws:
                dropped.clear()
            target = set(cell.style) - dropped
        closes = []
        while stack and not set(stack) <= target:
            closes.append(stack.pop())
        reopen = {m for m in closes if m in target}
        if reopen and (cell.ws or not prev_ws):
            dropped |= reopen
            target -= reopen
        opens = sorted(target - set(stack), key=lambda m: (-lasts[k][m], _ORDER.index(m)))
        stack.extend(opens)
        plan.append((closes, opens))
        if cell is not None:
            prev_ws = cell.ws
    return plan


def inline(runs, *, extra: frozenset = frozenset(), line_start: bool = True,
           heading: bool = False) -> list[str]:
    """The lines (more than one after a hard break) of Markdown that ``runs`` make."""
    runs = tuple(runs)
    words = "".join(r.text if type(r) is not d.BlankLine else BLANK for r in runs)
    brackets = bool(_LINK_RISK.search(words))
    cells = _cells(runs, extra, heading)
    plan = _plan(cells)

    lines: list[str] = []
    line: list[str] = []
    text: list[str] = []  # characters waiting to be escaped together
    at_start = line_start  # nothing written yet on a line that starts a block's line

    def flush():
        nonlocal at_start
        if text:
            line.append(escape("".join(text), line_start=at_start, heading=heading, brackets=brackets))
            text.clear()
            at_start = False

    for k, (closes, opens) in enumerate(plan):
        if closes or opens:
            flush()
            line.extend(_MARK[m] for m in closes)
            line.extend(_MARK[m] for m in opens)
            at_start = False
        if k == len(cells):
            break
        ch = cells[k].ch
        if ch == "\n":
            flush()
            line.append("\\")
            lines.append("".join(line))
            line = []
            at_start = True
        elif ch is None:
            flush()
            if line:
                bare = _is_ws("".join(line)[-1])
            elif not at_start:
                bare = True  # the line was begun before ``runs``, with a space
            else:  # it starts a line: bare unless the line would be nothing but underscores
                bare = False
                for c in cells[k + 1:]:
                    if c.ch == "\n":
                        break
                    if c.ch is not None and not c.ws:
                        bare = True
                        break
            line.append(BLANK if bare else _BLANK_ESCAPED)
            at_start = False
        else:
            text.append(ch)
    flush()
    lines.append("".join(line))
    return lines
