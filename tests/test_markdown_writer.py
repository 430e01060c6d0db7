"""The Markdown writer, read back as a reader gets it: parsed with markdown-it-py (CommonMark) and
compared with the render tree it was written from: every word in order, heading levels, list
nesting and labels, emphasis, quotations, and text that looks like markup coming back literally."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from markdown_it import MarkdownIt

from outline_export import backends
from outline_export import document as d
from outline_export.backends.base import UnknownNode, Visitor
from outline_export.backends.markdown import MarkdownWriter, write
from outline_export.model import outline_blanks

# markdown-it's CommonMark preset stops at 20 levels of block nesting (a list and its item are two),
# dropping what is deeper: a limit of that parser, not of CommonMark (cmark, GitHub have none).
MD = MarkdownIt("commonmark", {"maxNesting": 100})

R = d.Run
N = d.Numbering
BLANK = "________"


# ---------------------------------------------------------------- building and reading


def doc(*blocks, footer="Page {page} of {pages}", title="T") -> d.Document:
    return d.Document(d.Meta(title, author="Pastor Sam", subject="Exodus"), tuple(blocks), footer)


def md(*blocks, **kw) -> str:
    return write(doc(*blocks, **kw), None).decode("utf-8")


def para(text, **kw) -> d.Paragraph:
    return d.Paragraph((R(text, **kw),))


def lst(numbering: N, *items) -> d.List:
    """A list whose item k is labelled as the numbering spells it; an item is its text, or a
    tuple (text, further block, ...)."""
    out = []
    for k, item in enumerate(items):
        text, *rest = item if isinstance(item, tuple) else (item,)
        out.append(d.ListItem(numbering.label(numbering.start + k), (para(text), *rest)))
    return d.List(numbering, tuple(out))


@dataclass
class Item:
    depth: int
    marker: str | None  # an ordered item's number and delimiter as the parser read them
    bullet: str | None  # a bullet item's marker character
    text: str | None = None  # the text of its first block, when that is a paragraph


@dataclass
class Para:
    text: str
    heading: int | None  # level, or None for a paragraph
    depth: int  # list items open around it
    quote: int  # blockquotes open around it
    item: Item | None
    kinds: list[str]  # its inline token types


@dataclass
class Reading:
    paras: list[Para] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    rules: int = 0
    types: list[str] = field(default_factory=list)


def inline_text(token) -> str:
    out = []
    for c in token.children:
        if c.type == "softbreak":
            out.append(" ")
        elif c.type == "hardbreak":
            out.append("\n")
        else:
            out.append(c.content)
    return "".join(out)


def read(text: str) -> Reading:
    r = Reading()
    lists: list[str] = []
    stack: list[Item] = []
    quote = 0
    heading = None
    opened = None  # the item just opened, until its first block shows
    for t in MD.parse(text):
        r.types.append(t.type)
        first_block, opened = opened, None
        if t.type in ("ordered_list_open", "bullet_list_open"):
            lists.append(t.type)
        elif t.type in ("ordered_list_close", "bullet_list_close"):
            lists.pop()
        elif t.type == "list_item_open":
            ordered = lists[-1] == "ordered_list_open"
            item = Item(len(stack) + 1, t.info + t.markup if ordered else None, None if ordered else t.markup)
            if ordered:
                r.words.append(item.marker)
            r.items.append(item)
            stack.append(item)
            opened = item
        elif t.type == "list_item_close":
            stack.pop()
        elif t.type == "blockquote_open":
            quote += 1
        elif t.type == "blockquote_close":
            quote -= 1
        elif t.type == "heading_open":
            heading = int(t.tag[1])
        elif t.type == "heading_close":
            heading = None
        elif t.type == "hr":
            r.rules += 1
        elif t.type == "paragraph_open" and first_block is not None:
            first_block.text = ""  # filled in by the paragraph's inline token
        elif t.type == "inline":
            p = Para(inline_text(t), heading, len(stack), quote, stack[-1] if stack else None,
                     [c.type for c in t.children if c.type != "text" or c.content])
            if stack and stack[-1].text == "":
                stack[-1].text = p.text
            r.paras.append(p)
            r.words.extend(p.text.split())
    return r


def run_text(r) -> str:
    return BLANK if type(r) is d.BlankLine else r.text


def tree_words(blocks) -> list[str]:
    """Every word the tree says, in reading order (labels included, bullet symbols not)."""
    out: list[str] = []

    def runs(rs):
        out.extend("".join(run_text(r) for r in rs).split())

    for b in blocks:
        t = type(b)
        if t is d.TitleBlock:
            out.extend((b.church or "").split())
            out.extend((b.label or "").split())
            runs(b.title)
            runs(b.subtitle)
            for line in b.meta:
                out.extend(line.split())
        elif t in (d.Heading, d.Paragraph, d.Note):
            runs(b.runs)
        elif t is d.Quote:
            runs(b.runs)
            runs(b.credit)
        elif t is d.List:
            for item in b.items:
                if not (b.numbering.style == "bullet" and item.label == b.numbering.symbol):
                    out.extend(item.label.split())
                out.extend(tree_words(item.blocks))
    return out


def tree_items(blocks, depth=1) -> list[tuple[int, d.List, d.ListItem]]:
    """Every list item below ``blocks`` in reading order, with its nesting depth and list."""
    out = []
    for b in blocks:
        if type(b) is d.List:
            for item in b.items:
                out.append((depth, b, item))
                out.extend(tree_items(item.blocks, depth + 1))
    return out


def check_items(blocks, reading: Reading) -> None:
    """Each item read back at its depth with its label: an ordered list's marker, or the leading
    text of a bullet item (no label where it is the bullet list's own symbol, or empty)."""
    expected = tree_items(blocks)
    assert len(reading.items) == len(expected)
    for got, (depth, lst_, item) in zip(reading.items, expected):
        assert got.depth == depth, (got, item)
        written = [b for b in item.blocks if type(b) not in (d.WritingLines, d.PageBreak)]
        first = written[0] if written and type(written[0]) is d.Paragraph else None
        text = "".join(run_text(r) for r in first.runs) if first else None
        if got.marker is not None:
            assert got.marker == item.label
            assert got.text == text
        elif (lst_.numbering.style == "bullet" and item.label == lst_.numbering.symbol) or not item.label:
            assert got.text == text
        else:
            assert got.text == (f"{item.label} {text}" if text else item.label), (got, item)


# ---------------------------------------------------------------- a whole document

SERMON = (
    d.TitleBlock(
        title=(R("The Golden Calf"),),
        subtitle=(R("When waiting turns to idolatry"),),
        meta=("Exodus\u00a032:1–14", "Pastor Sam · 10 March 2024"),
        label="Speaker Notes · Youth Group",
        church="Grace Church",
        logo="/tmp/logo.png",
    ),
    d.Paragraph((R("Big idea: "), R("God keeps his promises", bold=True), R(" even when we don't.")), "big_idea"),
    d.Heading(1, (R("I. "), R("The people sinned"), R(" (Exodus\u00a032:1–6)", role="ref"))),
    d.List(N("upper-alpha"), (
        d.ListItem("A.", (
            d.Paragraph((R("They grew tired of "), d.Answer("waiting"), R("."))),
            d.Paragraph((R("Forty days is a long time."),), "detail"),
            d.Note((R("Note:", bold=True, role="note_label"), R(" Ask who has waited for something."))),
            d.List(N("decimal"), (
                d.ListItem("1.", (para("They gathered to Aaron"),)),
                d.ListItem("2.", (para("They gave gold"),
                                  d.Quote((R("Up, make us gods, which shall go before us"),),
                                          (R("— Exodus\u00a032:1 (KJV)", role="credit"),)))),
            )),
            d.WritingLines(3),
        )),
        d.ListItem("B.", (para("Aaron made a calf"),)),
    )),
    d.Heading(2, (R("Why it matters"),)),
    d.Heading(3, (R("For today"),)),
    d.Paragraph((R("~4 min", italic=True, role="timing"),), "timing"),
    d.Paragraph((R("Read in: "), R("KJV, ESV"),), "translations"),
    d.PageBreak(),
    d.Heading(1, (R("Answer Key"),)),
    d.List(N("decimal"), (d.ListItem("1.", (para("waiting"),)),)),
)


def test_the_table_writes_bytes():
    data = backends.write("md", doc(*SERMON), None)
    assert isinstance(data, bytes)
    assert data == write(doc(*SERMON), object())  # options are not used
    text = data.decode("utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_every_word_in_order():
    reading = read(md(*SERMON))
    assert reading.words == tree_words(SERMON)


def test_deterministic_and_evenly_spaced():
    a, b = md(*SERMON), md(*SERMON)
    assert a == b
    assert "\n\n\n" not in a
    assert not a.startswith("\n")
    assert all(line == line.rstrip() for line in a.splitlines())


def test_heading_levels_and_only_the_title_is_h1():
    reading = read(md(*SERMON))
    levels = [p.heading for p in reading.paras if p.heading]
    assert levels == [1, 2, 3, 4, 2]
    assert [p.text for p in reading.paras if p.heading == 1] == ["The Golden Calf"]


def test_title_block():
    reading = read(md(SERMON[0]))
    texts = [p.text for p in reading.paras]
    assert texts == ["Grace Church", "Speaker Notes · Youth Group", "The Golden Calf",
                     "When waiting turns to idolatry", "Exodus\u00a032:1–14", "Pastor Sam · 10 March 2024"]
    church, label, title, subtitle, meta1, meta2 = reading.paras
    assert church.kinds == ["text"] and church.heading is None
    assert label.kinds == ["em_open", "text", "em_close"]
    assert title.heading == 1
    assert subtitle.kinds == ["em_open", "text", "em_close"]
    assert meta1.kinds == meta2.kinds == ["text"]  # each its own plain paragraph
    assert "logo" not in md(SERMON[0])


def test_footer_and_properties_are_not_printed():
    text = md(para("Hello"), footer="Footer words {page}", title="Document title")
    assert text == "Hello\n"


def test_heading_levels_past_six_stay_headings():
    reading = read(md(*(d.Heading(n, (R(f"level {n}"),)) for n in (1, 2, 3, 4, 5, 6))))
    assert [p.heading for p in reading.paras] == [2, 3, 4, 5, 6, 6]


# ---------------------------------------------------------------- runs


def test_bold_italic_and_both():
    text = md(d.Paragraph((R("plain "), R("bold", bold=True), R(" "), R("italic", italic=True), R(" "),
                           R("both", bold=True, italic=True))))
    # italic is shared across the space, so it stays open: "both" is bold inside it
    assert text == "plain **bold** *italic **both***\n"
    p, = read(text).paras
    assert p.text == "plain bold italic both"
    assert p.kinds == ["text", "strong_open", "text", "strong_close", "text", "em_open", "text",
                       "strong_open", "text", "strong_close", "em_close"]
    alone = md(d.Paragraph((R("plain "), R("both", bold=True, italic=True), R(" plain"))))
    assert alone == "plain ***both*** plain\n"
    assert read(alone).paras[0].kinds == ["text", "em_open", "strong_open", "text", "strong_close", "em_close",
                                          "text"]


def test_spaces_move_outside_the_markers():
    text = md(d.Paragraph((R("a"), R(" bold words ", bold=True), R("b"), R(" it ", italic=True), R("c"))))
    assert text == "a **bold words** b *it* c\n"
    assert read(text).paras[0].text == "a bold words b it c"


def test_a_shared_look_stays_open_across_runs():
    runs = (R("Bold ", bold=True), R("and both", bold=True, italic=True), R(" bold.", bold=True))
    text = md(d.Paragraph(runs))
    assert text == "**Bold *and both* bold.**\n"
    p, = read(text).paras
    assert p.text == "Bold and both bold."
    assert p.kinds[0] == "strong_open" and p.kinds[-1] == "strong_close" and "em_open" in p.kinds


@pytest.mark.parametrize("runs, written, looks", [
    ((R("Note:", bold=True), R("Stress")), "**Note**:Stress\n", ["strong_open", "text", "strong_close", "text"]),
    ((R("the"), R("(calf)", bold=True), R("s")), "the(**calf**)s\n",
     ["text", "strong_open", "text", "strong_close", "text"]),
    ((R("“"), R("mercy", bold=True), R("”")), "“**mercy**”\n",
     ["text", "strong_open", "text", "strong_close", "text"]),
    ((R("line one,\nline two", italic=True),), "*line one,\\\nline two*\n",
     ["em_open", "text", "hardbreak", "text", "em_close"]),
    ((R("Amen!", bold=True), R("\nnext")), "**Amen**!\\\nnext\n",
     ["strong_open", "text", "strong_close", "text", "hardbreak", "text"]),
    ((R("idol", bold=True), R("s")), "**idols**\n", ["strong_open", "text", "strong_close"]),
    ((R("a", bold=True), R("b", italic=True)), "***ab***\n", ["em_open", "strong_open", "text", "strong_close",
                                                             "em_close"]),
    ((R("a ", italic=True), R("b", bold=True, italic=True), R(" c", bold=True)), "*a **b*** **c**\n",
     ["em_open", "text", "strong_open", "text", "strong_close", "em_close", "text", "strong_open", "text",
      "strong_close"]),
    ((R("x. ", italic=True), R("y", bold=True, italic=True), R(". z", bold=True)), "*x. **y***. **z**\n",
     ["em_open", "text", "strong_open", "text", "strong_close", "em_close", "text", "strong_open", "text",
      "strong_close"]),
])
def test_looks_against_punctuation_and_each_other(runs, written, looks):
    """A word has one look (all its letters' looks); punctuation where a look starts or ends with
    no space gives up its look so CommonMark sees the markers; where looks overlap, the space or
    punctuation between loses one: the characters never change."""
    text = md(d.Paragraph(runs))
    assert text == written
    p, = read(text).paras
    assert p.text == "".join(r.text for r in runs)
    assert p.kinds == looks


def test_ordinary_runs_come_back_exactly():
    """Sentences cut into runs of every look at random places come back word for word, with no
    stray markers."""
    import random

    rng = random.Random(20240310)
    words = ["Moses", "prayed,", "(Exodus", "32:11)", "“Turn", "from", "thy", "fierce", "wrath.”", "5 * 3",
             "snake_case", "[Moses]", "#1", "—", "God's", "mercy!", "a-b", "Ἐν", "ἀρχῇ", "בְּרֵאשִׁית", "1.",
             "<b>"]
    for _ in range(400):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(1, 10)))
        cuts = sorted(rng.sample(range(1, len(sentence)), min(len(sentence) - 1, rng.randint(0, 4))))
        pieces = [sentence[i:j] for i, j in zip([0, *cuts], [*cuts, len(sentence)])]
        runs = tuple(R(piece, bold=rng.random() < 0.4, italic=rng.random() < 0.3) for piece in pieces)
        p, = read(md(d.Paragraph(runs))).paras
        assert p.text == sentence.strip(), runs
        assert set(p.kinds) <= {"text", "strong_open", "strong_close", "em_open", "em_close"}


