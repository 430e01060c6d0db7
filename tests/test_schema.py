"""The JSON Schema from `outline-export schema` accepts every sample outline and rejects bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from outline_export.cli import main

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


def as_editor_sees(text: str):
    # As an editor's YAML 1.2 reader sees it: a date is a string, true is a boolean, 8 a number.
    import datetime

    def fix(v):
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()
        return v

    return fix(yaml.safe_load(text))


def test_there_are_five_samples():
    assert len(SAMPLES) == 5


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_match_the_schema(validator, path):
    errors = list(validator.iter_errors(as_editor_sees(path.read_text(encoding="utf-8"))))
    assert errors == []


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
