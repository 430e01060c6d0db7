"""What a new user most likely meant: the outline's key tables, where each key belongs, and the
wording of what to type instead, for text YAML silently changed.

- ``PLACES`` lists every key by the place it belongs (the loader and ``schema`` read the tables from
  here); ``unknown_key`` words the message for a key that does not belong where it is written.
- ``yaml_errors.yaml_error`` (a module of its own) finds the real cause of a YAML syntax error.
- ``comment_after``, ``folded_dash``, ``hand_label`` and ``colon_key`` spot text that is valid YAML
  but not what was meant: `` #word`` read as a comment, sub-points folded into a point's text, a
  number typed by hand, a ``:`` inside text read as a key.

docs/format.md ("Mistakes the validator explains") describes the same rules in users' words.
"""

from __future__ import annotations

import difflib
import re

OUTLINE_KEYS = (
    "title", "subtitle", "language", "passage", "speaker", "date", "series", "big_idea", "key_verse",
    "introduction", "numbering", "numbered_sections", "sections", "questions", "closing",
)
SECTION_KEYS = ("heading", "ref", "text", "points", "closing", "note", "minutes", "audience", "numbering")
POINT_KEYS = ("text", "ref", "note", "detail", "points", "audience", "numbering")
QUOTE_KEYS = ("quote", "ref", "translation", "audience")
KEY_VERSE_KEYS = ("ref", "text", "translation")
QUESTION_KEYS = ("text", "audience")

PLACES = (
    ("the outline", OUTLINE_KEYS),
    ("a section", SECTION_KEYS),
    ("a point", POINT_KEYS),
    ("a quotation", QUOTE_KEYS),
    ("key_verse", KEY_VERSE_KEYS),
    ("a question", QUESTION_KEYS),
)
ALL_KEYS = frozenset(k for _, keys in PLACES for k in keys)