def test_run_roles_change_nothing():
    assert md(d.Paragraph((R("Point"), R(" (John 3:16)", role="ref")))) == "Point (John 3:16)\n"


def test_timing_and_translations_are_italic_other_styles_plain():
    reading = read(md(d.Paragraph((R("about 4 minutes"),), "timing"),
                      d.Paragraph((R("Read in: KJV"),), "translations"),
                      d.Paragraph((R("Exodus 32"),), "meta"),
                      d.Paragraph((R("Body"),), "body"),
                      d.Paragraph((R("Big idea"),), "big_idea")))
    assert [p.kinds for p in reading.paras] == [["em_open", "text", "em_close"]] * 2 + [["text"]] * 3


def test_a_line_break_in_a_run_is_a_hard_break():
    text = md(d.Quote((R("Line one,\nline two"),)))
    p, = read(text).paras
    assert p.text == "Line one,\nline two" and "hardbreak" in p.kinds and p.quote == 1


def test_empty_runs_write_nothing():
    assert md(d.Paragraph((R(""), R("", bold=True), R("x"), R("  ", italic=True)))) == "x\n"


# ---------------------------------------------------------------- escaping

NASTY = [
    "5 * 3 = 15",
    "2 * 3 * 4",
    "snake_case and more_snake_case",
    "<b>not bold</b>",
    "<!-- not a comment -->",
    "<http://example.com> is not a link",
    "# not a heading",
    "## not a heading either",
    "#hashtag",
    "&",
    "Tom & Jerry",
    "&amp; &copy; &#169; &#xA9;",
    "_x_",
    "__x__",
    "**not bold**",
    "*not italic*",
    "[link](x)",
    "[ref][x]",
    "[x]: http://example.com",
    "![image](x.png)",
    "1. not a list",
    "1) not a list",
    "2024. A year to remember",
    "- not a bullet",
    "+ not a bullet",
    "* not a bullet",
    "-",
    "--",
    "---",
    "***",
    "___",
    "===",
    "> not a quote",
    "`code`",
    "```",
    "~~~",
    "~~not struck~~",
    "a | b | c",
    "back\\slash",
    "ends with a backslash\\",
    "\\*",
    "Psalm 23 #",
    "[ ] not a task",
    "Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν",
    "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ",
    "!",
    "Amen!",
]


