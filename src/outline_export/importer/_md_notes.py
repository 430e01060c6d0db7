"""outline-export's own speaker notes in Markdown (``render -k notes -f md``), read back as the
outline they were made from: what the Markdown writer and the speaker-notes view add is
recognised and turned back into the outline's keys (docs/import-markdown.md lists each).

It works on the Lines the plain Markdown reader made, in the order the view writes them:
label, title, subtitle, passage, "speaker · date", series, big idea, key verse, introduction;
each section's heading ("I. " when sections are numbered, "(ref)"), "For: youth", timing, text,
notes, points, closing; the outline's closing, "Discussion Questions", the "Scripture
quotations" line. A "meta" Line's ``level`` says whose it is where that matters: ``closing``
at level 1 is the section's, at level 0 the outline's; ``introduction`` is the outline's.

Every label is read in the language whose catalogue printed the file (``_md_words``: the edition
label above the title says which), and the first Line handed on is a "meta" ``language`` line, so
the builder reads references in that language and the outline gets its ``language:`` back."""

from __future__ import annotations

import re
from dataclasses import replace

from ._md_words import Words, language_of
from .lines import Line, Note

_ITALIC = re.compile(r"^\*(?!\*)(.*[^*\\])\*$")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII", "XVIII", "XIX", "XX")
_TRAILING_PARENS = re.compile(r"\(([^()]*)\)$")


def is_speaker_notes(lines: list[Line]) -> str | None:
    """The language of the speaker notes' edition label the file starts with, before the title;
    None when it does not start so."""
    for k, line in enumerate(lines[:3]):
        if line.kind == "title":
            return next((c for c in (language_of(italic(x.text)) for x in lines[:k]) if c), None)
    return None


def italic(text: str) -> str | None:
    m = _ITALIC.match(text)
    return m.group(1) if m else None


_italic = italic


def _audiences(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in names.split(",") if n.strip())


def _is_reference(text: str, language: str) -> bool:
    from outline_export.scripture import ReferenceError, parse_reference

    try:
        parse_reference(text.replace("\u00a0", " "), None, language)
    except (ReferenceError, ValueError):
        return False
    return True


def _minutes(text: str) -> str:
    whole, _, secs = text.partition(":")
    value = int(whole) + (int(secs) / 60 if secs else 0)
    return f"{value:g}"


def _unbreak_ref(text: str) -> str:
    """A trailing "(reference)" as written in the outline: the writer's no-break spaces are spaces."""
    m = _TRAILING_PARENS.search(text)
    if not m or "\u00a0" not in m.group(1):
        return text
    return text[:m.start()] + "(" + m.group(1).replace("\u00a0", " ") + ")"


