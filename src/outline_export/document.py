"""The render tree: what a backend draws. A small closed set of frozen blocks and inline runs.

Views build it from an outline; backends (docx, pdf, ...) draw it and know nothing of where it
came from. A backend must handle every block and run type here, or fail loudly on one it does not
know (see ``backends.base.Backend``), so a new kind of block can never vanish from one format.

Paragraph styles are names, looked up in the theme (``themes/<name>/theme.yaml``):
  title, subtitle, meta, label, big_idea, heading1, heading2, heading3, body, detail, closing,
  quote, quote_ref, note, timing, question, answer_key, footer, translations
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


# ---------------------------------------------------------------- inline runs

@dataclass(frozen=True)
class Run:
    """Words in one look. Text is literal: backends escape it, never interpret it."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class BlankLine:
    """A blank to write in, drawn as an underline ``width`` ems long (ems of the paragraph's size).

    ``number`` is printed small before the line on worksheets (None: no number)."""

    width: float
    number: int | None = None


@dataclass(frozen=True)
class Answer:
    """A blank's answer shown in place (speaker notes): highlighted, with the blank's number."""

    text: str
    number: int | None = None


Inline = Union[Run, BlankLine, Answer]


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class TitleBlock:
    """The top of page one: church line, title, subtitle, meta lines (passage, speaker, date, series)."""

    title: tuple[Inline, ...]
    subtitle: tuple[Inline, ...] = ()
    meta: tuple[str, ...] = ()  # each drawn as its own line in the "meta" style
    label: str | None = None  # edition label, e.g. "Speaker Notes", "Worksheet", "Youth Group"
    church: str | None = None
    logo: str | None = None  # path to a PNG/JPEG file


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1) or sub-heading (2, 3). ``ref`` is printed after it, smaller."""

    level: int
    runs: tuple[Inline, ...]
    ref: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """Running text in one of the theme's paragraph styles."""

    runs: tuple[Inline, ...]
    style: str = "body"


@dataclass(frozen=True)
class ListItem:
    """One point of a list. Items with the same ``list_id`` form one list (numbering restarts per list).

    ``level`` 0 is the top. ``kind`` is the label scheme at this level:
    "upper-roman" (I.), "upper-letter" (A.), "decimal" (1.), "lower-letter" (a.), "lower-roman" (i.),
    "decimal-paren" ((1)),
    "multilevel" (1.1.), "bullet", "none". ``label`` is the label text the view computed (e.g. "II.",
    "B.", "1.2.", "•", "") so text backends can print it; Word backends use real numbering instead.
    ``ref`` is printed after the text. ``style`` is the paragraph style (list items: "body"; "question").
    """

    list_id: int
    level: int
    kind: str
    label: str
    runs: tuple[Inline, ...]
    ref: str | None = None
    style: str = "body"


@dataclass(frozen=True)
class Quote:
    """A scripture block quotation, indented to ``level`` (0: body margin), reference after it."""

    runs: tuple[Inline, ...]
    ref: str | None = None
    translation: str | None = None
    level: int = 0


@dataclass(frozen=True)
class Note:
    """A speaker-only note, set apart (shaded box); ``level`` indents it under its point."""

    runs: tuple[Inline, ...]
    level: int = 0
    label: str = "Note"


@dataclass(frozen=True)
class WritingLines:
    """``count`` ruled lines to write on, full width (minus ``level`` indents)."""

    count: int
    level: int = 0


@dataclass(frozen=True)
class AnswerKey:
    """Numbered answers, in order: ((1, "golden calf"), (2, "mercy"), ...)."""

    entries: tuple[tuple[int, str], ...]
    title: str = "Answer Key"


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Union[TitleBlock, Heading, Paragraph, ListItem, Quote, Note, WritingLines, AnswerKey, PageBreak]


# ---------------------------------------------------------------- the document

PAPER_SIZES_PT = {  # width, height in PostScript points (1/72 in)
    "letter": (612.0, 792.0),
    "a4": (595.2756, 841.8898),
    "half-letter": (396.0, 612.0),
    "a5": (419.5276, 595.2756),
}


