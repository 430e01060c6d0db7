"""References in each language: every book name and abbreviation in languages/<code>.books.toml
reads to its book, the chapter-verse punctuation each language uses (and the comma's ambiguous
cases), printing in the language, hints in its names, the Luther Bible's extra verses as warnings,
quoting by reference refused outside English, and whole outlines through `outline-export validate`."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import scripture
from outline_export.cli import main
from outline_export.scripture import ReferenceError, VerseRange, parse_reference

LANG_DIR = Path(scripture.__file__).with_name("languages")
CODES = sorted(p.name[: -len(".books.toml")] for p in LANG_DIR.glob("*.books.toml"))
EN = "\u2013"


def data(code):
    return tomllib.loads((LANG_DIR / f"{code}.books.toml").read_text("utf-8"))


def book_of(text, code):
    return parse_reference(text, None, code).book


def test_every_language_names_every_book():
    assert set(CODES) >= {"en", "es", "pt", "fr", "de", "ko"}
    for code in CODES:
        assert tuple(data(code)["books"]) == scripture.BOOKS, code


@pytest.mark.parametrize("code", CODES)
def test_every_name_and_abbreviation_reads_to_its_book(code):
    """Generated from the data: each name as written, upper case, lower case, with a period, and
    (for a language written with accents) without them."""
    from outline_export.scripture_books import fold, names, split_name

    exact = names(code).exact
    for book, written in data(code)["books"].items():
        chapter = "1" if book in scripture.SINGLE_CHAPTER_BOOKS else "2"
        for name in written:
            forms = {name, name.upper(), name.lower(), name + "."}
            number, words = split_name(fold(name))
            if exact.get(f"{number or ''}{''.join(words)}", book) == book:  # Portuguese "Jo" is John, "Jó" Job
                forms.add(fold(name))
            if name[:1].isdigit() and " " in name:
                forms.add(name.replace(" ", "", 1).replace(". ", "."))
            for form in forms:
                try:
                    got = book_of(f"{form} {chapter}", code)
                except ReferenceError as e:
                    pytest.fail(f"{code}: {form!r} did not read: {e.message}")
                assert got == book, (code, form, got)


ISSUE_NAMES = [  # the names the issue lists, and common forms people type
    ("es", "Lucas", "Luke"), ("es", "Lc", "Luke"), ("es", "Juan", "John"), ("es", "Jn", "John"),
    ("es", "Efesios", "Ephesians"), ("es", "Ef", "Ephesians"), ("es", "1 Corintios", "1 Corinthians"),
    ("es", "1 Co", "1 Corinthians"), ("es", "1Co", "1 Corinthians"), ("es", "I Corintios", "1 Corinthians"),
    ("es", "Primera Corintios", "1 Corinthians"), ("es", "Éxodo", "Exodus"), ("es", "Exodo", "Exodus"),
    ("es", "Génesis", "Genesis"), ("es", "GENESIS", "Genesis"), ("es", "Stg", "James"),
    ("pt", "Gênesis", "Genesis"), ("pt", "Êxodo", "Exodus"), ("pt", "Mateus", "Matthew"), ("pt", "Atos", "Acts"),
    ("pt", "Jo", "John"), ("pt", "Jó", "Job"), ("pt", "Jn", "Jonah"), ("pt", "1ª Coríntios", "1 Corinthians"),
    ("fr", "Matthieu", "Matthew"), ("fr", "Jean", "John"), ("fr", "Actes", "Acts"), ("fr", "Es", "Isaiah"),
    ("fr", "Ésaïe", "Isaiah"), ("fr", "1 Co", "1 Corinthians"),
    ("de", "Matthäus", "Matthew"), ("de", "Matthaus", "Matthew"), ("de", "Apostelgeschichte", "Acts"),
    ("de", "2. Mose", "Exodus"), ("de", "2 Mose", "Exodus"), ("de", "2Mo", "Exodus"), ("de", "1. Korinther", "1 Corinthians"),
    ("de", "1Kor", "1 Corinthians"), ("de", "Roemer", "Romans"), ("de", "Offb", "Revelation"),
    ("ko", "마태복음", "Matthew"), ("ko", "요한복음", "John"), ("ko", "창세기", "Genesis"), ("ko", "마", "Matthew"),
    ("ko", "요", "John"), ("ko", "창", "Genesis"), ("ko", "고전", "1 Corinthians"), ("ko", "요일", "1 John"),
    ("ko", "요한 복음", "John"),
]


@pytest.mark.parametrize("code,name,book", ISSUE_NAMES)
def test_the_issues_names_read(code, name, book):
    assert book_of(f"{name} 1", code) == book


def V(book, c1, v1, c2=None, v2=None):
    return VerseRange(book, c1, v1, c1 if c2 is None else c2, v1 if v2 is None else v2)


@pytest.mark.parametrize("code,text,expected", [
    # a comma between numbers, first in the reference, is chapter,verse where the language writes it
    ("es", "Juan 3,16", [V("John", 3, 16)]),
    ("es", "Juan 3:16,18", [V("John", 3, 16), V("John", 3, 18)]),  # a colon first: the comma lists verses
    ("es", "Juan 3,16.18", [V("John", 3, 16), V("John", 3, 18)]),
    ("es", "Juan 3,16-18", [V("John", 3, 16, 3, 18)]),
    ("es", "Salmos 23, 24", [VerseRange("Psalms", 23, None, 23, None), VerseRange("Psalms", 24, None, 24, None)]),
    ("pt", "João 3,16", [V("John", 3, 16)]),
    ("fr", "Jean 3.16", [V("John", 3, 16)]),
    ("fr", "Jean 3,16", [V("John", 3, 16)]),
    ("fr", "Jean 3.16, 18", [V("John", 3, 16), V("John", 3, 18)]),
    ("de", "Johannes 3,16", [V("John", 3, 16)]),
    ("de", "Johannes 3,16.18", [V("John", 3, 16), V("John", 3, 18)]),
    ("de", "Joh 3,16-4,2", [V("John", 3, 16, 4, 2)]),
    ("de", "Joh 3,16; 4,2", [V("John", 3, 16), V("John", 4, 2)]),
    ("de", "Johannes 3:16", [V("John", 3, 16)]),
    ("en", "John 3,16", [VerseRange("John", 3, None, 3, None), VerseRange("John", 16, None, 16, None)]),
    ("ko", "요한복음 3:16", [V("John", 3, 16)]),
    ("ko", "요3:16", [V("John", 3, 16)]),
    ("ko", "요한복음 3장 16절", [V("John", 3, 16)]),
    ("ko", "요한복음 3장 16-18절", [V("John", 3, 16, 3, 18)]),
    ("ko", "시편 23장", [VerseRange("Psalms", 23, None, 23, None)]),
    ("es", "Luke 15:11-32", [V("Luke", 15, 11, 15, 32)]),  # English in a Spanish outline
])
def test_punctuation(code, text, expected):
    assert list(parse_reference(text, None, code).ranges) == expected


def test_the_comma_that_cannot_be_a_verse_says_how_to_write_two_chapters():
    with pytest.raises(ReferenceError) as e:
        parse_reference("Salmos 23,24", None, "es")
    assert e.value.message == ("Salmos 23 has 6 verses, so verse 24 does not exist (in this outline's language a "
                               "comma between two numbers is chapter and verse; for chapters 23 and 24 write "
                               "'Salmos 23; 24')")


@pytest.mark.parametrize("code,text,display,canonical", [
    ("es", "Lucas 15:11-32", f"Lucas 15:11{EN}32", f"Lucas 15:11{EN}32"),
    ("es", "Luke 15:11-32", f"Lucas 15:11{EN}32", f"Lucas 15:11{EN}32"),  # English read, Spanish printed
    ("es", "Lc 15,11-32", f"Lc 15,11{EN}32", f"Lucas 15:11{EN}32"),
    ("pt", "Jo 3:16", "Jo 3:16", "João 3:16"),
    ("fr", "Jn 3:16", "Jn 3:16", "Jean 3.16"),
    ("de", "Johannes 3:16, 18", "Johannes 3,16.18", "Johannes 3,16.18"),  # German prints its comma
    ("de", "Exodus 32:11-14", f"2. Mose 32,11{EN}14", f"2. Mose 32,11{EN}14"),
    ("de", "Psalm 1; 23", "Psalm 1; 23", "Psalm 1; 23"),
    ("ko", "John 3:16", "요한복음 3:16", "요한복음 3:16"),
    ("ko", "요한복음 3장 16절", "요한복음 3장 16절", "요한복음 3:16"),
    ("en", "Jn 3:16", "Jn 3:16", "John 3:16"),
])
def test_printing_in_the_language(code, text, display, canonical):
    ref = parse_reference(text, None, code)
    assert (ref.display, ref.canonical) == (display, canonical)


@pytest.mark.parametrize("code", CODES)
def test_printed_form_reads_back_the_same(code):
    for text in ("Genesis 1:1-3", "Exodus 32:11-14, 30; 34:6-7", "Psalms 1, 23", "Romans 8:28-9:5", "Jude 3"):
        ref = parse_reference(text, None, "en")
        printed = scripture.format_ranges(ref.ranges, code)
        assert parse_reference(printed, None, code).ranges == ref.ranges, (code, printed)


@pytest.mark.parametrize("code,text,message", [
    ("es", "Lucass 15", "unknown book 'Lucass' in 'Lucass 15'; did you mean 'Lucas'?"),
    ("es", "Efesio 2:1", "unknown book 'Efesio' in 'Efesio 2:1'; did you mean 'Efesios'?"),
    ("es", "Corintios 13", "unknown book 'Corintios' in 'Corintios 13'; write which one: '1 Corintios' or '2 Corintios'"),
    ("de", "Matäus 5", "unknown book 'Matäus' in 'Matäus 5'; did you mean 'Matthäus'?"),
    ("pt", "Genesis 1:1 e 3", "write a comma instead of 'e': 'Genesis 1:1, 3'"),
    ("es", "Juan 3:16 y 18", "write a comma instead of 'y': 'Juan 3:16, 18'"),
    ("en", "Lucas 15", "unknown book 'Lucas' in 'Lucas 15'; that is Luke in the language 'es': write 'Luke', "
                       "or write 'language: es' at the top of an outline written in that language"),
])
def test_hints_in_the_language(code, text, message):
    with pytest.raises(ReferenceError) as e:
        parse_reference(text, None, code)
    assert e.value.message == message


def test_the_luther_bibles_extra_verses_are_notes_not_errors():
    ref = parse_reference("Ps 51,21", None, "de")
    assert ref.ranges == (V("Psalms", 51, 21),)
    assert ref.notes == ((6, "Psalm 51 has 19 verses in the KJV numbering, which references are checked against; "
                             "the Luther Bible counts a psalm's title as verse 1 (a long title as verses 1–2), so "
                             "verse 21 is accepted as written"),)
    assert parse_reference("Mal 3,19-24", None, "de").notes[0][1].startswith("Maleachi 3 has 18 verses in the KJV")
    assert "chapter 4 is accepted" in parse_reference("Joel 4,1", None, "de").notes[0][1]
    assert parse_reference("Ps 51,19", None, "de").notes == ()
    for code, text in (("de", "Ps 51,22"), ("en", "Psalm 51:21"), ("es", "Salmos 51:21"), ("ko", "시편 51:21")):
        with pytest.raises(ReferenceError):
            parse_reference(text, None, code)


def run(tmp_path, *args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


OUTLINE = """language: {language}
title: Prueba
passage: {passage}
sections:
  - heading: Uno
    ref: "{ref}"
    points:
      - quote: {quote}
        ref: "{ref}"
