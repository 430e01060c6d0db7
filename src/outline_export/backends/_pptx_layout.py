"""The slides writer's plan, before any drawing: which slide each block goes on, and how many lines
each paragraph takes there. Pure Python (no python-pptx), so it can be read and tested on its own.

Every paragraph is wrapped here with the theme's own font files (``WriterOptions.text_width``) at
the slide sizes below, and a section's blocks are dealt onto slides until the next one would not
fit: a section too long for one slide goes on over several, the later ones headed
``document.control("continued", heading=...)``. Nothing is shrunk to fit (see docs/slides.md).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from outline_export import document as d
from outline_export import fontmetrics
from outline_export.layout import face_name
from outline_export.backends.base import UnknownNode, Visitor

BODY = 28.0  # points: the body text of every slide, at least this (big enough for the back row)
MARGIN_X = 48.0  # points, left and right of the text
MARGIN_TOP = 32.0
MARGIN_BOTTOM = 30.0
HEADING_GAP = 10.0  # between a slide's heading and its text
FIT = 0.95  # a line is filled to this share of the box's width: room for a renderer's own metrics
MIN_LEADING = 1.2  # lines at least this many times their size apart (so no ascender is clipped)
# Styles whose size may stay below BODY: what a reader need not read from the back row.
SMALL_STYLES = ("translations", "meta", "label")
_SPACE = re.compile(r"( +)")


@dataclass(frozen=True)
class Atom:
    """A piece of a line in one look: text, a blank (``blank``) or a line break (``br``)."""

    text: str
    font: str  # a family key of the theme's fonts
    size: float
    bold: bool = False
    italic: bool = False
    color: str = "#000000"
    blank: d.BlankLine | None = None
    answer: bool = False  # an Answer run: shown highlighted
    br: bool = False  # a forced line break (inside a word longer than a line)


@dataclass
class Entry:
    """One paragraph on a slide: its style, label, indents and lines (lists of atoms)."""

    style: str
    lines: list[list[Atom]]
    leading: float
    space_before: float
    space_after: float
    align: str = "left"
    label: tuple[Atom, ...] = ()
    left: float = 0.0  # where the label hangs, from the text box's left edge
    gutter: float = 0.0  # from the label to the text
    keep_next: bool = False

    @property
    def height(self) -> float:
        return self.space_before + len(self.lines) * self.leading + self.space_after


@dataclass
class Slide:
    """One slide before reveals: a heading (an entry, or None), entries, speaker notes."""

    kind: str  # "title", "content", "quote", "big_idea", "credit"
    heading: Entry | None = None
    entries: list[Entry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    block: d.TitleBlock | None = None
    used: float = 0.0  # height of the entries
    room: float = 0.0  # height the entries may take

    def blanks(self) -> list[d.BlankLine]:
        """The blanks to reveal, in number order (those with a number and an answer)."""
        entries = ([self.heading] if self.heading is not None else []) + self.entries
        found = {a.blank.number: a.blank for e in entries for line in e.lines for a in line
                 if a.blank is not None and a.blank.number and a.blank.answer is not None}
        return [found[n] for n in sorted(found)]


class Measure:
    """Styles at slide size and widths of text in them, from the theme's font files."""

    def __init__(self, options):
        self.options = options
        self.theme = options.theme
        self.width, self.height = _slide_size(options.slides)
        self.box = self.width - 2 * MARGIN_X
        self._styles: dict = {}
        self._widths: dict = {}
        self._chains: dict = {}

    def style(self, name: str, scale: float = 1.0):
        key = (name, scale)
        hit = self._styles.get(key)
        if hit is None:
            try:
                s = self.theme.style(name, BODY)
            except KeyError:
                s = self.theme.style("body", BODY)
            size = s.size if name in SMALL_STYLES or name.startswith(("title", "subtitle", "church")) \
                else max(s.size, BODY)
            size *= scale
            hit = self._styles[key] = replace(s, size=size, leading=max(s.leading * size / s.size, size * MIN_LEADING),
                                              space_before=s.space_before * scale, space_after=s.space_after * scale)
        return hit

    def text(self, text: str, font: str, size: float, bold: bool, italic: bool) -> float:
        key = (text, font, size, bold, italic)
        w = self._widths.get(key)
        if w is None:
            base = self.style("body")
            st = replace(base, font=font, size=size, italic=italic)
            chain = None if text.isascii() else self._chain(font, bold, italic)
            if not chain:
                w = self.options.text_width(text, st, bold=bold)
            else:  # Hangul in the East Asian font (a:ea), other letters the font lacks in a fallback
                w = fontmetrics.chain_width(chain, text, size)
            self._widths[key] = w
        return w

    def _chain(self, font: str, bold: bool, italic: bool) -> fontmetrics.Chain:
        """The font files a run of ``font`` is measured with: its own, the East Asian family's (as
        the slide's a:ea font), then the theme's fallbacks; each read only when needed."""
        key = (font, bold, italic)
        hit = self._chains.get(key)
        if hit is None:
            families = dict.fromkeys((font, fontmetrics.east_asian_family(self.theme, font), *self.theme.fallbacks))
            hit = self._chains[key] = fontmetrics.Chain(
                [self.theme.fonts.get(family, {}).get(face_name(bold, italic)) for family in families])
        return hit

    def underscores(self, blank: d.BlankLine, a: Atom) -> int:
        """How many underscores draw ``blank`` about ``blank.width`` ems long (at least three)."""
        one = self.text("_", a.font, a.size, False, False) or a.size / 2
        return max(3, round(blank.width * a.size / one))

    def atom(self, a: Atom) -> float:
        if a.blank is not None:
            drawn = self.underscores(a.blank, a) * self.text("_", a.font, a.size, False, False)
            answer = self.text(a.blank.answer or "", a.font, a.size, True, a.italic)
            return max(drawn, answer)  # the same line holds the blank and its answer
        return self.text(a.text, a.font, a.size, a.bold or a.answer, a.italic)

    # ------------------------------------------------------------ runs to atoms to lines

    def atoms(self, runs, style) -> list[Atom]:
        out = []
        for r in runs:
            if type(r) is d.Run:
                role = self.theme.role(r.role) if r.role else None
                font = (role.font if role and role.font else style.font)
                size = style.size * (role.scale if role and role.scale else 1.0)
                bold = (role.bold if role and role.bold is not None else r.bold or style.bold)
                italic = (role.italic if role and role.italic is not None else r.italic or style.italic)
                color = (role.color if role and role.color else style.color)
                out.append(Atom(r.text, font, size, bold, italic, color))
            elif type(r) is d.BlankLine:
                out.append(Atom("", style.font, style.size, False, style.italic, style.color, blank=r))
            elif type(r) is d.Answer:
                out.append(Atom(r.text, style.font, style.size, True, style.italic, self.theme.color("accent"),
                                answer=True))
            else:
                raise UnknownNode(f"the pptx backend cannot draw a {type(r).__name__} node")
        return out

    def wrap(self, atoms: list[Atom], width: float) -> list[list[Atom]]:
        """``atoms`` broken into lines at most ``width`` points wide, at spaces only (a renderer that
        also breaks after a hyphen then needs no more lines than this). A word longer than a line
        is cut between letters with a forced break, so it never runs off the slide."""
        words: list[list[Atom]] = [[]]  # words; a space atom ends one
        for a in atoms:
            if a.blank is not None:
                words[-1].append(a)
                continue
            for piece in _SPACE.split(a.text):
                if not piece:
                    continue
                if piece.isspace():
                    words[-1].append(replace(a, text=piece))
                    words.append([])
                else:
                    words[-1].append(replace(a, text=piece))
        lines: list[list[Atom]] = []
        line: list[Atom] = []
        used = 0.0
        for word in words:
            if not word:
                continue
            body = [a for a in word if not (a.text.isspace() and a.blank is None)]
            need = sum(self.atom(a) for a in body)
            trail = sum(self.atom(a) for a in word if a not in body)
            if line and used + need > width:
                lines.append(line)
                line, used = [], 0.0
            if not line and need > width:  # one word longer than the line: cut it
                for piece in self._cut(body, width):
                    line.extend(piece)
                    line.append(replace(piece[-1], text="", br=True))
                line.pop()
                used = sum(self.atom(a) for a in line[_last_br(line):])
                line.extend(a for a in word if a not in body)
                used += trail
                continue
            line.extend(word)
            used += need + trail
        if line:
            lines.append(line)
        return lines or [[]]

    def _cut(self, atoms: list[Atom], width: float) -> list[list[Atom]]:
        pieces: list[list[Atom]] = [[]]
        used = 0.0
        for a in atoms:
            if a.blank is not None:
                pieces[-1].append(a)
                used += self.atom(a)
                continue
            start = 0
            for i, ch in enumerate(a.text):
                w = self.text(ch, a.font, a.size, a.bold or a.answer, a.italic)
                if used + w > width and (i > start or pieces[-1]):
                    if i > start:
                        pieces[-1].append(replace(a, text=a.text[start:i]))
                    pieces.append([])
                    start, used = i, 0.0
                used += w
            if start < len(a.text):
                pieces[-1].append(replace(a, text=a.text[start:]))
        return [p for p in pieces if p]

    def entry(self, runs, style_name: str, left: float = 0.0, label: str = "", gutter: float = 0.0,
              keep_next: bool = False, width: float | None = None, scale: float = 1.0) -> Entry:
        s = self.style(style_name, scale)
        width = (self.box if width is None else width) * FIT - left - gutter
        lab = tuple(self.atoms((d.Run(label),), s)) if label else ()
        return Entry(style_name, self.wrap(self.atoms(runs, s), width), s.leading, s.space_before, s.space_after,
                     s.align, lab, left, gutter, keep_next)


