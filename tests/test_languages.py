"""Outlines in the congregation's own language: every word the tool prints comes from the
language's catalogue (languages/<code>.toml). Each language's documents are rendered through the
real CLI and read back."""

from __future__ import annotations

import json
import re
import string
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from outline_export import languages
from outline_export.cli import main
from readback import docx_text, norm, pdf_pages

ROOT = Path(__file__).resolve().parents[1]

# A small outline; {language} is filled in. Its own words avoid every English label the tool adds.
OUTLINE = """\
language: {language}
title: Moisés 32
passage: Exodus 32:30-35
speaker: Ana Ríos
date: "2026-03-01"
big_idea: "Dios ___misericordia___ 32."
sections:
  - heading: Uno
    ref: "32:30"
    minutes: 4
    note: Lea 32:30.
    points:
      - text: "Punto ___gracia___ 1."
        ref: "32:31"
      - text: "Punto 2."
        audience: youth
      - quote: "And Moses returned unto the LORD."
        ref: Exodus 32:31
        translation: KJV
questions:
  - ¿Pregunta 1?
"""

# What a reader of each language sees (hard-coded: the catalogue is checked against these). The
# passage is written in English in every outline ("Exodus 32:30-35") and printed in the language.
EXPECTED = {
    "en": dict(passage="Exodus 32:30–35", questions="Discussion Questions", notes="Notes", speaker="Speaker Notes", worksheet="Worksheet",
               key="Answer Key", page="Page 1 of {pages}", date="March 1, 2026", note="Note: Lea 32:30.",
               timing="4 min · running total 4 of 4 min", audience="[for youth]",
               credit="Scripture quotations: King James Version (KJV), public domain."),
    "es": dict(passage="Éxodo 32:30–35", questions="Preguntas para el diálogo", notes="Notas", speaker="Notas del predicador",
               worksheet="Hoja de estudio", key="Clave de respuestas", page="Página 1 de {pages}",
               date="1 de marzo de 2026", note="Nota: Lea 32:30.", timing="4 min · acumulado 4 de 4 min",
               audience="[para youth]", credit="Citas bíblicas: King James Version (KJV), dominio público."),
    "pt": dict(passage="Êxodo 32:30–35", questions="Perguntas para discussão", notes="Anotações", speaker="Notas do pregador",
               worksheet="Folha de estudo", key="Gabarito", page="Página 1 de {pages}", date="1 de março de 2026",
               note="Nota: Lea 32:30.", timing="4 min · acumulado 4 de 4 min", audience="[para youth]",
               credit="Citações bíblicas: King James Version (KJV), domínio público."),
    "fr": dict(passage="Exode 32.30–35", questions="Questions pour la discussion", notes="Notes", speaker="Notes du prédicateur",
               worksheet="Fiche d’étude", key="Corrigé", page="Page 1 sur {pages}", date="1er mars 2026",
               note="Remarque : Lea 32:30.", timing="4 min · cumul 4 sur 4 min", audience="[pour youth]",
               credit="Citations bibliques : King James Version (KJV), domaine public."),
    "de": dict(passage="2. Mose 32,30–35", questions="Fragen zum Gespräch", notes="Notizen", speaker="Predigernotizen", worksheet="Arbeitsblatt",
               key="Lösungen", page="Seite 1 von {pages}", date="1. März 2026", note="Hinweis: Lea 32:30.",
               timing="4 Min. · bisher 4 von 4 Min.", audience="[für youth]",
               credit="Bibelzitate: King James Version (KJV), gemeinfrei."),
    "ko": dict(passage="출애굽기 32:30–35", questions="나눔 질문", notes="메모", speaker="설교자용 노트", worksheet="성경공부 교재", key="정답",
               page="{pages}쪽 중 1쪽", date="2026년 3월 1일", note="참고: Lea 32:30.",
               timing="4분 · 누적 4분 / 전체 4분", audience="[대상: youth]",
               credit="성경 인용: King James Version (KJV), 퍼블릭 도메인."),
}


SETTINGS = '[audiences.youth]\nlabel = "youth"\n'


