"""YAML outline files -> model.Outline, checking everything and collecting every problem.

PyYAML's C composer builds a node tree that keeps line marks; the loader walks that tree itself
instead of constructing Python objects, so a value is always the text the user wrote: ``no`` stays
"no", ``1:30`` stays "1:30", ``2026-03-01`` stays "2026-03-01". Every problem is collected as an
errors.Problem with file, line and column; ``load_file`` raises one OutlineError carrying all of them.
Warnings (text YAML read differently from what was meant, which still renders) are carried on the
returned ``Outline.warnings`` when there is no error, and in the OutlineError beside the errors when
there is one. ``loader_hints`` words the messages that diagnose a likely mistake.

This module owns the outline's structure (the walk over outline, sections, points, quotations and
questions, with the key tables ``loader_hints`` keeps and ``schema`` also builds from) and the entry points
``load_text``/``load_file``. Reading the file up to the node tree (size, encoding and nesting
checks, composing, ``find_outlines``) is in ``loader_source``; reading single values (text,
markup, references, dates, minutes) is ``loader_values.NodeReader``. Names used from here
before the split (``read_source``, ``find_outlines``, ``MAX_FILE_BYTES``, ``MAX_NESTING``)
are re-exported.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path

import yaml

from outline_export.errors import OutlineError, Problem
from outline_export.loader_source import (  # MAX_*, find_outlines: re-exported
    MAX_FILE_BYTES, MAX_NESTING, compose, find_outlines, read_source, unprintable,
)
from outline_export.loader_hints import (  # the key tables: re-exported for schema
    KEY_VERSE_KEYS, OUTLINE_KEYS, POINT_KEYS, QUESTION_KEYS, QUOTE_KEYS, SECTION_KEYS, colon_key,
    colon_text_message, hand_label, hand_label_message,
)
from outline_export.languages import DEFAULT as DEFAULT_LANGUAGE
from outline_export.languages import LANGUAGES
from outline_export.loader_hints import clip
from outline_export.loader_values import _NULLS, NodeReader, _kind
from outline_export.model import Inline, Item, Outline, Point, Question, Quote, Section

MAX_POINT_DEPTH = 12
_NO_SPACE = re.compile(r"([a-z_]+):(\S.*)", re.S)


class _FileLoader(NodeReader):
    """Loads one file: walks the outline's parts; every check appends to ``self.problems``."""

    def __init__(self, path: str, source: str, language: str | None = None):
        super().__init__(path, source)
        self.numbered_sections = False
        self.default_language = language or DEFAULT_LANGUAGE  # the settings' language, for an outline without one
        self.written_in = self.default_language

    def language(self, entry) -> str | None:
        text = self.one_value(entry, "language")
        if text is None:
            return None
        code = text.strip().lower()
        if code not in LANGUAGES:
            close = difflib.get_close_matches(code, LANGUAGES, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.at(entry[1], f"language '{clip(text)}' is not one the tool knows: {', '.join(LANGUAGES)}{hint} "
                              "(a language is a data file in languages/, docs/languages.md)")
            return None
        return code

    # ------------------------------------------------------------ the outline's parts

    def outline(self, root) -> Outline | None:
        f = self.mapping(root, "the outline", OUTLINE_KEYS)
        if not isinstance(root, yaml.MappingNode):
            return None
        has_title = self.required(f, "title", root, "an outline")
        has_sections = self.required(f, "sections", root, "an outline")
        title = self.inline(f["title"], "title") if has_title else ()
        language = self.language(f["language"]) if "language" in f else None
        self.written_in = language or self.default_language  # its references are read in it
        passage = self.reference(f["passage"], "passage", None) if "passage" in f else None
        numbering = self.numbering(f["numbering"]) if "numbering" in f else None
        numbered = self.boolean(f["numbered_sections"], "numbered_sections") if "numbered_sections" in f else False
        self.numbered_sections = numbered
        sections: list[Section] = []
        if has_sections:
            knode, snode = f["sections"]
            if not isinstance(snode, yaml.SequenceNode):
                self.at(snode, f"'sections' must be a list of sections (each starting with '- heading:'), not {_kind(snode)}")
            elif not snode.value:
                self.at(snode, "'sections' is empty; an outline needs at least one section")
            else:
                for s in snode.value:
                    if not self.count(s):
                        break
                    sec = self.section(s, passage, numbering or "outline")
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
            numbered_sections=numbered,
            questions=questions,
            closing=self.paragraphs(f["closing"], "closing") if "closing" in f else (),
            language=language,
            pos=self.pos(root),
            speaker_pos=self.pos(f["speaker"][1]) if "speaker" in f else None,
            series_pos=self.pos(f["series"][1]) if "series" in f else None,
        )

    def section(self, node, context, numbering: str) -> Section | None:
        if isinstance(node, yaml.ScalarNode) and not node.style and node.value not in _NULLS:
            m = _NO_SPACE.fullmatch(node.value)
            if m and m.group(1) in SECTION_KEYS:
                self.at(node, f"a space is needed after the colon: write {m.group(1)}: {m.group(2)}")
            else:
                self.at(node, f"a section starts with 'heading:': write - heading: {node.value}")
            return None
        pair = self.one_line_pair(node)
        if pair and colon_key(pair[0].value, SECTION_KEYS):
            self.at(node, f"a section starts with 'heading:': write - heading: \"{pair[1]}\"")
            return None
        f = self.mapping(node, "a section", SECTION_KEYS)
        if not isinstance(node, yaml.MappingNode):
            return None
        if not self.required(f, "heading", node, "a section"):
            heading: Inline = ()
        else:
            heading = self.inline(f["heading"], "heading")
            if self.numbered_sections:
                self.check_label(f["heading"][1], "a heading")
        ref = self.reference(f["ref"], "ref", context) if "ref" in f else None
        own = self.numbering(f["numbering"]) if "numbering" in f else None
        points = self.points(f["points"], ref or context, 1, own or numbering) if "points" in f else ()
        return Section(
            heading=heading,
            ref=ref,
            text=self.paragraphs(f["text"], "text") if "text" in f else (),
            points=points,
            closing=self.paragraphs(f["closing"], "closing") if "closing" in f else (),
            note=self.paragraphs(f["note"], "note") if "note" in f else (),
            minutes=self.minutes(f["minutes"]) if "minutes" in f else None,
            audience=self.audience(f["audience"]) if "audience" in f else (),
            numbering=own,
            pos=self.pos(node),
        )

    def points(self, entry, context, depth: int, numbering: str) -> tuple[Item, ...]:
        knode, node = entry
        if not isinstance(node, yaml.SequenceNode):
            hint = ""
            if isinstance(node, yaml.ScalarNode) and node.value.startswith("-"):
                hint = "; put each point on its own line below 'points:', starting with '- ' (a space after the dash)"
            self.at(node, f"'points' must be a list (each point starting with '- '), not {_kind(node)}{hint}")
            return ()
        if depth > MAX_POINT_DEPTH:
            self.at(node, f"points nest more than {MAX_POINT_DEPTH} levels deep here; flatten the outline")
            return ()
        out = []
        for item in node.value:
            if not self.count(item):
                return tuple(out)
            p = self.point(item, context, depth, numbering)
            if p is not None:
                out.append(p)
        return tuple(out)

    def point(self, node, context, depth: int, numbering: str) -> Item | None:
        """A point, a quotation, or None (reported); ``numbering`` is the scheme its level uses."""
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                hint = self.comment_hint(node) or "; write its text or remove the '-'"
                self.at(node, f"this point is empty{hint}")
                return None
            if not node.value.strip():  # "" or "  ": quotes with nothing between them
                self.at(node, "this point is blank: write its text between the quotes, or remove the '-'")
                return None
            m = _NO_SPACE.fullmatch(node.value) if not node.style else None
            if m and m.group(1) in POINT_KEYS + QUOTE_KEYS:
                self.warning(node.start_mark.line + 1, node.start_mark.column + 1,
                             f"'{node.value}' is read as text because there is no space after the colon; "
                             f"write {m.group(1)}: {m.group(2)}")
            elif numbering != "none":
                self.check_label(node, "a point")
            return Point(text=self.parse_text(node, node.value, 0), pos=self.pos(node))
        pair = self.one_line_pair(node)
        if pair and colon_key(pair[0].value, POINT_KEYS + QUOTE_KEYS):
            return Point(text=self.colon_text(pair), pos=self.pos(node))
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
            ref = self.reference(f["ref"], "ref", context, quotation=True) if "ref" in f else None
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
        f = self.mapping(node, "a point", POINT_KEYS, ("quote", "translation"), pair[1] if pair else None)
        if "text" not in f:
            if self.unknown == before:  # a misspelt key was already reported: that is the problem
                self.at(node, "a point needs 'text' (or 'quote' for a scripture quotation)")
            return None
        ref = self.reference(f["ref"], "ref", context) if "ref" in f else None
        own = self.numbering(f["numbering"]) if "numbering" in f else None
        if numbering != "none":
            self.check_label(f["text"][1], "a point")
        return Point(
            text=self.inline(f["text"], "text"),
            ref=ref,
            note=self.paragraphs(f["note"], "note") if "note" in f else (),
            detail=self.paragraphs(f["detail"], "detail") if "detail" in f else (),
            points=self.points(f["points"], ref or context, depth + 1, own or numbering) if "points" in f else (),
            audience=self.audience(f["audience"]) if "audience" in f else (),
            numbering=own,
            pos=self.pos(node),
        )

    def colon_text(self, pair) -> Inline:
        """``- Application: pray daily`` read back as the text it was written as, with a warning."""
        knode, text = pair
        self.warning(knode.start_mark.line + 1, knode.start_mark.column + 1, colon_text_message(text, knode.value))
        node = yaml.ScalarNode("tag:yaml.org,2002:str", text, knode.start_mark, knode.start_mark, style=None)
        return self.parse_text(node, text, 0)

    def check_label(self, node, what: str) -> None:
        """Warn when a point's, question's or numbered heading's text begins with a label typed by hand."""
        if not isinstance(node, yaml.ScalarNode):
            return
        found = hand_label(node.value)
        if found:
            p = self.locator(node)(found[0])
            self.warning(p.line, p.col, hand_label_message(found[1], what))

    def questions(self, entry) -> tuple[Question, ...]:
        knode, node = entry
        if not isinstance(node, yaml.SequenceNode):
            self.at(node, f"'questions' must be a list (each question starting with '- '), not {_kind(node)}")
            return ()
        out = []
        for item in node.value:
            if not self.count(item):
                break
            if isinstance(item, yaml.ScalarNode):
                if not item.style and item.value in _NULLS:
                    hint = self.comment_hint(item) or "; write it or remove the '-'"
                    self.at(item, f"this question is empty{hint}")
                    continue
                if not item.value.strip():
                    self.at(item, "this question is blank: write it between the quotes, or remove the '-'")
                    continue
                self.check_label(item, "a question")
                out.append(Question(text=self.parse_text(item, item.value, 0), pos=self.pos(item)))
                continue
            pair = self.one_line_pair(item)
            if pair and colon_key(pair[0].value, QUESTION_KEYS):
                out.append(Question(text=self.colon_text(pair), pos=self.pos(item)))
                continue
            f = self.mapping(item, "a question", QUESTION_KEYS, (), pair[1] if pair else None)
            if not isinstance(item, yaml.MappingNode):
                continue
            if not self.required(f, "text", item, "a question"):
                continue
            self.check_label(f["text"][1], "a question")
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
        if isinstance(node, yaml.ScalarNode) and node.value not in _NULLS:
            self.at(node, f"key_verse holds keys: put 'ref: {node.value}' on the next line, indented under "
                          "'key_verse:' (and 'text:' for its words)")
            return None
        f = self.mapping(node, "key_verse", KEY_VERSE_KEYS)
        if not isinstance(node, yaml.MappingNode):
            return None
        if not self.required(f, "ref", node, "key_verse"):
            return None
        return Quote(
            text=self.inline(f["text"], "text") if "text" in f else None,
            ref=self.reference(f["ref"], "ref", context, quotation=True),
            translation=self.words(f["translation"], "translation") if "translation" in f else None,
            pos=self.pos(node),
        )


