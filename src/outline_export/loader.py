"""YAML outline files -> model.Outline, checking everything and collecting every problem.

PyYAML's C composer builds a node tree that keeps line marks; the loader walks that tree itself
instead of constructing Python objects, so a value is always the text the user wrote: ``no`` stays
"no", ``1:30`` stays "1:30", ``2026-03-01`` stays "2026-03-01". Every problem is collected as an
errors.Problem with file, line and column; ``load_file`` raises one OutlineError carrying all of them.

This module owns the outline's structure (the key tables, which ``schema`` also builds from, and
the walk over outline, sections, points, quotations and questions) and the entry points
``load_text``/``load_file``. Reading the file up to the node tree (size, encoding and nesting
checks, composing, ``find_outlines``) is in ``loader_source``; reading single values (text,
markup, references, dates, minutes) is ``loader_values.NodeReader``. Names used from here
before the split (``read_source``, ``find_outlines``, ``MAX_FILE_BYTES``, ``MAX_NESTING``)
are re-exported.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from outline_export.errors import OutlineError, Problem
from outline_export.loader_source import (  # MAX_*, find_outlines: re-exported
    MAX_FILE_BYTES, MAX_NESTING, compose, find_outlines, read_source,
)
from outline_export.loader_values import _NULLS, NodeReader, _kind
from outline_export.model import Inline, Item, Outline, Point, Question, Quote, Section

MAX_POINT_DEPTH = 12
MAX_POINTS = 100_000

OUTLINE_KEYS = (
    "title", "subtitle", "passage", "speaker", "date", "series", "big_idea", "key_verse",
    "introduction", "numbering", "numbered_sections", "sections", "questions", "closing",
)
SECTION_KEYS = ("heading", "ref", "text", "points", "closing", "note", "minutes", "audience", "numbering")
POINT_KEYS = ("text", "ref", "note", "detail", "points", "audience", "numbering")
QUOTE_KEYS = ("quote", "ref", "translation", "audience")
KEY_VERSE_KEYS = ("ref", "text", "translation")
QUESTION_KEYS = ("text", "audience")


class _FileLoader(NodeReader):
    """Loads one file: walks the outline's parts; every check appends to ``self.problems``."""

    def __init__(self, path: str, source: str):
        super().__init__(path, source)
        self.point_count = 0

    # ------------------------------------------------------------ the outline's parts

    def outline(self, root) -> Outline | None:
        f = self.mapping(root, "the outline", OUTLINE_KEYS)
        if not isinstance(root, yaml.MappingNode):
            return None
        has_title = self.required(f, "title", root, "an outline")
        has_sections = self.required(f, "sections", root, "an outline")
        title = self.inline(f["title"], "title") if has_title else ()
        passage = self.reference(f["passage"], "passage", None) if "passage" in f else None
        numbering = self.numbering(f["numbering"]) if "numbering" in f else None
        sections: list[Section] = []
        if has_sections:
            knode, snode = f["sections"]
            if not isinstance(snode, yaml.SequenceNode):
                self.at(snode, f"'sections' must be a list of sections (each starting with '- heading:'), not {_kind(snode)}")
            elif not snode.value:
                self.at(snode, "'sections' is empty; an outline needs at least one section")
            else:
                for s in snode.value:
                    sec = self.section(s, passage)
                    if sec is not None:
                        sections.append(sec)
        questions = self.questions(f["questions"]) if "questions" in f else ()
        key_verse = self.key_verse(f["key_verse"], passage) if "key_verse" in f else None
        return Outline(
            path=self.path,
            title=title,
            sections=tuple(sections),
            subtitle=self.inline(f["subtitle"], "subtitle") if "subtitle" in f else (),
            passage=passage,
            speaker=self.words(f["speaker"], "speaker") if "speaker" in f else None,
            date=self.date(f["date"]) if "date" in f else None,
            series=self.words(f["series"], "series") if "series" in f else None,
            big_idea=self.inline(f["big_idea"], "big_idea") if "big_idea" in f else (),
            key_verse=key_verse,
            introduction=self.paragraphs(f["introduction"], "introduction") if "introduction" in f else (),
            numbering=numbering or "outline",
            numbered_sections=self.boolean(f["numbered_sections"], "numbered_sections") if "numbered_sections" in f else False,
            questions=questions,
            closing=self.paragraphs(f["closing"], "closing") if "closing" in f else (),
            pos=self.pos(root),
            speaker_pos=self.pos(f["speaker"][1]) if "speaker" in f else None,
            series_pos=self.pos(f["series"][1]) if "series" in f else None,
        )

    def section(self, node, context) -> Section | None:
        f = self.mapping(node, "a section", SECTION_KEYS)
        if not isinstance(node, yaml.MappingNode):
            return None
        if not self.required(f, "heading", node, "a section"):
            heading: Inline = ()
        else:
            heading = self.inline(f["heading"], "heading")
        ref = self.reference(f["ref"], "ref", context) if "ref" in f else None
        points = self.points(f["points"], ref or context, 1) if "points" in f else ()
        return Section(
            heading=heading,
            ref=ref,
            text=self.paragraphs(f["text"], "text") if "text" in f else (),
            points=points,
            closing=self.paragraphs(f["closing"], "closing") if "closing" in f else (),
            note=self.paragraphs(f["note"], "note") if "note" in f else (),
            minutes=self.minutes(f["minutes"]) if "minutes" in f else None,
            audience=self.audience(f["audience"]) if "audience" in f else (),
            numbering=self.numbering(f["numbering"]) if "numbering" in f else None,
            pos=self.pos(node),
        )

    def points(self, entry, context, depth: int) -> tuple[Item, ...]:
        knode, node = entry
        if not isinstance(node, yaml.SequenceNode):
            self.at(node, f"'points' must be a list (each point starting with '- '), not {_kind(node)}")
            return ()
        if depth > MAX_POINT_DEPTH:
            self.at(node, f"points nest more than {MAX_POINT_DEPTH} levels deep here; flatten the outline")
            return ()
        out = []
        for item in node.value:
            self.point_count += 1
            if self.point_count > MAX_POINTS:
                if self.point_count == MAX_POINTS + 1:
                    self.at(item, f"the outline has more than {MAX_POINTS:,} points (YAML aliases repeating points?); split it up")
                return tuple(out)
            p = self.point(item, context, depth)
            if p is not None:
                out.append(p)
        return tuple(out)

    def point(self, node, context, depth: int) -> Item | None:
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                self.at(node, "this point is empty; write its text or remove the '-'")
                return None
            return Point(text=self.parse_text(node, node.value, 0), pos=self.pos(node))
        if not isinstance(node, yaml.MappingNode):
            self.at(node, "a point must be text or a mapping with 'text:' (or 'quote:'), not a list; "
                          "did you indent sub-points without 'points:'?")
            return None
        keys = {k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
        if "quote" in keys:
            if "text" in keys:
                self.at(node, "a point has 'quote' and 'text'; use 'quote' for a scripture quotation or 'text' for a point, not both")
                return None
            f = self.mapping(node, "a quotation", QUOTE_KEYS)
            ref = self.reference(f["ref"], "ref", context) if "ref" in f else None
            qk, qv = f["quote"]
            if isinstance(qv, yaml.ScalarNode) and not qv.style and qv.value in _NULLS:
                # `quote:` left empty: the words are filled from a translation by reference
                if "ref" not in f:
                    self.at(qk, "a quotation needs its words after 'quote:', or a 'ref' to fill them from a translation")
                text = None
            else:
                text = self.inline(f["quote"], "quote")
            return Quote(
                text=text,
                ref=ref,
                translation=self.words(f["translation"], "translation") if "translation" in f else None,
                audience=self.audience(f["audience"]) if "audience" in f else (),
                pos=self.pos(node),
            )
        before = self.unknown
        f = self.mapping(node, "a point", POINT_KEYS, ("quote", "translation"))
        if "text" not in f:
            if self.unknown == before:  # a misspelt key was already reported: that is the problem
                self.at(node, "a point needs 'text' (or 'quote' for a scripture quotation)")
            return None
        ref = self.reference(f["ref"], "ref", context) if "ref" in f else None
        return Point(
            text=self.inline(f["text"], "text"),
            ref=ref,
            note=self.paragraphs(f["note"], "note") if "note" in f else (),
            detail=self.paragraphs(f["detail"], "detail") if "detail" in f else (),
            points=self.points(f["points"], ref or context, depth + 1) if "points" in f else (),
            audience=self.audience(f["audience"]) if "audience" in f else (),
            numbering=self.numbering(f["numbering"]) if "numbering" in f else None,
            pos=self.pos(node),
        )

    def questions(self, entry) -> tuple[Question, ...]:
        knode, node = entry
        if not isinstance(node, yaml.SequenceNode):
            self.at(node, f"'questions' must be a list (each question starting with '- '), not {_kind(node)}")
            return ()
        out = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                if not item.style and item.value in _NULLS:
                    self.at(item, "this question is empty; write it or remove the '-'")
                    continue
                out.append(Question(text=self.parse_text(item, item.value, 0), pos=self.pos(item)))
                continue
            f = self.mapping(item, "a question", QUESTION_KEYS)
            if not isinstance(item, yaml.MappingNode):
                continue
            if not self.required(f, "text", item, "a question"):
                continue
            out.append(
                Question(
                    text=self.inline(f["text"], "text"),
                    audience=self.audience(f["audience"]) if "audience" in f else (),
                    pos=self.pos(item),
                )
            )
        return tuple(out)

    def key_verse(self, entry, context) -> Quote | None:
        knode, node = entry
        f = self.mapping(node, "key_verse", KEY_VERSE_KEYS)
        if not isinstance(node, yaml.MappingNode):
            return None
        if not self.required(f, "ref", node, "key_verse"):
            return None
        return Quote(
            text=self.inline(f["text"], "text") if "text" in f else None,
            ref=self.reference(f["ref"], "ref", context),
            translation=self.words(f["translation"], "translation") if "translation" in f else None,
            pos=self.pos(node),
        )


def load_text(text: str, path: str) -> Outline:
    """Load an outline from text; raises OutlineError with every problem found."""
    root = compose(text, path)
    fl = _FileLoader(path, text)
    if isinstance(root, yaml.SequenceNode):
        fl.at(root, "the top level is a list; an outline starts with keys like 'title:' and 'sections:'")
        raise OutlineError(fl.problems)
    if isinstance(root, yaml.ScalarNode):
        fl.at(root, "the file holds a single piece of text; an outline starts with keys like 'title:' and 'sections:'")
        raise OutlineError(fl.problems)
    outline = fl.outline(root)
    if fl.problems or outline is None:
        raise OutlineError(fl.problems)
    return outline


def load_file(path: str | Path) -> Outline:
    """Read and load one outline file; raises OutlineError with every problem found."""
    p = str(path)
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise OutlineError([Problem(p, 0, 0, "is a folder, not an outline file")])
    except OSError as e:
        raise OutlineError([Problem(p, 0, 0, f"cannot read the file: {e.strerror or e}")])
    text, problems = read_source(p, data)
    if problems:
        raise OutlineError(problems)
    return load_text(text, p)