@pytest.mark.parametrize("text", NASTY)
def test_text_comes_back_literally_in_a_paragraph(text):
    reading = read(md(para(text)))
    p, = reading.paras
    assert p.text == text
    assert p.heading is None and p.depth == 0 and p.quote == 0
    assert set(p.kinds) == {"text"}
    assert reading.rules == 0


@pytest.mark.parametrize("text", NASTY)
def test_text_comes_back_literally_in_bold_and_italic(text):
    for look in ({"bold": True}, {"italic": True}, {"bold": True, "italic": True}):
        p, = read(md(d.Paragraph((R("See "), R(text, **look), R(" here."))))).paras
        assert p.text == f"See {text} here."


@pytest.mark.parametrize("text", NASTY)
def test_text_comes_back_literally_in_a_heading(text):
    p, = read(md(d.Heading(1, (R(text),)))).paras
    assert (p.heading, p.text) == (2, text)


@pytest.mark.parametrize("text", NASTY)
def test_text_comes_back_literally_in_lists_and_quotes(text):
    blocks = (
        d.List(N("bullet", symbol="•"), (d.ListItem("•", (para(text),)),)),
        d.List(N("upper-roman"), (d.ListItem("I.", (para(text),)),)),
        d.Quote((R(text),), (R(text),)),
        d.Note((R("Note:", bold=True), R(" "), R(text))),
    )
    reading = read(md(*blocks))
    assert [p.text for p in reading.paras] == [text, f"I. {text}", text, text, f"Note: {text}"]
    assert [p.depth for p in reading.paras] == [1, 1, 0, 0, 0]
    assert reading.rules == 0


