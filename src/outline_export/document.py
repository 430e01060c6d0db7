"""The render tree: one document, decided. A small closed set of frozen blocks and inline runs.

Views build it from an outline; writers (``backends/``) draw it and decide nothing a reader sees:
every word (labels, references and their brackets, credits, "For: youth"), the nesting and
numbering of lists and what keeps together are here. Like pandoc's ``Pandoc Meta [Block]``, it
carries content only; how it looks (theme, paper, template) reaches a writer beside it, in
``layout.WriterOptions``. A writer handles every block and run type here or fails loudly on one it
does not know (``backends.base.Visitor``), so nothing can vanish from one format.

Paragraph styles and run roles are names the theme styles (``themes/<name>/theme.yaml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

# ---------------------------------------------------------------- inline runs


@dataclass(frozen=True)
class Run:
    """Words in one look. Text is literal: writers escape it, never interpret it.

    ``role`` says what the words are when they are not the author's own (a reference after a
    point, a quotation's credit, a blank's number, a note's label): the theme styles each role."""

    text: str
    bold: bool = False
    italic: bool = False
    role: str | None = None


@dataclass(frozen=True)
class BlankLine:
    """A blank to write in, drawn as a line ``width`` ems long (ems of the paragraph's size).

    ``number`` is the blank's number, the same in every kind and format (the worksheet's, the speaker
    notes', the answer key's; 0: a blank with no answer). ``answer`` is set only in documents for a
    medium that reveals it in its own time (slides, the phone page's check); paper never gets it."""

    width: float
    number: int = 0
    answer: str | None = None


@dataclass(frozen=True)
class Answer:
    """A blank's answer shown in place (speaker notes): highlighted. ``number`` as ``BlankLine``'s."""

    text: str
    number: int = 0


Inline = Union[Run, BlankLine, Answer]

# Roles of runs the views make; a theme styles each (theme.yaml ``roles``).
ROLES = ("ref", "credit", "blank_number", "note_label", "audience", "timing", "divine_name")
# Paragraph styles only the speaker reads: a writer with a speaker's pane (slides) puts them there,
# with every ``Note``.
SPEAKER_STYLES = ("timing", "audience")
# Paragraph styles the views use (theme.yaml ``styles``; a theme may add its own).
STYLES = ("body", "big_idea", "closing", "detail", "list", "question", "answer_key", "timing", "audience",
          "translations")

# ---------------------------------------------------------------- numbering

NUMBER_STYLES = ("upper-roman", "upper-alpha", "decimal", "lower-alpha", "lower-roman", "bullet", "none")
DELIMITERS = ("period", "paren", "parens")  # 1.  1)  (1)

_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def alpha(n: int) -> str:
    """1 -> A, 26 -> Z, 27 -> AA (as Word and LibreOffice count past Z)."""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@dataclass(frozen=True)
class Numbering:
    """How a list is numbered: pandoc's ListAttributes, plus what outlines need.

    ``prefix`` is literal text before the number (a decimal outline's "1.2." before "3."), and
    ``symbol`` the mark of a bullet list. ``label(n)`` is the one place a label is spelt."""

    style: str = "decimal"
    delimiter: str = "period"
    start: int = 1
    prefix: str = ""
    symbol: str = ""

    def __post_init__(self):
        if self.style not in NUMBER_STYLES:
            raise ValueError(f"unknown numbering style {self.style!r}")
        if self.delimiter not in DELIMITERS:
            raise ValueError(f"unknown delimiter {self.delimiter!r}")

    def number(self, n: int) -> str:
        """The number alone: "IV", "d", "12" ("" for bullets and none)."""
        s = self.style
        if s == "upper-roman":
            return roman(n)
        if s == "lower-roman":
            return roman(n).lower()
        if s == "upper-alpha":
            return alpha(n)
        if s == "lower-alpha":
            return alpha(n).lower()
        if s == "decimal":
            return str(n)
        return ""

    def spell(self, number: str) -> str:
        """``number`` with the prefix and delimiter around it: "1.2." + "3" + "."."""
        if self.delimiter == "paren":
            return f"{self.prefix}{number})"
        if self.delimiter == "parens":
            return f"{self.prefix}({number})"
        return f"{self.prefix}{number}."

    def label(self, n: int) -> str:
        """The label of item number ``n``: "IV.", "(d)", "1.2.3.", "•", ""."""
        if self.style == "bullet":
            return self.symbol
        if self.style == "none":
            return ""
        return self.spell(self.number(n))


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class TitleBlock:
    """The top of page one: church line, logo, edition label, title, subtitle, meta lines."""

    title: tuple[Inline, ...]
    subtitle: tuple[Inline, ...] = ()
    meta: tuple[str, ...] = ()  # each its own line in the "meta" style
    label: str | None = None  # edition label, e.g. "Speaker Notes · Youth Group"
    church: str | None = None
    logo: str | None = None  # path to a PNG/JPEG file
    keep_with_next: bool = True
    qr: str | None = None  # text (an address) to print as a QR code under the meta lines
    qr_caption: str | None = None  # the line under the QR code, e.g. "Sermon page: example.org/s/1"


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1) or sub-heading (2, 3); its label and reference are runs."""

    level: int
    runs: tuple[Inline, ...]
    keep_with_next: bool = True


@dataclass(frozen=True)
class Paragraph:
    """Running text in one of the theme's paragraph styles."""

    runs: tuple[Inline, ...]
    style: str = "body"
    keep_with_next: bool = False