_KEY_LIKE = re.compile(r"[a-z][a-z0-9_]*\Z")


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def clip(text: str, limit: int = 80) -> str:
    """``text`` as a message shows it: a long text cut in the middle (a paragraph quoted whole
    would make a message nobody reads)."""
    if len(text) <= limit:
        return text
    half = limit // 2 - 2
    head, tail = text[:half], text[-half:]
    if " " in head[half // 2:]:  # whole words either side
        head = head[: head.rindex(" ")]
    if " " in tail[: half // 2]:
        tail = tail[tail.index(" ") + 1:]
    return head.rstrip() + " … " + tail.lstrip()


def _dq(text: str) -> str:
    """``text`` in YAML double quotes, as a message shows it (``clip``)."""
    return '"' + clip(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _quoted(text: str) -> str:
    """``text`` quoted the way that needs the fewest escapes: single quotes unless it holds an
    apostrophe, else double quotes."""
    if "'" not in text:
        return "'" + clip(text) + "'"
    return _dq(text)


def unknown_key(key: str, what: str, allowed: tuple[str, ...], suggest: tuple[str, ...] = (),
                as_text: str | None = None) -> str:
    """The message for ``key`` written in ``what`` (a place from PLACES), where ``allowed`` are its keys.

    ``as_text`` is the line as text (``- faith: the gift``) when the key and its value are all the
    mapping holds, so the key may be text with a colon."""
    if key != key.lower() and (key.lower() in allowed or key.lower() in suggest):
        text = f"; if '{clip(as_text)}' is text, put it in double quotes: - {_dq(as_text)}" if as_text else ""
        return f"keys are written in lowercase: write '{key.lower()}', not '{key}'{text}"
    if not _KEY_LIKE.match(key):
        return (f"'{clip(key, 40)}' is not a key of {what}; if it is the start of the text, put the whole text in "
                f"double quotes (keys allowed in {what}: {', '.join(allowed)})")
    places = [place + (" ('- quote: ...')" if place == "a quotation" else "")
              for place, keys in PLACES if key in keys and place != what]
    if places:
        return f"'{key}' belongs on {_either(places)}, not {what}"
    close = difflib.get_close_matches(key, allowed + suggest, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{clip(key, 40)}' in {what}; did you mean '{close[0]}'?"
    if as_text is not None:
        return (f"unknown key '{clip(key, 40)}' in {what}; if '{clip(as_text)}' is text, put it in double quotes: "
                f"- {_dq(as_text)}")
    return f"unknown key '{clip(key, 40)}' in {what}; keys allowed in {what}: {', '.join(allowed)}"


def colon_text_message(text: str, key: str) -> str:
    return (f"'{clip(text)}' is read as text with a colon, not as a key '{clip(key, 40)}'; to say so, put it in double "
            f"quotes: - {_dq(text)} (or write - text: {_dq(text)})")


def hand_label_message(label: str, what: str) -> str:
    start = f"'{label}' at the start looks like a number typed by hand; "
    if what == "a question":
        return start + "questions are numbered automatically (1., 2., ...), so it would print twice: delete it"
    if what == "a heading":
        return (start + "with 'numbered_sections: true' headings are numbered automatically, so it would "
                "print twice: delete it, or set 'numbered_sections: false'")
    return (start + "points are numbered automatically, so it would print twice: delete it, and choose the "
            "labels with 'numbering:' (outline, decimal or bullets; 'numbering: none' keeps your own)")


def line_up_message(this: str, col: int, that: str, line: int, other_col: int) -> str:
    """``this`` (like "this '- '") in 0-based column ``col`` should line up with ``that`` on 1-based
    ``line`` in 0-based column ``other_col``."""
    return (f"{this} starts in column {col + 1}, {that} on line {line} in column {other_col + 1}; "
            "line them up (YAML reads the structure from indentation)")


def sub_points_fix(first: str, it: str = "the point") -> str:
    """How to give the point written as plain text ``first`` sub-points."""
    return (f"write {it} as '- text: {first}', put 'points:' on the next line, lined up under 'text:', "
            "and indent the sub-points under 'points:'")


def colon_key(key: str, allowed: tuple[str, ...]) -> bool:
    """Whether a one-key mapping's key reads as the start of text with a colon ("Application",
    "Key point", "John 3:16") rather than a key: it is not a lowercase word, nor one of ``allowed``
    (the keys of its place) in capitals."""
    return not _KEY_LIKE.match(key) and key.lower() not in allowed


# ------------------------------------------------------------------ text YAML changed silently

_COMMENT = re.compile(r"[ \t]+#(.*)")


def comment_after(line_text: str, end_col: int) -> tuple[int, str] | None:
    """(column of '#', comment text after it) when ``line_text`` goes on after a plain scalar that
    ends at ``end_col`` with a comment written like text: a '#' directly followed by a word
    (``#blessed``, ``#1``). An ordinary comment (``# like this``) gives None."""
    m = _COMMENT.match(line_text, end_col)
    if not m or not m.group(1) or m.group(1)[0] in " \t#":
        return None
    return line_text.index("#", end_col), "#" + m.group(1).rstrip()


def comment_message(comment: str, prefix: str, text: str) -> str:
    fixed = f"{prefix}{_dq(text)}" if text else f"{prefix}{_dq(comment)}"
    return (f"'{clip(comment)}' was read as a comment and left out; put the whole text in double quotes: "
            f"{fixed}")


def folded_dash(lines: list[str], start_line: int, end_line: int) -> tuple[int, int] | None:
    """(line, col), 0-based, of the first continuation line of a plain multi-line scalar that starts
    with '- ': a sub-point YAML folded into the text above it."""
    for n in range(start_line + 1, min(end_line, len(lines) - 1) + 1):
        stripped = lines[n].lstrip(" ")
        if stripped.startswith("- ") or stripped.rstrip() == "-":
            return n, len(lines[n]) - len(stripped)
    return None


_LABEL = re.compile(
    r"(?P<label>\(\s*(?:\d{1,3}|[ivxlc]{1,5}|[IVXLC]{1,5}|[A-Za-z])\s*\)"
    r"|(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,5}|[IVXLC]{1,5}|[A-Za-z])[.)])[ \t]+(?=\S)"
)
_INITIAL = re.compile(r"[A-Z]\.[ \t]")


def hand_label(text: str) -> tuple[int, str, str] | None:
    """(offset, label, label with its spaces) when ``text`` begins with a label typed by hand:
    ``1.``, ``1.2.``, ``I.``, ``a)``, ``(1)``. Initials (``A. W. Tozer``) and a letter with a dot
    before a number (``v. 16``, ``c. 50``) are not labels."""
    lead = len(text) - len(text.lstrip())
    m = _LABEL.match(text, lead)
    if not m:
        return None
    label = m.group("label")
    if re.fullmatch(r"[A-Za-z]\.", label) and (_INITIAL.match(text, m.end()) or text[m.end()].isdigit()):
        return None  # initials (A. W. Tozer), v. 16, c. 50
    return lead, label, m.group(0)