@pytest.mark.parametrize("text", NASTY)
def test_text_comes_back_literally_after_a_line_break(text):
    p, = read(md(para(f"first line\n{text}"))).paras
    assert p.text == f"first line\n{text}"


def test_harmless_punctuation_is_not_escaped():
    """What cannot be markup where it stands is left alone, so the text reads well raw."""
    text = md(para("Amen! We're well-known (see 1 Cor. 13) - [Moses] said: a + b = c. #1 & more"))
    assert text == "Amen! We're well-known (see 1 Cor. 13) - [Moses] said: a + b = c. #1 & more\n"


def test_non_breaking_spaces_stay_characters():
    text = md(d.Heading(1, (R("Trust"), R(" (Exodus\u00a032:11)", role="ref"))),
              para("Psalm\u00a023:1"), d.Paragraph((R("Psalm\u00a023:1\u00a0", bold=True), R("x"))))
    assert "\u00a0" in text and "&nbsp;" not in text and "&#160;" not in text
    assert [p.text for p in read(text).paras] == ["Trust (Exodus\u00a032:11)", "Psalm\u00a023:1",
                                                   "Psalm\u00a023:1\u00a0x"]


# ---------------------------------------------------------------- blanks and answers


def test_a_blank_between_words_is_bare_underscores():
    text = md(d.Paragraph((R("They made a "), d.BlankLine(9), R(" calf and "), d.BlankLine(4), R("."))))
    assert text == "They made a ________ calf and ________.\n"
    p, = read(text).paras
    assert p.text == "They made a ________ calf and ________." and set(p.kinds) == {"text"}