def render(folder: Path, name: str, *args: str, out: Path | None = None, settings: Path | None = None) -> Path:
    """``name`` in ``folder`` rendered with the settings there (none: settings with only youth)."""
    out = out or folder / "out"
    settings = settings or folder / "outline-export.toml"
    if not settings.exists():
        settings.write_text(SETTINGS, encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(folder / name), "--config", str(settings), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    assert "(no warnings" in result.stderr, result.stderr
    return out


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every language's small outline, as docx, pdf and md."""
    out = {}
    for code in EXPECTED:
        folder = tmp_path_factory.mktemp(code)
        (folder / "o.yaml").write_text(OUTLINE.format(language=code), encoding="utf-8")
        out[code] = render(folder, "o.yaml", "-f", "docx", "-f", "pdf", "-f", "md")
    return out


def _placeholders(value) -> set[str]:
    if isinstance(value, dict):
        return {f"{k}:{p}" for k, v in value.items() for p in _placeholders(v)}
    if isinstance(value, list):
        return {f"{i}:{p}" for i, v in enumerate(value) for p in _placeholders(v)}
    return {name for _, name, _, _ in string.Formatter().parse(str(value)) if name is not None}


def _shape(table) -> object:
    """The keys of a catalogue, all the way down (a list: its length)."""
    if isinstance(table, dict):
        return {k: _shape(v) for k, v in table.items()}
    return len(table) if isinstance(table, list) else type(table).__name__


@pytest.mark.parametrize("code", [c for c in languages.LANGUAGES if c != "en"])
def test_catalogue_has_exactly_english_keys_and_placeholders(code):
    en, other = languages.catalogue("en"), languages.catalogue(code)
    shape_en = {k: v for k, v in _shape(en).items() if k != "dates"}
    shape = {k: v for k, v in _shape(other).items() if k != "dates"}
    assert shape == shape_en
    assert set(other["dates"]) == set(en["dates"]) and len(other["dates"]["months"]) == 12
    for table in ("words", "controls", "kinds", "translations"):
        for key, value in en[table].items():
            assert _placeholders(other[table][key]) == _placeholders(value), (code, table, key)
    assert _placeholders(other["dates"]["format"]) == {"day", "month", "year"}


def test_six_languages():
    assert set(EXPECTED) <= set(languages.LANGUAGES)


@pytest.mark.parametrize("code", list(EXPECTED))
def test_pdf_labels_date_footer_credit(rendered, code):
    e = EXPECTED[code]
    handout = pdf_pages(rendered[code] / "o-handout.pdf")
    assert handout[0].endswith(e["page"].format(pages=len(handout)))
    text = " ".join(handout)
    for key in ("questions", "notes", "date", "passage"):
        assert e[key] in text, (key, text)
    notes = " ".join(pdf_pages(rendered[code] / "o-notes.pdf"))
    for key in ("speaker", "note", "timing", "audience", "date", "credit"):
        assert e[key] in notes, (key, notes)
    worksheet = " ".join(pdf_pages(rendered[code] / "o-worksheet.pdf"))
    assert e["worksheet"] in worksheet and e["key"] in worksheet
    raw = (rendered[code] / "o-handout.pdf").read_bytes()
    assert f"/Lang ({code})".encode() in raw


@pytest.mark.parametrize("code", list(EXPECTED))
def test_docx_labels_footer_language(rendered, code):
    e = EXPECTED[code]
    path = rendered[code] / "o-handout.docx"
    text = docx_text(path)
    for key in ("questions", "notes", "date", "passage"):
        assert e[key] in text, (key, text)
    with zipfile.ZipFile(path) as z:
        footer = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        styles = z.read("word/styles.xml").decode()
    words = norm(" ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", footer)))
    page = re.sub(r"\d+", "", e["page"].format(pages="")).split()
    assert re.sub(r"\d+", "", words).split() == page  # the numbers are Word fields
    assert f'w:val="{"en-US" if code == "en" else code}"' in styles
    notes = docx_text(rendered[code] / "o-notes.docx")
    for key in ("speaker", "note", "timing", "audience", "credit"):
        assert e[key] in notes, (key, notes)
    worksheet = docx_text(rendered[code] / "o-worksheet.docx")
    assert e["worksheet"] in worksheet and e["key"] in worksheet


@pytest.mark.parametrize("code", list(EXPECTED))
def test_markdown_labels(rendered, code):
    e = EXPECTED[code]
    handout = norm((rendered[code] / "o-handout.md").read_text(encoding="utf-8").replace("\\", ""))
    assert f"# {e['questions']}" in handout and f"# {e['notes']}" in handout
    assert e["date"] in handout and e["passage"] in handout
    notes = norm((rendered[code] / "o-notes.md").read_text(encoding="utf-8"))
    assert e["speaker"] in notes and e["timing"] in notes and e["credit"] in notes


def test_settings_language_is_the_default_and_the_outline_wins(tmp_path):
    (tmp_path / "outline-export.toml").write_text('[defaults]\nlanguage = "de"\n' + SETTINGS, encoding="utf-8")
    (tmp_path / "de.yaml").write_text(OUTLINE.replace("language: {language}\n", ""), encoding="utf-8")
    (tmp_path / "es.yaml").write_text(OUTLINE.format(language="es"), encoding="utf-8")
    out = render(tmp_path, ".", "-f", "md", "-k", "handout")
    de = (out / "de-handout.md").read_text(encoding="utf-8")
    es = (out / "es-handout.md").read_text(encoding="utf-8")
    assert "# Fragen zum Gespräch" in de and "1. März 2026" in de
    assert "# Preguntas para el diálogo" in es and "Fragen" not in es