def _last_br(line: list[Atom]) -> int:
    for i in range(len(line) - 1, -1, -1):
        if line[i].br:
            return i + 1
    return 0


def _slide_size(shape: str) -> tuple[float, float]:
    from outline_export.layout import SLIDES

    return SLIDES.get(shape, SLIDES["16:9"])


def _plain(runs) -> str:
    return "".join(r.text if type(r) is not d.BlankLine else "___" for r in runs)


class Planner(Visitor):
    """Deals a document's blocks onto slides."""

    name = "pptx"

    def __init__(self, doc: d.Document, options):
        self.doc = doc
        self.m = Measure(options)
        self.slides: list[Slide] = []
        self.heading: tuple | None = None  # the runs of the current section's heading
        self.shown = True  # the heading has been drawn on a slide already
        self.pending: list = []  # Entry or str (a speaker note) of the slide(s) being gathered
        self.credit: tuple | None = None  # the translations line, for the last slide

    def plan(self) -> list[Slide]:
        for b in self.doc.blocks:
            self.dispatch(b, 0.0)
        self.flush()
        if self.credit is not None:
            self._place_credit()
        return self.slides

    # ------------------------------------------------------------ dealing onto slides

    def _heading_entry(self, first: bool) -> Entry | None:
        if self.heading is None:
            return None
        if first:
            return self.m.entry(self.heading, "heading1")
        runs = list(self.heading)  # its reference left out: the first slide gave it
        while runs and type(runs[-1]) is d.Run and (runs[-1].role == "ref" or not runs[-1].text.strip()):
            runs.pop()
        if runs and type(runs[-1]) is d.Run:
            runs[-1] = replace(runs[-1], text=runs[-1].text.rstrip())
        before, _, after = self.doc.control("continued", heading="\0").partition("\0")
        return self.m.entry((d.Run(before), *runs, d.Run(after)), "heading1")

    def flush(self, kind: str = "content") -> None:
        """Deal the gathered entries onto as many slides as they need."""
        items, self.pending = self.pending, []
        if not any(isinstance(x, Entry) for x in items) and self.shown:
            if items and self.slides:  # notes with nothing to show: the slide before
                self.slides[-1].notes.extend(items)
            elif items:
                self.pending = items
            return
        groups: list[list] = [[]]
        for x in items:  # entries kept with the next go on a slide with it; a note with what it follows
            if not isinstance(x, Entry) and not groups[-1] and len(groups) > 1:
                groups[-2].append(x)
                continue
            groups[-1].append(x)
            if isinstance(x, Entry) and not x.keep_next:
                groups.append([])
        slide = self._new(kind)
        for group in groups:
            need = sum(e.height for e in group if isinstance(e, Entry))
            if slide.entries and slide.used + need > slide.room:
                slide = self._new(kind)
            for x in group:
                if not isinstance(x, Entry):
                    slide.notes.append(x)
                    continue
                if slide.entries and slide.used + x.height > slide.room:
                    slide = self._new(kind)
                for part in self._split(x, slide.room - slide.used, self._room(kind, False)):
                    if slide.entries and slide.used + part.height > slide.room:
                        slide = self._new(kind)
                    slide.entries.append(part)
                    slide.used += part.height

    def _room(self, kind: str, first: bool, heading: Entry | None = None) -> float:
        room = self.m.height - MARGIN_TOP - MARGIN_BOTTOM
        if heading is None and kind == "content" and self.heading is not None:
            heading = self._heading_entry(first)
        if heading is not None:
            room -= heading.height - heading.space_before - heading.space_after + HEADING_GAP
        return room

    def _new(self, kind: str) -> Slide:
        first = not self.shown
        heading = self._heading_entry(first) if kind == "content" else None
        self.shown = True
        slide = Slide(kind, heading, room=self._room(kind, first, heading))
        self.slides.append(slide)
        return slide

    def _split(self, e: Entry, room_now: float, room: float) -> list[Entry]:
        """``e`` whole, or cut between lines when it is taller than a slide."""
        if e.height <= room:
            return [e]
        per = max(1, int((room - e.space_before - e.space_after) // e.leading))
        first = max(1, int((room_now - e.space_before - e.space_after) // e.leading)) if room_now > e.leading else per
        out, lines, n = [], e.lines, first
        while lines:
            out.append(replace(e, lines=lines[:n], label=e.label if not out else (), keep_next=False))
            lines, n = lines[n:], per
        return out

    def _place_credit(self) -> None:
        last = self.slides[-1] if self.slides else None
        entry = self.m.entry(self.credit, "translations")
        if last is None or last.kind == "title" or last.used + entry.height > last.room:
            last = Slide("credit", room=self.m.height - MARGIN_TOP - MARGIN_BOTTOM)
            self.slides.append(last)
        last.entries.append(entry)
        last.used += entry.height

    # ------------------------------------------------------------ blocks

    def visit_TitleBlock(self, b: d.TitleBlock, left: float) -> None:
        self.flush()
        self.slides.append(Slide("title", block=b))

    def visit_Heading(self, h: d.Heading, left: float) -> None:
        if h.level <= 1:
            self.flush()
            self.heading, self.shown = h.runs, False
            return
        level = min(h.level, 3)
        self.pending.append(self.m.entry(h.runs, f"heading{level}", left, keep_next=True))

    def visit_Paragraph(self, p: d.Paragraph, left: float) -> None:
        if p.style in d.SPEAKER_STYLES:
            self.pending.append(_plain(p.runs))
        elif p.style == "translations":
            self.credit = p.runs
        elif p.style == "big_idea":
            self._alone("big_idea", [self.m.entry(p.runs, "big_idea")])
        else:
            self.pending.append(self.m.entry(p.runs, p.style, left, keep_next=p.keep_with_next))

    def _alone(self, kind: str, entries: list) -> None:
        """Slides of their own (a quotation, the big idea); the section goes on after them."""
        self.flush()
        shown, self.shown = self.shown, True
        heading, self.heading = self.heading, None
        self.pending = entries
        self.flush(kind)
        self.heading, self.shown = heading, shown

    def visit_List(self, lst: d.List, left: float) -> None:
        style = next((it.blocks[0].style for it in lst.items if it.blocks and type(it.blocks[0]) is d.Paragraph),
                     "list")
        s = self.m.style(style)
        widest = max((self.m.text(it.label, s.font, s.size, s.bold, s.italic) for it in lst.items if it.label),
                     default=0.0)
        gutter = math.ceil(widest + s.size * 0.45) if widest else 0.0
        left = min(left, self.m.box * 0.4)
        for it in lst.items:
            labelled = False
            for i, b in enumerate(it.blocks):
                if type(b) is d.Paragraph and not labelled and b.style not in d.SPEAKER_STYLES:
                    keep = b.keep_with_next or any(type(x) is d.List for x in it.blocks[i + 1:])
                    self.pending.append(self.m.entry(b.runs, b.style, left, it.label, gutter, keep))
                    labelled = True
                else:
                    self.dispatch(b, left + gutter)
            if not labelled and it.label:
                self.pending.append(self.m.entry((), style, left, it.label, gutter))

    def visit_Quote(self, q: d.Quote, left: float) -> None:
        entries = [self.m.entry(q.runs, "quote")]
        if q.credit:
            entries.append(self.m.entry(q.credit, "quote_ref"))
            entries[0].keep_next = False
        self._alone("quote", entries)

    def visit_Note(self, n: d.Note, left: float) -> None:
        self.pending.append(_plain(n.runs))

    def visit_WritingLines(self, w: d.WritingLines, left: float) -> None:
        pass  # lines to write on are for paper and a phone page; the view sends slides none

    def visit_PageBreak(self, b: d.PageBreak, left: float) -> None:
        self.flush()


def plan(doc: d.Document, options) -> tuple[list[Slide], Measure]:
    planner = Planner(doc, options)
    return planner.plan(), planner.m
