"""The Markdown writer: the render tree as CommonMark, for a church app's sermon-notes field, an
e-mail or a web page. It must read well as plain text too, so it writes the simplest Markdown
that means the right thing, and escapes only what could be read as markup where it stands.

What the tree says and how it comes out (the tree decides every word; this writer adds none):

- ``TitleBlock``: the church as a plain line, the edition label as ``*label*``, the title as the
  document's only ``#`` heading, the subtitle in italics, then each meta line as a paragraph of
  its own (separate paragraphs render cleanly everywhere; trailing-space hard breaks get eaten by
  editors and e-mail, backslash breaks read badly as plain text). The logo is a picture and is
  not drawn; a QR code is its caption, the address in it a link to the full address.
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

from dataclasses import dataclass

from .. import document as d
from ..qr import short_address
from ._md_inline import _ITALIC_STYLES, _MAX_ORDERED, ITALIC, escape, inline
from .base import Visitor

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
        if tb.qr:  # no picture in Markdown: the caption, its address a link
            caption, short = tb.qr_caption or tb.qr, short_address(tb.qr)
            words = caption[:-len(short)].rstrip() if caption.endswith(short) else caption
            link = f"[{escape(short)}](<{tb.qr}>)"
            parts.append([(self.runs((d.Run(words),))[0] + " " if words else "") + link])
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
