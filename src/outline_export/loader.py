"""YAML outline files -> model.Outline, checking everything and collecting every problem.

PyYAML's C composer builds a node tree that keeps line marks; the loader walks that tree itself
instead of constructing Python objects, so a value is always the text the user wrote: ``no`` stays
"no", ``1:30`` stays "1:30", ``2026-03-01`` stays "2026-03-01". Every problem is collected as an
errors.Problem with file, line and column; ``load_file`` raises one OutlineError carrying all of them.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path

import yaml

from outline_export import scripture
from outline_export.errors import OutlineError, Problem
from outline_export.inline import parse_inline
from outline_export.model import (
    NUMBERING_STYLES,
    Blank,
    Emphasis,
    Strong,
    Text,
    Inline,
    Item,
    Outline,
    Point,
    Pos,
    Question,
    Quote,
    Section,
)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NESTING = 200  # YAML nesting the composer is allowed to see (libyaml crashes far beyond this)
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

_NULLS = {"", "~", "null", "Null", "NULL"}
_AUDIENCE = re.compile(r"[a-z][a-z0-9-]*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\Z|(\d+):([0-5]\d)\Z")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")


def _kind(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


class _FileLoader:
    """Loads one file; every check appends to ``self.problems``."""

    def __init__(self, path: str, source: str):
        self.path = path
        self.source = source
        self.problems: list[Problem] = []
        self.point_count = 0
        self.unknown = 0

    # ------------------------------------------------------------ problems and positions

    def error(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, col, message))

    def at(self, node, message: str) -> None:
        m = node.start_mark
        self.error(m.line + 1, m.column + 1, message)

    def pos(self, node) -> Pos:
        m = node.start_mark
        return Pos(self.path, m.line + 1, m.column + 1)

    def locator(self, node, base: int = 0):
        """A function mapping an offset in the scalar's value (plus ``base``) to a Pos in the file."""
        sm = node.start_mark
        value = node.value
        style = node.style
        if not style and "\n" not in value and sm.line == node.end_mark.line:
            return lambda off: Pos(self.path, sm.line + 1, sm.column + 1 + base + off)
        raw = self.source[sm.index : node.end_mark.index]

        def locate(off: int) -> Pos:
            target = base + off
            if style in ("|", ">"):
                r = raw.find("\n") + 1
            elif style in ('"', "'"):
                r = 1
            else:
                r = 0
            v = 0
            while v < target and r < len(raw):
                rc, vc = raw[r], value[v]
                if rc == vc:
                    r += 1
                    v += 1
                elif rc in " \t\n\r":
                    r += 1
                elif vc in " \n":
                    v += 1
                else:
                    r += 1
                    v += 1
            while r < len(raw) and raw[r] in " \t" and style in ("|", ">"):
                r += 1  # indentation before the first character of a line
            nl = raw.rfind("\n", 0, r)
            line = sm.line + 1 + raw.count("\n", 0, r)
            col = (r - nl) if nl >= 0 else sm.column + 1 + r
            return Pos(self.path, line, col)

        return locate

    # ------------------------------------------------------------ value readers

    def mapping(self, node, what: str, allowed: tuple[str, ...], suggest: tuple[str, ...] = ()) -> dict[str, tuple]:
        """{key: (key_node, value_node)} for a mapping node, reporting unknown and repeated keys.

        Unknown keys get a "did you mean" from ``allowed`` + ``suggest``; ``self.unknown`` counts them."""
        if not isinstance(node, yaml.MappingNode):
            self.at(node, f"{what} must be a mapping of keys (like 'heading: ...'), not {_kind(node)}")
            return {}
        out: dict[str, tuple] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.at(knode, f"a key in {what} must be a word, not {_kind(knode)}")
                continue
            key = knode.value
            if key not in allowed:
                self.unknown += 1
                close = difflib.get_close_matches(key, allowed + suggest, n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else f"; {what} keys are: {', '.join(allowed)}"
                self.at(knode, f"unknown key '{key}' in {what}{hint}")
                continue
            if key in out:
                self.at(knode, f"'{key}' is given twice in {what}; keep one")
                continue
            out[key] = (knode, vnode)
        return out

    def scalar(self, entry, key: str) -> str | None:
        """The text of a scalar value, or None (reported) for a list/mapping/empty value."""
        knode, node = entry
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                self.at(knode, f"'{key}' is empty; give it a value or remove the key")
                return None
            return node.value
        hint = ""
        src_line = self.source.splitlines()[node.start_mark.line] if node.start_mark.line < self.source.count("\n") + 1 else ""
        ch = src_line[node.start_mark.column : node.start_mark.column + 1]
        if isinstance(node, yaml.SequenceNode) and ch == "[":
            hint = "; a value that begins with '[' is read as a list: quote this value (put it in double quotes)"
        elif isinstance(node, yaml.MappingNode) and ch == "{":
            hint = "; a value that begins with '{' is read as a mapping: quote this value (put it in double quotes)"
        self.at(node, f"'{key}' must be text, not {_kind(node)}{hint}")
        return None

    def inline(self, entry, key: str) -> Inline:
        text = self.scalar(entry, key)
        if text is None:
            return ()
        return _unwrap(self.parse_text(entry[1], text.rstrip(), 0))

    def parse_text(self, node, text: str, base: int) -> Inline:
        found: list[tuple[int, str]] = []
        locate = self.locator(node, base)
        spans = parse_inline(text, found, locate)
        for off, msg in found:
            p = locate(off)
            self.error(p.line, p.col, msg)
        return spans

    def paragraphs(self, entry, key: str) -> tuple[Inline, ...]:
        """A string (blank lines separate paragraphs) or a list of strings, each a paragraph."""
        knode, node = entry
        if isinstance(node, yaml.SequenceNode):
            out = []
            for item in node.value:
                out.extend(self.paragraphs((knode, item), key))
            return tuple(out)
        text = self.scalar(entry, key)
        if text is None:
            return ()
        out = []
        start = 0
        for m in list(_PARA_SPLIT.finditer(text)) + [None]:
            end = m.start() if m else len(text)
            chunk = text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            para = chunk.strip()
            if para:
                out.append(_unwrap(self.parse_text(node, para, start + lead)))
            if m:
                start = m.end()
        return tuple(out)

    def words(self, entry, key: str) -> str | None:
        """Plain text with no markup but ${variables} (speaker, series): kept as written; a
        malformed ${ is reported here, the variables are filled in by the views."""
        text = self.scalar(entry, key)
        if text is None:
            return None
        if "${" in text:
            self.parse_text(entry[1], text, 0)
        return text.strip()

    def reference(self, entry, key: str, context: scripture.Reference | None) -> scripture.Reference | None:
        text = self.scalar(entry, key)
        if text is None:
            return None
        try:
            return scripture.parse_reference(text, context)
        except scripture.ReferenceError as e:
            node = entry[1]
            stripped_lead = len(text) - len(text.lstrip())
            p = self.locator(node)(stripped_lead + e.offset if e.offset < len(text.strip()) + 1 else 0)
            self.error(p.line, p.col, e.message)
            return None

    def audience(self, entry) -> tuple[str, ...]:
        knode, node = entry
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        names = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode):
                self.at(item, f"an audience is a name like 'youth', not {_kind(item)}")
                continue
            name = item.value.strip()
            if not _AUDIENCE.match(name):
                self.at(item, f"audience '{name}' is not a name: use lowercase words like 'youth' or 'small-groups'")
                continue
            names.append(name)
        return tuple(names)

    def numbering(self, entry) -> str | None:
        text = self.scalar(entry, "numbering")
        if text is None:
            return None
        if text not in NUMBERING_STYLES:
            close = difflib.get_close_matches(text, NUMBERING_STYLES, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.at(entry[1], f"numbering '{text}' is not one of: {', '.join(NUMBERING_STYLES)}{hint}")
            return None
        return text

    def boolean(self, entry, key: str) -> bool:
        text = self.scalar(entry, key)
        if text is None:
            return False
        value = text.strip().lower()
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off"):
            return False
        self.at(entry[1], f"'{key}' must be true or false, not '{text}'")
        return False

    def minutes(self, entry) -> float | None:
        text = self.scalar(entry, "minutes")
        if text is None:
            return None
        m = _MINUTES.match(text.strip())
        if not m:
            self.at(entry[1], f"minutes must be a number like 8 or 7.5 (or minutes:seconds like 7:30), not '{text}'")
            return None
        value = float(m.group(1)) if m.group(1) else int(m.group(2)) + int(m.group(3)) / 60
        if not 0 < value <= 600:
            self.at(entry[1], f"minutes must be more than 0 and at most 600, not {text}")
            return None
        return value

    def date(self, entry) -> str | None:
        text = self.scalar(entry, "date")
        if text is None:
            return None
        text = text.strip()
        ok = bool(_DATE.match(text))
        if ok:
            try:
                _dt.date.fromisoformat(text)
            except ValueError:
                ok = False
        if not ok:
            self.at(entry[1], f"date '{text}' is not a real date written YYYY-MM-DD, like 2026-03-01")
            return None
        return text

    def required(self, fields: dict, key: str, node, what: str) -> bool:
        if key not in fields:
            self.at(node, f"{what} needs '{key}'")
            return False
        return True

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


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _unwrap(spans: Inline) -> Inline:
    """A single line break inside a paragraph is a space (parsing happened first, so offsets stay exact)."""
    out = []
    for s in spans:
        if isinstance(s, Text) and "\n" in s.text:
            s = Text(_LINE_BREAK.sub(" ", s.text))
        elif isinstance(s, Blank) and s.answer and "\n" in s.answer:
            s = Blank(_LINE_BREAK.sub(" ", s.answer), s.pos)
        elif isinstance(s, (Strong, Emphasis)):
            s = type(s)(_unwrap(s.children))
        out.append(s)
    return tuple(out)


# ---------------------------------------------------------------- reading the file


def _yaml_hint(problem: str, line_text: str) -> str:
    stripped = re.sub(r"^\s*(-\s+)*([^:#]+:\s+)?", "", line_text)
    if stripped[:1] in ("[", "{"):
        return (f"; a value that begins with '{stripped[0]}' is read as a "
                f"{'list' if stripped[0] == '[' else 'mapping'}: quote this value (put it in double quotes)")
    if stripped[:1] == "*" or "alias" in problem:
        return "; a value that begins with '*' is read as a YAML alias: quote this value (put it in double quotes)"
    if stripped[:1] in ("&", "!", "%", "@", "`", "|", ">") and "block scalar" not in problem:
        return f"; a value that begins with '{stripped[0]}' has a special meaning in YAML: quote this value"
    if "mapping values are not allowed" in problem:
        return "; a ': ' inside a value starts a new key: quote this value (put it in double quotes)"
    if "\t" in problem or "tab" in problem.lower() or line_text.lstrip(" ").startswith("\t"):
        return "; indent with spaces, not tabs"
    if "expected <block end>" in problem or "did not find expected '-' indicator" in problem:
        return "; check the indentation of this line against the lines above it"
    if "quoted scalar" in problem:
        return "; a quotation mark opened here is never closed (or an inner one needs a backslash)"
    return ""


def _nesting_depth(text: str) -> int:
    """A cheap over-estimate of YAML nesting: libyaml's composer crashes on absurdly deep input."""
    deepest = 0
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = 0
        for ch in text:
            if ch in "[{":
                depth += 1
                if depth > deepest:
                    deepest = depth
            elif ch in "]}":
                depth -= 1
    lead = re.compile(r"^[ \-?:]*", re.M)
    block = max((len(m.group(0)) for m in lead.finditer(text)), default=0) // 2
    return max(deepest, block)


def read_source(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    """Decode a file's bytes as UTF-8 text, or explain why it is not an outline."""

    def fail(msg: str, line: int = 0, col: int = 0):
        return None, [Problem(path, line, col, msg)]

    if not data.strip():
        return fail("the file is empty; an outline needs at least 'title:' and 'sections:' (see docs/format.md)")
    if len(data) > MAX_FILE_BYTES:
        return fail(f"the file is {len(data) / 1048576:.1f} MB; outlines are limited to "
                    f"{MAX_FILE_BYTES // 1048576} MB (is this really an outline?)")
    if b"\x00" in data[:8192] or data.count(b"\x00") > 0:
        return fail("this is a binary file, not a YAML outline")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        before = data[: e.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return fail(f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} cannot be read); "
                    "save it as UTF-8 in your editor", line, col)
    return text, []


def load_text(text: str, path: str) -> Outline:
    """Load an outline from text; raises OutlineError with every problem found."""
    if _nesting_depth(text) > MAX_NESTING:
        raise OutlineError([Problem(path, 1, 1, f"the file nests more than {MAX_NESTING} levels deep; "
                                                 "this is not an outline")])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "not valid YAML"
        line_text = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
        if "expected a single document" in (e.context or "") + problem or "another document" in problem:
            message = "the file holds more than one YAML document ('---'); keep one outline per file"
        else:
            message = f"YAML syntax error: {problem}{_yaml_hint(problem, line_text)}"
        raise OutlineError([Problem(path, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, message)])
    except yaml.YAMLError as e:
        raise OutlineError([Problem(path, 1, 1, f"YAML error: {e}")])
    if root is None:
        raise OutlineError([Problem(path, 1, 1, "the file has only comments; an outline needs 'title:' and 'sections:'")])
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


def find_outlines(paths: list[str]) -> tuple[list[str], list[Problem]]:
    """Expand files and folders into outline files (folders: every *.yaml / *.yml below them)."""
    files: list[str] = []
    problems: list[Problem] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(
                str(f) for f in path.rglob("*")
                if f.suffix in (".yaml", ".yml") and f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
            if not found:
                problems.append(Problem(p, 0, 0, "no outline files (*.yaml, *.yml) in this folder"))
            files.extend(found)
        elif path.exists():
            files.append(str(path))
        else:
            problems.append(Problem(p, 0, 0, "no such file or folder"))
    return files, problems
