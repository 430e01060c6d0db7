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
    ("***both***", (Strong((Emphasis((Text("both"),)),)),)),
    ("**bold *it***, *it **bold***", (Strong((Text("bold "), Emphasis((Text("it"),)))), Text(", "),
                                      Emphasis((Text("it "), Strong((Text("bold"),)))))),
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


# ----------------------------------------------------------------- hostile markup (issue 9)

class _Counting:
    """A compiled pattern that adds up how much text its searches read (the span from where a search
    starts to where it finds its match, or to the end of the text when it finds none)."""

    def __init__(self, pattern, tally):
        self.pattern, self.tally = pattern, tally

    def search(self, text, pos=0):
        m = self.pattern.search(text, pos)
        self.tally[0] += (m.end() if m else len(text)) - pos
        return m

    def match(self, text, pos=0):
        m = self.pattern.match(text, pos)
        self.tally[0] += (m.end() - pos) if m else 1
        return m

    def finditer(self, text, *args):
        self.tally[0] += len(text)
        return self.pattern.finditer(text, *args)


def _work(monkeypatch, text):
    """Characters the parser's searches read for ``text``, and the problems it reports."""
    import outline_export.inline as inline

    tally = [0]
    for name in ("_TOKEN", "_RUN", "_CLOSING_RUN", "_SPACED", "_VAR_NAME", "_ANSWER_MARKUP"):
        monkeypatch.setattr(inline, name, _Counting(getattr(inline, name), tally))
    problems = []
    spans = parse_inline(text, problems)
    return tally[0], spans, problems


@pytest.mark.parametrize("unit", ["*a ", "**a *b ", "___a ", "___a ___b *c ", "**x ___ ${v} \\_ *y "])
def test_unclosed_markup_costs_work_in_proportion_to_the_text(monkeypatch, unit):
    # Each unclosed opener used to make the parser read everything after it again (20 '*a ' took
    # 2.6 s, 22 took 14.8 s; 20,000 '___a ' 37 s): now the searches read each character a few times.
    small, _, _ = _work(monkeypatch, unit * 1000)
    large, spans, problems = _work(monkeypatch, unit * 2000)
    assert large <= 2.2 * small
    assert large <= 6 * len(unit * 2000)
    assert "".join(s.text for s in spans if isinstance(s, Text)).replace(" ", "") != ""


@pytest.mark.parametrize("unit, per_unit", [("*a ", 1), ("**a *b ", 2), ("___a ", 1)])
def test_each_unclosed_opener_is_reported_once_and_kept_as_written(unit, per_unit):
    text = unit * 600  # 600 nested openers used to raise RecursionError
    got, problems = parse(text)
    assert len(problems) == 600 * per_unit
    assert len({offset for offset, _ in problems}) == len(problems)
    assert [offset for offset, _ in problems] == sorted(offset for offset, _ in problems)
    assert got == (Text(text),)


def test_a_closing_mark_ends_the_nearest_open_span_and_unclosed_marks_inside_stay_literal():
    got, problems = parse("**a *b** c")
    assert got == (Strong((Text("a *b"),)), Text(" c"))
    assert problems == [(4, "'*' starts italic text that is never closed: close it with * or write \\* "
                            "for a literal asterisk")]
    got, problems = parse("**a *b **c** d* e**")
    assert problems == []
    assert got == (Strong((Text("a "), Emphasis((Text("b "), Strong((Text("c"),)), Text(" d"))), Text(" e"))),)


def test_bold_and_italic_nest_at_most_twenty_deep():
    got, problems = parse("*a " * 20 + "z*" * 20)
    assert problems == []
    depth, spans = 0, got
    while any(isinstance(s, Emphasis) for s in spans):
        depth, spans = depth + 1, next(s for s in spans if isinstance(s, Emphasis)).children
    assert depth == 20
    got, problems = parse("*a " * 22 + "z*" * 22)
    assert [offset for offset, _ in problems] == [60, 63]  # the two innermost: the outer 20 are italic
    assert problems[0][1].startswith("bold and italic marks nest more than 20 deep here")


@pytest.mark.parametrize("text, offset, start", [
    ("a ___**grace**___ b", 5, "a blank's answer is plain text, so '**' would print as asterisks"),
    ("a ___*grace*___ b", 5, "a blank's answer is plain text, so '*' would print as asterisks"),
    ("a ___${church}___ b", 5, "a blank's answer cannot hold a variable"),
    ("a ___ **grace** ___ b", 6, "a blank's answer is plain text, so '**' would print as asterisks"),
])
def test_markup_inside_a_blank_is_reported_never_kept_literally(text, offset, start):
    got, problems = parse(text)
    assert len(problems) == 1
    assert problems[0][0] == offset and problems[0][1].startswith(start)


def test_escaped_marks_and_lone_asterisks_are_plain_text_in_an_answer():
    got, problems = parse(r"a ___5 \* 3\*\*___ and ___5 * 3___")
    assert problems == []
    assert [s.answer for s in got if isinstance(s, Blank)] == ["5 * 3**", "5 * 3"]


def test_with_a_limit_reading_stops_once_that_many_problems_are_found():
    problems = []
    got = parse_inline("___a " * 1000 + "**bold**", problems, limit=5)
    assert [offset for offset, _ in problems] == [0, 5, 10, 15, 20]
    assert "".join(s.text for s in got if isinstance(s, Text)) == "___a " * 1000 + "**bold**"  # kept unchecked
