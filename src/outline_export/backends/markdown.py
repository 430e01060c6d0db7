"""The Markdown writer: the render tree as CommonMark, for a church app's sermon-notes field, an
e-mail or a web page. It must read well as plain text too, so it writes the simplest Markdown
that means the right thing, and escapes only what could be read as markup where it stands.

What the tree says and how it comes out (the tree decides every word; this writer adds none):

- ``TitleBlock``: the church as a plain line, the edition label as ``*label*``, the title as the
  document's only ``#`` heading, the subtitle in italics, then each meta line as a paragraph of
  its own (separate paragraphs render cleanly everywhere; trailing-space hard breaks get eaten by
  editors and e-mail, backslash breaks read badly as plain text). The logo is a picture and is
  not drawn.
- ``Heading`` level n: n + 1 ``#`` (at most 6, the most CommonMark has). Blocks with no words
  (an empty heading, paragraph or quotation) write nothing.
- ``Paragraph``: its runs. Styles "timing" and "translations" (the small grey lines on paper) are
  set in italics, Markdown's only way to set them apart; every other style, "meta" included, is
  plain: the meta lines are the facts people look for, and a column of italics reads noisily.
- Runs: bold ``**...**``, italic ``*...*``, both ``***...***``; spaces at a run's edges are moved
  outside the markers (else CommonMark would not see emphasis), and a look shared by neighbouring
  runs stays open across them (the longer-lasting look outside). Markers must not fall between
  two letters or against punctuation on their inner side, where CommonMark would not see them or
  pair them wrongly: so a word has one look, all its letters' looks together (``**idol**s`` is
  written ``**idols**``), and punctuation where a look starts or ends with no space between takes
  the look of its other side (``**Note:**x`` is written ``**Note**:x``). Words may gain a look and
  punctuation may lose one; no character is ever lost or added.
  A run's role changes nothing. A line break in a run's text is a hard break (``\\`` at the end of
  the line), except in headings, where it is a space.
- Escaping: ``\\ * _ ` ~ < |`` are always backslash-escaped; ``#`` in headings and at the start
  of a line; ``> = [`` and a ``-``/``+`` bullet or a ``1.``/``1)`` number at the start of a line;
  ``&`` when it would start an entity (``&amp;``); square brackets only in a paragraph whose words
  could make a link (``](``, ``][``, ``]:``), so "[Moses]" in a quotation stays as it is. ``!``,
  ``(``, mid-line ``-`` and the like are never markup where they stand and are left alone.
  Non-breaking spaces stay U+00A0 characters. Whitespace at the start and end of a paragraph and
  around a line break is dropped (Markdown renderers drop it anyway).
- ``BlankLine``: eight underscores ``________`` whatever its width, bare where whitespace or
  the start of a line precedes it (a space, or the non-breaking space after a blank's number):
  such a run of ``_`` can never close emphasis, and every other ``_`` is escaped, so no emphasis
  can form; it reads as a blank both raw and rendered. It is escaped,
  ``\\_\\_\\_\\_\\_\\_\\_\\_``, right after other characters (where it could close emphasis) and on
  a line of nothing but blanks (which would be a thematic break).
- ``Answer`` (speaker notes): ``**answer**``.
- ``Quote``: a blockquote; its credit runs (which carry their own "— ") are a paragraph of their
  own at the end of the quote, after a ``>`` line.
- ``Note``: a blockquote of its runs (the first is its "Note:" label, printed as given).
- ``List``: a real ordered list (``N.`` / ``N)``, the first marker carrying the start) when the
  numbering is plain decimal with a "." or ")" delimiter and every item's label is what that
  marker reads as; otherwise a ``-`` bullet list whose item text starts with the item's label
  and a space, the label escaped so it comes back as written ("I.", "(a)", "1.2.3.").
  Bullet lists print no symbol (the ``-`` is the bullet), and "none" lists have no label: Markdown
  has no unlabelled indented list, so they are ``-`` items too. An item's further blocks are
  indented under it by the marker's width. A list is tight (no blank lines between items) unless
  one of its items holds blocks that need a blank line between them. Two lists in a row that
  Markdown would run together are kept apart: the second bullet list uses ``*``; an ordered list
  whose numbers do not carry on from the one before becomes a labelled bullet list. (Some
  renderers limit nesting: markdown-it's CommonMark preset drops what lies deeper than 20 blocks,
  about ten lists in lists.)
- ``WritingLines``: nothing. They are room to write with a pen; a screen has no use for them, and
  lines of underscores in a notes app are clutter.
- ``PageBreak``: a thematic break ``---`` (what follows, say an answer key, reads as set apart);
  none at the start or end of a document or list item, and never two in a row.
- ``Document.footer`` is page furniture and ``Document.meta`` properties: neither is printed.

Blocks are separated by one blank line and the output ends with exactly one newline. ``options``
(a ``layout.WriterOptions``) is not used: Markdown has no theme, paper or fonts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .. import document as d
from .base import Visitor

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
    i = 0
    while i < len(cells):
        if cells[i].ws:
            j = i
            while j < len(cells) and cells[j].ws:
                j += 1
            if any(x.ch == "\n" for x in cells[i:j]):
                out.append(_Cell("\n", frozenset()))
            else:
                out.extend(cells[i:j])
            i = j
        else:
            out.append(cells[i])
            i += 1
    while out and out[0].ws:
        out.pop(0)
    while out and out[-1].ws:
        out.pop()
    _one_look_a_word(out)
    while True:
        _share_whitespace(out)
        if not _unstyle_edge_punctuation(out):
            return out


def _one_look_a_word(cells: list[_Cell]) -> None:
    """Every look of any letter of a word goes to all its letters (``**idol**s`` is ``**idols**``):
    markers between two letters can both open and close, and CommonMark's parsers pair such
    markers in ways that leave stray asterisks. A word may gain a look, never lose one."""
    i = 0
    while i < len(cells):
        if cells[i].ws or cells[i].punct:
            i += 1
            continue
        j = i
        while j < len(cells) and not (cells[j].ws or cells[j].punct):
            j += 1
        look = frozenset().union(*(c.style for c in cells[i:j]))
        for c in cells[i:j]:
            c.style = look
        i = j


def _share_whitespace(cells: list[_Cell]) -> None:
    """Whitespace takes the look its two neighbours share, so no marker sits next to a space on its
    inner side (``** x**`` is not emphasis)."""
    i = 0
    while i < len(cells):
        if cells[i].ws:
            j = i
            while j < len(cells) and cells[j].ws:
                j += 1
            before = cells[i - 1].style if i > 0 else frozenset()
            after = cells[j].style if j < len(cells) else frozenset()
            for x in cells[i:j]:
                x.style = before & after
            i = j
        else:
            i += 1


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


# ---------------------------------------------------------------- blocks


@dataclass
class _Chunk:
    """One block, written: its lines, what it is, and how a list in it begins and ends."""

    lines: list[str]
    kind: str  # "para", "list", "break", "other"
    interrupts: bool = False  # a list that may follow a paragraph line without a blank line
    marker: str = ""  # a bullet list's marker, or an ordered list's delimiter ("." or ")")
    ordered: bool = False
    next_number: int = 0  # an ordered list: the number its next item would have


def _ordered_marker(numbering: d.Numbering, items) -> str | None:
    """"." or ")" when ``items`` can be a CommonMark ordered list with these labels, else None."""
    if numbering.style != "decimal" or numbering.prefix or numbering.delimiter not in ("period", "paren"):
        return None
    if numbering.start < 0 or numbering.start + len(items) - 1 > _MAX_ORDERED:
        return None
    delim = "." if numbering.delimiter == "period" else ")"
    for k, item in enumerate(items):
        if item.label != f"{numbering.start + k}{delim}":
            return None
    return delim


class MarkdownWriter(Visitor):
    name = "md"

    def __init__(self, options=None):
        self.options = options

    # ------------------------------------------------------------ the document

    def write(self, document: d.Document) -> str:
        chunks = self.blocks(document.blocks)
        return self.join(chunks) + "\n"

    def blocks(self, blocks) -> list[_Chunk]:
        """Each block written (those that write nothing left out), in order."""
        chunks: list[_Chunk] = []
        for block in blocks:
            chunk = self.dispatch(block, chunks[-1] if chunks else None)
            if chunk is None or not chunk.lines:
                continue
            if chunk.kind == "break" and (not chunks or chunks[-1].kind == "break"):
                continue
            chunks.append(chunk)
        while chunks and chunks[-1].kind == "break":
            chunks.pop()
        return chunks

    @staticmethod
    def join(chunks: list[_Chunk]) -> str:
        return "\n\n".join("\n".join(c.lines) for c in chunks)

    # ------------------------------------------------------------ runs

    def runs(self, runs, **kw) -> list[str]:
        for r in runs:  # fail loudly on a run type this writer does not know
            self.dispatch(r)
        return inline(runs, **kw)

    def visit_Run(self, run: d.Run):
        return run

    def visit_BlankLine(self, blank: d.BlankLine):
        return blank

    def visit_Answer(self, answer: d.Answer):
        return answer

    def _para(self, runs, **kw) -> _Chunk | None:
        lines = self.runs(runs, **kw)
        if lines == [""]:
            return None
        return _Chunk(lines, "para")

    # ------------------------------------------------------------ blocks

    def visit_TitleBlock(self, tb: d.TitleBlock, prev=None) -> _Chunk:
        parts: list[list[str]] = []
        if tb.church:
            parts.append(self.runs((d.Run(tb.church),)))
        if tb.label:
            parts.append(self.runs((d.Run(tb.label, italic=True),)))
        title = self.runs(tb.title, heading=True, line_start=False)[0]
        parts.append(["# " + title] if title else [""])
        if tb.subtitle:
            parts.append(self.runs(tb.subtitle, extra=frozenset({ITALIC})))
        for line in tb.meta:
            parts.append(self.runs((d.Run(line),)))
        parts = [p for p in parts if p != [""]]
        lines: list[str] = []
        for p in parts:
            if lines:
                lines.append("")
            lines.extend(p)
        return _Chunk(lines, "other")

    def visit_Heading(self, h: d.Heading, prev=None) -> _Chunk | None:
        text = self.runs(h.runs, heading=True, line_start=False)[0]
        return _Chunk(["#" * min(6, max(2, h.level + 1)) + " " + text], "other") if text else None

    def visit_Paragraph(self, p: d.Paragraph, prev=None) -> _Chunk | None:
        extra = frozenset({ITALIC}) if p.style in _ITALIC_STYLES else frozenset()
        return self._para(p.runs, extra=extra)

    def visit_Quote(self, q: d.Quote, prev=None) -> _Chunk | None:
        body = self.runs(q.runs)
        credit = self.runs(q.credit) if q.credit else [""]
        lines = [] if body == [""] else list(body)
        if credit != [""]:
            if lines:
                lines.append("")
            lines.extend(credit)
        return _Chunk(_quoted(lines), "other") if lines else None

    def visit_Note(self, n: d.Note, prev=None) -> _Chunk | None:
        body = self.runs(n.runs)
        return _Chunk(_quoted(body), "other") if body != [""] else None

    def visit_WritingLines(self, w: d.WritingLines, prev=None) -> None:
        return None

    def visit_PageBreak(self, _: d.PageBreak, prev=None) -> _Chunk:
        return _Chunk(["---"], "break")

    def visit_List(self, lst: d.List, prev: _Chunk | None = None) -> _Chunk | None:
        if not lst.items:
            return None
        numbering = lst.numbering
        delim = _ordered_marker(numbering, lst.items)
        if delim and prev is not None and prev.kind == "list" and prev.ordered and prev.marker == delim \
                and prev.next_number != numbering.start:
            delim = None  # it would run on from the list before it with the wrong numbers
        bullet = "*" if prev is not None and prev.kind == "list" and not prev.ordered and prev.marker == "-" \
            and delim is None else "-"

        written = []  # (marker, lines of its content, whether they hold a blank line)
        for k, item in enumerate(lst.items):
            if delim:
                marker, label = f"{numbering.start + k}{delim}", None
            else:
                marker = bullet
                label = None if numbering.style == "bullet" and item.label == numbering.symbol \
                    else (item.label or None)
            written.append((marker, *self.item(item, label)))

        loose = any(blank for _, _, blank in written)
        lines: list[str] = []
        for marker, content, _ in written:
            if lines and loose:
                lines.append("")
            pad = " " * (len(marker) + 1)
            if content:
                lines.append(f"{marker} {content[0]}" if content[0] else marker)
                lines.extend(pad + line if line else "" for line in content[1:])
            else:
                lines.append(marker)
        first = written[0][1]
        interrupts = bool(first and first[0]) and (not delim or numbering.start == 1)
        return _Chunk(lines, "list", interrupts=interrupts, marker=delim or bullet, ordered=bool(delim),
                      next_number=numbering.start + len(lst.items) if delim else 0)

    def item(self, item: d.ListItem, label: str | None) -> tuple[list[str], bool]:
        """The lines of an item's content (without its marker), and whether a blank line is among
        its blocks (which makes its list loose)."""
        blocks = tuple(item.blocks)
        while blocks and type(blocks[0]) in (d.WritingLines, d.PageBreak):  # they write nothing here
            blocks = blocks[1:]
        chunks: list[_Chunk] = []
        if label is not None:
            head = escape(label, line_start=True)
            if blocks and type(blocks[0]) is d.Paragraph:
                p = blocks[0]
                extra = frozenset({ITALIC}) if p.style in _ITALIC_STYLES else frozenset()
                body = self.runs(p.runs, extra=extra, line_start=False)
                body[0] = f"{head} {body[0]}" if body[0] else head
                chunks.append(_Chunk(body, "para"))
                blocks = blocks[1:]
            else:
                chunks.append(_Chunk([head], "para"))
        chunks.extend(self.blocks(blocks))
        lines: list[str] = []
        blank = False
        for k, chunk in enumerate(chunks):
            if k:
                if chunks[k - 1].kind == "para" and chunk.kind == "list" and chunk.interrupts:
                    pass  # a list may follow a paragraph line directly
                else:
                    lines.append("")
                    blank = True
            lines.extend(chunk.lines)
        return lines, blank


def _quoted(lines: list[str]) -> list[str]:
    return [f"> {line}" if line else ">" for line in lines]


def write(document: d.Document, options=None) -> bytes:
    """``document`` as UTF-8 CommonMark."""
    return MarkdownWriter(options).write(document).encode("utf-8")
