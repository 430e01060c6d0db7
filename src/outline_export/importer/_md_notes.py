"""outline-export's own speaker notes in Markdown (``render -k notes -f md``), read back as the
outline they were made from: what the Markdown writer and the speaker-notes view add is
recognised and turned back into the outline's keys (docs/import-markdown.md lists each).

It works on the Lines the plain Markdown reader made, in the order the view writes them:
label, title, subtitle, passage, "speaker · date", series, big idea, key verse, introduction;
each section's heading ("I. " when sections are numbered, "(ref)"), "For: youth", timing, text,
notes, points, closing; the outline's closing, "Discussion Questions", the "Scripture
quotations" line. A "meta" Line's ``level`` says whose it is where that matters: ``closing``
at level 1 is the section's, at level 0 the outline's; ``introduction`` is the outline's."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import replace

from .lines import Line, Note

LABELS = ("Speaker Notes",)  # kinds.KINDS["notes"]'s edition label, as the writer prints it
QUESTIONS = "Discussion Questions"
_ITALIC = re.compile(r"^\*(?!\*)(.*[^*\\])\*$")
_TIMING = re.compile(r"^(≈ )?([0-9]+(?::[0-9]{2})?) min( \(estimated\))? · running total [0-9:]+ of [0-9:]+ min$")
_FOR_LINE = re.compile(r"^For: (.+)$")
_FOR_TAG = re.compile(r"\s*\[for ([^\]]+)\]$")
_QUOTATIONS = re.compile(r"^Scripture quotations: .*\.$")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
          "XVI", "XVII", "XVIII", "XIX", "XX")
_TRAILING_PARENS = re.compile(r"\(([^()]*)\)$")


def is_speaker_notes(lines: list[Line]) -> bool:
    """The file starts with the speaker notes' edition label, then the title."""
    for k, line in enumerate(lines[:3]):
        if line.kind == "title":
            return k > 0 and any(_italic(x.text) in LABELS for x in lines[:k])
    return False


def _italic(text: str) -> str | None:
    m = _ITALIC.match(text)
    return m.group(1) if m else None


def _audiences(names: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in names.split(",") if n.strip())


def _date(text: str) -> str | None:
    try:
        return _dt.datetime.strptime(text.strip(), "%B %d, %Y").date().isoformat()
    except ValueError:
        return None


def _is_reference(text: str) -> bool:
    from outline_export.scripture import ReferenceError, parse_reference

    try:
        parse_reference(text.replace("\u00a0", " "))
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


def recognise(lines: list[Line]) -> tuple[list[Line], list[Note]]:
    notes: list[Note] = []
    out: list[Line] = []
    k = 0
    # --- before the title: the edition label
    while lines[k].kind != "title":
        if _italic(lines[k].text) in LABELS:
            notes.append(Note(lines[k].line, f"read as outline-export's speaker notes (the label "
                                             f"“{_italic(lines[k].text)}” dropped)"))
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
        if not any(x.key == "passage" for x in out) and _is_reference(text):
            out.append(replace(line, kind="meta", key="passage", text=text.replace("\u00a0", " ")))
        elif _date(text.rpartition(" · ")[2]) and not any(x.key == "date" for x in out):
            who, _, when = text.rpartition(" · ")
            if who:
                out.append(replace(line, kind="meta", key="speaker", text=who))
            out.append(replace(line, kind="meta", key="date", text=_date(when)))
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
    questions = next((j for j in sections if lines[j].text == QUESTIONS), None)
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
            if k + 1 < n and lines[k + 1].kind == "text" and _FOR_LINE.match(lines[k + 1].text):
                line = replace(line, audience=_audiences(_FOR_LINE.match(lines[k + 1].text).group(1)))
                k += 1
            out.append(line)
            k += 1
            if k < n and lines[k].kind == "text" and _italic(lines[k].text) and _TIMING.match(_italic(lines[k].text)):
                m = _TIMING.match(_italic(lines[k].text))
                if m.group(1):
                    notes.append(Note(lines[k].line, "an estimated timing (“≈ … min (estimated)”) dropped: "
                                                     "the section had no minutes"))
                else:
                    out.append(replace(lines[k], kind="meta", key="minutes", text=_minutes(m.group(2)), level=1))
                k += 1
            continue
        if kind == "text" and _italic(line.text) and _QUOTATIONS.match(_italic(line.text)) and k == n - 1:
            notes.append(Note(line.line, "the “Scripture quotations” line dropped: the documents print it again"))
            k += 1
            continue
        if kind == "text" and line.level < 0 and _FOR_LINE.match(line.text) and k + 1 < n \
                and lines[k + 1].kind == "quote":
            out.append(replace(lines[k + 1], audience=_audiences(_FOR_LINE.match(line.text).group(1))))
            k += 2
            state = "points"
            continue
        if kind in ("item", "quote"):
            if line.level <= 0:
                state = "points" if in_section else state
            if kind == "item":
                m = _FOR_TAG.search(line.text)
                if m:
                    line = replace(line, text=line.text[:m.start()], audience=_audiences(m.group(1)))
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