def test_a_numbered_blank_is_bare():
    """Worksheets number their blanks: a superscript number and a non-breaking space before it."""
    runs = (R("God’s "), R("¹\u00a0", role="blank_number"), d.BlankLine(9), R(" and His "),
            R("²\u00a0", role="blank_number"), d.BlankLine(9), R(" meet."))
    text = md(d.Paragraph(runs))
    assert text == "God’s ¹\u00a0________ and His ²\u00a0________ meet.\n"
    p, = read(text).paras
    assert p.text == "God’s ¹\u00a0________ and His ²\u00a0________ meet." and set(p.kinds) == {"text"}


@pytest.mark.parametrize("runs", [
    (d.BlankLine(9),),
    (R("¹\u00a0"), d.BlankLine(9), R(", ²\u00a0"), d.BlankLine(9), R("!")),
    (d.BlankLine(9), R(" "), d.BlankLine(9)),
    (d.BlankLine(9), R(" is the fruit of the Spirit")),
    (R("("), d.BlankLine(3), R(") and ("), d.BlankLine(3), R(")")),
    (R("a "), d.BlankLine(3), R(", b"), d.BlankLine(3), R(" c "), d.BlankLine(3), R("d")),
    (R("snake_"), d.BlankLine(3), R("_case")),
])
def test_blanks_never_make_markup(runs):
    expected = "".join(run_text(r) for r in runs)
    for blocks in ((d.Paragraph(runs),), (d.List(N("none"), (d.ListItem("", (d.Paragraph(runs),)),)),),
                   (d.Quote(runs),), (d.Heading(1, runs),)):
        reading = read(md(*blocks))
        p, = reading.paras
        assert p.text == expected
        assert set(p.kinds) == {"text"}
        assert reading.rules == 0


def test_a_blank_between_emphasis():
    text = md(d.Paragraph((R("x", bold=True), d.BlankLine(3), R("y", italic=True))))
    p, = read(text).paras
    assert p.text == "x________y"
    assert p.kinds == ["strong_open", "text", "strong_close", "text", "em_open", "text", "em_close"]


def test_where_blanks_are_bare():
    """Bare after whitespace or at the start of a line with words on it; escaped after other
    characters and on a line of nothing but blanks (else a thematic break)."""
    blank = d.BlankLine(9)
    assert md(d.List(N("upper-roman"), (d.ListItem("I.", (d.Paragraph((blank, R(" first"))),)),))) \
        == "- I. ________ first\n"
    assert md(d.Paragraph((blank, R(" is the fruit")))) == "________ is the fruit\n"
    assert md(lst(N("decimal"), "one", "two"), d.List(N("decimal", start=3), (
        d.ListItem("3.", (d.Paragraph((blank, R(" the need"))),)), d.ListItem("4.", (d.Paragraph((blank,)),))))) \
        == "1. one\n2. two\n\n3. ________ the need\n4. " + "\\_" * 8 + "\n"
    assert md(d.Paragraph((blank, R(" "), blank))) == "\\_" * 8 + " ________\n"
    assert md(d.Paragraph((R("word"), blank))) == "word" + "\\_" * 8 + "\n"
    assert md(d.Paragraph((R("a\n"), blank, R("\n"), blank, R(" b")))) == "a\\\n" + "\\_" * 8 + "\\\n________ b\n"


def test_answers_are_bold_in_notes_and_points():
    blocks = (
        d.Note((R("Note:", bold=True, role="note_label"), R(" The answer is "), d.Answer("mercy"), R("."))),
        d.Paragraph((R("They made a "), d.Answer("golden calf"), R("."))),
    )
    text = md(*blocks)
    assert "**mercy**" in text and "**golden calf**" in text
    note, point = read(text).paras
    assert note.quote == 1 and note.text == "Note: The answer is mercy."
    assert note.kinds == ["strong_open", "text", "strong_close", "text", "strong_open", "text", "strong_close",
                          "text"]
    assert point.text == "They made a golden calf." and point.kinds.count("strong_open") == 1