def test_an_audience_cannot_have_its_own_language(tmp_path):
    """It printed the audience's labels and dates around references read in the library's language
    ("Preguntas para el diálogo" over "Exodus 32:30–35"): refused, saying where language belongs."""
    (tmp_path / "outline-export.toml").write_text(
        '[defaults]\naudiences = ["hispanos"]\n[audiences.hispanos]\nlabel = "Hispanos"\nlanguage = "es"\n',
        encoding="utf-8")
    (tmp_path / "outlines").mkdir()
    (tmp_path / "outlines" / "o.yaml").write_text(OUTLINE.replace("language: {language}\n", ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--config", str(tmp_path / "outline-export.toml"), "-o",
                                       str(tmp_path / "output"), str(tmp_path / "outlines")])
    assert result.exit_code == 1
    assert result.stderr == (f"{tmp_path / 'outline-export.toml'}:5:1: an audience cannot have its own language: an "
                             "outline's references are read in one language for every edition; set language in "
                             "[defaults], or as language: in the outline\n")
    assert not (tmp_path / "output").exists()


def test_slides_and_phone_page_in_spanish(tmp_path):
    (tmp_path / "o.yaml").write_text(OUTLINE.format(language="es"), encoding="utf-8")
    out = render(tmp_path, "o.yaml", "-f", "pptx", "-f", "html", "-k", "handout")
    page = (out / "o-handout.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page
    for words in ("Revisar mis respuestas", "Copiar mis notas", "Preguntas para el diálogo", "1 de marzo de 2026"):
        assert words in page
    assert '"my_notes":"Mis notas"' in page  # the heading of the notes the page copies
    for words in ("Check my answers", "Copy my notes", "Discussion Questions", ':"My notes"'):
        assert words not in page
    from pptx import Presentation

    deck = Presentation(str(out / "o-handout.pptx"))
    assert deck.core_properties.language == "es"
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide)
    shown = " ".join(sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame)
    assert "Mostrar el siguiente: espacio 1: misericordia" in notes
    assert "Preguntas para el diálogo" in shown and "Hoja del sermón" in deck.core_properties.keywords
    assert "Reveal" not in notes and "Discussion" not in shown


def test_slides_continued_heading_in_korean(tmp_path):
    points = "".join(f"      - 요점 {i}번입니다. 조금 긴 문장으로 슬라이드를 채웁니다.\n" for i in range(1, 25))
    (tmp_path / "o.yaml").write_text(
        f"language: ko\ntitle: 제목\nsections:\n  - heading: 첫째\n    points:\n{points}", encoding="utf-8")
    out = render(tmp_path, "o.yaml", "-f", "pptx", "-k", "handout")
    from pptx import Presentation

    shown = [sh.text_frame.text for s in Presentation(str(out / "o-handout.pptx")).slides
             for sh in s.shapes if sh.has_text_frame]
    assert "첫째 (계속)" in shown
    assert not any("continued" in t for t in shown)


# The English words the tool adds, as en.toml spells them: none may appear in a Spanish or
# Korean document ("{...}" placeholders cut the values into the pieces that are printed; a piece
# the language spells the same way, like Spanish "min", is not English only).
def _pieces(code: str) -> set[str]:
    c = languages.catalogue(code)
    values = [*c["words"].values(), *c["controls"].values(), *c["translations"].values(),
              *(v for k in c["kinds"].values() for v in k.values()), *c["dates"]["months"]]
    pieces = {p.strip(" .,:()[]—≈⟶·") for v in values for p in re.split(r"\{[^}]*\}", v)}
    return {p for p in pieces if len(p) > 2}


def _strings(value) -> list[str]:
    """The strings in a JSON value (not its keys)."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _slides_text(path: Path) -> str:
    from pptx import Presentation

    deck = Presentation(str(path))
    shown = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    return " ".join(shown + notes + [deck.core_properties.keywords])


@pytest.mark.parametrize("sample, code", [("moises-intercede.yaml", "es"), ("keun-joe.yaml", "ko")])
def test_samples_carry_no_english_word_the_tool_adds(tmp_path, sample, code):
    english = _pieces("en") - _pieces(code)
    assert {"Speaker Notes", "Discussion Questions", "Page", "March", "running total"} <= english
    render(ROOT / "outlines", sample, "-f", "docx", "-f", "pdf", "-f", "md", "-f", "pptx", "-f", "html", out=tmp_path,
           settings=ROOT / "outline-export.toml")
    stem = sample[:-5]
    texts = {}
    for kind in ("handout", "notes", "worksheet"):
        texts[kind, "pdf"] = " ".join(pdf_pages(tmp_path / f"{stem}-{kind}.pdf"))
        texts[kind, "docx"] = docx_text(tmp_path / f"{stem}-{kind}.docx")
        texts[kind, "md"] = (tmp_path / f"{stem}-{kind}.md").read_text(encoding="utf-8")
    for kind in ("handout", "notes"):  # slides and phone pages are made of these two
        texts[kind, "pptx"] = _slides_text(tmp_path / f"{stem}-{kind}.pptx")
        page = (tmp_path / f"{stem}-{kind}.html").read_text(encoding="utf-8")
        words = re.search(r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', page, re.S)
        texts[kind, "html"] = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", page, flags=re.S) + \
            re.sub(r"\{\w+\}", " ", " ".join(_strings(json.loads(words.group(1)))))  # what its script shows
    assert texts["notes", "pdf"].count(languages.catalogue(code)["kinds"]["notes"]["edition_label"]) >= 1
    for (kind, fmt), text in texts.items():
        found = [w for w in english if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]
        assert not found, (kind, fmt, found)
