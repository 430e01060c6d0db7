"""The JSON Schema from `outline-export schema` and the validator agree, key by key.

The schema sees what an editor's YAML 1.2 reader gives (``8`` a number, ``true`` a boolean,
``2026-03-01`` and ``yes`` text); the loader reads the text as written. Each small outline below
goes through both, and both must say the same: valid or not.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from outline_export.cli import main
from outline_export.errors import OutlineError
from outline_export.loader import load_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "outlines").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


# ---------------------------------------------------------------------------------------------
# YAML as an editor reads it: YAML 1.2 core schema (yaml-language-server, most JSON tooling)

_NULL = re.compile(r"(?:~|null|Null|NULL|)\Z")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")


def _yaml12(node):
    if isinstance(node, yaml.MappingNode):
        return {str(_yaml12(k)): _yaml12(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_yaml12(v) for v in node.value]
    v = node.value
    if node.style:  # quoted or a block scalar: always text
        return v
    if _NULL.match(v):
        return None
    if v in _BOOL:
        return _BOOL[v]
    if _INT.match(v):
        return int(v)
    if re.fullmatch(r"0o[0-7]+", v):
        return int(v[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", v):
        return int(v[2:], 16)
    if _FLOAT.match(v):
        return float(v)
    return v


def as_editor_sees(text: str):
    return _yaml12(yaml.compose(text))


def as_safe_load_sees(text: str):
    """yaml.safe_load (YAML 1.1), with its date objects written as ISO text, as json.dumps(default=str) would."""

    def fix(v):
        if isinstance(v, dict):
            return {str(k): fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        return v

    return fix(yaml.safe_load(text))


def loader_accepts(text: str) -> bool:
    try:
        load_text(text, "F")
    except OutlineError as e:
        return not any(p.is_error for p in e.problems)
    return True


def schema_accepts(validator, data) -> bool:
    return not list(validator.iter_errors(data))


# ---------------------------------------------------------------------------------------------
# samples


def test_there_are_seven_samples():
    assert len(SAMPLES) == 7  # five in English, one in Spanish, one in Korean


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_match_the_schema(validator, path):
    text = path.read_text(encoding="utf-8")
    assert list(validator.iter_errors(as_editor_sees(text))) == []
    assert list(validator.iter_errors(as_safe_load_sees(text))) == []


# ---------------------------------------------------------------------------------------------
# the schema and the loader agree

HEAD = "title: T\npassage: John 3\n"


def root(extra: str) -> str:
    """An outline with ``extra`` lines at the top level."""
    return HEAD + extra + "\nsections:\n  - heading: H\n"


def section(extra: str) -> str:
    """An outline whose one section has ``extra`` lines (indented 4)."""
    lines = "".join(f"    {line}\n" for line in extra.splitlines())
    return HEAD + "sections:\n  - heading: H\n" + lines


def points(*items: str) -> str:
    """An outline whose one section has these point items (YAML flow or block, indented 6)."""
    body = "".join("      - " + item.replace("\n", "\n        ") + "\n" for item in items)
    return HEAD + "sections:\n  - heading: H\n    points:\n" + body


CASES = [
    # references: text or a number (under a passage, '12' is verse 12 of John 3)
    ("ref: 12", section("ref: 12"), True),
    ("ref: 16", points("text: p\nref: 16"), True),
    ("ref: 3.16", section("ref: 3.16"), True),
    ("ref: John 3:16", section("ref: John 3:16"), True),
    ("ref: true", section("ref: true"), False),
    ("ref: empty text", section('ref: ""'), False),
    ("ref: null", section("ref:"), False),
    ("ref: a list", section("ref: [John 3:16]"), False),
    ("key_verse ref: 16", root("key_verse: {ref: 16}"), True),
    ("key_verse text: 12", root("key_verse: {ref: John 3:16, text: 12}"), True),
    ("key_verse without ref", root("key_verse: {text: words}"), False),
    # language: one of the catalogues', nothing else
    ("language: es", root("language: es"), True),
    ("language: xx", root("language: xx"), False),
    ("language: a list", root("language: [es]"), False),
    # minutes
    ("minutes: 8", section("minutes: 8"), True),
    ("minutes: 7.5", section("minutes: 7.5"), True),
    ("minutes: 7:30", section("minutes: 7:30"), True),
    ("minutes: 10:30", section("minutes: 10:30"), True),
    ("minutes: 0:30", section("minutes: 0:30"), True),
    ("minutes: '00:30'", section('minutes: "00:30"'), True),
    ("minutes: '8'", section('minutes: "8"'), True),
    ("minutes: ' 8 '", section('minutes: " 8 "'), True),
    ("minutes: 0.5", section("minutes: 0.5"), True),
    ("minutes: 599.99", section("minutes: 599.99"), True),
    ("minutes: 600", section("minutes: 600"), True),
    ("minutes: 600:00", section("minutes: 600:00"), True),
    ("minutes: 0", section("minutes: 0"), False),
    ("minutes: 0:00", section("minutes: 0:00"), False),
    ("minutes: 601", section("minutes: 601"), False),
    ("minutes: '600.5'", section('minutes: "600.5"'), False),
    ("minutes: 600:01", section("minutes: 600:01"), False),
    ("minutes: 7:60", section("minutes: 7:60"), False),
    ("minutes: -1", section("minutes: -1"), False),
    ("minutes: eight", section("minutes: eight"), False),
    ("minutes: true", section("minutes: true"), False),
    ("minutes on a point", points("text: p\nminutes: 3"), False),
    # date
    ("date: 2026-03-01", root("date: 2026-03-01"), True),
    ("date: '2026-03-01'", root('date: "2026-03-01"'), True),
    ("date: 2024-02-29", root("date: 2024-02-29"), True),
    ("date: 2000-02-29", root("date: 2000-02-29"), True),
    ("date: 2026-01-31", root("date: 2026-01-31"), True),
    ("date: 2026-02-29", root("date: 2026-02-29"), False),
    ("date: 1900-02-29", root("date: 1900-02-29"), False),
    ("date: 2026-04-31", root("date: 2026-04-31"), False),
    ("date: 2026-13-01", root("date: 2026-13-01"), False),
    ("date: 0000-01-01", root("date: 0000-01-01"), False),
    ("date: 2026-3-1", root("date: 2026-3-1"), False),
    ("date: 20260301", root("date: 20260301"), False),
    ("date: March 1", root("date: March 1"), False),
    # numbered_sections
    ("numbered_sections: true", root("numbered_sections: true"), True),
    ("numbered_sections: False", root("numbered_sections: False"), True),
    ("numbered_sections: yes", root("numbered_sections: yes"), True),
    ("numbered_sections: no", root("numbered_sections: no"), True),
    ("numbered_sections: On", root("numbered_sections: On"), True),
    ("numbered_sections: OFF", root("numbered_sections: OFF"), True),
    ("numbered_sections: ' Yes '", root('numbered_sections: " Yes "'), True),
    ("numbered_sections: maybe", root("numbered_sections: maybe"), False),
    ("numbered_sections: 1", root("numbered_sections: 1"), False),
    ("numbered_sections: empty text", root('numbered_sections: ""'), False),
    # numbering
    ("numbering: decimal", root("numbering: decimal"), True),
    ("numbering: roman", root("numbering: roman"), False),
    ("numbering: ' outline'", root('numbering: " outline"'), False),
    ("numbering: 1", section("numbering: 1"), False),
    # audience
    ("audience: youth", section("audience: youth"), True),
    ("audience: [youth, small-groups]", section("audience: [youth, small-groups]"), True),
    ("audience: ' youth '", section('audience: " youth "'), True),
    ("audience: []", section("audience: []"), True),
    ("audience: Youth Group", section("audience: Youth Group"), False),
    ("audience: youth group", section("audience: youth group"), False),
    ("audience: 12", section("audience: 12"), False),
    ("audience: [youth, 12]", section("audience: [youth, 12]"), False),
    ("audience: a mapping", section("audience: {youth: yes}"), False),
    ("audience on a question", root("questions: [{text: q, audience: youth}]"), True),
    # text: whatever YAML reads, kept as written
    ("title: 12", "title: 12\nsections:\n  - heading: H\n", True),
    ("title: true", "title: true\nsections:\n  - heading: H\n", True),
    ("title: 2026-03-01", "title: 2026-03-01\nsections:\n  - heading: H\n", True),
    ("title: null", "title:\nsections:\n  - heading: H\n", False),
    ("title: a list", "title: [a]\nsections:\n  - heading: H\n", False),
    ("no title", "sections:\n  - heading: H\n", False),
    ("speaker: 12", root("speaker: 12"), True),
    ("translation: NIV", points("quote: words\ntranslation: NIV"), True),
    ("heading: 1.5", HEAD + "sections:\n  - heading: 1.5\n", True),
    ("heading: null", HEAD + "sections:\n  - heading:\n", False),
    ("point: 12", points("12"), True),
    ("point: true", points("true"), True),
    ("point: null", points("~"), False),
    ("point: a list", points("[a, b]"), False),
    ("point without text", points("ref: 16"), False),
    ("point with an unknown key", points("text: p\nheding: x"), False),
    ("point with children", points("text: p\npoints: [a, 12]"), True),
    ("points: []", section("points: []"), True),
    ("points: null", section("points:"), False),
    # quotations
    ("quote: words", points("quote: words"), True),
    ("quote: ~ with ref", points("quote:\nref: 16"), True),
    ("quote: ~ without ref", points("quote:"), False),
    ("quote and text", points("quote: a\ntext: b"), False),
    ("quote: 12", points("quote: 12"), True),
    # paragraphs
    ("introduction: text", root("introduction: Some words."), True),
    ("introduction: a list", root("introduction: [a, b]"), True),
    ("introduction: a nested list", root("introduction: [[a, b], c]"), True),
    ("introduction: []", root("introduction: []"), True),
    ("introduction: a mapping", root("introduction: {a: b}"), False),
    ("note: [a, null]", section("note: [a, null]"), False),
    ("note: 12", section("note: 12"), True),
    # questions and sections
    ("questions: [12]", root("questions: [12]"), True),
    ("questions: []", root("questions: []"), True),
    ("questions: null", root("questions:"), False),
    ("question with an unknown key", root("questions: [{text: q, extra: x}]"), False),
    ("question without text", root("questions: [{audience: youth}]"), False),
    ("sections: []", HEAD + "sections: []\n", False),
    ("sections: a mapping", HEAD + "sections: {heading: H}\n", False),
    ("section: text", HEAD + "sections: [H]\n", False),
    ("unknown top-level key", root("speeker: Sam"), False),
    ("top level a list", "- title: T\n", False),
]

# Blank text and yes-or-no audiences: once accepted by the loader alone, now refused by both.
BLANKS_AND_BOOLEANS = [
    ("title: blank text", 'title: ""\nsections:\n  - heading: H\n', False),
    ("heading: blank text", HEAD + 'sections:\n  - heading: "  "\n', False),
    ("point: blank text", points('""'), False),
    ("question: blank text", root('questions: [""]'), False),
    ("quote: blank text", points('quote: ""'), False),
    ("audience: true", section("audience: true"), False),
    ("audience: null", section("audience: null"), False),
]

# yaml.safe_load reads YAML 1.1, where 10:30 is 630 (base 60), so a tool that
# validates safe_load's data disagrees with the loader on these. Editors read YAML 1.2.
YAML11_DIFFERS = {"minutes: 10:30", "minutes: 600:00"}


def case_params(cases, **marks):
    return [pytest.param(text, expected, id=name, **marks) for name, text, expected in cases]


@pytest.mark.parametrize("text, expected", case_params(CASES))
def test_schema_and_loader_agree(validator, text, expected):
    assert (loader_accepts(text), schema_accepts(validator, as_editor_sees(text))) == (expected, expected)


@pytest.mark.parametrize(
    "text, expected",
    case_params(BLANKS_AND_BOOLEANS),
)
def test_schema_and_loader_agree_on_blank_text_and_yes_no_audiences(validator, text, expected):
    assert (loader_accepts(text), schema_accepts(validator, as_editor_sees(text))) == (expected, expected)


@pytest.mark.parametrize("text, expected", case_params(CASES))
def test_schema_on_yaml11_data(validator, request, text, expected):
    name = request.node.callspec.id
    try:
        data = as_safe_load_sees(text)
    except ValueError:  # safe_load itself fails on a date that does not exist (2026-02-29)
        assert not expected
        return
    assert schema_accepts(validator, data) == (expected != (name in YAML11_DIFFERS))


def test_every_key_is_tried():
    from outline_export import loader

    tried = "\n".join(text for _, text, _ in CASES)
    keys = set(loader.OUTLINE_KEYS + loader.SECTION_KEYS + loader.POINT_KEYS + loader.QUOTE_KEYS
               + loader.KEY_VERSE_KEYS + loader.QUESTION_KEYS)
    missing = {k for k in keys if not re.search(rf"(?<![a-z_]){k}:", tried)}
    assert missing <= {"subtitle", "series", "big_idea", "closing", "detail"}, missing  # plain text, like title


@pytest.mark.parametrize(
    "text, why",
    [
        ("subtitle: x\nsections: [{heading: a}]\n", "'title' is a required property"),
        ("title: x\nsections: []\n", "should be non-empty"),
        ("title: x\nsections: [{heding: a}]\n", "Additional properties are not allowed"),
        ("title: x\nnumbering: roman\nsections: [{heading: a}]\n", "is not one of"),
        ("title: x\nsections: [{heading: a, points: [{ref: 'Ex 1:1'}]}]\n", "is not valid under any of the given schemas"),
        ("title: x\nsections: [{heading: a, audience: Youth Group}]\n", "is not valid under any of the given schemas"),
        ("title: x\ndate: March 1\nsections: [{heading: a}]\n", "does not match"),
    ],
)
def test_schema_rejects_bad_outlines(validator, text, why):
    messages = [e.message for e in validator.iter_errors(as_editor_sees(text))]
    assert messages, text
    assert any(why in m for m in messages), messages


def _loader_date(text: str) -> bool:
    from outline_export.loader_values import _DATE

    text = text.strip()
    try:
        return bool(_DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _loader_minutes(text: str) -> bool:
    from outline_export.loader_values import _MINUTES

    m = _MINUTES.match(text.strip())
    if not m:
        return False
    value = float(m.group(1)) if m.group(1) else int(m.group(2)) + int(m.group(3)) / 60
    return 0 < value <= 600


def test_date_pattern_is_the_loaders_rule():
    from outline_export.schema import DATE_PATTERN

    texts = [f"{y}-{m:02d}-{d:02d}" for y in ("0000", "0001", "0004", "0100", "1900", "2000", "2024", "2026", "9999")
             for m in range(0, 14) for d in range(0, 33)]
    texts += ["2026-3-01", "2026-03-1", "26-03-01", " 2026-03-01 ", "2026-03-01x", "2026/03/01", "x2026-03-01"]
    for text in texts:
        assert bool(re.search(DATE_PATTERN, text)) == _loader_date(text), text


def test_minutes_pattern_is_the_loaders_rule():
    from outline_export.schema import MINUTES_PATTERN

    texts = [str(n) for n in range(0, 1000)] + [f"0{n}" for n in (0, 5, 60, 600, 601)]
    texts += [f"{n}.{f}" for n in (0, 1, 59, 599, 600, 601) for f in ("0", "00", "5", "05", "001", "999")]
    texts += [f"{m}:{s}" for m in ("0", "00", "1", "7", "59", "599", "600", "601", "0600") for s in ("00", "01", "30", "59", "60", "5", "000")]
    texts += ["", " ", ".5", "5.", "1e2", "-1", "+5", "7:30:00", " 7:30 ", "7 :30", "eight", "7,5"]
    for text in texts:
        assert bool(re.search(MINUTES_PATTERN, text)) == _loader_minutes(text), text