# ---------------------------------------------------------------- quotations and notes


def test_quote_with_its_credit_inside_the_quote():
    q = d.Quote((R("Lord, why doth thy wrath wax hot against thy people?"),),
                (R("— Exodus\u00a032:11 (KJV)", role="credit"),))
    text = md(q)
    assert text == ("> Lord, why doth thy wrath wax hot against thy people?\n>\n"
                    "> — Exodus\u00a032:11 (KJV)\n")
    words, credit = read(text).paras
    assert words.quote == credit.quote == 1
    assert credit.text == "— Exodus\u00a032:11 (KJV)"
    assert read(text).types.count("blockquote_open") == 1


def test_quote_without_credit():
    assert md(d.Quote((R("Be still"),))) == "> Be still\n"


def test_quote_then_note_stay_two_blockquotes():
    reading = read(md(d.Quote((R("words"),)), d.Note((R("Note:"), R(" mine")))))
    assert reading.types.count("blockquote_open") == 2
    assert [p.text for p in reading.paras] == ["words", "Note: mine"]


# ---------------------------------------------------------------- lists


def test_decimal_lists_are_ordered_lists():
    blocks = (lst(N("decimal"), "one", "two"), lst(N("decimal", delimiter="paren", start=7), "seven", "eight"))
    text = md(*blocks)
    assert text.startswith("1. one\n2. two\n\n7) seven\n8) eight\n")
    reading = read(text)
    assert [i.marker for i in reading.items] == ["1.", "2.", "7)", "8)"]
    check_items(blocks, reading)
    assert reading.words == tree_words(blocks)


def test_a_list_is_tight_when_it_can_be():
    text = md(lst(N("decimal"), ("one", lst(N("bullet", symbol="•"), "a", "b")), "two"))
    assert text == "1. one\n   - a\n   - b\n2. two\n"
    tokens = MD.parse(text)
    assert all(t.hidden for t in tokens if t.type == "paragraph_open")  # tight: no <p>


def test_numbering_continues_across_a_quotation():
    blocks = (lst(N("decimal"), "one", "two"), d.Quote((R("a verse"),), (R("— John 1:1"),)),
              lst(N("decimal", start=3), "three"))
    reading = read(md(*blocks))
    assert [i.marker for i in reading.items] == ["1.", "2.", "3."]
    check_items(blocks, reading)


def test_outline_labels_are_text():
    blocks = (
        lst(N("upper-roman"), "The people sinned", "Moses prayed", "God relented"),
        lst(N("lower-alpha", delimiter="parens"), "first", "second"),
        lst(N("decimal", prefix="1.2."), "deep", "deeper"),
        lst(N("lower-roman", delimiter="paren"), "i", "ii"),
        lst(N("upper-alpha", start=27), "AA", "AB"),
    )
    text = md(*blocks)
    assert "- I. The people sinned\n- II. Moses prayed\n- III. God relented\n" in text
    assert "(a) first" in text and "1.2.1. deep" in text and "i) i" in text and "AA. AA" in text
    reading = read(text)
    assert all(i.marker is None for i in reading.items)
    check_items(blocks, reading)
    assert reading.words == tree_words(blocks)


def test_bullet_symbols_are_not_repeated_and_none_has_no_label():
    blocks = (lst(N("bullet", symbol="•"), "one", "two"), d.Paragraph((R("between"),)),
              lst(N("none"), "plain", "text"))
    text = md(*blocks)
    assert "•" not in text
    assert text == "- one\n- two\n\nbetween\n\n- plain\n- text\n"
    check_items(blocks, read(text))


def test_decimal_labels_that_do_not_match_their_numbers_stay_text():
    """An ordered list would renumber them: they are bullet items with their labels, escaped."""
    items = (d.ListItem("3.", (para("three"),)), d.ListItem("5.", (para("five"),)))
    blocks = (d.List(N("decimal"), items),)
    text = md(*blocks)
    assert text == "- 3\\. three\n- 5\\. five\n"
    check_items(blocks, read(text))


def test_item_blocks_are_indented_under_the_item():
    blocks = SERMON[3:4]
    reading = read(md(*blocks))
    check_items(blocks, reading)
    by_text = {p.text: p for p in reading.paras}
    assert by_text["A. They grew tired of waiting."].depth == 1
    detail = by_text["Forty days is a long time."]
    assert (detail.depth, detail.item.text) == (1, "A. They grew tired of waiting.")
    note = by_text["Note: Ask who has waited for something."]
    assert (note.depth, note.quote, note.item.text) == (1, 1, "A. They grew tired of waiting.")
    quote = by_text["Up, make us gods, which shall go before us"]
    credit = by_text["— Exodus\u00a032:1 (KJV)"]
    assert (quote.depth, quote.quote, quote.item.marker) == (2, 1, "2.")
    assert (credit.depth, credit.quote, credit.item.marker) == (2, 1, "2.")
    assert reading.words == tree_words(blocks)