"""


def write(tmp_path, language, passage, ref, quote="Texto pegado."):
    (tmp_path / "outline-export.toml").write_text("", "utf-8")
    path = tmp_path / "o.yaml"
    path.write_text(OUTLINE.format(language=language, passage=passage, ref=ref, quote=quote), "utf-8")
    return path


def test_validate_a_spanish_outline_with_an_english_reference(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "es", "Lucas 15:11-32", "Luke 15:20")
    result = run(tmp_path, "validate", str(path))
    assert result.exit_code == 0, result.output
    out = run(tmp_path, "render", str(path), "--format", "md", "--kind", "handout")
    assert out.exit_code == 0, out.output
    text = next(tmp_path.rglob("*.md")).read_text("utf-8").replace("\u00a0", " ")
    assert "Lucas 15:20" in text and "Luke" not in text


def test_validate_warns_for_a_luther_verse_at_its_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "de", "Psalm 51", "51,21")
    result = run(tmp_path, "validate", str(path))
    assert result.exit_code == 0, result.output
    # the warning stands at the verse number: `    ref: "51,21"` has 21 at column 14
    assert "o.yaml:6:14: warning: Psalm 51 has 19 verses in the KJV numbering" in result.output, result.output
    assert "1 outline valid, 2 warnings" in result.output


def test_quoting_by_reference_outside_english_says_to_paste_the_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outline-export.toml").write_text("", "utf-8")
    path = tmp_path / "o.yaml"
    path.write_text("language: es\ntitle: Prueba\npassage: Juan 3\nsections:\n  - heading: Uno\n    points:\n"
                    "      - quote:\n        ref: Juan 3:16\n        translation: WEB\n", "utf-8")
    result = run(tmp_path, "validate", str(path))
    assert result.exit_code == 1, result.output
    assert "o.yaml:7:" in result.output
    assert ("no text for Juan 3:16: this outline is written in 'es', and the translations installed for quoting by "
            "reference are English (WEB (World English Bible), KJV (King James Version)); paste the verses in your "
            "Bible's words into 'quote:' beside 'ref:'") in result.output
    assert "Traceback" not in result.output


def test_validate_reports_a_spanish_misspelling_at_its_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "es", "Efesio 2:1-10", "2:8")
    result = run(tmp_path, "validate", str(path))
    assert result.exit_code == 1
    assert "o.yaml:3:10: unknown book 'Efesio' in 'Efesio 2:1-10'; did you mean 'Efesios'?" in result.output


@pytest.mark.parametrize("sample", ["moises-intercede.yaml", "keun-joe.yaml"])
def test_the_spanish_and_korean_samples_validate(sample):
    root = Path(__file__).resolve().parents[1]
    if not (root / "outlines" / sample).exists():
        pytest.fail(f"outlines/{sample} is missing")
    result = CliRunner().invoke(main, ["validate", str(root / "outlines" / sample)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