@dataclass(frozen=True)
class ListItem:
    """One item: its label (spelt by the view) and its blocks, the first usually its text; the
    rest (detail, notes, quotations, a sub-list, writing lines) are indented with its text."""

    label: str
    blocks: tuple["Block", ...]
    keep_together: bool = False  # on one page with everything in it, unless it is longer than a page


@dataclass(frozen=True)
class List:
    """A list of items, numbered as ``numbering`` says: the k-th item (k from 0) has the label
    ``numbering.label(numbering.start + k)``, which the view spells into ``ListItem.label``."""

    numbering: Numbering
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Quote:
    """A block quotation with its credit ("— Exodus 32:11 (KJV)") as runs (empty: none)."""

    runs: tuple[Inline, ...]
    credit: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Note:
    """A speaker-only note, set apart in a box; its label ("Note:") is a run."""

    runs: tuple[Inline, ...]


@dataclass(frozen=True)
class WritingLines:
    """``count`` ruled lines to write on, the full width left; they stay together. ``label`` names
    the space for a screen reader or a form (a phone page's text box); paper does not print it."""

    count: int
    label: str = ""


@dataclass(frozen=True)
class PageBreak:
    """Start a new page."""


Block = Union[TitleBlock, Heading, Paragraph, List, Quote, Note, WritingLines, PageBreak]
BLOCK_TYPES = (TitleBlock, Heading, Paragraph, List, Quote, Note, WritingLines, PageBreak)
INLINE_TYPES = (Run, BlankLine, Answer)

# ---------------------------------------------------------------- the document


@dataclass(frozen=True)
class Meta:
    """Document properties: shown in a PDF reader's title bar, a file manager, a screen reader."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    created: int = 0  # seconds since the epoch (SOURCE_DATE_EPOCH, else the outline's date)
    identifier: str = ""  # the outline and its date, "two-cycles@2026-03-08": a phone page keeps answers under it
    language: str = "en"  # the document's language (BCP 47), for a screen reader and a browser


@dataclass(frozen=True)
class Document:
    """One document: properties, the words of its page footer, its blocks."""

    meta: Meta
    blocks: tuple[Block, ...]
    footer: str = "Page {page} of {pages}"  # "{page}" and "{pages}" are filled in by the writer
    # The words of a screen's or slide deck's own controls and messages, by key (the language's
    # catalogue [controls], words.Words.controls):
    # "check" -> "Check my answers". Empty for paper.
    controls: tuple[tuple[str, str], ...] = ()
    speaker: bool = False  # for the speaker's eyes (speaker notes): a screen shows it as the pulpit view

    def control(self, key: str, **values) -> str:
        """The words of control ``key``, with ``{name}`` filled from ``values``."""
        return dict(self.controls)[key].format(**values)


# ---------------------------------------------------------------- walking


def walk(blocks):
    """Every block below ``blocks`` in reading order, with its list depth (0: not in a list)."""
    stack = [(b, 0) for b in reversed(blocks)]
    while stack:
        block, depth = stack.pop()
        yield block, depth
        if type(block) is List:
            for item in reversed(block.items):
                stack.extend((b, depth + 1) for b in reversed(item.blocks))


def plain(runs) -> str:
    """The words of runs as text (a blank as ``___``)."""
    return "".join(r.text if type(r) is not BlankLine else "___" for r in runs)
