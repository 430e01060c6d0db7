"""Reading single YAML values for the loader: positions, keys, text with markup, references, dates.

``NodeReader`` holds one file's problems and turns a PyYAML node into what the model wants,
keeping the text exactly as written and reporting every problem with file, line and column:
``mapping`` (unknown and repeated keys, worded by ``loader_hints.unknown_key``), ``one_line_pair``
(``- Application: pray daily``, maybe text with a colon), ``scalar``, ``inline`` and
``paragraphs`` (markup, via inline.parse_inline), ``reference`` (via scripture), ``audience``,
``numbering``, ``boolean``, ``minutes``, ``date``. ``locator`` maps an offset inside a value back
to its place in the file, through quotes and block scalars. ``lint`` walks every node once for
text YAML changed silently (``#words`` read as a comment, sub-points folded into text). Errors and
warnings (severity "warning") go to the same list. ``loader`` walks the outline's structure on top
of it.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re

import yaml

from outline_export import scripture
from outline_export.errors import Problem
from outline_export.inline import parse_inline
from outline_export.loader_hints import (
    clip, colon_key, comment_after, comment_message, folded_dash, line_up_message, sub_points_fix, unknown_key,
)
from outline_export.loader_source import UNPRINTABLE
from outline_export.model import NUMBERING_STYLES, Blank, Emphasis, Inline, Pos, Strong, Text

_NULLS = {"", "~", "null", "Null", "NULL"}
_AUDIENCE = re.compile(r"[a-z][a-z0-9-]*\Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)\Z|(\d+):([0-5]\d)\Z")
_PARA_SPLIT = re.compile(r"\n[ \t]*\n")
_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _kind(node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping (key: value pairs)"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return "text"


MAX_PROBLEMS = 200  # problems listed for one file; the rest are summed up in one line
# Sections, points, questions, paragraphs and blanks in one outline: a year of sermons is a few
# thousand; each costs validate about 0.1 ms per edition (docs/performance.md, "Hostile input").
MAX_PARTS = 20_000
_KEPT = 1000  # problems kept (the first MAX_PROBLEMS in the file's order are listed)


class NodeReader:
    """Reads values from one file's node tree; every check appends to ``self.problems``."""

    def __init__(self, path: str, source: str):
        self.path = path
        self.source = source
        self.lines = source.splitlines()
        self.problems: list[Problem] = []
        self.unknown = 0  # unknown keys reported so far (see ``mapping``)
        self.full = False  # _KEPT problems found: the rest are not kept
        self.parts = 0  # sections, points, questions, paragraphs and blanks read so far (MAX_PARTS)
        self.dropped_error = False  # an error was among them

    # ------------------------------------------------------------ problems and positions

    def error(self, line: int, col: int, message: str, severity: str = "error") -> None:
        if len(self.problems) >= _KEPT:  # a file of nothing but mistakes: stop keeping them
            self.full = True
            self.dropped_error = self.dropped_error or severity == "error"
            return
        self.problems.append(Problem(self.path, line, col, _printable(message), severity))

    def count(self, node, n: int = 1) -> bool:
        """Count ``n`` more parts read at ``node``; False (reported once, there) past MAX_PARTS."""
        before, self.parts = self.parts, self.parts + n
        if self.parts <= MAX_PARTS:
            return True
        if before <= MAX_PARTS:
            self.at(node, f"the outline has more than {MAX_PARTS:,} parts (sections, points, questions, "
                          "paragraphs and blanks); split it into several outlines")
        return False

    def listed(self) -> list[Problem]:
        """The problems in the order of the file, the first MAX_PROBLEMS of them, then (if there
        are more) one line saying so, at the first one left out; it is an error if any of those is."""
        found = sorted(self.problems, key=lambda p: (p.line, p.col))
        if len(found) <= MAX_PROBLEMS and not self.full:
            return found
        rest = found[MAX_PROBLEMS:]
        at = rest[0] if rest else found[-1]
        error = self.dropped_error or any(p.is_error for p in rest)
        return found[:MAX_PROBLEMS] + [Problem(self.path, at.line, at.col, f"more problems from here on are not "
                                               f"listed (only the first {MAX_PROBLEMS} are): fix those and run "
                                               "validate again", "error" if error else "warning")]

    def at(self, node, message: str) -> None:
        m = node.start_mark
        self.error(m.line + 1, m.column + 1, message)

    def warning(self, line: int, col: int, message: str) -> None:
        self.error(line, col, message, "warning")

    def line_text(self, n: int) -> str:
        return self.lines[n] if 0 <= n < len(self.lines) else ""

    def prefix(self, node) -> str:
        """What the node's line holds before it, indentation left out: '- ', 'text: ', '- heading: '."""
        m = node.start_mark
        return self.line_text(m.line)[: m.column].lstrip()

    def comment_hint(self, node) -> str:
        """For an empty value: how '#words' after it were read as a comment, else ''."""
        found = comment_after(self.line_text(node.end_mark.line), node.end_mark.column)
        if not found:
            return ""
        prefix = self.prefix(node).rstrip()
        return "; " + comment_message(found[1], prefix + " " if prefix else "", "")

    # ------------------------------------------------------------ text YAML changed silently

    def lint(self, root) -> None:
        """Warn where YAML took '#words' after text for a comment; report sub-points folded into
        the text above them. Every node is visited once (aliases repeat nodes)."""
        seen: set[int] = set()
        stack = [(root, None, False)]
        while stack:
            node, key, item = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    stack.append((v, k if isinstance(k, yaml.ScalarNode) else None, False))
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((v, key, True) for v in node.value)
            elif not node.style and node.value not in _NULLS:
                self.lint_plain(node, key, item)

    def lint_plain(self, node, knode, item: bool) -> None:
        """``knode`` is the key node when ``node`` is a mapping value, ``item`` whether it is a list
        item (of the list under ``knode``'s key)."""
        start, end = node.start_mark, node.end_mark
        key = knode.value if knode is not None else None
        found = comment_after(self.line_text(end.line), end.column)
        if found:
            col, comment = found
            text = node.value + self.line_text(end.line)[end.column : col] + comment
            prefix = self.prefix(node)
            if not item and knode is not None and colon_key(key, ()) and knode.start_mark.line == start.line:
                # `- Application: pray #daily`: the whole line is text with a colon
                prefix = self.prefix(knode)
                text = self.line_text(start.line)[knode.start_mark.column : end.column] + text[len(node.value):]
            self.warning(end.line + 1, col + 1, comment_message(comment, prefix, text))
        if start.line == end.line:
            return
        dash = folded_dash(self.lines, start.line, end.line)
        if not dash:
            return
        line0 = self.line_text(start.line)
        dash0 = line0.rfind("-", 0, start.column)
        if item and dash0 >= 0 and dash0 < dash[1] < start.column:  # a sibling one column off
            self.error(dash[0] + 1, dash[1] + 1, line_up_message("this '- '", dash[1], "the '- '", start.line + 1, dash0))
            return
        first = line0[start.column :].rstrip()
        joined = node.value if len(node.value) <= 80 else node.value[:77] + "..."
        if item and key == "points":
            message = (f"sub-points under a point written as plain text are joined to its text (\"{joined}\"); "
                       + sub_points_fix(first))
        elif item:
            message = (f"this line is joined to the item above (\"{joined}\"); start it at the same indentation "
                       "as the '- ' above it, or put the whole text in double quotes if the dash belongs to it")
        else:
            message = (f"this line is joined to the '{key}' text above (\"{joined}\"); list items go under a "
                       "key like 'points:', or put the whole text in double quotes if the dash belongs to it")
        self.error(dash[0] + 1, dash[1] + 1, message)

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
        first = raw.find("\n") + 1 if style in ("|", ">") else 1 if style in ('"', "'") else 0
        # Where the last search ended (value offset, raw offset, newlines before it, the last one's
        # raw offset): offsets are mostly asked for in order, so each search goes on from the last
        # and a long scalar is read once, not once per blank.
        start = (0, first, raw.count("\n", 0, first), raw.rfind("\n", 0, first))
        state = list(start)

        def locate(off: int) -> Pos:
            target = base + off
            v, r, lines, nl = state if target >= state[0] else start
            n = len(raw)
            while v < target and r < n:
                rc, vc = raw[r], value[v]
                if rc == vc:
                    r += 1
                    v += 1
                elif rc in " \t\n\r":
                    r += 1
                elif vc in " \n":
                    v += 1
                    continue
                else:
                    r += 1
                    v += 1
                if rc == "\n":
                    lines += 1
                    nl = r - 1
            state[:] = (v, r, lines, nl)
            while r < n and raw[r] in " \t" and style in ("|", ">"):
                r += 1  # indentation before the first character of a line
            line = sm.line + 1 + lines
            col = (r - nl) if nl >= 0 else sm.column + 1 + r
            return Pos(self.path, line, col)

        return locate

    # ------------------------------------------------------------ value readers

    def mapping(self, node, what: str, allowed: tuple[str, ...], suggest: tuple[str, ...] = (),
                as_text: str | None = None) -> dict[str, tuple]:
        """{key: (key_node, value_node)} for a mapping node, reporting unknown and repeated keys.

        Unknown keys are worded by ``loader_hints.unknown_key`` (where the key belongs, or a "did you
        mean" from ``allowed`` + ``suggest``); ``self.unknown`` counts them."""
        if not isinstance(node, yaml.MappingNode):
            self.at(node, f"{what} must be a mapping of keys (like '{allowed[0]}: ...'), not {_kind(node)}")
            return {}
        out: dict[str, tuple] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                self.at(knode, f"a key in {what} must be a word, not {_kind(knode)}")
                continue
            key = knode.value
            if key not in allowed:
                self.unknown += 1
                self.at(knode, unknown_key(key, what, allowed, suggest, as_text))
                continue
            if key in out:
                self.at(knode, f"'{key}' is given twice in {what}; keep one")
                continue
            out[key] = (knode, vnode)
        return out

    def one_line_pair(self, node):
        """(key node, text as written) when ``node`` is a block mapping of one key and a plain value
        on one line (``- Application: pray daily``), which may be text with a colon; else None."""
        if not isinstance(node, yaml.MappingNode) or node.flow_style or len(node.value) != 1:
            return None
        k, v = node.value[0]
        if not (isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)) or k.style or v.style:
            return None
        if k.start_mark.line != v.end_mark.line or v.value in _NULLS:
            return None
        return k, self.source[k.start_mark.index : v.end_mark.index]

    def scalar(self, entry, key: str) -> str | None:
        """The text of a scalar value, or None (reported) for a list/mapping/empty value."""
        knode, node = entry
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                self.at(knode, f"'{key}' is empty{self.comment_hint(node) or '; give it a value or remove the key'}")
                return None
            if not node.value.strip():  # quotes with nothing but spaces between them
                self.at(node, f"'{key}' is blank: write its text between the quotes")
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

    def one_value(self, entry, key: str) -> str | None:
        """``scalar`` for a key that holds one short value (a reference, a number, a date, a word):
        a line indented under it that YAML joined to the value is reported where it starts."""
        text = self.scalar(entry, key)
        node = entry[1]
        if text is None or node.end_mark.line == node.start_mark.line or node.style in ("|", ">"):
            return text
        for n in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(self.lines))):
            line = self.lines[n]
            if line.strip():
                col = len(line) - len(line.lstrip()) + 1
                self.error(n + 1, col, f"this line is indented under '{key}:' (line {node.start_mark.line + 1}), "
                                       f"so YAML reads it as more of that value; '{key}' takes one value: move "
                                       f"this line left, to line up with '{key}:' or the key it belongs under")
                return None
        return text

    def inline(self, entry, key: str) -> Inline:
        text = self.scalar(entry, key)
        if text is None:
            return ()
        return _unwrap(self.parse_text(entry[1], text.rstrip(), 0))

    def parse_text(self, node, text: str, base: int) -> Inline:
        found: list[tuple[int, str]] = []
        locate = self.locator(node, base)
        spans = parse_inline(text, found, locate, limit=_KEPT + 1 - len(self.problems),
                             blank_limit=MAX_PARTS - self.parts)
        for off, msg in found:
            if self.full:
                break
            p = locate(off)
            self.error(p.line, p.col, msg)
        blanks = _blanks(spans)
        if blanks:
            self.count(node, blanks)
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
            if para and self.count(node):
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

    def reference(self, entry, key: str, context: scripture.Reference | None,
                  quotation: bool = False) -> scripture.Reference | None:
        """A scripture reference, read in the outline's language (loader_refs)."""
        from outline_export.loader_refs import read_reference

        return read_reference(self, entry, key, context, quotation)

    def audience(self, entry) -> tuple[str, ...]:
        knode, node = entry
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        names = []
        for item in items:
            if not isinstance(item, yaml.ScalarNode):
                self.at(item, f"an audience is a name like 'youth', not {_kind(item)}")
                continue
            name = item.value.strip()
            if not item.style and name in _NULLS:
                self.at(item if item.value else knode, "'audience' is empty; give a name like 'youth', or remove the key")
                continue
            if not item.style and name.lower() in ("true", "false"):
                self.at(item, f"audience '{clip(name)}' reads as yes-or-no, not a name; give a name like 'youth' "
                              "(an item with no 'audience' is for everyone)")
                continue
            if not _AUDIENCE.match(name):
                self.at(item, f"audience '{clip(name)}' is not a name: use lowercase words like 'youth' or 'small-groups'")
                continue
            names.append(name)
        return tuple(names)

    def numbering(self, entry) -> str | None:
        text = self.one_value(entry, "numbering")
        if text is None:
            return None
        if text not in NUMBERING_STYLES:
            close = difflib.get_close_matches(text, NUMBERING_STYLES, n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.at(entry[1], f"numbering '{clip(text)}' is not one of: {', '.join(NUMBERING_STYLES)}{hint}")
            return None
        return text

    def boolean(self, entry, key: str) -> bool:
        text = self.one_value(entry, key)
        if text is None:
            return False
        value = text.strip().lower()
        if value in ("true", "yes", "on"):
            return True
        if value in ("false", "no", "off"):
            return False
        self.at(entry[1], f"'{key}' must be true or false, not '{clip(text)}'")
        return False

    def minutes(self, entry) -> float | None:
        text = self.one_value(entry, "minutes")
        if text is None:
            return None
        m = _MINUTES.match(text.strip())
        if not m:
            self.at(entry[1], f"minutes must be a number like 8 or 7.5 (or minutes:seconds like 7:30), not '{clip(text)}'")
            return None
        if m.group(1):
            value = float(m.group(1))  # float() reads any number of digits; int() stops at 4,300
        else:
            value = (int(m.group(2)) if len(m.group(2)) <= 6 else 10**6) + int(m.group(3)) / 60
        if not 0 < value <= 600:
            self.at(entry[1], f"minutes must be more than 0 and at most 600, not {clip(text.strip())}")
            return None
        return value

    def date(self, entry) -> str | None:
        text = self.one_value(entry, "date")
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
            self.at(entry[1], f"date '{clip(text)}' is not a real date written YYYY-MM-DD, like 2026-03-01")
            return None
        return text

    def required(self, fields: dict, key: str, node, what: str) -> bool:
        """Whether ``key`` is in ``fields``; reports it missing unless a key written for it (in
        capitals or misspelt) was already reported."""
        if key in fields:
            return True
        written = [k.value for k, _ in getattr(node, "value", ()) if isinstance(k, yaml.ScalarNode) and k.value not in fields]
        if not any(w.lower() == key or difflib.get_close_matches(w, [key], cutoff=0.6) for w in written):
            self.at(node, f"{what} needs '{key}'")
        return False


def _printable(message: str) -> str:
    """A message quoting text that holds a control character shows it as its escape."""
    return UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", message) if UNPRINTABLE.search(message) else message


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


def _blanks(spans) -> int:
    """How many blanks ``spans`` hold (inside bold and italics too)."""
    n = 0
    for s in spans:
        if isinstance(s, Blank):
            n += 1
        elif isinstance(s, (Strong, Emphasis)):
            n += _blanks(s.children)
    return n
