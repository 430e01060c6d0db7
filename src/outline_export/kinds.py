"""The kinds of document (handout, notes, worksheet): the one place kinds are defined (their
words are in each language's catalogue, ``languages/<code>.toml``). ``views`` builds render
trees from these records; nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindPolicy:
    """What one kind of document shows."""

    name: str  # its name in the document's keywords and its label above the title: the catalogue's [kinds]
    body_size: float  # points, before an audience's font_size scales it
    answers: bool  # answers shown in place (else blanks to fill)
    number_blanks: bool  # blanks (or answers) numbered, matching the answer key
    speaker_notes: bool  # notes, timing, and every audience's content, labelled
    question_lines: int  # writing lines under each discussion question
    notes_page: int  # writing lines under a closing "Notes" heading (0: none)
    answer_key: bool  # the answers, numbered (where: ViewOptions.answer_key)
    title_furniture: bool  # church name, logo and website in the title block


KINDS: dict[str, KindPolicy] = {k.name: k for k in (
    KindPolicy("handout", 11.0, answers=False, number_blanks=False, speaker_notes=False,
               question_lines=2, notes_page=8, answer_key=False, title_furniture=True),
    KindPolicy("notes", 13.0, answers=True, number_blanks=True, speaker_notes=True,
               question_lines=0, notes_page=0, answer_key=False, title_furniture=False),
    KindPolicy("worksheet", 11.0, answers=False, number_blanks=True,
               speaker_notes=False, question_lines=4, notes_page=0, answer_key=True, title_furniture=True),
)}
KIND_NAMES = tuple(KINDS)

# What a handout or worksheet carries (speaker notes always carry everything): "outline", the
# skeleton (title block, big idea, key verse, headings, points, blanks, references, questions), or
# "full", also the prose (introduction, a section's text and closing, a point's detail, the
# quotations between points). A paragraph or quotation with a blank in it stays in the skeleton,
# so the worksheet's blank numbers match the speaker notes'.
DETAILS = ("outline", "full")
# How many pages a handout or worksheet is fitted to (fitting.py); None: as long as it runs.
FITS = ("1 page", "2 pages")
FIT_FLOOR = 9.0  # points: the smallest body size fitting sets
NOTES_FILL = "fill"  # notes_lines = "fill": the Notes lines fill the rest of the last page
# Where a worksheet's answer key goes: a page of its own (to tear off), right after the questions,
# or a separate leader file (<outline>-worksheet-key.pdf/.docx) and none in the worksheet.
ANSWER_KEYS = ("own page", "after", "separate")

# What a writer draws on (backends.Writer.medium): paper (docx, pdf, md), slides to project (pptx),
# a screen to read and type on (html). The view shapes the document for it: slides carry each
# blank's answer to reveal and the speaker's notes for the speaker's pane, and have no lines to
# write on; a screen carries the answers to check (unless reveal = "never") and a box to type in
# under each section.
MEDIUMS = ("paper", "slides", "screen")
# The phone page's "Check my answers": "check" offers it, "never" leaves it and the answers out.
REVEALS = ("check", "never")
SCREEN_NOTES_LINES = 3  # the size of the notes box under each section of a phone page, in lines

# Every word a document carries besides the outline's own (labels, kind names, controls, the
# translations' credits, dates) is in its language's catalogue: languages/<code>.toml, read by
# words.Words.
