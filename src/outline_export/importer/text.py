"""The plain-text reader: every line that is not blank is a ``text`` Line, in the outline's inline
markup. What the lines are (a title, a heading, an item and its marker, a reference, metadata) is
the builder's to decide; this reader only decodes the file and writes the text as markup:

- ``\\``, ``*`` and ``${`` are escaped (plain text has no markup), except a leading ``* `` bullet;
- a blank with an answer (``___word___``, ``__ word __``) is written ``___word___``; any other
  run of three or more underscores is a free-writing blank ``___``.
"""

from __future__ import annotations

import re

from outline_export.importer.lines import Line, Note

_ANSWER = re.compile(r"(?<![_\\])(_{3,})[ \t]?([^_\s](?:[^_\n]*[^_\s])?)[ \t]?\1(?!_)")
_RUN = re.compile(r"(?<!_)_{3,}(?!_)|_{4,}")
_BLANK = "\x00B\x00"


def decode(data: bytes) -> tuple[str, str]:
    """The text of a file and, when it was not UTF-8, the encoding it was read as."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252"


def _markup(text: str, keep_bullet: bool) -> str:
    """Plain text as inline markup: literal characters escaped, blanks written the outline's way."""
    answers: list[str] = []

    def hold(m: re.Match) -> str:
        answers.append(f"___{m.group(2)}___")
        return f"{_BLANK}{len(answers) - 1}{_BLANK}"

    head = ""
    if keep_bullet and re.match(r"\s*\*\s", text):
        head, text = text[: text.index("*") + 1], text[text.index("*") + 1:]
    text = _ANSWER.sub(hold, text)
    text = text.replace("\\", "\\\\").replace("*", "\\*").replace("${", "\\${")
    text = _RUN.sub("___", text)
    text = re.sub(r"___(?=[^\W_])", "___ ", text)  # a free blank glued to a word stays a free blank
    text = re.sub(r"(?<=[^\W_])___", " ___", text)
    text = re.sub(f"{_BLANK}(\\d+){_BLANK}", lambda m: answers[int(m.group(1))], text)
    return head + text


def read(data: bytes, path: str) -> tuple[list[Line], list[Note]]:
    text, encoding = decode(data)
    notes = [Note(1, f"read as {encoding} (not UTF-8)", doubt=True)] if encoding else []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for n, raw in enumerate(text.split("\n"), 1):
        raw = raw.replace("\u00a0", " ").replace("\t", "    ").rstrip()
        if raw.strip():
            lines.append(Line(_markup(raw.strip(), keep_bullet=True), n, source="line"))
    return lines, notes