def recognise(lines: list[Line], language: str = "en") -> tuple[list[Line], list[Note]]:
    w = Words.of(language)
    notes: list[Note] = []
    out: list[Line] = []
    k = 0
    # --- before the title: the edition label, which says the language
    while lines[k].kind != "title":
        if italic(lines[k].text) == w.label:
            notes.append(Note(lines[k].line, f"read as outline-export's speaker notes (the label "
                                             f"“{w.label}” dropped)"))
            out.append(replace(lines[k], kind="meta", key="language", text=language))
        else:
            out.append(lines[k])
        k += 1
    out.append(lines[k])
    k += 1
    n = len(lines)
    # --- the title block: subtitle, passage, speaker · date, series (paragraphs before anything else)
    if k < n and lines[k].kind == "text" and _italic(lines[k].text) is not None:
        out.append(replace(lines[k], kind="meta", key="subtitle", text=_italic(lines[k].text)))
        k += 1
    series_done = False
    while k < n and lines[k].kind == "text" and not _sentence(lines[k].text):
        line, text = lines[k], lines[k].text
        who, _, when = text.rpartition(w.separator)
        if not any(x.key == "passage" for x in out) and _is_reference(text, language):
            out.append(replace(line, kind="meta", key="passage", text=text.replace("\u00a0", " ")))
        elif w.read_date(when) and not any(x.key == "date" for x in out):
            if who:
                out.append(replace(line, kind="meta", key="speaker", text=who))
            out.append(replace(line, kind="meta", key="date", text=w.read_date(when)))
        elif not series_done:
            out.append(replace(line, kind="meta", key="series", text=text))
            series_done = True
        else:
            break
        k += 1
    # --- big idea, key verse, introduction: up to the first heading
    first = True
    while k < n and lines[k].kind not in ("heading", "title"):
        line = lines[k]
        if line.kind == "text" and first:
            out.append(replace(line, kind="meta", key="big_idea", level=0))
        elif line.kind == "quote" and not any(x.key in ("key_verse", "introduction") for x in out):
            out.append(replace(line, kind="meta", key="key_verse", level=0))
        elif line.kind == "text":
            out.append(replace(line, kind="meta", key="introduction", level=0))
        else:
            out.append(line)
        first = False
        k += 1
    # --- the sections
    sections = [j for j in range(k, n) if lines[j].kind == "heading" and lines[j].level == 1]
    questions = next((j for j in sections if lines[j].text == w.questions), None)
    content = [j for j in sections if j != questions]
    numbered = bool(content) and all(lines[j].text.startswith(_ROMAN[m] + ". ")
                                     for m, j in enumerate(content[:len(_ROMAN)])) and len(content) <= len(_ROMAN)
    last = content[-1] if content else None
    state = "before"  # in a section: "text" (before notes and points), "notes", "points"
    in_section = False
    while k < n:
        line = lines[k]
        kind = line.kind
        if kind == "heading" and line.level == 1:
            in_section = k != questions
            state = "text"
            text = _unbreak_ref(line.text)
            if in_section and numbered:
                label, _, text = text.partition(" ")
                line = replace(line, marker=label, numbering="outline")
            line = replace(line, text=text)
            if k + 1 < n and lines[k + 1].kind == "text" and w.for_line.match(lines[k + 1].text):
                line = replace(line, audience=_audiences(w.for_line.match(lines[k + 1].text).group("names")))
                k += 1
            out.append(line)
            k += 1
            if k < n and lines[k].kind == "text" and _italic(lines[k].text) and w.timing.match(_italic(lines[k].text)):
                m = w.timing.match(_italic(lines[k].text))
                if m.group("estimated"):
                    notes.append(Note(lines[k].line, f"an estimated timing (“{_italic(lines[k].text)}”) dropped: "
                                                     "the section had no minutes"))
                else:
                    out.append(replace(lines[k], kind="meta", key="minutes", text=_minutes(m.group("minutes")), level=1))
                k += 1
            continue
        if kind == "text" and _italic(line.text) and w.quotations.match(_italic(line.text)) and k == n - 1:
            notes.append(Note(line.line, "the “Scripture quotations” line dropped: the documents print it again"))
            k += 1
            continue
        if kind == "text" and line.level < 0 and w.for_line.match(line.text) and k + 1 < n \
                and lines[k + 1].kind == "quote":
            out.append(replace(lines[k + 1], audience=_audiences(w.for_line.match(line.text).group("names"))))
            k += 2
            state = "points"
            continue
        if kind in ("item", "quote"):
            if line.level <= 0:
                state = "points" if in_section else state
            if kind == "item":
                m = w.for_tag.search(line.text)
                if m:
                    line = replace(line, text=line.text[:m.start()], audience=_audiences(m.group("names")))
                line = replace(line, text=_unbreak_ref(line.text))
        elif kind == "note" and line.level < 0 and in_section and state == "text":
            state = "notes"
        elif kind == "text" and line.level < 0 and in_section and state in ("points", "notes"):
            # after a section's points (or, with none, its notes): its closing; after the last
            # section's, the outline's
            whose = 0 if _last_section(content, k) == last else 1
            line = replace(line, kind="meta", key="closing", level=whose)
        out.append(line)
        k += 1
    return out, notes


def _last_section(sections: list[int], k: int) -> int | None:
    before = [j for j in sections if j < k]
    return before[-1] if before else None


def _sentence(text: str) -> bool:
    """A paragraph that reads as prose, not a title-block line."""
    return bool(re.search(r"[.!?:;]”?$", text)) or "___" in text or len(text) > 120
