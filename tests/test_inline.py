"""Inline markup: what each way of writing gives, and what is left literal."""

from __future__ import annotations

import pytest

from outline_export.inline import parse_inline
from outline_export.model import Blank, Emphasis, Strong, Text, Var


def parse(text):
    problems = []
    return parse_inline(text, problems), problems


@pytest.mark.parametrize("text, spans", [
    ("God is ___merciful___, and just", (Text("God is "), Blank("merciful"), Text(", and just"))),
    ("a ___golden calf___.", (Text("a "), Blank("golden calf"), Text("."))),
    ("free ___ and ______.", (Text("free "), Blank(None), Text(" and "), Blank(None), Text("."))),
    ("(___)", (Text("("), Blank(None), Text(")"))),
    ("snake_case and a__b", (Text("snake_case and a__b"),)),
    ("**bold *both* ___x___**", (Strong((Text("bold "), Emphasis((Text("both"),)), Text(" "), Blank("x"))),)),
    ("5 * 3 = 15 and tail*", (Text("5 * 3 = 15 and tail*"),)),
    (r"\*not\* \___ \${x} back\\slash", (Text("*not* ___ ${x} back\\slash"),)),
    ("Welcome to ${church}!", (Text("Welcome to "), Var("church"), Text("!"))),
])
def test_markup(text, spans):
    got, problems = parse(text)
    assert problems == []
    assert got == spans


@pytest.mark.parametrize("text, offset, start", [
    ("God is ___merciful", 7, "the blank opened by '___' is never closed"),
    ("lone ** here", 5, "'**' starts bold text that is never closed"),
    ("an *open end", 3, "'*' starts italic text that is never closed"),
    ("cost ${open", 5, "'${' starts a variable that is not closed"),
])
def test_unclosed_markup_is_reported_once_at_its_opening(text, offset, start):
    got, problems = parse(text)
    assert len(problems) == 1
    assert problems[0][0] == offset and problems[0][1].startswith(start)
    assert "".join(s.text for s in got if isinstance(s, Text)) == text  # nothing lost
