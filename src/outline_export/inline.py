"""Inline markup: ``___answer___`` blanks, bare ``___`` free blanks, ``**strong**``, ``*emphasis*``,
``${name}`` variables, and ``\\`` escapes. Produces model spans; collects problems with offsets.

The rules (docs/format.md says the same in users' words):
- Three or more underscores open a blank when the next character starts a word; the blank's answer
  runs to the next run of three or more underscores. Otherwise the run is a free-writing blank.
- Spaces just inside the underscores are allowed when both runs have the same length and the
  answer is on one line: ``___ grace ___``, ``___grace ___`` and ``___ grace___`` are ``___grace___``.
  Runs of different lengths stay free-writing blanks (``___ and ______``: two blanks).
  One or two underscores are just underscores (snake_case stays as written).
- ``**`` opens and closes bold text; an unclosed ``**`` is an error.
- ``*`` followed by a non-space opens italics and must be closed by a ``*``; a ``*`` followed by a
  space or the end of the text is a literal asterisk.
- ``${name}`` is a variable; ``\\${`` is a literal ``${``.
- A backslash makes the next character literal (before underscores: the whole run).
- A closing mark ends the nearest open span of its kind; marks opened inside it and not closed by
  then are reported and kept as written. ``***x***`` is bold italics. Spans nest at most 20 deep.
- A blank's answer is plain text: ``**``, ``*`` before a word and ``${`` in it are errors.
"""

from __future__ import annotations

import re

from outline_export.model import Blank, Emphasis, Inline, Span, Strong, Text, Var

_SPECIAL = re.compile(r"[_*\\$]")
_TOKEN = re.compile(r"\\(?P<escaped>_+|.)|(?P<run>_{3,})|(?P<mark>\*\*|\*)|(?P<var>\$\{)|\\\Z", re.S)
_CAN_CLOSE = re.compile(r"\*(?=\S)")  # in the reversed text: a '*' after a non-space
_VAR_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\}")
_NO_ANSWER_START = set(" \t\n.,;:!?)]}'\"’”-–—/")
_SPACED = re.compile(r"[ \t]+([^\s_\\](?:[^_\n\\]*[^\s_\\])?)[ \t]*(_{3,})(?!\w)")  # `___ grace ___`
_RUN = re.compile(r"(?<![\\_])_{3,}")
_CLOSING_RUN = re.compile(r"(?<![\s\\])_{3,}")
_ANSWER_MARKUP = re.compile(r"\\.|(\*\*|\*(?=\S)|\$\{)", re.S)


class InlineProblem(Exception):
    pass


def parse_inline(text: str, problems: list[tuple[int, str]], locate=None, limit: int | None = None,
                 blank_limit: int | None = None) -> Inline:
    """Spans for ``text``. Each problem found is appended as (offset, message), in order.

    ``locate(offset)`` gives the model.Pos of an offset, stored on blanks and variables. With a
    ``limit``, reading stops once that many problems are found (the text is refused anyway, and
    only so many are listed): the rest is kept as it is, unchecked; likewise past ``blank_limit``
    blanks (the outline has too many parts)."""
    if not _SPECIAL.search(text):
        return (Text(text),) if text else ()
    found: list[tuple[int, str]] = []
    spans = _Parser(text, found, locate or (lambda offset: None), limit, blank_limit).parse()
    problems.extend(sorted(found, key=lambda p: p[0]))
    return spans


_MAX_DEPTH = 20  # bold and italic nested deeper than this is refused (each level is a call in every writer)
_MAX_OPEN = 200  # marks open at once (deeper than _MAX_DEPTH, so an error either way)


class _Frame:
    """An open ``**`` or ``*`` (the root frame has no mark) and what follows it so far."""

    __slots__ = ("mark", "start", "items")

    def __init__(self, mark: str | None, start: int):
        self.mark = mark
        self.start = start
        self.items: list = []  # Span objects and str pieces (merged into Text when the frame ends)


