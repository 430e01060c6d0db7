"""The outline format as JSON Schema (draft 2020-12), built from the loader's own key lists.

Editors (VS Code's YAML extension) use it to complete keys and flag mistakes as the user types.
The loader stays the authority: it also checks references, markup and dates, which a schema cannot.
"""

from __future__ import annotations

from outline_export import loader
from outline_export.model import NUMBERING_STYLES


def outline_schema() -> dict:
    text = {"type": "string", "minLength": 1}
    paragraphs = {
        "description": "Paragraphs: one string (a blank line separates paragraphs) or a list of strings.",
        "oneOf": [text, {"type": "array", "items": text}],
    }
    audience = {
        "description": "Who this is for: a name or a list of names (lowercase words).",
        "oneOf": [
            {"$ref": "#/$defs/audience_name"},
            {"type": "array", "items": {"$ref": "#/$defs/audience_name"}, "minItems": 1},
        ],
    }
    numbering = {
        "description": "How the points below are labelled; inherited downwards.",
        "enum": list(NUMBERING_STYLES),
    }
    ref = {"type": "string", "minLength": 1, "description": "A scripture reference, e.g. 'Exodus 32:11–14'."}

    def obj(props: dict, keys: tuple[str, ...], required: list[str], description: str) -> dict:
        assert set(props) == set(keys), (set(props) ^ set(keys))
        return {
            "type": "object",
            "description": description,
            "properties": props,
            "required": required,
            "additionalProperties": False,
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
                "description": "The words of a scripture quotation; left empty, they are filled from the translation by 'ref'.",
                "oneOf": [text, {"type": "null"}],
            },
            "ref": ref,
            "translation": {**text, "description": "e.g. KJV, WEB, BSB"},
            "audience": audience,
        },
        loader.QUOTE_KEYS,
        ["quote"],
        "A scripture block quotation.",
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
                "description": "Planned speaking time in minutes (8, 7.5 or 7:30).",
                "oneOf": [
                    {"type": "number", "exclusiveMinimum": 0, "maximum": 600},
                    {"type": "string", "pattern": r"^\d+(\.\d+)?$|^\d+:[0-5]\d$"},
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
            "passage": ref,
            "speaker": text,
            "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"},
            "series": text,
            "big_idea": text,
            "key_verse": key_verse,
            "introduction": paragraphs,
            "numbering": numbering,
            "numbered_sections": {"type": "boolean", "description": "Label section headings I., II. (points then start at A.)."},
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
            "audience_name": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
            "points": {
                "type": "array",
                "items": {"oneOf": [text, point, quote]},
                "description": "Points, each a string or a mapping with 'text' (or 'quote').",
            },
        },
    }
