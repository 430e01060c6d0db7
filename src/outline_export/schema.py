"""The outline format as JSON Schema (draft 2020-12), built from the loader's own key lists.

Editors (VS Code's YAML extension) use it to complete keys and flag mistakes as the user types.
The schema accepts what the loader accepts, key by key, as far as JSON Schema can say it:

- The schema sees YAML as an editor's YAML 1.2 reader gives it: ``8`` is a number, ``true`` a
  boolean, ``yes`` and ``2026-03-01`` are text (YAML 1.2 has no dates). The loader reads every
  value as the text written, so where it takes text the schema takes a string, a number or a
  boolean (``title: 12``, ``ref: 12``, ``- true``), never null or blank text.
- ``minutes``, ``date`` and ``numbered_sections`` accept exactly the loader's spellings, by pattern:
  minutes as a number in (0, 600] or text like ``7.5`` or ``7:30``; a real calendar date
  ``YYYY-MM-DD``; true/false, yes/no, on/off in any case.
- A quotation whose ``quote:`` is left empty needs ``ref``.

What only the loader checks: references (books, chapters, verses, and a book-less reference's
context), inline markup, ``${variables}``, repeated keys, and the nesting limits.
"""

from __future__ import annotations

from outline_export import loader
from outline_export.languages import LANGUAGES
from outline_export.model import NUMBERING_STYLES

# minutes: a decimal number or minutes:seconds, more than 0 and at most 600 (loader_values.minutes)
_DECIMAL = r"0*(?:[1-9][0-9]?|[1-5][0-9]{2})(?:\.[0-9]+)?|0*600(?:\.0+)?|0+\.[0-9]*[1-9][0-9]*"
_MIN_SEC = r"0*(?:[1-9][0-9]?|[1-5][0-9]{2}):[0-5][0-9]|0*600:00|0+:(?:0[1-9]|[1-5][0-9])"
MINUTES_PATTERN = rf"^\s*(?:{_DECIMAL}|{_MIN_SEC})\s*$"

# date: YYYY-MM-DD that exists in the calendar (loader_values.date: date.fromisoformat)
_MONTH_DAY = r"(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31"
_LEAP_YEAR = r"[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00"
DATE_PATTERN = rf"^\s*(?!0000)(?:[0-9]{{4}}-(?:{_MONTH_DAY})|(?:{_LEAP_YEAR})-02-29)\s*$"

# numbered_sections: loader_values.boolean
BOOLEAN_PATTERN = (
    r"^\s*(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]|[Yy][Ee][Ss]|[Nn][Oo]|[Oo][Nn]|[Oo][Ff][Ff])\s*$"
)
AUDIENCE_PATTERN = r"^\s*[a-z][a-z0-9-]*\s*$"


