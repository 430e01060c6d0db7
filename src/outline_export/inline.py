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
"""

from __future__ import annotations

import re

from outline_export.model import Blank, Emphasis, Inline, Span, Strong, Text, Var

_SPECIAL = re.compile(r"[_*\\$]")
_TOKEN = re.compile(r"\\(_+|.)|\\$|(_{3,})|(\*\*)|(\*)|(\$\{)", re.S)
_VAR_NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*)\}")
_NO_ANSWER_START = set(" \t\n.,;:!?)]}'\"’”-–—/")
_SPACED = re.compile(r"[ \t]+([^\s_\\](?:[^_\n\\]*[^\s_\\])?)[ \t]*(_{3,})(?!\w)")  # `___ grace ___`
_RUN = re.compile(r"(?<![\\_])_{3,}")


class InlineProblem(Exception):
    pass


def parse_inline(text: str, problems: list[tuple[int, str]], locate=None) -> Inline:
    """Spans for ``text``. Each problem found is appended as (offset, message).

    ``locate(offset)`` gives the model.Pos of an offset, stored on blanks and variables."""
    if not _SPECIAL.search(text):
        return (Text(text),) if text else ()
    parser = _Parser(text, problems, locate or (lambda offset: None))
    spans, _ = parser.parse(0, None)
    return spans


class _Parser:
    def span(self, start: int, i: int, mark: str):
        """(Strong or Emphasis, index after it) for the text opened by ``mark`` at ``start``, or
        None (reported once) if it is never closed: then the mark is literal and parsing goes on."""
        before = len(self.problems)
        inner, j = self.parse(i, mark)
        if j is None:
            del self.problems[before:]  # problems inside an unclosed span are found again later
            self.problems.append((start, _UNCLOSED[mark]))
            return None
        return (Strong if mark == "**" else Emphasis)(inner), j

    def __init__(self, text: str, problems: list[tuple[int, str]], locate):
        self.text = text
        self.problems = problems
        self.locate = locate

    def parse(self, i: int, closer: str | None) -> tuple[Inline, int]:
        """Parse from ``i`` until ``closer`` ("**" or "*") or the end; returns (spans, index after)."""
        text = self.text
        out: list[Span] = []
        buf: list[str] = []

        def flush():
            if buf:
                joined = "".join(buf)
                if joined:
                    out.append(Text(joined))
                buf.clear()

        while True:
            m = _TOKEN.search(text, i)
            if m is None:
                buf.append(text[i:])
                i = len(text)
                break
            buf.append(text[i : m.start()])
            i = m.end()
            if m.group(0).startswith("\\"):
                buf.append(m.group(1) if m.group(1) is not None else "\\")
            elif m.group(2):  # underscores
                run = m.group(2)
                nxt = text[i] if i < len(text) else " "
                spaced = _SPACED.match(text, i) if nxt in " \t" else None
                if spaced and len(spaced.group(2)) == len(run):  # `___ grace ___`
                    flush()
                    out.append(Blank(spaced.group(1), pos=self.locate(m.start())))
                    i = spaced.end()
                    continue
                if nxt in _NO_ANSWER_START:
                    flush()
                    out.append(Blank(None, pos=self.locate(m.start())))
                    continue
                close = _RUN.search(text, i)  # `___grace ___`: a same-length run after a space, same line
                if not (close and text[close.start() - 1] in " \t" and len(close.group()) == len(run)
                        and "\n" not in text[i : close.start()]
                        and not (close.end() < len(text) and (text[close.end()].isalnum() or text[close.end()] == "_"))):
                    close = re.compile(r"(?<![\s\\])_{3,}").search(text, i)
                if close is None:
                    self.problems.append(
                        (
                            m.start(),
                            f"the blank opened by '{run}' is never closed: end the answer with ___ "
                            "(or put a space after ___ for a free-writing blank)",
                        )
                    )
                    buf.append(run)
                    continue
                answer = _unescape(text[i : close.start()]).strip()
                flush()
                out.append(Blank(answer, pos=self.locate(m.start())))
                i = close.end()
            elif m.group(3) or m.group(4):  # ** or *
                mark = m.group(3) or m.group(4)
                if closer == mark and (mark == "**" or not text[m.start() - 1].isspace()):
                    flush()
                    return tuple(out), i
                if mark == "*" and (text[i] if i < len(text) else " ").isspace():
                    buf.append("*")  # a lone asterisk followed by a space is literal
                    continue
                span = self.span(m.start(), i, mark)
                if span is None:
                    buf.append(mark)
                    continue
                flush()
                out.append(span[0])
                i = span[1]
            else:  # ${
                vm = _VAR_NAME.match(text, i)
                if vm is None:
                    self.problems.append(
                        (m.start(), "'${' starts a variable that is not closed like ${name}: write \\${ for a literal ${")
                    )
                    buf.append("${")
                    continue
                flush()
                out.append(Var(vm.group(1), pos=self.locate(m.start())))
                i = vm.end()
        flush()
        if closer is not None:
            return tuple(out), None  # type: ignore[return-value]  # unclosed: caller reports
        return tuple(out), i


_UNCLOSED = {
    "**": "'**' starts bold text that is never closed: close it with ** or write \\*\\* for literal asterisks",
    "*": "'*' starts italic text that is never closed: close it with * or write \\* for a literal asterisk",
}


def _unescape(s: str) -> str:
    return re.sub(r"\\(_+|.)", r"\1", s, flags=re.S)
