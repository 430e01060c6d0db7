"""The Markdown reader (.md, .markdown): markdown-it-py's tokens as ``Line`` records.

Any Markdown: the first ``#`` heading is the title, ``##`` and deeper are headings (level 1 is
the title's next level); list items are items with their nesting depth, their marker as written
("1.", "-", "*") and, in an ordered list, their number as the file counts it; an item's further
paragraphs are "text" lines right after it (its detail); block quotations are quotes, a last
paragraph "— Reference (TRANSL)" split off as the credit. Inline markup: see ``_md_inline``.

Its own speaker notes (``outline-export render -k notes -f md``), in any language the tool has,
are recognised by the edition label line ("*Speaker Notes*", "*Notas del predicador*") above the
title, which also says their language (``_md_words``), and read back as the outline they came from
(``_md_notes``): title block lines, timing, notes, audience tags, outline labels, closings.
See docs/import-markdown.md.
"""

from __future__ import annotations

import re

from .lines import Line, Note
from ._md_inline import WORD_JOINER, html_text, inline

# "I. ", "A. ", "1.2. ", "(a) ", "a) " at the start of a bullet item: a label the writer printed
_LABEL = re.compile(r"^(\((?:[0-9]+|[A-Za-z]+)\)|[0-9]+(?:\.[0-9]+)+\.|(?:[IVXLCDM]+|[ivxlcdm]+|[A-Za-z]|[0-9]+)[.)])\s+")
_CREDIT = re.compile(r"^[—–―]\s*(.+)$")