class _Parser:
    """One pass over the text with a stack of open ``**``/``*`` (as CommonMark's delimiter stack):
    a closing mark ends the nearest open span of its kind; marks opened above it and never closed
    turn back into literal text, each reported once. Blanks and variables are read where they start.
    Every search starts where the last one of its kind ended, so the work is linear in the text."""

    def __init__(self, text: str, problems: list[tuple[int, str]], locate, limit: int | None = None,
                 blank_limit: int | None = None):
        self.limit = limit
        self.blanks_left = blank_limit if blank_limit is not None else len(text)
        self.text = text
        self.problems = problems
        self.locate = locate
        self._close_from = None  # where the last search for a closing run began (see closing_run)
        self._close_found = None

    def parse(self) -> Inline:
        text, n = self.text, len(self.text)
        stack = [_Frame(None, -1)]
        open_count = {"*": 0, "**": 0}
        # No '*' after this offset can close italics (none there follows a non-space): italics opened
        # after it are never closed, and are reported at once rather than kept open to the end.
        closer = _CAN_CLOSE.search(text[::-1])
        last_closer = n - 1 - closer.start() if closer else -1
        search, problems, i = _TOKEN.search, self.problems, 0
        limit = self.limit if self.limit is not None else n + 1
        while True:
            items = stack[-1].items
            m = search(text, i) if len(problems) < limit and self.blanks_left >= 0 else None
            if m is None:
                items.append(text[i:])
                break
            start = m.start()
            if start > i:
                items.append(text[i:start])
            i = m.end()
            kind = m.lastgroup
            if kind == "mark":  # ** or *
                mark = m.group(kind)
                before = text[start - 1] if start else " "
                if mark == "**" and text[i : i + 1] == "*" and stack[-1].mark == "*" and not before.isspace():
                    mark, i = "*", start + 1  # `***` closing italic inside bold: the `*` first
                after = text[i] if i < n else " "
                if (mark == "**" and stack[-1].mark == "**") or (
                        open_count[mark] and (not before.isspace() or (mark == "**" and after.isspace()))):
                    k = len(stack) - 1  # the nearest open span of this mark (what is above it is unclosed)
                    while stack[k].mark != mark:
                        k -= 1
                    self.fold(stack, k, open_count)  # marks opened since and never closed: literal
                    frame = stack.pop()
                    open_count[mark] -= 1
                    if k > _MAX_DEPTH:
                        problems.append((frame.start, _TOO_DEEP))
                        stack[-1].items.extend((mark, *frame.items, mark))
                    else:
                        stack[-1].items.append((Strong if mark == "**" else Emphasis)(_merge(frame.items)))
                elif mark == "*" and after.isspace():
                    items.append("*")  # a lone asterisk followed by a space is literal
                elif mark == "*" and start >= last_closer:
                    problems.append((start, _UNCLOSED["*"]))
                    items.append("*")
                elif len(stack) > _MAX_OPEN:  # (so the stack, and the work of closing, stay small)
                    problems.append((start, _TOO_MANY_OPEN[mark]))
                    items.append(mark)
                else:
                    stack.append(_Frame(mark, start))
                    open_count[mark] += 1
            elif kind == "escaped":
                items.append(m.group(kind))
            elif kind == "run":  # underscores
                i = self.blank(m, items)
            elif kind == "var":
                vm = _VAR_NAME.match(text, i)
                if vm is None:
                    problems.append(
                        (start, "'${' starts a variable that is not closed like ${name}: write \\${ for a literal ${")
                    )
                    items.append("${")
                    continue
                items.append(Var(vm.group(1), pos=self.locate(start)))
                i = vm.end()
            else:  # a backslash at the very end
                items.append("\\")
        self.fold(stack, 0, open_count, report=len(problems) < limit)
        return _merge(stack[0].items)

    def fold(self, stack: list[_Frame], k: int, open_count: dict[str, int], report: bool = True) -> None:
        """The frames above ``stack[k]`` were never closed: report each mark (unless reading
        stopped early), and keep it and what followed it as they are, in ``stack[k]`` (all at
        once, so each piece moves once)."""
        into = stack[k].items
        for frame in stack[k + 1 :]:
            open_count[frame.mark] -= 1
            if report:
                self.problems.append((frame.start, _UNCLOSED[frame.mark]))
            into.append(frame.mark)
            into.extend(frame.items)
        del stack[k + 1 :]

    def blank(self, m: re.Match, items: list) -> int:
        """Read the blank opened by the underscores ``m``; append it (or the literal run) to
        ``items`` and return the index after it."""
        text = self.text
        self.blanks_left -= 1
        run, i = m.group("run"), m.end()
        nxt = text[i] if i < len(text) else " "
        spaced = _SPACED.match(text, i) if nxt in " \t" else None
        if spaced and len(spaced.group(2)) == len(run):  # `___ grace ___`
            items.append(self.answered(m.start(), spaced.group(1), spaced.start(1)))
            return spaced.end()
        if nxt in _NO_ANSWER_START:
            items.append(Blank(None, pos=self.locate(m.start())))
            return i
        close = _RUN.search(text, i)  # `___grace ___`: a same-length run after a space, same line
        if not (close and text[close.start() - 1] in " \t" and len(close.group()) == len(run)
                and "\n" not in text[i : close.start()]
                and not (close.end() < len(text) and (text[close.end()].isalnum() or text[close.end()] == "_"))):
            close = self.closing_run(i)
        if close is None:
            self.problems.append(
                (
                    m.start(),
                    f"the blank opened by '{run}' is never closed: end the answer with ___ "
                    "(or put a space after ___ for a free-writing blank)",
                )
            )
            items.append(run)
            return i
        raw = text[i : close.start()]
        items.append(self.answered(m.start(), raw, i))
        return close.end()

    def closing_run(self, i: int):
        """The first run of three or more underscores at or after ``i`` not after a space or a
        backslash. Remembered: a later search from before the run found gives the same run."""
        found = self._close_found
        if self._close_from is None or not (self._close_from <= i and (found is None or found.start() >= i)):
            found = self._close_found = _CLOSING_RUN.search(self.text, i)
        self._close_from = i
        return found

    def answered(self, start: int, raw: str, at: int) -> Blank:
        """A blank whose answer is ``raw`` (at offset ``at``). An answer is plain text: markup in it
        is reported, never kept as literal asterisks or an unfilled variable."""
        for mm in _ANSWER_MARKUP.finditer(raw):
            what = mm.group(1)
            if what is None:  # an escaped character
                continue
            if what == "${":
                message = ("a blank's answer cannot hold a variable: write the answer itself between the "
                           "underscores (or \\${ for a literal ${)")
            else:
                literal = "\\*" * len(what)
                message = (f"a blank's answer is plain text, so '{what}' would print as asterisks: take it "
                           f"out (or write {literal} for literal asterisks)")
            self.problems.append((at + mm.start(), message))
            break
        return Blank(_unescape(raw).strip(), pos=self.locate(start))


def _merge(items: list) -> Inline:
    """Spans with neighbouring text pieces joined into one Text."""
    out: list[Span] = []
    buf: list[str] = []
    for item in items:
        if isinstance(item, str):
            buf.append(item)
            continue
        if buf:
            joined = "".join(buf)
            if joined:
                out.append(Text(joined))
            buf.clear()
        out.append(item)
    joined = "".join(buf)
    if joined:
        out.append(Text(joined))
    return tuple(out)


_UNCLOSED = {
    "**": "'**' starts bold text that is never closed: close it with ** or write \\*\\* for literal asterisks",
    "*": "'*' starts italic text that is never closed: close it with * or write \\* for a literal asterisk",
}


def _unescape(s: str) -> str:
    return re.sub(r"\\(_+|.)", r"\1", s, flags=re.S)
_TOO_DEEP = ("bold and italic marks nest more than 20 deep here: close the ones opened before it "
             "(or write \\* for a literal asterisk)")
_TOO_MANY_OPEN = {
    mark: f"'{mark}' opens {what} inside {_MAX_OPEN} others still open: close those first (or write {escaped} "
          f"for literal asterisks)" for mark, what, escaped in (("**", "bold text", "\\*\\*"), ("*", "italics", "\\*"))
}