@dataclass(frozen=True)
class PageSetup:
    paper: str = "letter"  # a key of PAPER_SIZES_PT

    @property
    def size(self) -> tuple[float, float]:
        return PAPER_SIZES_PT[self.paper]


@dataclass(frozen=True)
class Meta:
    """Document properties: shown in a PDF reader's title bar, a file manager, a screen reader."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    created: int = 0  # seconds since the epoch (SOURCE_DATE_EPOCH or 0 for reproducible output)


@dataclass(frozen=True)
class Document:
    """One document to draw: properties, page, type size, what the footer says, the blocks."""

    meta: Meta
    blocks: tuple[Block, ...]
    page: PageSetup = field(default_factory=PageSetup)
    body_size: float = 11.0  # points; every theme size is relative to this
    footer: str = "Page {page}"  # "{page}" and "{pages}" are filled in
    theme: str = "default"  # name of a theme folder, or a path to a theme.yaml
    kind: str = "handout"  # handout | notes | worksheet (for the backend's information only)
    docx_template: str | None = None  # a user's .docx whose styles, page setup, header, footer are used
    theme_overrides: tuple[tuple[str, str], ...] = ()  # (body_font | heading_font | accent_color, value)


# ---------------------------------------------------------------- a plain-text writer

def dump(doc: Document) -> str:
    """The render tree as indented text (like docutils' pseudo-XML): for golden tests and debugging.

    Fails loudly on a node it does not know, like every backend."""
    lines = [f"<document kind={doc.kind} paper={doc.page.paper} body_size={doc.body_size:g} "
             f"title={doc.meta.title!r} author={doc.meta.author!r} subject={doc.meta.subject!r}>"]

    def inline(runs) -> str:
        out = []
        for r in runs:
            if isinstance(r, Run):
                mark = ("**" if r.bold else "") + ("*" if r.italic else "")
                out.append(f"{mark}{r.text}{mark[::-1]}")
            elif isinstance(r, BlankLine):
                out.append(f"[blank{' #' + str(r.number) if r.number else ''} {r.width:g}em]")
            elif isinstance(r, Answer):
                out.append(f"[answer{' #' + str(r.number) if r.number else ''}: {r.text}]")
            else:
                raise TypeError(f"dump cannot write a {type(r).__name__} run")
        return "".join(out)

    for b in doc.blocks:
        if isinstance(b, TitleBlock):
            logo = b.logo.replace("\\", "/").rsplit("/", 1)[-1] if b.logo else None  # no machine's folders in goldens
            lines.append(f"  <title label={b.label!r} church={b.church!r} logo={logo!r}> {inline(b.title)}")
            if b.subtitle:
                lines.append(f"    <subtitle> {inline(b.subtitle)}")
            for m in b.meta:
                lines.append(f"    <meta> {m}")
        elif isinstance(b, Heading):
            lines.append(f"  <h{b.level}{' ref=' + repr(b.ref) if b.ref else ''}> {inline(b.runs)}")
        elif isinstance(b, Paragraph):
            lines.append(f"  <p {b.style}> {inline(b.runs)}")
        elif isinstance(b, ListItem):
            ref = f" ref={b.ref!r}" if b.ref else ""
            lines.append(f"  {'  ' * b.level}<li list={b.list_id} {b.kind} {b.label!r}{ref} {b.style}> {inline(b.runs)}")
        elif isinstance(b, Quote):
            lines.append(f"  {'  ' * b.level}<quote ref={b.ref!r} translation={b.translation!r}> {inline(b.runs)}")
        elif isinstance(b, Note):
            lines.append(f"  {'  ' * b.level}<note> {inline(b.runs)}")
        elif isinstance(b, WritingLines):
            lines.append(f"  {'  ' * b.level}<writing-lines {b.count}>")
        elif isinstance(b, AnswerKey):
            lines.append(f"  <answer-key {b.title!r}>")
            lines.extend(f"    {n}. {a}" for n, a in b.entries)
        elif isinstance(b, PageBreak):
            lines.append("  <page-break>")
        else:
            raise TypeError(f"dump cannot write a {type(b).__name__} block")
    return "\n".join(lines) + "\n"