def _parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def _decode(data: bytes) -> tuple[str, list[Note]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        return data.decode("cp1252", errors="replace"), [
            Note(line, "not UTF-8: read as Windows-1252; check the accented letters and quotes", doubt=True)]


class _Reader:
    def __init__(self, tokens, note_labels=()):
        self.tokens = tokens
        self.note_labels = list(note_labels)  # patterns of "**Note:** " in the file's language(s)
        self.lines: list[Line] = []
        self.notes: list[Note] = []
        self.lists: list[dict] = []  # the lists open: ordered, marker, the next number, depth
        self.item_open: list[bool] = []  # per open list item: whether its first paragraph is still to come
        self.title_seen = False
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
        first_h1 = bool(levels) and levels[0] == 1
        self.base = 2 if first_h1 else min(levels, default=1)  # the headings' top level ("##" under a "#" title)
        self.has_title = first_h1

    # ---------------------------------------------------------------- helpers

    def add(self, text: str, tok, **kw) -> None:
        line = (tok.map[0] + 1) if tok is not None and tok.map else (self.lines[-1].line if self.lines else 1)
        self.lines.append(Line(text, line, **kw))

    @property
    def depth(self) -> int:
        """The nesting depth of the innermost list item open, -1 outside lists."""
        return len(self.lists) - 1

    def _close(self, k: int, open_type: str, close_type: str) -> int:
        """The index of the token closing the one at ``k``."""
        nest = 0
        for j in range(k, len(self.tokens)):
            t = self.tokens[j].type
            if t == open_type:
                nest += 1
            elif t == close_type:
                nest -= 1
                if nest == 0:
                    return j
        return len(self.tokens) - 1

    # ---------------------------------------------------------------- blocks

    def read(self) -> None:
        toks = self.tokens
        k = 0
        while k < len(toks):
            t = toks[k]
            kind = t.type
            if kind == "heading_open":
                self.heading(t, toks[k + 1])
                k += 3
                continue
            if kind == "paragraph_open":
                self.paragraph(t, inline(toks[k + 1].children))
                k += 3
                continue
            if kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind == "ordered_list_open"
                start = int(t.attrGet("start") or 1) if ordered else 0
                self.lists.append({"ordered": ordered, "marker": t.markup, "next": start,
                                   "labelled": (not ordered) and self._labelled(k)})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_open.append(True)
                self.pending_item = t
            elif kind == "list_item_close":
                if self.item_open.pop():  # an item with no paragraph ("-" alone, or "- > quote")
                    self.item("", self.pending_item)
            elif kind == "blockquote_open":
                end = self._close(k, "blockquote_open", "blockquote_close")
                self.start_item_if_open(t)
                self.blockquote(t, toks[k + 1:end])
                k = end + 1
                continue
            elif kind in ("code_block", "fence"):
                self.start_item_if_open(t)
                for n, text in enumerate(t.content.splitlines()):
                    if text.strip():
                        self.lines.append(Line(_esc(text.strip()), t.map[0] + 1 + n + (kind == "fence"),
                                               level=self.depth, source="code"))
            elif kind == "html_block":
                text = html_text(t.content).strip()
                if text:
                    self.start_item_if_open(t)
                    self.add(_esc(re.sub(r"\s+", " ", text)), t, level=self.depth, source="HTML")
            elif kind == "tr_open":
                end = self._close(k, "tr_open", "tr_close")
                cells = [inline(x.children) for x in toks[k:end] if x.type == "inline"]
                cells = [c for c in cells if c]
                if cells:
                    self.add(" · ".join(cells), t, source="table row")
                k = end + 1
                continue
            elif kind == "hr":
                pass  # a thematic break: no words
            k += 1

    def _labelled(self, k: int) -> bool:
        """Whether every item of the bullet list opening at ``k`` starts with an outline label
        ("A. ", "(a) ", "1.1. "): the list the Markdown writer prints for labels Markdown has no
        list for."""
        end = self._close(k, self.tokens[k].type, self.tokens[k].type.replace("_open", "_close"))
        nest, firsts, seen = 0, [], False
        for t in self.tokens[k + 1:end]:
            if t.type in ("bullet_list_open", "ordered_list_open"):
                nest += 1
            elif t.type in ("bullet_list_close", "ordered_list_close"):
                nest -= 1
            elif nest == 0 and t.type == "list_item_open":
                seen = False
            elif nest == 0 and t.type == "inline" and not seen:
                firsts.append(t.content)
                seen = True
        return bool(firsts) and all(_LABEL.match(x) for x in firsts)

    def start_item_if_open(self, tok) -> None:
        """A block that starts a list item (no paragraph first): the item, empty, comes first."""
        if self.item_open and self.item_open[-1]:
            self.item_open[-1] = False
            self.item("", self.pending_item)

    def heading(self, t, inl) -> None:
        text = inline(inl.children)
        if not self.title_seen and self.has_title and t.tag == "h1":
            self.title_seen = True
            self.add(text, t, kind="title", source="# heading")
            return
        level = max(1, int(t.tag[1]) - self.base + 1)
        self.add(text, t, kind="heading", level=level, source=f"{t.markup} heading")

    def paragraph(self, t, text: str) -> None:
        if self.item_open and self.item_open[-1]:
            self.item_open[-1] = False
            self.item(text, self.pending_item)
            return
        if text:
            self.add(text, t, level=self.depth, source="paragraph")

    def item(self, text: str, tok) -> None:
        lst = self.lists[-1]
        marker, numbering, start = lst["marker"], "bullets", 0
        if lst["ordered"]:
            start = int(tok.info) if tok.info.isdigit() else lst["next"]
            lst["next"] = start + 1
            marker, numbering = f"{start}{lst['marker']}", "decimal"
        elif lst["labelled"]:
            m = _LABEL.match(text)
            marker, text = m.group(1), text[m.end():]
            numbering = "decimal" if re.fullmatch(r"[0-9]+(?:\.[0-9]+)+\.", marker) else "outline"
        self.add(text, tok, kind="item", level=self.depth, marker=marker, numbering=numbering, start=start,
                 source="numbered list" if lst["ordered"] else ("labelled list" if lst["labelled"] else "bullet list"))

    def blockquote(self, t, inner) -> None:
        """A quotation (its last paragraph a credit when it starts with a dash), or a speaker
        note ("**Note:** ..."). Lists and quotations inside it become its paragraphs."""
        paras = [(tok, inline(tok.children)) for tok in inner if tok.type == "inline"]
        paras += [(tok, _esc(html_text(tok.content).strip())) for tok in inner if tok.type == "html_block"]
        paras = [(tok, p) for tok, p in paras if p]
        if not paras:
            return
        first_tok, first = paras[0]
        line = (t.map[0] + 1) if t.map else 1
        label = next((m for m in (p.match(first) for p in self.note_labels) if m), None)
        if label:
            for n, (tok, p) in enumerate(paras):
                p = p[label.end():] if n == 0 else p
                self.lines.append(Line(p, tok.map[0] + 1 if tok.map else line, kind="note",
                                       level=self.depth, source="> **Note:**"))
            return
        credit = ""
        if len(paras) > 1:
            m = _CREDIT.match(paras[-1][1])
            if m:
                credit = m.group(1).replace("\u00a0", " ").replace(WORD_JOINER, "")
                paras = paras[:-1]
        text = " ".join(p for _, p in paras)
        # a quotation in a list item is a point under it: one level deeper than the item
        self.lines.append(Line(text, line, kind="quote", level=self.depth + 1, credit=credit, source="blockquote"))


def _esc(text: str) -> str:
    from ._md_inline import escape

    return escape(text)


def read(data: bytes, path: str) -> tuple[list[Line], list[Note]]:
    """The Markdown file's paragraphs as Lines, in reading order, and what the reader noticed."""
    from . import _md_notes, _md_words

    text, notes = _decode(data)
    tokens = _parser().parse(text)
    language = _edition_language(tokens)
    r = _Reader(tokens, _md_words.note_patterns(language))
    r.read()
    lines, notes = r.lines, notes + r.notes
    language = _md_notes.is_speaker_notes(lines)
    if language:
        lines, more = _md_notes.recognise(lines, language)
        notes += more
    return lines, notes


def _edition_language(tokens) -> str | None:
    """The language of outline-export's speaker notes whose edition label ("*Speaker Notes*",
    "*Notas del predicador*") stands before the first heading, or None."""
    from . import _md_notes, _md_words

    for t in tokens:
        if t.type == "heading_open":
            return None
        if t.type == "inline":
            code = _md_words.language_of(_md_notes.italic(inline(t.children)))
            if code:
                return code
    return None