def test_an_item_that_starts_with_something_other_than_text():
    blocks = (
        d.List(N("upper-roman"), (
            d.ListItem("I.", (lst(N("decimal"), "sub one", "sub two"),)),
            d.ListItem("II.", (d.Quote((R("quoted"),)),)),
            d.ListItem("III.", ()),
        )),
        d.List(N("decimal", delimiter="paren"), (
            d.ListItem("1)", (d.Note((R("Note:"), R(" first"))),)),
            d.ListItem("2)", ()),
        )),
    )
    reading = read(md(*blocks))
    assert [(i.depth, i.marker, i.text) for i in reading.items] == [
        (1, None, "I."), (2, "1.", "sub one"), (2, "2.", "sub two"), (1, None, "II."), (1, None, "III."),
        (1, "1)", None), (1, "2)", None)]
    assert reading.words == tree_words(blocks)


def test_lists_in_a_row_stay_apart():
    blocks = (lst(N("bullet", symbol="•"), "a", "b"), lst(N("bullet", symbol="◦"), "c"),
              lst(N("bullet", symbol="•"), "d"), lst(N("decimal", start=4), "four"),
              lst(N("decimal", start=9), "nine"), lst(N("decimal", start=10), "ten"))
    text = md(*blocks)
    reading = read(text)
    assert reading.types.count("bullet_list_open") == 4  # "nine" is written as "- 9. nine"
    assert [i.bullet for i in reading.items] == ["-", "-", "*", "-", None, "-", None]
    assert [(i.marker, i.text) for i in reading.items] == [
        (None, "a"), (None, "b"), (None, "c"), (None, "d"), ("4.", "four"), (None, "9. nine"), ("10.", "ten")]
    assert reading.words == tree_words(blocks)


def test_writing_lines_print_nothing():
    with_lines = md(para("What does this teach about prayer?"), d.WritingLines(4), para("Next"))
    assert with_lines == md(para("What does this teach about prayer?"), para("Next"))
    assert md(lst(N("decimal"), ("Question", d.WritingLines(3)), "Next")) == "1. Question\n2. Next\n"


def test_page_break_is_a_thematic_break_between_content_only():
    text = md(d.PageBreak(), para("Worksheet"), d.PageBreak(), d.PageBreak(), d.Heading(1, (R("Answer Key"),)),
              d.PageBreak())
    assert text == "Worksheet\n\n---\n\n## Answer Key\n"
    assert read(text).rules == 1


DEEP_STYLES = [
    N("upper-roman"),
    N("upper-alpha"),
    N("decimal", prefix="1.2."),
    N("lower-alpha"),
    N("lower-roman"),
    N("decimal", delimiter="parens"),
    N("bullet", symbol="•"),
    N("none"),
    N("decimal", delimiter="paren"),
    N("decimal", start=4),
    N("lower-alpha", delimiter="paren", start=3),
    N("upper-roman", delimiter="parens", start=9),
]


def deep(level: int = 0) -> d.List:
    numbering = DEEP_STYLES[level]
    first = [para(f"level {level + 1} first _*[x]* item")]
    if level + 1 < len(DEEP_STYLES):
        first.append(para(f"detail {level + 1} — # 1. <b>"))
        first.append(deep(level + 1))
    items = (d.ListItem(numbering.label(numbering.start), tuple(first)),
             d.ListItem(numbering.label(numbering.start + 1), (para(f"level {level + 1} second"),)))
    return d.List(numbering, items)


def test_twelve_levels_of_mixed_lists():
    blocks = (deep(),)
    text = md(*blocks)
    reading = read(text)
    assert max(i.depth for i in reading.items) == 12
    check_items(blocks, reading)
    assert reading.words == tree_words(blocks)
    for p in reading.paras:
        if p.text.startswith("detail"):
            n = int(p.text.split()[1])
            assert p.depth == n and p.text.endswith(" — # 1. <b>")
    # the labels as the reader gets them, level by level
    assert [i.depth for i in reading.items if "first" in i.text] == list(range(1, 13))
    labels = {i.depth: (i.marker, i.text) for i in reading.items if "first" in (i.text or "")}
    assert labels[1][1].startswith("I. ")
    assert labels[2][1].startswith("A. ")
    assert labels[3][1].startswith("1.2.1. ")
    assert labels[4][1].startswith("a. ")
    assert labels[5][1].startswith("i. ")
    assert labels[6][1].startswith("(1) ")
    assert labels[7][1].startswith("level 7")  # bullet: the marker is the bullet
    assert labels[8][1].startswith("level 8")  # none: no label
    assert labels[9][0] == "1)"
    assert labels[10][0] == "4."
    assert labels[11][1].startswith("c) ")
    assert labels[12][1].startswith("(IX) ")