def outline_schema() -> dict:
    # Text as the loader reads it: any scalar but null or blank (YAML 1.2 reads 12 and true as
    # a number and a boolean; the loader keeps "12" and "true").
    text = {"type": ["string", "number", "boolean"], "pattern": r"\S"}
    paragraphs = {
        "description": "Paragraphs: one string (a blank line separates paragraphs) or a list of strings.",
        "$ref": "#/$defs/paragraphs",
    }
    audience = {
        "description": "Who this is for: a name or a list of names (lowercase words).",
        "oneOf": [
            {"$ref": "#/$defs/audience_name"},
            {"type": "array", "items": {"$ref": "#/$defs/audience_name"}},
        ],
    }
    numbering = {
        "description": "How the points below are labelled; inherited downwards.",
        "enum": list(NUMBERING_STYLES),
    }
    ref = {
        "type": ["string", "number"],
        "pattern": r"\S",
        "exclusiveMinimum": 0,
        "description": "A scripture reference, e.g. 'Exodus 32:11–14', or under a passage '32:11' or '12'. "
                       "Quote a reference that looks like a decimal number ('3.10').",
    }

    def obj(props: dict, keys: tuple[str, ...], required: list[str], description: str, **more) -> dict:
        assert set(props) == set(keys), (set(props) ^ set(keys))
        return {
            "type": "object",
            "description": description,
            "properties": props,
            "required": required,
            "additionalProperties": False,
            **more,
        }

    point = obj(
        {
            "text": {**text, "description": "The point; inline markup allowed."},
            "ref": ref,
            "note": {**paragraphs, "description": "Speaker-only note (not on handouts or worksheets)."},
            "detail": {**paragraphs, "description": "Explanation printed under the point."},
            "points": {"$ref": "#/$defs/points"},
            "audience": audience,
            "numbering": numbering,
        },
        loader.POINT_KEYS,
        ["text"],
        "A point with children, a reference or notes.",
    )
    quote = obj(
        {
            "quote": {
                **text,
                "type": ["string", "number", "boolean", "null"],
                "description": "The words of a scripture quotation; left empty, they are filled from the translation by 'ref'.",
            },
            "ref": ref,
            "translation": {**text, "description": "e.g. KJV, WEB (installed), or any other name when the words are given"},
            "audience": audience,
        },
        loader.QUOTE_KEYS,
        ["quote"],
        "A scripture block quotation.",
        **{"if": {"properties": {"quote": {"type": "null"}}}, "then": {"required": ["quote", "ref"]}},
    )
    section = obj(
        {
            "heading": text,
            "ref": ref,
            "text": {**paragraphs, "description": "Paragraphs before the points."},
            "points": {"$ref": "#/$defs/points"},
            "closing": {**paragraphs, "description": "Paragraphs after the points."},
            "note": {**paragraphs, "description": "Speaker-only note."},
            "minutes": {
                "description": "Planned speaking time in minutes, more than 0 and at most 600: 8, 7.5 or 7:30.",
                "oneOf": [
                    {"type": "number", "exclusiveMinimum": 0, "maximum": 600},
                    {"type": "string", "pattern": MINUTES_PATTERN},
                ],
            },
            "audience": audience,
            "numbering": numbering,
        },
        loader.SECTION_KEYS,
        ["heading"],
        "A headed part of the outline.",
    )
    question = {
        "oneOf": [
            text,
            obj({"text": text, "audience": audience}, loader.QUESTION_KEYS, ["text"], "A question for one audience."),
        ]
    }
    key_verse = obj(
        {"ref": ref, "text": text, "translation": text}, loader.KEY_VERSE_KEYS, ["ref"], "The key verse, quoted."
    )
    root = obj(
        {
            "title": text,
            "subtitle": text,
            "language": {"enum": list(LANGUAGES), "description": "The language the outline is written in: its "
                         "references are read, and every word the tool adds printed, in it."},
            "passage": ref,
            "speaker": text,
            "date": {"type": "string", "pattern": DATE_PATTERN, "description": "A real date, YYYY-MM-DD."},
            "series": text,
            "big_idea": text,
            "key_verse": key_verse,
            "introduction": paragraphs,
            "numbering": numbering,
            "numbered_sections": {
                "description": "Label section headings I., II. (points then start at A.): true or false (yes/no, on/off).",
                "oneOf": [{"type": "boolean"}, {"type": "string", "pattern": BOOLEAN_PATTERN}],
            },
            "sections": {"type": "array", "items": section, "minItems": 1},
            "questions": {"type": "array", "items": question},
            "closing": paragraphs,
        },
        loader.OUTLINE_KEYS,
        ["title", "sections"],
        "A sermon or lesson outline for outline-export.",
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://outline-export.invalid/schema/outline.json",
        "title": "outline-export outline",
        **root,
        "$defs": {
            "audience_name": {"type": "string", "pattern": AUDIENCE_PATTERN},
            "paragraphs": {"oneOf": [text, {"type": "array", "items": {"$ref": "#/$defs/paragraphs"}}]},
            "points": {
                "type": "array",
                "items": {"oneOf": [text, point, quote]},
                "description": "Points, each a string or a mapping with 'text' (or 'quote').",
            },
        },
    }
