"""The outline model: a closed set of immutable nodes, each keeping where it came from.

Nothing here knows YAML, files or backends. The loader builds these; views read them.

Inline text is a tuple of spans (``Inline``). The spans are:

- ``Text``      plain words, exactly as written (escapes already removed)
- ``Strong``    ``**strong**``: children are spans
- ``Emphasis``  ``*emphasis*``: children are spans
- ``Blank``     ``___answer___`` (answer given) or a bare ``___`` (free writing, answer None)
- ``Var``       ``${name}``: a variable filled in when a view is built (audiences and settings)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from outline_export.scripture import Reference


@dataclass(frozen=True)
class Pos:
    """Where a node starts in its file: 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


# ---------------------------------------------------------------- inline spans

@dataclass(frozen=True)
class Text:
    """Plain words."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Bold words (``**...**``)."""

    children: tuple["Span", ...]


@dataclass(frozen=True)
class Emphasis:
    """Italic words (``*...*``)."""

    children: tuple["Span", ...]


@dataclass(frozen=True)
class Blank:
    """A fill-in blank: ``answer`` is what goes in it, or None for free writing."""

    answer: str | None
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Var:
    """``${name}``: replaced from outline fields, the church settings or ``--set``."""

    name: str
    pos: Pos | None = field(default=None, compare=False)


Span = Union[Text, Strong, Emphasis, Blank, Var]
Inline = tuple[Span, ...]


def plain_text(spans: Inline, answers: bool = True) -> str:
    """The words of ``spans`` as a string; blanks give their answer (or ``___``)."""
    out: list[str] = []
    for s in spans:
        if isinstance(s, Text):
            out.append(s.text)
        elif isinstance(s, (Strong, Emphasis)):
            out.append(plain_text(s.children, answers))
        elif isinstance(s, Blank):
            out.append(s.answer if (answers and s.answer is not None) else "___")
        elif isinstance(s, Var):
            out.append("${" + s.name + "}")
    return "".join(out)


def blanks_in(spans: Inline) -> list[Blank]:
    """Every blank in ``spans``, in reading order."""
    found: list[Blank] = []
    for s in spans:
        if isinstance(s, Blank):
            found.append(s)
        elif isinstance(s, (Strong, Emphasis)):
            found.extend(blanks_in(s.children))
    return found


# ---------------------------------------------------------------- block nodes

NUMBERING_STYLES = ("outline", "decimal", "bullets", "none")


@dataclass(frozen=True)
class Quote:
    """A scripture block quotation: the words (None until filled by reference), where from, which translation."""

    text: Inline | None
    ref: Reference | None
    translation: str | None
    audience: tuple[str, ...] = ()
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Point:
    """One point of an outline; ``points`` are its children, ``detail`` paragraphs explain it."""

    text: Inline
    ref: Reference | None = None
    note: tuple[Inline, ...] = ()  # speaker-only
    detail: tuple[Inline, ...] = ()
    points: tuple["Item", ...] = ()
    audience: tuple[str, ...] = ()
    numbering: str | None = None  # for the children; None = inherited
    pos: Pos | None = field(default=None, compare=False)


Item = Union[Point, Quote]


@dataclass(frozen=True)
class Question:
    """A discussion question."""

    text: Inline
    audience: tuple[str, ...] = ()
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Section:
    """A headed part of the outline: paragraphs, then points, then closing paragraphs."""

    heading: Inline
    ref: Reference | None = None
    text: tuple[Inline, ...] = ()
    points: tuple[Item, ...] = ()
    closing: tuple[Inline, ...] = ()
    note: tuple[Inline, ...] = ()  # speaker-only
    minutes: float | None = None
    audience: tuple[str, ...] = ()
    numbering: str | None = None
    pos: Pos | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Outline:
    """A whole sermon or lesson outline, as one file holds it."""

    path: str
    title: Inline
    sections: tuple[Section, ...]
    subtitle: Inline = ()
    passage: Reference | None = None
    speaker: str | None = None
    date: str | None = None  # YYYY-MM-DD, kept as written
    series: str | None = None
    big_idea: Inline = ()
    key_verse: Quote | None = None
    introduction: tuple[Inline, ...] = ()
    numbering: str = "outline"
    numbered_sections: bool = False  # headings labelled I., II. and their points starting at A.
    questions: tuple[Question, ...] = ()
    closing: tuple[Inline, ...] = ()
    language: str | None = None  # the language it is written in (languages.LANGUAGES); None: the settings'
    pos: Pos | None = field(default=None, compare=False)
    speaker_pos: Pos | None = field(default=None, compare=False)  # where ${variables} in them are
    series_pos: Pos | None = field(default=None, compare=False)
    warnings: tuple = field(default=(), compare=False)  # errors.Problem warnings the loader found

    @property
    def stem(self) -> str:
        from pathlib import PurePath

        return PurePath(self.path).stem


def walk_points(items: tuple[Item, ...]):
    """Every Point and Quote below ``items``, depth first, with its depth (0 = top level)."""
    stack = [(i, 0) for i in reversed(items)]
    while stack:
        item, depth = stack.pop()
        yield item, depth
        if isinstance(item, Point):
            stack.extend((c, depth + 1) for c in reversed(item.points))


def outline_inlines(outline: Outline):
    """Every piece of inline text in ``outline``, in reading order (speaker notes included)."""
    yield outline.title
    yield outline.subtitle
    yield outline.big_idea
    if outline.key_verse is not None and outline.key_verse.text:
        yield outline.key_verse.text
    yield from outline.introduction
    for s in outline.sections:
        yield s.heading
        yield from s.text
        yield from s.note
        for item, _depth in walk_points(s.points):
            if isinstance(item, Quote):
                if item.text:
                    yield item.text
            else:
                yield item.text
                yield from item.detail
                yield from item.note
        yield from s.closing
    for q in outline.questions:
        yield q.text
    yield from outline.closing


def count_points(outline: Outline) -> int:
    return sum(1 for s in outline.sections for _ in walk_points(s.points))


def outline_blanks(outline: Outline) -> list[Blank]:
    return [b for spans in outline_inlines(outline) for b in blanks_in(spans)]