def random_outline(rng, depth=0, count=3) -> list:
    """Blocks of every kind, lists of every numbering nested at random (a few labels not the
    numbering's own, as a view might spell them)."""
    words = ["Moses", "prayed", "1.", "- x", "# h", "> q", "(a)", "3)", "*", "_x_", "I."]

    def text():
        return para(" ".join(rng.choice(words) for _ in range(rng.randint(1, 4))))

    out = []
    for _ in range(count):
        r = rng.random()
        if r < 0.35 and depth < 8:
            style = rng.choice(d.NUMBER_STYLES)
            numbering = N(style, delimiter=rng.choice(d.DELIMITERS), start=rng.choice([1, 1, 2, 5, 10, 99]),
                          prefix=rng.choice(["", "", "2.1."]) if style == "decimal" else "",
                          symbol="•" if style == "bullet" else "")
            items = []
            for k in range(rng.randint(1, 3)):
                blocks = ([text()] if rng.random() < 0.8 else []) + random_outline(rng, depth + 1, rng.randint(0, 3))
                label = numbering.label(numbering.start + k) if rng.random() < 0.95 else "iv."
                items.append(d.ListItem(label, tuple(blocks)))
            out.append(d.List(numbering, tuple(items)))
        elif r < 0.6:
            out.append(text())
        elif r < 0.7:
            out.append(d.Quote((R("Be still"),), (R("— Psalm\u00a046:10"),) if rng.random() < 0.5 else ()))
        elif r < 0.8:
            out.append(d.Note((R("Note:", bold=True), R(" slow down"))))
        elif r < 0.9:
            out.append(d.WritingLines(2))
        else:
            out.append(d.PageBreak())
    return out


def test_random_outlines_read_back():
    import random

    rng = random.Random(32)
    for _ in range(300):
        blocks = tuple(random_outline(rng, count=rng.randint(1, 5)))
        reading = read(md(*blocks))
        check_items(blocks, reading)
        assert reading.words == tree_words(blocks)


# ---------------------------------------------------------------- unknown nodes


@dataclass(frozen=True)
class Table:
    rows: tuple = ()


@dataclass(frozen=True)
class Footnote:
    text: str = "1"


def test_an_unknown_block_raises():
    with pytest.raises(UnknownNode):
        write(doc(para("fine"), Table()), None)


def test_an_unknown_block_in_a_list_item_raises():
    with pytest.raises(UnknownNode):
        write(doc(d.List(N("decimal"), (d.ListItem("1.", (para("x"), Table())),))), None)


def test_an_unknown_run_raises():
    for block in (d.Paragraph((R("x"), Footnote())), d.Heading(1, (Footnote(),)), d.Quote((R("q"),), (Footnote(),)),
                  d.TitleBlock((Footnote(),))):
        with pytest.raises(UnknownNode):
            write(doc(block), None)


def test_the_writer_is_a_visitor():
    assert issubclass(MarkdownWriter, Visitor)
    for t in d.BLOCK_TYPES + d.INLINE_TYPES:
        assert hasattr(MarkdownWriter, "visit_" + t.__name__)


# ---------------------------------------------------------------- the sample library through the command line

ROOT_DIR = Path(__file__).resolve().parents[1]
SAMPLE_FILES = sorted((ROOT_DIR / "outlines").glob("*.yaml"))


@pytest.fixture(scope="module")
def md_samples(tmp_path_factory):
    """Every sample outline, every kind, written as Markdown by `outline-export render -f md`."""
    from click.testing import CliRunner

    from conftest import REPO_SETTINGS
    from outline_export.cli import main

    out = tmp_path_factory.mktemp("md")
    result = CliRunner().invoke(main, ["render", *map(str, SAMPLE_FILES), "-f", "md", "-o", str(out),
                                       "--config", str(REPO_SETTINGS)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{p.stem}-{k}.md" for p in SAMPLE_FILES for k in ("handout", "notes", "worksheet"))
    return out


@pytest.mark.parametrize("kind", ["handout", "notes", "worksheet"])
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_samples_read_back_word_for_word_with_nesting_and_labels(md_samples, sample, kind):
    from conftest import edition
    from outline_export import pipeline, views
    from outline_export.loader import load_file
    from readback import find_in_order, norm
    from test_render import expected_pieces

    ed = edition()
    outline = pipeline.prepare(load_file(sample.relative_to(ROOT_DIR)), ed)
    tree = views.build(outline, kind, ed.options)
    reading = read((md_samples / f"{sample.stem}-{kind}.md").read_text(encoding="utf-8"))
    assert reading.words == tree_words(tree.blocks)  # every word the tree says, in order
    check_items(tree.blocks, reading)  # every list item at its depth, with its label
    assert find_in_order(norm(" ".join(reading.words)), expected_pieces(outline, kind)) == []  # the outline's words
    answers = [k for p in reading.paras for k in p.kinds if k == "strong_open"]
    if kind == "notes":
        assert len(answers) >= len([b for b in outline_blanks(outline) if b.answer])  # answers in bold
