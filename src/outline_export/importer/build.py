"""From the lines a reader gives to an outline: title and metadata, sections, points and their
levels, references, quotations, key verse, questions; and the report of what was recognised,
doubted and dropped.

- Levels: from the file's structure when the reader knows it (``level >= 0``), else from the
  markers (``markers.Scheme``), one scheme per section.
- Sections: the headings (a reader's, or in plain text a short title-case line standing alone,
  ``classify.heading_like``). With no headings, ``I.`` items are the sections
  (``numbered_sections: true``) and what comes before the first is the introduction.
- A first-level list of another kind after a list (bullets after "I.", "II."; Word's numbering
  says which) goes on as a section of its own, "(continued)", so each list keeps its labels.
- A block quotation with no depth of its own (Word's) stands between the section's points.
- A line that is not an item is kept: before a section's first point as its ``text``, between
  points as the ``detail`` of the point before, after the last as the section's ``closing``.
- Nothing is lost: web debris is dropped from the outline but listed in a comment at its top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from outline_export.importer import classify, refs
from outline_export.importer.assemble import (Point as _Point, Section as _Section, Writer, count, flat,
                                              outline_scheme, split_credit)
from outline_export.importer.lines import Line, Note
from outline_export.importer.markers import Scheme, roman_value, split_marker


@dataclass
class Imported:
    outline: dict  # keys as docs/format.md; "#" entries are comments
    notes: list[Note]
    path: str


_REF_LED = re.compile(rf"^(?P<r>{refs._BOOK}\s+\d{refs._LIST[0:0]}[^—–]*?)\s*[—–]\s*(?P<rest>\S.*)$")
_PLACED_KEYS = frozenset({"minutes", "closing"})  # meta keys placed where they stand (a section's, or the outline's)
_ROMAN_LABEL = re.compile(r"[IVXLCDM]+\.")  # a heading's label that numbers the sections
_DEEPEST = 11  # 0-based: the loader refuses points nested more than 12 levels
_LIST_NAMES = {"bullets": "bulleted", "outline": "numbered (I., A.)", "decimal": "numbered (1., 2.)"}
_FIRST_SENTENCE = re.compile(r"^(.*?\))\.\s+(?=[A-Z“\"])(.+)$")


def _stem_title(path: str) -> str:
    stem = re.sub(r"[-_]+", " ", path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]).strip()
    return stem[:1].upper() + stem[1:] if stem else "Imported outline"


class _Builder:
    def __init__(self, lines: list[Line], notes: list[Note], path: str):
        self.lines = lines
        self.notes = list(notes)
        self.path = path
        self.outline: dict = {}
        self.dropped: list[str] = []
        self.intro: list[str] = []
        self.closing: list[str] = []  # the outline's
        self.sections: list[_Section] = []
        self.passage = None
        self.fallback = None  # the reference bare ones are read against when nothing encloses them
        self.counts = {"blanks": 0, "refs": 0, "quotes": 0}
        self.comments: list[str] = []  # for the top of the file: where metadata came from, what was dropped
        self.debris_lines: set[int] = set()
        # the outline's language: references are read in it (a reader that knows it, Markdown
        # speaker notes, hands it over as a "meta" line before anything else; else English)
        self.language = next((x.text for x in lines if x.kind == "meta" and x.key == "language"), "en")

    def note(self, line: int, text: str, doubt: bool = False) -> None:
        self.notes.append(Note(line, text, doubt))

    # -- the lines, classified ------------------------------------------------------------------
    def entries(self) -> list[Line]:
        """The lines left once debris and metadata are taken out, title first."""
        kept = []
        for ln in self.lines:
            text = ln.text.strip()
            if ln.doubt:
                self.note(ln.line, ln.doubt, doubt=True)
            if ln.kind == "text" and classify.DEBRIS.match(text):
                self.dropped.append(f"line {ln.line}: {text}")
                self.debris_lines.add(ln.line)
                self.note(ln.line, f"dropped web page debris: {text!r}")
                continue
            if ln.kind == "meta" and ln.key in _PLACED_KEYS:
                kept.append(ln)  # a section's minutes, a section's or the outline's closing: placed in order
                continue
            if ln.kind == "meta" and ln.key == "language":
                self.outline["language"] = ln.text
                self.comments.append(f"language {ln.text}: the words outline-export printed in the file are in it")
                self.note(ln.line, f"language: {ln.text} (the labels are that language's)")
                continue
            if ln.kind == "meta" and ln.key == "introduction":
                self.intro.append(ln.text)
                continue
            if ln.kind == "meta" and ln.key == "key_verse" and "key_verse" not in self.outline:
                self.key_verse(ln)
                continue
            if ln.kind == "meta" and ln.key:
                self.set_meta(ln.key, ln.text, ln.line)
                continue
            if ln.kind == "text" and not split_marker(text):
                found = classify.meta(text)
                if found and not (found[0] == "passage" and refs.parse(found[1], None, self.language) is None):
                    self.set_meta(found[0], found[1], ln.line, text)
                    continue
            kept.append(ln)
        return kept

    def set_meta(self, key: str, value: str, line: int, original: str = "") -> None:
        if key in self.outline:
            self.intro.append(value)
            self.note(line, f"a second {key} line; kept in the introduction", doubt=True)
            return
        if key == "passage":
            ref = refs.parse(value, None, self.language)
            if ref is None:
                self.intro.append(value)
                self.note(line, f"passage {value!r} does not read as a reference; kept in the introduction", doubt=True)
                return
            self.passage = self.fallback = ref
        self.outline[key] = value
        self.comments.append(f"{key} from line {line}: {original or value}")
        self.note(line, f"{key} from line {line}")

    def key_verse(self, ln: Line) -> None:
        """A key verse the reader recognised: its words, and its credit as ``ref`` and ``translation``."""
        written, translation = split_credit(ln.credit, self.language)
        got = refs.resolve(written, None, self.fallback, self.language) if written else None
        if got is None:
            self.intro.append(f"{ln.text} {ln.credit}".strip())
            self.note(ln.line, f"key verse credit {ln.credit!r} is not a reference; kept in the introduction", doubt=True)
            return
        self.outline["key_verse"] = {"ref": got[0], "text": ln.text, **({"translation": translation} if translation else {})}
        self.counts["refs"] += 1
        self.note(ln.line, f"key verse {got[0]}")

    # -- title, headings ------------------------------------------------------------------------
    def title(self, entries: list[Line]) -> list[Line]:
        if entries and entries[0].kind == "title":
            self.outline["title"] = entries[0].text
            rest = entries[1:]
        elif entries and entries[0].kind == "text" and len(entries[0].text) <= 120 and not split_marker(entries[0].text):
            self.outline["title"] = entries[0].text
            rest = entries[1:]
            self.note(entries[0].line, "title from the first line")
            between = set(range(entries[0].line + 1, rest[0].line)) if rest else set()
            if (rest and rest[0].kind == "text" and between <= self.debris_lines
                    and len(rest[0].text) <= 200 and not split_marker(rest[0].text)):
                self.outline["subtitle"] = rest[0].text
                self.note(rest[0].line, "subtitle from the line under the title")
                rest = rest[1:]
        else:
            self.outline["title"] = _stem_title(self.path)
            self.outline["#"] = ["title made from the file name: the file does not start with a short title line"]
            self.note(entries[0].line if entries else 1, "no title line: the title is made from the file name", doubt=True)
            rest = entries
        return rest

    def headings(self, entries: list[Line]) -> list[Line]:
        """Plain-text headings found and marked as such (only when the reader gave none)."""
        if any(e.kind == "heading" for e in entries):
            return entries
        out = []
        for i, e in enumerate(entries):
            prev = entries[i - 1] if i else None
            nxt = entries[i + 1] if i + 1 < len(entries) else None
            alone = ((prev is None or e.line - prev.line > 1) and nxt is not None and nxt.line - e.line > 1)
            after = entries[i + 2] if i + 2 < len(entries) else None
            if alone and nxt.kind == "text" and not split_marker(nxt.text) and classify.heading_like(nxt.text) and (after is None or after.line - nxt.line > 1):
                alone = False  # a heading is followed by what it heads, not by another heading
            if (e.kind == "text" and alone and not split_marker(e.text) and classify.heading_like(e.text)
                    and not (e.text.rstrip().endswith(":") and nxt.kind == "text" and not split_marker(nxt.text)
                             and classify.quotation(nxt.text) is None)):
                e = Line(e.text.rstrip(": "), e.line, "heading", 1, source="a line standing alone")
            out.append(e)
        return out

    # -- references -------------------------------------------------------------------------------
    def split_ref(self, text: str, context, line: int, heading: bool = False):
        split = refs.split_heading_ref if heading else refs.split_ref
        rest, written, parsed, doubt = split(text, context, self.fallback, language=self.language)
        if doubt:
            self.note(line, doubt, doubt=True)
        if written:
            self.counts["refs"] += 1
            if parsed is not None and not parsed.inherited:
                self.fallback = parsed
            elif parsed is not None and written[:1].isalpha() and not written.startswith(("v", "V")):
                self.fallback = parsed
        return rest, written, parsed, doubt

    # -- assembly ---------------------------------------------------------------------------------
    def run(self) -> Imported:
        entries = self.entries()
        found = refs.first_book_reference([(e.line, e.text) for e in self.lines if e.kind != "meta"], self.language)
        if self.passage is None and found:
            self.fallback = found[1]
            self.note(found[0], f"the book of references without one is {found[1].book}, "
                                f"from line {found[0]} (there is no Text:/Passage: line)", doubt=True)
        entries = self.title(entries)
        entries = self.headings(entries)
        if not any(e.kind == "heading" for e in entries):
            entries = self.roman_sections(entries)
        section: _Section | None = None
        scheme = Scheme()
        stack: list[_Point] = []
        trailing: list[str] = []
        top = ""  # the numbering of the section's first-level list, as its reader knew it

        def close() -> None:
            if section is not None and trailing:
                if section.points:
                    section.closing.extend(trailing)
                else:
                    section.text.extend(trailing)
            trailing.clear()

        for e in entries:
            if e.kind in ("heading", "title"):
                close()
                section = self.section(e)
                scheme, stack, top = Scheme(), [], ""
                continue
            if e.kind == "item" and e.level == 0 and e.numbering:
                if section is not None and section.points and top and e.numbering != top:
                    close()  # a list of another kind at the first level: siblings share one scheme
                    section = self.continued(section, e, top)
                    scheme, stack = Scheme(), []
                top = e.numbering
            if self.attach(e, section, stack, trailing):
                continue
            if section is None and e.source == "introduction item":
                self.intro.append(e.text)
                continue
            if section is None and e.kind not in ("item", "quote") and not (
                    e.kind == "text" and (split_marker(e.text) or classify.quotation(e.text))):
                self.intro.append(e.text)
                continue
            if section is None:
                section = _Section(self.outline.get("title", "Outline"), e.line)
                section.comments.append("this section's heading is the title: the file's points come before any heading")
                self.sections.append(section)
                self.note(e.line, "points before any heading: put in a section named after the title", doubt=True)
            point = self.point(e, scheme, stack, section)
            if point is None:
                trailing.append(e.text)
                continue
            if trailing:
                (stack[-1].detail if stack else section.text).extend(trailing)
                trailing.clear()
            self.place(point, stack, section)
        close()
        return self.finish()

    def attach(self, e: Line, section: _Section | None, stack: list[_Point], trailing: list[str]) -> bool:
        """Place a line whose place its reader knew: a speaker note or a paragraph in a list item
        (its ``level``, the item's depth: that item's note or detail; a note at level -1: the
        section's), a section's minutes, a closing (``level`` 1: the section's, 0: the outline's).
        False for a line the builder places by itself."""
        if e.kind == "meta" and e.key == "closing":
            if e.level == 1 and section is not None:
                section.closing.extend(trailing + [e.text])
                trailing.clear()
            else:
                self.closing.append(e.text)
            return True
        if e.kind == "meta" and e.key == "minutes":
            if section is not None and not section.minutes:
                section.minutes = e.text
            else:
                self.intro.append(e.text)
                self.note(e.line, f"{e.key} {e.text!r} with no section to belong to: kept in the introduction", doubt=True)
            return True
        if section is None or e.kind not in ("note", "text"):
            return False
        if e.kind == "text" and (e.level < 0 or split_marker(e.text.strip())):
            return False
        if e.level >= 0:
            owner = next((p for p in reversed(stack) if not p.quote and p.level <= e.level), None)
        else:  # a note outside any list: the point just above's, else the section's
            owner = stack[-1] if stack and not stack[-1].quote else None
        if owner is None and e.kind == "text":
            return False
        if trailing:
            (owner.detail if owner else section.text).extend(trailing)
            trailing.clear()
        if e.kind == "note":
            (owner.note if owner else section.note).append(e.text)
        else:
            owner.detail.append(e.text)
        return True

    def roman_sections(self, entries: list[Line]) -> list[Line]:
        """No headings: the ``I.`` items are the sections, the levels under them one less."""
        scheme = Scheme()
        levels = []
        for e in entries:
            sm = split_marker(e.text) if e.kind in ("text", "item") and e.level < 0 else None
            levels.append(scheme.place(sm[0])[1].name if sm else None)
        romans = [i for i, k in enumerate(levels) if k == "I."]
        if len(romans) < 2:
            return entries
        out = []
        for i, e in enumerate(entries):
            if i in romans:
                marker, rest = split_marker(e.text)
                out.append(Line(rest, e.line, "heading", 1, marker=marker, source="I. item"))
            elif i < romans[0] and levels[i] is not None:
                out.append(Line(e.text, e.line, "text", source="introduction item"))
                self.note(e.line, "a numbered line before the first I. is kept in the introduction")
            else:
                out.append(e)
        self.outline["numbered_sections"] = True
        self.note(entries[romans[0]].line, f"{len(romans)} I., II. items are the sections (numbered_sections: true)")
        return out

    def continued(self, s: _Section, e: Line, was: str) -> _Section:
        """A section for a first-level list of another kind after the one before it ("I.", "II."
        then bullets): the points of a list share one scheme, so it goes on as a section of its own,
        headed as the one it follows with "(continued)", and each list keeps its labels."""
        c = _Section(f"{s.heading} (continued)", e.line, parsed=s.parsed, audience=s.audience)
        now, before = _LIST_NAMES.get(e.numbering, e.numbering), _LIST_NAMES.get(was, was)
        c.comments.append(f"the {now} list at line {e.line} follows the {before} list of {s.heading!r} at its level: "
                          "made a section of its own so both keep their labels; rename this heading")
        self.note(e.line, f"a {now} list after the {before} list in {s.heading!r}: made the section "
                          f"{c.heading!r} so each keeps its labels; rename its heading", doubt=True)
        self.sections.append(c)
        return c

    def section(self, e: Line) -> _Section:
        context = self.passage
        text, written, parsed, _ = self.split_ref(e.text, context, e.line, heading=True)
        s = _Section(text, e.line, written, parsed, numbered=e.source == "I. item" or bool(e.marker), audience=e.audience)
        if e.kind == "heading" and e.level == 1 and _ROMAN_LABEL.fullmatch(e.marker) and roman_value(e.marker[:-1]):
            self.outline["numbered_sections"] = True  # "## II. Second Cycle": the sections are numbered
        if e.level > 1:
            s.comments.append(f"a level-{e.level} heading in the file, made a section")
        self.sections.append(s)
        return s

    def point(self, e: Line, scheme: Scheme, stack: list[_Point], section: _Section) -> _Point | None:
        """The point a line makes, with its level; None for a line that is not a point."""
        text = e.text.strip()
        if e.kind == "quote" or (e.kind == "text" and not split_marker(text) and classify.quotation(text)):
            return self.quote_point(e, stack)
        listed = e.kind == "item" and e.level >= 0
        if listed:
            level, kind = e.level, ("•" if e.numbering == "bullets" else e.numbering or e.marker or "1.")
            if stack:
                level = min(level, stack[-1].level + 1)
            elif level > 0:
                self.note(e.line, f"a list item at depth {level} with nothing above it: made a point of the first level", doubt=True)
                level = 0
        else:
            sm = (e.marker, text) if e.kind == "item" and e.marker else split_marker(text)
            if not sm:
                led = _REF_LED.match(text) if e.kind == "text" else None
                got = led and refs.resolve(led.group("r"), self.context(stack, 0, section), self.fallback, self.language)
                if got:  # "Psalm 106:23—Moses “stood in the breach”": a point led by its reference
                    self.counts["refs"] += 1
                    level = (stack[-1].level + (stack[-1].kind != "none")) if stack else 0
                    return _Point(led.group("rest"), e.line, level, "none", got[0], got[1])
                if e.kind == "item":  # an item the reader could not place and has no marker
                    level, kind = (stack[-1].level if stack else 0), "•"
                else:
                    return None
            else:
                level, k = scheme.place(sm[0])
                kind, text = k.name, sm[1]
                if stack:
                    level = min(level, stack[-1].level + 1)
                else:
                    level = 0
        comments = []
        if level > _DEEPEST:  # an outline nests 12 levels at most: deeper items stay at the 12th
            self.note(e.line, f"nested {level + 1} levels deep; kept at level {_DEEPEST + 1}, the deepest an outline has", doubt=True)
            comments.append(f"level {level + 1} in the file ({e.text[:40]}), kept at level {_DEEPEST + 1}")
            level = _DEEPEST
        context = self.context(stack, level, section)
        text, written, parsed, _ = self.split_ref(text, context, e.line)
        detail = []
        first = _FIRST_SENTENCE.match(text) if not written else None
        if first:  # "Moses pleads on the basis of God's redemption (11). It was God who...": the
            head, written, parsed, _ = self.split_ref(first.group(1), context, e.line)  # first sentence is the point
            if written:
                text, detail = head, [first.group(2)]
        return _Point(text, e.line, level, kind, written, parsed, marker=e.marker if listed else "", listed=listed,
                      detail=detail, comments=comments, audience=e.audience)

    def quote_point(self, e: Line, stack: list[_Point]) -> _Point | None:
        if e.kind == "quote":  # a block quotation: its words as they are
            words, tail = e.text.strip(), e.credit
        else:  # a line in quotation marks, and what follows them
            words, tail = classify.quotation(e.text)
            words = words.strip().strip("“”\"").strip()
        written, parsed, translation = "", None, ""
        if e.kind == "quote" and e.level >= 0:  # its depth in the file: among the points there
            level = min(e.level, stack[-1].level + 1) if stack else 0
        elif e.kind == "quote":  # a block quotation outside any list: between the section's points
            level = stack[0].level if stack else 0
        else:
            level = stack[-1].level + 1 if stack else 0
        if tail:
            credit = tail.strip(" —–-.,")
            credit = credit[1:-1] if credit.startswith("(") and credit.endswith(")") else credit
            credit, translation = split_credit(credit, self.language)  # "Exodus 32:32 (KJV)": ref and translation
            got = refs.resolve(credit.strip(" ()—–-.,"), None, self.fallback, self.language)
            got = got or refs.resolve(credit.strip(" ()—–-.,"), self.passage, self.fallback, self.language)
            if got is None:
                words, translation = f"{words} {tail}", ""
                self.note(e.line, f"quotation credit {tail.strip()!r} is not a reference; kept with the words", doubt=True)
            else:
                written, parsed = got
                self.counts["refs"] += 1
        self.counts["quotes"] += 1
        return _Point(words, e.line, level, "", written, parsed, quote=True, translation=translation,
                      audience=e.audience)

    def context(self, stack: list[_Point], level: int, section: _Section):
        for p in reversed(stack):
            if p.level < level and p.parsed is not None:
                return p.parsed
        return section.parsed or self.passage

    def place(self, point: _Point, stack: list[_Point], section: _Section) -> None:
        while stack and stack[-1].level >= point.level:
            stack.pop()
        parent = stack[-1] if stack else None
        if parent is not None and parent.quote:  # a quotation has no points: a sibling instead
            stack.pop()
            parent = stack[-1] if stack else None
            point.level = parent.level + 1 if parent else 0
        (parent.points if parent else section.points).append(point)
        stack.append(point)

    # -- the outline ------------------------------------------------------------------------------
    def finish(self) -> Imported:
        o = self.outline
        kept: list[_Section] = []
        questions = []
        for s in self.sections:
            if classify.questions_heading(s.heading, self.language) and not s.ref:
                found = flat(s)
                questions.extend(found)
                self.comments.append(f"questions from the section {s.heading!r} (line {s.line})")
                self.note(s.line, f"section {s.heading!r}: its {len(found)} lines are the questions")
                continue
            if (classify.key_verse_heading(s.heading) and "key_verse" not in o and len(s.points) == 1
                    and s.points[0].quote and s.points[0].ref and not s.text and not s.closing):
                q = s.points[0]
                o["key_verse"] = {"ref": q.ref, "text": q.text, **({"translation": q.translation} if q.translation else {}),
                                  "#": [f"from the section {s.heading!r}"]}
                self.note(s.line, f"key verse {q.ref} from the section {s.heading!r}")
                continue
            kept.append(s)
        numbered = bool(o.get("numbered_sections"))
        scheme = outline_scheme(kept, numbered)
        if scheme != "outline":
            o["numbering"] = scheme
        writer = Writer(scheme, numbered)
        sections = [writer.section(s) for s in kept]
        if self.intro:
            o["introduction"] = self.intro
        if not sections:
            sections.append({"heading": o.get("title", "Outline"),
                             "#": ["the file has no headings or points: one section, named after the title"]})
            self.note(1, "no headings or points found: one empty section named after the title", doubt=True)
        o["sections"] = sections
        if questions:
            o["questions"] = questions
        if self.closing:
            o["closing"] = self.closing
        if self.dropped:
            self.comments.append("dropped (web page debris): " + "; ".join(self.dropped))
        if self.comments:
            o["#"] = o.get("#", []) + ["imported by outline-export: " + self.path] + self.comments
        o.setdefault("title", _stem_title(self.path))
        n_points = sum(count(s.points) for s in kept)
        blanks = sum(len(re.findall(r"(?<!\\)___", str(v))) for v in [o]) // 2
        summary = (f"{len(sections)} section{'s' * (len(sections) != 1)}, {n_points} points, "
                   f"{self.counts['refs']} references, {self.counts['quotes']} quotations, {blanks} blank{'s' * (blanks != 1)}"
                   + (f", {len(questions)} questions" if questions else "")
                   + (f"; dropped {len(self.dropped)} lines of web page debris" if self.dropped else ""))
        self.notes.insert(0, Note(0, summary))
        self.notes.sort(key=lambda n: n.line)
        return Imported(o, self.notes, self.path)


def build(lines: list[Line], notes: list[Note], path: str) -> Imported:
    """The outline the lines make, with the report. Word joiners (U+2060, invisible; this tool's own
    documents put them after the dashes of references) are left out, so a reference reads as one."""
    lines = [replace(x, text=x.text.replace("\u2060", "")) if "\u2060" in x.text else x for x in lines]
    return _Builder(lines, notes, path).run()