def load_text(text: str, path: str, language: str | None = None) -> Outline:
    """Load an outline from text; raises OutlineError with every problem found (warnings too) when
    there is an error, else returns it with its warnings in ``Outline.warnings``."""
    root = compose(text, path)
    fl = _FileLoader(path, text, language)
    if isinstance(root, yaml.SequenceNode):
        fl.at(root, "the top level is a list; an outline starts with keys like 'title:' and 'sections:'")
        raise OutlineError(fl.listed())
    if isinstance(root, yaml.ScalarNode):
        fl.at(root, "the file holds a single piece of text; an outline starts with keys like 'title:' and 'sections:'")
        raise OutlineError(fl.listed())
    for p in unprintable(root, text, path):
        fl.error(p.line, p.col, p.message, p.severity)
    fl.lint(root)
    outline = fl.outline(root)
    listed = fl.listed()
    if outline is None or any(p.is_error for p in listed):
        raise OutlineError(listed)
    warnings = tuple(listed)
    return dataclasses.replace(outline, warnings=warnings) if warnings else outline


def load_file(path: str | Path, language: str | None = None, data: bytes | None = None) -> Outline:
    """Read and load one outline file (``data``: its bytes, if the caller has read them already);
    raises OutlineError with every problem found."""
    p = str(path)
    try:
        if data is None:
            data = Path(path).read_bytes()
    except IsADirectoryError:
        raise OutlineError([Problem(p, 0, 0, "is a folder, not an outline file")])
    except OSError as e:
        raise OutlineError([Problem(p, 0, 0, f"cannot read the file: {e.strerror or e}")])
    text, problems = read_source(p, data)
    if problems:
        raise OutlineError(problems)
    return load_text(text, p, language)
