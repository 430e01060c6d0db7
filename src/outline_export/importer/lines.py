"""What every reader of an imported file (plain text, Markdown, Word) hands the builder: the file
as a flat list of ``Line`` records in reading order, each with where it came from.

A reader knows its format (a Word heading style, a Markdown list's nesting, a ``w:numPr``); the
builder (``importer/build.py``) knows outlines (markers and their levels, references, blanks,
metadata, questions, web debris). A reader does not guess what the builder guesses: what it does
not know it leaves unset (``level = -1``: "from the marker"), and the builder decides. Whatever
either cannot place is kept (as ``detail`` or a YAML comment) and reported, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a line is, as far as its reader can tell.
KINDS = (
    "title",  # the document's title (a Markdown "# ", Word's Title style; plain text: the builder decides)
    "heading",  # a heading; ``level`` 1 is a section (Markdown "##" under a "#" title is level 1 too)
    "item",  # a list item: ``marker`` as written or as the numbering prints it; ``level`` its depth if known
    "text",  # a paragraph (plain text: every line that is not blank; the builder finds markers in it)
    "quote",  # a block quotation; ``credit`` where it says it is from, if the reader split it off
    "note",  # a speaker-only note the reader recognised (Markdown speaker notes' "> **Note:** ...")
    "meta",  # a fact the reader recognised, ``key`` (an outline key: subtitle, passage, speaker, date,
    #          series, big_idea, minutes, ...) and ``text`` its value
)


@dataclass(frozen=True)
class Line:
    """One paragraph of the imported file.

    ``text`` is in the outline's inline markup: ``**strong**``, ``*emphasis*``, ``___answer___``
    for a blank (an underlined or highlighted Word run, a Markdown speaker-notes answer), with
    ``*``, ``_``, ``\\`` and ``${`` escaped where they are literal. An item's marker is not in
    ``text`` when ``marker`` is set."""

    text: str
    line: int  # where it starts in the file, 1-based (Word: the paragraph's number in the body)
    kind: str = "text"
    level: int = -1  # heading: 1..6; item: depth from the file's structure, 0-based; -1: not known;
    #                  text, note: the depth of the list item it is inside (its detail, its note);
    #                  quote: the depth it stands at among the points (an item's depth + 1 inside it);
    #                  meta closing: 1 a section's, 0 the outline's
    marker: str = ""  # an item's label as printed: "IV.", "(a)", "b)", "1.", "•", "-" ("" none)
    numbering: str = ""  # an item's list as the file numbers it: "outline", "decimal", "bullets", "" (not known)
    start: int = 0  # a numbered item's number as the file counts it (a restart shows as 1), 0: not known
    key: str = ""  # a "meta" line's outline key
    credit: str = ""  # a quote's credit as written ("Exodus 32:32 (WEB)"), when the reader split it off
    audience: tuple[str, ...] = ()  # who the reader was told it is for (Markdown speaker notes' "[for youth]")
    source: str = ""  # what the reader read it as, for the report: "Heading 2", "List Number", "bullet"
    doubt: str = ""  # what the reader was unsure of, reported as a note at this line


@dataclass(frozen=True)
class Note:
    """One line of the import report: ``file:line: text``. ``doubt``: something the user should
    check (the YAML has a comment there too); else what was recognised or dropped."""

    line: int
    text: str
    doubt: bool = False
